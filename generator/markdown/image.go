package markdown

import (
	"bytes"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Image is what the site knows of an image file of a module's bundle.
type Image struct {
	Width, Height int    // as shown (turned upright); 0 when unknown
	Srcset        string // "photo.480w.jpg 480w, photo.jpg 1200w"; "" for one size
}

// Decorative is the image title that marks an image as decoration:
// ![](rule.png "decorative") is rendered with alt="" (WCAG 1.1.1: screen
// readers skip it). Every other image needs real alt text.
const Decorative = "decorative"

// imageSizes tells the browser how wide an image of the body is shown: the
// theme's measure (44rem) on a wide screen, the screen less its margins on
// a narrow one, so it picks the smallest file that is sharp enough.
const imageSizes = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"

// imagesKey holds Options.Images for the transformer.
var imagesKey = parser.NewContextKey()

// imageTransformerPriority: any time after parsing; images are leaves.
const imageTransformerPriority = 900

// images renders every image with its size (no layout shift as it loads),
// decoding="async", loading="lazy" except the first (which is likely in
// view and the page's largest paint), and a srcset of smaller copies.
type images struct{}

func (im *images) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(im, imageTransformerPriority)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(im, anchorRendererPriority)))
}

func (im *images) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	lookup, _ := pc.Get(imagesKey).(func(string) (Image, bool))
	first := true
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		img, ok := n.(*ast.Image)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		if !first {
			img.SetAttributeString("loading", []byte("lazy"))
		}
		first = false
		img.SetAttributeString("decoding", []byte("async"))
		if lookup == nil {
			return ast.WalkSkipChildren, nil
		}
		info, ok := lookup(string(img.Destination))
		if !ok {
			return ast.WalkSkipChildren, nil
		}
		if info.Width > 0 && info.Height > 0 {
			img.SetAttributeString("width", []byte(strconv.Itoa(info.Width)))
			img.SetAttributeString("height", []byte(strconv.Itoa(info.Height)))
		}
		if info.Srcset != "" {
			img.SetAttributeString("srcset", []byte(info.Srcset))
			img.SetAttributeString("sizes", []byte(imageSizes))
		}
		return ast.WalkSkipChildren, nil
	})
}

func (im *images) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindImage, im.render)
}

// render is goldmark's image renderer, less its title for a decorative
// image, whose alt is then empty.
func (im *images) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	_, _ = w.WriteString(`<img src="`)
	dest := util.URLEscape(n.Destination, true)
	if !html.IsDangerousURL(dest) {
		_, _ = w.Write(util.EscapeHTML(dest))
	}
	_, _ = w.WriteString(`" alt="`)
	decorative := IsDecorative(n.Title)
	if !decorative {
		esc(w, plainText(n, src))
	}
	_ = w.WriteByte('"')
	if n.Title != nil && !decorative {
		_, _ = w.WriteString(` title="`)
		_, _ = w.Write(util.EscapeHTML(n.Title))
		_ = w.WriteByte('"')
	}
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.ImageAttributeFilter)
	}
	_ = w.WriteByte('>')
	return ast.WalkSkipChildren, nil
}

// IsDecorative reports whether an image title marks the image as
// decoration.
func IsDecorative(title []byte) bool {
	return bytes.EqualFold(bytes.TrimSpace(title), []byte(Decorative))
}
