package generator_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// translatedFieldsSite is translationSite with the author disclosing a
// relationship whose nature is written as nature, and a provider whose
// accreditation is written per language.
func translatedFieldsSite(nature string) map[string][]byte {
	files := translationSite("")
	files["rounds.toml"] = []byte(string(files["rounds.toml"]) + `
[provider]
name = "Example CE"
accreditation = { en = "Example CE is accredited.", es = "Example CE está acreditada." }
`)
	files["people.toml"] = []byte(strings.Replace(string(files["people.toml"]), "id = \"au\"\nname = \"Author\"\n",
		"id = \"au\"\nname = \"Author\"\n[[person.relationships]]\ncompany = \"Acme\"\nnature = "+nature+"\nmitigated = \"peer review\"\n", 1))
	return files
}

// Issue 23, Decisions: a field of people.toml or rounds.toml may be
// written per language (nature = { en = ..., es = ... }); a published
// translation whose disclosures lack its language is refused; with them,
// the translation's page discloses in its language, before its content.
func TestTranslatedDisclosureFields(t *testing.T) {
	t.Run("written once", func(t *testing.T) {
		files := signAll(t, translatedFieldsSite(`"speaker"`), "medical")
		c := checkSite(t, files)
		if v := verdictOf(t, c, "content/c/m.md"); !v.Publishable() {
			t.Errorf("the source is refused: %s", diagsOf(v))
		}
		v := verdictOf(t, c, "content/c/m.es.md")
		if v.Publishable() || !strings.Contains(diagsOf(v), `content/c/m.es.md:6:1: error: translation: au's relationship with Acme is not disclosed in Español: its nature in people.toml has no "es" text`) {
			t.Errorf("a translation disclosing in English only is %s:\n%s", v.State, diagsOf(v))
		}
		if !strings.Contains(diagsOf(v), `nature = { en = "speaker", es = "..." }`) || !strings.Contains(diagsOf(v), "the relationship is at people.toml:11:1") {
			t.Errorf("no help with the fix:\n%s", diagsOf(v))
		}
	})
	t.Run("per language", func(t *testing.T) {
		files := signAll(t, translatedFieldsSite(`{ en = "speaker", es = "ponente" }`), "medical")
		c := checkSite(t, files)
		if v := verdictOf(t, c, "content/c/m.es.md"); !v.Publishable() {
			t.Fatalf("refused: %s", diagsOf(v))
		}
		b := buildOn(t, files, trDay)
		b.AssertFile("c/m/index.html", "Author (author): speaker, Acme", "Example CE is accredited.")
		b.AssertFile("es/c/m/index.html", "Author (autor): ponente, Acme", "Example CE está acreditada.")
		b.AssertFileNot("es/c/m/index.html", "speaker", "Example CE is accredited.")
		// The card's peer-review line (and its alt text) in the page's language too.
		b.AssertFile("es/c/m/index.html", "Revisado por pares el 20 de noviembre de 2026")
		b.AssertFile("c/m/index.html", "Peer reviewed 20 November 2026")
		page := string(b.Files["es/c/m/index.html"])
		if d, body := strings.Index(page, "ponente"), strings.Index(page, "Administre 30 mL/kg"); d < 0 || body < 0 || d > body {
			t.Errorf("the disclosure (at %d) is not before the content (at %d)", d, body)
		}
	})
	t.Run("not a language", func(t *testing.T) {
		_, l := generator.Load(context.Background(), sitetest.FS(translatedFieldsSite(`{ en = "speaker", Spanish = "ponente" }`)), generator.LoadOptions{})
		var out bytes.Buffer
		l.Print(&out)
		if !strings.Contains(out.String(), `people.toml:11:1: error: type: person[1].relationships[0].nature: "Spanish" is not a language code`) {
			t.Errorf("a key that is not a language passes:\n%s", out.String())
		}
	})
}
