package generator_test

import (
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// A reviewer tied to the supporter under another spelling of its name
// ("Acme\u00a0Pharma Inc.") is not independent of it (ACCME Standard 4).
func TestReviewerTiedToSupporterUnderAnotherSpelling(t *testing.T) {
	key := sitetest.NewKey(7)
	for _, company := range []string{"Acme Pharma", "Acme Pharma Inc.", "Acme\u00a0Pharma", "ACME PHARMA, LLC", "Beta Devices"} {
		t.Run(company, func(t *testing.T) {
			files := sitetest.Parse(`
-- rounds.toml --
title = "S"
baseURL = "https://example.org/"
[policy]
required_roles = ["medical"]
min_references = 0
[[supporters]]
name = "Acme Pharma"
-- people.toml --
[[person]]
id = "rev"
name = "Reviewer"
roles = ["medical"]
keys = ["` + key.AuthorizedKey() + `"]
[[person.relationships]]
company = "` + company + `"
nature = "consultant"
mitigated = "Peer reviewed."
[[person]]
id = "au"
name = "Author"
-- content/c/m.md --
+++
title = "M"
date = 2026-10-01
authors = ["au"]
[support]
supporter = "Acme Pharma"
kind = "educational grant"
+++
Body.
`)
			day := content.ParseDate("2026-11-01")
			files = sitetest.Sign(t, files, "content/c/m.md", "rev", "medical", key, day)
			files = sitetest.SignFrame(t, files, "rev", "medical", key, day)
			b := sitetest.Build(t, files)
			tied := company != "Beta Devices"
			if got := strings.Contains(b.Diags(), "independent: rev has a financial relationship with the supporter Acme Pharma"); got != tied {
				t.Errorf("refused as tied = %v, want %v:\n%s", got, tied, b.Diags())
			}
		})
	}
}
