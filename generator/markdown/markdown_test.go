package markdown

import (
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/testutil"
)

// TestCaseFiles runs goldmark case files, one per extension, in testdata/.
func TestCaseFiles(t *testing.T) {
	for _, name := range []string{"cite", "quiz"} {
		t.Run(name, func(t *testing.T) {
			md := goldmark.New(goldmark.WithExtensions(extensions(nil)...))
			testutil.DoTestCaseFile(md, "testdata/"+name+".txt", t, testutil.ParseCliCaseArg()...)
		})
	}
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
