package content

import (
	"bytes"
	"sort"
)

// MaxCitations caps the citation keys of a module's body, as MaxLinks
// caps its links: a module of a few minutes' reading cites tens of works,
// and the renderer's cost grows with each (200,000 in 1 MB took 190 MB to
// render in the dev server's preview).
const MaxCitations = 5000

// Cite is one citation key in a module's body: [@evans2021].
type Cite struct {
	Key     string
	Locator string // "p. 12" in [@a, p. 12]
	Offset  int    // of the '@', relative to the body
}

// ScanCitations finds every [@key] and [@a; @b, p. 12] in a Markdown body,
// outside code. It is the light scanner that the gate and the digest need;
// the Markdown renderer turns the same syntax into links.
//
// The body is read a paragraph at a time (lines up to a blank line, a
// fence or a heading), because a code span may go on over several lines of
// a paragraph and a citation inside one is not rendered as a citation.
func ScanCitations(body []byte) []Cite {
	// Sized once: appending 200,000 citations to a growing slice
	// allocated five times their size.
	out := make([]Cite, 0, bytes.Count(body, []byte("[@")))
	inFence := false
	var fence []byte
	para := -1 // start of the paragraph being read, -1 outside one
	flush := func(end int) {
		if para >= 0 {
			out = scanParagraph(body[para:end], para, out)
			para = -1
		}
	}
	off := 0
	for off < len(body) {
		end := bytes.IndexByte(body[off:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += off + 1
		}
		line := body[off:end]
		trimmed := bytes.TrimLeft(line, " ")
		indent := len(line) - len(trimmed)
		switch f := fenceOf(trimmed); {
		case f != nil && indent < 4:
			flush(off)
			switch {
			case !inFence:
				inFence, fence = true, f
			case bytes.HasPrefix(trimmed, fence) && len(bytes.TrimSpace(trimmed[len(f):])) == 0:
				inFence = false
			}
		case inFence:
		case len(bytes.TrimSpace(line)) == 0:
			flush(off)
		case indent < 4 && isHeading(trimmed):
			// A heading is a paragraph of its own line.
			flush(off)
			para = off
			flush(end)
		case para < 0:
			para = off
		}
		off = end
	}
	flush(len(body))
	return out
}

// isHeading reports whether a line (without its indent) is an ATX heading.
func isHeading(line []byte) bool {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && (n == len(line) || line[n] == ' ' || line[n] == '\t' || line[n] == '\r' || line[n] == '\n')
}

func fenceOf(line []byte) []byte {
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(line) && line[n] == c {
			n++
		}
		if n >= 3 {
			return line[:n]
		}
	}
	return nil
}

// scanParagraph finds the citation groups of one paragraph (base is its
// offset in the body), skipping code spans, which CommonMark lets go on
// over the paragraph's lines.
func scanParagraph(p []byte, base int, out []Cite) []Cite {
	var runs *tickRuns
	eol := -1 // the end of the line holding i, once looked for
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '`':
			n := 1
			for i+n < len(p) && p[i+n] == '`' {
				n++
			}
			if runs == nil {
				runs = newTickRuns(p)
			}
			// A run of n backticks opens a code span only if a run of
			// exactly n closes it in the paragraph; otherwise it is text.
			if closeAt := runs.next(n, i+n); closeAt >= 0 {
				i = closeAt + n - 1
			} else {
				i += n - 1
			}
		case '\\':
			i++
		case '[':
			if i+1 < len(p) && p[i+1] == '@' {
				// A group is on one line, as the renderer reads it.
				if eol < i {
					if eol = bytes.IndexByte(p[i:], '\n'); eol < 0 {
						eol = len(p)
					} else {
						eol += i
					}
				}
				var end int
				out, end = appendCiteGroup(out, p[i:eol], base+i)
				if end > 0 {
					i += end - 1
				}
			}
		}
	}
	return out
}

