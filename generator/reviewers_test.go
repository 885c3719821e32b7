package generator_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// reviewedSite is a module signed in two roles by reviewers with
// credentials, one of them with a relationship to disclose.
func reviewedSite(t *testing.T) map[string][]byte {
	med, comp := sitetest.NewKey(5), sitetest.NewKey(6)
	files := sitetest.Parse(`
-- rounds.toml --
title = "S"
baseURL = "https://example.org/"
[policy]
required_roles = ["medical", "compliance"]
min_references = 0
-- people.toml --
[[person]]
id = "asmith"
name = "Alex Smith"
credentials = "MD"
roles = ["medical"]
keys = ["` + med.AuthorizedKey() + `"]
[[person.relationships]]
company = "Beta Devices"
nature = "speaker"
mitigated = "Reviewed by a second reviewer."
[[person]]
id = "rlee"
name = "Robin Lee"
credentials = "PharmD"
roles = ["compliance"]
keys = ["` + comp.AuthorizedKey() + `"]
[[person]]
id = "au"
name = "Author"
-- content/c/m.md --
+++
title = "M"
date = 2026-10-01
authors = ["au"]
+++
THE BODY.
`)
	files = sitetest.Sign(t, files, "content/c/m.md", "asmith", "medical", med, content.ParseDate("2026-11-15"))
	files = sitetest.Sign(t, files, "content/c/m.md", "rlee", "compliance", comp, content.ParseDate("2026-11-20"))
	files = sitetest.SignFrame(t, files, "asmith", "medical", med, content.ParseDate("2026-11-20"))
	return sitetest.SignFrame(t, files, "rlee", "compliance", comp, content.ParseDate("2026-11-20"))
}

// Issue 21 item 3: the pre-activity block names every sign-off's reviewer
// with credentials, role and date, before the content; their
// relationships are disclosed like the authors'; JSON-LD carries them on
// the WebPage.
func TestReviewersNamedOnPage(t *testing.T) {
	b := sitetest.BuildOK(t, reviewedSite(t))
	page := string(b.Files["c/m/index.html"])
	page = page[strings.Index(page, "<main"):]
	want := []string{
		"Peer review",
		`Reviewed by Alex Smith, MD (medical review), <time datetime="2026-11-15">15 November 2026</time>`,
		`Reviewed by Robin Lee, PharmD (compliance review), <time datetime="2026-11-20">20 November 2026</time>`,
		"last reviewed 20 November 2026",
		"Alex Smith, MD (reviewer): speaker, Beta Devices",
		"THE BODY.",
	}
	last := -1
	for _, s := range want {
		i := strings.Index(page, s)
		if i < 0 {
			t.Errorf("missing %q", s)
			continue
		}
		if i < last {
			t.Errorf("%q is out of order", s)
		}
		last = i
	}
	m := ldPattern.FindStringSubmatch(string(b.Files["c/m/index.html"]))
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	var ld struct {
		Page struct {
			ID           string `json:"@id"`
			Type         string `json:"@type"`
			LastReviewed string `json:"lastReviewed"`
			ReviewedBy   []struct {
				Type string `json:"@type"`
				Name string `json:"name"`
			} `json:"reviewedBy"`
		} `json:"mainEntityOfPage"`
	}
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatal(err)
	}
	p := ld.Page
	if p.Type != "WebPage" || p.ID != "https://example.org/c/m/" || p.LastReviewed != "2026-11-20" || len(p.ReviewedBy) != 2 ||
		p.ReviewedBy[0].Name != "Alex Smith, MD" || p.ReviewedBy[1].Type != "Person" || p.ReviewedBy[1].Name != "Robin Lee, PharmD" {
		t.Errorf("JSON-LD page: %+v", p)
	}
}
