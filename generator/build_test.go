package generator_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// openSite is a site without required sign-offs, for rendering tests.
const openSite = `
-- rounds.toml --
title   = "Test Site"
baseURL = "https://learn.example.org/sub/"

[policy]
required_roles = []
-- people.toml --
[[person]]
id = "jdoe"
name = "Jordan Doe"
credentials = "MD"
-- content/cardio/_index.md --
+++
title = "Cardiology"
summary = "Hearts."
[cascade]
format = "enduring material"
audience = ["Cardiologists"]
+++
The cardiology course.
-- content/cardio/afib.md --
+++
title = "Atrial fibrillation"
summary = "Rate or rhythm?"
date = 2026-10-01
authors = ["jdoe"]
tags = ["ecg", "Atrial Fibrillation"]
duration = "6min"
+++
## Rate control

Some *text* and code:

` + "```go\nfunc main() {}\n```" + `
-- content/cardio/draft.md --
+++
title = "Not yet"
date = 2026-10-01
draft = true
+++
Draft text.
`

func TestBuildPages(t *testing.T) {
	b := sitetest.BuildOK(t, sitetest.Parse(openSite))
	b.AssertFile("index.html", "Test Site", "Cardiology", "Atrial fibrillation")
	b.AssertFile("cardio/index.html", "Cardiology", "The cardiology course.", `href="../cardio/afib/"`)
	b.AssertFile("cardio/afib/index.html",
		"<h1>Atrial fibrillation</h1>",
		`<link rel="canonical" href="https://learn.example.org/sub/cardio/afib/">`,
		`<h2 id="rate-control">Rate control<a class="anchor" href="#rate-control" aria-label="Direct link to Rate control">#</a></h2>`,
		`class="hl-`,        // chroma, with classes
		"Jordan Doe, MD",    // faculty from people.toml
		"enduring material", // cascaded
		"Cardiologists",     // cascaded audience
		"6 minutes",
		`"@type":["Course","LearningResource"]`,
	)
	b.AssertFileNot("cardio/afib/index.html", "style=")
	b.AssertFile("tags/atrial-fibrillation/index.html", "Atrial fibrillation")
	b.AssertFile("audience/cardiologists/index.html")
	b.AssertFile("index.xml", "<link>https://learn.example.org/sub/cardio/afib/</link>")
	b.AssertFile("sitemap.xml", "https://learn.example.org/sub/cardio/afib/")
	b.AssertFile("robots.txt", "Sitemap: https://learn.example.org/sub/sitemap.xml")
	b.AssertFile("404.html", "Page not found")
	b.AssertFile("css/rounds.css", ".hl-")
	b.AssertFile("search.json", `"path":"cardio/afib/"`)
	// Drafts are never published, and never block the build.
	b.AssertNoFile("cardio/draft/index.html")
	b.AssertFileNot("index.html", "Not yet")
}

func TestBuildIsDeterministic(t *testing.T) {
	files := sitetest.Parse(openSite)
	a := sitetest.BuildOK(t, files)
	for i := 0; i < 3; i++ {
		b := sitetest.BuildOK(t, files)
		if len(a.Files) != len(b.Files) {
			t.Fatalf("build %d wrote %d files, the first %d", i, len(b.Files), len(a.Files))
		}
		for name, data := range a.Files {
			if !bytes.Equal(data, b.Files[name]) {
				t.Errorf("build %d: %s differs", i, name)
			}
		}
	}
}

