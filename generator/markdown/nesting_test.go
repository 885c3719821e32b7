package markdown

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/rounds-dev/rounds/content"
)

// content.NestingDepth, which refuses modules nested too deep before they
// reach goldmark, counts the lists and block quotes goldmark nests.
func TestNestingDepthAgreesWithGoldmark(t *testing.T) {
	bodies := []string{
		"Text.\n", "- a\n- b\n", "- a\n  - b\n    - c\n", "- - - a\n", "1. a\n   2) b\n", "1. 1. a\n",
		"> > a\n", ">>>a\n", "- a\n  > b\n", "- a\n - b\n", "- a\n\n  - b\n", "> a\n\n> b\n",
		"> > a\nb\n> > - c\n", "> > a\n\n- c\n", "- - -\n", "- * * *\n", "```\n- - - a\n```\n",
		"- ```\n  > > a\n  ```\n", "> ```\n- - a\n", "    - - a\n", "-     - a\n", "-a *b +c 1.d\n",
		"1234567890. a\n", "-\n  - a\n", "-\t-\ta\n", "- a\r\n  - b\r\n", "- a\n  2. b\n  1. c\n",
		"- a\n  -\n  - c\n", "- a\n\n  2. b\n", "> - > - > a\n> - > - > b\n", "* a\n    * b\n        * c\n",
		"1. a\n\n    1. b\n\n        > c\n", "> a\n>\n> > b\n> > > c\n", "- a\n\n\n  - b\n",
		"# T\n\n- a\n  # H\n  - b\n", "para\n> q\n- l\n  > - x\n",
		strings.Repeat("- ", 40) + "a\n", strings.Repeat("> ", 40) + "a\n", strings.Repeat("1. ", 40) + "a\n",
		func() string {
			var b strings.Builder
			for i := range 40 {
				b.WriteString(strings.Repeat("  ", i) + "- a\n")
			}
			return b.String()
		}(),
	}
	md := goldmark.New()
	for _, body := range bodies {
		want := goldmarkDepth(md, body)
		if got, _ := content.NestingDepth([]byte(body), 1000); got != want {
			t.Errorf("NestingDepth(%q) = %d, goldmark nests %d", body, got, want)
		}
	}
}

// goldmarkDepth is how deep goldmark nests lists and block quotes in body.
func goldmarkDepth(md goldmark.Markdown, body string) int {
	doc := md.Parser().Parse(text.NewReader([]byte(body)))
	deepest := 0
	var walk func(n ast.Node, depth int)
	walk = func(n ast.Node, depth int) {
		if n.Kind() == ast.KindList || n.Kind() == ast.KindBlockquote {
			depth++
		}
		deepest = max(deepest, depth)
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			walk(c, depth)
		}
	}
	walk(doc, 0)
	return deepest
}

// NestingDepth never counts fewer levels than goldmark nests, so no input
// gets past the limit to goldmark (it may count more on odd input, such
// as a lone carriage return ending a line).
func FuzzNestingDepth(f *testing.F) {
	for _, s := range []string{"- a\n  - b\n", "> > a\nb\n", "1. a\n   - b\n", "- ```\n  > a\n", "-\t-\ta\n", "> - > - > a\n> - b\n"} {
		f.Add(s)
	}
	md := goldmark.New()
	f.Fuzz(func(t *testing.T, body string) {
		want := goldmarkDepth(md, body)
		if got, _ := content.NestingDepth([]byte(body), 1000); got < want {
			t.Errorf("NestingDepth(%q) = %d, goldmark nests %d", body, got, want)
		}
	})
}
