package generator_test

import (
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/internal/sitetest"
)

const glossaryTOML = `
[[terms]]
term       = "qSOFA"
expansion  = "quick Sequential Organ Failure Assessment"
definition = "A bedside score."

[[terms]]
term       = "lactate"
definition = "A marker of hypoperfusion."
aliases    = ["lactates"]
`

func TestGlossary(t *testing.T) {
	site := sitetest.Parse(openSite)
	site["data/glossary.toml"] = []byte(glossaryTOML)
	site["content/cardio/afib.md"] = []byte("+++\ntitle = \"Sepsis\"\ndate = 2026-10-01\n+++\nThe qSOFA and lactate; the qSOFA again.\n")
	b := sitetest.BuildOK(t, site)
	b.AssertFile("cardio/afib/index.html",
		`The <a class="term" href="../../glossary/#term-qsofa" title="quick Sequential Organ Failure Assessment: A bedside score."><abbr>qSOFA</abbr></a> and <a class="term" href="../../glossary/#term-lactate" title="A marker of hypoperfusion."><dfn>lactate</dfn></a>; the qSOFA again.`)
	b.AssertFile("glossary/index.html",
		`<dt id="term-lactate"><dfn>lactate</dfn></dt>`,
		`<dd>A marker of hypoperfusion. <span class="aliases">Also written: lactates.</span></dd>`,
		`<dt id="term-qsofa"><abbr>qSOFA</abbr> <span class="expansion">(quick Sequential Organ Failure Assessment)</span></dt>`)
	page := string(b.Files["glossary/index.html"])
	if strings.Index(page, "term-lactate") > strings.Index(page, "term-qsofa") {
		t.Error("the glossary is not in alphabetical order")
	}
	b.AssertFile("sitemap.xml", "https://learn.example.org/sub/glossary/")
	// Every page's footer links to the glossary; a site without one has no link.
	b.AssertFile("cardio/afib/index.html", `<a href="../../glossary/">Glossary</a> · `)
	b.AssertFile("index.html", `<a href="glossary/">Glossary</a> · `)
	delete(site, "data/glossary.toml")
	if page := string(sitetest.BuildOK(t, site).Files["index.html"]); strings.Contains(page, "glossary/") {
		t.Error("a site without a glossary links to one")
	}
}

func TestGlossaryErrors(t *testing.T) {
	site := sitetest.Parse(openSite)
	site["data/glossary.toml"] = []byte("[[terms]]\nterm = \"qSOFA\"\n\n[[terms]]\nterm = \"qSOFA\"\ndefinition = \"x\"\n[[terms]]\nterm = \"MAP\"\ndefinitoin = \"x\"\n")
	b := sitetest.Build(t, site)
	for _, want := range []string{
		`data/glossary.toml:2:1: error: config: glossary term "qSOFA" has no definition`,
		`data/glossary.toml:5:1: error: config: glossary term "qSOFA" is defined twice`,
		`data/glossary.toml:9:1: error: unknown-key: unknown key "terms[2].definitoin"`,
	} {
		if !strings.Contains(b.Diags(), want) {
			t.Errorf("no %s in:\n%s", want, b.Diags())
		}
	}
	if len(b.Files) != 0 {
		t.Errorf("refused but wrote %d files", len(b.Files))
	}
}

// TestGlossaryAndContentsTranslated: the words rounds adds for a table of
// contents, a heading's link and the glossary page come from the site's
// language, as every other word of the interface does.
func TestGlossaryAndContentsTranslated(t *testing.T) {
	site := sitetest.Parse(strings.Replace(openSite, `title   = "Test Site"`, "title   = \"Test Site\"\nlanguage = \"fr\"", 1))
	site["data/glossary.toml"] = []byte(glossaryTOML)
	site["content/cardio/afib.md"] = []byte("+++\ntitle = \"Sepsis\"\ndate = 2026-10-01\n+++\n## Signes\n\nThe qSOFA.\n\n## Bilan\n\nLe lactate.\n\n## Traitement\n\nVite.\n")
	b := sitetest.BuildOK(t, site)
	b.AssertFile("cardio/afib/index.html",
		`<h2 id="toc-h">Sur cette page</h2>`,
		`aria-label="Lien direct vers Signes"`)
	b.AssertFile("glossary/index.html",
		`<h1>Glossaire</h1>`,
		`Les termes et abréviations de Test Site. Un module relie`,
		`<span class="aliases">Autres graphies : lactates.</span>`)
	for _, en := range []string{"On this page", "Direct link to", ">Glossary<", "Also written"} {
		for _, f := range []string{"cardio/afib/index.html", "glossary/index.html"} {
			if strings.Contains(string(b.Files[f]), en) {
				t.Errorf("%s: %q left in English", f, en)
			}
		}
	}
}
