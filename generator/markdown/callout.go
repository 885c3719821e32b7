package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/rounds-dev/rounds/generator/markdown/mdast"
)

// calloutTransformerPriority: after the quiz has taken the block quotes
// that are a choice's feedback.
const calloutTransformerPriority = quizTransformerPriority + 20

// calloutKinds are the callout kinds and their labels: GitHub's alerts,
// then the clinical kinds of issue 24.
var calloutKinds = map[string]string{
	"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution",
	"key-point": "Key point", "red-flag": "Red flag", "pearl": "Clinical pearl",
}

// CalloutKinds lists the callout markers, for help lines.
func CalloutKinds() []string {
	return []string{"NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION", "KEY-POINT", "RED-FLAG", "PEARL"}
}

// callout turns a block quote whose first line is "[!KIND]" into a
// labelled box (GitHub's alert syntax):
//
//	> [!RED-FLAG]
//	> Hypotension after 30 mL/kg of fluid: start a vasopressor.
//
// renders as <div class="callout callout-red-flag" role="note"> with the
// label "Red flag" as its first, visible line, so screen readers announce
// a note and read its kind before its text. Themes style it by its class.
// A marker of no known kind is left as written; the gate refuses it.
type callout struct{}

func (c *callout) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(c, calloutTransformerPriority)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(c, calloutTransformerPriority)))
}

// calloutMarker reads "[!KIND]" alone on the first line of a block quote's
// first paragraph: its kind in lower case and the marker's end in src.
func calloutMarker(q *ast.Blockquote, src []byte) (kind string, p *ast.Paragraph, end int, ok bool) {
	p, ok = q.FirstChild().(*ast.Paragraph)
	if !ok || p.Lines().Len() == 0 {
		return "", nil, 0, false
	}
	seg := p.Lines().At(0)
	line := bytes.TrimRight(seg.Value(src), " \t\r\n")
	if len(line) < 4 || !bytes.HasPrefix(line, []byte("[!")) || line[len(line)-1] != ']' {
		return "", nil, 0, false
	}
	name := string(line[2 : len(line)-1])
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-') {
			return "", nil, 0, false
		}
	}
	return strings.ToLower(name), p, seg.Start + len(line), name != ""
}

func (c *callout) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		kind, p, end, ok := calloutMarker(q, src)
		label := calloutKinds[kind]
		if !ok || label == "" {
			continue
		}
		// Drop the marker's inline nodes ("[", "!KIND", "]" and the line
		// break after it); an empty paragraph goes too.
		for n := p.FirstChild(); n != nil; {
			next := n.NextSibling()
			t, isText := n.(*ast.Text)
			if !isText || t.Segment.Start >= end {
				break
			}
			p.RemoveChild(p, n)
			n = next
		}
		if !p.HasChildren() {
			q.RemoveChild(q, p)
		}
		box := &mdast.Callout{Name: kind, Label: label}
		moveChildren(q, box)
		q.Parent().ReplaceChild(q.Parent(), q, box)
	}
}

func (c *callout) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(mdast.KindCallout, c.render)
}

func (c *callout) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</div>\n")
		return ast.WalkContinue, nil
	}
	box := n.(*mdast.Callout)
	_, _ = w.WriteString(`<div class="callout callout-`)
	esc(w, box.Name)
	_, _ = w.WriteString("\" role=\"note\">\n<p class=\"callout-label\">")
	label := box.Label
	if label == calloutKinds[box.Name] {
		// rounds' own label, not one the author wrote: in the page's language.
		label = tr(n).T("callout." + box.Name)
	}
	esc(w, label)
	_, _ = w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}
