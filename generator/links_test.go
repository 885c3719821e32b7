package generator_test

import (
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/internal/sitetest"
)

func TestLinksRule(t *testing.T) {
	cases := []struct {
		name, body string
		want       string // "" when the build must succeed
	}{
		{"a published module", "See [AF](../afib/) and [its heading](../afib/#rate-control).", ""},
		{"a draft", "See [the draft](../draft/).", "content/cardio/links.md:6:17: error: links: links to ../draft/, which is not a published page"},
		{"a missing page", "See [nothing](../nowhere/).", "content/cardio/links.md:6:15: error: links: links to ../nowhere/, which is not a published page"},
		{"a missing anchor", "See [AF](../afib/#no-such-heading).", "error: links: links to ../afib/#no-such-heading, but that page has no #no-such-heading"},
		{"an anchor on the same page", "## Here\n\nBack to [here](#here) and [there](#there).", "links to #there, but that page has no #there"},
		{"external links are not checked", "See [x](https://example.org/missing/).", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := sitetest.Parse(openSite)
			files["content/cardio/links.md"] = []byte("+++\ntitle = \"Links\"\ndate = 2026-10-01\n+++\n\n" + c.body + "\n")
			b := sitetest.Build(t, files)
			if c.want == "" {
				if b.Err != nil {
					t.Fatalf("%v\n%s", b.Err, b.Diags())
				}
				return
			}
			if b.Err == nil || !strings.Contains(b.Diags(), c.want) {
				t.Fatalf("err %v, want %q in\n%s", b.Err, c.want, b.Diags())
			}
		})
	}
}

func TestBrokenSettingLinkIsReportedOnce(t *testing.T) {
	files := sitetest.Parse(accreditedSite)
	replace(files, "rounds.toml", `privacy       = "https://example.org/privacy/"`, `privacy       = "/privacy/"`)
	b := sitetest.Build(t, files)
	if b.Err == nil || strings.Count(b.Diags(), "error: links:") != 1 ||
		!strings.Contains(b.Diags(), `rounds.toml:7:1: error: links: provider.privacy = "/privacy/" is not a page of the site`) {
		t.Fatalf("err %v\n%s", b.Err, b.Diags())
	}
	files["static/privacy/index.html"] = []byte("<!DOCTYPE html><title>Privacy</title><p>Our policy.</p>")
	sitetest.BuildOK(t, files)
}
