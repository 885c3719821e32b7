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

// QuizProblem is a problem in a quiz, at a body offset.
type QuizProblem struct {
	Offset  int
	Message string
	Help    string
}

// QuizOpening reports whether line opens a quiz container, with its
// options. The Markdown renderer uses the same function, so both agree on
// what a quiz is.
func QuizOpening(line []byte) (opts []string, ok bool) {
	t := bytes.TrimRight(line, " \t\r\n")
	indent := len(t) - len(bytes.TrimLeft(t, " "))
	if indent > 3 {
		return nil, false
	}
	t = t[indent:]
	if !bytes.HasPrefix(t, []byte(":::")) {
		return nil, false
	}
	f := strings.Fields(string(t[3:]))
	if len(f) == 0 || f[0] != "quiz" {
		return nil, false
	}
	return f[1:], true
}

// QuizClosing reports whether line closes a quiz container.
func QuizClosing(line []byte) bool {
	t := bytes.TrimSpace(line)
	return len(t) >= 3 && len(bytes.Trim(t, ":")) == 0
}

// ParseQuizzes finds every quiz of a body, outside fenced code, and checks
// it: a stem, choices, at least one right answer, known options, a closing
// line. Problems carry body offsets.
func ParseQuizzes(body []byte) ([]Quiz, []QuizProblem) {
	var quizzes []Quiz
	var problems []QuizProblem
	lines := splitLines(body)
	var fence []byte
	for i := 0; i < len(lines); i++ {
		ln := lines[i]
		text := body[ln.start:ln.end]
		trimmed := bytes.TrimLeft(text, " ")
		if fence != nil {
			if bytes.HasPrefix(trimmed, fence) && len(bytes.TrimSpace(trimmed[len(fence):])) == 0 {
				fence = nil
			}
			continue
		}
		if f := fenceOf(trimmed); f != nil && len(text)-len(trimmed) < 4 {
			fence = f
			continue
		}
		opts, ok := QuizOpening(text)
		if !ok {
			continue
		}
		q := Quiz{Offset: ln.start, ID: fmt.Sprintf("q%d", len(quizzes)+1)}
		for _, o := range opts {
			switch {
			case o == "posttest":
				q.Posttest = true
			case strings.HasPrefix(o, "id=") && ValidSlug(o[3:]):
				q.ID = o[3:]
			default:
				at := ln.start + bytes.Index(text, []byte(o))
				problems = append(problems, QuizProblem{at, fmt.Sprintf("unknown quiz option %q", o),
					"the options are posttest and id=NAME (letters, digits, '-' and '_')"})
			}
		}
		end := -1
		for j := i + 1; j < len(lines); j++ {
			if QuizClosing(body[lines[j].start:lines[j].end]) {
				end = j
				break
			}
		}
		if end < 0 {
			problems = append(problems, QuizProblem{ln.start, "quiz is never closed", "end it with a line :::"})
			end = len(lines)
		}
		problems = q.parseInside(body, lines[i+1:end], problems)
		quizzes = append(quizzes, q)
		i = end
	}
	return quizzes, problems
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
		problems = append(problems, QuizProblem{q.Offset, "quiz has no question", "write the question on the line after ::: quiz"})
	case len(q.Choices) == 0:
		problems = append(problems, QuizProblem{q.Offset, "quiz has no choices", "list the choices as a task list: - [ ] wrong, - [x] right"})
	case !q.hasRight():
		problems = append(problems, QuizProblem{q.Offset, "quiz has no right answer", "mark the right choice with [x]"})
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
