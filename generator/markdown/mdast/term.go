package mdast

import "github.com/yuin/goldmark/ast"

// KindTerm is the kind of Term nodes.
var KindTerm = ast.NewNodeKind("Term")

// Term is the first use on a page of a term of the site's glossary. Its
// child is the text as written.
type Term struct {
	ast.BaseInline
	Expansion  string // an abbreviation's expansion, "" for a term
	Definition string
	Href       string // the term's entry on the glossary page
}

// Kind implements ast.Node.
func (n *Term) Kind() ast.NodeKind { return KindTerm }

// Dump implements ast.Node.
func (n *Term) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Href": n.Href}, nil)
}
