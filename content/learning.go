package content

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/rounds-dev/rounds/content/diag"
)

// StrictRule reports whether the site makes the warnings of rule an error:
// [policy] strict = ["objectives", ...] (shared with the languages
// issue), or the older switch for that rule.
func (p Policy) StrictRule(rule string) bool {
	if slices.Contains(p.Strict, rule) {
		return true
	}
	return rule == "objectives" && p.ObjectivesTested
}

// learning checks what ties questions to a module's objectives, its
// post-test pool and its unfolding cases. ACCME Criteria (educational
// needs, objectives, evaluation): an activity with credit assesses each
// objective it claims, so a learner's score says what was learned.
func (g *Gate) learning(m *Module, l *diag.List) {
	g.objectives(m, l)
	g.pool(m, l)
	checkCases(m, l)
}

func (g *Gate) objectives(m *Module, l *diag.List) {
	n := len(m.Meta.Objectives)
	tested := make([]bool, n)
	for _, q := range m.Quizzes {
		if q.Objective == 0 {
			continue
		}
		if q.Objective > n {
			d := m.File.Errorf(l, m.BodyOffset+q.OptionOffset("objective"), "quizzes", "objective=%d, but the module has %d objective%s", q.Objective, n, plural(n))
			d.Help = "objective=N counts the module's objectives = [...] from 1"
			continue
		}
		if q.Posttest {
			tested[q.Objective-1] = true
		}
	}
	if m.Meta.Credit == nil || n == 0 {
		return
	}
	sev := diag.Warning
	if g.Config != nil && g.Config.Policy.StrictRule("objectives") {
		sev = diag.Error
	} else if !slices.ContainsFunc(m.Quizzes, func(q Quiz) bool { return q.Objective > 0 }) {
		// Why: a site's modules written before objective= existed would
		// each warn at once; coverage is checked from the first question
		// a module ties to an objective, and everywhere under the policy.
		return
	}
	for i, ok := range tested {
		if ok {
			continue
		}
		pos := m.Doc.KeyPos("objectives")
		if m.inherited["objectives"] == nil {
			pos = elemPos(m.File, pos, m.Meta.Objectives, i)
		} else {
			pos = m.Doc.KeyPos("title")
		}
		d := m.File.At(l, pos, sev, "objectives", "objective %d (%q) is tested by no post-test question", i+1, m.Meta.Objectives[i])
		d.Help = fmt.Sprintf("mark a question that tests it as ::: quiz posttest objective=%d (and teaches=#heading-id for the section that teaches it)", i+1)
	}
}

// DrawnPosttest is the number of post-test questions of one attempt: the
// post-test questions outside the pool and the N drawn from it.
func (m *Module) DrawnPosttest() int {
	n, pool := 0, 0
	for _, q := range m.Quizzes {
		switch {
		case q.Posttest && q.Pool > 0:
			pool = q.Pool
		case q.Posttest:
			n++
		}
	}
	return n + pool
}

