package content

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content/diag"
)

// module builds a module file: the front matter lines between +++ lines,
// then a body. The first front matter line is line 2 of the file.
func module(lines ...string) string {
	return "+++\n" + strings.Join(lines, "\n") + "\n+++\nBody.\n"
}

// at is a position, line:col.
func at(line, col int) diag.Pos { return diag.Pos{Line: line, Col: col} }

// parseFront splits src and parses its front matter as ParseModule does.
func parseFront(t *testing.T, src string) (*Doc, diag.List) {
	t.Helper()
	f := diag.NewFile("m.md", []byte(src))
	start, end, _, l := SplitFrontMatter(f)
	if l.HasErrors() {
		t.Fatalf("SplitFrontMatter: %v", l)
	}
	return ParseDoc(f, start, end)
}

// problems collects what is wrong with one case, so that a case marked with
// a known bug is skipped while the bug is there, and flagged once it is
// fixed (the mark must then go, so the case guards the fix).
type problems []string

func (p *problems) errorf(format string, args ...any) {
	*p = append(*p, fmt.Sprintf(format, args...))
}

func (p problems) report(t *testing.T, bug string) {
	t.Helper()
	switch {
	case bug == "":
		for _, s := range p {
			t.Error(s)
		}
	case len(p) > 0:
		t.Skipf("known bug: %s\n%s", bug, strings.Join(p, "\n"))
	default:
		t.Errorf("case is marked with a known bug (%s) but passes: remove the mark", bug)
	}
}

// expectOne checks that l holds exactly one error, at want, with rule and
// a message containing msg; help, when not empty, must be contained in the
// help line.
func (p *problems) expectOne(l diag.List, want diag.Pos, rule, msg, help string) {
	if len(l) != 1 {
		p.errorf("got %d diagnostics, want 1: %v", len(l), l)
		if len(l) == 0 {
			return
		}
	}
	d := l[0]
	if d.Severity != diag.Error {
		p.errorf("severity %v, want error", d.Severity)
	}
	if d.Pos != want {
		p.errorf("position %d:%d, want %d:%d (%s)", d.Pos.Line, d.Pos.Col, want.Line, want.Col, d)
	}
	if d.Rule != rule {
		p.errorf("rule %q, want %q (%s)", d.Rule, rule, d)
	}
	if !strings.Contains(d.Message, msg) {
		p.errorf("message %q does not contain %q", d.Message, msg)
	}
	if strings.ContainsAny(d.Message, "\r\n") {
		p.errorf("message %q is not one line", d.Message)
	}
	if help != "" && !strings.Contains(d.Help, help) {
		p.errorf("help %q does not contain %q", d.Help, help)
	}
	if d.Path != "m.md" {
		p.errorf("path %q, want m.md", d.Path)
	}
}

func TestParseDocSyntaxError(t *testing.T) {
	cases := []struct {
		name string
		src  string
		pos  diag.Pos
		msg  string
		bug  string
	}{
		{"missing value", module(`title = "a"`, `summary = "b"`, `weight =`), at(4, 9), "expected value", ""},
		{"first line", module(`title = "a`), at(2, 11), "strings cannot contain newlines", ""},
		{"duplicate key", module(`title = "a"`, `title = "b"`), at(3, 1), "already been defined", ""},
		{"bare word", module(`title = "a"`, ``, `# comment`, `summary = hello`), at(5, 11), "", ""},
		{"bad date", module(`date = 2026-13-01`), at(2, 8), "invalid datetime", ""},
		{"after blank lines", module(``, ``, `x = [1,`), at(4, 8), "unexpected EOF", ""},
		{"crlf", strings.ReplaceAll(module(`title = "a"`, `weight =`), "\n", "\r\n"), at(3, 9), "", ""},
		{"bom", "\ufeff" + module(`title = "a"`, `weight =`), at(3, 9), "expected value", ""},
		{"table redefined", module(`[credit]`, `hours = 1`, `[credit]`), at(4, 2), "already been defined", ""},
		{"float out of range", module(`[credit]`, `hours = 1e400`), at(3, 9), "out of range", ""},
		{"binary prefix", module(`title = "a"`, `weight = 0b`, `draft = false`), at(3, 10), "not a binary number", ""},
		{"unclosed table header", module(`title = "a"`, `[credit`, `type = "x"`), at(3, 8), "to end table name",
			""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, l := parseFront(t, c.src)
			var p problems
			if doc != nil {
				p.errorf("got a Doc for invalid TOML")
			}
			p.expectOne(l, c.pos, "syntax", c.msg, "fix the TOML syntax")
			p.report(t, c.bug)
		})
	}
}

