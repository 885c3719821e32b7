package mdast

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// KindMath is the kind of Math nodes.
var KindMath = ast.NewNodeKind("Math")

// Math is a TeX formula: $...$ inline, $$...$$ displayed as a block.
type Math struct {
	ast.BaseInline
	Display bool
	// Segments are the formula's pieces in the source, one per line it
	// spans (a displayed formula may span lines of its paragraph).
	Segments []text.Segment
}

// Kind implements ast.Node.
func (n *Math) Kind() ast.NodeKind { return KindMath }

// Dump implements ast.Node.
func (n *Math) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"TeX": n.TeX(src)}, nil)
}

// TeX is the formula as written.
func (n *Math) TeX(src []byte) string {
	var b strings.Builder
	for _, s := range n.Segments {
		b.Write(s.Value(src))
	}
	return b.String()
}

// Offset maps a byte offset in TeX to one in the source.
func (n *Math) Offset(at int) int {
	if len(n.Segments) == 0 {
		return 0
	}
	for _, s := range n.Segments {
		if at < s.Len() {
			return s.Start + at
		}
		at -= s.Len()
	}
	return n.Segments[len(n.Segments)-1].Stop
}
