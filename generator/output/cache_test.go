package output_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/rounds-dev/rounds/generator/output"
)

// Trim keeps what the build used and, of the rest, the newest entries
// within the spare bytes; a build that added nothing removes nothing.
func TestDirCacheTrim(t *testing.T) {
	dir := t.TempDir()
	old := output.NewDirCache(dir)
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, key := range []string{"aa1", "aa2", "bb3", "bb4", "cc5"} {
		old.Put(key, make([]byte, 100))
		p := filepath.Join(dir, key[:2], key)
		if err := os.Chtimes(p, day, day.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	keys := func() []string {
		var out []string
		matches, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
		for _, m := range matches {
			out = append(out, filepath.Base(m))
		}
		slices.Sort(out)
		return out
	}

	c := output.NewDirCache(dir)
	if _, ok := c.Get("aa1"); !ok { // the oldest, used by this build
		t.Fatal("aa1 is not cached")
	}
	if n, err := c.Trim(0); n != 0 || err != nil {
		t.Fatalf("a build that added nothing removed %d entries (%v)", n, err)
	}
	c.Put("dd6", make([]byte, 100))
	// Unused: cc5 (newest), bb4, bb3, aa2. 250 spare bytes keep two.
	n, err := c.Trim(250)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := keys(), []string{"aa1", "bb4", "cc5", "dd6"}; n != 2 || !slices.Equal(got, want) {
		t.Errorf("removed %d, kept %v; want 2 removed, %v kept", n, got, want)
	}
	if _, err := c.Trim(0); err != nil {
		t.Fatal(err)
	}
	if got, want := keys(), []string{"aa1", "dd6"}; !slices.Equal(got, want) {
		t.Errorf("with no spare room kept %v, want %v", got, want)
	}
}
