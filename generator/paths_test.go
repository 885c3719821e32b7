package generator_test

import (
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// pathSite has a course of three modules, a second course that requires
// the first, and a learning path over both.
const pathSite = `
-- rounds.toml --
title   = "Paths Site"
baseURL = "https://cme.example.org/"
[policy]
required_roles = []
[[paths]]
id = "shock-basics"
title = "Shock basics"
summary = "From recognition to vasopressors."
objectives = ["Recognise shock", "Start vasopressors"]
modules = ["shock/recognition", "shock/fluids", "pressors"]
-- content/shock/_index.md --
+++
title = "Shock"
+++
-- content/shock/recognition.md --
+++
title = "Recognition"
weight = 1
date = 2026-10-01
expires = 2028-10-01
[credit]
type = "AMA PRA Category 1 Credit™"
hours = 0.5
pass = 0.75
+++
Body.

::: quiz posttest
Q?

- [x] yes
- [ ] no
:::
-- content/shock/fluids.md --
+++
title = "Fluids"
weight = 2
requires = ["shock/recognition"]
date = 2026-10-01
expires = 2028-10-01
[credit]
type = "AMA PRA Category 1 Credit™"
hours = 0.25
pass = 0.75
+++
Body.

::: quiz posttest
Q?

- [x] yes
- [ ] no
:::
-- content/pressors/_index.md --
+++
title = "Pressors"
requires = ["shock"]
+++
-- content/pressors/norepinephrine.md --
+++
title = "Norepinephrine"
date = 2026-10-01
+++
Body.
`

func TestPathPage(t *testing.T) {
	b := sitetest.BuildOK(t, sitetest.Parse(pathSite))
	b.AssertFile("paths/shock-basics/index.html",
		"<h1>Shock basics</h1>", "From recognition to vasopressors.", "<li>Recognise shock</li>",
		"Total credit: 0.75 AMA PRA Category 1 Credits™",
		`data-module="shock/recognition/" data-posttest data-requires=""`,
		`data-module="shock/fluids/" data-posttest data-requires="shock/recognition/"`,
		// the course requirement is every module of the course
		`data-module="pressors/norepinephrine/" data-requires="shock/recognition/ shock/fluids/"`,
		`Do first: <a href="../../shock/recognition/">Recognition</a>`,
		`I have done “Norepinephrine”`, "js/paths.js")
	page := string(b.Files["paths/shock-basics/index.html"])
	if i, j, k := strings.Index(page, `data-module="shock/recognition/"`), strings.Index(page, `data-module="shock/fluids/"`), strings.Index(page, `data-module="pressors/norepinephrine/"`); !(i < j && j < k) {
		t.Errorf("modules not in the path's order: %d %d %d", i, j, k)
	}
	if strings.Contains(page, `I have done “Recognition”`) {
		t.Error("a module with a post-test is done when passed, not when ticked")
	}
	b.AssertFile("paths/index.html", `href="../paths/shock-basics/"`, "Shock basics", "3 modules")
	b.AssertFile("js/paths.js", "localStorage")
	b.AssertFile("sitemap.xml", "https://cme.example.org/paths/shock-basics/")
}

func TestPathCourseExpands(t *testing.T) {
	files := sitetest.Parse(pathSite)
	replace(files, "rounds.toml", `modules = ["shock/recognition", "shock/fluids", "pressors"]`, `modules = ["shock", "pressors/norepinephrine"]`)
	b := sitetest.BuildOK(t, files)
	b.AssertFile("paths/shock-basics/index.html", `data-module="shock/recognition/"`, `data-module="shock/fluids/"`, `data-module="pressors/norepinephrine/"`)
}

func TestNoPathsNoPages(t *testing.T) {
	files := sitetest.Parse(pathSite)
	replace(files, "rounds.toml", "[[paths]]\n", "[[supporters]]\nname = \"X\"\n")
	for _, k := range []string{`id = "shock-basics"`, `title = "Shock basics"`, `summary = "From recognition to vasopressors."`, `objectives = ["Recognise shock", "Start vasopressors"]`, `modules = ["shock/recognition", "shock/fluids", "pressors"]`} {
		replace(files, "rounds.toml", k+"\n", "")
	}
	b := sitetest.BuildOK(t, files)
	b.AssertNoFile("paths/index.html")
}

func TestRequirementErrors(t *testing.T) {
	cases := []struct {
		name string
		edit func(f map[string][]byte)
		want []string // lines of the printed diagnostics
	}{
		{"unknown module", func(f map[string][]byte) {
			replace(f, "content/shock/fluids.md", `requires = ["shock/recognition"]`, `requires = ["shock/recognition", "shock/recogniton"]`)
		}, []string{
			`content/shock/fluids.md:4:34: error: requires: requires "shock/recogniton", which is no module or course of the site`,
			`help: name a module by its path under content/ without .md`,
		}},
		{"unknown course", func(f map[string][]byte) {
			replace(f, "content/pressors/_index.md", `requires = ["shock"]`, `requires = ["shok"]`)
		}, []string{`content/pressors/_index.md:3:13: error: requires: requires "shok", which is no module or course of the site`}},
		{"circle of two", func(f map[string][]byte) {
			replace(f, "content/shock/recognition.md", "weight = 1\n", "weight = 1\nrequires = [\"shock/fluids\"]\n")
		}, []string{
			`content/shock/recognition.md:4:13: error: requires: circular requirement: shock/fluids → shock/recognition → shock/fluids`,
			`help: a module cannot need, even through others, a module that needs it`,
		}},
		{"a course needing its own module", func(f map[string][]byte) {
			replace(f, "content/pressors/_index.md", `requires = ["shock"]`, `requires = ["pressors"]`)
		}, []string{`content/pressors/_index.md:3:13: error: requires: circular requirement: pressors/norepinephrine → pressors/norepinephrine`}},
		{"a path naming no module", func(f map[string][]byte) {
			replace(f, "rounds.toml", `"shock/fluids", "pressors"]`, `"shock/fluid", "pressors"]`)
		}, []string{`rounds.toml:10:33: error: paths: path "shock-basics" lists "shock/fluid", which is no module or course of the site`}},
		{"a path listing a module twice", func(f map[string][]byte) {
			replace(f, "rounds.toml", `"shock/fluids", "pressors"]`, `"shock/fluids", "shock/fluids"]`)
		}, []string{`rounds.toml:10:49: error: paths: path "shock-basics" lists "shock/fluids" twice`}},
		{"a path id that is no URL", func(f map[string][]byte) {
			replace(f, "rounds.toml", `id = "shock-basics"`, `id = "Shock basics"`)
		}, []string{`rounds.toml:6:1: error: paths: path id "Shock basics" is not lowercase letters, digits and hyphens`}},
		{"a path without modules", func(f map[string][]byte) {
			replace(f, "rounds.toml", `modules = ["shock/recognition", "shock/fluids", "pressors"]`, ``)
		}, []string{`rounds.toml:5:1: error: paths: path "shock-basics" names no modules`}},
		{"a path key misspelt", func(f map[string][]byte) {
			replace(f, "rounds.toml", `summary = `, `sumary = `)
		}, []string{`rounds.toml:8:1: error:`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := sitetest.Parse(pathSite)
			tc.edit(files)
			b := sitetest.Build(t, files)
			if b.Err == nil {
				t.Fatal("the build passed")
			}
			out := b.Diags()
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("diagnostics lack %q:\n%s", w, out)
				}
			}
			if len(b.Files) != 0 {
				t.Errorf("a refused build wrote %d files", len(b.Files))
			}
		})
	}
}

