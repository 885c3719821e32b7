package generator_test

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// translationSite is a site in English and Spanish whose one module,
// content/c/m.md, has a Spanish translation beside it, m.es.md; policy
// lines are added to [policy].
func translationSite(policy string) map[string][]byte {
	return sitetest.Parse(`
-- rounds.toml --
title = "S"
baseURL = "https://example.org/"
languages = ["en", "es"]
[policy]
required_roles = ["medical"]
min_references = 0
` + policy + `
-- people.toml --
[[person]]
id = "rev"
name = "Reviewer"
roles = ["medical", "language"]
keys = ['` + sitetest.NewKey(7).AuthorizedKey() + `']
[[person]]
id = "au"
name = "Author"
-- content/c/_index.md --
+++
title = "Course"
+++
-- content/c/_index.es.md --
+++
title = "Curso"
+++
-- content/c/m.md --
+++
title = "Fluids"
summary = "Fluids in sepsis."
date = 2026-10-01
authors = ["au"]
+++
Give 30 mL/kg.
-- content/c/m.es.md --
+++
title = "Líquidos"
summary = "Líquidos en la sepsis."
date = 2026-10-01
authors = ["au"]
+++
Administre 30 mL/kg.
`)
}

var trDay = content.ParseDate("2026-12-05")

// signAll signs the source, then the translation against it, then the frame.
func signAll(t *testing.T, files map[string][]byte, roles ...string) map[string][]byte {
	t.Helper()
	key := sitetest.NewKey(7)
	signed := content.ParseDate("2026-11-20")
	files = sitetest.Sign(t, files, "content/c/m.md", "rev", "medical", key, signed)
	files = sitetest.SetSourceDigest(t, files, "content/c/m.es.md")
	for _, role := range roles {
		files = sitetest.Sign(t, files, "content/c/m.es.md", "rev", role, key, signed)
	}
	return sitetest.SignFrame(t, files, "rev", "medical", key, signed)
}

func checkSite(t *testing.T, files map[string][]byte) *generator.Checked {
	t.Helper()
	site, l := generator.Load(context.Background(), sitetest.FS(files), generator.LoadOptions{})
	if site == nil {
		t.Fatalf("%v", l)
	}
	return generator.Check(context.Background(), site, trDay, 0)
}

func verdictOf(t *testing.T, c *generator.Checked, p string) *content.Verdict {
	t.Helper()
	for _, v := range c.Verdicts {
		if v.Module.Path == p {
			return v
		}
	}
	t.Fatalf("no module %s", p)
	return nil
}

func rowOf(t *testing.T, c *generator.Checked, p string) generator.StatusRow {
	t.Helper()
	for _, r := range c.Status() {
		if r.Path == p {
			return r
		}
	}
	t.Fatalf("no status row %s", p)
	return generator.StatusRow{}
}

func diagsOf(v *content.Verdict) string {
	var b strings.Builder
	v.Diags.Print(&b)
	return b.String()
}

// Issue 23 item 3: a translation signed in its own right is published
// under /es/; an edit to its source makes it "source changed" (a warning
// pointing at rounds diff), refused under policy.strict = ["translations"].
func TestTranslationSourceChanged(t *testing.T) {
	for _, strict := range []bool{false, true} {
		policy := ""
		if strict {
			policy = `strict = ["translations"]`
		}
		files := signAll(t, translationSite(policy), "medical")
		c := checkSite(t, files)
		if v := verdictOf(t, c, "content/c/m.es.md"); v.State != content.Published || !v.Publishable() {
			t.Fatalf("signed translation: %s\n%s", v.State, diagsOf(v))
		}
		// The source is edited and signed again: its translation was
		// checked against the old text.
		files["content/c/m.md"] = []byte(strings.Replace(string(files["content/c/m.md"]), "Give 30 mL/kg.", "Give 30 mL/kg within 3 hours.", 1))
		files = sitetest.Sign(t, files, "content/c/m.md", "rev", "medical", sitetest.NewKey(7), content.ParseDate("2026-11-21"))
		c = checkSite(t, files)
		if v := verdictOf(t, c, "content/c/m.md"); v.State != content.Published {
			t.Fatalf("source: %s\n%s", v.State, diagsOf(v))
		}
		v := verdictOf(t, c, "content/c/m.es.md")
		out := diagsOf(v)
		if v.State != content.SourceChanged {
			t.Errorf("strict %v: translation is %s, want %q\n%s", strict, v.State, content.SourceChanged, out)
		}
		if v.Publishable() == strict {
			t.Errorf("strict %v: publishable %v\n%s", strict, v.Publishable(), out)
		}
		sev := "warning"
		if strict {
			sev = "error"
		}
		for _, want := range []string{
			"content/c/m.es.md:2:1: " + sev + ": translations: source changed: content/c/m.md changed after this translation was signed",
			"help: run `rounds diff content/c/m.es.md` to see the source's changes since",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("strict %v: diagnostics lack %q:\n%s", strict, want, out)
			}
		}
		if r := rowOf(t, c, "content/c/m.es.md"); r.State != content.SourceChanged || !strings.Contains(r.Detail, "content/c/m.md changed after this translation was signed") || !strings.Contains(r.Act, "rounds diff content/c/m.es.md") {
			t.Errorf("strict %v: status row %+v", strict, r)
		}
	}
}

