package content_test

import (
	"testing"

	"github.com/rounds-dev/rounds/content"
)

func TestTranslationOf(t *testing.T) {
	langs := []string{"en", "es", "pt-BR"}
	for _, tc := range []struct{ p, source, lang string }{
		{"content/c/fluids.es.md", "content/c/fluids.md", "es"},
		{"content/c/m/index.pt-BR.md", "content/c/m/index.md", "pt-BR"},
		{"content/c/fluids.en.md", "", ""}, // the default language is no translation
		{"content/c/fluids.fr.md", "", ""}, // not a language of the site
		{"content/c/fluids.md", "", ""},
		{"content/c/.es.md", "", ""},
		{"content/c/v2.0.md", "", ""},
	} {
		s, l := content.TranslationOf(tc.p, langs, "en")
		if s != tc.source || l != tc.lang {
			t.Errorf("TranslationOf(%q) = %q, %q; want %q, %q", tc.p, s, l, tc.source, tc.lang)
		}
	}
}

func TestWithSourceDigest(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"toml added", "+++\ntitle = \"T\"\n[credit]\nhours = 1\n+++\nBody\n", "+++\nsource_digest = \"D\"\ntitle = \"T\"\n[credit]\nhours = 1\n+++\nBody\n"},
		{"toml replaced", "+++\ntitle = \"T\"\nsource_digest = \"old\"\n+++\nBody\n", "+++\ntitle = \"T\"\nsource_digest = \"D\"\n+++\nBody\n"},
		{"crlf", "+++\r\ntitle = \"T\"\r\n+++\r\nBody\r\n", "+++\r\nsource_digest = \"D\"\r\ntitle = \"T\"\r\n+++\r\nBody\r\n"},
		{"yaml added", "---\ntitle: T\n---\nBody\n", "---\nsource_digest: \"D\"\ntitle: T\n---\nBody\n"},
		{"yaml replaced", "---\ntitle: T\nsource_digest: old\n---\nBody\n", "---\ntitle: T\nsource_digest: \"D\"\n---\nBody\n"},
	} {
		got, err := content.WithSourceDigest("m.es.md", []byte(tc.in), "D")
		if err != nil || string(got) != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
	if _, err := content.WithSourceDigest("m.es.md", []byte("no front matter"), "D"); err == nil {
		t.Error("a file without front matter: no error")
	}
}

// FuzzTranslationOf: any file name gives a translation only of a listed
// language other than the default, whose source is the name without it.
func FuzzTranslationOf(f *testing.F) {
	for _, s := range []string{"content/c/fluids.es.md", "content/x/index.ar.md", "a.md", "..md", ".es.md"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		src, lang := content.TranslationOf(p, []string{"en", "es", "ar"}, "en")
		if lang == "" {
			if src != "" {
				t.Fatalf("%q: source %q without a language", p, src)
			}
			return
		}
		if lang == "en" || src+"" == p || src[:len(src)-3]+"."+lang+".md" != p {
			t.Fatalf("%q: %q, %q", p, src, lang)
		}
	})
}
