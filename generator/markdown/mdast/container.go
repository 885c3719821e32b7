package mdast

import (
	"strings"

	"github.com/yuin/goldmark/ast"
)

// KindContainer is the kind of a container other than a quiz.
var KindContainer = ast.NewNodeKind("Container")

// Container is a known container other than a quiz ("::: case",
// "::: transcript", ...; SPEC.md, Shared conventions "Containers"), laid
// out as a block around its content until an extension of its own lays
// it out.
type Container struct {
	ast.BaseBlock
	Name    string
	Options []string
	Fence   int // the number of colons that open and close it
}

// Kind implements ast.Node.
func (n *Container) Kind() ast.NodeKind { return KindContainer }

// Dump implements ast.Node.
func (n *Container) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Name, "Options": strings.Join(n.Options, " ")}, nil)
}
