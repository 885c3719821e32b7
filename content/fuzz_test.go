package content

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content/diag"
)

// exampleModules reads the modules of examples/ to seed the fuzzers; they
// are optional, so a missing folder only means fewer seeds.
func exampleModules(f *testing.F) [][]byte {
	f.Helper()
	var out [][]byte
	for _, root := range []string{"../examples/sepsis/content", "../examples/handbook/content"} {
		_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return nil
			}
			if b, err := os.ReadFile(p); err == nil {
				out = append(out, b)
			}
			return nil
		})
	}
	return out
}

// seedModules are small modules covering the front matter's shapes.
var seedModules = []string{
	module(`title = "a"`),
	"+++\n+++\n",
	"\ufeff+++\r\ntitle = \"a\"\r\n+++\r\nBody [@a].\r\n",
	signedModule,
	module(`title = "a"`, `credit = { type = "AMA", hours = 0.25 }`, `credit.pass = 0.7`, `"slug" = 'x'`,
		`[[references]]`, `id = "a"`, `[[references]]`, `id = "b"`, `doi = "10.1/b"`),
	module(`summary = """`, `[credit]`, `x = 1`, `"""`, `weight = "x"`, `a = '''`, `]]]]`, `'''`),
	module(`title = "a`, `[credit`),
	module(`x = [[[[[[[[[[[[[[[[[["a"]]]]]]]]]]]]]]]]]]`),
	module(`hours = inf`, `date = 2026-13-01`),
	module(`sumary = "x"`, `[[reveiws]]`, `reviewer = 1`),
	"+++\ntitle = \"a\"\n",
	"no front matter",
}

const fuzzSectionSrc = "+++\ntitle = \"Course\"\n[cascade]\nformat = \"enduring material\"\naudience = [\"Nurses\"]\n[cascade.credit]\nhours = 0.25\n+++\nAbout.\n"

func FuzzSplitFrontMatter(f *testing.F) {
	for _, s := range seedModules {
		f.Add([]byte(s))
	}
	for _, b := range exampleModules(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file := diag.NewFile("m.md", src)
		start, end, body, l := SplitFrontMatter(file)
		if l.HasErrors() {
			if start != 0 || end != 0 || body != 0 || len(l) != 1 || l[0].Pos != at(1, 1) {
				t.Fatalf("error %v with %d %d %d", l, start, end, body)
			}
			return
		}
		if !(0 < start && start <= end && end < body && body <= len(src)) {
			t.Fatalf("start %d, end %d, body %d (len %d)", start, end, body, len(src))
		}
		open := bytes.TrimPrefix(src[:start], []byte("\ufeff"))
		if string(bytes.TrimRight(open, " \t\r\n")) != "+++" || src[start-1] != '\n' {
			t.Fatalf("opening line %q", src[:start])
		}
		if string(bytes.TrimRight(src[end:body], " \t\r\n")) != "+++" {
			t.Fatalf("closing line %q", src[end:body])
		}
		if end > start && src[end-1] != '\n' {
			t.Fatalf("front matter %q does not end a line", src[start:end])
		}
		if body < len(src) && src[body-1] != '\n' {
			t.Fatalf("body starts mid-line at %d", body)
		}
	})
}

// checkPositions fails when a diagnostic of l is not inside its file.
func checkPositions(t *testing.T, l diag.List, files ...*diag.File) {
	t.Helper()
	for _, d := range l {
		var file *diag.File
		for _, f := range files {
			if f != nil && f.Path == d.Path {
				file = f
			}
		}
		if file == nil {
			t.Fatalf("diagnostic in an unknown file: %s", d)
		}
		lines := bytes.Count(file.Src, []byte("\n")) + 1
		if d.Pos.Line < 1 || d.Pos.Line > lines || d.Pos.Col < 1 {
			t.Fatalf("%s: position outside the file of %d lines", d, lines)
		}
		// Messages should be one line, but TOML syntax errors may quote a
		// newline (TestParseDocSyntaxError/binary_prefix); not checked here.
		if d.Message == "" {
			t.Fatalf("%s: empty message", d)
		}
	}
}

