package diag

import (
	"bytes"
	"runtime"
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
	f.Add(strings.Repeat("ab\xffc", 60), 100)
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
		// What At keeps of the line prints as the whole line does.
		var whole List
		whole.Add(Diagnostic{Path: "a.md", Pos: Pos{1, col}, Rule: "r", Message: "m", Source: line})
		var w bytes.Buffer
		whole.Print(&w)
		if w.String() != b.String() {
			t.Errorf("line %q col %d: the part kept prints\n%s\nthe whole line\n%s", line, col, b.String(), w.String())
		}
	})
}

// A file's diagnostics past MaxPerFile are counted, not kept, whichever
// way they are added; the count line says how many, and Errors and
// Warnings count them.
func TestAtMostMaxPerFile(t *testing.T) {
	var l List
	f := NewFile("a.md", []byte("x = 1\n"))
	for i := range MaxPerFile + 150 {
		d := f.At(&l, Pos{1, 1}, Error, "r", "error %d", i)
		d.Help = "h" // an omitted one may be written to, harmlessly
	}
	for i := range 10 {
		l.Warnf("a.md", Pos{1, 1}, "w", "warning %d", i)
		l.Add(Diagnostic{Path: "a.md", Severity: Warning, Message: "added"})
	}
	l.Errorf("b.md", Pos{1, 1}, "r", "other file")
	if len(l) != MaxPerFile+1 {
		t.Fatalf("%d diagnostics kept, want %d", len(l), MaxPerFile+1)
	}
	if l.Errors() != MaxPerFile+151 || l.Warnings() != 20 {
		t.Errorf("%s, want %d errors and 20 warnings", l.Summary(), MaxPerFile+151)
	}
	if l[MaxPerFile-1].Message != "error 99" || l[MaxPerFile-1].Help != "h" {
		t.Errorf("last kept %+v", l[MaxPerFile-1])
	}
	var b bytes.Buffer
	l.Print(&b)
	out := b.String()
	if want := "a.md: and 170 more (150 errors, 20 warnings)\nb.md:1:1: error: r: other file\n"; !strings.Contains(out, want) {
		t.Errorf("no %q in\n%s", want, out)
	}
}

// Print shows at most MaxPerFile of a file even when they were appended
// without Add (a site-wide list is joined with append).
func TestPrintCutsAppendedLists(t *testing.T) {
	var l List
	for range MaxPerFile + 5 {
		l = append(l, Diagnostic{Path: "a.md", Message: "m"})
	}
	l = append(l, Diagnostic{Path: "b.md", Severity: Warning, Message: "m"})
	var b bytes.Buffer
	l.Print(&b)
	if n := strings.Count(b.String(), "a.md: error: m\n"); n != MaxPerFile {
		t.Errorf("%d printed, want %d", n, MaxPerFile)
	}
	if !strings.HasSuffix(b.String(), "a.md: and 5 more (5 errors, 0 warnings)\nb.md: warning: m\n") {
		t.Errorf("got\n%s", b.String())
	}
}

// A diagnostic keeps the part of a long line that is shown, never the
// line: 16,000 diagnostics on one 350 KB line allocate what 100 do (and
// took 12 GB when each held a copy of the line).
func TestDiagnosticsOnALongLineAllocateLittle(t *testing.T) {
	line := strings.Repeat(`<!-- phi-ok: "x" y -->`, 16000)
	f := NewFile("a.md", []byte(line+"\n"))
	f.Pos(0) // the line index is made once per file, not per diagnostic
	var l List
	perRun := testing.AllocsPerRun(1, func() {
		l = nil
		for i := range 16000 {
			f.At(&l, Pos{1, 22*i + 1}, Warning, "phi-ok", "phi-ok allows nothing")
		}
	})
	var total uint64
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	l = nil
	for i := range 16000 {
		f.At(&l, Pos{1, 22*i + 1}, Warning, "phi-ok", "phi-ok allows nothing")
	}
	runtime.ReadMemStats(&after)
	total = after.TotalAlloc - before.TotalAlloc
	// 100 kept: a message, an excerpt of at most 400 bytes and a place in
	// the list each.
	if perRun > 1000 || total > 256<<10 {
		t.Errorf("%v allocations, %d bytes for 16,000 diagnostics on a %d-byte line", perRun, total, len(line))
	}
	for _, d := range l {
		if len(d.Source) > 4*excerptWidth {
			t.Fatalf("a diagnostic holds %d bytes of source", len(d.Source))
		}
	}
	if l.Warnings() != 16000 {
		t.Errorf("%d warnings counted", l.Warnings())
	}
}

// What Show keeps prints exactly as the whole line did: the same
// characters around the caret, the same cuts.
func TestShowPrintsAsTheWholeLine(t *testing.T) {
	lines := []string{
		strings.Repeat("é", 300) + "X" + strings.Repeat("b", 300),
		"short\tline",
		strings.Repeat("ab\xffc", 60),
		strings.Repeat("䑂", 150),
	}
	for _, line := range lines {
		for col := 0; col <= len(line)+2; col += 7 {
			var kept, whole List
			NewFile("a.md", []byte(line+"\n")).At(&kept, Pos{1, col}, Error, "r", "m")
			whole.Add(Diagnostic{Path: "a.md", Pos: Pos{1, col}, Rule: "r", Message: "m", Source: line})
			var a, b bytes.Buffer
			kept.Print(&a)
			whole.Print(&b)
			if a.String() != b.String() {
				t.Fatalf("line %.20q col %d: kept part prints\n%s\nthe whole line\n%s", line, col, a.String(), b.String())
			}
		}
	}
}
