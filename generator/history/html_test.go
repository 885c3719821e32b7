package history

import (
	"regexp"
	"strings"
	"testing"
)

func TestHTML(t *testing.T) {
	for _, tc := range []struct{ old, cur, want string }{
		{"<p>same</p>", "<p>same</p>", "<p>same</p>"},
		{"<p>give 30 mL/kg now</p>", "<p>give 20 mL/kg now</p>", "<p>give <del>30</del><ins>20</ins> mL/kg now</p>"},
		{"<p>one two three</p>", "<p>one three</p>", "<p>one <del>two </del>three</p>"},
		{"<p>a b</p>", "<p>a <em>new</em> b</p>", "<p>a <em><ins>new</ins></em> b</p>"},
		{"<p>a b</p>", "<p>a b</p><p>c d</p>", "<p>a b</p><p><ins>c d</ins></p>"},
		{"<ul><li>x</li></ul>", "<p>x</p>", "<p>x</p>"},
		{"<p>a &lt;b&gt;</p>", "<p>a &lt;c&gt;</p>", "<p>a <del>&lt;b&gt;</del><ins>&lt;c&gt;</ins></p>"},
		{`<script type="application/json">{"a": "x y"}</script><p>q</p>`, `<script type="application/json">{"a": "x z"}</script><p>q</p>`,
			`<script type="application/json">{"a": "x z"}</script><p>q</p>`},
	} {
		if got := HTML(tc.old, tc.cur); got != tc.want {
			t.Errorf("HTML(%q, %q)\n got %q\nwant %q", tc.old, tc.cur, got, tc.want)
		}
	}
}

var marks = regexp.MustCompile(`</?(ins|del)>`)

// FuzzHTML: without its marks and deleted text, the result is cur; marks
// never hold a tag, and they always close.
func FuzzHTML(f *testing.F) {
	f.Add("<p>the quick brown fox</p>", "<p>the slow <b>brown</b> dog</p>")
	f.Add("<ul><li>a</li></ul>", "<p>a</p><script>x y</script>")
	f.Add("", "<p>x")
	f.Fuzz(func(t *testing.T, old, cur string) {
		if strings.Contains(old+cur, "<ins") || strings.Contains(old+cur, "<del") || strings.Contains(old+cur, "</ins") || strings.Contains(old+cur, "</del") {
			t.Skip()
		}
		got := HTML(old, cur)
		del := regexp.MustCompile(`(?s)<del>.*?</del>`)
		if back := marks.ReplaceAllString(del.ReplaceAllString(got, ""), ""); back != cur {
			t.Fatalf("HTML(%q, %q) = %q: without marks %q", old, cur, got, back)
		}
		for _, m := range regexp.MustCompile(`(?s)<(ins|del)>(.*?)</(ins|del)>`).FindAllStringSubmatch(got, -1) {
			if m[1] != m[3] || strings.Contains(m[2], "<") {
				t.Fatalf("HTML(%q, %q) = %q: a mark holds %q", old, cur, got, m[0])
			}
		}
	})
}
