package generator_test

import (
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// rotationSite has one medical reviewer whose key line in people.toml is
// keyLine (options allowed), and revoked_keys as given.
func rotationSite(keyLine, revoked string) map[string][]byte {
	return sitetest.Parse(`
-- rounds.toml --
title = "S"
baseURL = "https://example.org/"
[policy]
required_roles = ["medical"]
min_references = 0
-- people.toml --
` + revoked + `
[[person]]
id = "rev"
name = "Reviewer"
roles = ["medical"]
keys = ['` + keyLine + `']
[[person]]
id = "au"
name = "Author"
-- content/c/m.md --
+++
title = "M"
date = 2026-10-01
authors = ["au"]
+++
Body.
`)
}

// Issue 21 item 5, SPEC.md "Keys": a retired key (valid-before) still
// vouches for what it signed before that day and for nothing after; a
// revoked key for nothing; adding a key voids no sign-off.
func TestKeyRotation(t *testing.T) {
	key := sitetest.NewKey(7)
	newKey := sitetest.NewKey(8)
	day := content.ParseDate("2026-12-05")
	signed := func(files map[string][]byte, date string) map[string][]byte {
		return sitetest.Sign(t, files, "content/c/m.md", "rev", "medical", key, content.ParseDate(date))
	}
	retired := `valid-before="20261201" ` + key.AuthorizedKey()
	for _, tc := range []struct {
		name   string
		files  map[string][]byte
		state  content.State
		reason string
	}{
		{"current key", signed(rotationSite(key.AuthorizedKey(), ""), "2026-11-20"), content.Published, ""},
		{"retired after signing", signed(rotationSite(retired, ""), "2026-11-20"), content.Published, ""},
		{"signed after retirement", signed(rotationSite(retired, ""), "2026-12-02"), content.Missing, "was retired on 2026-12-01 (valid-before in people.toml)"},
		{"revoked", signed(rotationSite(key.AuthorizedKey(), `revoked_keys = ["`+key.AuthorizedKey()+`"]`), "2026-11-20"), content.Missing, "is revoked (revoked_keys in people.toml)"},
	} {
		r := statusOf(t, tc.files, day)
		if r.State != tc.state {
			t.Errorf("%s: %s (%s), want %s", tc.name, r.State, r.Detail, tc.state)
		}
		if tc.reason != "" && (len(r.Roles) != 1 || !strings.Contains(r.Roles[0].Reason, tc.reason)) {
			t.Errorf("%s: roles %+v, want the reason %q", tc.name, r.Roles, tc.reason)
		}
		if tc.reason != "" && !strings.Contains(r.Act, "rev to sign as medical") {
			t.Errorf("%s: status does not say who must sign again: %q", tc.name, r.Act)
		}
	}
	// A key added beside the old one: the module's sign-off still counts
	// (keys are not in its digest).
	files := signed(rotationSite(key.AuthorizedKey(), ""), "2026-11-20")
	files["people.toml"] = []byte(strings.Replace(string(files["people.toml"]), `keys = ['`+key.AuthorizedKey()+`']`,
		`keys = ['`+retired+`', '`+newKey.AuthorizedKey()+`']`, 1))
	if r := statusOf(t, files, day); r.State != content.Published {
		t.Errorf("after adding a key and retiring the old one: %s (%s)", r.State, r.Detail)
	}
	// An option rounds cannot honour is refused at its place.
	b := sitetest.Build(t, rotationSite(`cert-authority `+key.AuthorizedKey(), ""))
	if d := b.Diags(); !strings.Contains(d, `people.toml:6:1: error: people:`) || !strings.Contains(d, `key 1 of "rev" has an option rounds cannot honour: cert-authority is not supported`) {
		t.Errorf("cert-authority:\n%s", d)
	}
}
