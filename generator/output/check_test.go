package output

import (
	"html"
	"strings"
	"testing"
)

func TestSafeURL(t *testing.T) {
	for u, want := range map[string]bool{
		"../a/": true, "#x": true, "https://e.org/": true, "http://e.org": true, "mailto:a@b.org": true, "a/b:c": true,
		"javascript:alert(1)": false, "JavaScript:x": false, "java\tscript:x": false, " \x01javascript:x": false,
		"javascript&colon;x": false, "jav&#x61;script:x": false, "data:text/html,<b>": false, "vbscript:x": false,
		"file:///etc/passwd": false,
	} {
		if got := SafeURL(u); got != want {
			t.Errorf("SafeURL(%q) = %v, want %v", u, got, want)
		}
	}
}

func TestCheckPage(t *testing.T) {
	cases := []struct {
		page string
		want string // "" for a clean page
	}{
		{`<a href="../x/">x</a><img src="data:image/png;base64,AAAA"><script src="js/a.js"></script><script type="application/ld+json">{}</script>`, ""},
		{`<a href="javascript:alert(1)">x</a>`, `href="javascript:alert(1)" uses a scheme`},
		{`<img src="x.png" onerror="alert(1)">`, "inline event handler"},
		{`<script>alert(1)</script>`, "inline <script>"},
		{`<form action="javascript:x"></form>`, "action="},
		{`<button formaction="jav&#x61;script:x">b</button>`, "formaction="},
		{`<img srcset="a.png 1x, javascript:x 2x">`, "srcset="},
		{`<iframe src="data:text/html,<script>x</script>"></iframe>`, "uses a scheme"},
	}
	for _, c := range cases {
		errs, _, _ := CheckPage("p.html", []byte(c.page))
		var msgs []string
		for _, e := range errs {
			msgs = append(msgs, e.Error())
		}
		got := strings.Join(msgs, "; ")
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.page, got, c.want)
		}
	}
}

func TestTarget(t *testing.T) {
	cases := []struct{ page, href, base, file, frag string }{
		{"c/m/index.html", "../", "/", "c/index.html", ""},
		{"index.html", "./", "/", "index.html", ""},
		{"c/m/index.html", "../../tags/x/#top", "/", "tags/x/index.html", "top"},
		{"c/m/index.html", "/sub/c/", "/sub/", "c/index.html", ""},
		{"c/m/index.html", "img%20a.png", "/", "c/m/img a.png", ""},
	}
	for _, c := range cases {
		file, frag, ok := Target(c.page, c.href, c.base)
		if !ok || file != c.file || frag != c.frag {
			t.Errorf("Target(%q, %q) = %q %q %v", c.page, c.href, file, frag, ok)
		}
	}
	for _, href := range []string{"https://x.org/", "mailto:a@b", "//x.org/a", "/other/", "&#47;/x.org/", "x:y?z"} {
		if _, _, ok := Target("index.html", href, "/sub/"); ok {
			t.Errorf("%q should leave the site", href)
		}
		if Internal(href, "/sub/") {
			t.Errorf("Internal(%q) = true", href)
		}
	}
}

// Internal answers as Target's ok does, for any link.
func FuzzInternal(f *testing.F) {
	for _, s := range []string{"../a", "/sub/c/", "/other/", "https://x", "a#b:c", "a?b#c", "&#58;", "//h", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, href string) {
		_, _, ok := Target("c/m/index.html", href, "/sub/")
		if Internal(href, "/sub/") != ok {
			t.Errorf("Internal(%q) = %v, Target's ok = %v", href, !ok, ok)
		}
	})
}

func FuzzSafeURL(f *testing.F) {
	for _, s := range []string{"javascript:x", "java\tscript:x", "https://e.org", "../a", "jav&#x61;script:", "\x00j"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, u string) {
		if SafeURL(u) {
			// whatever passes must not be javascript: once decoded and cleaned
			d := strings.ToLower(strings.Map(func(r rune) rune {
				if r <= ' ' || r == 0x7f {
					return -1
				}
				return r
			}, html.UnescapeString(u)))
			if strings.HasPrefix(d, "javascript:") || strings.HasPrefix(d, "vbscript:") || strings.HasPrefix(d, "data:") {
				t.Fatalf("SafeURL(%q) passed", u)
			}
		}
	})
}
