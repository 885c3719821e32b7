package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/rounds-dev/rounds/generator/markdown/mdast"
	"github.com/rounds-dev/rounds/generator/markdown/tex"
)

// mathParserPriority: before goldmark's emphasis (it must see "$" first)
// and after code spans, so `$x$` stays code.
const mathParserPriority = 150

// math reads TeX formulas by pandoc's rules and renders them as MathML at
// build time: $...$ inline, $$...$$ displayed. The opening $ of an inline
// formula has a non-space character right after it, the closing one a
// non-space character right before it and no digit after it, so "costs $5
// and $10" stays text; \$ is a dollar sign.
type math struct {
	conv *tex.Converter
}

func (m *math) Extend(md goldmark.Markdown) {
	md.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(m, mathParserPriority)))
	md.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(m, anchorRendererPriority)))
}

func (m *math) Trigger() []byte { return []byte{'$'} }

func (m *math) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) >= 2 && line[1] == '$' {
		return m.display(block)
	}
	// Inline: one line, pandoc's rules.
	if len(line) < 3 || isSpace(line[1]) {
		return nil
	}
	for i := 1; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++ // \$ and \\ inside a formula are TeX's
		case '$':
			if isSpace(line[i-1]) || i+1 < len(line) && line[i+1] >= '0' && line[i+1] <= '9' {
				continue
			}
			n := &mdast.Math{Segments: []text.Segment{text.NewSegment(seg.Start+1, seg.Start+i)}}
			block.Advance(i + 1)
			return n
		case '\n':
			return nil
		}
	}
	return nil
}

// display reads $$...$$, over as many lines of the paragraph as it takes.
func (m *math) display(block text.Reader) ast.Node {
	l, pos := block.Position()
	block.Advance(2)
	n := &mdast.Math{Display: true}
	for {
		line, seg := block.PeekLine()
		if line == nil {
			block.SetPosition(l, pos)
			return nil
		}
		for i := 0; i < len(line); i++ {
			if line[i] == '\\' {
				i++
				continue
			}
			if line[i] == '$' && i+1 < len(line) && line[i+1] == '$' {
				if i > 0 {
					n.Segments = append(n.Segments, seg.WithStop(seg.Start+i))
				}
				block.Advance(i + 2)
				if len(n.Segments) == 0 {
					block.SetPosition(l, pos)
					return nil // $$$$ is not a formula
				}
				return n
			}
		}
		n.Segments = append(n.Segments, seg)
		block.AdvanceLine()
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (m *math) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(mdast.KindMath, m.render)
}

// render writes the formula's MathML. A formula the gate refused never
// gets here on a build; the dev server's preview of a refused module
// shows its TeX as code.
func (m *math) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*mdast.Math)
	formula := n.TeX(src)
	out, err := m.conv.Convert(formula, n.Display)
	if err != nil {
		_, _ = w.WriteString(`<code class="math-error">`)
		esc(w, formula)
		_, _ = w.WriteString(`</code>`)
		return ast.WalkSkipChildren, nil
	}
	// Temml's output: elements and attributes it writes itself, every
	// text escaped by it (trust off: no links, no classes of the author's).
	_, _ = w.WriteString(out)
	return ast.WalkSkipChildren, nil
}

// mathProblems converts every formula of a parsed body and returns those
// that fail, at their place in the source.
func (m *math) problems(doc ast.Node, src []byte) []MathProblem {
	var out []MathProblem
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		mn, ok := n.(*mdast.Math)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		formula := mn.TeX(src)
		if _, err := m.conv.Convert(formula, mn.Display); err != nil {
			at := mn.Offset(0)
			if e, ok := err.(*tex.Error); ok && e.Offset >= 0 {
				at = mn.Offset(e.Offset)
			}
			out = append(out, MathProblem{Offset: at, Formula: formula, Message: err.Error()})
		}
		return ast.WalkSkipChildren, nil
	})
	return out
}

// MathProblem is a formula that cannot be converted.
type MathProblem struct {
	Offset  int // in the body, of the problem (or of the formula)
	Formula string
	Message string
}
