package mdast

import "github.com/yuin/goldmark/ast"

// KindCallout is the kind of Callout nodes.
var KindCallout = ast.NewNodeKind("Callout")

// Callout is a block quote that starts with "[!KIND]" (GitHub's alerts,
// plus clinical kinds): a labelled box. Its children are the quote's
// blocks, less the marker.
type Callout struct {
	ast.BaseBlock
	Name  string // lower case: "warning", "red-flag"
	Label string // shown: "Warning", "Red flag"
}

// Kind implements ast.Node.
func (n *Callout) Kind() ast.NodeKind { return KindCallout }

// Dump implements ast.Node.
func (n *Callout) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Name}, nil)
}
