package generator_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// TestSiteFixtures builds each site of testdata/sites. Its header says
// what the build must print: a "want:" line is the first line of one
// diagnostic, exactly; every error the build prints must be wanted, and a
// site with a wanted error is refused with nothing written. "now:" sets
// the date (sitetest.Today otherwise).
func TestSiteFixtures(t *testing.T) {
	names, _ := filepath.Glob("testdata/sites/*.txtar")
	if len(names) == 0 {
		t.Fatal("no fixtures")
	}
	for _, name := range names {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			wants, today := fixtureHeader(string(src))
			mem := output.NewMemory()
			res, err := generator.Build(t.Context(), generator.Options{Site: sitetest.FS(sitetest.Parse(string(src))), Out: mem, Today: today})
			got := map[string]bool{}
			var errs []string
			for _, d := range res.Diags {
				got[d.String()] = true
				if d.Severity == diag.Error {
					errs = append(errs, d.String())
				}
			}
			refused := false
			for _, w := range wants {
				if !got[w] {
					t.Errorf("missing: %s", w)
				}
				refused = refused || strings.Contains(w, ": error: ")
			}
			for _, e := range errs {
				if !contains(wants, e) {
					t.Errorf("not wanted: %s", e)
				}
			}
			switch {
			case refused && !errors.Is(err, generator.ErrRefused):
				t.Errorf("err = %v, want ErrRefused", err)
			case !refused && err != nil:
				t.Errorf("err = %v", err)
			}
			if t.Failed() {
				var b strings.Builder
				res.Diags.Print(&b)
				t.Log("\n" + b.String())
			}
		})
	}
}

// fixtureHeader reads the want: and now: lines before a fixture's files.
func fixtureHeader(src string) (wants []string, today content.Date) {
	today = sitetest.Today
	for _, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(line, "-- ") {
			break
		}
		if w, ok := strings.CutPrefix(line, "want: "); ok {
			wants = append(wants, w)
		}
		if d, ok := strings.CutPrefix(line, "now: "); ok {
			today = content.ParseDate(strings.TrimSpace(d))
		}
	}
	return wants, today
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