// tickRuns indexes a paragraph's runs of backticks by length, so that
// finding each opener's closer costs a binary search, not a scan of the
// rest of the paragraph (runs of many different lengths would make that
// quadratic).
type tickRuns struct {
	byLen map[int][]int // run length -> offsets of the runs, ascending
}

func newTickRuns(p []byte) *tickRuns {
	r := &tickRuns{byLen: map[int][]int{}}
	for i := 0; i < len(p); i++ {
		if p[i] != '`' {
			continue
		}
		n := 1
		for i+n < len(p) && p[i+n] == '`' {
			n++
		}
		r.byLen[n] = append(r.byLen[n], i)
		i += n - 1
	}
	return r
}

// next returns the offset of the first run of exactly n backticks at or
// after from, or -1.
func (r *tickRuns) next(n, from int) int {
	at := r.byLen[n]
	i := sort.SearchInts(at, from)
	if i == len(at) {
		return -1
	}
	return at[i]
}

// ParseCiteGroup parses "[@a; @b, p. 12]" at the start of s, the same way
// for the gate and for the Markdown renderer. It returns
// the keys (offsets relative to s) and the length of the group, or 0 when
// s does not start with a citation group.
func ParseCiteGroup(s []byte) ([]Cite, int) {
	out, n := appendCiteGroup(nil, s, 0)
	if n == 0 {
		return nil, 0
	}
	return out, n
}

// appendCiteGroup is ParseCiteGroup appending to out, with offsets plus
// base; on no group, out is returned as it was.
func appendCiteGroup(out []Cite, s []byte, base int) ([]Cite, int) {
	if len(s) < 3 || s[0] != '[' {
		return out, 0
	}
	// The group ends at the first ']'; a '[' before it means this is
	// not a group, and stopping there keeps a line of 100,000 "[@a "
	// linear rather than searching the rest of the line for each.
	closeAt := bytes.IndexAny(s[1:], "[]") + 1
	if closeAt == 0 || s[closeAt] == '[' {
		return out, 0
	}
	if closeAt+1 < len(s) && (s[closeAt+1] == '(' || s[closeAt+1] == '[') {
		return out, 0 // [@handle](url) is a link, not a citation
	}
	kept := len(out)
	inner := s[1:closeAt]
	pos := 1
	for last := false; !last; {
		part := inner
		if semi := bytes.IndexByte(inner, ';'); semi >= 0 {
			part, inner = inner[:semi], inner[semi+1:]
		} else {
			last = true
		}
		key, locator, at, ok := parseCite(part)
		if !ok {
			return out[:kept], 0
		}
		out = append(out, Cite{Key: key, Locator: locator, Offset: base + pos + at})
		pos += len(part) + 1
	}
	return out, closeAt + 1
}

// parseCite parses one part of a group: "@key" or "@key, locator", with
// spaces around. at is the offset of the '@' in part. A key ends in a
// letter, a digit or '_': punctuation after it ("[@evans2021.]") is not
// part of it, as in Pandoc, so the gate checks the key that is rendered.
func parseCite(part []byte) (key, locator string, at int, ok bool) {
	at = len(part) - len(bytes.TrimLeft(part, " "))
	p := part[at:]
	if len(p) < 2 || p[0] != '@' {
		return "", "", 0, false
	}
	n := 1
	for n < len(p) && isKeyChar(p[n]) {
		n++
	}
	end := n
	for end > 1 && !isAlnum(p[end-1]) && p[end-1] != '_' {
		end--
	}
	if end == 1 {
		return "", "", 0, false
	}
	rest := bytes.TrimSpace(p[n:])
	switch {
	case len(rest) == 0:
	case rest[0] == ',':
		locator = string(bytes.TrimSpace(rest[1:]))
	default:
		return "", "", 0, false
	}
	return string(p[1:end]), locator, at, true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isKeyChar(c byte) bool {
	return isAlnum(c) || c == '_' || c == '-' || c == ':' || c == '.' || c == '/'
}
