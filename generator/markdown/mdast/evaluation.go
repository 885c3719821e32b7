package mdast

import (
	"fmt"

	"github.com/yuin/goldmark/ast"
)

// Node kinds of evaluations. An evaluation is laid out as
//
//	Evaluation
//	  EvaluationIntro     what comes before the items (may be absent)
//	  EvaluationItem ...  one per "- rate:" or "- text:" item; its
//	                      children are the prompt's inline content
var (
	KindEvaluation      = ast.NewNodeKind("Evaluation")
	KindEvaluationIntro = ast.NewNodeKind("EvaluationIntro")
	KindEvaluationItem  = ast.NewNodeKind("EvaluationItem")
)

// Evaluation is a "::: evaluation" container. Form holds where the
// answers go, copied from the render options when the document is laid out.
type Evaluation struct {
	ast.BaseBlock
	Fence int
	Form  EvaluationForm
}

// EvaluationForm is what the form around an evaluation needs to know
// besides its items.
type EvaluationForm struct {
	Action   string // the site's form endpoint; "" for none
	Module   string // the module's path, sent with the answers
	Title    string // the module's title, sent with the answers
	Course   string // the course's path: its certificate number goes with the answers
	Package  bool   // the page is in an LMS package: the LMS records the answers
	Provider string // who receives the answers, for the privacy line
}

// Kind implements ast.Node.
func (n *Evaluation) Kind() ast.NodeKind { return KindEvaluation }

// Dump implements ast.Node.
func (n *Evaluation) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// EvaluationIntro holds the blocks before an evaluation's items.
type EvaluationIntro struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *EvaluationIntro) Kind() ast.NodeKind { return KindEvaluationIntro }

// Dump implements ast.Node.
func (n *EvaluationIntro) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// EvaluationItem is one item: Rating: rated 1 to 5; otherwise free text.
type EvaluationItem struct {
	ast.BaseBlock
	ID     string
	Rating bool
}

// Kind implements ast.Node.
func (n *EvaluationItem) Kind() ast.NodeKind { return KindEvaluationItem }

// Dump implements ast.Node.
func (n *EvaluationItem) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.ID, "Rating": fmt.Sprint(n.Rating)}, nil)
}
