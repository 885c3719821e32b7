package generator_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// adviceSite has one medical reviewer who is also the module's author,
// and one who may sign it.
func adviceSite(key sitetest.Key, policy string) map[string][]byte {
	return sitetest.Parse(`
-- rounds.toml --
title = "S"
baseURL = "https://example.org/"
[policy]
required_roles = ["medical"]
min_references = 0
max_review_age = "365d"
max_term = "3y"
` + policy + `
-- people.toml --
[[person]]
id = "au"
name = "Author Reviewer"
roles = ["medical"]
keys = ["` + sitetest.NewKey(4).AuthorizedKey() + `"]
[[person]]
id = "rev"
name = "Reviewer"
roles = ["medical"]
keys = ["` + key.AuthorizedKey() + `"]
[[person]]
id = "pl"
name = "Planner"
-- content/c/m.md --
+++
title = "M"
date = 2026-10-01
expires = 2028-11-01
authors = ["au"]
planners = ["pl"]
[credit]
type = "AMA PRA Category 1 Credit™"
hours = 0.25
+++
Body.

::: quiz posttest
Q?

- [x] yes
- [ ] no
:::
`)
}

func statusOf(t *testing.T, files map[string][]byte, today content.Date) generator.StatusRow {
	t.Helper()
	site, l := generator.Load(context.Background(), sitetest.FS(files), generator.LoadOptions{})
	if site == nil {
		t.Fatalf("%v", l)
	}
	return generator.Check(context.Background(), site, today, 0).Status()[0]
}

// 18 finding 11: check and status never ask an author who is also listed
// as a reviewer to sign; the conflict is reported.
func TestAdviceNamesOnlyEligibleSigners(t *testing.T) {
	key := sitetest.NewKey(3)
	files := adviceSite(key, "")
	b := sitetest.Build(t, files)
	d := b.Diags()
	if !strings.Contains(d, "ask the medical reviewer (rev) to run `rounds review content/c/m.md --reviewer rev --role medical") {
		t.Errorf("the help does not name rev alone:\n%s", d)
	}
	if !strings.Contains(d, "note: au holds the role medical but may not sign this module: the module's author") {
		t.Errorf("the conflict is not reported:\n%s", d)
	}
	r := statusOf(t, files, sitetest.Today)
	if r.Act != "rev to sign as medical" {
		t.Errorf("status: %q", r.Act)
	}
	// With no eligible reviewer, no one is named to sign.
	files["people.toml"] = []byte(strings.Replace(string(files["people.toml"]), `id = "rev"
name = "Reviewer"
roles = ["medical"]`, `id = "rev"
name = "Reviewer"
roles = []`, 1))
	b = sitetest.Build(t, files)
	if d := b.Diags(); !strings.Contains(d, "help: no one in people.toml may sign this module as medical: the planners must add a medical reviewer") || strings.Contains(d, "--reviewer au") {
		t.Errorf("help:\n%s", d)
	}
	if r := statusOf(t, files, sitetest.Today); !strings.Contains(r.Act, "the planners (pl) to add a medical reviewer to people.toml who may sign it (au the module's author)") {
		t.Errorf("status: %q", r.Act)
	}
}

// 18 finding 11: status names the earliest cause and who must act: the
// sign-off lapses before the credit ends.
func TestStatusNamesTheEarliestCause(t *testing.T) {
	key := sitetest.NewKey(3)
	files := sitetest.Sign(t, adviceSite(key, ""), "content/c/m.md", "rev", "medical", key, content.ParseDate("2026-11-21"))
	r := statusOf(t, files, content.ParseDate("2027-10-01"))
	if r.State != content.Expiring || !strings.HasPrefix(r.Detail, "the medical sign-off stops counting on 2027-11-21 (max_review_age 365d)") ||
		r.Act != "rev to sign as medical again before 2027-11-21" {
		t.Errorf("%s: %q -> %q", r.State, r.Detail, r.Act)
	}
	// Re-signed: now the credit's end comes first.
	files = sitetest.Sign(t, adviceSite(key, ""), "content/c/m.md", "rev", "medical", key, content.ParseDate("2028-06-01"))
	r = statusOf(t, files, content.ParseDate("2028-10-01"))
	if r.State != content.Expiring || r.Detail != "credit ends 2028-11-01" || !strings.HasPrefix(r.Act, "the planners (pl) to have it reviewed again and set a new expires before 2028-11-01") {
		t.Errorf("%s: %q -> %q", r.State, r.Detail, r.Act)
	}
}

// 18 finding 11: under expired = "archive", a module validly signed when
// its credit ended is archived, though its sign-off has since lapsed.
func TestArchiveWhenValidlySignedAtTheEnd(t *testing.T) {
	key := sitetest.NewKey(3)
	files := sitetest.Sign(t, adviceSite(key, `expired = "archive"`), "content/c/m.md", "rev", "medical", key, content.ParseDate("2028-06-01"))
	today := content.ParseDate("2029-07-01") // the sign-off lapsed on 2029-06-01
	if r := statusOf(t, files, today); r.State != content.Archived {
		t.Errorf("%s: %q -> %q", r.State, r.Detail, r.Act)
	}
	// Signed a year and a half before the end: it lapsed while the credit
	// ran, so the module was refused then, and is not archived now.
	files = sitetest.Sign(t, adviceSite(key, `expired = "archive"`), "content/c/m.md", "rev", "medical", key, content.ParseDate("2027-05-01"))
	if r := statusOf(t, files, today); r.State == content.Archived {
		t.Errorf("archived a module whose sign-off lapsed before its credit ended")
	}
}

// 18 finding 11: a term longer than max_term is the planners' to fix, and
// status says so, with the date to set.
func TestStatusNamesTheTermCause(t *testing.T) {
	key := sitetest.NewKey(3)
	files := adviceSite(key, "")
	files["content/c/m.md"] = []byte(strings.Replace(string(files["content/c/m.md"]), "expires = 2028-11-01", "expires = 2030-11-01", 1))
	files = sitetest.Sign(t, files, "content/c/m.md", "rev", "medical", key, content.ParseDate("2026-11-21"))
	r := statusOf(t, files, sitetest.Today)
	if r.State != content.Refused || !strings.Contains(r.Detail, "in-date: expires 2030-11-01 is more than max_term (3y) after the latest sign-off (2026-11-21)") ||
		r.Act != "the planners (pl) to set expires to 2029-11-21 or earlier" {
		t.Errorf("%s: %q -> %q", r.State, r.Detail, r.Act)
	}
}
