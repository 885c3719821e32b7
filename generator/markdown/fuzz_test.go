package markdown

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// FuzzRender renders Markdown with every extension: it must never panic,
// and never let raw HTML or a javascript: link through.
func FuzzRender(f *testing.F) {
	seeds, _ := filepath.Glob("../../examples/*/content/*/*.md")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("::: quiz posttest\nQ [@a]?\n\n- [x] <script>x</script>\n  > [y](javascript:alert(1))\n:::\n")
	f.Add("[@a; @b, p. 3] `[@c]` ```go\nx\n```")
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		res, err := r.Render([]byte(src), Options{Quizzes: true})
		if err != nil {
			return
		}
		out := strings.ToLower(string(res.HTML) + string(res.QuizzesHTML))
		if strings.Contains(out, "<script") || strings.Contains(out, `href="javascript:`) || strings.Contains(out, `src="javascript:`) {
			t.Fatalf("unsafe output for %q:\n%s", src, out)
		}
	})
}

// FuzzInspect reads Markdown as the gate does: it must never panic, every
// offset is inside the body, and every link the page carries is listed
// (the gate checks each): no address reaches the page unseen.
func FuzzInspect(f *testing.F) {
	f.Add("[e](<java\tscript:alert(1)>) ![i](x.png) <https://a.example> <b>x</b> <!-- c -->\n\n- [x] a\n")
	f.Add("::: Quiz\n- [x] a\n:::\n:::: case\n- [x] b\n::: quiz\nQ\n\n- [x] c\n:::\n::::\n[r][]\n\n[r]: vbscript:x\n")
	f.Add("[](x) [a [b](y)](z) ![](data:image/png;base64,AA)")
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		mk := r.Inspect([]byte(src))
		for _, l := range mk.Links {
			if l.Offset < 0 || l.Offset > len(src) {
				t.Fatalf("link offset %d outside %q", l.Offset, src)
			}
		}
		for _, h := range mk.RawHTML {
			if h.Offset < 0 || h.Offset > len(src) {
				t.Fatalf("raw HTML offset %d outside %q", h.Offset, src)
			}
		}
		for _, at := range mk.Checked {
			if at < 0 || at > len(src) {
				t.Fatalf("task offset %d outside %q", at, src)
			}
		}
		res, err := r.Render([]byte(src), Options{})
		if err != nil {
			return
		}
		listed := map[string]bool{}
		for _, l := range mk.Links {
			listed[l.Rendered] = true
		}
		for _, m := range hrefs.FindAllStringSubmatch(string(res.HTML), -1) {
			u := html.UnescapeString(m[2])
			if u == "" || strings.HasPrefix(u, "#") {
				continue // citations, footnotes, headings: rounds' own
			}
			if !listed[u] {
				t.Fatalf("%s=%q is on the page but not listed for %q", m[1], u, src)
			}
		}
	})
}

var hrefs = regexp.MustCompile(`(href|src)="([^"]*)"`)

// FuzzMath reads bodies with dollar signs as the gate and the page do: it
// must never panic, every problem lies inside the body, and what is not
// a formula or an error stays text (no MathML from nothing).
func FuzzMath(f *testing.F) {
	for _, s := range []string{"$x$", "$$\n\\frac{a}{b}\n$$", "costs $5 and $10", "$a$1 $ b$", "\\$x\\$ $\\$$", "$$$$", "$\\frac{a}{$", "> $x\n> y$", "- $a\n- b$"} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 2000 {
			return
		}
		mk := r.Inspect([]byte(src))
		for _, m := range mk.Math {
			if m.Offset < 0 || m.Offset > len(src) {
				t.Fatalf("math offset %d outside %q", m.Offset, src)
			}
		}
		res, err := r.Render([]byte(src), Options{})
		if err != nil {
			return
		}
		if !strings.Contains(src, "$") && strings.Contains(string(res.HTML), "<math") {
			t.Fatalf("MathML without a dollar in %q", src)
		}
	})
}

// FuzzDiagram draws arbitrary ASCII art: never a panic, never a script,
// every problem inside the body.
func FuzzDiagram(f *testing.F) {
	for _, s := range []string{"A --> B", "+---+\n| x |\n+---+", ".-.\n| |\n'-'", "*--o  <--\n /\\ \\_/", "\u00e9\u2500\u2502\u250c", "<script>&"} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, art string) {
		if len(art) > 4000 || strings.Contains(art, "```") {
			return
		}
		src := "```goat title=\"t\" desc=\"d\"\n" + art + "\n```\n"
		mk := r.Inspect([]byte(src))
		for _, d := range mk.Diagrams {
			if d.Offset < 0 || d.Offset > len(src) {
				t.Fatalf("diagram offset %d outside %q", d.Offset, src)
			}
		}
		res, err := r.Render([]byte(src), Options{})
		if err != nil {
			return
		}
		if strings.Contains(strings.ToLower(string(res.HTML)), "<script") {
			t.Fatalf("script from %q", art)
		}
	})
}
