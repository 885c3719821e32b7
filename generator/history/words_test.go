package history

import (
	"strings"
	"testing"
)

func render(ops []Op) string {
	var b strings.Builder
	for _, o := range ops {
		switch o.Kind {
		case '=':
			b.WriteString(o.Text)
		case '-':
			b.WriteString("[-" + o.Text + "-]")
		case '+':
			b.WriteString("{+" + o.Text + "+}")
		}
	}
	return b.String()
}

func TestWords(t *testing.T) {
	for _, tc := range []struct{ a, b, want string }{
		{"", "", ""},
		{"same text", "same text", "same text"},
		{"give 30 mL/kg of fluid", "give 20 mL/kg of fluid", "give [-30-]{+20+} mL/kg of fluid"},
		{"one two three", "one three", "one [-two -]three"},
		{"one three", "one two three", "one {+two +}three"},
		{"a\nb\n", "a\nc\nb\n", "a\n{+c\n+}b\n"},
		{"", "new", "{+new+}"},
		{"old", "", "[-old-]"},
		{"x y z", "p q r", "[-x-]{+p+} [-y-]{+q+} [-z-]{+r+}"},
		{"café au lait", "café sans lait", "café [-au-]{+sans+} lait"},
	} {
		if got := render(Words(tc.a, tc.b)); got != tc.want {
			t.Errorf("Words(%q, %q) = %q, want %q", tc.a, tc.b, got, tc.want)
		}
	}
}

// FuzzWords: the kept and deleted parts give a, the kept and inserted
// parts give b, whatever the texts.
func FuzzWords(f *testing.F) {
	f.Add("the quick brown fox", "the slow brown dog")
	f.Add("a\n\nb", "a b")
	f.Add("", " x ")
	f.Fuzz(func(t *testing.T, a, b string) {
		var ga, gb strings.Builder
		for _, o := range Words(a, b) {
			if o.Kind != '+' {
				ga.WriteString(o.Text)
			}
			if o.Kind != '-' {
				gb.WriteString(o.Text)
			}
		}
		if ga.String() != a || gb.String() != b {
			t.Fatalf("Words(%q, %q) rebuilds %q and %q", a, b, ga.String(), gb.String())
		}
	})
}
