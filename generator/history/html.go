package history

import (
	"strings"
	"unicode"
)

// HTML marks what changed between two renderings of a module body, old
// and cur, both HTML as rounds renders it (every '<' in text escaped):
// it returns cur with inserted words inside <ins> and deleted words, at
// the place they stood, inside <del>. Tags are never inside either: an
// <ins> or <del> closes before a tag, so the result nests as cur does.
// Tags only in old are left out; a <script> or <style> element is one
// unit, never marked inside. Deleted text is old's, already escaped.
func HTML(old, cur string) string {
	ta, tb := htmlTokens(old), htmlTokens(cur)
	pre := 0
	for pre < len(ta) && pre < len(tb) && ta[pre] == tb[pre] {
		pre++
	}
	suf := 0
	for suf < len(ta)-pre && suf < len(tb)-pre && ta[len(ta)-1-suf] == tb[len(tb)-1-suf] {
		suf++
	}
	var b strings.Builder
	open := byte(0) // '+' inside <ins>, '-' inside <del>, 0 outside
	closeMark := func() {
		switch open {
		case '+':
			b.WriteString("</ins>")
		case '-':
			b.WriteString("</del>")
		}
		open = 0
	}
	emit := func(kind byte, tok string) {
		isTag := strings.HasPrefix(tok, "<")
		space := strings.TrimFunc(tok, unicode.IsSpace) == ""
		switch {
		case isTag && kind == '-':
			// A tag only the old rendering had: its text still shows as
			// deleted, where it stood.
		case isTag:
			closeMark()
			b.WriteString(tok)
		case kind == '=':
			closeMark()
			b.WriteString(tok)
		case space && open != kind:
			// A space alone opens nothing: inserted, it is written
			// plainly; deleted, it is dropped.
			if kind == '+' {
				closeMark()
				b.WriteString(tok)
			}
		default:
			if open != kind {
				closeMark()
				if kind == '+' {
					b.WriteString("<ins>")
				} else {
					b.WriteString("<del>")
				}
				open = kind
			}
			b.WriteString(tok)
		}
	}
	for _, t := range tb[:pre] {
		emit('=', t)
	}
	for _, o := range myers(ta[pre:len(ta)-suf], tb[pre:len(tb)-suf]) {
		// One token each, except when the diff gave up and returned the
		// middle whole: split it again.
		for _, t := range htmlTokens(o.Text) {
			emit(o.Kind, t)
		}
	}
	for _, t := range tb[len(tb)-suf:] {
		emit('=', t)
	}
	closeMark()
	return b.String()
}

// htmlTokens splits HTML into tags, words and runs of space; a script or
// style element is one token.
func htmlTokens(s string) []string {
	var out []string
	for len(s) > 0 {
		if s[0] == '<' {
			end := strings.IndexByte(s, '>')
			if end < 0 {
				end = len(s) - 1
			}
			tag := s[:end+1]
			lower := strings.ToLower(tag)
			for _, raw := range []string{"script", "style"} {
				if strings.HasPrefix(lower, "<"+raw) && (len(lower) == len(raw)+1 || !isNameByte(lower[len(raw)+1])) {
					if i := strings.Index(strings.ToLower(s), "</"+raw); i >= 0 {
						if j := strings.IndexByte(s[i:], '>'); j >= 0 {
							tag = s[:i+j+1]
						}
					}
				}
			}
			out = append(out, tag)
			s = s[len(tag):]
			continue
		}
		end := strings.IndexByte(s, '<')
		if end < 0 {
			end = len(s)
		}
		out = append(out, tokens(s[:end])...)
		s = s[end:]
	}
	return out
}

func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-'
}
