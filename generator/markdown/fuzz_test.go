package markdown

import (
	"os"
	"path/filepath"
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
