package generator

import "testing"

func TestUnlink(t *testing.T) {
	keep := func(href string) bool { return href != "https://doi.org/x" && href != "../tags/a/" }
	for _, tc := range []struct{ in, want string }{
		{`<p><a href="#ref-1">1</a></p>`, `<p><a href="#ref-1">1</a></p>`},
		{`<a href="https://doi.org/x" class="doi" target="_blank">doi:x</a> <abbr>y</abbr>`, `<span class="doi">doi:x</span> <abbr>y</abbr>`},
		{`<a id="c" href="../tags/a/">a &amp; b</a><a href="#k">k</a>`, `<span id="c">a &amp; b</span><a href="#k">k</a>`},
		{`<a href='https://doi.org/x'>q</a>`, `<span>q</span>`},
		{`<article><aside><a href="https://doi.org/x">x</a></aside></article>`, `<article><aside><span>x</span></aside></article>`},
		{`<a title="a > b" href="https://doi.org/x">x</a>`, `<span title="a &gt; b">x</span>`},
	} {
		if got := string(unlink([]byte(tc.in), keep)); got != tc.want {
			t.Errorf("unlink(%s)\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

func TestCSSURLs(t *testing.T) {
	got := cssURLs([]byte(`a{background:url(img/a.png)} b{background:url( "b c.svg" )} @import 'x.css'; c{background:url(data:image/png;base64,AA)}`))
	want := []string{"img/a.png", "b c.svg", "x.css", "data:image/png;base64,AA"}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
