package markdown

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"runtime/debug"

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
	cache     Cache // may be nil
}

func (h *highlight) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(h, highlightPriority)))
}

func (h *highlight) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, h.render)
}

func newFormatter() *chromahtml.Formatter {
	return chromahtml.New(chromahtml.WithClasses(true), chromahtml.ClassPrefix("hl-"), chromahtml.WithPreWrapper(focusablePre{}))
}

// focusablePre makes a code block reachable by keyboard (tabindex="0"): a
// long line scrolls it sideways, and a learner without a mouse must be
// able to scroll it too (WCAG 2.1.1, axe's scrollable-region-focusable).
type focusablePre struct{}

func (focusablePre) Start(code bool, styleAttr string) string {
	if code {
		return `<pre tabindex="0"` + styleAttr + `><code>`
	}
	return `<pre tabindex="0"` + styleAttr + `>`
}

func (focusablePre) End(code bool) string {
	if code {
		return "</code></pre>"
	}
	return "</pre>"
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
	lang := block.Language(src)
	if h.cache == nil {
		h.highlight(w, lang, code.Bytes())
		return ast.WalkSkipChildren, nil
	}
	key := codeKey(lang, code.Bytes())
	if html, ok := h.cache.Get(key); ok {
		_, _ = w.Write(html)
		return ast.WalkSkipChildren, nil
	}
	var out bytes.Buffer
	h.highlight(&out, lang, code.Bytes())
	h.cache.Put(key, out.Bytes())
	_, _ = w.Write(out.Bytes())
	return ast.WalkSkipChildren, nil
}

// highlight writes one block of code, highlighted.
func (h *highlight) highlight(w io.Writer, lang, code []byte) {
	lexer := lexers.Get(string(lang))
	if lexer == nil {
		lexer = lexers.Fallback
	}
	lexer = chroma.Coalesce(lexer)
	it, err := lexer.Tokenise(nil, string(code))
	if err == nil {
		var b bytes.Buffer
		if len(lang) > 0 {
			b.WriteString(`<div class="code" data-lang="`)
			b.Write(util.EscapeHTML(lang))
			b.WriteString(`">`)
		} else {
			b.WriteString(`<div class="code">`)
		}
		if err = h.formatter.Format(&b, styles.Get(HighlightStyle), it); err == nil {
			b.WriteString("</div>\n")
			_, _ = w.Write(b.Bytes())
			return
		}
	}
	// chroma failed: fall back to escaped plain text rather than losing code.
	_, _ = io.WriteString(w, `<pre tabindex="0"><code>`)
	_, _ = w.Write(util.EscapeHTML(code))
	_, _ = io.WriteString(w, "</code></pre>\n")
}

// Cache keeps highlighted code between builds, by a hash of the language,
// the code and the highlighter's version, so an unchanged block is not
// lexed again: chroma's lexers are the costliest part of rendering.
type Cache interface {
	Get(key string) ([]byte, bool)
	Put(key string, data []byte)
}

// codeKey names a block of code in a Cache. It changes with the version of
// chroma, whose output it stands for, so a cache never outlives it.
func codeKey(lang, code []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "rounds highlight 2\x00%s\x00%s\x00%s\x00", chromaVersion, HighlightStyle, lang)
	h.Write(code)
	return hex.EncodeToString(h.Sum(nil))
}

// chromaVersion is the version of chroma built in, "" when unknown (a
// cache then still changes with the language and the code).
var chromaVersion = func() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == "github.com/alecthomas/chroma/v2" {
				if d.Replace != nil {
					d = d.Replace
				}
				return d.Version + " " + d.Sum
			}
		}
	}
	return ""
}()

// HighlightCSS is the stylesheet for highlighted code.
func HighlightCSS() []byte {
	var b bytes.Buffer
	_ = newFormatter().WriteCSS(&b, styles.Get(HighlightStyle))
	return b.Bytes()
}
