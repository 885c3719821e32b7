package content

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rounds-dev/rounds/content/diag"
	"go.yaml.in/yaml/v3"
)

// YAMLDelimiter opens and closes YAML front matter, as in Hugo, Jekyll,
// Eleventy and Docusaurus, so that their modules move over as they are.
var YAMLDelimiter = []byte("---")

// ParseFrontMatter parses the front matter at File.Src[offset:end] in the
// format its opening line names: TOML after "+++", YAML after "---".
func ParseFrontMatter(f *diag.File, offset, end int) (*Doc, diag.List) {
	if isYAMLFrontMatter(f.Src, offset) {
		return ParseYAMLDoc(f, offset, end)
	}
	return ParseDoc(f, offset, end)
}

// isYAMLFrontMatter reports whether the line before offset is "---".
func isYAMLFrontMatter(src []byte, offset int) bool {
	if offset <= 0 || offset > len(src) {
		return false
	}
	head := bytes.TrimRight(src[:offset], "\n")
	if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
		head = head[i+1:]
	}
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	return bytes.Equal(bytes.TrimRight(head, " \t\r"), YAMLDelimiter)
}

// ParseYAMLDoc parses File.Src[offset:end] as YAML front matter into the
// same values ParseDoc gives for TOML, so that the same checks, errors
// and digest apply: a module keeps its digest when it moves between TOML
// and YAML (SPEC.md "The digest": the F record hashes decoded values).
//
// The YAML is read strictly, because a reviewer must see in the source
// what the page shows: anchors, aliases and merge keys (a value written
// elsewhere), explicit tags, YAML 1.1 booleans written bare (yes, no, on,
// off: "no" is a country code as often as false), nulls (TOML has none),
// repeated keys and keys that are not plain text are each an error at
// their place. Dates keep the form they are written in, as in TOML.
func ParseYAMLDoc(f *diag.File, offset, end int) (*Doc, diag.List) {
	d := &Doc{File: f, Offset: offset, src: f.Src[offset:end], size: end - offset, line0: f.Pos(offset).Line - 1, yaml: true}
	var l diag.List
	if len(d.src) > MaxDocSize {
		f.Errorf(&l, offset, "syntax", "YAML of %d bytes is over the limit of %d", len(d.src), MaxDocSize)
		return nil, l
	}
	if depth, at := yamlNesting(d.src); depth > MaxDocDepth {
		f.Errorf(&l, offset+at, "syntax", "YAML nested %d levels deep, over the limit of %d", depth, MaxDocDepth)
		return nil, l
	}
	root, err := parseYAMLNode(d.src)
	if err != nil {
		pos := diag.Pos{Line: d.line0 + 1, Col: 1}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			pos = diag.Pos{Line: d.line0 + n, Col: 1}
			msg = strings.TrimPrefix(msg, m[0])
		}
		d.File.At(&l, pos, diag.Error, "syntax", "%s", strings.ReplaceAll(msg, "\n", `\n`))
		l[len(l)-1].Help = "fix the YAML syntax: key: value, one key per line, lists as - item or [a, b]"
		return nil, l
	}
	y := yamlReader{d: d, l: &l, index: map[string]diag.Pos{}}
	raw := map[string]any{}
	if root != nil {
		v, ok := y.value(root, nil)
		m, isMap := v.(map[string]any)
		switch {
		case ok && !isMap:
			y.errorf(root, "syntax", "the front matter is not a set of keys", "write one key: value per line")
		case isMap:
			raw = m
		}
	}
	if l.HasErrors() {
		return nil, l
	}
	d.Raw, d.exact = raw, y.index
	return d, l
}

var yamlErrLine = regexp.MustCompile(`^line (\d+): `)

// parseYAMLNode parses one YAML document into its node tree; nil for an
// empty document. A second document ("---" inside the front matter) is
// an error.
func parseYAMLNode(src []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, nil
		}
		return nil, err
	}
	var more yaml.Node
	switch err := dec.Decode(&more); {
	case err == nil:
		return nil, fmt.Errorf("line %d: a second YAML document: the front matter is one document, ended by the line ---", more.Line)
	case err != io.EOF:
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// yamlReader turns a node tree into normalised values, reporting every
// problem at its node and indexing where each key is written (KeyPos).
type yamlReader struct {
	d     *Doc
	l     *diag.List
	index map[string]diag.Pos
}

// pos is where a node is written in the file: yaml counts columns in
// characters, diagnostics in bytes.
func (y *yamlReader) pos(n *yaml.Node) diag.Pos {
	line := y.d.line0 + n.Line
	text := y.d.File.Line(line)
	col := 1
	for i := 1; i < n.Column && col <= len(text); i++ {
		_, size := utf8.DecodeRuneInString(text[col-1:])
		col += max(size, 1)
	}
	return diag.Pos{Line: line, Col: col}
}

func (y *yamlReader) errorf(n *yaml.Node, rule, msg, help string) {
	y.d.File.At(y.l, y.pos(n), diag.Error, rule, "%s", msg)
	(*y.l)[len(*y.l)-1].Help = help
}

// value reads a node; ok is false when it was reported.
func (y *yamlReader) value(n *yaml.Node, path []any) (any, bool) {
	if n.Anchor != "" || n.Kind == yaml.AliasNode {
		y.errorf(n, "syntax", "YAML anchors and aliases are not allowed in front matter", "write the value out where it is used: a reviewer reads each value where it is")
		return nil, false
	}
	if n.Style&yaml.TaggedStyle != 0 {
		y.errorf(n, "syntax", fmt.Sprintf("YAML tag %s is not allowed in front matter", n.Tag), "remove the tag: strings, numbers, true/false, dates, lists and keys are read as they are written")
		return nil, false
	}
	switch n.Kind {
	case yaml.MappingNode:
		return y.mapping(n, path)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		ok := true
		for i, c := range n.Content {
			v, good := y.value(c, append(path[:len(path):len(path)], i))
			ok = ok && good
			out = append(out, v)
		}
		return out, ok
	case yaml.ScalarNode:
		return y.scalar(n)
	}
	y.errorf(n, "syntax", "unexpected YAML node", "")
	return nil, false
}

func (y *yamlReader) mapping(n *yaml.Node, path []any) (any, bool) {
	out := make(map[string]any, len(n.Content)/2)
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" || k.Anchor != "" || k.Style&yaml.TaggedStyle != 0 {
			msg, help := "a key must be plain text", "write each key as a word: title: ..."
			if k.Tag == "!!merge" {
				msg, help = "YAML merge keys (<<) are not allowed in front matter", "write the keys out where they are used: a reviewer reads each value where it is"
			}
			y.errorf(k, "syntax", msg, help)
			ok = false
			continue
		}
		key := k.Value
		if _, dup := out[key]; dup {
			y.errorf(k, "syntax", fmt.Sprintf("key %q is written twice", key), "keep one of them")
			ok = false
			continue
		}
		p := append(path[:len(path):len(path)], key)
		y.index[pathKey(p)] = y.pos(k)
		val, good := y.value(v, p)
		if !good {
			ok = false
			continue
		}
		out[key] = val
	}
	return out, ok
}

