package card

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a piece of card text in one weight.
type Span struct {
	Text   string
	Strong bool
}

// maxInlineDepth bounds nested emphasis, links and the like: a card title
// needs two levels, and pathological input must not recurse without end.
const maxInlineDepth = 8

// Inline reads a title, summary, question stem or choice written in inline
// Markdown as a card draws it: code spans without their backticks,
// emphasis and strong emphasis as bold, links and images as their text,
// citations ([@evans2021], [see @a, p. 4; @b]) dropped with the space
// before them, backslash escapes resolved. A backtick that opens no code
// span is dropped too: a card never shows Markdown syntax. It never fails.
func Inline(md string) []Span {
	var out []Span
	inline(md, false, 0, &out)
	return out
}

// PlainText is Inline without the weights: the text a card shows, for alt
// text and post texts.
func PlainText(md string) string {
	var b strings.Builder
	for _, s := range Inline(md) {
		b.WriteString(s.Text)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func emit(out *[]Span, text string, strong bool) {
	if text == "" {
		return
	}
	if n := len(*out); n > 0 && (*out)[n-1].Strong == strong {
		(*out)[n-1].Text += text
		return
	}
	*out = append(*out, Span{Text: text, Strong: strong})
}

// trimTrailingSpace removes the space before a dropped citation
// ("sepsis [@a]." reads "sepsis.").
func trimTrailingSpace(out *[]Span) {
	if n := len(*out); n > 0 {
		(*out)[n-1].Text = strings.TrimRightFunc((*out)[n-1].Text, unicode.IsSpace)
		if (*out)[n-1].Text == "" {
			*out = (*out)[:n-1]
		}
	}
}

func inline(s string, strong bool, depth int, out *[]Span) {
	if depth > maxInlineDepth {
		emit(out, s, strong)
		return
	}
	var lit strings.Builder
	flush := func() {
		emit(out, lit.String(), strong)
		lit.Reset()
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			lit.WriteByte(s[i+1])
			i += 2
			continue
		case c == '`':
			n := runLen(s, i, '`')
			if end := findCodeClose(s, i+n, n); end >= 0 {
				code := s[i+n : end]
				if len(code) > 2 && code[0] == ' ' && code[len(code)-1] == ' ' && strings.Trim(code, " ") != "" {
					code = code[1 : len(code)-1]
				}
				lit.WriteString(code)
				i = end + n
			} else {
				i += n // an unmatched backtick: dropped, never drawn
			}
			continue
		case c == '[' || (c == '!' && i+1 < len(s) && s[i+1] == '['):
			open := i
			if c == '!' {
				open++
			}
			close := matchBracket(s, open)
			if close < 0 {
				break
			}
			inner := s[open+1 : close]
			if close+1 < len(s) && s[close+1] == '(' {
				if end := matchParen(s, close+1); end >= 0 {
					flush()
					inline(inner, strong, depth+1, out)
					i = end + 1
					continue
				}
			}
			if c == '[' && isCitation(inner) {
				flush()
				trimTrailingSpace(out)
				i = close + 1
				continue
			}
		case c == '*' || c == '_' || c == '~':
			n := runLen(s, i, c)
			if c == '~' && n != 2 {
				break
			}
			if end := findEmphClose(s, i, n, c); end >= 0 {
				flush()
				inline(s[i+n:end], strong || c != '~', depth+1, out)
				i = end + n
				continue
			}
			lit.WriteString(s[i : i+n])
			i += n
			continue
		case c == '<':
			if end := strings.IndexByte(s[i:], '>'); end > 0 {
				inner := s[i+1 : i+end]
				if strings.HasPrefix(inner, "http://") || strings.HasPrefix(inner, "https://") || strings.HasPrefix(inner, "mailto:") {
					lit.WriteString(strings.TrimPrefix(inner, "mailto:"))
					i += end + 1
					continue
				}
			}
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		lit.WriteString(s[i : i+size])
		i += size
	}
	flush()
}

func isASCIIPunct(c byte) bool {
	return c < 0x80 && unicode.IsPunct(rune(c)) || strings.IndexByte("$+<=>^`|~", c) >= 0
}

func runLen(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// findCodeClose finds a backtick run of exactly n from i on.
func findCodeClose(s string, i, n int) int {
	for i < len(s) {
		j := strings.IndexByte(s[i:], '`')
		if j < 0 {
			return -1
		}
		j += i
		m := runLen(s, j, '`')
		if m == n {
			return j
		}
		i = j + m
	}
	return -1
}

// findEmphClose finds the delimiter run that closes the one of length n at
// i: the same character and length, right-flanking, with something between.
// The opener must be left-flanking, and "_" does not open or close inside a
// word (snake_case stays as it is), as CommonMark says.
func findEmphClose(s string, i, n int, c byte) int {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i+n:])
	if i+n >= len(s) || unicode.IsSpace(after) {
		return -1
	}
	if c == '_' && i > 0 && (unicode.IsLetter(before) || unicode.IsDigit(before)) {
		return -1
	}
	for j := i + n + 1; j < len(s); j++ {
		if s[j] == '\\' {
			j++
			continue
		}
		if s[j] == '`' {
			// a code span inside emphasis is skipped whole
			m := runLen(s, j, '`')
			if end := findCodeClose(s, j+m, m); end >= 0 {
				j = end + m - 1
				continue
			}
		}
		if s[j] != c {
			continue
		}
		m := runLen(s, j, c)
		prev, _ := utf8.DecodeLastRuneInString(s[:j])
		next, _ := utf8.DecodeRuneInString(s[j+m:])
		rightFlank := !unicode.IsSpace(prev)
		if m == n && rightFlank && !(c == '_' && j+m < len(s) && (unicode.IsLetter(next) || unicode.IsDigit(next))) {
			return j
		}
		j += m - 1
	}
	return -1
}

// matchBracket is the index of the "]" that closes the "[" at i, or -1.
func matchBracket(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

func matchParen(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// isCitation reports whether the text between brackets is a Pandoc-style
// citation: an "@" that starts a word (or follows "-" for author-suppressed
// citations) and is followed by a key character. "[a@b.org]" is not one.
func isCitation(inner string) bool {
	for j := 0; j < len(inner); j++ {
		if inner[j] != '@' || j+1 >= len(inner) {
			continue
		}
		k := inner[j+1]
		if !(k == '_' || k >= '0' && k <= '9' || k >= 'a' && k <= 'z' || k >= 'A' && k <= 'Z') {
			continue
		}
		if j == 0 || inner[j-1] == ' ' || inner[j-1] == ';' || inner[j-1] == '-' {
			return true
		}
	}
	return false
}
