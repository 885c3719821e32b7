package markdown

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/markdown/mdast"
)

// Priorities: the container opens before paragraphs (1000) and lists (300)
// would claim its line; the transformer runs after GFM's task list.
const (
	quizParserPriority      = 250
	quizTransformerPriority = 900
)

// quiz parses "::: quiz" containers (SPEC.md "Quizzes") and renders each as
// an accessible form that works without JavaScript: a fieldset and legend,
// native inputs with labels, and the answer, feedback and rationale in a
// <details>. What a quiz is (opening line, options, closing line) is decided
// by content.ParseContainerLine, shared with the gate.
type quiz struct{}

func (q *quiz) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(q, quizParserPriority)),
		parser.WithASTTransformers(util.Prioritized(quizLayout{}, quizTransformerPriority)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(q, quizParserPriority)))
}

var quizCountKey = parser.NewContextKey()

func (q *quiz) Trigger() []byte { return []byte{':'} }

func (q *quiz) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	cl, ok := content.ParseContainerLine(line)
	if !ok || cl.Name != "quiz" || !opensIn(parent, cl.Fence) {
		return nil, parser.NoChildren
	}
	n, _ := pc.Get(quizCountKey).(int)
	n++
	pc.Set(quizCountKey, n)
	node := &mdast.Quiz{Number: n, ID: fmt.Sprintf("q%d", n), Options: cl.Options, Fence: cl.Fence}
	for _, o := range cl.Options {
		switch {
		case o == "posttest":
			node.Posttest = true
		case strings.HasPrefix(o, "id=") && content.ValidSlug(o[3:]):
			node.ID = o[3:]
		case o == "shuffle":
			node.Shuffle = true
		case strings.HasPrefix(o, "objective="):
			node.Objective, _ = strconv.Atoi(o[len("objective="):])
		case strings.HasPrefix(o, "pool="):
			node.Pool, _ = strconv.Atoi(o[len("pool="):])
		case strings.HasPrefix(o, "teaches=#") && content.ValidSlug(o[len("teaches=#"):]):
			node.Teaches = o[len("teaches=#"):]
		}
	}
	reader.AdvanceToEOL()
	return node, parser.HasChildren
}

func (q *quiz) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if cl, ok := content.ParseContainerLine(line); ok && cl.Closes(node.(*mdast.Quiz).Fence) {
		reader.AdvanceToEOL()
		return parser.Close
	}
	return parser.Continue | parser.HasChildren
}

func (q *quiz) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (q *quiz) CanInterruptParagraph() bool                                { return true }
func (q *quiz) CanAcceptIndentedLine() bool                                { return false }

// quizLayout rearranges what goldmark parsed inside a quiz (paragraphs, a
// task list, blockquotes, a "Why:" paragraph) into the quiz's parts.
type quizLayout struct{}

func (quizLayout) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var quizzes []*mdast.Quiz
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*mdast.Quiz); ok && entering {
			quizzes = append(quizzes, q)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quizzes {
		layOut(q, src)
	}
}

func layOut(q *mdast.Quiz, src []byte) {
	var blocks []ast.Node
	for c := q.FirstChild(); c != nil; c = c.NextSibling() {
		blocks = append(blocks, c)
	}
	q.RemoveChildren(q)
	stem, choices, answer := &mdast.QuizStem{}, &mdast.QuizChoices{}, &mdast.QuizAnswer{}
	rationale := &mdast.QuizRationale{}
	var feedback []ast.Node
	state := 0 // 0 stem, 1 after choices, 2 rationale
	for _, b := range blocks {
		switch {
		case state == 0 && isTaskList(b):
			for i, item := 0, b.FirstChild(); item != nil; i, item = i+1, item.NextSibling() {
				ch, fb := choiceOf(item, i, src)
				choices.AppendChild(choices, ch)
				if ch.Correct {
					answer.Right = append(answer.Right, i)
				}
				if fb != nil {
					feedback = append(feedback, fb)
				}
			}
			state = 1
		case state < 2 && startsWithWhy(b, src):
			trimWhy(b, src)
			rationale.AppendChild(rationale, b)
			state = 2
		case state == 2:
			rationale.AppendChild(rationale, b)
		case state == 0:
			stem.AppendChild(stem, b)
		}
	}
	if stem.ChildCount() == 1 {
		if p, ok := stem.FirstChild().(*ast.Paragraph); ok {
			// One paragraph: its inline content can sit in the <legend>.
			stem.RemoveChildren(stem)
			moveChildren(p, stem)
			stem.Inline = true
		}
	}
	q.Multi = len(answer.Right) > 1
	q.AppendChild(q, stem)
	q.AppendChild(q, choices)
	for _, f := range feedback {
		answer.AppendChild(answer, f)
	}
	if rationale.HasChildren() {
		answer.AppendChild(answer, rationale)
	}
	q.AppendChild(q, answer)
}

