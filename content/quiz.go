package content

import (
	"bytes"
	"fmt"
	"strconv"
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

	// Objective is the module objective the question tests, 1-based
	// (objective=2); 0 for none. Teaches is the heading id of the section
	// that teaches it (teaches=#id), without the '#'.
	Objective int
	Teaches   string
	// Pool is N of pool=N: the question is in the module's post-test
	// pool, of which N are drawn for each attempt; 0 for none.
	Pool int
	// Shuffle: the choices are shown in a new order for each attempt,
	// pinned choices kept in place.
	Shuffle bool
	// Case is the number (1-based) of the ::: case the question is a
	// stage of; 0 outside a case.
	Case int
	// options holds the body offset of each option as written, for
	// positioned problems found after parsing.
	options map[string]int
}

// OptionOffset is the body offset of an option of the opening line whose
// name is name ("objective", "teaches", "pool"), or the quiz's offset.
func (q Quiz) OptionOffset(name string) int {
	if at, ok := q.options[name]; ok {
		return at
	}
	return q.Offset
}

// Choice is one answer of a quiz.
type Choice struct {
	Text     string
	Correct  bool
	Feedback string
	// Pin keeps the choice in its place when the choices are shuffled
	// ("All of the above {pin}").
	Pin bool
	// Next is the stage of the case the choice leads to ({next=id}); ""
	// for the stage after this one.
	Next string
	// Offset is the body offset of the choice's line.
	Offset int
}

// ChoiceMarks splits the marks that may end a choice's text ("{pin}",
// "{next=stage-id}", in any order) from the text. The gate and the
// Markdown renderer both read them with it.
func ChoiceMarks(text string) (rest string, pin bool, next string, ok bool) {
	rest, ok = strings.TrimRight(text, " \t"), true
	for strings.HasSuffix(rest, "}") {
		i := strings.LastIndexByte(rest, '{')
		if i < 0 {
			break
		}
		mark := rest[i+1 : len(rest)-1]
		switch {
		case mark == "pin":
			pin = true
		case strings.HasPrefix(mark, "next="):
			next = mark[len("next="):]
			if !ValidSlug(next) {
				ok = false
			}
		default:
			return rest, pin, next, ok
		}
		rest = strings.TrimRight(rest[:i], " \t")
	}
	return rest, pin, next, ok
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
	q := &Quiz{Offset: start, ID: fmt.Sprintf("q%d", n), options: map[string]int{}}
	for _, o := range cl.Options {
		at := start + bytes.Index(text, []byte(o))
		name, value, _ := strings.Cut(o, "=")
		q.options[name] = at
		bad := func(help string) {
			*problems = append(*problems, QuizProblem{Offset: at, Message: fmt.Sprintf("bad quiz option %q", o), Help: help})
		}
		switch {
		case o == "posttest":
			q.Posttest = true
		case o == "shuffle":
			q.Shuffle = true
		case name == "id" && ValidSlug(value):
			q.ID = value
		case name == "objective":
			k, err := strconv.Atoi(value)
			if err != nil || k < 1 || k > 1000 {
				bad("objective=N names the module's Nth objective, counting from 1")
				continue
			}
			q.Objective = k
		case name == "teaches":
			if !strings.HasPrefix(value, "#") || !ValidSlug(value[1:]) {
				bad("teaches=#id names a heading of this module by its id, e.g. teaches=#the-one-hour-bundle")
				continue
			}
			q.Teaches = value[1:]
		case name == "pool":
			k, err := strconv.Atoi(value)
			if err != nil || k < 1 || k > 1000 {
				bad("pool=N draws N questions from the pool for each attempt, N from 1")
				continue
			}
			q.Pool = k
		default:
			*problems = append(*problems, QuizProblem{Offset: at, Message: fmt.Sprintf("unknown quiz option %q", o),
				Help: "the options are posttest, id=NAME, objective=N, teaches=#heading-id, pool=N and shuffle"})
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
			q.Choices = append(q.Choices, Choice{Correct: t[3] == 'x' || t[3] == 'X', Text: strings.TrimSpace(t[5:]), Offset: ln.start + indent})
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
	for i := range q.Choices {
		c := &q.Choices[i]
		text, pin, next, ok := ChoiceMarks(c.Text)
		if !ok {
			problems = append(problems, QuizProblem{Offset: c.Offset, Message: "bad branch {next=...}: a stage id is letters, digits, '-' and '_'",
				Help: "end the choice with {next=ID}, where ID is the id= of a ::: quiz stage of the same case"})
		}
		c.Text, c.Pin, c.Next = text, pin, next
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
