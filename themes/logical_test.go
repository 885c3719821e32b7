package themes

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// physicalRE finds a CSS property tied to the left or the right of the
// screen, which a right-to-left page would not mirror.
var physicalRE = regexp.MustCompile(`(?:margin|padding|border)-(?:left|right)\b|(?:^|[;{\s])(?:left|right)\s*:|(?:float|clear|text-align)\s*:\s*(?:left|right)\b`)

// TestLogicalCSS: the default theme is written with logical properties
// (margin-inline-start, inset-inline-start, ...), so that Arabic and Hebrew
// pages mirror (issue 23).
func TestLogicalCSS(t *testing.T) {
	names, err := fs.Glob(Default(), "static/css/*.css")
	if err != nil || len(names) == 0 {
		t.Fatalf("no CSS: %v", err)
	}
	for _, name := range names {
		b, err := fs.ReadFile(Default(), name)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if m := physicalRE.FindString(line); m != "" {
				t.Errorf("%s:%d: %q is a physical property: write its logical form (inline-start, inline-end)", name, i+1, strings.TrimSpace(m))
			}
		}
	}
}
