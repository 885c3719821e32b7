package content

import (
	"bytes"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ReviewYAML is a sign-off as an item of a YAML block list, each line
// after indent: "- reviewer: ..." and its keys under it.
func ReviewYAML(r Review, indent string) string {
	commit := ""
	if r.Commit != "" {
		commit = indent + "  commit: " + tomlString(r.Commit) + "\n"
	}
	return fmt.Sprintf("%s- reviewer: %s\n%s  role: %s\n%s  date: %s\n%s  digest: %s\n%s%s  signature: %s\n",
		indent, tomlString(r.Reviewer), indent, tomlString(r.Role), indent, r.Date, indent, tomlString(r.Digest), commit, indent, tomlString(r.Signature))
}

// withReviewYAML is WithReview for YAML front matter (src[start:end]):
// the same reviewer's earlier item for the same role in the "reviews:"
// block list is replaced in place, otherwise the item is added at the end
// of the list, or a "reviews:" list at the end of the front matter. Every
// other byte is kept: a sign-off never turns a YAML file into TOML, nor
// reformats what an author wrote.
func withReviewYAML(name string, src []byte, start, end int, r Review) ([]byte, error) {
	root, err := parseYAMLNode(src[start:end])
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	lines := lineOffsets(src, start, end)
	newline := "\n"
	if bytes.Contains(src[:end], []byte("\r\n")) {
		newline = "\r\n"
	}
	nl := func(s string) string { return strings.ReplaceAll(s, "\n", newline) }
	var list, next *yaml.Node // the reviews list, and the top-level key after it
	if root != nil && root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "reviews" {
				list = root.Content[i+1]
				if i+2 < len(root.Content) {
					next = root.Content[i+2]
				}
			}
		}
	}
	if list == nil {
		out := append([]byte{}, src[:end]...)
		if end > start && !bytes.HasSuffix(src[:end], []byte("\n")) {
			out = append(out, newline...)
		}
		out = append(out, nl("reviews:\n"+ReviewYAML(r, "  "))...)
		return append(out, src[end:]...), nil
	}
	if list.Kind != yaml.SequenceNode || list.Style&yaml.FlowStyle != 0 || len(list.Content) == 0 {
		return nil, fmt.Errorf("%s: reviews is written inline or as a plain value; rounds review needs a block list (- reviewer: ...)", name)
	}
	// Item k runs from its line to the line before the next item (or the
	// next top-level key, or the end), less trailing blanks and comments.
	itemEnd := func(k int) int { // index into lines of its last line
		stop := len(lines)
		if k+1 < len(list.Content) {
			stop = list.Content[k+1].Line - 1
		} else if next != nil {
			stop = next.Line - 1
		}
		last := list.Content[k].Line - 1
		for j := last + 1; j < stop && j < len(lines); j++ {
			t := strings.TrimSpace(string(src[lines[j].start:lines[j].end]))
			if t != "" && !strings.HasPrefix(t, "#") {
				last = j
			}
		}
		return last
	}
	first := list.Content[0]
	if first.Kind != yaml.MappingNode || first.Line < 1 || first.Line > len(lines) {
		return nil, fmt.Errorf("%s: reviews holds something other than sign-offs", name)
	}
	firstLine := string(src[lines[first.Line-1].start:lines[first.Line-1].end])
	indent := firstLine[:len(firstLine)-len(strings.TrimLeft(firstLine, " "))]
	entry := nl(ReviewYAML(r, indent))
	for k, item := range list.Content {
		if item.Kind != yaml.MappingNode || item.Style&yaml.FlowStyle != 0 {
			return nil, fmt.Errorf("%s: reviews item %d is not written as keys under a dash; rounds review needs - reviewer: ...", name, k+1)
		}
		if yamlField(item, "reviewer") == r.Reviewer && yamlField(item, "role") == r.Role {
			from, to := lines[item.Line-1].start, lines[itemEnd(k)].end
			if to > from && src[to-1] == '\r' {
				to--
			}
			out := append([]byte{}, src[:from]...)
			out = append(out, strings.TrimSuffix(entry, newline)...)
			return append(out, src[to:]...), nil
		}
	}
	at := lines[itemEnd(len(list.Content)-1)].end
	out := append([]byte{}, src[:at]...)
	if at < len(src) && src[at] == '\n' {
		out = append(out, '\n')
		at++
	} else {
		out = append(out, newline...)
	}
	out = append(out, entry...)
	return append(out, src[at:]...), nil
}

// yamlField is the text of a scalar key of a mapping node, "" if none.
func yamlField(m *yaml.Node, key string) string {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key && m.Content[i+1].Kind == yaml.ScalarNode {
			return m.Content[i+1].Value
		}
	}
	return ""
}
