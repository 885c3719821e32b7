package content

import (
	"strings"
	"testing"
)

func TestParseEvaluation(t *testing.T) {
	cases := []struct {
		name, body string
		problems   []string // messages, in order
		want       []EvalItem
		intro      string
	}{
		{"items with ids and an introduction",
			"::: evaluation\nTell us what you thought.\n\n- rate: How well did the activity meet its objectives? {id=objectives}\n- text: What will you change? {id=change}\n:::\n",
			nil, []EvalItem{{"objectives", EvalRate, "How well did the activity meet its objectives?"}, {"change", EvalText, "What will you change?"}},
			"Tell us what you thought."},
		{"ids by position, a prompt continued",
			"::: evaluation\n- rate: Was it useful\n  to you?\n* text: Comments\n:::\n",
			nil, []EvalItem{{"e1", EvalRate, "Was it useful to you?"}, {"e2", EvalText, "Comments"}}, ""},
		{"an id-like text inside a prompt", "::: evaluation\n- text: On {id=x} this?\n:::\n", nil, []EvalItem{{"e1", EvalText, "On {id=x} this?"}}, ""},
		{"in fenced code", "```\n::: evaluation\n- rate: A?\n:::\n```\n", nil, nil, ""},
		{"no items", "::: evaluation\nJust prose.\n:::\n", []string{"evaluation has no items"}, nil, ""},
		{"an item of another kind", "::: evaluation\n- rate: A? {id=a}\n- choose: B?\n:::\n",
			[]string{`evaluation item is not "- rate:" or "- text:"`}, []EvalItem{{"a", EvalRate, "A?"}}, ""},
		{"a task item is no evaluation item", "::: evaluation\n- [ ] B\n- text: C\n:::\n",
			[]string{`evaluation item is not "- rate:" or "- text:"`}, []EvalItem{{"e1", EvalText, "C"}}, ""},
		{"an id used twice", "::: evaluation\n- rate: A? {id=a}\n- text: B? {id=a}\n:::\n",
			[]string{`evaluation item id "a" is used twice (first by item 1)`}, nil, ""},
		{"a bad id", "::: evaluation\n- rate: A? {id=-x}\n:::\n", []string{`evaluation item id "-x" is not a name`}, nil, ""},
		{"no question", "::: evaluation\n- rate: {id=a}\n:::\n", []string{"evaluation item has no question"}, nil, ""},
		{"prose after the items", "::: evaluation\n- rate: A?\nThanks.\n:::\n", []string{"text after the evaluation's items"}, nil, ""},
		{"an option", "::: evaluation anonymous\n- rate: A?\n:::\n", []string{`unknown evaluation option "anonymous"`}, nil, ""},
		{"two evaluations", "::: evaluation\n- rate: A?\n:::\n\n::: evaluation\n- rate: B?\n:::\n", []string{"a second evaluation in one module"}, nil, ""},
		{"never closed", "::: evaluation\n- rate: A?\n", []string{"evaluation is never closed"}, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, e, p, _ := scanContainers([]byte(c.body))
			var got []string
			for _, x := range p {
				got = append(got, x.Message)
				if x.Offset < 0 || x.Offset > len(c.body) {
					t.Errorf("offset %d outside the body", x.Offset)
				}
				if x.Rule != "markup" {
					t.Errorf("%s: rule %q, want markup", x.Message, x.Rule)
				}
			}
			if strings.Join(got, "|") != strings.Join(c.problems, "|") {
				t.Errorf("problems %q, want %q", got, c.problems)
			}
			if c.want != nil || c.problems == nil {
				var items []EvalItem
				if e != nil {
					items = e.Items
					if e.Intro != c.intro {
						t.Errorf("intro %q, want %q", e.Intro, c.intro)
					}
				}
				if len(items) != len(c.want) {
					t.Fatalf("items %+v, want %+v", items, c.want)
				}
				for i := range items {
					if items[i] != c.want[i] {
						t.Errorf("item %d: %+v, want %+v", i, items[i], c.want[i])
					}
				}
			}
		})
	}
}

// The default evaluation asks about commercial bias (ACCME), rates on
// 1 to 5 and has unique ids.
func TestDefaultEvaluation(t *testing.T) {
	d := DefaultEvaluation()
	seen := map[string]bool{}
	bias := false
	for _, it := range d.Items {
		if seen[it.ID] || !ValidSlug(it.ID) || (it.Kind != EvalRate && it.Kind != EvalText) {
			t.Errorf("item %+v", it)
		}
		seen[it.ID] = true
		bias = bias || it.Kind == EvalRate && strings.Contains(it.Text, "commercial bias")
	}
	if !bias || !d.Default {
		t.Errorf("%+v", d)
	}
	m := &Module{Meta: FrontMatter{Credit: &Credit{}}}
	if e := m.EvaluationOf(false); e == nil || !e.Default {
		t.Errorf("a module with credit gets the default: %+v", e)
	}
	if e := m.EvaluationOf(true); e != nil {
		t.Errorf("an archived module asks for none: %+v", e)
	}
	if e := (&Module{}).EvaluationOf(false); e != nil {
		t.Errorf("a module without credit asks for none: %+v", e)
	}
}
