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
			md := goldmark.New(goldmark.WithExtensions(extensions()...))
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