func TestPathsFolder(t *testing.T) {
	files := sitetest.Parse(pathSite)
	files["paths/pressors.toml"] = []byte("[[paths]]\nid = \"pressors-only\"\ntitle = \"Pressors only\"\nmodules = [\"pressors\"]\n")
	b := sitetest.BuildOK(t, files)
	b.AssertFile("paths/pressors-only/index.html", "<h1>Pressors only</h1>", `data-module="pressors/norepinephrine/"`)
	b.AssertFile("paths/index.html", "Shock basics", "Pressors only")

	files["paths/pressors.toml"] = []byte("[[paths]]\nid = \"shock-basics\"\ntitle = \"Again\"\nmodules = [\"pressors\", \"nowhere\"]\n")
	b = sitetest.Build(t, files)
	for _, w := range []string{
		`paths/pressors.toml:2:1: error: paths: path id "shock-basics" is used twice`,
		`paths/pressors.toml:4:24: error: paths: path "shock-basics" lists "nowhere", which is no module or course of the site`,
	} {
		if !strings.Contains(b.Diags(), w) {
			t.Errorf("diagnostics lack %q:\n%s", w, b.Diags())
		}
	}
	if b.Err == nil || len(b.Files) != 0 {
		t.Errorf("a refused build: err %v, %d files", b.Err, len(b.Files))
	}
}

// paths/*.toml reach learners: they are the frame's, and an edit to one
// after the frame was signed refuses the build until it is signed again.
func TestPathsFileIsFrame(t *testing.T) {
	key := sitetest.NewKey(9)
	files := sitetest.Parse(`
-- rounds.toml --
title = "S"
baseURL = "https://example.org/"
[policy]
required_roles = ["medical"]
min_references = 0
-- people.toml --
[[person]]
id = "rev"
name = "Reviewer"
roles = ["medical"]
keys = ["` + key.AuthorizedKey() + `"]
-- content/c/m.md --
+++
title = "M"
date = 2026-10-01
+++
Body.
-- paths/p.toml --
[[paths]]
id = "p"
title = "P"
modules = ["c/m"]
`)
	day := content.ParseDate("2026-11-01")
	files = sitetest.Sign(t, files, "content/c/m.md", "rev", "medical", key, day)
	files = sitetest.SignFrame(t, files, "rev", "medical", key, day)
	sitetest.BuildOK(t, files).AssertFile("paths/p/index.html", "<h1>P</h1>")
	replace(files, "paths/p.toml", `title = "P"`, `title = "Another P"`)
	b := sitetest.Build(t, files)
	if b.Err == nil || !strings.Contains(b.Diags(), `the site's frame has no valid sign-off in role "medical"`) {
		t.Errorf("an edited paths file after the frame's sign-off: err %v\n%s", b.Err, b.Diags())
	}
}