func TestDecodeUnknownKey(t *testing.T) {
	cases := []struct {
		name, src string
		pos       diag.Pos
		msg, help string
		bug       string
	}{
		{"typo", module(`title = "a"`, `sumary = "b"`), at(3, 1), `unknown key "sumary"`, `did you mean "summary"?`, ""},
		{"array of tables", module(`title = "a"`, ``, `[[reveiws]]`, `reviewer = "x"`), at(4, 1), `unknown key "reveiws"`, `did you mean "reviews"?`, ""},
		{"in a table", module(`title = "a"`, `[credit]`, `type = "x"`, `hour = 1`), at(5, 1), `unknown key "credit.hour"`, `did you mean "hours"?`, ""},
		{"indented", module(`[credit]`, `  hour = 1`), at(3, 3), `unknown key "credit.hour"`, `did you mean "hours"?`, ""},
		{"capitalised", module(`Title = "a"`), at(2, 1), `unknown key "Title"`, `did you mean "title"?`, ""},
		{"no suggestion", module(`title = "a"`, `colour = "red"`), at(3, 1), `unknown key "colour"`, "remove it", ""},
		{"inline table", module(`title = "a"`, `credit = { type = "x", hour = 1 }`), at(3, 1), `unknown key "credit.hour"`, `did you mean "hours"?`, ""},
		{"dotted key", module(`title = "a"`, `credit.type = "x"`, `credit.hour = 1`), at(4, 1), `unknown key "credit.hour"`, `did you mean "hours"?`, ""},
		{"quoted key", module(`title = "a"`, `"sumary" = "b"`), at(3, 1), `unknown key "sumary"`, `did you mean "summary"?`, ""},
		{"quoted dotted key", module(`title = "a"`, `credit."hour" = 1`), at(3, 1), `unknown key "credit.hour"`, `did you mean "hours"?`, ""},
		{"array entry by index", module(
			`[[references]]`, `id = "a"`,
			`[[references]]`, `id = "b"`, `dio = "10.1/b"`,
			`[[references]]`, `id = "c"`, `dio = "10.1/c"`),
			at(6, 1), `unknown key "references[1].dio"`, `did you mean "doi"?`, ""},
		{"key with a dot in quotes", module(`title = "a"`, `summary = "b"`, `"a.b" = 1`), at(4, 1), `unknown key "a.b"`, "remove it", ""},
		{"key with a dot in single quotes", module(`title = "a"`, `'a.b' = 1`), at(3, 1), `unknown key "a.b"`, "remove it", ""},
		{"dotted key with a quoted dotted part", module(`title = "a"`, `credit."x.y" = 1`), at(3, 1), `unknown key "credit.x.y"`, "remove it", ""},
		{"table header with a quoted dot", module(`title = "a"`, `["x.y"]`, `z = 1`), at(3, 1), `unknown key "x.y"`, "remove it", ""},
		{"table header with a quoted bracket", module(`title = "a"`, `["x]"]`, `z = 1`), at(3, 1), `unknown key "x]"`, "remove it", ""},
		{"escaped quote before the dot", module(`title = "a"`, `"a\".b" = 1`), at(3, 1), `unknown key "a\".b"`, "remove it", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, l := parseFront(t, c.src)
			if doc == nil {
				t.Fatalf("ParseDoc: %v", l)
			}
			var fm FrontMatter
			doc.Decode(doc.Raw, &fm, nil, &l)
			var p problems
			if c.name == "array entry by index" {
				// both entries are reported, each at its own line
				if len(l) != 2 {
					t.Fatalf("got %v, want 2 diagnostics", l)
				}
				if l[1].Pos != (diag.Pos{Line: 9, Col: 1}) || !strings.Contains(l[1].Message, `"references[2].dio"`) {
					t.Errorf("second diagnostic %s, want references[2].dio at 9:1", l[1])
				}
				l = l[:1]
			}
			p.expectOne(l, c.pos, "unknown-key", c.msg, c.help)
			p.report(t, c.bug)
		})
	}
}

