package content

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content/diag"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestSplitFrontMatter(t *testing.T) {
	cases := []struct {
		name     string
		src      string
		fm, body string // the front matter and the body, when there is no error
		err      string // a message the error at 1:1 contains
	}{
		{"simple", "+++\ntitle = \"a\"\n+++\nBody.\n", "title = \"a\"\n", "Body.\n", ""},
		{"body right after", "+++\nx = 1\n+++\n# Heading", "x = 1\n", "# Heading", ""},
		{"no body", "+++\nx = 1\n+++", "x = 1\n", "", ""},
		{"no body, final newline", "+++\nx = 1\n+++\n", "x = 1\n", "", ""},
		{"empty front matter", "+++\n+++\nBody.", "", "Body.", ""},
		{"blank front matter", "+++\n\n\n+++\nBody.", "\n\n", "Body.", ""},
		{"bom", "\ufeff+++\ntitle = \"a\"\n+++\nBody.", "title = \"a\"\n", "Body.", ""},
		{"crlf", "+++\r\ntitle = \"a\"\r\nx = 1\r\n+++\r\nBody.\r\n", "title = \"a\"\r\nx = 1\r\n", "Body.\r\n", ""},
		{"bom and crlf", "\ufeff+++\r\nx = 1\r\n+++\r\n", "x = 1\r\n", "", ""},
		{"trailing spaces", "+++  \nx = 1\n+++ \t\nBody.", "x = 1\n", "Body.", ""},
		{"delimiter in a value", "+++\nx = '+++'\n+++\n+++\n", "x = '+++'\n", "+++\n", ""},
		{"a second block is body", "+++\nx = 1\n+++\n+++\ny = 2\n+++\n", "x = 1\n", "+++\ny = 2\n+++\n", ""},
		{"missing", "title = \"a\"\n+++\n", "", "", "missing front matter"},
		{"empty file", "", "", "", "missing front matter"},
		{"yaml", "---\ntitle: a\n---\nBody.", "title: a\n", "Body.", ""},
		{"yaml closed by +++", "---\ntitle: a\n+++\n", "", "", "never closed"},
		{"toml closed by ---", "+++\ntitle = 'a'\n---\n", "", "", "never closed"},
		{"four dashes", "----\nx: 1\n----\n", "", "", "missing front matter"},
		{"blank line first", "\n+++\nx = 1\n+++\n", "", "", "missing front matter"},
		{"indented", " +++\nx = 1\n+++\n", "", "", "missing front matter"},
		{"four plus signs", "++++\nx = 1\n++++\n", "", "", "missing front matter"},
		{"text after the delimiter", "+++ toml\nx = 1\n+++\n", "", "", "missing front matter"},
		{"unclosed", "+++\ntitle = \"a\"\n\nBody.\n", "", "", "never closed"},
		{"only the opening", "+++", "", "", "never closed"},
		{"only the opening line", "+++\n", "", "", "never closed"},
		{"closing with text", "+++\nx = 1\n+++ x\n", "", "", "never closed"},
		{"crlf unclosed", "+++\r\nx = 1\r\n", "", "", "never closed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := diag.NewFile("m.md", []byte(c.src))
			start, end, body, l := SplitFrontMatter(f)
			if c.err != "" {
				if len(l) != 1 || l[0].Rule != "syntax" || l[0].Pos != at(1, 1) || !strings.Contains(l[0].Message, c.err) || l[0].Help == "" {
					t.Fatalf("got %v, want one syntax error at 1:1 containing %q, with help", l, c.err)
				}
				return
			}
			if len(l) > 0 {
				t.Fatalf("unexpected %v", l)
			}
			if !(0 <= start && start <= end && end <= body && body <= len(c.src)) {
				t.Fatalf("start %d, end %d, body %d out of order (len %d)", start, end, body, len(c.src))
			}
			if got := c.src[start:end]; got != c.fm {
				t.Errorf("front matter %q, want %q", got, c.fm)
			}
			if got := c.src[body:]; got != c.body {
				t.Errorf("body %q, want %q", got, c.body)
			}
			if cl := strings.TrimRight(c.src[end:body], " \t\r\n"); cl != "+++" && cl != "---" {
				t.Errorf("closing line %q", c.src[end:body])
			}
		})
	}
}

