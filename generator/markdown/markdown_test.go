package markdown

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/testutil"

	"github.com/rounds-dev/rounds/generator/markdown/mdast"
)

// TestCaseFiles runs goldmark case files, one per extension, in testdata/.
func TestCaseFiles(t *testing.T) {
	for _, name := range []string{"cite", "quiz", "evaluation", "video", "callout", "deflist", "math", "diagram"} {
		t.Run(name, func(t *testing.T) {
			md := goldmark.New(goldmark.WithExtensions(extensions(nil)...))
			testutil.DoTestCaseFile(md, "testdata/"+name+".txt", t, testutil.ParseCliCaseArg()...)
		})
	}
	// Headings get ids, as in New, for their anchor links.
	t.Run("heading", func(t *testing.T) {
		md := goldmark.New(goldmark.WithExtensions(extensions(nil)...), goldmark.WithParserOptions(parser.WithAutoHeadingID()))
		testutil.DoTestCaseFile(md, "testdata/heading.txt", t, testutil.ParseCliCaseArg()...)
	})
}

func TestCitedOrder(t *testing.T) {
	r := New()
	known := map[string]bool{"a": true, "b": true, "c": true}
	res, err := r.Render([]byte("First [@b], then [@a; @b], [@zz].\n\nLater [@c, p. 3]."), Options{Known: func(k string) bool { return known[k] }})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmtList(res.Cited); got != "b a c" {
		t.Errorf("cited = %q, want b a c", got)
	}
}

func fmtList(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}

// countingCache is a Cache in memory that counts its hits.
type countingCache struct {
	m    map[string][]byte
	hits int
}

func (c *countingCache) Get(k string) ([]byte, bool) {
	b, ok := c.m[k]
	if ok {
		c.hits++
	}
	return b, ok
}

func (c *countingCache) Put(k string, b []byte) { c.m[k] = b }

// Highlighted code comes from the cache when the block is unchanged, and
// the page is byte for byte what it is without a cache.
func TestCodeCacheGivesTheSameHTML(t *testing.T) {
	src := []byte("Text.\n\n```python\ndef f(x):\n    return x + 1\n```\n\n```\nplain <b>\n```\n\n```go\nfunc f() {}\n```\n")
	want, err := New().Render(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cache := &countingCache{m: map[string][]byte{}}
	r := NewCached(cache)
	for round := range 2 {
		got, err := r.Render(src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if string(got.HTML) != string(want.HTML) {
			t.Fatalf("round %d: with a cache\n%s\nwithout\n%s", round, got.HTML, want.HTML)
		}
	}
	if len(cache.m) != 3 || cache.hits != 3 {
		t.Errorf("%d blocks cached, %d hits; want 3 and 3", len(cache.m), cache.hits)
	}
	// Another language or one changed character is another entry.
	if _, err := r.Render([]byte("```go\ndef f(x):\n    return x + 1\n```\n"), Options{}); err != nil {
		t.Fatal(err)
	}
	if len(cache.m) != 4 {
		t.Errorf("a block in another language reused a cached one")
	}
}

// An evaluation's form posts to the site's endpoint, escaped, and says
// what it sends; in a package it posts nowhere and says the LMS records it.
func TestEvaluationForm(t *testing.T) {
	src := []byte("::: evaluation\n- rate: A? {id=a}\n:::\n")
	cases := []struct {
		name string
		form *mdast.EvaluationForm
		want []string
		not  []string
	}{
		{"endpoint", &mdast.EvaluationForm{Action: "https://forms.example.org/e?a=1&b=2", Module: "c/m/", Title: `T "x" <y>`, Course: "c/", Provider: "Example CE"},
			[]string{`method="post" action="https://forms.example.org/e?a=1&amp;b=2"`, `name="_module" value="c/m/"`, `name="_title" value="T &quot;x&quot; &lt;y&gt;"`,
				`data-course="c/"`, "sends Example CE your ratings and comments", `<button type="submit">Send the evaluation</button>`},
			[]string{"hidden disabled"}},
		{"package", &mdast.EvaluationForm{Action: "https://forms.example.org/e", Module: "c/m/", Package: true},
			[]string{"recorded by your learning management system", `<button type="submit" hidden disabled>`},
			[]string{"action=", "forms.example.org"}},
	}
	for _, c := range cases {
		r, err := New().Render(src, Options{Evaluation: c.form})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range c.want {
			if !strings.Contains(string(r.HTML), w) {
				t.Errorf("%s: no %q in\n%s", c.name, w, r.HTML)
			}
		}
		for _, w := range c.not {
			if strings.Contains(string(r.HTML), w) {
				t.Errorf("%s: %q in\n%s", c.name, w, r.HTML)
			}
		}
	}
}
