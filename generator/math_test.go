package generator_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

func bodySite(body string) map[string][]byte {
	site := sitetest.Parse(openSite)
	site["content/cardio/afib.md"] = []byte("+++\ntitle = \"Sepsis\"\ndate = 2026-10-01\n+++\n" + body)
	return site
}

func TestMathAndDiagrams(t *testing.T) {
	b := sitetest.BuildOK(t, bodySite("MAP is $\\frac{S + 2D}{3}$; it costs $5 and $10.\n\n```goat title=\"Triage\" desc=\"Arrival leads to triage.\"\nA --> B\n```\n"))
	b.AssertFile("cardio/afib/index.html",
		`MAP is <math><mfrac>`,
		`; it costs $5 and $10.`,
		`<figure class="diagram"><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="diagram-1-title" aria-describedby="diagram-1-desc"`,
		`<title id="diagram-1-title">Triage</title><desc id="diagram-1-desc">Arrival leads to triage.</desc>`)
	b.AssertFileNot("cardio/afib/index.html", `style=`)
}

func TestMathAndDiagramsRefused(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{"Text.\n\nMAP is $\\frac{S}{$ here.\n", `content/cardio/afib.md:7:18: error: math: formula "\\frac{S}{": unexpected end of input`},
		{"$a + \\nope b$\n", `content/cardio/afib.md:5:6: error: math: formula "a + \\nope b": unsupported function name: \nope`},
		{"$$\nx +\n\\nope\n$$\n", `content/cardio/afib.md:7:1: error: math:`},
		{"```goat title=\"T\"\nA --> B\n```\n", `content/cardio/afib.md:5:4: error: accessible: a diagram needs a title and a description`},
		{"```goat tile=\"T\"\nA\n```\n", `content/cardio/afib.md:5:4: error: accessible: unknown diagram option "tile"`},
	} {
		b := sitetest.Build(t, bodySite(c.body))
		if !errors.Is(b.Err, generator.ErrRefused) || !strings.Contains(b.Diags(), c.want) {
			t.Errorf("%q: err %v, want %s in:\n%s", c.body, b.Err, c.want, b.Diags())
		}
		if len(b.Files) != 0 {
			t.Errorf("%q: refused but wrote %d files", c.body, len(b.Files))
		}
	}
}
