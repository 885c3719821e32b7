package mdast

import (
	"fmt"

	"github.com/yuin/goldmark/ast"
)

// Node kinds of quizzes. A quiz is laid out as
//
//	Quiz
//	  QuizStem            the question
//	  QuizChoices
//	    QuizChoice ...    each answer, lettered A, B, C, ...
//	  QuizAnswer          the answer, per-choice feedback and rationale
//	    QuizFeedback ...
//	    QuizRationale
var (
	KindQuiz          = ast.NewNodeKind("Quiz")
	KindQuizStem      = ast.NewNodeKind("QuizStem")
	KindQuizChoices   = ast.NewNodeKind("QuizChoices")
	KindQuizChoice    = ast.NewNodeKind("QuizChoice")
	KindQuizAnswer    = ast.NewNodeKind("QuizAnswer")
	KindQuizFeedback  = ast.NewNodeKind("QuizFeedback")
	KindQuizRationale = ast.NewNodeKind("QuizRationale")
)

// Quiz is a "::: quiz" container.
type Quiz struct {
	ast.BaseBlock
	ID       string
	Number   int // 1-based position among the document's quizzes
	Posttest bool
	Multi    bool
	Options  []string
	Fence    int // the number of colons that open and close it
	// From the opening line (content.Quiz has the same): the objective
	// tested, the heading id that teaches it, the pool's N, shuffle.
	Objective int
	Teaches   string
	Pool      int
	Shuffle   bool
}

// Kind implements ast.Node.
func (n *Quiz) Kind() ast.NodeKind { return KindQuiz }

// Dump implements ast.Node.
func (n *Quiz) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.ID, "Posttest": fmt.Sprint(n.Posttest), "Multi": fmt.Sprint(n.Multi)}, nil)
}

// QuizStem is the question. Inline is true when its content is phrasing
// only (one paragraph, unwrapped), so it can sit in the legend.
type QuizStem struct {
	ast.BaseBlock
	Inline bool
}

// Kind implements ast.Node.
func (n *QuizStem) Kind() ast.NodeKind { return KindQuizStem }

// Dump implements ast.Node.
func (n *QuizStem) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// QuizChoices holds the answers.
type QuizChoices struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *QuizChoices) Kind() ast.NodeKind { return KindQuizChoices }

// Dump implements ast.Node.
func (n *QuizChoices) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// QuizChoice is one answer; its children are its label's inline content.
type QuizChoice struct {
	ast.BaseBlock
	Index   int // from 0
	Correct bool
	Pin     bool   // {pin}: kept in place when the choices are shuffled
	Next    string // {next=id}: the stage of the case it leads to
}

// Kind implements ast.Node.
func (n *QuizChoice) Kind() ast.NodeKind { return KindQuizChoice }

// Dump implements ast.Node.
func (n *QuizChoice) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Correct": fmt.Sprint(n.Correct)}, nil)
}

// QuizAnswer holds what a learner sees after answering.
type QuizAnswer struct {
	ast.BaseBlock
	Right []int // indices of the right choices
}

// Kind implements ast.Node.
func (n *QuizAnswer) Kind() ast.NodeKind { return KindQuizAnswer }

// Dump implements ast.Node.
func (n *QuizAnswer) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// QuizFeedback is the feedback of one choice.
type QuizFeedback struct {
	ast.BaseBlock
	Index int
}

// Kind implements ast.Node.
func (n *QuizFeedback) Kind() ast.NodeKind { return KindQuizFeedback }

// Dump implements ast.Node.
func (n *QuizFeedback) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// QuizRationale is the explanation after "Why:".
type QuizRationale struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *QuizRationale) Kind() ast.NodeKind { return KindQuizRationale }

// Dump implements ast.Node.
func (n *QuizRationale) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }
