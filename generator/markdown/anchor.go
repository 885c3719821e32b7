package markdown

import (
	"fmt"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// anchorRendererPriority puts the heading renderer before goldmark's own
// (1000), so it is the one used for headings.
const anchorRendererPriority = 500

// anchor renders a heading that has an id with a link to itself after its
// text, as Docusaurus and GitHub do: a reader can copy the address of a
// section. The link's name says where it goes ("Direct link to Dosing"),
// so a screen reader's list of links is not a column of "#".
type anchor struct{}

func (a *anchor) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(a, anchorRendererPriority)))
}

func (a *anchor) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, a.render)
}

func (a *anchor) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	if entering {
		_, _ = fmt.Fprintf(w, "<h%d", n.Level)
		if n.Attributes() != nil {
			html.RenderAttributes(w, n, html.HeadingAttributeFilter)
		}
		_ = w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if id, ok := n.AttributeString("id"); ok {
		if idb, ok := id.([]byte); ok && len(idb) > 0 {
			_, _ = w.WriteString(`<a class="anchor" href="#`)
			esc(w, string(idb))
			_, _ = w.WriteString(`" aria-label="`)
			esc(w, tr(n).T("module.anchor", "heading", plainText(n, src)))
			_, _ = w.WriteString(`">#</a>`)
		}
	}
	_, _ = fmt.Fprintf(w, "</h%d>\n", n.Level)
	return ast.WalkContinue, nil
}