// A translation is reviewed in its own right: the source's sign-off does
// not cover it, and policy.translation_roles names who signs it.
func TestTranslationNeedsItsOwnSignOff(t *testing.T) {
	files := signAll(t, translationSite(""))
	c := checkSite(t, files)
	v := verdictOf(t, c, "content/c/m.es.md")
	if v.Publishable() || v.State != content.Missing {
		t.Fatalf("unsigned translation: %s, publishable %v", v.State, v.Publishable())
	}
	if out := diagsOf(v); !strings.Contains(out, `content/c/m.es.md:3:1: error: reviewed: no sign-off in role "medical"`) {
		t.Errorf("diagnostics:\n%s", out)
	}
	// translation_roles: the language reviewer signs translations.
	files = signAll(t, translationSite(`translation_roles = ["language"]`), "medical")
	v = verdictOf(t, checkSite(t, files), "content/c/m.es.md")
	if v.Publishable() || !strings.Contains(diagsOf(v), `no sign-off in role "language"`) {
		t.Errorf("translation_roles ignored: %s\n%s", v.State, diagsOf(v))
	}
	files = signAll(t, translationSite(`translation_roles = ["language"]`), "language")
	if v := verdictOf(t, checkSite(t, files), "content/c/m.es.md"); !v.Publishable() {
		t.Errorf("signed in translation_roles: %s\n%s", v.State, diagsOf(v))
	}
}

// Attacks: a translation cannot smuggle unreviewed content past the gate
// (an edit after signing voids its sign-off; a source that is not
// published takes its translation with it; a translation of nothing is
// refused), nor claim another module's digest as its source's.
func TestTranslationAttacks(t *testing.T) {
	signed := signAll(t, translationSite(""), "medical")
	clone := func() map[string][]byte {
		out := map[string][]byte{}
		for k, v := range signed {
			out[k] = v
		}
		return out
	}
	for _, tc := range []struct {
		name string
		edit func(f map[string][]byte)
		want string
		path string // the module refused
	}{
		{"body edited after signing", func(f map[string][]byte) {
			f["content/c/m.es.md"] = []byte(strings.Replace(string(f["content/c/m.es.md"]), "Administre 30 mL/kg.", "Administre 90 mL/kg.", 1))
		}, `error: reviewed: no valid sign-off in role "medical"`, ""},
		{"source_digest edited after signing", func(f map[string][]byte) {
			src := string(f["content/c/m.es.md"])
			i := strings.Index(src, `source_digest = "`) + len(`source_digest = "`)
			f["content/c/m.es.md"] = []byte(src[:i] + "sha256v2:00" + src[i+len("sha256v2:00"):])
		}, `error: reviewed: no valid sign-off in role "medical"`, ""},
		{"source unpublished", func(f map[string][]byte) {
			f["content/c/m.md"] = []byte(strings.Replace(string(f["content/c/m.md"]), "Give 30", "Give 60", 1))
		}, "error: translation: its source content/c/m.md is not published", ""},
		{"no source", func(f map[string][]byte) {
			f["content/c/gone.es.md"] = f["content/c/m.es.md"]
		}, "content/c/gone.es.md:3:1: error: translation: content/c/gone.es.md translates content/c/gone.md, which does not exist", "content/c/gone.es.md"},
		{"another slug", func(f map[string][]byte) {
			f["content/c/m.es.md"] = []byte(strings.Replace(string(f["content/c/m.es.md"]), "title =", "slug = \"otro\"\ntitle =", 1))
		}, "error: translation: the translation's URL /es/c/otro/ is not its source's under /es/ (/es/c/m/)", ""},
		{"source_digest in a module that is no translation", func(f map[string][]byte) {
			f["content/c/n.md"] = []byte(strings.Replace(string(f["content/c/m.es.md"]), "Líquidos", "Otro", -1))
		}, "error: translation: source_digest belongs in a translation, and content/c/n.md is not one", "content/c/n.md"},
	} {
		f := clone()
		tc.edit(f)
		c := checkSite(t, f)
		var all strings.Builder
		c.Diags.Print(&all)
		if !strings.Contains(all.String(), tc.want) {
			t.Errorf("%s: diagnostics lack %q:\n%s", tc.name, tc.want, all.String())
		}
		p := tc.path
		if p == "" {
			p = "content/c/m.es.md"
		}
		for _, v := range c.Published() {
			if v.Module.Path == p {
				t.Errorf("%s: %s is published", tc.name, v.Module.Path)
			}
		}
	}
	// Another module's digest claimed as the source's, signed by a
	// reviewer: still refused, as a claim about the wrong source.
	f := clone()
	f["content/c/other.md"] = []byte("+++\ntitle = \"Other\"\nsummary = \"O.\"\ndate = 2026-10-01\nauthors = [\"au\"]\n+++\nOther text.\n")
	key := sitetest.NewKey(7)
	f = sitetest.Sign(t, f, "content/c/other.md", "rev", "medical", key, content.ParseDate("2026-11-20"))
	other := verdictOf(t, checkSite(t, f), "content/c/other.md").Digest
	src := string(f["content/c/m.es.md"])
	i := strings.Index(src, "source_digest")
	j := i + strings.Index(src[i:], "\n")
	f["content/c/m.es.md"] = []byte(src[:i] + `source_digest = "` + other + `"` + src[j:])
	f = sitetest.Sign(t, f, "content/c/m.es.md", "rev", "medical", key, content.ParseDate("2026-11-20"))
	v := verdictOf(t, checkSite(t, f), "content/c/m.es.md")
	if v.Publishable() || !strings.Contains(diagsOf(v), "error: translation: source_digest is the digest of content/c/other.md, not of its source content/c/m.md") {
		t.Errorf("claimed another source: %s\n%s", v.State, diagsOf(v))
	}
}

