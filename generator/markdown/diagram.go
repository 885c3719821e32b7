package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/bep/goat"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/rounds-dev/rounds/generator/markdown/mdast"
)

// DiagramLanguage is the fence language of a diagram, as in Hugo.
const DiagramLanguage = "goat"

// MaxDiagram bounds a diagram's size in characters: its drawing takes time
// and memory in proportion to its area.
const MaxDiagram = 40_000

// diagramTransformerPriority: any time after parsing.
const diagramTransformerPriority = 910

// diagram draws a fenced block of ASCII art (```goat) as an inline SVG at
// build time with GoAT, the library Hugo uses: lines, arrows, boxes and
// text, in the page's text colour. The SVG is an image with a name and a
// description (role="img", <title> and <desc>), which the block's info
// string gives: ```goat title="..." desc="...". Both are required: a
// drawing read out as its characters means nothing.
type diagram struct{}

func (d *diagram) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(d, diagramTransformerPriority)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(d, anchorRendererPriority)))
}

func (d *diagram) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var blocks []*ast.FencedCodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if b, ok := n.(*ast.FencedCodeBlock); ok && entering && string(b.Language(src)) == DiagramLanguage {
			blocks = append(blocks, b)
		}
		return ast.WalkContinue, nil
	})
	for i, b := range blocks {
		var code bytes.Buffer
		lines := b.Lines()
		for j := 0; j < lines.Len(); j++ {
			seg := lines.At(j)
			code.Write(seg.Value(src))
		}
		n := &mdast.Diagram{Source: code.String(), Number: i + 1}
		info := b.Info.Segment
		n.Offset = info.Start
		attrs, problem := diagramAttrs(info.Value(src)[len(DiagramLanguage):])
		n.Title, n.Desc, n.Problem = attrs["title"], attrs["desc"], problem
		switch {
		case n.Problem != "":
		case strings.TrimSpace(n.Title) == "" || strings.TrimSpace(n.Desc) == "":
			n.Problem = "a diagram needs a title and a description: ```goat title=\"...\" desc=\"...\""
		case len(n.Source) > MaxDiagram:
			n.Problem = fmt.Sprintf("the diagram is %d characters, over the limit of %d", len(n.Source), MaxDiagram)
		}
		b.Parent().ReplaceChild(b.Parent(), b, n)
	}
}

// diagramAttr matches key="value" in an info string.
var diagramAttr = regexp.MustCompile(`^\s*([a-z]+)="([^"]*)"`)

// diagramAttrs reads title="..." desc="..." after the language.
func diagramAttrs(s []byte) (map[string]string, string) {
	out := map[string]string{}
	rest := string(s)
	for strings.TrimSpace(rest) != "" {
		m := diagramAttr.FindStringSubmatch(rest)
		if m == nil {
			return out, fmt.Sprintf("cannot read %q after ```goat: write title=\"...\" desc=\"...\"", strings.TrimSpace(rest))
		}
		if m[1] != "title" && m[1] != "desc" {
			return out, fmt.Sprintf("unknown diagram option %q: the options are title and desc", m[1])
		}
		out[m[1]] = m[2]
		rest = rest[len(m[0]):]
	}
	return out, ""
}

func (d *diagram) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(mdast.KindDiagram, d.render)
}

// svgStyle matches the inline style GoAT puts on text: the pages'
// Content-Security-Policy allows none (the theme's CSS sizes the text).
var svgStyle = regexp.MustCompile(` style='[^']*'`)

func (d *diagram) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*mdast.Diagram)
	svg, err := drawDiagram(n.Source)
	if n.Problem != "" || err != nil {
		// Refused by the gate on a build; the preview shows the text.
		_, _ = w.WriteString(`<pre class="diagram-error"><code>`)
		esc(w, n.Source)
		_, _ = w.WriteString("</code></pre>\n")
		return ast.WalkSkipChildren, nil
	}
	id := "diagram-" + strconv.Itoa(n.Number)
	fmt.Fprintf(w, `<figure class="diagram"><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="%s-title" aria-describedby="%s-desc" width="%d" height="%d" viewBox="0 0 %d %d">`,
		id, id, svg.Width, svg.Height, svg.Width, svg.Height)
	fmt.Fprintf(w, `<title id="%s-title">`, id)
	esc(w, n.Title)
	fmt.Fprintf(w, `</title><desc id="%s-desc">`, id)
	esc(w, n.Desc)
	_, _ = w.WriteString("</desc>\n")
	_, _ = w.WriteString(svgStyle.ReplaceAllString(svg.Body, ""))
	_, _ = w.WriteString("</svg></figure>\n")
	return ast.WalkSkipChildren, nil
}

// drawDiagram runs GoAT, turning a panic on odd input into an error: a
// module's text must never stop a build.
func drawDiagram(s string) (svg goat.SVG, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the diagram could not be drawn (%v)", r)
		}
	}()
	return goat.BuildSVG(strings.NewReader(s)), nil
}

// diagramProblems lists the diagrams of a parsed body that would not be
// drawn.
func diagramProblems(doc ast.Node) []DiagramProblem {
	var out []DiagramProblem
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		dn, ok := n.(*mdast.Diagram)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		msg := dn.Problem
		if msg == "" {
			if _, err := drawDiagram(dn.Source); err != nil {
				msg = err.Error()
			}
		}
		if msg != "" {
			out = append(out, DiagramProblem{Offset: dn.Offset, Message: msg})
		}
		return ast.WalkSkipChildren, nil
	})
	return out
}

// DiagramProblem is a diagram that cannot be drawn as it is written.
type DiagramProblem struct {
	Offset  int // of the block's info string
	Message string
}
