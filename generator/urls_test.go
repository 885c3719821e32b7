package generator_test

import (
	"encoding/json"
	"encoding/xml"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/internal/sitetest"
)

// Every URL rounds writes into the sitemap, the feed, JSON-LD and the
// search index is percent-encoded and valid (19 D5), whatever a section
// folder is called: net/url parses each, and none holds a space or a
// character outside ASCII.
func TestURLsAreEncoded(t *testing.T) {
	files := sitetest.Parse(openSite)
	files["content/Café Basics/_index.md"] = []byte("+++\ntitle = \"Café\"\n+++\n")
	files["content/Café Basics/m 1.md"] = []byte("+++\ntitle = \"M\"\nslug = \"m1\"\ndate = 2026-10-01\n+++\nText.\n")
	files["content/Café Basics/b#1?x/index.md"] = []byte("+++\ntitle = \"B\"\nslug = \"b1\"\ndate = 2026-10-01\n+++\nText.\n")
	b := sitetest.BuildOK(t, files)
	var urls []string
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(b.Files["sitemap.xml"], &sm); err != nil {
		t.Fatal(err)
	}
	for _, u := range sm.URLs {
		urls = append(urls, u.Loc)
	}
	var rss struct {
		Items []struct {
			Link string `xml:"link"`
			GUID string `xml:"guid"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(b.Files["index.xml"], &rss); err != nil {
		t.Fatal(err)
	}
	for _, it := range rss.Items {
		urls = append(urls, it.Link, it.GUID)
	}
	var idx []struct {
		Path string `json:"path"`
	}
	if err := json.Unmarshal(b.Files["search.json"], &idx); err != nil {
		t.Fatal(err)
	}
	for _, e := range idx {
		urls = append(urls, "https://learn.example.org/sub/"+e.Path)
	}
	ld := regexp.MustCompile(`<script type="application/ld\+json">(.*?)</script>`)
	for _, page := range []string{"Café Basics/index.html", "Café Basics/m1/index.html"} {
		m := ld.FindSubmatch(b.Files[page])
		if m == nil {
			t.Fatalf("%s has no JSON-LD", page)
		}
		var v any
		if err := json.Unmarshal(m[1], &v); err != nil {
			t.Fatal(err)
		}
		urls = append(urls, jsonURLs(v)...)
	}
	want := "https://learn.example.org/sub/Caf%C3%A9%20Basics/m1/"
	found := false
	for _, u := range urls {
		found = found || u == want
		p, err := url.Parse(u)
		if err != nil || p.Scheme != "https" || p.Host == "" {
			t.Errorf("%q is not a valid absolute URL: %v", u, err)
			continue
		}
		if strings.ContainsAny(u, " #?") || strings.IndexFunc(u, func(r rune) bool { return r > 0x7e }) >= 0 {
			t.Errorf("%q is not percent-encoded", u)
		}
		if p.String() != u {
			t.Errorf("%q does not read back the same (%q)", u, p.String())
		}
	}
	if !found {
		t.Errorf("no %s among %q", want, urls)
	}
}

// jsonURLs collects the string values of "url" and "@id" keys.
func jsonURLs(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && (k == "url" || k == "@id") {
				out = append(out, s)
			}
			out = append(out, jsonURLs(x)...)
		}
	case []any:
		for _, x := range v {
			out = append(out, jsonURLs(x)...)
		}
	}
	return out
}
