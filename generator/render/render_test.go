package render

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// testTemplates loads a theme of a base, one partial and a layout per
// kind.
func testTemplates(t *testing.T, base, partial string) *Templates {
	t.Helper()
	fsys := fstest.MapFS{
		"layouts/base.html":         {Data: []byte(base)},
		"layouts/partials/nav.html": {Data: []byte(partial)},
	}
	for _, k := range Kinds {
		fsys["layouts/"+k+".html"] = &fstest.MapFile{Data: []byte(`{{template "base" .}}`)}
	}
	tmpl, l := Load(Layer{FS: fsys})
	if l.HasErrors() {
		t.Fatalf("load: %v", l)
	}
	return tmpl
}

func render(t *testing.T, tmpl *Templates, p *Page) string {
	t.Helper()
	var b bytes.Buffer
	if err := tmpl.Execute(&b, p); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// partialCached draws a partial once per build and variant: a page with
// the same variants gets the first page's output, another variant or the
// next build's site draws it again.
func TestPartialCached(t *testing.T) {
	tmpl := testTemplates(t, `{{define "base"}}[{{partialCached "layouts/partials/nav.html" . .Root}}]{{end}}`,
		`<a href="{{.Root}}x">{{.Title}} {{.Site.Title}}</a>`)
	site := &Site{Title: "S&co"}
	cases := []struct {
		page *Page
		want string
	}{
		{&Page{Kind: "module", Title: "one", Root: "../../", Site: site}, `[<a href="../../x">one S&amp;co</a>]`},
		{&Page{Kind: "module", Title: "two", Root: "../../", Site: site}, `[<a href="../../x">one S&amp;co</a>]`},
		{&Page{Kind: "section", Title: "three", Root: "../", Site: site}, `[<a href="../x">three S&amp;co</a>]`},
		{&Page{Kind: "module", Title: "four", Root: "../../", Site: &Site{Title: "next build"}}, `[<a href="../../x">four next build</a>]`},
	}
	for _, c := range cases {
		if got := render(t, tmpl, c.page); got != c.want {
			t.Errorf("%s: got %s, want %s", c.page.Title, got, c.want)
		}
	}
}

// What the partial prints is escaped for where it stands in the partial,
// and an error in it is the page's error.
func TestPartialCachedEscapesAndFails(t *testing.T) {
	tmpl := testTemplates(t, `{{define "base"}}{{partialCached "layouts/partials/nav.html" . .Root}}{{end}}`,
		`<p title="{{.Title}}">{{.Title}}</p>{{if eq .Kind "404"}}{{index .Banners 5}}{{end}}`)
	got := render(t, tmpl, &Page{Kind: "module", Title: `<b>"x"</b>`, Site: &Site{}})
	if want := `<p title="&lt;b&gt;&#34;x&#34;&lt;/b&gt;">&lt;b&gt;&#34;x&#34;&lt;/b&gt;</p>`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	var b bytes.Buffer
	err := tmpl.Execute(&b, &Page{Kind: "404", Site: &Site{}})
	if err == nil || !strings.Contains(err.Error(), "index out of range") {
		t.Errorf("error = %v, want the partial's", err)
	}
}

// Variants are told apart one by one: ("a", "bc") is not ("ab", "c").
func TestPartialCachedVariants(t *testing.T) {
	tmpl := testTemplates(t, `{{define "base"}}{{partialCached "layouts/partials/nav.html" . .Title .Description}}{{end}}`,
		`{{.Title}}|{{.Description}}`)
	site := &Site{}
	for _, p := range []*Page{{Kind: "module", Title: "a", Description: "bc", Site: site}, {Kind: "module", Title: "ab", Description: "c", Site: site}} {
		if got, want := render(t, tmpl, p), p.Title+"|"+p.Description; got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}

// A layer's Minify is applied to each layout read from it; Minified says
// whether every layout came through one, so that a site overriding a
// single partial has its pages minified whole again.
func TestLoadMinified(t *testing.T) {
	theme := fstest.MapFS{
		"layouts/base.html":         {Data: []byte(`{{define "base"}}<p>` + "\n  {{.Title}}\n" + `</p>{{end}}`)},
		"layouts/partials/nav.html": {Data: []byte("<nav>x</nav>")},
	}
	for _, k := range Kinds {
		theme["layouts/"+k+".html"] = &fstest.MapFile{Data: []byte(`{{template "base" .}}`)}
	}
	var seen []string
	squeeze := func(src []byte) ([]byte, error) {
		seen = append(seen, string(src))
		return bytes.ReplaceAll(bytes.ReplaceAll(src, []byte("\n"), nil), []byte("  "), nil), nil
	}
	for _, tc := range []struct {
		name     string
		site     fstest.MapFS
		minified bool
		want     string
	}{
		{"theme only", fstest.MapFS{}, true, "<p>T</p>"},
		{"own partial", fstest.MapFS{"layouts/partials/nav.html": {Data: []byte("<nav>\n</nav>")}}, false, "<p>T</p>"},
		{"own base", fstest.MapFS{"layouts/base.html": {Data: []byte(`{{define "base"}}<p>` + "\n{{.Title}}</p>{{end}}")}}, false, "<p>\nT</p>"},
	} {
		seen = nil
		tmpl, l := Load(Layer{FS: theme, Minify: squeeze}, Layer{FS: tc.site})
		if l.HasErrors() {
			t.Fatalf("%s: %v", tc.name, l)
		}
		if tmpl.Minified() != tc.minified {
			t.Errorf("%s: Minified() = %v", tc.name, tmpl.Minified())
		}
		if got := render(t, tmpl, &Page{Kind: "home", Title: "T"}); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
		for _, s := range seen {
			if strings.Contains(s, "<nav>\n") || strings.Contains(s, "<p>\n{{") {
				t.Errorf("%s: the site's own layout went through Minify: %q", tc.name, s)
			}
		}
	}
	// A layout Minify cannot read is reported, not parsed as it was.
	broken := func([]byte) ([]byte, error) { return nil, errors.New("bad layout") }
	if _, l := Load(Layer{FS: theme, Prefix: "theme:", Minify: broken}); !l.HasErrors() || !strings.Contains(l[0].Message, "bad layout") || l[0].Path != "theme:layouts/base.html" {
		t.Errorf("Minify's error: %v", l)
	}
}
