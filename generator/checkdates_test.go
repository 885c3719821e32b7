package generator_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator"
)

// CheckDates, which the check of a backdated build on the clock's date
// runs, gives the whole gate's verdict on that date for every module the
// gate passed on the build's date: the same state and the same errors,
// on every example, every 45 days across the life of their sign-offs.
func TestCheckDatesIsCheck(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"sepsis", "handbook"} {
		site, l := generator.Load(ctx, os.DirFS(filepath.Join("..", "examples", name)), generator.LoadOptions{})
		if site == nil || l.HasErrors() {
			t.Fatalf("%s: %v", name, l)
		}
		built := content.ParseDate("2026-11-22")
		c := generator.Check(ctx, site, built, 0)
		checked, differed := 0, 0
		for day := built; day.Before(content.ParseDate("2030-06-01")); day = day.AddDays(45) {
			gate := c.Gate(day)
			for _, v := range c.Verdicts {
				if v == nil || !v.Publishable() {
					continue
				}
				want, got := gate.Check(v.Module), gate.CheckDates(v)
				checked++
				if want.State != v.State {
					differed++
				}
				if got.State != want.State || got.Publishable() != want.Publishable() || !slices.Equal(errorsOf(got.Diags), errorsOf(want.Diags)) {
					t.Errorf("%s %s on %s: CheckDates %s %q, Check %s %q", name, v.Module.Path, day, got.State, errorsOf(got.Diags), want.State, errorsOf(want.Diags))
				}
			}
		}
		// The dates reach verdicts other than the build day's: expiring,
		// expired, sign-offs grown old.
		if checked == 0 || differed == 0 {
			t.Errorf("%s: %d verdicts compared, %d differing from the build day's: the test reaches no date rule", name, checked, differed)
		}
	}
}

func errorsOf(l diag.List) []string {
	var out []string
	for _, d := range l {
		if d.Severity == diag.Error {
			out = append(out, d.String())
		}
	}
	return out
}