// pool: every pooled question is a post-test question outside a case,
// every one names the same N, the pool holds at least N, and the pass
// mark can be reached with the questions one attempt draws.
func (g *Gate) pool(m *Module, l *diag.List) {
	size, n, first := 0, 0, -1
	for i, q := range m.Quizzes {
		if q.Pool == 0 {
			continue
		}
		at := m.BodyOffset + q.OptionOffset("pool")
		switch {
		case !q.Posttest:
			d := m.File.Errorf(l, at, "quizzes", "pool=%d on a question that is not a post-test question", q.Pool)
			d.Help = "a pool draws post-test questions: write ::: quiz posttest pool=N"
			continue
		case q.Case > 0:
			d := m.File.Errorf(l, at, "quizzes", "pool=%d on a stage of a case", q.Pool)
			d.Help = "a case tells its stages in order; put pooled questions outside the ::: case"
			continue
		}
		size++
		if first < 0 {
			first, n = i, q.Pool
			continue
		}
		if q.Pool != n {
			d := m.File.Errorf(l, at, "quizzes", "pool=%d, but the pool's first question says pool=%d", q.Pool, n)
			d.Help = fmt.Sprintf("a module has one pool: write pool=%d on every pooled question", n)
		}
	}
	if first < 0 {
		return
	}
	q := m.Quizzes[first]
	if size < n {
		d := m.File.Errorf(l, m.BodyOffset+q.OptionOffset("pool"), "quizzes", "the pool draws %d question%s but holds %d", n, plural(n), size)
		d.Help = fmt.Sprintf("add %d more question%s marked pool=%d, or draw fewer", n-size, plural(n-size), n)
	}
	if c := m.Meta.Credit; c != nil {
		drawn := m.DrawnPosttest()
		need := int(math.Ceil(c.Pass*float64(drawn) - 1e-9))
		if drawn == 0 || need > drawn {
			d := m.File.Errorf(l, m.BodyOffset+q.OptionOffset("pool"), "quizzes", "the pass mark %.0f%% cannot be reached with the %d post-test question%s of an attempt", c.Pass*100, drawn, plural(drawn))
			d.Help = "lower credit.pass or draw more questions"
		}
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Stages returns the quizzes of case k (1-based), in body order.
func (m *Module) Stages(k int) []Quiz {
	var out []Quiz
	for _, q := range m.Quizzes {
		if q.Case == k {
			out = append(out, q)
		}
	}
	return out
}

// checkCases: a branch {next=id} is in a case and leads to a stage of the
// same case, and every stage of a case is reached from its first, by a
// branch or by a choice without one (which goes on to the next stage).
func checkCases(m *Module, l *diag.List) {
	cases := 0
	for _, q := range m.Quizzes {
		cases = max(cases, q.Case)
		if q.Case > 0 {
			continue
		}
		for _, c := range q.Choices {
			if c.Next != "" {
				d := m.File.Errorf(l, m.BodyOffset+c.Offset, "quizzes", "a branch {next=%s} outside a case", c.Next)
				d.Help = "branches lead from one stage of a :::: case to another; remove {next=...} or put the question in a case"
			}
		}
	}
	for k := 1; k <= cases; k++ {
		stages := m.Stages(k)
		index := map[string]int{}
		var ids []string
		for i, s := range stages {
			if _, dup := index[s.ID]; !dup {
				index[s.ID] = i
			}
			ids = append(ids, s.ID)
		}
		reach := make([]bool, len(stages))
		var walk func(i int)
		walk = func(i int) {
			if i >= len(stages) || reach[i] {
				return
			}
			reach[i] = true
			for _, c := range stages[i].Choices {
				if c.Next == "" {
					walk(i + 1)
				} else if j, ok := index[c.Next]; ok {
					walk(j)
				}
			}
		}
		broken := false
		for _, s := range stages {
			for _, c := range s.Choices {
				if c.Next == "" {
					continue
				}
				if _, ok := index[c.Next]; !ok {
					broken = true
					d := m.File.Errorf(l, m.BodyOffset+c.Offset, "quizzes", "branch {next=%s} leads to no stage of this case", c.Next)
					if g := diag.Suggest(c.Next, ids); g != "" {
						d.Help = fmt.Sprintf("did you mean {next=%s}? (the stages are %s)", g, strings.Join(ids, ", "))
					} else {
						d.Help = "the stages of this case are " + strings.Join(ids, ", ") + ": name one, or give its ::: quiz an id=NAME"
					}
				}
			}
		}
		if broken {
			// A stage the broken branch meant to reach would be reported
			// too: one mistake, one error.
			continue
		}
		walk(0)
		for i, s := range stages {
			if !reach[i] {
				d := m.File.Errorf(l, m.BodyOffset+s.Offset, "quizzes", "stage %s of the case is reached by no branch", s.ID)
				d.Help = fmt.Sprintf("end a choice of an earlier stage with {next=%s}, or leave a choice of the stage before it without {next=...}", s.ID)
			}
		}
	}
}
