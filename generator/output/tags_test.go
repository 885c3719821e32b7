package output

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tagList is what a scanner reports, in one comparable string.
func tagList(walk func([]byte, func(string, []attr)), page []byte) string {
	var b strings.Builder
	walk(page, func(name string, attrs []attr) {
		fmt.Fprintf(&b, "<%q", name)
		for _, a := range attrs {
			fmt.Fprintf(&b, " %q=%q", a.key, a.val)
		}
		b.WriteString(">\n")
	})
	return b.String()
}

func reference(page []byte, fn func(string, []attr)) { tokenizeTags(page, fn) }

// fast is startTags, with the tags it gave before giving up.
func fast(page []byte) (string, bool) {
	ok := false
	got := tagList(func(p []byte, fn func(string, []attr)) { ok = startTags(p, fn) }, page)
	return got, ok
}

// checkSame fails when startTags, having read page, disagrees with
// x/net/html's tokenizer; when it gave up, what it gave until then must
// be where the tokenizer starts.
func checkSame(t *testing.T, page []byte) bool {
	t.Helper()
	got, ok := fast(page)
	want := tagList(reference, page)
	if ok && got != want {
		t.Errorf("page %q:\nstartTags:\n%s\nx/net/html:\n%s", page, got, want)
	}
	if !ok && !strings.HasPrefix(want, got) {
		t.Errorf("page %q: before giving up, startTags gave\n%s\nwhich x/net/html does not start with:\n%s", page, got, want)
	}
	return ok
}

var tagCases = []struct {
	page string
	fast bool // read without x/net/html
}{
	{`<!DOCTYPE html><html lang="en"><head><title>A <b> title</title></head><body><a href="../x/" id=top>x</a></body></html>`, true},
	{`<a href='x' HREF="y" data-x = "1"/>`, true},
	{`<img src=a.png alt=x/>`, true},
	{`<p =x a=b/c d='e>f' g>`, true},
	{`<a / href=x>`, true},
	{`<a href=x>`, true},
	{`<div a="b"c=d e>`, true},
	{`<script type="application/json">{"a":"</scrip>"}</script><script src=a.js></script>`, true},
	{`<style>a::before{content:"<a href=javascript:x>"}</style><a href=y>`, true},
	{`<textarea><a href=javascript:x></TEXTAREA ><a href=ok>`, true},
	{`<title>x</title <a href=hidden>`, true},
	{`<script>x</scriptx><a href=in-script></script><a href=after>`, true},
	{`<a href="x&amp;y" title="Q&A" id="a&b=c">`, true},
	{"<a href=\"x\r\ny\">", true},
	{`<a href="unterminated`, true},
	{`<a`, true},
	{`text < 3 and <3 too<`, true},
	{`</a href="x>y">after<b id=z>`, true},
	{`<!doctype html><a id=x>`, true},
	{`<!-- <a href=javascript:x> --><a href=y>`, false},
	{`<script><!--<script></script><a href=hidden></script><a href=shown>`, false},
	{`<?xml version="1.0"?><a>`, false},
	{`</ x><a>`, false},
	{`<plaintext><a href=x>`, false},
	{"<a href=\"x\x00\">", false},
}

func TestStartTagsMatchesTheTokenizer(t *testing.T) {
	for _, c := range tagCases {
		if ok := checkSame(t, []byte(c.page)); ok != c.fast {
			t.Errorf("page %q: read by startTags = %v, want %v", c.page, ok, c.fast)
		}
	}
}

// TestStartTagsOnGoldenPages compares the two on every page of the golden
// builds (the default theme's real output).
func TestStartTagsOnGoldenPages(t *testing.T) {
	n := 0
	err := filepath.WalkDir("../testdata/golden", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		page, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !checkSame(t, page) {
			t.Errorf("%s: a page of the default theme is not read by startTags", p)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no golden pages found")
	}
}

// FuzzStartTags holds startTags to x/net/html's answers: the link and
// script checks of every page depend on both finding the same tags.
func FuzzStartTags(f *testing.F) {
	for _, c := range tagCases {
		f.Add([]byte(c.page))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		checkSame(t, page)
	})
}

// BenchmarkStartTags reads the largest golden page with startTags and with
// x/net/html's tokenizer.
func BenchmarkStartTags(b *testing.B) {
	page, err := os.ReadFile("../testdata/golden/sepsis/sepsis/hour-one-bundle/index.html")
	if err != nil {
		b.Skip(err)
	}
	nop := func(string, []attr) {}
	b.Run("startTags", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			startTags(page, nop)
		}
	})
	b.Run("x-net-html", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			tokenizeTags(page, nop)
		}
	})
}