// Issue 23 item 2: each language its own tree under /<lang>/; pages link
// their translations (hreflang with x-default, and a visible switch); the
// sitemap lists the alternates; a module without a translation gets no
// invented page; a translation that does not pass the gate is not linked.
func TestTranslationPages(t *testing.T) {
	files := signAll(t, translationSite(""), "medical")
	files["content/c/alone.md"] = []byte("+++\ntitle = \"Alone\"\nsummary = \"Only in English.\"\ndate = 2026-10-01\nauthors = [\"au\"]\n+++\nText.\n")
	files = sitetest.Sign(t, files, "content/c/alone.md", "rev", "medical", sitetest.NewKey(7), content.ParseDate("2026-11-20"))
	files = sitetest.SignFrame(t, files, "rev", "medical", sitetest.NewKey(7), content.ParseDate("2026-11-20"))
	b := buildOn(t, files, trDay)
	b.AssertFile("es/c/m/index.html",
		`<html lang="es">`, "Líquidos",
		`<link rel="alternate" hreflang="en" href="https://example.org/c/m/">`,
		`<link rel="alternate" hreflang="x-default" href="https://example.org/c/m/">`,
		`<link rel="alternate" hreflang="es" href="https://example.org/es/c/m/">`,
		`<nav class="languages wrap" aria-label="Idiomas">`, // the switch in the page's language
		`<a href="../../../c/m/" hreflang="en" lang="en">English</a>`,
		`<span aria-current="true" lang="es">Español</span>`)
	b.AssertFile("c/m/index.html", `<html lang="en">`, `<link rel="alternate" hreflang="es" href="https://example.org/es/c/m/">`,
		`<nav class="languages wrap" aria-label="Languages">`,
		`<a href="../../es/c/m/" hreflang="es" lang="es">Español</a>`)
	b.AssertFileNot("c/alone/index.html", "hreflang", `class="languages"`)
	b.AssertNoFile("es/c/alone/index.html")
	b.AssertFile("es/index.html", `<html lang="es">`, "Curso", "Líquidos")
	b.AssertFileNot("es/index.html", "Alone")
	b.AssertFile("es/c/index.html", "Curso", "Líquidos")
	b.AssertFile("es/index.xml", "<language>es</language>", "Líquidos")
	b.AssertFile("es/search.json", "Líquidos")
	b.AssertFileNot("search.json", "Líquidos")
	b.AssertFileNot("index.html", "Líquidos")
	b.AssertFile("sitemap.xml", `xmlns:xhtml="http://www.w3.org/1999/xhtml"`,
		"<loc>https://example.org/es/c/m/</loc>",
		`<xhtml:link rel="alternate" hreflang="es" href="https://example.org/es/c/m/"></xhtml:link>`,
		`<xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/c/m/"></xhtml:link>`)
	b.AssertFile("rounds-build.json", "content/c/m.es.md")

	// Unsigned, the translation is neither published nor linked: the
	// build refuses it, as any module without its sign-off.
	unsigned := signAll(t, translationSite(""))
	if r := buildOn(t, unsigned, trDay); r.Err == nil {
		t.Error("a build with an unsigned translation was not refused")
	}
}