func TestBuildRefusesBadFrontMatter(t *testing.T) {
	cases := []struct {
		name, module string
		want         []string
	}{
		{"syntax", "+++\ntitle = \"A\"\ndate = 2026-10-01\nweight = = 3\n+++\nbody\n",
			[]string{"content/cardio/bad.md:4:", "error: syntax:"}},
		{"unknown key", "+++\ntitle = \"A\"\ndate = 2026-10-01\nsumary = \"x\"\n+++\nbody\n",
			[]string{`content/cardio/bad.md:4:1: error: unknown-key: unknown key "sumary"`, `help: did you mean "summary"?`}},
		{"unknown table", "+++\ntitle = \"A\"\ndate = 2026-10-01\n\n[[reveiws]]\nreviewer = \"x\"\n+++\nbody\n",
			[]string{`content/cardio/bad.md:5:1: error: unknown-key: unknown key "reveiws"`, `did you mean "reviews"?`}},
		{"wrong type", "+++\ntitle = \"A\"\ndate = 2026-10-01\nweight = \"heavy\"\n+++\nbody\n",
			[]string{`content/cardio/bad.md:4:1: error: type: weight must be a whole number, not "heavy"`}},
		{"no front matter", "title = \"A\"\n", []string{"content/cardio/bad.md:1:1: error: syntax: missing front matter"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := sitetest.Parse(openSite)
			files["content/cardio/bad.md"] = []byte(c.module)
			b := sitetest.Build(t, files)
			if !errors.Is(b.Err, generator.ErrRefused) {
				t.Fatalf("err = %v, want ErrRefused", b.Err)
			}
			if _, written := b.Files["cardio/afib/index.html"]; written {
				t.Error("the page without its pre-activity block was written")
			}
			for _, w := range c.want {
				if !strings.Contains(b.Diags(), w) {
					t.Errorf("diagnostics lack %q:\n%s", w, b.Diags())
				}
			}
		})
	}
}

func TestLayoutOverride(t *testing.T) {
	files := sitetest.Parse(openSite)
	files["layouts/module.html"] = []byte(`{{define "main"}}<p>custom {{.Module.Title}}</p>{{template "layouts/partials/preactivity.html" .}}{{.Module.Body}}{{end}}{{template "base" .}}`)
	b := sitetest.BuildOK(t, files)
	b.AssertFile("cardio/afib/index.html", "<p>custom Atrial fibrillation</p>", "Before you start")
	b.AssertFile("cardio/index.html", "Modules") // other layouts still the theme's
}

// Whatever the layouts do, a module page carries its pre-activity block
// with its disclosures before the content (issue 18: a layout could drop
// the disclosure or put the content first).
func TestLayoutCannotDropThePreActivityBlock(t *testing.T) {
	for name, layout := range map[string]string{
		"dropped":       `{{define "main"}}<p>custom {{.Module.Title}}</p>{{.Module.Body}}{{end}}{{template "base" .}}`,
		"content first": `{{define "main"}}{{.Module.Body}}{{template "layouts/partials/preactivity.html" .}}{{end}}{{template "base" .}}`,
	} {
		t.Run(name, func(t *testing.T) {
			files := sitetest.Parse(openSite)
			files["layouts/module.html"] = []byte(layout)
			b := sitetest.Build(t, files)
			if !errors.Is(b.Err, generator.ErrRefused) || !strings.Contains(b.Diags(), `error: disclosed: the module page lacks the pre-activity block (class "preactivity") before the content`) {
				t.Fatalf("err %v, diags:\n%s", b.Err, b.Diags())
			}
			if _, written := b.Files["cardio/afib/index.html"]; written {
				t.Error("the page without its pre-activity block was written")
			}
		})
	}
	files := sitetest.Parse(accreditedSite)
	files["layouts/partials/preactivity.html"] = []byte(`<section class="preactivity"><h2>Before you start</h2></section>`)
	b := sitetest.Build(t, files)
	if !strings.Contains(b.Diags(), "error: disclosed: the module page lacks the commercial support acknowledgment in the pre-activity block") {
		t.Errorf("a partial without the support acknowledgment passed:\n%s", b.Diags())
	}
}

