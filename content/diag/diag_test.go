package diag

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFilePos(t *testing.T) {
	f := NewFile("a.md", []byte("ab\ncd\r\nef"))
	cases := []struct {
		off  int
		want Pos
	}{{0, Pos{1, 1}}, {1, Pos{1, 2}}, {3, Pos{2, 1}}, {7, Pos{3, 1}}, {8, Pos{3, 2}}, {100, Pos{3, 3}}, {-4, Pos{1, 1}}}
	for _, c := range cases {
		if got := f.Pos(c.off); got != c.want {
			t.Errorf("Pos(%d) = %v, want %v", c.off, got, c.want)
		}
	}
	if got := f.Line(2); got != "cd" {
		t.Errorf("Line(2) = %q", got)
	}
	if got := f.Line(9); got != "" {
		t.Errorf("Line(9) = %q", got)
	}
}

func TestPrintAndSort(t *testing.T) {
	var l List
	f := NewFile("b.md", []byte("x = 1\nrevews = 2\n"))
	f.At(&l, Pos{2, 1}, Error, "unknown-key", "unknown key %q", "revews").Help = `did you mean "reviews"?`
	l.Warnf("a.md", Pos{1, 1}, "uncited", "reference %q is never cited", "x")
	l.Sort()
	var b bytes.Buffer
	l.Print(&b)
	want := "a.md:1:1: warning: uncited: reference \"x\" is never cited\n" +
		"b.md:2:1: error: unknown-key: unknown key \"revews\"\n" +
		"    2 | revews = 2\n" +
		"      | ^\n" +
		"  help: did you mean \"reviews\"?\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if l.Summary() != "1 error, 1 warning" {
		t.Errorf("summary %q", l.Summary())
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"reviews", "summary", "title", "weight"}
	for word, want := range map[string]string{
		"reveiws": "reviews", "sumary": "summary", "titel": "title", "weights": "weight",
		"tilte": "title", "colour": "", "review": "reviews", "title": "",
	} {
		if got := Suggest(word, keys); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", word, got, want)
		}
	}
}

func TestListEqual(t *testing.T) {
	d := Diagnostic{Path: "a.md", Pos: Pos{Line: 2, Col: 3}, Severity: Warning, Rule: "promotional", Message: "m", Source: "s", Notes: []string{"n"}, Help: "h"}
	with := func(f func(*Diagnostic)) List {
		x := d
		x.Notes = []string{"n"}
		f(&x)
		return List{x}
	}
	same := List{d}
	for _, tc := range []struct {
		name string
		l    List
		want bool
	}{
		{"same", with(func(*Diagnostic) {}), true},
		{"path", with(func(x *Diagnostic) { x.Path = "b.md" }), false},
		{"line", with(func(x *Diagnostic) { x.Pos.Line = 3 }), false},
		{"column", with(func(x *Diagnostic) { x.Pos.Col = 4 }), false},
		{"severity", with(func(x *Diagnostic) { x.Severity = Error }), false},
		{"rule", with(func(x *Diagnostic) { x.Rule = "brand-name" }), false},
		{"message", with(func(x *Diagnostic) { x.Message = "other" }), false},
		{"source", with(func(x *Diagnostic) { x.Source = "other" }), false},
		{"notes", with(func(x *Diagnostic) { x.Notes = []string{"n", "m"} }), false},
		{"help", with(func(x *Diagnostic) { x.Help = "" }), false},
		{"longer", List{d, d}, false},
		{"empty", nil, false},
	} {
		if got := same.Equal(tc.l); got != tc.want {
			t.Errorf("%s: Equal = %v, want %v", tc.name, got, tc.want)
		}
	}
	if !List(nil).Equal(List{}) {
		t.Error("nil and empty lists differ")
	}
}

// A long line is shown around the caret, cut with "…", the caret still
// under the character it points at (runes, not bytes, count).
func TestPrintClipsLongLines(t *testing.T) {
	line := strings.Repeat("é", 300) + "X" + strings.Repeat("b", 300)
	cases := []struct {
		col  int // byte column of the pointed character
		want string
	}{
		{2*300 + 1, "…" + strings.Repeat("é", 40) + "X" + strings.Repeat("b", 59) + "…"},
		{1, strings.Repeat("é", 100) + "…"},
		{len(line), "…" + strings.Repeat("b", 100)},
	}
	for _, c := range cases {
		var l List
		NewFile("a.md", []byte(line+"\n")).At(&l, Pos{1, c.col}, Error, "size", "m")
		var b bytes.Buffer
		l.Print(&b)
		lines := strings.Split(b.String(), "\n")
		src, caret := strings.TrimPrefix(lines[1], "    1 | "), strings.TrimPrefix(lines[2], "      | ")
		if src != c.want {
			t.Errorf("col %d: shown %q, want %q", c.col, src, c.want)
			continue
		}
		at := utf8.RuneCountInString(caret) - 1
		if got, want := string([]rune(src)[at]), string([]rune(line[c.col-1:])[0]); got != want {
			t.Errorf("col %d: caret under %q, want %q", c.col, got, want)
		}
	}
}

// Any line and column print without panicking, the shown line at most 102
// characters (100 and two cuts) and the caret within it.
func FuzzPrint(f *testing.F) {
	f.Add("x = 1", 1)
	f.Add(strings.Repeat("é", 300)+"X", 601)
	f.Add("\xff\xfe[a](", 3)
	f.Fuzz(func(t *testing.T, line string, col int) {
		if strings.ContainsAny(line, "\r\n") {
			return
		}
		var l List
		NewFile("a.md", []byte(line+"\n")).At(&l, Pos{1, col}, Error, "r", "m")
		var b bytes.Buffer
		l.Print(&b)
		lines := strings.Split(b.String(), "\n")
		if len(lines) < 3 || !strings.HasPrefix(lines[1], "    1 | ") {
			return // an empty line has no excerpt
		}
		src := []rune(strings.TrimPrefix(lines[1], "    1 | "))
		caret := utf8.RuneCountInString(strings.TrimPrefix(lines[2], "      | ")) - 1
		if len(src) > 102 || caret < 0 || caret > len(src) {
			t.Errorf("line %q col %d: shown %d runes, caret at %d", line, col, len(src), caret)
		}
	})
}