func buildOn(t *testing.T, files map[string][]byte, day content.Date) *sitetest.Built {
	t.Helper()
	mem := output.NewMemory()
	res, err := generator.Build(context.Background(), generator.Options{Site: sitetest.FS(files), Out: mem, Today: day})
	return &sitetest.Built{T: t, Files: mem.Files(), Result: res, Err: err}
}

// siteNavRE is the header's list of courses.
var siteNavRE = regexp.MustCompile(`(?s)<nav class="?site-nav"?.*?</nav>`)

// The header's courses on a translated page carry the course's title in
// that language (from _index.<lang>.md) and link to its page in that
// language; a course with no translated title keeps the default one, and
// one with no module in the language links to the default language's page.
func TestTranslatedHeaderNav(t *testing.T) {
	mem := output.NewMemory()
	if _, err := generator.Build(context.Background(), generator.Options{Site: os.DirFS("../examples/sepsis"), Out: mem, Today: sitetest.Today}); err != nil {
		t.Fatalf("build: %v", err)
	}
	files := mem.Files()
	nav := func(page string) string {
		t.Helper()
		b, ok := files[page]
		if !ok {
			t.Fatalf("no %s", page)
		}
		return siteNavRE.FindString(string(b))
	}
	for _, tc := range []struct{ page, want string }{
		{"es/sepsis/fluids/index.html", `<a href="../../../es/sepsis/">Sepsis: la primera hora</a>`},
		{"es/index.html", `<a href="../es/sepsis/">Sepsis: la primera hora</a>`},
		{"ar/sepsis/fluids/index.html", `<a href="../../../ar/sepsis/">الإنتان: الساعة الأولى</a>`},
		{"share/es/sepsis/fluids/index.html", `<a href="../../../../es/sepsis/">Sepsis: la primera hora</a>`},
		{"sepsis/fluids/index.html", `<a href="../../sepsis/">Sepsis: the first hour</a>`},
	} {
		if n := nav(tc.page); !strings.Contains(n, tc.want) {
			t.Errorf("%s: header has no %s:\n%s", tc.page, tc.want, n)
		}
	}
	for _, page := range []string{"es/sepsis/fluids/index.html", "ar/sepsis/fluids/index.html", "es/index.html"} {
		if n := nav(page); strings.Contains(n, "the first hour") {
			t.Errorf("%s: header shows the English course title:\n%s", page, n)
		}
	}

	// Falling back: course d has no _index.es.md, course e has one but no
	// module in Spanish.
	files2 := translationSite("")
	files2["content/d/_index.md"] = []byte("+++\ntitle = \"Dosing\"\nweight = 2\n+++\n")
	files2["content/d/x.md"] = []byte("+++\ntitle = \"X\"\nsummary = \"Only in English.\"\ndate = 2026-10-01\nauthors = [\"au\"]\n+++\nText.\n")
	files2["content/e/_index.md"] = []byte("+++\ntitle = \"Electrolytes\"\nweight = 3\n+++\n")
	files2["content/e/_index.es.md"] = []byte("+++\ntitle = \"Electrolitos\"\n+++\n")
	files2["content/e/y.md"] = []byte("+++\ntitle = \"Y\"\nsummary = \"Only in English.\"\ndate = 2026-10-01\nauthors = [\"au\"]\n+++\nText.\n")
	key, day := sitetest.NewKey(7), content.ParseDate("2026-11-20")
	files2 = sitetest.Sign(t, files2, "content/d/x.md", "rev", "medical", key, day)
	files2 = sitetest.Sign(t, files2, "content/e/y.md", "rev", "medical", key, day)
	b := buildOn(t, signAll(t, files2, "medical"), trDay)
	if b.Err != nil {
		t.Fatalf("build: %v\n%s", b.Err, b.Diags())
	}
	n := siteNavRE.FindString(string(b.Files["es/c/m/index.html"]))
	for _, want := range []string{`<a href="../../../es/c/">Curso</a>`, `<a href="../../../d/">Dosing</a>`, `<a href="../../../e/">Electrolitos</a>`} {
		if !strings.Contains(n, want) {
			t.Errorf("es/c/m/: header has no %s:\n%s", want, n)
		}
	}
	if n := siteNavRE.FindString(string(b.Files["c/m/index.html"])); !strings.Contains(n, ">Course</a>") || !strings.Contains(n, ">Electrolytes</a>") {
		t.Errorf("c/m/: header lost its English titles:\n%s", n)
	}
}