func TestLayoutError(t *testing.T) {
	files := sitetest.Parse(openSite)
	files["layouts/module.html"] = []byte("{{define \"main\"}}\n{{.Nope\n{{end}}")
	b := sitetest.Build(t, files)
	if !errors.Is(b.Err, generator.ErrRefused) || !strings.Contains(b.Diags(), "layouts/module.html:3:") {
		t.Fatalf("err %v, diags:\n%s", b.Err, b.Diags())
	}
}

// Hostile Markdown is refused at each place (19 D4: nothing vanishes
// silently), and what the dev server still shows of it is neutralised.
func TestHostileMarkdown(t *testing.T) {
	files := sitetest.Parse(openSite)
	files["content/cardio/evil.md"] = []byte(`+++
title = "Evil"
date = 2026-10-01
+++
<script>alert(1)</script>

<img src=x onerror=alert(2)>

[click](javascript:alert(3)) [entity](javascript&colon;alert(4)) [tab](java	script:alert(5))

![img](javascript:alert(6))

<a href="javascript:alert(7)">raw</a> [e](<java	script:alert(8)>) <!-- a comment is fine -->

[ref][r] <https://example.org/ok> [mail](mailto:) ![data](data:image/png;base64,iVBO)

[r]: vbscript:msgbox(9)
`)
	b := sitetest.Build(t, files)
	if !errors.Is(b.Err, generator.ErrRefused) || len(b.Files) != 0 {
		t.Fatalf("err %v, %d files written", b.Err, len(b.Files))
	}
	var got []string
	for _, d := range b.Result.Diags {
		if d.Severity != diag.Error {
			continue
		}
		got = append(got, fmt.Sprintf("%s:%d:%d: %s: %s", d.Path, d.Pos.Line, d.Pos.Col, d.Rule, d.Message))
	}
	want := []string{
		"content/cardio/evil.md:5:1: markup: raw HTML <script>alert(1)</script> would be left out of the page",
		"content/cardio/evil.md:7:1: markup: raw HTML <img src=x onerror=alert(2)> would be left out of the page",
		`content/cardio/evil.md:9:1: links: link to "javascript:alert(3)" uses a scheme other than http, https or mailto`,
		`content/cardio/evil.md:9:30: links: link to "javascript&colon;alert(4)" uses a scheme other than http, https or mailto`,
		`content/cardio/evil.md:11:1: links: image to "javascript:alert(6)" uses a scheme other than http, https or mailto`,
		`content/cardio/evil.md:13:1: markup: raw HTML <a href="javascript:alert(7)"> would be left out of the page`,
		"content/cardio/evil.md:13:39: links: link to \"java\\tscript:alert(8)\" uses a scheme other than http, https or mailto",
		`content/cardio/evil.md:15:1: links: link to "vbscript:msgbox(9)" uses a scheme other than http, https or mailto`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	mem := output.NewMemory()
	if _, err := generator.Build(context.Background(), generator.Options{Site: sitetest.FS(files), Out: mem, Today: sitetest.Today, Preview: true}); err != nil {
		t.Fatal(err)
	}
	page, _ := mem.Get("cardio/evil/index.html")
	for _, bad := range []string{"<script>alert", "onerror", "javascript:", "javascript&colon;", "<img src=x", `href="javascript`, "vbscript", "java%09script"} {
		if strings.Contains(strings.ToLower(string(page)), strings.ToLower(bad)) {
			t.Errorf("the preview page contains %q", bad)
		}
	}
}

func TestSlugClash(t *testing.T) {
	files := sitetest.Parse(openSite)
	files["content/cardio/other.md"] = []byte("+++\ntitle = \"Other\"\nslug = \"afib\"\ndate = 2026-10-01\n+++\n")
	b := sitetest.Build(t, files)
	if !errors.Is(b.Err, generator.ErrRefused) || !strings.Contains(b.Diags(), "content/cardio/other.md:3:1: error: slug:") {
		t.Fatalf("err %v, diags:\n%s", b.Err, b.Diags())
	}
}

func TestBundleResources(t *testing.T) {
	files := sitetest.Parse(openSite)
	files["content/cardio/echo/index.md"] = []byte("+++\ntitle = \"Echo\"\ndate = 2026-10-01\n+++\n![A four-chamber view](view.png)\n")
	png, err := os.ReadFile("../examples/sepsis/content/sepsis/recognition/qsofa-chart.png")
	if err != nil {
		t.Fatal(err)
	}
	files["content/cardio/echo/view.png"] = png
	b := sitetest.BuildOK(t, files)
	b.AssertFile("cardio/echo/index.html", `<img src="view.png" alt="A four-chamber view" decoding="async" width="176" height="106">`)
	b.AssertFile("cardio/echo/view.png")
}

func TestNamedTheme(t *testing.T) {
	files := sitetest.Parse(openSite)
	files["rounds.toml"] = []byte(strings.Replace(string(files["rounds.toml"]), "[policy]", "theme = \"plain\"\n[policy]", 1))
	files["themes/plain/layouts/404.html"] = []byte(`{{define "main"}}<p>plain theme 404</p>{{end}}{{template "base" .}}`)
	files["themes/plain/static/css/extra.css"] = []byte("body{color:black}")
	files["static/css/extra2.css"] = []byte("p{margin:0}")
	b := sitetest.BuildOK(t, files)
	b.AssertFile("404.html", "plain theme 404")
	b.AssertFile("css/extra.css", "color:black")
	b.AssertFile("css/extra2.css")
	b.AssertFile("cardio/afib/index.html", "Before you start") // the rest from the default theme

	files["rounds.toml"] = []byte(strings.Replace(string(files["rounds.toml"]), `theme = "plain"`, `theme = "missing"`, 1))
	bad := sitetest.Build(t, files)
	if bad.Err == nil || !strings.Contains(bad.Diags(), `rounds.toml:4:1: error: config: theme "missing": there is no folder themes/missing in the site`) {
		t.Fatalf("err %v\n%s", bad.Err, bad.Diags())
	}
}

func TestImagesLoseTheirMetadata(t *testing.T) {
	jpeg, err := os.ReadFile("output/testdata/images/" + firstJPEG(t))
	if err != nil {
		t.Fatal(err)
	}
	files := sitetest.Parse(openSite)
	files["content/cardio/echo/index.md"] = []byte("+++\ntitle = \"Echo\"\ndate = 2026-10-01\n+++\n![A chest film](film.jpg)\n")
	files["content/cardio/echo/film.jpg"] = jpeg
	files["static/img/photo.jpg"] = jpeg
	b := sitetest.BuildOK(t, files)
	for _, name := range []string{"cardio/echo/film.jpg", "img/photo.jpg"} {
		out := b.Files[name]
		if len(out) == 0 || bytes.Contains(out, []byte("GPS")) || bytes.Contains(out, []byte("http://ns.adobe.com/xap")) || bytes.Equal(out, jpeg) {
			t.Errorf("%s still carries its metadata", name)
		}
	}

	files["content/cardio/echo/chart.svg"] = []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
	bad := sitetest.Build(t, files)
	if bad.Err == nil || !strings.Contains(bad.Diags(), "content/cardio/echo/chart.svg: error: image:") {
		t.Fatalf("err %v\n%s", bad.Err, bad.Diags())
	}
}

func firstJPEG(t *testing.T) string {
	entries, _ := os.ReadDir("output/testdata/images")
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".jpg") && strings.Contains(strings.ToLower(e.Name()), "gps") {
			return e.Name()
		}
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".jpg") {
			return e.Name()
		}
	}
	t.Skip("no test JPEG")
	return ""
}

