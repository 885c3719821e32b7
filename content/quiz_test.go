package content

import (
	"strings"
	"testing"
)

func TestParseQuizzes(t *testing.T) {
	cases := []struct {
		name, body string
		problems   []string // messages, in order
		check      func(t *testing.T, q []Quiz)
	}{
		{"practice question", "::: quiz\nQ?\n\n- [ ] a\n  > no\n- [x] b\n\nWhy: because [@x].\n:::\n", nil, func(t *testing.T, q []Quiz) {
			if len(q) != 1 || q[0].ID != "q1" || q[0].Posttest || q[0].Stem != "Q?" || len(q[0].Choices) != 2 ||
				q[0].Choices[0].Feedback != "no" || !q[0].Choices[1].Correct || q[0].Rationale != "because [@x]." || q[0].Multi() {
				t.Errorf("%+v", q)
			}
		}},
		{"post-test with an id, several right answers", "::: quiz posttest id=final\nQ?\n\n- [x] a\n- [X] b\n- [ ] c\n:::\n", nil, func(t *testing.T, q []Quiz) {
			if q[0].ID != "final" || !q[0].Posttest || !q[0].Multi() {
				t.Errorf("%+v", q[0])
			}
		}},
		{"no choices", "::: quiz\nQ?\n:::\n", []string{"quiz has no choices"}, nil},
		{"no right answer", "::: quiz\nQ?\n\n- [ ] a\n- [ ] b\n:::\n", []string{"quiz has no right answer"}, nil},
		{"no question", "::: quiz\n- [x] a\n:::\n", []string{"quiz has no question"}, nil},
		{"never closed", "::: quiz\nQ?\n\n- [x] a\n", []string{"quiz is never closed"}, nil},
		{"unknown option", "::: quiz practise\nQ?\n\n- [x] a\n:::\n", []string{`unknown quiz option "practise"`}, nil},
		{"in fenced code", "```\n::: quiz\nQ?\n:::\n```\n", nil, func(t *testing.T, q []Quiz) {
			if len(q) != 0 {
				t.Errorf("a quiz in code was parsed: %+v", q)
			}
		}},
		// 18 finding 8: a mistyped opener must not publish its answers
		// as prose (SPEC "Containers").
		{"capitalised name", "::: Quiz\nQ?\n\n- [x] a\n:::\n", []string{`unknown container "Quiz"`}, func(t *testing.T, q []Quiz) {
			if len(q) != 0 {
				t.Errorf("%+v", q)
			}
		}},
		{"option as the name", "::: posttest\nQ?\n\n- [x] a\n:::\n", []string{`unknown container "posttest"`}, nil},
		{"stray closing line", "Text.\n:::\n", []string{"::: closes no container"}, nil},
		{"quiz in a case, longer fence", ":::: case\nA case.\n\n::: quiz\nQ?\n\n- [x] a\n:::\nMore.\n::::\n", nil, func(t *testing.T, q []Quiz) {
			if len(q) != 1 || q[0].Stem != "Q?" || len(q[0].Choices) != 1 {
				t.Errorf("%+v", q)
			}
		}},
		{"quiz in a case, same fence", "::: case\nA case.\n\n::: quiz\nQ?\n\n- [x] a\n:::\n:::\n",
			[]string{"::: quiz opens inside the case opened on line 1, which is not closed", "::: closes no container"}, nil},
		{"unclosed openers reported once", "::: quiz\nQ?\n\n- [x] a\n::: quiz\n::: quiz\n::: quiz\n",
			[]string{"::: quiz opens inside the quiz opened on line 1, which is not closed", "quiz is never closed"}, nil},
		{"numbered by position", "::: quiz\nA?\n\n- [x] a\n:::\n\n::: quiz\nB?\n\n- [x] b\n:::\n", nil, func(t *testing.T, q []Quiz) {
			if len(q) != 2 || q[1].ID != "q2" || q[1].Stem != "B?" {
				t.Errorf("%+v", q)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, p := ParseQuizzes([]byte(c.body))
			var got []string
			for _, x := range p {
				got = append(got, x.Message)
				if x.Offset < 0 || x.Offset > len(c.body) {
					t.Errorf("offset %d outside the body", x.Offset)
				}
			}
			if strings.Join(got, "|") != strings.Join(c.problems, "|") {
				t.Errorf("problems %q, want %q", got, c.problems)
			}
			if c.check != nil {
				c.check(t, q)
			}
		})
	}
}

func FuzzParseQuizzes(f *testing.F) {
	f.Add("::: quiz posttest id=a\nQ?\n\n- [ ] x\n  > fb\n- [x] y\n\nWhy: z\n:::\n")
	f.Add("::: quiz\n")
	f.Add("```\n::: quiz\n```\n::: quiz bogus\n- [x]\n:::")
	f.Fuzz(func(t *testing.T, body string) {
		qs, ps := ParseQuizzes([]byte(body))
		for _, p := range ps {
			if p.Offset < 0 || p.Offset > len(body) {
				t.Fatalf("offset %d outside the body", p.Offset)
			}
		}
		for _, q := range qs {
			if q.Offset < 0 || q.Offset > len(body) || q.ID == "" {
				t.Fatalf("bad quiz %+v", q)
			}
		}
	})
}
