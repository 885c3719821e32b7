package content

import "bytes"

// Cite is one citation key in a module's body: [@evans2021].
type Cite struct {
	Key     string
	Locator string // "p. 12" in [@a, p. 12]
	Offset  int    // of the '@', relative to the body
}

// ScanCitations finds every [@key] and [@a; @b, p. 12] in a Markdown body,
// outside code. It is the light scanner that the gate and the digest need;
// the Markdown renderer turns the same syntax into links.
func ScanCitations(body []byte) []Cite {
	var out []Cite
	inFence := false
	var fence []byte
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
		if f := fenceOf(trimmed); f != nil && len(line)-len(trimmed) < 4 {
			switch {
			case !inFence:
				inFence, fence = true, f
			case bytes.HasPrefix(trimmed, fence) && len(bytes.TrimSpace(trimmed[len(f):])) == 0:
				inFence = false
			}
		} else if !inFence {
			out = scanLine(line, off, out)
		}
		off = end
	}
	return out
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

// scanLine finds citation groups in one line, skipping `code spans`.
func scanLine(line []byte, base int, out []Cite) []Cite {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '`':
			n := 1
			for i+n < len(line) && line[i+n] == '`' {
				n++
			}
			closeAt := bytes.Index(line[i+n:], line[i:i+n])
			if closeAt < 0 {
				i += n - 1
				continue
			}
			i += n + closeAt + n - 1
		case '\\':
			i++
		case '[':
			if i+1 < len(line) && line[i+1] == '@' {
				group, end := ParseCiteGroup(line[i:])
				if end > 0 {
					for _, c := range group {
						out = append(out, Cite{Key: c.Key, Offset: base + i + c.Offset})
					}
					i += end - 1
				}
			}
		}
	}
	return out
}

// ParseCiteGroup parses "[@a; @b, p. 12]" at the start of s, the same way
// for the gate and for the Markdown renderer. It returns
// the keys (offsets relative to s) and the length of the group, or 0 when
// s does not start with a citation group.
func ParseCiteGroup(s []byte) ([]Cite, int) {
	if len(s) < 3 || s[0] != '[' {
		return nil, 0
	}
	closeAt := bytes.IndexByte(s, ']')
	if closeAt < 0 {
		return nil, 0
	}
	if closeAt+1 < len(s) && (s[closeAt+1] == '(' || s[closeAt+1] == '[') {
		return nil, 0 // [@handle](url) is a link, not a citation
	}
	var out []Cite
	inner := s[1:closeAt]
	pos := 1
	for _, part := range bytes.Split(inner, []byte(";")) {
		lead := len(part) - len(bytes.TrimLeft(part, " "))
		p := part[lead:]
		if len(p) < 2 || p[0] != '@' {
			return nil, 0
		}
		n := 1
		for n < len(p) && isKeyChar(p[n]) {
			n++
		}
		if n == 1 {
			return nil, 0
		}
		rest := bytes.TrimSpace(p[n:])
		locator := ""
		switch {
		case len(rest) == 0:
		case rest[0] == ',':
			locator = string(bytes.TrimSpace(rest[1:]))
		default:
			return nil, 0
		}
		out = append(out, Cite{Key: string(p[1:n]), Locator: locator, Offset: pos + lead})
		pos += len(part) + 1
	}
	return out, closeAt + 1
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isKeyChar(c byte) bool {
	return isAlnum(c) || c == '_' || c == '-' || c == ':' || c == '.' || c == '/'
}
