package history

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/rounds-dev/rounds/content"
)

// Changes is what changed between two versions of a module, by the parts
// its digest covers (SPEC.md "The digest").
type Changes struct {
	FrontMatter []Field `json:"front_matter,omitempty"` // effective front matter, URL and course
	Body        []Op    `json:"body,omitempty"`         // the word-level diff; nil when the body is unchanged
	Files       []File  `json:"files,omitempty"`        // bundle files added, removed or changed
	References  []Entry `json:"references,omitempty"`   // cited shared references
	People      []Entry `json:"people,omitempty"`       // authors and planners: name, credentials, relationships
}

// Field is one front-matter value, or one field of a reference or a
// person, before and after; "" (JSON) stands for unset.
type Field struct {
	Name string `json:"field"`
	Old  string `json:"old,omitempty"`
	New  string `json:"new,omitempty"`
}

// File is a bundle file added, removed or changed.
type File struct {
	Name    string `json:"name"`
	Change  string `json:"change"` // "added", "removed" or "changed"
	OldSize int    `json:"old_size,omitempty"`
	NewSize int    `json:"new_size,omitempty"`
}

// Entry is a shared reference or a person, by id, added, removed or with
// changed fields.
type Entry struct {
	ID     string  `json:"id"`
	Change string  `json:"change"` // "added", "removed" or "changed"
	Fields []Field `json:"fields,omitempty"`
}

// Empty reports whether nothing changed.
func (c *Changes) Empty() bool {
	return len(c.FrontMatter) == 0 && c.Body == nil && len(c.Files) == 0 && len(c.References) == 0 && len(c.People) == 0
}

// Parts names the parts that changed, in the digest's order, as `rounds
// status` lists them.
func (c *Changes) Parts() []string {
	var out []string
	if len(c.FrontMatter) > 0 {
		out = append(out, "front matter")
	}
	if c.Body != nil {
		out = append(out, "body")
	}
	if len(c.Files) > 0 {
		out = append(out, "files")
	}
	if len(c.References) > 0 {
		out = append(out, "references")
	}
	if len(c.People) > 0 {
		out = append(out, "people")
	}
	return out
}

// Compare says what changed from the records of one version of a module
// to those of another (content.Module.Records).
func Compare(old, cur []content.Record) *Changes {
	c := &Changes{}
	o, n := byKind(old), byKind(cur)
	c.FrontMatter = fields(frontMatter(o[content.RecordFrontMatter][""]), frontMatter(n[content.RecordFrontMatter][""]))
	if ob, nb := o[content.RecordBody][""], n[content.RecordBody][""]; !bytes.Equal(ob, nb) {
		c.Body = Words(string(ob), string(nb))
	}
	for _, name := range names(o[content.RecordResource], n[content.RecordResource]) {
		ob, inOld := o[content.RecordResource][name]
		nb, inNew := n[content.RecordResource][name]
		switch {
		case !inOld:
			c.Files = append(c.Files, File{Name: name, Change: "added", NewSize: len(nb)})
		case !inNew:
			c.Files = append(c.Files, File{Name: name, Change: "removed", OldSize: len(ob)})
		case !bytes.Equal(ob, nb):
			c.Files = append(c.Files, File{Name: name, Change: "changed", OldSize: len(ob), NewSize: len(nb)})
		}
	}
	c.References = entries(o[content.RecordCitation], n[content.RecordCitation])
	c.People = entries(o[content.RecordPerson], n[content.RecordPerson])
	return c
}

func byKind(recs []content.Record) map[byte]map[string][]byte {
	out := map[byte]map[string][]byte{}
	for _, r := range recs {
		if out[r.Kind] == nil {
			out[r.Kind] = map[string][]byte{}
		}
		out[r.Kind][r.Name] = r.Data
	}
	return out
}

// names is the sorted union of the names of two record sets.
func names(a, b map[string][]byte) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string][]byte{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

func entries(o, n map[string][]byte) []Entry {
	var out []Entry
	for _, id := range names(o, n) {
		ob, inOld := o[id]
		nb, inNew := n[id]
		switch {
		case !inOld:
			out = append(out, Entry{ID: id, Change: "added"})
		case !inNew:
			out = append(out, Entry{ID: id, Change: "removed"})
		case !bytes.Equal(ob, nb):
			out = append(out, Entry{ID: id, Change: "changed", Fields: fields(flatJSON(ob), flatJSON(nb))})
		}
	}
	return out
}

// frontMatter flattens the F record: the front matter's fields by their
// names (credit.hours, references[evans2021].title), then the module's
// url and course.
func frontMatter(data []byte) map[string]string {
	var rec map[string]any
	if json.Unmarshal(data, &rec) != nil {
		return nil
	}
	out := map[string]string{}
	flatten(out, "", rec["frontMatter"])
	for _, k := range []string{"url", "course"} {
		if s, ok := rec[k].(string); ok && s != "" {
			out["("+k+")"] = fmt.Sprintf("%q", s)
		}
	}
	return out
}

func flatJSON(data []byte) map[string]string {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return map[string]string{"": string(data)}
	}
	out := map[string]string{}
	flatten(out, "", v)
	return out
}

// flatten writes v's leaves into out by path. Lists of scalars are one
// value (authors = ["a", "b"]); lists of tables are named by each
// element's id when it has one, else by index.
func flatten(out map[string]string, path string, v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			flatten(out, p, e)
		}
		return
	case []any:
		tables := len(x) > 0
		for _, e := range x {
			if _, ok := e.(map[string]any); !ok {
				tables = false
			}
		}
		if tables {
			for i, e := range x {
				key := fmt.Sprint(i)
				if id, ok := e.(map[string]any)["id"].(string); ok && id != "" {
					key = id
				}
				flatten(out, fmt.Sprintf("%s[%s]", path, key), e)
			}
			return
		}
	case nil:
		return
	}
	b, _ := json.Marshal(v)
	out[path] = string(b)
}

// fields lists the keys whose values differ, sorted by name.
func fields(o, n map[string]string) []Field {
	var out []Field
	seen := map[string]bool{}
	for _, m := range []map[string]string{o, n} {
		for k := range m {
			if !seen[k] && o[k] != n[k] {
				out = append(out, Field{Name: k, Old: o[k], New: n[k]})
			}
			seen[k] = true
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lines is the word diff of a body cut into lines for a terminal: each
// line holding a change, with its number in the new text (plus first, the
// body's first line in its file), deletions as [-...-] and insertions as
// {+...+}, as `git diff --word-diff=plain` shows them.
func Lines(ops []Op, first int) []Line {
	var out []Line
	var cur strings.Builder
	changed := false
	line := first
	flush := func() {
		if changed {
			out = append(out, Line{N: line, Text: cur.String()})
		}
		cur.Reset()
		changed = false
	}
	for _, o := range ops {
		if o.Kind == '-' {
			cur.WriteString("[-" + o.Text + "-]")
			changed = true
			continue
		}
		parts := strings.Split(o.Text, "\n")
		for i, p := range parts {
			if i > 0 {
				flush()
				line++
			}
			if o.Kind == '+' && (p != "" || i < len(parts)-1) {
				cur.WriteString("{+" + p + "+}")
				changed = true
			} else {
				cur.WriteString(p)
			}
		}
	}
	flush()
	return out
}

// Line is one line of a body diff.
type Line struct {
	N    int    `json:"line"`
	Text string `json:"text"`
}