func TestDecodeWrongType(t *testing.T) {
	cases := []struct {
		name, src string
		pos       diag.Pos
		msg       string
		bug       string
	}{
		{"weight string", module(`title = "a"`, `weight = "x"`), at(3, 1), `weight must be a whole number, not "x"`, ""},
		{"weight float", module(`weight = 1.5`), at(2, 1), `weight must be a whole number, not 1.5`, ""},
		{"date word", module(`title = "a"`, `date = "yesterday"`), at(3, 1), `date must be a date like 2026-11-01, not "yesterday"`, ""},
		{"date time only", module(`date = 10:30:00`), at(2, 1), `date must be a date like 2026-11-01, not "10:30:00"`, ""},
		{"date with words after", module(`date = "2026-11-01 or later"`), at(2, 1), `date must be a date like 2026-11-01, not "2026-11-01 or later"`,
			""},
		{"date number", module(`expires = 2026`), at(2, 1), `expires must be a date like 2026-11-01, not 2026`, ""},
		{"authors string", module(`title = "a"`, `authors = "x"`), at(3, 1), `authors must be an array, not "x"`, ""},
		{"array element", module(`tags = ["a", 2]`), at(2, 1), `tags[1] must be a string, not 2`, ""},
		{"draft string", module(`draft = "yes"`), at(2, 1), `draft must be true or false, not "yes"`, ""},
		{"table expected", module(`title = "a"`, `credit = 1`), at(3, 1), `credit must be a table, not 1`, ""},
		{"in a table", module(`[credit]`, `type = "x"`, `  hours = "1"`), at(4, 3), `credit.hours must be a number, not "1"`, ""},
		{"inline table", module(`title = "a"`, `credit = { type = "x", hours = "1" }`), at(3, 1), `credit.hours must be a number, not "1"`, ""},
		{"dotted key", module(`credit.type = "x"`, `credit.hours = "1"`), at(3, 1), `credit.hours must be a number, not "1"`, ""},
		{"quoted key", module(`title = "a"`, `"weight" = "x"`), at(3, 1), `weight must be a whole number, not "x"`, ""},
		{"single-quoted key", module(`title = "a"`, `'weight' = "x"`), at(3, 1), `weight must be a whole number, not "x"`, ""},
		{"array entry by index", module(
			`title = "a"`,
			`[[references]]`, `id = "a"`, `doi = "10.1/a"`,
			`[[references]]`, `id = "b"`, `doi = "10.1/b"`,
			`[[references]]`, `id = "c"`, `  doi = 10`),
			at(11, 3), `references[2].doi must be a string, not 10`, ""},
		{"reference year", module(`[[references]]`, `id = "a"`, `year = "2021"`), at(4, 1), `references[0].year must be a whole number, not "2021"`, ""},
		{"review date", module(`[[reviews]]`, `reviewer = "a"`, `role = "medical"`, `date = "soon"`), at(5, 1), `reviews[0].date must be a date like 2026-11-01, not "soon"`, ""},
		{"after a multi-line string", module(`summary = """`, `[credit]`, `"""`, `weight = "x"`), at(5, 1), `weight must be a whole number, not "x"`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, l := parseFront(t, c.src)
			if doc == nil {
				t.Fatalf("ParseDoc: %v", l)
			}
			var fm FrontMatter
			doc.Decode(doc.Raw, &fm, nil, &l)
			var p problems
			p.expectOne(l, c.pos, "type", c.msg, "")
			p.report(t, c.bug)
		})
	}
}

