package content

import (
	"bytes"
	"fmt"
	"strings"
)

// Quiz is one question of a module: a "::: quiz" container in the body
// (SPEC.md "Quizzes"). Its texts are Markdown, as written.
type Quiz struct {
	ID        string // from id=..., or "q1", "q2", ... by position
	Posttest  bool
	Stem      string
	Choices   []Choice
	Rationale string // the paragraph after "Why:", without the label
	Offset    int    // of the opening line, in the body
}

// Choice is one answer of a quiz.
type Choice struct {
	Text     string
	Correct  bool
	Feedback string
}

// Multi reports whether the question is choose-all-that-apply.
func (q Quiz) Multi() bool {
	n := 0
	for _, c := range q.Choices {
		if c.Correct {
			n++
		}
	}
	return n > 1
}

// QuizProblem is a problem in a quiz or another container, at a body
// offset. Rule is the gate's rule: "" for quizzes, "markup" for the
// containers themselves.
type QuizProblem struct {
	Offset  int
	Message string
	Help    string
	Rule    string
}

// ParseQuizzes finds every container of a body, outside fenced code, and
// checks it: a known name, a closing line, a longer fence for a container
// inside another; and for a quiz: a stem, choices, at least one right
// answer, known options. Problems carry body offsets.
func ParseQuizzes(body []byte) ([]Quiz, []QuizProblem) {
	q, _, p, _ := scanContainers(body)
	return q, p
}

// newQuiz starts the quiz an opening line opens (number n in the body),
// reading its options.
func newQuiz(cl ContainerLine, text []byte, start, n int, problems *[]QuizProblem) *Quiz {
	q := &Quiz{Offset: start, ID: fmt.Sprintf("q%d", n)}
	for _, o := range cl.Options {
		switch {
		case o == "posttest":
			q.Posttest = true
		case strings.HasPrefix(o, "id=") && ValidSlug(o[3:]):
			q.ID = o[3:]
		default:
			at := start + bytes.Index(text, []byte(o))
			*problems = append(*problems, QuizProblem{Offset: at, Message: fmt.Sprintf("unknown quiz option %q", o),
				Help: "the options are posttest and id=NAME (letters, digits, '-' and '_')"})
		}
	}
	return q
}

// parseInside reads the lines of a quiz: the stem, a task list of choices
// (a blockquote under a choice is its feedback), and "Why:" and the
// rationale after it.
func (q *Quiz) parseInside(body []byte, lines []span, problems []QuizProblem) []QuizProblem {
	var stem, why []string
	inWhy := false
	var cur *Choice
	for _, ln := range lines {
		raw := string(bytes.TrimRight(body[ln.start:ln.end], "\r"))
		t := strings.TrimSpace(raw)
		indent := len(raw) - len(strings.TrimLeft(raw, " "))
		switch {
		case inWhy:
			why = append(why, raw)
		case strings.HasPrefix(t, "Why:") && indent < 2:
			inWhy = true
			why = append(why, strings.TrimSpace(strings.TrimPrefix(t, "Why:")))
		case indent < 4 && isChoice(t):
			q.Choices = append(q.Choices, Choice{Correct: t[3] == 'x' || t[3] == 'X', Text: strings.TrimSpace(t[5:])})
			cur = &q.Choices[len(q.Choices)-1]
		case cur != nil && strings.HasPrefix(t, ">") && indent >= 2:
			line := strings.TrimSpace(strings.TrimPrefix(t, ">"))
			if cur.Feedback != "" {
				cur.Feedback += "\n"
			}
			cur.Feedback += line
		case cur != nil && t != "" && indent >= 2:
			cur.Text += " " + t // a choice continued on the next line
		case len(q.Choices) == 0:
			stem = append(stem, raw)
		}
	}
	q.Stem = strings.TrimSpace(strings.Join(stem, "\n"))
	q.Rationale = strings.TrimSpace(strings.Join(why, "\n"))
	switch {
	case q.Stem == "":
		problems = append(problems, QuizProblem{Offset: q.Offset, Message: "quiz has no question", Help: "write the question on the line after ::: quiz"})
	case len(q.Choices) == 0:
		problems = append(problems, QuizProblem{Offset: q.Offset, Message: "quiz has no choices", Help: "list the choices as a task list: - [ ] wrong, - [x] right"})
	case !q.hasRight():
		problems = append(problems, QuizProblem{Offset: q.Offset, Message: "quiz has no right answer", Help: "mark the right choice with [x]"})
	}
	return problems
}

func (q *Quiz) hasRight() bool {
	for _, c := range q.Choices {
		if c.Correct {
			return true
		}
	}
	return false
}

func isChoice(t string) bool {
	return len(t) >= 6 && strings.ContainsRune("-*+", rune(t[0])) && t[1] == ' ' && t[2] == '[' &&
		strings.ContainsRune(" xX", rune(t[3])) && t[4] == ']' && t[5] == ' '
}

func splitLines(b []byte) []span { return lineOffsets(b, 0, len(b)) }
