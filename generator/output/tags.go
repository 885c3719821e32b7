package output

import (
	"bytes"

	nethtml "golang.org/x/net/html"
)

// attr is one attribute of a start tag: its key lower-cased, its value
// unescaped, as golang.org/x/net/html's tokenizer gives them.
type attr struct{ key, val string }

// startTags calls fn with the name (lower-cased) and attributes of every
// start tag of page, as golang.org/x/net/html's tokenizer finds them, and
// reports true. It reports false, part way, for a page with a construct it
// leaves to that tokenizer: a comment or a <! other than a doctype, a <?,
// a </ that opens no tag, a script that holds "<!--" (whose end the HTML
// spec finds by byzantine rules), a <plaintext>, or a NUL byte; the caller
// then throws away what fn was given and asks x/net/html.
//
// It exists for speed: it jumps from '<' to '<' with bytes.IndexByte where
// the tokenizer reads the page a byte at a time, which was a tenth of a
// build's time. Its rules are x/net/html's (token.go: Next, readTag,
// readTagName, readTagAttrKey, readTagAttrVal, readRawOrRCDATA, readDoctype);
// FuzzStartTags holds the two to the same answers.
func startTags(page []byte, fn func(name string, attrs []attr)) bool {
	if bytes.IndexByte(page, 0) >= 0 {
		return false
	}
	var t tagReader
	i := 0
	for {
		lt := bytes.IndexByte(page[i:], '<')
		if lt < 0 || i+lt+1 >= len(page) {
			return true // text to the end
		}
		i += lt + 1
		switch c := page[i]; {
		case isLetter(c):
			end, ok := t.read(page, i)
			if !ok {
				return true // the page ends inside a tag: x/net/html stops there too
			}
			fn(lowerString(t.name), t.attrs(page[i-1:end]))
			i = end
			if raw := rawText(t.name); raw != "" {
				if raw == "plaintext" {
					return false
				}
				stop, ok := rawEnd(page[i:], raw)
				if !ok {
					return false
				}
				i += stop
			}
		case c == '/':
			if i+1 >= len(page) {
				return true
			}
			if !isLetter(page[i+1]) {
				return false
			}
			end, ok := t.read(page, i+1)
			if !ok {
				return true
			}
			i = end
		case c == '!':
			if i+8 > len(page) || !equalFold(page[i+1:i+8], "doctype") {
				return false
			}
			gt := bytes.IndexByte(page[i:], '>')
			if gt < 0 {
				return true
			}
			i += gt + 1
		case c == '?':
			return false
		}
	}
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' }

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func lowerString(b []byte) string {
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = lower(c)
	}
	return string(out)
}

// equalFold compares ASCII case-insensitively (no Unicode folding: to the
// tokenizer, "ſcript" is not "script").
func equalFold(b []byte, lowerS string) bool {
	if len(b) != len(lowerS) {
		return false
	}
	for i := range b {
		if lower(b[i]) != lowerS[i] {
			return false
		}
	}
	return true
}

// rawText names the element whose content is text up to its end tag, or "".
func rawText(name []byte) string {
	for _, n := range [...]string{"iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp"} {
		if equalFold(name, n) {
			return n
		}
	}
	return ""
}

// rawEnd returns where the raw text of element tag ends in b: at its end
// tag "</tag" followed by a space, '/' or '>', or at the end of b. ok is
// false for a script that holds "<!--" before its end.
func rawEnd(b []byte, tag string) (int, bool) {
	escape := len(b) // where a script's "<!--" is
	if tag == "script" {
		if e := bytes.Index(b, []byte("<!--")); e >= 0 {
			escape = e
		}
	}
	i := 0
	for {
		lt := bytes.Index(b[i:], []byte("</"))
		if lt < 0 {
			return len(b), escape == len(b)
		}
		at := i + lt
		if escape < at {
			return 0, false
		}
		j := at + 2 + len(tag)
		if j < len(b) && equalFold(b[at+2:j], tag) {
			if c := b[j]; isSpace(c) || c == '/' || c == '>' {
				return at, true
			}
		}
		i = at + 1
	}
}

// tagReader reads tags, keeping the spans of the last one's name and
// attributes.
type tagReader struct {
	page  []byte
	name  []byte
	spans [][4]int // key start, key end, value start, value end
	out   []attr
}

// read reads a tag from the first byte of its name at i, as x/net/html's
// readTag does, and returns the index after its '>'. ok is false when the
// page ends inside the tag.
func (t *tagReader) read(b []byte, i int) (end int, ok bool) {
	n := len(b)
	t.page, t.spans = b, t.spans[:0]
	start := i
	for i < n && !isSpace(b[i]) && b[i] != '/' && b[i] != '>' {
		i++
	}
	if i >= n {
		return 0, false
	}
	t.name = b[start:i]
	for i = skipSpace(b, i); ; i = skipSpace(b, i) {
		if i >= n {
			return 0, false
		}
		if b[i] == '>' {
			return i + 1, true
		}
		// The key: an '=' that starts it is part of it; a '/' makes an
		// empty key, which the tokenizer drops.
		k := i
		for i < n {
			if c := b[i]; (c == '=' && i > k) || isSpace(c) || c == '/' || c == '>' {
				break
			}
			i++
		}
		span := [4]int{k, i, i, i}
		if i = skipSpace(b, i); i >= n {
			return 0, false
		}
		switch b[i] {
		case '/':
			i++
		case '=':
			if i = skipSpace(b, i+1); i >= n {
				return 0, false
			}
			switch q := b[i]; q {
			case '>':
			case '"', '\'':
				e := bytes.IndexByte(b[i+1:], q)
				if e < 0 {
					return 0, false
				}
				span[2], span[3] = i+1, i+1+e
				i += e + 2
			default:
				v := i
				for i < n && !isSpace(b[i]) && b[i] != '>' {
					i++
				}
				span[2], span[3] = v, i
			}
		}
		if span[1] > span[0] {
			t.spans = append(t.spans, span)
		}
	}
}

// attrs returns the last tag's attributes: each key once, the first time
// it appears. raw is the tag from '<' to '>' in the page read. A tag with an entity or a
// carriage return, which x/net/html decodes by rules of its own, is read
// by x/net/html itself (the tag alone: a tag ends at its '>' whatever
// follows).
func (t *tagReader) attrs(raw []byte) []attr {
	t.out = t.out[:0]
	if bytes.IndexByte(raw, '&') >= 0 || bytes.IndexByte(raw, '\r') >= 0 {
		z := nethtml.NewTokenizer(bytes.NewReader(raw))
		z.Next()
		_, more := z.TagName()
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			t.out = append(t.out, attr{string(k), string(v)})
		}
		return t.out
	}
	for _, s := range t.spans {
		key := lowerString(t.page[s[0]:s[1]])
		seen := false
		for _, a := range t.out {
			if a.key == key {
				seen = true
				break
			}
		}
		if !seen {
			t.out = append(t.out, attr{key, string(t.page[s[2]:s[3]])})
		}
	}
	return t.out
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}