func TestDecodeValid(t *testing.T) {
	src := module(
		`title = "Recognising sepsis"`,
		`weight = 1_0`,
		`date = 2026-11-01`,
		`expires = 2029-10-31T00:00:00Z`,
		`authors = ["jdoe"]`,
		`credit = { type = "AMA", hours = 1 }`,
		`support.supporter = "Acme Pharma"`,
		`[[references]]`, `id = "a"`, `year = 2021`,
		`[[reviews]]`, `reviewer = "asmith"`, `role = "medical"`, `date = 2026-11-10`, `digest = "sha256:00"`,
	)
	doc, l := parseFront(t, src)
	if doc == nil {
		t.Fatal(l)
	}
	var fm FrontMatter
	doc.Decode(doc.Raw, &fm, nil, &l)
	if len(l) > 0 {
		t.Fatal(l)
	}
	if fm.Title != "Recognising sepsis" || fm.Weight != 10 || fm.Date.String() != "2026-11-01" || fm.Expires.String() != "2029-10-31" {
		t.Errorf("decoded %+v", fm)
	}
	if fm.Credit == nil || fm.Credit.Type != "AMA" || fm.Credit.Hours != 1 {
		t.Errorf("credit %+v", fm.Credit)
	}
	if fm.Support == nil || fm.Support.Supporter != "Acme Pharma" {
		t.Errorf("support %+v", fm.Support)
	}
	if len(fm.References) != 1 || fm.References[0].Year != 2021 {
		t.Errorf("references %+v", fm.References)
	}
	want := Review{Reviewer: "asmith", Role: "medical", Date: ParseDate("2026-11-10"), Digest: "sha256:00"}
	if len(fm.Reviews) != 1 || fm.Reviews[0] != want {
		t.Errorf("reviews %+v, want %+v", fm.Reviews, want)
	}
}

const peopleTOML = `# people
[[person]]
id   = "asmith"
name = "Alex Smith"
[[person.relationships]]
company = "Acme"
nature  = "consultant"

[[person]]
id   = "bkim"
name = "Bo Kim"
[[person.relationships]]
company   = "Acme"
nature    = "speaker"
mitgated  = "peer review"
[[person.relationships]]
company   = "Beta"
nature    = 3
mitigated = "none"
`

func TestDecodeNestedArrays(t *testing.T) {
	f := diag.NewFile("people.toml", []byte(peopleTOML))
	doc, l := ParseDoc(f, 0, len(f.Src))
	if doc == nil {
		t.Fatal(l)
	}
	var pf PeopleFile
	doc.Decode(doc.Raw, &pf, nil, &l)
	l.Sort()
	if len(l) != 2 {
		t.Fatalf("got %v", l)
	}
	if l[0].Pos != (diag.Pos{Line: 15, Col: 1}) || !strings.Contains(l[0].Message, `person[1].relationships[0].mitgated`) || l[0].Help != `did you mean "mitigated"?` {
		t.Errorf("got %s (help %q), want person[1].relationships[0].mitgated at 15:1", l[0], l[0].Help)
	}
	if l[1].Pos != (diag.Pos{Line: 18, Col: 1}) || l[1].Message != `person[1].relationships[1].nature must be a string or a table of strings by language ({ en = "...", es = "..." }), not 3` {
		t.Errorf("got %s, want person[1].relationships[1].nature at 18:1", l[1])
	}
}