func TestPathCollisions(t *testing.T) {
	files := sitetest.Parse(openSite)
	files["content/cardio/AFib.md"] = []byte("+++\ntitle = \"Case\"\ndate = 2026-10-01\n+++\n")
	b := sitetest.Build(t, files)
	if b.Err == nil || !strings.Contains(b.Diags(), "content/cardio/afib.md has the same URL /cardio/afib/ as content/cardio/AFib.md") {
		t.Fatalf("a case-only collision: err %v\n%s", b.Err, b.Diags())
	}
	files = sitetest.Parse(openSite)
	files["content/cardio/x.md"] = []byte("+++\ntitle = \"X\"\nslug = \"con\"\ndate = 2026-10-01\n+++\n")
	b = sitetest.Build(t, files)
	if b.Err == nil || !strings.Contains(b.Diags(), `error: slug: "con" cannot be a URL name`) {
		t.Fatalf("a reserved name: err %v\n%s", b.Err, b.Diags())
	}
}

// Pathological Markdown (cmark's list) costs work in proportion to its
// size. The work is counted, not timed: the objects a whole build
// allocates (testing.AllocsPerRun with the collector held off, stable to
// a fraction of a percent),
// at n, 2n and 8n. What n adds to 2n, linear work adds 7 times over to
// 8n, quadratic work 21 times; more than 14 fails. (It compared wall
// times, and failed 4 times in 14 runs on a loaded machine.) Not seen
// this way: work that allocates nothing, such as goldmark's quadratic
// loops over unclosed links and deep nesting, kept out by
// content.MaxLinks and content.MaxNesting before rendering
// (TestTooManyLinks, TestAttacksHaveBoundedCost); and bytes that grow
// faster than objects (a copy of a whole line per diagnostic), which
// TestAttacksHaveBoundedCost bounds. Bytes allocated vary by a third
// from run to run (pools emptied by the collector), objects do not.
func TestPathologicalMarkdownGrowth(t *testing.T) {
	skipUnderRace(t)
	inputs := map[string]func(n int) string{
		"nested brackets":  func(n int) string { return strings.Repeat("[", n) + "a" + strings.Repeat("]", n) },
		"nested emphasis":  func(n int) string { return strings.Repeat("*a ", n) + strings.Repeat(" a*", n) },
		"mixed emphasis":   func(n int) string { return strings.Repeat("*a_b*c_d**e_f*g**h*i_j**", n/8) },
		"backticks":        func(n int) string { return strings.Repeat("`a``", n) },
		"nested quotes":    func(n int) string { return strings.Repeat(">", n) + " a" },
		"nested lists":     func(n int) string { return strings.Repeat("- ", n) + "a" },
		"citation openers": func(n int) string { return strings.Repeat("[@a ", n) },
		"citations":        func(n int) string { return strings.Repeat("[@a] ", n/2) },
		"quiz openers":     func(n int) string { return strings.Repeat("::: quiz\n", n) },
		"phi-ok comments":  func(n int) string { return strings.Repeat(`<!-- phi-ok: "x" y -->`, n/8) },
	}
	work := func(body string) float64 {
		files := sitetest.Parse(openSite)
		files["content/cardio/p.md"] = []byte("+++\ntitle = \"P\"\ndate = 2026-10-01\n+++\n" + body + "\n")
		var objects float64
		withoutCollector(func() { objects = testing.AllocsPerRun(2, func() { sitetest.Build(t, files) }) })
		return objects
	}
	const n = 1000
	for name, gen := range inputs {
		w1, w2, w8 := work(gen(n)), work(gen(2*n)), work(gen(8*n))
		step, grown := w2-w1, w8-w1
		switch {
		case step < w1/100: // the input is refused or ignored: it must stay so
			// (or grow linearly: a build's constant cost, such as a module's
			// cards in four shapes, can make linear growth look small at n)
			if grown > w1/20 && grown > 14*step {
				t.Errorf("%s: %.0f objects at n, %.0f at 2n, %.0f at 8n", name, w1, w2, w8)
			}
		case grown > 14*step:
			t.Errorf("%s: worse than linear: %.0f objects at n, %.0f at 2n, %.0f at 8n (8n adds %.1f times what 2n adds)", name, w1, w2, w8, grown/step)
		}
	}
}

