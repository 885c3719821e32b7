package generator_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// A site whose module must be signed off, citing a shared CSL-JSON
// reference.
func signedCSLSite(key sitetest.Key, item string) map[string][]byte {
	return sitetest.Parse(`
-- rounds.toml --
title   = "Signed"
baseURL = "https://learn.example.org/"

[policy]
required_roles     = ["medical"]
require_signatures = true
frame_roles        = [] # the module's own sign-off is what this is about
-- people.toml --
[[person]]
id          = "medic"
name        = "Mo Medic"
credentials = "MD"
roles       = ["medical"]
keys        = ["` + key.AuthorizedKey() + `"]

[[person]]
id   = "jdoe"
name = "Jordan Doe"
-- data/references.json --
[` + item + `]
-- content/c/m.md --
+++
title   = "Module"
date    = 2026-10-01
authors = ["jdoe"]
+++
Norepinephrine first [@evans2021].
`)
}

// The CSL attack of issue 18 (finding 1), end to end: an item with
// "TITLE" before "title" was signed showing one title; swapping the two
// keys published the other under the same digest. Both files are now
// refused at the twin key, and nothing is written.
func TestCSLCaseTwinAttack(t *testing.T) {
	key := sitetest.NewKey(7)
	today := sitetest.Today
	clean := `{"id": "evans2021", "type": "article-journal", "title": "Good guideline", "container-title-short": "Intensive Care Med", "issued": {"date-parts": [[2021]]}}`

	// The control: a clean item, signed, publishes.
	files := sitetest.Sign(t, signedCSLSite(key, clean), "content/c/m.md", "medic", "medical", key, today)
	sitetest.BuildOK(t, files).AssertFile("c/m/index.html", "Good guideline")

	// The attack: sign over the twin with "TITLE" first, then swap.
	signedOrder := `{"id": "evans2021", "type": "article-journal", "TITLE": "EVIL dose", "title": "Good guideline"}`
	swapped := `{"id": "evans2021", "type": "article-journal", "title": "Good guideline", "TITLE": "EVIL dose"}`
	files = sitetest.Sign(t, signedCSLSite(key, signedOrder), "content/c/m.md", "medic", "medical", key, today)
	for name, item := range map[string]string{"as signed": signedOrder, "swapped": swapped} {
		f := map[string][]byte{}
		for k, v := range files {
			f[k] = v
		}
		f["data/references.json"] = []byte("[" + item + "]\n")
		b := sitetest.Build(t, f)
		if !errors.Is(b.Err, generator.ErrRefused) {
			t.Fatalf("%s: built (%v); diagnostics:\n%s", name, b.Err, b.Diags())
		}
		col := strconv.Itoa(strings.LastIndex(strings.ToLower(item), `"title"`) + 2) // the second twin, after "["
		if !strings.Contains(b.Diags(), "data/references.json:1:"+col+": error: csl: item 1: the keys ") {
			t.Errorf("%s: no error at the twin key:\n%s", name, b.Diags())
		}
		if len(b.Files) != 0 {
			t.Errorf("%s: a refused build wrote %d files", name, len(b.Files))
		}
	}
}

// A key outside CSL-JSON 1.0.2 is a warning and changes nothing that is
// signed; a key the reference prints voids the sign-off.
func TestCSLUnknownKeyIsNotSigned(t *testing.T) {
	digest := func(item string) string {
		files := signedCSLSite(sitetest.NewKey(7), item)
		site, l := generator.Load(context.Background(), sitetest.FS(files), generator.LoadOptions{})
		if site == nil || l.HasErrors() {
			t.Fatalf("load: %v", l)
		}
		for _, m := range site.Modules {
			return m.Digest(site.Config.Shared, site.Config.People)
		}
		t.Fatal("no module")
		return ""
	}
	base := digest(`{"id": "evans2021", "title": "Good", "issued": {"date-parts": [[2021, 11]]}}`)
	if d := digest(`{"id": "evans2021", "title": "Good", "issued": {"date-parts": [[2021, 11]]}, "zotero-note": "anything"}`); d != base {
		t.Error("a key outside the schema, never rendered, changed the digest")
	}
	if d := digest(`{"id": "evans2021", "title": "Good", "issued": {"date-parts": [[2021, 12]]}}`); d == base {
		t.Error("the month of issued, which Vancouver prints, is not in the digest")
	}
}