func TestKeyPos(t *testing.T) {
	src := module(
		`title = "a"`, // 2
		`credit = { type = "x", hours = 1 }`,
		`support.supporter = "Acme"`,
		`  "weight" = 3`, // 5
		`tags = [`,
		`  "a",`,
		`]`,
		`[[references]]`, // 9
		`id = "a"`,
		`[[references]]`, // 11
		`id = "b"`,
		`[[references]]`, // 13
		`id = "c"`,
		`doi = "10.1/c"`, // 15
		`[ reviews_extra ]`,
		`x = 1`, // 17
		`[[person]]`,
		`[[person]]`, // 19
		`[[person.relationships]]`,
		`company = "a"`, // 21
		`[[person.relationships]]`,
		`company = "b"`, // 23
		`[cascade.credit]`,
		`hours = 2`, // 25
	)
	doc, l := parseFront(t, src)
	if doc == nil {
		t.Fatal(l)
	}
	cases := []struct {
		path []any
		want diag.Pos
		bug  string
	}{
		{[]any{"title"}, at(2, 1), ""},
		{[]any{"credit"}, at(3, 1), ""},
		{[]any{"credit", "hours"}, at(3, 1), ""}, // inside an inline table: the enclosing key
		{[]any{"support", "supporter"}, at(4, 1), ""},
		{[]any{"support"}, at(4, 1), ""},
		{[]any{"weight"}, at(5, 3), ""},
		{[]any{"tags", 0}, at(6, 1), ""},
		{[]any{"references", 0}, at(9, 1), ""},
		{[]any{"references", 1, "id"}, at(12, 1), ""},
		{[]any{"references", 2}, at(13, 1), ""},
		{[]any{"references", 2, "doi"}, at(15, 1), ""},
		{[]any{"references", 2, "pmid"}, at(13, 1), ""}, // not written: the entry
		{[]any{"references", 3, "doi"}, at(9, 1), ""},   // no such entry: the array it would be in
		{[]any{"reviews_extra", "x"}, at(17, 1), ""},
		{[]any{"person", 1}, at(19, 1), ""},
		{[]any{"person", 1, "relationships", 0, "company"}, at(21, 1), ""},
		{[]any{"person", 1, "relationships", 1, "company"}, at(23, 1), ""},
		{[]any{"person", 1, "relationships", 1}, at(22, 1), ""},
		{[]any{"person", 0, "relationships", 0}, at(18, 1), ""}, // none written under person 0
		{[]any{"cascade", "credit", "hours"}, at(25, 1), ""},
		{[]any{"nothing"}, at(2, 1), ""},
		{nil, at(2, 1), ""},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.path), func(t *testing.T) {
			var p problems
			if got := doc.KeyPos(c.path...); got != c.want {
				p.errorf("KeyPos(%v) = %d:%d, want %d:%d", c.path, got.Line, got.Col, c.want.Line, c.want.Col)
			}
			p.report(t, c.bug)
		})
	}
}

// nest writes a value nested depth levels deep, arrays and inline tables
// alternating.
func nest(depth int, table bool) string {
	var open, close strings.Builder
	for i := 0; i < depth; i++ {
		if table {
			open.WriteString("{ a = ")
			close.WriteString(" }")
		} else {
			open.WriteString("[")
			close.WriteString("]")
		}
	}
	return open.String() + "1" + close.String()
}

