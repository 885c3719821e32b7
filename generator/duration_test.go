package generator_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/internal/sitetest"
)

// A module's duration reaches JSON-LD as a valid ISO 8601 duration and the
// page in words, whichever way it was written; one that is not a duration
// ("4 minutes", which wrote "PT4 MINUTES") refuses the build at its line.
func TestDurationOnThePage(t *testing.T) {
	for written, want := range map[string][2]string{
		`"6m"`:   {`"courseWorkload":"PT6M"`, "6 minutes"},
		`"6min"`: {`"courseWorkload":"PT6M"`, "6 minutes"},
		`"1h"`:   {`"courseWorkload":"PT1H"`, "1 hour"},
		`"2d"`:   {`"courseWorkload":"P2D"`, "2 days"},
	} {
		files := sitetest.Parse(openSite)
		files["content/cardio/afib.md"] = bytes.Replace(files["content/cardio/afib.md"], []byte(`duration = "6min"`), []byte("duration = "+written), 1)
		b := sitetest.BuildOK(t, files)
		b.AssertFile("cardio/afib/index.html", want[0], want[1])
	}

	files := sitetest.Parse(openSite)
	files["content/cardio/afib.md"] = bytes.Replace(files["content/cardio/afib.md"], []byte(`duration = "6min"`), []byte(`duration = "4 minutes"`), 1)
	b := sitetest.Build(t, files)
	want := `content/cardio/afib.md:7:1: error: type: duration: "4 minutes" is not a duration like "30min", "6h", "90d", "6mo" or "3y"`
	if b.Err == nil || !strings.Contains(b.Diags(), want) || len(b.Files) > 0 {
		t.Errorf("err %v, %d files; want %q in\n%s", b.Err, len(b.Files), want, b.Diags())
	}
}
