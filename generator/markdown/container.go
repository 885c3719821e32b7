package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/markdown/mdast"
)

// containerParserPriority: after the quiz (which claims "::: quiz"),
// before paragraphs and lists would claim the line.
const containerParserPriority = quizParserPriority + 1

// container parses the known containers that are not quizzes ("::: case",
// "::: transcript", ...) and renders each as a block around its content.
// A container inside another uses a longer fence ("::::"), which the
// inner one's closing line does not close. What a container line is comes
// from content.ParseContainerLine, shared with the gate; an unknown name
// is left to the gate, which refuses it.
type container struct{}

func (c *container) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(c, containerParserPriority)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(c, containerParserPriority)))
}

func (c *container) Trigger() []byte { return []byte{':'} }

func (c *container) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	cl, ok := content.ParseContainerLine(line)
	if !ok || cl.Closing() || cl.Name == "quiz" || cl.Name == "evaluation" || !content.KnownContainer(cl.Name) || !opensIn(parent, cl.Fence) {
		return nil, parser.NoChildren
	}
	reader.AdvanceToEOL()
	return &mdast.Container{Name: cl.Name, Options: cl.Options, Fence: cl.Fence}, parser.HasChildren
}

func (c *container) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if cl, ok := content.ParseContainerLine(line); ok && cl.Closes(node.(*mdast.Container).Fence) {
		reader.AdvanceToEOL()
		return parser.Close
	}
	return parser.Continue | parser.HasChildren
}

func (c *container) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (c *container) CanInterruptParagraph() bool                                { return true }
func (c *container) CanAcceptIndentedLine() bool                                { return false }

func (c *container) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(mdast.KindContainer, c.render)
}

// render writes <div class="container NAME">; the name is one of the
// known ones, so it needs no escaping beyond what esc gives.
func (c *container) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</div>\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<div class="container `)
	esc(w, n.(*mdast.Container).Name)
	_, _ = w.WriteString("\">\n")
	return ast.WalkContinue, nil
}

// opensIn reports whether a container line with fence colons opens a
// container inside parent: outside any container, or inside one with a
// longer fence. Otherwise the line is text of the container it is in
// (the gate refuses it), and no input nests one container per line.
func opensIn(parent ast.Node, fence int) bool {
	for p := parent; p != nil; p = p.Parent() {
		switch p := p.(type) {
		case *mdast.Quiz:
			return p.Fence > fence
		case *mdast.Container:
			return p.Fence > fence
		case *mdast.Evaluation:
			return p.Fence > fence
		}
	}
	return true
}
