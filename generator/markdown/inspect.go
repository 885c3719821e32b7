package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/rounds-dev/rounds/generator/markdown/mdast"
)

// Markup is what a body holds that the publication gate checks before
// anything is rendered, found by the same parser Render uses: every link
// and image with the address the page will carry, the raw HTML the page
// leaves out, and the ticked task items that would show an answer outside
// a quiz. Offsets are into the body.
type Markup struct {
	Links   []LinkRef
	RawHTML []RawHTML
	Checked []int // "[x]" task items outside a quiz or a case
	// Callouts are block quotes marked "[!KIND]" with no known kind,
	// which the page would show as a plain quote with the marker.
	Callouts []UnknownCallout
	// Headings are the ids of the body's headings, as the page gives
	// them (a question's teaches=#id names one).
	Headings []string
	// Math are the formulas that cannot be converted to MathML.
	Math []MathProblem
	// Diagrams are the diagrams that cannot be drawn as written.
	Diagrams []DiagramProblem
}

// UnknownCallout is a "[!KIND]" marker of no known kind.
type UnknownCallout struct {
	Offset int    // of the "[!"
	Kind   string // as written
}

// LinkRef is one link, image or autolink of a body.
type LinkRef struct {
	Offset   int    // of the "[" ("![" for an image, "<" or the address for an autolink)
	Image    bool   // an image: its address goes in src
	Dest     string // the address as written (after Markdown's escapes)
	Rendered string // the address as the page's attribute holds it
	// Dropped: goldmark leaves this address out of the page (javascript:,
	// vbscript:, file:, data: other than images), silently.
	Dropped bool
	// Alt is an image's text alternative as the page shows it, and
	// Decorative says its title marks it as decoration.
	Alt        string
	Decorative bool
}

// RawHTML is a piece of HTML written in a body, which the page leaves out
// (raw HTML is off). Comments are not listed: they are allowed, and carry
// the author's phi-ok notes.
type RawHTML struct {
	Offset int
	Text   string // its first line, cut
}

// Inspect parses a body as Render does and returns its Markup.
func (r *Renderer) Inspect(src []byte) Markup {
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(parser.NewContext()))
	var out Markup
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if id, ok := n.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					out.Headings = append(out.Headings, string(b))
				}
			}
		case *ast.Link:
			dest := util.URLEscape(n.Destination, true)
			out.Links = append(out.Links, LinkRef{Offset: linkStart(n, src, "["), Dest: string(n.Destination),
				Rendered: string(dest), Dropped: html.IsDangerousURL(dest)})
		case *ast.Image:
			dest := util.URLEscape(n.Destination, true)
			out.Links = append(out.Links, LinkRef{Offset: linkStart(n, src, "!["), Image: true, Dest: string(n.Destination),
				Rendered: string(dest), Dropped: html.IsDangerousURL(dest), Alt: plainText(n, src), Decorative: IsDecorative(n.Title)})
		case *ast.AutoLink:
			url := n.URL(src)
			dest := util.URLEscape(url, false)
			if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(dest), []byte("mailto:")) {
				dest = append([]byte("mailto:"), dest...)
			}
			out.Links = append(out.Links, LinkRef{Offset: autoLinkStart(n, src), Dest: string(url),
				Rendered: string(dest), Dropped: html.IsDangerousURL(dest)})
		case *ast.HTMLBlock:
			if n.HTMLBlockType == ast.HTMLBlockType2 || n.Lines().Len() == 0 {
				return ast.WalkContinue, nil // a comment
			}
			seg := n.Lines().At(0)
			out.RawHTML = append(out.RawHTML, RawHTML{Offset: seg.Start, Text: firstLine(seg.Value(src))})
		case *ast.RawHTML:
			if n.Segments.Len() == 0 {
				return ast.WalkContinue, nil
			}
			seg := n.Segments.At(0)
			// A comment is allowed; a closing tag is part of the opening
			// one's mistake, reported once.
			if v := seg.Value(src); !bytes.HasPrefix(v, []byte("<!--")) && !bytes.HasPrefix(v, []byte("</")) {
				out.RawHTML = append(out.RawHTML, RawHTML{Offset: seg.Start, Text: firstLine(v)})
			}
		case *ast.Blockquote:
			if kind, p, end, ok := calloutMarker(n, src); ok && calloutKinds[kind] == "" {
				at := p.Lines().At(0).Start
				out.Callouts = append(out.Callouts, UnknownCallout{Offset: at, Kind: string(src[at+2 : end-1])})
			}
		case *east.TaskCheckBox:
			if n.IsChecked && !inAnswerContainer(n) {
				out.Checked = append(out.Checked, blockStart(n))
			}
		}
		return ast.WalkContinue, nil
	})
	out.Math = r.math.problems(doc, src)
	out.Diagrams = diagramProblems(doc)
	return out
}

// inAnswerContainer reports whether a node is inside a quiz or a case,
// the containers whose ticked task items are answers.
func inAnswerContainer(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p := p.(type) {
		case *mdast.Quiz:
			return true
		case *mdast.Container:
			if p.Name == "case" {
				return true
			}
		}
	}
	return false
}

// blockStart is the offset of the first line of the block holding n.
func blockStart(n ast.Node) int {
	for p := n; p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

// blockEnd is the offset of the end of the block holding n.
func blockEnd(n ast.Node, src []byte) int {
	for p := n; p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(p.Lines().Len() - 1).Stop
		}
	}
	return len(src)
}

// firstText is the offset of the first text inside n, or -1.
func firstText(n ast.Node) int {
	at := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			at = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return at
}

// linkStart finds the opening "[" (or "![") of a link or an image: the
// last one before its text, or, for an empty text, the first "](" in its
// block from where it can start.
func linkStart(n ast.Node, src []byte, open string) int {
	from := blockStart(n)
	if t := firstText(n); t >= 0 {
		if i := bytes.LastIndex(src[from:t], []byte(open)); i >= 0 {
			return from + i
		}
		return t
	}
	end := min(blockEnd(n, src), len(src))
	if from > end {
		return from
	}
	if prev := n.PreviousSibling(); prev != nil {
		if t := firstText(prev); t > from {
			from = t
		}
	}
	if i := bytes.Index(src[from:end], []byte(open+"](")); i >= 0 {
		return from + i
	}
	return from
}

// autoLinkStart finds an autolink's address in its block.
func autoLinkStart(n *ast.AutoLink, src []byte) int {
	from, end := blockStart(n), min(blockEnd(n, src), len(src))
	if from <= end {
		if i := bytes.Index(src[from:end], n.Label(src)); i >= 0 {
			if from+i > 0 && src[from+i-1] == '<' {
				return from + i - 1
			}
			return from + i
		}
	}
	return from
}

// firstLine is the first line of raw HTML, cut to a length a message can
// quote.
func firstLine(b []byte) string {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	b = bytes.TrimSpace(b)
	if r := []rune(string(b)); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return string(b)
}
