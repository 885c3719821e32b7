package content

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/rounds-dev/rounds/content/diag"
)

// KnownContainer reports whether name is a container a body may hold
// (SPEC.md, Shared conventions "Containers"). Any other name is an error:
// a mistyped "::: Quiz" must not publish its answers as prose.
func KnownContainer(name string) bool {
	switch name {
	case "quiz", "evaluation", "transcript", "case", "video":
		return true
	}
	return false
}

// containerNames lists the known containers, for help lines.
func containerNames() []string {
	return []string{"case", "evaluation", "quiz", "transcript", "video"}
}

// ContainerLine is a line of three or more colons: a container's opening
// ("::: quiz posttest": Name and Options set) or a closing (":::", Name
// empty). Fence is the number of colons.
type ContainerLine struct {
	Fence   int
	Name    string
	Options []string
}

// Closing reports whether the line closes a container.
func (c ContainerLine) Closing() bool { return c.Name == "" }

// Closes reports whether the line closes a container opened with fence
// colons: a closing line of at least as many.
func (c ContainerLine) Closes(fence int) bool { return c.Closing() && c.Fence >= fence }

// ParseContainerLine reads a line as a container line: up to three spaces,
// three or more colons, then a name and options, or nothing. The gate and
// the Markdown renderer both read container lines with it, so they agree
// on what a container is.
func ParseContainerLine(line []byte) (ContainerLine, bool) {
	t := bytes.TrimRight(line, " \t\r\n")
	indent := len(t) - len(bytes.TrimLeft(t, " "))
	if indent > 3 {
		return ContainerLine{}, false
	}
	t = t[indent:]
	n := 0
	for n < len(t) && t[n] == ':' {
		n++
	}
	if n < 3 {
		return ContainerLine{}, false
	}
	f := strings.Fields(string(t[n:]))
	if len(f) == 0 {
		return ContainerLine{Fence: n}, true
	}
	return ContainerLine{Fence: n, Name: f[0], Options: f[1:]}, true
}

// openContainer is an open container while a body is scanned.
type openContainer struct {
	line  ContainerLine
	start int // offset of the opening line in the body
	first int // index of the line after the opening (its 1-based line number in the body)
	quiz  *Quiz
	eval  *Evaluation
	caseN int // for a ::: case: its number in the body, from 1
	// inner: an opener inside it was reported; the others are the same
	// mistake (it was never closed), not more.
	inner bool
}