func isTaskList(n ast.Node) bool {
	l, ok := n.(*ast.List)
	if !ok || l.FirstChild() == nil {
		return false
	}
	_, ok = checkbox(l.FirstChild())
	return ok
}

// checkbox finds the task checkbox that starts a list item.
func checkbox(item ast.Node) (*east.TaskCheckBox, bool) {
	tb := item.FirstChild()
	if tb == nil || tb.FirstChild() == nil {
		return nil, false
	}
	cb, ok := tb.FirstChild().(*east.TaskCheckBox)
	return cb, ok
}

// choiceOf turns a list item into a choice (its first text block) and its
// feedback (a blockquote inside it).
func choiceOf(item ast.Node, i int, src []byte) (*mdast.QuizChoice, *mdast.QuizFeedback) {
	ch := &mdast.QuizChoice{Index: i}
	var fb *mdast.QuizFeedback
	for c := item.FirstChild(); c != nil; {
		next := c.NextSibling()
		switch c := c.(type) {
		case *ast.Blockquote:
			fb = &mdast.QuizFeedback{Index: i}
			moveChildren(c, fb)
		case *ast.TextBlock, *ast.Paragraph:
			if ch.ChildCount() == 0 {
				if cb, ok := c.FirstChild().(*east.TaskCheckBox); ok {
					ch.Correct = cb.IsChecked
					c.RemoveChild(c, cb)
					trimLeadingSpace(c, src)
				}
				moveChildren(c, ch)
				ch.Pin, ch.Next = trimMarks(ch, src)
			}
		}
		c = next
	}
	return ch, fb
}

// trimMarks cuts the marks that end a choice ({pin}, {next=id}) from its
// inline content, as content.ChoiceMarks reads them, and returns them.
func trimMarks(ch ast.Node, src []byte) (pin bool, next string) {
	var tail []*ast.Text
	text := ""
	for c := ch.LastChild(); c != nil; c = c.PreviousSibling() {
		t, ok := c.(*ast.Text)
		if !ok {
			break
		}
		tail = append(tail, t)
		text = string(t.Segment.Value(src)) + text
	}
	if !strings.HasSuffix(strings.TrimRight(text, " \t"), "}") {
		return false, ""
	}
	rest, pin, next, _ := content.ChoiceMarks(text)
	cut := len(text) - len(rest)
	for _, t := range tail {
		if cut <= 0 {
			break
		}
		n := t.Segment.Len()
		if n <= cut {
			ch.RemoveChild(ch, t)
			cut -= n
			continue
		}
		t.Segment = t.Segment.WithStop(t.Segment.Stop - cut)
		cut = 0
	}
	return pin, next
}

func moveChildren(from, to ast.Node) {
	for c := from.FirstChild(); c != nil; {
		next := c.NextSibling()
		from.RemoveChild(from, c)
		to.AppendChild(to, c)
		c = next
	}
}

func trimLeadingSpace(n ast.Node, src []byte) {
	if t, ok := n.FirstChild().(*ast.Text); ok {
		for t.Segment.Len() > 0 && t.Segment.Value(src)[0] == ' ' {
			t.Segment = t.Segment.WithStart(t.Segment.Start + 1)
		}
	}
}

func startsWithWhy(n ast.Node, src []byte) bool {
	p, ok := n.(*ast.Paragraph)
	if !ok {
		return false
	}
	t, ok := p.FirstChild().(*ast.Text)
	return ok && bytes.HasPrefix(t.Segment.Value(src), []byte("Why:"))
}

// trimWhy drops the "Why:" label: the renderer prints its own.
func trimWhy(n ast.Node, src []byte) {
	t := n.FirstChild().(*ast.Text)
	seg := t.Segment.WithStart(t.Segment.Start + len("Why:"))
	t.Segment = seg.TrimLeftSpace(src)
}

func (q *quiz) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(mdast.KindQuiz, q.renderQuiz)
	reg.Register(mdast.KindQuizStem, q.renderStem)
	reg.Register(mdast.KindQuizChoices, q.renderChoices)
	reg.Register(mdast.KindQuizChoice, q.renderChoice)
	reg.Register(mdast.KindQuizAnswer, q.renderAnswer)
	reg.Register(mdast.KindQuizFeedback, q.renderFeedback)
	reg.Register(mdast.KindQuizRationale, q.renderRationale)
}

func esc(w util.BufWriter, s string) { _, _ = w.Write(util.EscapeHTML([]byte(s))) }

