package markdown

import (
	"bytes"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/rounds-dev/rounds/generator/markdown/mdast"
)

// GlossaryEntry is a term of the site's glossary as the renderer needs it.
type GlossaryEntry struct {
	Names      []string // the term, then its aliases, as written in a body
	Expansion  string   // an abbreviation's expansion
	Definition string
	Href       string // its entry on the glossary page, from the page ("../../glossary/#term-qsofa")
}

// glossaryKey holds Options.Glossary for the transformer.
var glossaryKey = parser.NewContextKey()

// glossaryTransformerPriority: after the quiz, callout and diagram
// transformers have reshaped the tree.
const glossaryTransformerPriority = 950

// glossary marks the first use of each glossary term on a page: an
// abbreviation as <abbr title="expansion">, a term as <dfn>, each inside a
// link to its entry on the glossary page, so its definition is one Tab
// and Enter away (a title attribute alone reaches only a mouse). Terms are
// matched as whole words, case and all, in the text of paragraphs, lists,
// tables and quotes: never in headings, links, code or formulas.
type glossary struct{}

func (g *glossary) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(g, glossaryTransformerPriority)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(g, anchorRendererPriority)))
}

type glossaryName struct {
	name  []byte
	entry int
}

func (g *glossary) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	entries, _ := pc.Get(glossaryKey).([]GlossaryEntry)
	if len(entries) == 0 {
		return
	}
	var names []glossaryName
	for i, e := range entries {
		for _, n := range e.Names {
			if n != "" {
				names = append(names, glossaryName{[]byte(n), i})
			}
		}
	}
	// Longest first: "qSOFA score" before "qSOFA".
	sort.SliceStable(names, func(i, j int) bool { return len(names[i].name) > len(names[j].name) })
	src := reader.Source()
	used := make([]bool, len(entries))
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading, *ast.Link, *ast.AutoLink, *ast.Image, *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			texts = append(texts, n)
		}
		if n.Kind() == mdast.KindMath || n.Kind() == mdast.KindDiagram || n.Kind() == mdast.KindTerm {
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, t := range texts {
		for t != nil {
			t = g.mark(t, src, names, entries, used)
		}
	}
}

// mark marks the first unused term in t, splitting it, and returns the
// text after the term (nil when there is none or no term was found).
func (g *glossary) mark(t *ast.Text, src []byte, names []glossaryName, entries []GlossaryEntry, used []bool) *ast.Text {
	seg := t.Segment
	value := seg.Value(src)
	best, bestAt := -1, len(value)
	for k, n := range names {
		if used[n.entry] {
			continue
		}
		for from := 0; from < bestAt; {
			i := bytes.Index(value[from:], n.name)
			if i < 0 {
				break
			}
			i += from
			if i >= bestAt {
				break
			}
			if wordAt(value, i, i+len(n.name)) {
				best, bestAt = k, i
				break
			}
			from = i + 1
		}
	}
	if best < 0 {
		return nil
	}
	n := names[best]
	used[n.entry] = true
	e := entries[n.entry]
	parent := t.Parent()
	before := ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+bestAt))
	word := ast.NewTextSegment(text.NewSegment(seg.Start+bestAt, seg.Start+bestAt+len(n.name)))
	after := ast.NewTextSegment(text.NewSegment(seg.Start+bestAt+len(n.name), seg.Stop))
	after.SetSoftLineBreak(t.SoftLineBreak())
	after.SetHardLineBreak(t.HardLineBreak())
	term := &mdast.Term{Expansion: e.Expansion, Definition: e.Definition, Href: e.Href}
	term.AppendChild(term, word)
	if bestAt > 0 {
		parent.InsertBefore(parent, t, before)
	}
	parent.InsertBefore(parent, t, term)
	parent.ReplaceChild(parent, t, after)
	if after.Segment.Len() == 0 {
		return nil
	}
	return after
}

// wordAt reports whether value[i:j] stands as a word: no letter or digit
// touches it on either side.
func wordAt(value []byte, i, j int) bool {
	if i > 0 {
		r, _ := utf8.DecodeLastRune(value[:i])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if j < len(value) {
		r, _ := utf8.DecodeRune(value[j:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func (g *glossary) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(mdast.KindTerm, g.render)
}

func (g *glossary) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*mdast.Term)
	if !entering {
		if n.Expansion != "" {
			_, _ = w.WriteString("</abbr></a>")
		} else {
			_, _ = w.WriteString("</dfn></a>")
		}
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a class="term" href="`)
	esc(w, n.Href)
	_, _ = w.WriteString(`" title="`)
	if n.Expansion != "" {
		esc(w, n.Expansion+": "+n.Definition)
		_, _ = w.WriteString(`"><abbr>`)
	} else {
		esc(w, n.Definition)
		_, _ = w.WriteString(`"><dfn>`)
	}
	return ast.WalkContinue, nil
}
