package lms

import (
	"encoding/xml"
	"strings"
)

// xmlWriter writes indented XML by hand: the manifests need namespace
// prefixes on elements and attributes that encoding/xml cannot spell.
// Every text and attribute value goes through escape.
type xmlWriter struct {
	b     strings.Builder
	depth int
}

func newXML() *xmlWriter {
	w := &xmlWriter{}
	w.b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	return w
}

// open writes a start tag; attrs are name, value pairs.
func (w *xmlWriter) open(name string, attrs ...string) {
	w.indent()
	w.tag(name, attrs)
	w.b.WriteString(">\n")
	w.depth++
}

// close writes an end tag.
func (w *xmlWriter) close(name string) {
	w.depth--
	w.indent()
	w.b.WriteString("</" + name + ">\n")
}

// empty writes an element without content.
func (w *xmlWriter) empty(name string, attrs ...string) {
	w.indent()
	w.tag(name, attrs)
	w.b.WriteString("/>\n")
}

// text writes an element holding text.
func (w *xmlWriter) text(name, text string, attrs ...string) {
	w.indent()
	w.tag(name, attrs)
	w.b.WriteString(">" + escape(text) + "</" + name + ">\n")
}

// raw writes an element holding markup that is already XML.
func (w *xmlWriter) raw(name, markup string, attrs ...string) {
	w.indent()
	w.tag(name, attrs)
	w.b.WriteString(">" + markup + "</" + name + ">\n")
}

// cdata writes an element holding text as CDATA (Moodle XML's HTML).
func (w *xmlWriter) cdata(name, text string, attrs ...string) {
	w.indent()
	w.tag(name, attrs)
	// "]]>" cannot stand inside CDATA: split it across two sections.
	w.b.WriteString("><![CDATA[" + strings.ReplaceAll(text, "]]>", "]]]]><![CDATA[>") + "]]></" + name + ">\n")
}

func (w *xmlWriter) tag(name string, attrs []string) {
	w.b.WriteString("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		w.b.WriteString(" " + attrs[i] + "=\"" + escape(attrs[i+1]) + "\"")
	}
}

func (w *xmlWriter) indent() {
	w.b.WriteString(strings.Repeat("  ", w.depth))
}

func (w *xmlWriter) bytes() []byte { return []byte(w.b.String()) }

// escape escapes text for XML content and attribute values, quotes and
// line ends included.
func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// ncName makes s a valid XML NCName (the type of manifest identifiers):
// letters, digits, '-', '_' and '.', starting with a letter.
func ncName(prefix, s string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for _, r := range strings.Trim(s, "/") {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}
