package phi

import (
	"strings"
)

// Allowance is an author's `<!-- phi-ok: "exact text" reason -->` in a
// module's body: it allows one occurrence of Text that the no-phi rule
// would refuse. Offset is that of "<!--" in the body.
type Allowance struct {
	Text, Reason string
	Offset       int
}

// Allowances lists the well-formed allowances of a body in order, for
// `rounds status`. The text is in double quotes (\" and \\ escape a quote
// and a backslash) or single quotes; the reason is the rest of the comment.
// A comment inside a code span or fenced code block is an example, not an
// allowance, and is not listed.
func Allowances(body []byte) []Allowance {
	var out []Allowance
	for _, c := range Comments(string(body)) {
		if c.Problem == "" {
			out = append(out, Allowance{Text: c.Text, Reason: c.Reason, Offset: c.Start})
		}
	}
	return out
}

// Comments lists the phi-ok comments of a body in order, well-formed or
// not, except those shown as code (in a code span or a fenced code block):
// those are examples of the syntax. Problem says what is wrong with a
// malformed one; Text and Reason are then empty.
func Comments(body string) []Comment {
	cs := parseComments(body)
	if len(cs) == 0 {
		return nil
	}
	code := codeRanges(body)
	out := cs[:0]
	for _, c := range cs {
		if !inRanges(code, c.Start) {
			out = append(out, c)
		}
	}
	return out
}

// Quote writes s as the quoted text of a phi-ok comment.
func Quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// ---- the allowance comments ----

// Comment is one `<!-- phi-ok ... -->` of a text: its span, and its
// text and reason, or what is wrong with it.
type Comment struct {
	Start, End   int // byte offsets of "<!--" and after "-->"
	Text, Reason string
	Problem      string
}

// parseComments finds the phi-ok comments of s. Only comments written in
// plain ASCII syntax count: `<!--`, `phi-ok`, the quotes and `-->`.
func parseComments(s string) []Comment {
	var out []Comment
	for pos := 0; pos < len(s); {
		k := strings.Index(s[pos:], "<!--")
		if k < 0 {
			break
		}
		start := pos + k
		inner := start + 4
		closeAt := strings.Index(s[inner:], "-->")
		rest := strings.TrimLeft(s[inner:], " \t\r\n")
		isOK := len(rest) >= 6 && strings.EqualFold(rest[:6], "phi-ok")
		if closeAt < 0 {
			if isOK {
				out = append(out, Comment{Start: start, End: len(s), Problem: "it is not closed with -->"})
			}
			break // the rest of s is inside the comment
		}
		end := inner + closeAt + 3
		pos = end
		if !isOK {
			continue
		}
		c := Comment{Start: start, End: end}
		c.Text, c.Reason, c.Problem = parseInside(s[inner+(len(s[inner:])-len(rest))+6 : inner+closeAt])
		out = append(out, c)
	}
	return out
}

// parseInside reads `: "text" reason` (what follows phi-ok).
func parseInside(in string) (text, reason, problem string) {
	in = strings.TrimLeft(in, " \t\r\n")
	in = strings.TrimPrefix(in, ":")
	in = strings.TrimLeft(in, " \t\r\n")
	if in == "" {
		return "", "", "it names no text to allow"
	}
	var b strings.Builder
	i := 1
	switch q := in[0]; q {
	case '"':
		for ; i < len(in) && in[i] != '"'; i++ {
			if in[i] == '\\' && i+1 < len(in) && (in[i+1] == '"' || in[i+1] == '\\') {
				i++
			}
			b.WriteByte(in[i])
		}
	case '\'':
		for ; i < len(in) && in[i] != '\''; i++ {
			b.WriteByte(in[i])
		}
	default:
		return "", "", "the text to allow must be in double quotes"
	}
	if i >= len(in) {
		return "", "", "the quoted text is not closed"
	}
	text = b.String()
	if text == "" {
		return "", "", "the quoted text is empty"
	}
	return text, strings.Join(strings.Fields(in[i+1:]), " "), ""
}

// codeRanges returns the byte ranges of s that Markdown shows as code:
// fenced code blocks and code spans.
func codeRanges(s string) [][2]int {
	var out [][2]int
	var fenceChar byte
	fenceLen, fenceStart := 0, 0
	for off := 0; off < len(s); {
		end := strings.IndexByte(s[off:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += off + 1
		}
		line := s[off:end]
		trimmed := strings.TrimLeft(line, " ")
		indent := len(line) - len(trimmed)
		n := 0
		if indent < 4 && trimmed != "" && (trimmed[0] == '`' || trimmed[0] == '~') {
			for n < len(trimmed) && trimmed[n] == trimmed[0] {
				n++
			}
		}
		switch {
		case fenceLen > 0:
			if n >= fenceLen && trimmed[0] == fenceChar && strings.TrimSpace(trimmed[n:]) == "" {
				out = append(out, [2]int{fenceStart, end})
				fenceLen = 0
			}
		case n >= 3 && !(trimmed[0] == '`' && strings.Contains(trimmed[n:], "`")):
			fenceChar, fenceLen, fenceStart = trimmed[0], n, off
		default:
			out = codeSpans(line, off, out)
		}
		off = end
	}
	if fenceLen > 0 {
		out = append(out, [2]int{fenceStart, len(s)})
	}
	return out
}

// codeSpans adds the code spans of one line: a run of n backticks up to
// the next run of exactly n.
func codeSpans(line string, base int, out [][2]int) [][2]int {
	if strings.IndexByte(line, '`') < 0 {
		return out
	}
	type run struct{ at, n int }
	var runs []run
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '`':
			n := 1
			for i+n < len(line) && line[i+n] == '`' {
				n++
			}
			runs = append(runs, run{i, n})
			i += n - 1
		}
	}
	// next[k] is the index of the next run as long as run k, or -1.
	next := make([]int, len(runs))
	last := map[int]int{}
	for k := len(runs) - 1; k >= 0; k-- {
		next[k] = -1
		if j, ok := last[runs[k].n]; ok {
			next[k] = j
		}
		last[runs[k].n] = k
	}
	for k := 0; k < len(runs); k++ {
		if j := next[k]; j >= 0 {
			out = append(out, [2]int{base + runs[k].at, base + runs[j].at + runs[j].n})
			k = j
		}
	}
	return out
}

func inRanges(rs [][2]int, at int) bool {
	for _, r := range rs {
		if r[0] <= at && at < r[1] {
			return true
		}
	}
	return false
}