func TestParseDocLimits(t *testing.T) {
	pad := func(n int) string { // a comment line making the front matter exactly n bytes
		return "#" + strings.Repeat("x", n-len("title = \"a\"\n")-len("#\n")) + "\n"
	}
	cases := []struct {
		name string
		fm   string // the front matter, without +++ lines
		ok   bool
		msg  string
		pos  diag.Pos
		bug  string
	}{
		{"size at the limit", "title = \"a\"\n" + pad(MaxDocSize), true, "", diag.Pos{}, ""},
		{"size over the limit", "title = \"a\"\n" + pad(MaxDocSize+1), false, fmt.Sprintf("TOML of %d bytes is over the limit of %d", MaxDocSize+1, MaxDocSize), at(2, 1), ""},
		{"huge", "x = \"" + strings.Repeat("a", 4*MaxDocSize) + "\"\n", false, "over the limit", at(2, 1), ""},
		{"arrays at the limit", "x = " + nest(MaxDocDepth, false) + "\n", true, "", diag.Pos{}, ""},
		{"arrays over the limit", "title = \"a\"\nx = " + nest(MaxDocDepth+1, false) + "\n", false, "TOML nested 17 levels deep, over the limit of 16", at(3, 21), ""},
		{"inline tables over the limit", "x = " + nest(MaxDocDepth+1, true) + "\n", false, "nested 17 levels deep", at(2, 5+6*MaxDocDepth), ""},
		{"very deep", "x = " + nest(100000, false) + "\n", false, "nested 100000 levels deep", at(2, 100004), ""},
		{"headers count", "[[a.b]]\nx = " + nest(MaxDocDepth-1, false) + "\n", true, "", diag.Pos{}, ""},
		{"brackets in strings and comments", "a = \"" + strings.Repeat("[", 40) + "\"\nb = '" + strings.Repeat("{", 40) + "'\n# " + strings.Repeat("[", 40) + "\nc = \"\\\"" + strings.Repeat("[", 40) + "\"\n", true, "", diag.Pos{}, ""},
		{"closing brackets in a multi-line literal string", "a = '''\n" + strings.Repeat("]", 40) + "\n'''\nx = " + nest(MaxDocDepth+4, false) + "\n", false, "over the limit of 16", diag.Pos{}, ""},
		{"opening brackets in a multi-line literal string", "a = '''\n" + strings.Repeat("[", 40) + "\n'''\n", true, "", diag.Pos{}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, l := parseFront(t, "+++\n"+c.fm+"+++\nbody\n")
			var p problems
			switch {
			case c.ok && (doc == nil || len(l) > 0):
				p.errorf("refused: %v", l)
			case !c.ok && doc != nil:
				p.errorf("accepted, want an error containing %q", c.msg)
			case !c.ok:
				if len(l) != 1 || l[0].Rule != "syntax" || !strings.Contains(l[0].Message, c.msg) {
					p.errorf("got %v, want one syntax error containing %q", l, c.msg)
				} else if c.pos != (diag.Pos{}) && l[0].Pos != c.pos {
					p.errorf("position %d:%d, want %d:%d", l[0].Pos.Line, l[0].Pos.Col, c.pos.Line, c.pos.Col)
				}
			}
			p.report(t, c.bug)
		})
	}
}

func TestParseDocInfNaN(t *testing.T) {
	for _, fm := range []string{
		`hours = inf`, `x = nan`, `x = -inf`, `x = +nan`, `x = [1.0, inf]`, `x = { y = nan }`,
		"[credit]\nhours = inf", "[[references]]\nid = \"a\"\n[[references]]\nyear = -inf",
	} {
		doc, l := parseFront(t, module(fm))
		if doc != nil {
			t.Errorf("%q: accepted", fm)
			continue
		}
		if len(l) != 1 || l[0].Rule != "syntax" || !strings.Contains(l[0].Message, "inf and nan are not allowed") || l[0].Pos.Line < 2 {
			t.Errorf("%q: got %v", fm, l)
		}
	}
	// The message and position name the value's key path.
	for fm, want := range map[string]string{
		`x = [1.0, inf]`:        "2:1: x[1]: inf and nan are not allowed",
		"[credit]\nhours = inf": "3:1: credit.hours: inf and nan are not allowed",
		"[[references]]\nid = \"a\"\n[[references]]\nyear = -inf": "5:1: references[1].year: inf and nan are not allowed",
	} {
		_, l := parseFront(t, module(fm))
		if len(l) != 1 || fmt.Sprintf("%d:%d: %s", l[0].Pos.Line, l[0].Pos.Col, l[0].Message) != want {
			t.Errorf("%q: got %v, want %s", fm, l, want)
		}
	}
	// 'inf' and 'nan' as strings or keys are fine
	if doc, l := parseFront(t, module(`title = "inf"`, `nan = 1`)); doc == nil {
		t.Errorf("strings refused: %v", l)
	}
}