func (q *quiz) renderQuiz(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	node := n.(*mdast.Quiz)
	if !entering {
		_, _ = w.WriteString("</fieldset>\n</form>\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<form class="quiz" id="quiz-`)
	esc(w, node.ID)
	_, _ = w.WriteString(`" data-quiz="`)
	esc(w, node.ID)
	_, _ = w.WriteString(`"`)
	if node.Posttest {
		_, _ = w.WriteString(` data-posttest`)
	}
	if node.Pool > 0 {
		_, _ = fmt.Fprintf(w, ` data-pool="%d"`, node.Pool)
	}
	if node.Shuffle {
		_, _ = w.WriteString(` data-shuffle`)
	}
	_, _ = w.WriteString(">\n<fieldset>\n")
	return ast.WalkContinue, nil
}

func quizOf(n ast.Node) *mdast.Quiz {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if q, ok := p.(*mdast.Quiz); ok {
			return q
		}
	}
	return &mdast.Quiz{}
}

func (q *quiz) renderStem(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	node, quiz := n.(*mdast.QuizStem), quizOf(n)
	if entering {
		_, _ = w.WriteString(`<legend><span class="quiz-label">`)
		loc := tr(n)
		if quiz.Posttest {
			esc(w, loc.T("quiz.posttest_question"))
		} else {
			esc(w, loc.T("quiz.practice_question"))
		}
		if quiz.Multi {
			_, _ = w.WriteString(" ")
			esc(w, loc.T("quiz.choose_all"))
		}
		_, _ = w.WriteString("</span> ")
		if !node.Inline {
			_, _ = w.WriteString("</legend>\n<div class=\"quiz-stem\">\n")
		}
		return ast.WalkContinue, nil
	}
	if node.Inline {
		_, _ = w.WriteString("</legend>\n")
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

func (q *quiz) renderChoices(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<ul class=\"quiz-choices\">\n")
	} else {
		_, _ = w.WriteString("</ul>\n")
	}
	return ast.WalkContinue, nil
}

func (q *quiz) renderChoice(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	node, quiz := n.(*mdast.QuizChoice), quizOf(n)
	if !entering {
		_, _ = w.WriteString("</label></li>\n")
		return ast.WalkContinue, nil
	}
	id := fmt.Sprintf("quiz-%s-%d", quiz.ID, node.Index)
	kind := "radio"
	if quiz.Multi {
		kind = "checkbox"
	}
	_, _ = fmt.Fprintf(w, `<li data-choice="%d"`, node.Index)
	if node.Pin {
		_, _ = w.WriteString(` data-pin`)
	}
	if node.Next != "" {
		_, _ = w.WriteString(` data-next="`)
		esc(w, node.Next)
		_, _ = w.WriteString(`"`)
	}
	_, _ = fmt.Fprintf(w, `><input type="%s" name="quiz-`, kind)
	esc(w, quiz.ID)
	_, _ = w.WriteString(`" id="`)
	esc(w, id)
	_, _ = fmt.Fprintf(w, `" value="%d"> <label for="`, node.Index)
	esc(w, id)
	_, _ = w.WriteString(`"><span class="quiz-letter">`)
	esc(w, tr(n).Letter(node.Index)+".")
	_, _ = w.WriteString(`</span> `)
	return ast.WalkContinue, nil
}

func (q *quiz) renderAnswer(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	node := n.(*mdast.QuizAnswer)
	if !entering {
		_, _ = w.WriteString("</details>\n")
		return ast.WalkContinue, nil
	}
	// The button and the result only work with JavaScript, which unhides them.
	loc := tr(n)
	_, _ = w.WriteString("<p class=\"quiz-actions\"><button type=\"submit\" hidden>")
	esc(w, loc.T("quiz.check"))
	_, _ = w.WriteString("</button></p>\n")
	_, _ = w.WriteString("<p class=\"quiz-result\" aria-live=\"polite\" tabindex=\"-1\"></p>\n")
	_, _ = w.WriteString("<details class=\"quiz-answer\"><summary>")
	esc(w, loc.T("quiz.answer"))
	_, _ = w.WriteString("</summary>\n")
	letters := make([]string, len(node.Right))
	for i, r := range node.Right {
		letters[i] = template.HTMLEscapeString(loc.Letter(r))
	}
	label := template.HTMLEscapeString(loc.T("quiz.right_answer", "count", len(letters)))
	_, _ = fmt.Fprintf(w, "<p class=\"quiz-right\"><strong>%s:</strong> %s</p>\n", label, strings.Join(letters, ", "))
	return ast.WalkContinue, nil
}

func (q *quiz) renderFeedback(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	node := n.(*mdast.QuizFeedback)
	if entering {
		_, _ = fmt.Fprintf(w, "<div class=\"quiz-feedback\" data-choice=\"%d\"><p class=\"quiz-feedback-label\"><strong>%s</strong></p>\n", node.Index,
			template.HTMLEscapeString(tr(n).T("quiz.about", "choice", tr(n).Letter(node.Index))))
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

func (q *quiz) renderRationale(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<div class=\"quiz-rationale\"><p class=\"quiz-rationale-label\"><strong>")
		esc(w, tr(n).T("quiz.why"))
		_, _ = w.WriteString("</strong></p>\n")
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}
