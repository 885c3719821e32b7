package mdast

import "github.com/yuin/goldmark/ast"

// KindDiagram is the kind of Diagram nodes.
var KindDiagram = ast.NewNodeKind("Diagram")

// Diagram is a fenced block of ASCII art in the goat language (```goat
// title="..." desc="..."), drawn as an inline SVG.
type Diagram struct {
	ast.BaseBlock
	Title, Desc string
	Source      string // the drawing, lines joined by "\n"
	Offset      int    // of the info string in the body, for errors
	Number      int    // 1, 2, ... in the body: ids of its title and desc
	Problem     string // what is wrong with the block, "" for nothing
}

// Kind implements ast.Node.
func (n *Diagram) Kind() ast.NodeKind { return KindDiagram }

// Dump implements ast.Node.
func (n *Diagram) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Title": n.Title}, nil)
}