func canonical(t *testing.T, fm string) string {
	t.Helper()
	doc, l := parseFront(t, "+++\n"+fm+"\n+++\n")
	if doc == nil {
		t.Fatalf("%q: %v", fm, l)
	}
	return string(CanonicalJSON(doc.Raw))
}

func TestCanonicalJSON(t *testing.T) {
	got := canonical(t, "b = 1\na = \"<x> & y\"\n[c]\nz = true\ny = 2026-11-01\nx = 0.25\nw = [2, 1]\nv = 2026-11-01T10:00:00\nu = 2026-11-01T10:00:00+02:00\nt = 10:30:00")
	want := `{"a":"<x> & y","b":1,"c":{"t":"10:30:00","u":"2026-11-01T10:00:00+02:00","v":"2026-11-01T10:00:00","w":[2,1],"x":0.25,"y":"2026-11-01","z":true}}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}

	base := `title = "Sepsis"
weight = 1000
date = 2026-11-01
draft = false
tags = ["a", "b"]

[credit]
type = "AMA"
hours = 0.25

[[references]]
id = "x"
year = 2021
[[references]]
id = "y"
`
	same := []string{
		`# the same values, written differently
references = [ { year = 2021, id = "x" }, {id='y'} ]
credit = { hours = 2.5e-1, type = 'AMA' }
"tags"=[ "a",
  "b", ]
weight=1_000
  draft   =   false
date = 2026-11-01  # release
  title   =   """Sepsis"""
`,
		`weight = 0x3E8
title = 'Sepsis'
tags = ['a', 'b']
draft = false
date = 2026-11-01
credit.type = "AMA"
credit.hours = 0.250
[[references]]
year = 2021
id = "x"
[[references]]
"id" = "y"
`,
		strings.ReplaceAll(base, "\n", "\r\n"),
	}
	want = canonical(t, base)
	for _, s := range same {
		if got := canonical(t, s); got != want {
			t.Errorf("%q\ngot  %s\nwant %s", s, got, want)
		}
	}
	changes := []struct{ old, new string }{
		{`"Sepsis"`, `"sepsis"`},
		{`"Sepsis"`, `"Sepsis "`},
		{`1000`, `1001`},
		{`1000`, `"1000"`},
		{`2026-11-01`, `2026-11-02`},
		{`false`, `true`},
		{`["a", "b"]`, `["b", "a"]`},
		{`["a", "b"]`, `["a", "b", "b"]`},
		{`"AMA"`, `"AMA™"`},
		{`0.25`, `0.26`},
		{`2021`, `2022`},
		{`id = "y"`, `id = "y"` + "\nyear = 2021"},
		{"[credit]\n", "[credit]\npass = 0.7\n"},
	}
	for _, c := range changes {
		changed := strings.Replace(base, c.old, c.new, 1)
		if changed == base {
			t.Fatalf("change %q does not apply", c.old)
		}
		if got := canonical(t, changed); got == want {
			t.Errorf("changing %s to %s leaves canonical JSON unchanged: %s", c.old, c.new, got)
		}
	}
}

// BenchmarkDiagnostics measures reporting many problems of one document:
// KeyPos indexes the document once, so the cost grows linearly.
func BenchmarkDiagnostics(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("+++\n")
	for i := 0; i < 4000; i++ {
		fmt.Fprintf(&sb, "k%d = 1\n", i)
	}
	sb.WriteString("+++\n")
	in := []byte(sb.String())
	for b.Loop() {
		ParseModule("m.md", in, nil, nil)
	}
}
