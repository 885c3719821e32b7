package markdown

import (
	"net/url"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/markdown/mdast"
)

// citeParserPriority runs before goldmark's link parser (200), which also
// starts at '['; a group followed by '(' or '[' is left to it.
const citeParserPriority = 199

// cite turns [@id], [@a; @b] and [@a, p. 12] into superscript numbers
// linking to the reference list (SPEC.md "Citations"). The syntax is
// Pandoc's; the parsing is content.ParseCiteGroup, shared with the gate, so
// what the gate checks is exactly what is rendered.
type cite struct{}

func (c *cite) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(c, citeParserPriority)),
		parser.WithASTTransformers(util.Prioritized(citeNumbering{}, citeParserPriority)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(c, citeParserPriority)))
}

func (c *cite) Trigger() []byte { return []byte{'['} }

func (c *cite) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) < 3 || line[1] != '@' {
		return nil
	}
	group, n := content.ParseCiteGroup(line)
	if n == 0 {
		return nil
	}
	block.Advance(n)
	node := &mdast.Citation{}
	for _, g := range group {
		node.Refs = append(node.Refs, mdast.CiteRef{Key: g.Key, Locator: g.Locator})
	}
	return node
}

func (c *cite) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(mdast.KindCitation, c.render)
}

func (c *cite) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	node := n.(*mdast.Citation)
	_, _ = w.WriteString(`<sup class="cite">`)
	for i, r := range node.Refs {
		if i > 0 {
			_, _ = w.WriteString(",")
		}
		if r.Number == 0 {
			_, _ = w.WriteString(`<span class="cite-missing">[@`)
			_, _ = w.Write(util.EscapeHTML([]byte(r.Key)))
			_, _ = w.WriteString(`]</span>`)
			continue
		}
		_, _ = w.WriteString(`<a href="`)
		_, _ = w.Write(util.EscapeHTML([]byte(node.Base + "#" + RefID(r.Key))))
		_, _ = w.WriteString(`"`)
		if r.First {
			_, _ = w.WriteString(` id="`)
			_, _ = w.Write(util.EscapeHTML([]byte(CiteID(r.Key))))
			_, _ = w.WriteString(`"`)
		}
		_, _ = w.WriteString(`>`)
		_, _ = w.WriteString(strconv.Itoa(r.Number))
		_, _ = w.WriteString(`</a>`)
		if r.Locator != "" {
			// AMA: the page after the number, in parentheses: 3(p12)
			_, _ = w.WriteString("(")
			_, _ = w.Write(util.EscapeHTML([]byte(r.Locator)))
			_, _ = w.WriteString(")")
		}
	}
	_, _ = w.WriteString(`</sup>`)
	return ast.WalkSkipChildren, nil
}

// RefID is the id of a reference-list entry.
func RefID(key string) string { return "ref-" + url.PathEscape(key) }

// CiteID is the id of a reference's first citation in the text.
func CiteID(key string) string { return "cite-" + url.PathEscape(key) }

// Context keys: what the caller tells the extension, and what it reports.
var (
	knownKey = parser.NewContextKey()
	citedKey = parser.NewContextKey()
	fixedKey = parser.NewContextKey()
)

// fixedNumbers are Options.Numbers and Options.RefBase.
type fixedNumbers struct {
	numbers map[string]int
	base    string
}

// citeNumbering numbers citations once the document is parsed.
type citeNumbering struct{}

func (citeNumbering) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	known, _ := pc.Get(knownKey).(func(string) bool)
	fixed, ok := pc.Get(fixedKey).(fixedNumbers)
	if !ok || fixed.numbers == nil {
		pc.Set(citedKey, number(doc, known))
	}
	if !ok {
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		c, isCite := n.(*mdast.Citation)
		if !isCite || !entering {
			return ast.WalkContinue, nil
		}
		c.Base = fixed.base
		for i := range c.Refs {
			if fixed.numbers != nil {
				c.Refs[i].Number, c.Refs[i].First = fixed.numbers[c.Refs[i].Key], false
			}
		}
		return ast.WalkContinue, nil
	})
}

// number assigns reference numbers by first citation, in document order,
// and returns the cited keys in that order. Unknown keys get no number.
func number(doc ast.Node, known func(string) bool) []string {
	nums := map[string]int{}
	var order []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		c, ok := n.(*mdast.Citation)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		for i := range c.Refs {
			r := &c.Refs[i]
			if known != nil && !known(r.Key) {
				continue
			}
			if nums[r.Key] == 0 {
				order = append(order, r.Key)
				nums[r.Key] = len(order)
				r.First = true
			}
			r.Number = nums[r.Key]
		}
		return ast.WalkContinue, nil
	})
	return order
}
