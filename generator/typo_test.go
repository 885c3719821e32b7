package generator_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/internal/sitetest"
)

// A misspelt key in people.toml or rounds.toml is one error, not also
// every author missing or the site without its title (issue 19).
func TestATypoIsOneError(t *testing.T) {
	for name, edit := range map[string]func(map[string][]byte){
		"role for roles": func(f map[string][]byte) {
			f["people.toml"] = append(f["people.toml"], []byte("role = [\"medical\"]\n")...)
		},
		"[polcy] for [policy]": func(f map[string][]byte) {
			f["rounds.toml"] = bytes.Replace(f["rounds.toml"], []byte("[policy]"), []byte("[polcy]"), 1)
		},
		"titel for title": func(f map[string][]byte) {
			f["rounds.toml"] = bytes.Replace(f["rounds.toml"], []byte("title   ="), []byte("titel   ="), 1)
		},
	} {
		files := sitetest.Parse(openSite)
		edit(files)
		b := sitetest.Build(t, files)
		out := b.Diags()
		if n := strings.Count(out, ": error: "); n != 1 || !strings.Contains(out, "error: unknown-key:") || !strings.Contains(out, "did you mean") || len(b.Files) > 0 {
			t.Errorf("%s: %d errors, %d files written:\n%s", name, n, len(b.Files), out)
		}
	}
}
