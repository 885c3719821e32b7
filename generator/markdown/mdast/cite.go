package mdast

import (
	"fmt"

	"github.com/yuin/goldmark/ast"
)

// KindCitation is the kind of Citation nodes.
var KindCitation = ast.NewNodeKind("Citation")

// Citation is a group of citations: [@a; @b, p. 12].
type Citation struct {
	ast.BaseInline
	Refs []CiteRef
	Base string // put before "#ref-..." in links: "" on the page itself
}

// CiteRef is one cited reference of a group.
type CiteRef struct {
	Key     string
	Locator string
	Number  int  // position in the reference list, from 1; 0 when the key is unknown
	First   bool // the first citation of this reference in the document
}

// Kind implements ast.Node.
func (n *Citation) Kind() ast.NodeKind { return KindCitation }

// Dump implements ast.Node.
func (n *Citation) Dump(source []byte, level int) {
	m := map[string]string{}
	for i, r := range n.Refs {
		m[fmt.Sprint("Ref", i)] = fmt.Sprintf("%s %q #%d", r.Key, r.Locator, r.Number)
	}
	ast.DumpHelper(n, source, level, m, nil)
}
