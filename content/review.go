package content

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/rounds-dev/rounds/content/diag"
)

// ReviewTOML is the [[reviews]] entry `rounds review` writes.
func ReviewTOML(r Review) string {
	commit := ""
	if r.Commit != "" {
		commit = "commit    = " + tomlString(r.Commit) + "\n"
	}
	return fmt.Sprintf("[[reviews]]\nreviewer  = %s\nrole      = %s\ndate      = %s\ndigest    = %s\n%ssignature = %s\n",
		tomlString(r.Reviewer), tomlString(r.Role), r.Date, tomlString(r.Digest), commit, tomlString(r.Signature))
}

// ValidCommit reports whether s is a git commit id as a sign-off records
// it: 40 (SHA-1) or 64 (SHA-256) lower-case hex digits. Nothing else is
// ever passed to git (an id starting with "-" would be an option).
func ValidCommit(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteRune(c)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, "\\u%04X", c)
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// isReviewsHeader reports whether a line is a [[reviews]] header, allowing
// spaces inside the brackets and a trailing comment.
func isReviewsHeader(line []byte) bool {
	t := strings.TrimSpace(string(line))
	if i := strings.IndexByte(t, '#'); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	if !strings.HasPrefix(t, "[[") || !strings.HasSuffix(t, "]]") {
		return false
	}
	return strings.TrimSpace(t[2:len(t)-2]) == "reviews"
}

// WithReview returns the module file src with r added to its front matter
// (TOML, or YAML by withReviewYAML: the file keeps its format):
// the same reviewer's earlier entry for the same role is replaced in place,
// otherwise the entry is appended at the end of the front matter. Every
// other byte of the file is kept, so a sign-off never reformats what an
// author wrote.
func WithReview(name string, src []byte, r Review) ([]byte, error) {
	if r.Date.IsZero() || r.Reviewer == "" || r.Role == "" || r.Digest == "" {
		return nil, fmt.Errorf("%s: a sign-off needs a reviewer, a role, a date and a digest", name)
	}
	f := diag.NewFile(name, src)
	start, end, _, l := SplitFrontMatter(f)
	if l.HasErrors() {
		return nil, fmt.Errorf("%s", l[0].String())
	}
	if isYAMLFrontMatter(src, start) {
		return withReviewYAML(name, src, start, end, r)
	}
	doc, l := ParseDoc(f, start, end)
	if doc == nil {
		return nil, fmt.Errorf("%s", l[0].String())
	}
	lines := lineOffsets(src, start, end)
	var headers []int // indices into lines
	for i, ln := range lines {
		if isReviewsHeader(src[ln.start:ln.end]) {
			headers = append(headers, i)
		}
	}
	if v, set := doc.Raw["reviews"]; set {
		arr, ok := v.([]any)
		if !ok || len(arr) != len(headers) || len(headers) == 0 {
			return nil, fmt.Errorf("%s: reviews is written inline or as a plain value; rounds review needs [[reviews]] tables", name)
		}
	}
	newline := "\n"
	if bytes.Contains(src[:end], []byte("\r\n")) {
		newline = "\r\n"
	}
	entry := strings.ReplaceAll(ReviewTOML(r), "\n", newline)

	// Each [[reviews]] block runs from its header to its last key line;
	// comments and blank lines after that belong to what follows.
	for _, i := range headers {
		last := i
		for j := i + 1; j < len(lines); j++ {
			t := strings.TrimSpace(string(src[lines[j].start:lines[j].end]))
			if strings.HasPrefix(t, "[") {
				break
			}
			if t != "" && !strings.HasPrefix(t, "#") {
				last = j
			}
		}
		cut := lines[last].end
		if cut > lines[last].start && src[cut-1] == '\r' {
			cut--
		}
		body := src[lines[i].start:cut]
		bdoc, bl := ParseDoc(diag.NewFile(name, body), 0, len(body))
		if bl.HasErrors() || bdoc == nil {
			continue
		}
		var old struct {
			Reviews []Review `json:"reviews"`
		}
		var lb diag.List
		bdoc.Decode(bdoc.Raw, &old, nil, &lb)
		if len(old.Reviews) == 1 && old.Reviews[0].Reviewer == r.Reviewer && old.Reviews[0].Role == r.Role {
			out := append([]byte{}, src[:lines[i].start]...)
			out = append(out, strings.TrimSuffix(entry, newline)...)
			return append(out, src[cut:]...), nil
		}
	}
	out := append([]byte{}, src[:end]...)
	if end > start && !bytes.HasSuffix(src[:end], []byte("\n")) {
		out = append(out, newline...)
	}
	if fm := src[start:end]; len(bytes.TrimSpace(fm)) > 0 && !endsWithBlankLine(fm) {
		out = append(out, newline...) // a blank line before the new table
	}
	out = append(out, entry...)
	return append(out, src[end:]...), nil
}

type span struct{ start, end int }

// lineOffsets lists the lines of src[start:end] (end excluding the newline).
func lineOffsets(src []byte, start, end int) []span {
	var out []span
	for off := start; off < end; {
		nl := bytes.IndexByte(src[off:end], '\n')
		if nl < 0 {
			out = append(out, span{off, end})
			break
		}
		out = append(out, span{off, off + nl})
		off += nl + 1
	}
	return out
}

// endsWithBlankLine reports whether text ends with an empty line.
func endsWithBlankLine(text []byte) bool {
	t := bytes.TrimRight(text, " \t\r")
	if !bytes.HasSuffix(t, []byte("\n")) {
		return false
	}
	t = bytes.TrimRight(t[:len(t)-1], " \t\r")
	return len(t) == 0 || bytes.HasSuffix(t, []byte("\n"))
}