// The feed lists the 20 newest modules, newest first, ties broken by path:
// the one-pass selection (builder.newest) agrees with a full sort.
func TestFeedHasTheNewestInOrder(t *testing.T) {
	files := sitetest.Parse(openSite)
	type mod struct{ path, date string }
	var mods []mod
	for i := range 45 {
		// Dates repeat (ties) and arrive in no particular order.
		d := fmt.Sprintf("2026-10-%02d", 10+(i*7)%9) // all after afib.md
		p := fmt.Sprintf("m%02d", (i*17)%45)
		files["content/cardio/"+p+".md"] = []byte(fmt.Sprintf("+++\ntitle = \"M %s\"\ndate = %s\n+++\nBody.\n", p, d))
		mods = append(mods, mod{"cardio/" + p + "/", d})
	}
	b := sitetest.BuildOK(t, files)
	sort.Slice(mods, func(i, j int) bool {
		if mods[i].date != mods[j].date {
			return mods[i].date > mods[j].date
		}
		return "content/"+mods[i].path < "content/"+mods[j].path
	})
	feed := string(b.Files["index.xml"])
	at := 0
	for _, m := range mods[:20] {
		i := strings.Index(feed[at:], "<link>https://learn.example.org/sub/"+m.path+"</link>")
		if i < 0 {
			t.Fatalf("%s (%s) is missing from the feed, or out of order", m.path, m.date)
		}
		at += i + 1
	}
	if n := strings.Count(feed, "<item>"); n != 20 {
		t.Errorf("%d items, want 20", n)
	}
}