// scanContainers finds every container of a body outside fenced code:
// the quizzes (parsed and checked) and the problems of the containers
// themselves (unknown names, fences, closings). It reads lines as the
// Markdown renderer does: a closing line closes the outermost open
// container whose fence it matches, and everything inside it.
//
// unknown holds the body spans of the containers with unknown names;
// eval is the body's evaluation, nil for none (content/evaluation.go).
func scanContainers(body []byte) (quizzes []Quiz, eval *Evaluation, problems []QuizProblem, unknown []span) {
	lines := splitLines(body)
	var fence []byte
	var open []openContainer
	cases := 0
	closeFrom := func(k, end int) {
		for j := len(open) - 1; j >= k; j-- {
			c := open[j]
			if c.quiz != nil {
				problems = c.quiz.parseInside(body, lines[c.first:end], problems)
				quizzes = append(quizzes, *c.quiz)
			}
			if c.eval != nil {
				problems = c.eval.parseInside(body, lines[c.first:end], problems)
			}
			if !KnownContainer(c.line.Name) {
				stop := len(body)
				if end < len(lines) {
					stop = lines[end].end
				}
				unknown = append(unknown, span{c.start, stop})
			}
		}
		open = open[:k]
	}
	for i, ln := range lines {
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
		cl, ok := ParseContainerLine(text)
		if !ok {
			continue
		}
		if cl.Closing() {
			k := -1
			for j := range open {
				if cl.Closes(open[j].line.Fence) {
					k = j
					break
				}
			}
			if k < 0 {
				problems = append(problems, QuizProblem{Offset: ln.start, Rule: "markup",
					Message: fmt.Sprintf("%s closes no container", strings.Repeat(":", cl.Fence)),
					Help:    "remove the line, or open a container before it: ::: " + strings.Join(containerNames(), ", ::: ")})
				continue
			}
			closeFrom(k, i)
			continue
		}
		if len(open) > 0 && open[len(open)-1].line.Fence <= cl.Fence {
			// Not an opening: the Markdown renderer reads it as text of
			// the container above (a container inside another has a
			// shorter fence), so no line nests one container per line.
			outer := &open[len(open)-1]
			if outer.inner {
				continue
			}
			outer.inner = true
			problems = append(problems, QuizProblem{Offset: ln.start, Rule: "markup",
				Message: fmt.Sprintf("%s %s opens inside the %s opened on line %d, which is not closed", strings.Repeat(":", cl.Fence), cl.Name, outer.line.Name, outer.first),
				Help:    fmt.Sprintf("close the %s with a line %s first; a container inside another needs the outer one's fence longer (%s %s ... %s)", outer.line.Name, strings.Repeat(":", outer.line.Fence), strings.Repeat(":", cl.Fence+1), outer.line.Name, strings.Repeat(":", cl.Fence+1))})
			continue
		}
		if !KnownContainer(cl.Name) {
			problems = append(problems, unknownContainer(cl, ln.start+bytes.Index(text, []byte(cl.Name))))
		}
		c := openContainer{line: cl, start: ln.start, first: i + 1}
		if cl.Name == "case" {
			cases++
			c.caseN = cases
		}
		if cl.Name == "quiz" {
			c.quiz = newQuiz(cl, text, ln.start, len(quizzes)+countQuizzes(open)+1, &problems)
			for j := len(open) - 1; j >= 0; j-- {
				if open[j].caseN > 0 {
					c.quiz.Case = open[j].caseN
					break
				}
			}
		}
		if cl.Name == "evaluation" {
			c.eval = newEvaluation(cl, text, ln.start, &problems)
			if eval != nil {
				problems = append(problems, QuizProblem{Offset: ln.start, Rule: "markup", Message: "a second evaluation in one module",
					Help: "a module has one evaluation: put every item in the first ::: evaluation"})
			} else {
				eval = c.eval
			}
		}
		open = append(open, c)
	}
	for j := len(open) - 1; j >= 0; j-- {
		c := open[j]
		msg, help := c.line.Name+" is never closed", "end it with a line "+strings.Repeat(":", c.line.Fence)
		problems = append(problems, QuizProblem{Offset: c.start, Message: msg, Help: help, Rule: ruleOf(c)})
	}
	closeFrom(0, len(lines))
	sortQuizzes(quizzes)
	return quizzes, eval, problems, unknown
}

// ruleOf is the rule a container's own problems belong to.
func ruleOf(c openContainer) string {
	if c.quiz != nil {
		return "" // quizzes
	}
	return "markup"
}

func countQuizzes(open []openContainer) int {
	n := 0
	for _, c := range open {
		if c.quiz != nil {
			n++
		}
	}
	return n
}

// sortQuizzes puts quizzes in the order of their openings: a quiz closed
// with its container is appended after those inside it.
func sortQuizzes(q []Quiz) {
	for i := 1; i < len(q); i++ {
		for j := i; j > 0 && q[j].Offset < q[j-1].Offset; j-- {
			q[j], q[j-1] = q[j-1], q[j]
		}
	}
}

// unknownContainer is the problem of an opening line with a name that is
// no container, with the name the author most likely meant.
func unknownContainer(cl ContainerLine, at int) QuizProblem {
	p := QuizProblem{Offset: at, Rule: "markup", Message: fmt.Sprintf("unknown container %q", cl.Name)}
	lower := strings.ToLower(cl.Name)
	fence := strings.Repeat(":", cl.Fence)
	rest := strings.Join(cl.Options, " ")
	guess := ""
	switch {
	case KnownContainer(lower):
		guess = lower
	case strings.Contains(strings.ReplaceAll(lower, "-", ""), "posttest"):
		guess, rest = "quiz", strings.TrimSpace("posttest "+rest)
	default:
		guess = diag.Suggest(lower, containerNames())
	}
	if guess != "" {
		p.Help = fmt.Sprintf("did you mean %q? (the containers are %s)", strings.TrimSpace(fence+" "+guess+" "+rest), strings.Join(containerNames(), ", "))
	} else {
		p.Help = "the containers are " + strings.Join(containerNames(), ", ") + "; to show colons as text, put them in `code`"
	}
	return p
}