// yaml11Bools are the YAML 1.1 booleans other than true and false: the
// YAML library reads them as strings, Hugo's and Jekyll's as booleans.
var yaml11Bools = map[string]bool{"yes": true, "no": true, "on": true, "off": true, "y": true, "n": true}

var yamlDecimal = regexp.MustCompile(`^[-+]?[0-9]+$`)

var yamlDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func (y *yamlReader) scalar(n *yaml.Node) (any, bool) {
	plain := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0
	switch {
	case plain && yaml11Bools[strings.ToLower(n.Value)]:
		y.errorf(n, "syntax", fmt.Sprintf("%s is a boolean in some YAML readers and a string in others", n.Value),
			fmt.Sprintf("write true or false, or \"%s\" in quotes for the text", n.Value))
		return nil, false
	case n.Tag == "!!null":
		y.errorf(n, "syntax", "a key without a value", "give it a value, or remove the key")
		return nil, false
	case n.Tag == "!!bool":
		return strings.EqualFold(n.Value, "true"), true
	case n.Tag == "!!int":
		base := 0 // 0x1f, 0o17
		if yamlDecimal.MatchString(n.Value) {
			base = 10 // YAML 1.2: 017 is seventeen
		}
		i, err := strconv.ParseInt(n.Value, base, 64)
		if err != nil {
			y.errorf(n, "syntax", fmt.Sprintf("%s is not a whole number rounds can read", n.Value), "write it in decimal digits")
			return nil, false
		}
		return i, true
	case n.Tag == "!!float":
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			y.errorf(n, "syntax", "inf and nan are not allowed", "write a number such as 0.25")
			return nil, false
		}
		return f, true
	case n.Tag == "!!timestamp":
		return yamlTime(n.Value)
	case n.Tag == "!!str":
		if strings.Contains(n.Value, "\r\n") {
			return strings.ReplaceAll(n.Value, "\r\n", "\n"), true
		}
		return n.Value, true
	}
	y.errorf(n, "syntax", fmt.Sprintf("unsupported YAML value of type %s", n.Tag), "write a string, a number, true/false, a date, a list or keys")
	return nil, false
}

// yamlTime gives a timestamp the form TOML's normalise gives the same
// value: a date as written, a date and time with a zone in RFC 3339, one
// without a zone as a local date-time.
func yamlTime(s string) (any, bool) {
	if yamlDate.MatchString(s) {
		return s, true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999 -07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.RFC3339Nano), true
		}
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02T15:04:05.999999999"), true
		}
	}
	return s, true
}

// indexYAML records where every key of a YAML document is written, for
// KeyPos after Compact dropped the index made while parsing.
func (d *Doc) indexYAML() {
	d.exact = map[string]diag.Pos{}
	root, err := parseYAMLNode(d.src)
	if err != nil || root == nil {
		return
	}
	var l diag.List
	y := yamlReader{d: d, l: &l, index: d.exact}
	y.value(root, nil)
}

// yamlNesting returns the deepest nesting of a YAML document, counting
// flow brackets outside quotes and block indentation levels, and the
// offset where it was reached: a cheap guard before parsing, like
// nesting for TOML.
func yamlNesting(src []byte) (depth, at int) {
	var indents []int
	flow := 0
	lineStart := true
	indent := 0
	quote := byte(0)
	for i := 0; i < len(src); i++ {
		c := src[i]
		if lineStart {
			if c == ' ' || c == '-' && i+1 < len(src) && src[i+1] == ' ' {
				indent++
				continue
			}
			lineStart = false
			if c != '\n' && c != '#' && flow == 0 {
				for len(indents) > 0 && indents[len(indents)-1] >= indent {
					indents = indents[:len(indents)-1]
				}
				indents = append(indents, indent)
			}
		}
		switch {
		case c == '\n':
			lineStart, indent = true, 0
			if quote == '\'' || quote == '"' {
				continue // quoted strings may span lines
			}
		case quote != 0:
			if c == quote && (quote == '\'' || src[i-1] != '\\') {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '{':
			flow++
		case c == ']' || c == '}':
			flow = max(flow-1, 0)
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			i--
		}
		if d := len(indents) + flow; d > depth {
			depth, at = d, i
		}
	}
	return depth, at
}