func FuzzParseModule(f *testing.F) {
	for _, s := range seedModules {
		f.Add([]byte(s), false)
	}
	for _, b := range exampleModules(f) {
		f.Add(b, true)
	}
	sec, sl := ParseSection("course", "content/course/_index.md", []byte(fuzzSectionSrc), nil)
	if len(sl) > 0 {
		f.Fatal(sl)
	}
	f.Fuzz(func(t *testing.T, src []byte, inSection bool) {
		var s *Section
		if inSection {
			s = sec
		}
		m, l := ParseModule("content/course/m.md", src, s, nil)
		checkPositions(t, l, diag.NewFile("content/course/m.md", src), sec.File)
		if m == nil {
			if !l.HasErrors() {
				t.Fatal("no module and no error")
			}
			return
		}
		if !l.HasErrors() {
			if !ValidSlug(m.Slug) {
				t.Fatalf("slug %q accepted", m.Slug)
			}
			if _, ok := m.Effective()["reviews"]; ok {
				t.Fatal("reviews in the effective front matter")
			}
			_ = CanonicalJSON(m.Effective())
		}
		if m.BodyOffset < 0 || m.BodyOffset > len(src) || !bytes.Equal(m.Body, src[m.BodyOffset:]) {
			t.Fatalf("body at %d", m.BodyOffset)
		}
		for _, c := range ScanCitations(m.Body) {
			if m.Body[c.Offset] != '@' {
				t.Fatalf("citation %q at %d", c.Key, c.Offset)
			}
		}
	})
}

func FuzzScanCitations(f *testing.F) {
	for _, s := range []string{
		"See [@evans2021].", "[@a; @b, p. 12]", "`[@a]` [@b]", "```\n[@a]\n```\n[@b]", "~~~\n[@a]\n",
		"x@y.org [see @a] [@a.]", `\[@a] [@`, "``` [@a] ``", "[@a;@b;@c;]",
	} {
		f.Add([]byte(s))
	}
	for _, b := range exampleModules(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, c := range ScanCitations(body) {
			if c.Offset < 0 || c.Offset >= len(body) || body[c.Offset] != '@' {
				t.Fatalf("citation %q at %d does not point at '@'", c.Key, c.Offset)
			}
			if c.Key == "" || !bytes.HasPrefix(body[c.Offset+1:], []byte(c.Key)) {
				t.Fatalf("key %q is not written after offset %d", c.Key, c.Offset)
			}
			if bytes.ContainsAny([]byte(c.Key), " \n];@") {
				t.Fatalf("key %q", c.Key)
			}
		}
		group, n := ParseCiteGroup(body)
		if n < 0 || n > len(body) || (n > 0 && body[n-1] != ']') || (n == 0 && group != nil) {
			t.Fatalf("ParseCiteGroup: %d %v", n, group)
		}
		for _, c := range group {
			if c.Offset >= n || body[c.Offset] != '@' {
				t.Fatalf("ParseCiteGroup: %q at %d", c.Key, c.Offset)
			}
		}
	})
}

// fuzzID keeps the characters of s that `rounds review` accepts in an id,
// so that the fuzzer explores the file rather than the quoting of values
// (see TestWithReviewKnownBugs for that).
func fuzzID(s, fallback string) string {
	s = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return -1
	}, s)
	if s == "" {
		return fallback
	}
	return s
}

