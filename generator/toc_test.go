package generator_test

import (
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/internal/sitetest"
)

const tocBody = "## Recognise\n\nText.\n\n### Signs\n\nText.\n\n## Treat\n\nText.\n\n## Follow up\n\nText.\n\nqSOFA\n: A bedside score.\n"

func TestTableOfContents(t *testing.T) {
	site := sitetest.Parse(openSite)
	site["content/cardio/afib.md"] = []byte("+++\ntitle = \"Sepsis\"\ndate = 2026-10-01\n+++\n" + tocBody)
	site["content/cardio/short.md"] = []byte("+++\ntitle = \"Short\"\ndate = 2026-10-01\n+++\n## One\n\n## Two\n")
	site["content/cardio/off.md"] = []byte("+++\ntitle = \"Off\"\ndate = 2026-10-01\ntoc = false\n+++\n" + tocBody)
	b := sitetest.BuildOK(t, site)
	b.AssertFile("cardio/afib/index.html",
		`<nav class="toc" aria-labelledby="toc-h">`,
		`<li class="toc-2"><a href="#recognise">Recognise</a></li><li class="toc-3"><a href="#signs">Signs</a></li><li class="toc-2"><a href="#treat">Treat</a></li>`,
		`<h2 id="treat">Treat<a class="anchor" href="#treat" aria-label="Direct link to Treat">#</a></h2>`,
		"<dl>\n<dt>qSOFA</dt>\n<dd>A bedside score.</dd>\n</dl>")
	b.AssertFileNot("cardio/short/index.html", `class="toc"`)
	b.AssertFileNot("cardio/off/index.html", `class="toc"`)
	b.AssertFile("cardio/off/index.html", `<h2 id="treat">Treat<a class="anchor"`)
}

// TestParams: [params] of rounds.toml and of a module reach a site's
// layouts, and any other unknown key stays an error.
func TestParams(t *testing.T) {
	site := sitetest.Parse(openSite)
	site["rounds.toml"] = append(site["rounds.toml"], "\n[params]\nmotto = \"Learn by doing\"\n[params.colours]\nmain = \"teal\"\n"...)
	site["content/cardio/afib.md"] = []byte("+++\ntitle = \"Sepsis\"\ndate = 2026-10-01\n[params]\nlevel = \"advanced\"\nsteps = [1, 2]\n+++\nText.\n")
	site["layouts/partials/nav.html"] = []byte(`<p class="motto">{{.Site.Params.motto}} / {{.Site.Params.colours.main}}{{with .Module}} / {{.Params.level}} / {{index .Params.steps 1}}{{end}}</p>`)
	b := sitetest.BuildOK(t, site)
	b.AssertFile("cardio/afib/index.html", `<p class="motto">Learn by doing / teal / advanced / 2</p>`)
	b.AssertFile("index.html", `<p class="motto">Learn by doing / teal</p>`)

	site["content/cardio/afib.md"] = []byte("+++\ntitle = \"Sepsis\"\ndate = 2026-10-01\nparam = 1\n+++\nText.\n")
	e := sitetest.Build(t, site)
	if e.Err == nil || !strings.Contains(e.Diags(), `content/cardio/afib.md:4:1: error: unknown-key: unknown key "param"`) {
		t.Errorf("an unknown key next to params: err %v, diagnostics:\n%s", e.Err, e.Diags())
	}
}