// section parses an _index.md from front matter lines.
func section(t *testing.T, dir string, parent *Section, lines ...string) *Section {
	t.Helper()
	s, l := ParseSection(dir, "content/"+dir+"/_index.md", []byte(module(lines...)), parent)
	if len(l) > 0 {
		t.Fatalf("section %s: %v", dir, l)
	}
	return s
}

func TestParseModuleCascade(t *testing.T) {
	course := section(t, "em", nil,
		`title = "Emergency medicine"`,
		`[cascade]`,
		`format   = "enduring material"`,
		`audience = ["Physicians"]`,
		`tags     = ["em"]`,
		`[cascade.credit]`,
		`type  = "AMA PRA Category 1 Credit™"`,
		`hours = 0.25`,
	)
	sepsis := section(t, "em/sepsis", course,
		`title = "Sepsis"`,
		`[cascade]`,
		`audience = ["Emergency nurses"]`,
		`duration = "6min"`,
	)
	src := module(
		`title  = "Fluids"`,
		`format = "podcast"`,
		`tags   = []`,
	)
	m, l := ParseModule("content/em/sepsis/fluids.md", []byte(src), sepsis, nil)
	if m == nil || len(l) > 0 {
		t.Fatalf("ParseModule: %v", l)
	}
	if m.Meta.Format != "podcast" {
		t.Errorf("format %q: the module's own value must win", m.Meta.Format)
	}
	if len(m.Meta.Tags) != 0 {
		t.Errorf("tags %q: the module's own (empty) value must win", m.Meta.Tags)
	}
	if !reflect.DeepEqual(m.Meta.Audience, []string{"Emergency nurses"}) {
		t.Errorf("audience %q: the nearest section must win", m.Meta.Audience)
	}
	if m.Meta.Duration != "6min" {
		t.Errorf("duration %q, want the parent section's", m.Meta.Duration)
	}
	if m.Meta.Credit == nil || m.Meta.Credit.Hours != 0.25 || m.Meta.Credit.Type != "AMA PRA Category 1 Credit™" {
		t.Errorf("credit %+v, want the grandparent section's", m.Meta.Credit)
	}
	if m.Meta.Title != "Fluids" || m.Slug != "fluids" || m.URLPath() != "em/sepsis/fluids/" {
		t.Errorf("title %q, slug %q, URL %q", m.Meta.Title, m.Slug, m.URLPath())
	}
	if _, ok := m.Effective()["credit"]; !ok {
		t.Errorf("effective front matter lacks the inherited credit: %v", m.Effective())
	}
	if _, ok := m.Effective()["title"]; !ok {
		t.Errorf("effective front matter lacks the title: %v", m.Effective())
	}
	// positions of inherited keys are in the section that set them
	for _, c := range []struct {
		path []any
		file string
		pos  diag.Pos
	}{
		{[]any{"credit", "hours"}, course.Path, at(9, 1)},
		{[]any{"credit"}, course.Path, at(7, 1)},
		{[]any{"audience"}, sepsis.Path, at(4, 1)},
		{[]any{"format"}, m.Path, at(3, 1)},
		{[]any{"title"}, m.Path, at(2, 1)},
	} {
		f, pos := m.KeyPos(c.path...)
		if f == nil || f.Path != c.file || pos != c.pos {
			t.Errorf("KeyPos(%v) = %v %d:%d, want %s %d:%d", c.path, f, pos.Line, pos.Col, c.file, c.pos.Line, c.pos.Col)
		}
	}

	// A change in the cascade changes the effective front matter; a
	// reformatting of it does not.
	effective := func(lines ...string) string {
		s := section(t, "em/sepsis", course, lines...)
		m, l := ParseModule("content/em/sepsis/fluids.md", []byte(src), s, nil)
		if m == nil || len(l) > 0 {
			t.Fatalf("ParseModule: %v", l)
		}
		return string(CanonicalJSON(m.Effective()))
	}
	base := effective(`[cascade]`, `audience = ["Emergency nurses"]`, `duration = "6min"`)
	if got := effective(`cascade = { duration = '6min', audience = [ "Emergency nurses" ] }`); got != base {
		t.Errorf("reformatted cascade changed the effective front matter:\n%s\n%s", got, base)
	}
	if got := effective(`[cascade]`, `audience = ["Emergency nurses"]`, `duration = "7min"`); got == base {
		t.Errorf("changed cascade left the effective front matter unchanged: %s", got)
	}

	// a module without a section inherits nothing
	m, l = ParseModule("fluids.md", []byte(src), nil, nil)
	if m == nil || len(l) > 0 || m.Meta.Credit != nil || m.Meta.Audience != nil {
		t.Errorf("no section: %v %+v", l, m)
	}
}