// Two of a module's tags that name one page ("ECG" and "ecg") list the
// module once there, and its page links the tag once.
func TestTermsOnceAModule(t *testing.T) {
	files := sitetest.Parse(openSite)
	files["content/cardio/afib.md"] = bytes.Replace(files["content/cardio/afib.md"],
		[]byte(`tags = ["ecg", "Atrial Fibrillation"]`), []byte(`tags = ["ecg", "Atrial Fibrillation", "ECG"]`), 1)
	audience := []byte(`audience = ["Cardiologists"]`)
	files["content/cardio/_index.md"] = bytes.Replace(files["content/cardio/_index.md"], audience, []byte(`audience = ["Cardiologists", "cardiologists"]`), 1)
	b := sitetest.BuildOK(t, files)
	for page, link := range map[string]string{
		"tags/ecg/index.html":               `href="../../cardio/afib/"`,
		"audience/cardiologists/index.html": `href="../../cardio/afib/"`,
		"cardio/afib/index.html":            `href="../../tags/ecg/"`,
	} {
		if n := bytes.Count(b.Files[page], []byte(link)); n != 1 {
			t.Errorf("%s links %s %d times, want once", page, link, n)
		}
	}
}

// A module with more links than content.MaxLinks fails the build with its
// position, and nothing is written.
func TestTooManyLinks(t *testing.T) {
	files := sitetest.Parse(openSite)
	files["content/cardio/p.md"] = []byte("+++\ntitle = \"P\"\ndate = 2026-10-01\n+++\n" + strings.Repeat("[a](", content.MaxLinks+1) + "\n")
	b := sitetest.Build(t, files)
	want := fmt.Sprintf("content/cardio/p.md:5:%d: error: size: %d links is over the limit of %d for one module", 4*content.MaxLinks+3, content.MaxLinks+1, content.MaxLinks)
	if b.Err == nil || !strings.Contains(b.Diags(), want) {
		t.Fatalf("err %v, want %q in\n%s", b.Err, want, b.Diags())
	}
	if len(b.Files) > 0 {
		t.Errorf("%d files written", len(b.Files))
	}
}
