package generator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rounds-dev/rounds/content/i18n"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// translationFile is a translation beside its source (fluids.es.md,
// _index.ar.md).
var translationFile = regexp.MustCompile(`\.[a-z]{2,3}(-[A-Za-z0-9]+)*\.md$`)

// siteIn copies a site into memory with its language set to lang, its only
// language: its translations are left out.
func siteIn(t *testing.T, dir, lang string) fstest.MapFS {
	t.Helper()
	files := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if translationFile.MatchString(p) {
			return nil // the site becomes one of a single language
		}
		b, err := fs.ReadFile(os.DirFS(dir), p)
		if p == "rounds.toml" {
			b = regexp.MustCompile(`(?m)^languages *=.*$`).ReplaceAll(b, nil)
			b = regexp.MustCompile(`(?m)^language *= *"[^"]*"`).ReplaceAll(b, []byte(`language = "`+lang+`"`))
			if !strings.Contains(string(b), "language = \""+lang) {
				b = append([]byte("language = \""+lang+"\"\n"), b...)
			}
		}
		files[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var (
	stringsRE = regexp.MustCompile(`(?s)<script type="?application/json"? id="?rounds-strings"?>(.*?)</script>`)
	scriptRE  = regexp.MustCompile(`(?s)<script[^>]*>.*?</script>`)
	englishRE = regexp.MustCompile(`(?s)<span lang="?en"?>.*?</span>`)
	bodyRE    = regexp.MustCompile(`(?s)<div class="?body"? data-rounds="?content"?>.*?</div>\s*(<section class="?quiz-summary|<script|<section class="?references|<nav class="?pager|<footer)`)
	refsRE    = regexp.MustCompile(`(?s)<section class="?references"?.*?</section>`)
	textRE    = regexp.MustCompile(`>([^<>]+)<`)
	attrRE    = regexp.MustCompile(`(?:aria-label|alt|title|placeholder)="([^"]*)"`)
)

// exemptKeys are messages that are the same in every language: a
// separator, a proper name, or placeholders alone.
var exemptKeys = map[string]bool{
	"site.rss": true, "module.pubmed": true, "site.title_sep": true, "credit.badge": true,
	"taxonomy.term": true, "pre.disclosure": true, "media.length": true, "support.from": true,
	"support.from_plain": true, "support.course_join": true, "support.course_end": true,
	// The AMA's designation statement stays in English where the AMA
	// requires it (it is shown lang="en", then translated).
	"credit.designation_ama": true,
}

// TestNoEnglishLeft renders the sepsis example in each shipped language and
// checks, key by key of the English table, that no English message of the
// interface is left on a page: not as a whole text or label, not as a
// phrase of three words or more. The module's own words (body,
// references, titles) are the author's, not the interface's, and stay as
// written; a message a language writes as English does ("Audio",
// "Important") is not a leftover.
func TestNoEnglishLeft(t *testing.T) {
	for _, meta := range i18n.Shipped() {
		lang := meta.Code
		if lang == "en" {
			continue
		}
		t.Run(lang, func(t *testing.T) {
			mem := output.NewMemory()
			if _, err := generator.Build(context.Background(), generator.Options{Site: siteIn(t, "../examples/sepsis", lang), Out: mem,
				Today: sitetest.Today, Preview: true, WholePages: true}); err != nil {
				t.Fatalf("build: %v", err)
			}
			if pages := noEnglishLeft(t, i18n.Builtin(lang), mem.Files(), func(string) bool { return true }); pages < 5 {
				t.Fatalf("only %d pages built", pages)
			}
		})
	}
	// The example as it is: its Spanish and Arabic translations' pages,
	// under /es/ and /ar/, are in their own language around the
	// translator's words.
	t.Run("translations", func(t *testing.T) {
		mem := output.NewMemory()
		if _, err := generator.Build(context.Background(), generator.Options{Site: os.DirFS("../examples/sepsis"), Out: mem,
			Today: sitetest.Today, Preview: true, WholePages: true}); err != nil {
			t.Fatalf("build: %v", err)
		}
		for _, lang := range []string{"es", "ar"} {
			in := func(name string) bool {
				return strings.HasPrefix(name, lang+"/") || strings.HasPrefix(name, "share/"+lang+"/")
			}
			if pages := noEnglishLeft(t, i18n.Builtin(lang), mem.Files(), in); pages < 2 {
				t.Errorf("%s: only %d pages built", lang, pages)
			}
		}
	})
}

// noEnglishLeft reports each English message of the interface left on the
// pages of files that in takes, checked against loc's table; it returns
// the number of pages it read.
func noEnglishLeft(t *testing.T, loc *i18n.Locale, files map[string][]byte, in func(string) bool) int {
	t.Helper()
	en := i18n.English()
	type frag struct{ key, text string }
	fragsOf := func(l *i18n.Locale, key string) []string {
		var out []string
		for _, form := range l.Forms(key) {
			for _, f := range regexp.MustCompile(`\{[a-z_]+\}`).Split(form, -1) {
				f = strings.TrimSpace(strings.Trim(strings.TrimSpace(f), ".,:;()·“”"))
				if strings.IndexFunc(f, func(r rune) bool { return r >= 'A' && r <= 'z' }) >= 0 && len(f) > 1 {
					out = append(out, f)
				}
			}
		}
		return out
	}
	var frags []frag
	for _, k := range en.Keys() {
		if exemptKeys[k] || strings.HasPrefix(k, "js.") {
			continue
		}
		own := strings.Join(fragsOf(loc, k), "\x00")
		for _, f := range fragsOf(en, k) {
			if !strings.Contains(own, f) {
				frags = append(frags, frag{k, f})
			}
		}
	}
	pages := 0
	for name, b := range files {
		if !strings.HasSuffix(name, ".html") || !in(name) {
			continue
		}
		pages++
		// The scripts' messages travel in a JSON block the page's text
		// checks below skip: each must be the language's own.
		if m := stringsRE.FindSubmatch(b); m != nil {
			var msgs map[string]any
			if err := json.Unmarshal(m[1], &msgs); err != nil {
				t.Errorf("%s: #rounds-strings: %v", name, err)
			}
			for k, v := range msgs {
				if strings.HasPrefix(k, "_") {
					continue
				}
				if !loc.Translated(k) {
					t.Errorf("%s: script message %q is left in English", name, k)
				}
				want := any(loc.Forms(k)["other"])
				if f, ok := v.(map[string]any); ok {
					v = f["other"]
				}
				if v != want {
					t.Errorf("%s: script message %q is %q, want %q", name, k, v, want)
				}
			}
		} else if strings.Contains(string(b), "js/rounds.js") {
			t.Errorf("%s: a page with rounds.js carries no #rounds-strings", name)
		}
		page := scriptRE.ReplaceAllString(string(b), "")
		page = englishRE.ReplaceAllString(page, "")
		page = bodyRE.ReplaceAllString(page, "$1")
		page = refsRE.ReplaceAllString(page, "")
		var texts []string
		for _, m := range textRE.FindAllStringSubmatch(page, -1) {
			texts = append(texts, strings.TrimSpace(strings.Trim(strings.TrimSpace(m[1]), ".,:;()·")))
		}
		for _, m := range attrRE.FindAllStringSubmatch(page, -1) {
			texts = append(texts, strings.TrimSpace(m[1]))
		}
		for _, f := range frags {
			long := strings.Count(f.text, " ") >= 2
			for _, x := range texts {
				if x == f.text || long && strings.Contains(x, f.text) {
					t.Errorf("%s: %q of message %q is left in English", name, f.text, f.key)
					break
				}
			}
		}
	}
	return pages
}

// TestShareKitUnits: the length of each post in the share kit ("276/280
// weighted characters") is written in the page's language, its unit word
// in the plural form CLDR gives the number it follows: no English unit on
// the sepsis example's Spanish and Arabic kits.
func TestShareKitUnits(t *testing.T) {
	mem := output.NewMemory()
	if _, err := generator.Build(context.Background(), generator.Options{Site: os.DirFS("../examples/sepsis"), Out: mem,
		Today: sitetest.Today, Preview: true, WholePages: true}); err != nil {
		t.Fatalf("build: %v", err)
	}
	countRE := regexp.MustCompile(`<span class="?count"?>\(([^<]*)\)</span>`)
	english := regexp.MustCompile(`(?i)character|grapheme|weighted|links as`)
	files := mem.Files()
	for _, tc := range []struct{ lang, page, x, bluesky string }{
		{"es", "share/es/sepsis/fluids/index.html", "/280 caracteres ponderados", "/300 grafemas"},
		// CLDR's Arabic rules go by the last two digits: 280 is "many"
		// (the accusative singular, as after 11 to 99), 300 is "other".
		{"ar", "share/ar/sepsis/fluids/index.html", "/280 حرفًا موزونًا", "/300 وحدة كتابية"},
	} {
		b, ok := files[tc.page]
		if !ok {
			t.Errorf("%s: no %s", tc.lang, tc.page)
			continue
		}
		counts := countRE.FindAllStringSubmatch(string(b), -1)
		if len(counts) < 9 {
			t.Errorf("%s: %d post lengths, want one per platform", tc.page, len(counts))
		}
		var all []string
		for _, m := range counts {
			all = append(all, m[1])
			if english.MatchString(m[1]) {
				t.Errorf("%s: post length %q is in English", tc.page, m[1])
			}
		}
		// The platform's kind of post is named in the language too.
		if strings.Contains(string(b), "Instagram caption") || !strings.Contains(string(b), i18n.Builtin(tc.lang).T("share.platform_instagram")) {
			t.Errorf("%s: the Instagram caption's label is not in %s", tc.page, tc.lang)
		}
		joined := strings.Join(all, "\n")
		for _, want := range []string{tc.x, tc.bluesky} {
			if !strings.Contains(joined, want) {
				t.Errorf("%s: no post length ends %q in:\n%s", tc.page, want, joined)
			}
		}
	}
	// English stays as it was.
	if b := string(files["share/sepsis/fluids/index.html"]); !strings.Contains(b, "/280 weighted characters)") || !strings.Contains(b, "/300 graphemes)") {
		t.Error("share/sepsis/fluids/: English post lengths lost their units")
	}
}

// A site's own letters name its choices on the page, escaped: the table
// is the site's, and a letter is text, never markup.
func TestSiteLettersEscaped(t *testing.T) {
	files := sitetest.Parse(accreditedSite)
	files["i18n/en.toml"] = []byte(`"quiz.letters" = "<i> β c d"`)
	files["content/c/m.md"] = bytes.Replace(files["content/c/m.md"], []byte("- [x] yes\n"), []byte("- [x] yes\n- [ ] no\n"), 1)
	b := sitetest.BuildOK(t, files)
	b.AssertFile("c/m/index.html", `<span class="quiz-letter">&lt;i&gt;.</span> yes`, `<span class="quiz-letter">β.</span> no`, `"quiz.letters":"\u003ci\u003e β c d"`)
	if strings.Contains(string(b.Files["c/m/index.html"]), "<i>.") {
		t.Error("a letter of the site's table is written as markup")
	}
}
