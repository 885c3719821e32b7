package content

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/rounds-dev/rounds/content/diag"
)

// ReviewTOML is the [[reviews]] entry `rounds review` writes.
func ReviewTOML(r Review) string {
	return fmt.Sprintf("[[reviews]]\nreviewer  = %s\nrole      = %s\ndate      = %s\ndigest    = %s\nsignature = %s\n",
		strconv.Quote(r.Reviewer), strconv.Quote(r.Role), r.Date, strconv.Quote(r.Digest), strconv.Quote(r.Signature))
}

// WithReview returns the module file src with r added to its front matter:
// the same reviewer's earlier entry for the same role is replaced in place,
// otherwise the entry is appended at the end of the front matter. Every
// other byte of the file is kept, so a sign-off never reformats what an
// author wrote.
func WithReview(name string, src []byte, r Review) ([]byte, error) {
	f := diag.NewFile(name, src)
	start, end, _, l := SplitFrontMatter(f)
	if l.HasErrors() {
		return nil, fmt.Errorf("%s", l[0].String())
	}
	doc, l := ParseDoc(f, start, end)
	if doc == nil {
		return nil, fmt.Errorf("%s", l[0].String())
	}
	if _, inline := doc.Raw["reviews"].([]any); inline && !bytes.Contains(src[start:end], []byte("[[reviews]]")) {
		return nil, fmt.Errorf("%s: reviews is written inline; rounds review needs [[reviews]] tables", name)
	}
	newline := "\n"
	if bytes.Contains(src[:end], []byte("\r\n")) {
		newline = "\r\n"
	}
	entry := strings.ReplaceAll(ReviewTOML(r), "\n", newline)

	// Find the [[reviews]] blocks: from the header to the next header.
	lines := lineOffsets(src, start, end)
	for i, ln := range lines {
		if strings.TrimSpace(string(src[ln.start:ln.end])) != "[[reviews]]" {
			continue
		}
		blockEnd := end
		for _, next := range lines[i+1:] {
			if t := strings.TrimSpace(string(src[next.start:next.end])); strings.HasPrefix(t, "[") {
				blockEnd = next.start
				break
			}
		}
		block := src[ln.start:blockEnd]
		body := bytes.TrimRight(block, " \t\r\n")
		var old struct {
			Reviewers []Review `json:"reviews"`
		}
		bdoc, bl := ParseDoc(diag.NewFile(name, body), 0, len(body))
		if bl.HasErrors() || bdoc == nil {
			continue
		}
		var lb diag.List
		bdoc.Decode(bdoc.Raw, &old, nil, &lb)
		if len(old.Reviewers) == 1 && old.Reviewers[0].Reviewer == r.Reviewer && old.Reviewers[0].Role == r.Role {
			out := append([]byte{}, src[:ln.start]...)
			out = append(out, strings.TrimSuffix(entry, newline)...)
			out = append(out, block[len(body):]...)
			return append(out, src[blockEnd:]...), nil
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
