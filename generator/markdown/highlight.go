package markdown

import (
	"bytes"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// highlightPriority places our code renderer before goldmark's own (1000).
const highlightPriority = 100

// HighlightStyle is the chroma style of the generated stylesheet.
const HighlightStyle = "github"

// highlight renders fenced code blocks through chroma with CSS classes, so
// the page carries no inline styles (and its CSP needs no 'unsafe-inline').
type highlight struct {
	formatter *chromahtml.Formatter
}

func (h *highlight) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(h, highlightPriority)))
}

func (h *highlight) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, h.render)
}

func newFormatter() *chromahtml.Formatter {
	return chromahtml.New(chromahtml.WithClasses(true), chromahtml.ClassPrefix("hl-"))
}

func (h *highlight) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	block := n.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	lines := block.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	lang := string(block.Language(src))
	lexer := lexers.Get(lang)
	if lexer == nil {
		lexer = lexers.Fallback
	}
	lexer = chroma.Coalesce(lexer)
	it, err := lexer.Tokenise(nil, code.String())
	if err == nil {
		if lang != "" {
			_, _ = w.WriteString(`<div class="code" data-lang="`)
			_, _ = w.Write(util.EscapeHTML([]byte(lang)))
			_, _ = w.WriteString(`">`)
		} else {
			_, _ = w.WriteString(`<div class="code">`)
		}
		err = h.formatter.Format(w, styles.Get(HighlightStyle), it)
		_, _ = w.WriteString("</div>\n")
	}
	if err != nil {
		// chroma failed: fall back to escaped plain text rather than losing code.
		_, _ = w.WriteString("<pre><code>")
		_, _ = w.Write(util.EscapeHTML(code.Bytes()))
		_, _ = w.WriteString("</code></pre>\n")
	}
	return ast.WalkSkipChildren, nil
}

// HighlightCSS is the stylesheet for highlighted code.
func HighlightCSS() []byte {
	var b bytes.Buffer
	_ = newFormatter().WriteCSS(&b, styles.Get(HighlightStyle))
	return b.Bytes()
}