func TestParseModuleReviewsNotInEffective(t *testing.T) {
	src := module(`title = "a"`, `[[reviews]]`, `reviewer = "asmith"`, `role = "medical"`, `date = 2026-11-10`)
	m, l := ParseModule("a.md", []byte(src), nil, nil)
	if m == nil || len(l) > 0 {
		t.Fatal(l)
	}
	if _, ok := m.Effective()["reviews"]; ok {
		t.Error("effective front matter holds reviews")
	}
	if len(m.Meta.Reviews) != 1 || m.Meta.Reviews[0].Reviewer != "asmith" {
		t.Errorf("reviews %+v", m.Meta.Reviews)
	}
	if string(m.Body) != "Body.\n" || m.BodyOffset != len(src)-len("Body.\n") {
		t.Errorf("body %q at %d", m.Body, m.BodyOffset)
	}
}

func TestParseModuleSlug(t *testing.T) {
	cases := []struct {
		path string
		fm   []string
		slug string
		pos  diag.Pos // of the error, when the slug is refused
	}{
		{"content/c/fluids.md", nil, "fluids", diag.Pos{}},
		{"content/c/recognition/index.md", nil, "recognition", diag.Pos{}},
		{"content/c/fluids.md", []string{`slug = "fluid-resuscitation"`}, "fluid-resuscitation", diag.Pos{}},
		{"content/c/m/index.md", []string{`slug = "v2.1_x"`}, "v2.1_x", diag.Pos{}},
		{"content/c/fluids.md", []string{`slug = ""`}, "fluids", diag.Pos{}}, // unset: the file name
		{"content/c/fluids.md", []string{`title = "a"`, `slug = "../x"`}, "../x", at(3, 1)},
		{"content/c/fluids.md", []string{`slug = "a/b"`}, "a/b", at(2, 1)},
		{"content/c/fluids.md", []string{`slug = ".."`}, "..", at(2, 1)},
		{"content/c/fluids.md", []string{`slug = "."`}, ".", at(2, 1)},
		{"content/c/fluids.md", []string{`slug = "-x"`}, "-x", at(2, 1)},
		{"content/c/fluids.md", []string{`slug = "a b"`}, "a b", at(2, 1)},
		{"content/c/fluids.md", []string{`slug = "a\\b"`}, `a\b`, at(2, 1)},
		{"content/c/fluids.md", []string{`slug = "` + strings.Repeat("a", 201) + `"`}, strings.Repeat("a", 201), at(2, 1)},
		{"content/c/.md", []string{`title = "a"`}, "", at(2, 1)},
		{"content/c/..md", []string{`title = "a"`}, ".", at(2, 1)},
		{"content/c/a b.md", []string{`title = "a"`}, "a b", at(2, 1)},
		{"index.md", []string{`title = "a"`}, ".", at(2, 1)},
	}
	for _, c := range cases {
		t.Run(c.path+" "+strings.Join(c.fm, " "), func(t *testing.T) {
			m, l := ParseModule(c.path, []byte(module(c.fm...)), nil, nil)
			if m == nil {
				t.Fatalf("no module: %v", l)
			}
			if m.Slug != c.slug {
				t.Errorf("slug %q, want %q", m.Slug, c.slug)
			}
			if c.pos == (diag.Pos{}) {
				if len(l) > 0 {
					t.Errorf("unexpected %v", l)
				}
				return
			}
			if len(l) != 1 || l[0].Rule != "slug" || l[0].Pos != c.pos || l[0].Path != c.path || l[0].Severity != diag.Error {
				t.Errorf("got %v, want one slug error at %d:%d", l, c.pos.Line, c.pos.Col)
			}
		})
	}
}

