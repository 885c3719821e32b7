package content

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

// Evaluation is a module's evaluation: a "::: evaluation" container in its
// body, or the default one rounds gives a module with credit that has none
// (ACCME: an accredited activity asks its learners to evaluate it, and
// whether they saw commercial bias).
type Evaluation struct {
	Intro   string // Markdown before the items, as written; "" for none
	Items   []EvalItem
	Offset  int  // of the opening line, in the body; -1 for the default
	Default bool // rounds' own, not the author's
}

// EvalItem is one item of an evaluation.
type EvalItem struct {
	ID   string // from {id=...}, or "e1", "e2", ... by position
	Kind string // "rate": a rating from 1 to 5 (Likert); "text": free text
	Text string // the prompt, Markdown
}

// The item kinds.
const (
	EvalRate = "rate"
	EvalText = "text"
)

// EvalTextMax is the most characters a free-text answer may hold: what
// SCORM 2004 keeps of a long-fill-in response is larger, but a static
// page's form post and an LMS's record both stay small. SCORM 1.2 keeps
// 255 of them (its fill-in limit).
const EvalTextMax = 2000

// DefaultEvaluation is the evaluation of a module with credit whose body
// has none. Its questions are those ACCME-accredited providers ask of an
// enduring material: whether the objectives were met, the expected change
// in practice, and whether the content was free of commercial bias
// (ACCME Standards for Integrity and Independence, Standard 1 and 2:
// learners are asked whether the education was fair and balanced).
func DefaultEvaluation() Evaluation {
	return Evaluation{Offset: -1, Default: true, Items: []EvalItem{
		{ID: "objectives", Kind: EvalRate, Text: "How well did the activity meet its objectives?"},
		{ID: "relevance", Kind: EvalRate, Text: "How relevant was the activity to your practice?"},
		{ID: "bias", Kind: EvalRate, Text: "How free of commercial bias was the activity (fair, balanced, no promotion of any company's products)?"},
		{ID: "change", Kind: EvalText, Text: "What will you change in your practice after this activity?"},
		{ID: "bias-comment", Kind: EvalText, Text: "If you saw commercial bias, where? Other comments are welcome too."},
	}}
}

// EvaluationOf is the evaluation a module page shows: the author's, else,
// for a module with credit, the default one; nil for none. An archived
// module awards no credit and asks for no evaluation.
func (m *Module) EvaluationOf(archived bool) *Evaluation {
	if m.Evaluation != nil {
		return m.Evaluation
	}
	if m.Meta.Credit == nil || archived {
		return nil
	}
	d := DefaultEvaluation()
	return &d
}

// evalItemLine is an item line: "- rate: prompt {id=x}" or "- text: ...".
var evalItemLine = regexp.MustCompile(`^[-*+] +(rate|text): *(.*?)\s*(\{id=([^}\s]*)\})?$`)

// newEvaluation starts the evaluation an opening line opens; an
// evaluation takes no options.
func newEvaluation(cl ContainerLine, text []byte, start int, problems *[]QuizProblem) *Evaluation {
	for _, o := range cl.Options {
		at := start + bytes.Index(text, []byte(o))
		*problems = append(*problems, QuizProblem{Offset: at, Rule: "markup", Message: fmt.Sprintf("unknown evaluation option %q", o),
			Help: "an evaluation takes no options: write ::: evaluation, then its items"})
	}
	return &Evaluation{Offset: start}
}

// parseInside reads the lines of an evaluation: prose (its introduction),
// then items, each "- rate: ..." or "- text: ..." with an optional
// {id=NAME}. Any other list item is an error: a learner would see a
// bullet where the author meant a question.
func (e *Evaluation) parseInside(body []byte, lines []span, problems []QuizProblem) []QuizProblem {
	var intro []string
	seen := map[string]int{}
	for _, ln := range lines {
		raw := string(bytes.TrimRight(body[ln.start:ln.end], "\r\n"))
		t := strings.TrimSpace(raw)
		indent := len(raw) - len(strings.TrimLeft(raw, " "))
		if t == "" || indent >= 2 && len(e.Items) > 0 {
			if t != "" { // a prompt continued on the next line
				e.Items[len(e.Items)-1].Text += " " + t
			}
			continue
		}
		at := ln.start + indent
		mm := evalItemLine.FindStringSubmatch(t)
		if mm == nil {
			if isListItem(t) {
				problems = append(problems, QuizProblem{Offset: at, Rule: "markup", Message: "evaluation item is not \"- rate:\" or \"- text:\"",
					Help: "write - rate: a question rated 1 to 5 {id=NAME}, or - text: a question answered in words {id=NAME}"})
				continue
			}
			if len(e.Items) > 0 {
				problems = append(problems, QuizProblem{Offset: at, Rule: "markup", Message: "text after the evaluation's items",
					Help: "put the introduction before the items; an item's prompt continues on lines indented by two spaces"})
				continue
			}
			intro = append(intro, raw)
			continue
		}
		item := EvalItem{Kind: mm[1], Text: mm[2], ID: mm[4]}
		switch {
		case mm[3] != "" && !ValidSlug(item.ID):
			problems = append(problems, QuizProblem{Offset: at + strings.Index(t, "{id="), Rule: "markup",
				Message: fmt.Sprintf("evaluation item id %q is not a name", item.ID), Help: "an id is letters, digits, '-' and '_': {id=objectives}"})
		case item.ID == "":
			item.ID = fmt.Sprintf("e%d", len(e.Items)+1)
		}
		if item.Text == "" {
			problems = append(problems, QuizProblem{Offset: at, Rule: "markup", Message: "evaluation item has no question",
				Help: "write the question after " + item.Kind + ":"})
		}
		if n, dup := seen[item.ID]; dup {
			problems = append(problems, QuizProblem{Offset: at, Rule: "markup",
				Message: fmt.Sprintf("evaluation item id %q is used twice (first by item %d)", item.ID, n),
				Help:    "give each item its own {id=NAME}: the LMS and the form endpoint record answers by id"})
		}
		seen[item.ID] = len(e.Items) + 1
		e.Items = append(e.Items, item)
	}
	e.Intro = strings.TrimSpace(strings.Join(intro, "\n"))
	if len(e.Items) == 0 {
		problems = append(problems, QuizProblem{Offset: e.Offset, Rule: "markup", Message: "evaluation has no items",
			Help: "list its questions: - rate: How well did the activity meet its objectives? {id=objectives}"})
	}
	return problems
}

func isListItem(t string) bool {
	return len(t) >= 2 && strings.ContainsRune("-*+", rune(t[0])) && t[1] == ' '
}

// Markdown writes the evaluation as its container: the default
// evaluation is rendered by the same extension as an author's.
func (e Evaluation) Markdown() string {
	var b strings.Builder
	b.WriteString("::: evaluation\n")
	if e.Intro != "" {
		b.WriteString(e.Intro + "\n\n")
	}
	for _, it := range e.Items {
		fmt.Fprintf(&b, "- %s: %s {id=%s}\n", it.Kind, it.Text, it.ID)
	}
	b.WriteString(":::\n")
	return b.String()
}
