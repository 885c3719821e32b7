package generator

import (
	"os"
	"path/filepath"
	"testing"
)

// sameFiles lets the dev server skip the walk of the tree only when every
// change is an edit of a file it already knows, still a plain file.
func TestSameFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(p string) {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/c/a.md")
	write("content/c/b.md")
	write("static/site.css")
	fsys := os.DirFS(dir)
	tr, _ := scan(fsys)
	write("content/c/new.md")
	if err := os.Remove(filepath.Join(dir, "content/c/b.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "content/c/link.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "static/site.css")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/hostname", filepath.Join(dir, "static/site.css")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		changed []string
		same    bool
	}{
		{[]string{"content/c/a.md"}, true},
		{[]string{"rounds.toml", "layouts/module.html", "people.toml"}, true},
		{[]string{"content/c/.a.md.swp", "content/c/a.md~", "content/.git/index"}, true},
		{[]string{"content/c/a.md", "content/c/new.md"}, false}, // created
		{[]string{"content/c/b.md"}, false},                     // removed
		{[]string{"content/c/link.md"}, false},                  // a new link
		{[]string{"static/site.css"}, false},                    // replaced by a link
		{[]string{"content/c"}, false},                          // a folder
		{[]string{"content/d/x.md"}, false},                     // a new folder's file
	} {
		changed := map[string]bool{}
		for _, p := range c.changed {
			changed[p] = true
		}
		if got := sameFiles(fsys, tr, changed); got != c.same {
			t.Errorf("sameFiles(%v) = %v, want %v", c.changed, got, c.same)
		}
	}
}