func FuzzWithReview(f *testing.F) {
	for _, s := range seedModules {
		f.Add([]byte(s), "asmith", "medical")
	}
	for _, b := range exampleModules(f) {
		f.Add(b, "asmith", "compliance")
	}
	f.Fuzz(func(t *testing.T, src []byte, reviewer, role string) {
		r := Review{Reviewer: fuzzID(reviewer, "asmith"), Role: fuzzID(role, "medical"), Date: ParseDate("2026-11-10"),
			Digest: "sha256:" + strings.Repeat("0f", 32), Signature: "sshsig:AAAA"}
		out, err := WithReview("m.md", src, r)
		if err != nil {
			if out != nil {
				t.Fatal("output with an error")
			}
			return
		}
		// A front matter that sets reviews to something other than an
		// array of tables is a known bug (TestWithReviewKnownBugs); skip it
		// so the fuzzer looks further.
		file := diag.NewFile("m.md", src)
		start, end, body, _ := SplitFrontMatter(file)
		doc, _ := ParseDoc(file, start, end)
		if doc == nil {
			t.Fatal("WithReview accepted a front matter that does not parse")
		}
		if v, ok := doc.Raw["reviews"]; ok {
			arr, ok := v.([]any)
			if !ok || bytes.Contains(src[start:end], []byte("reviews =")) || bytes.Contains(src[start:end], []byte("reviews=")) {
				return
			}
			for _, x := range arr {
				if _, ok := x.(map[string]any); !ok {
					return
				}
			}
		}
		if !bytes.HasPrefix(out, src[:start]) || !bytes.HasSuffix(out, src[body:]) {
			t.Fatalf("bytes outside the front matter changed:\n%q\n%q", src, out)
		}
		of := diag.NewFile("m.md", out)
		ostart, oend, _, l := SplitFrontMatter(of)
		if l.HasErrors() {
			t.Fatalf("result: %v\n%q", l, out)
		}
		odoc, l := ParseDoc(of, ostart, oend)
		if odoc == nil {
			t.Fatalf("result does not parse: %v\n%q\nfrom\n%q", l, out, src)
		}
		var got struct {
			Reviews []Review `json:"reviews"`
		}
		odoc.Decode(map[string]any{"reviews": odoc.Raw["reviews"]}, &got, nil, &l)
		found := false
		for _, g := range got.Reviews {
			found = found || g == r
		}
		if !l.HasErrors() && !found {
			t.Fatalf("review %+v not in %+v\n%q", r, got.Reviews, out)
		}
	})
}

// FuzzLearning: the quiz options and choice marks of paths and practice
// (objective=, teaches=, pool=, shuffle, {pin}, {next=}) and the gate's
// case checks never panic, and every problem is inside the body.
func FuzzLearning(f *testing.F) {
	for _, s := range []string{
		"::: quiz posttest objective=2 teaches=#a pool=3 shuffle\nQ?\n\n- [x] a {pin}\n- [ ] b {next=c}\n:::\n",
		":::: case\nV.\n\n::: quiz id=a\nQ?\n\n- [x] y {next=b}\n- [ ] n {next=a}\n:::\n\n::: quiz id=b\nQ?\n\n- [x] y\n:::\n::::\n",
		"::: quiz pool=0 objective=-1 teaches=x\nQ\n\n- [x] {next=} {pin} {pin}\n:::\n", "- [x] }{next={}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		quizzes, problems := ParseQuizzes(body)
		for _, p := range problems {
			if p.Offset < 0 || p.Offset > len(body) {
				t.Fatalf("problem %q at %d outside the body of %d bytes", p.Message, p.Offset, len(body))
			}
		}
		for _, q := range quizzes {
			for _, c := range q.Choices {
				if strings.HasSuffix(c.Text, "{pin}") {
					t.Fatalf("mark left in %q", c.Text)
				}
				if rest, _, _, _ := ChoiceMarks(c.Text); len(rest) > len(c.Text) {
					t.Fatalf("ChoiceMarks grew %q", c.Text)
				}
			}
		}
		src := append([]byte("+++\ntitle = \"T\"\nobjectives = [\"a\"]\n[credit]\ntype = \"X\"\nhours = 1.0\npass = 0.5\n+++\n"), body...)
		m, _ := ParseModule("c/m.md", src, nil, nil)
		if m != nil {
			var l diag.List
			g := &Gate{}
			g.learning(m, &l)
		}
	})
}