func TestParseModuleSize(t *testing.T) {
	head := module(`title = "a"`)
	big := append([]byte(head), bytes.Repeat([]byte("x"), MaxFileSize+1-len(head))...)
	m, l := ParseModule("big.md", big, nil, nil)
	if m != nil || len(l) != 1 || l[0].Rule != "size" || l[0].Pos != at(1, 1) || !strings.Contains(l[0].Message, "over the limit") {
		t.Errorf("file of %d bytes: got %v", len(big), l)
	}
	m, l = ParseModule("big.md", big[:MaxFileSize], nil, nil)
	if m == nil || len(l) > 0 {
		t.Errorf("file of exactly %d bytes: got %v", MaxFileSize, l)
	}
}

// TestInvalid parses each testdata/invalid/*.md and compares the printed
// diagnostics with its .want file (rewritten with -update).
func TestInvalid(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 8 {
		t.Fatalf("found %d files in testdata/invalid, want at least 8", len(files))
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			p := filepath.ToSlash(name)
			_, l := ParseModule(p, src, nil, nil)
			if !l.HasErrors() {
				t.Errorf("%s: no error", p)
			}
			l.Sort()
			var got bytes.Buffer
			l.Print(&got)
			wantFile := strings.TrimSuffix(name, ".md") + ".want"
			if *update {
				if err := os.WriteFile(wantFile, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got.String() != string(want) {
				t.Errorf("diagnostics of %s:\n--- got\n%s--- want\n%s", p, got.String(), want)
			}
		})
	}
}

// A released module gives back only the source that was checked.
func TestReleaseAndRestore(t *testing.T) {
	src := []byte("+++\ntitle = \"T\"\n+++\nBody text.\n")
	m, l := ParseModule("content/t.md", src, nil, nil)
	if m == nil {
		t.Fatal(l)
	}
	m.Release()
	if !m.Released() || m.Body != nil || m.File.Src != nil {
		t.Fatal("Release kept the source")
	}
	if m.Meta.Title != "T" {
		t.Fatal("Release lost the front matter")
	}
	edited := []byte("+++\ntitle = \"T\"\n+++\nBody text!\n")
	if err := m.Restore(edited); err == nil || !strings.Contains(err.Error(), "content/t.md changed while the site was being built") {
		t.Fatalf("Restore of an edited source: %v", err)
	}
	if err := m.Restore(bytes.Clone(src)); err != nil {
		t.Fatal(err)
	}
	if string(m.Body) != "Body text.\n" || m.Released() {
		t.Fatalf("restored body %q", m.Body)
	}
	if p := m.File.Pos(len(src) - 2); p.Line != 4 {
		t.Errorf("position after Restore: %+v", p)
	}
}

// More links than MaxLinks refuse the module at the first one over: goldmark
// would take quadratic time on links that never close.
func TestParseModuleLinkLimit(t *testing.T) {
	head := module(`title = "a"`)
	ok := head + strings.Repeat("[a](", MaxLinks)
	if m, l := ParseModule("m.md", []byte(ok), nil, nil); m == nil || len(l) > 0 {
		t.Errorf("%d links: got %v", MaxLinks, l)
	}
	over := ok + "[b](c) and more [d](e)"
	m, l := ParseModule("m.md", []byte(over), nil, nil)
	want := fmt.Sprintf("%d links is over the limit of %d for one module", MaxLinks+2, MaxLinks)
	if m != nil || len(l) != 1 || l[0].Rule != "size" || l[0].Message != want {
		t.Fatalf("%d links: got %v", MaxLinks+2, l)
	}
	line, col := strings.Count(head, "\n")+1, len(ok)-len(head)+3
	if l[0].Pos != at(line, col) {
		t.Errorf("position %d:%d, want %d:%d (the first link over)", l[0].Pos.Line, l[0].Pos.Col, line, col)
	}
}
