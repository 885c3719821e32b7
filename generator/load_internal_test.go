package generator

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rounds-dev/rounds/content"
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
	tr, _ := scan(fsys, nil)
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

// readFile holds every source to content.MaxFileSize, even one that grows
// after its size was taken, and gives back exactly its bytes.
func TestReadFileLimit(t *testing.T) {
	exact := bytes.Repeat([]byte("x"), content.MaxFileSize)
	fsys := fstest.MapFS{
		"small.md": {Data: []byte("abc")},
		"empty.md": {},
		"exact.md": {Data: exact},
		"over.md":  {Data: append(exact, 'y')},
	}
	for _, tc := range []struct {
		name, err string
		size      int
	}{
		{"small.md", "", 3},
		{"empty.md", "", 0},
		{"exact.md", "", content.MaxFileSize},
		{"over.md", "file of 4194305 bytes is over the limit of 4194304 bytes", 0},
		{"missing.md", "file does not exist", 0},
	} {
		b, err := readFile(fsys, tc.name)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: err = %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || len(b) != tc.size || !bytes.Equal(b, fsys[tc.name].Data) {
			t.Errorf("%s: %d bytes, err %v; want %d bytes", tc.name, len(b), err, tc.size)
		}
	}
	// A file whose Stat says 3 bytes but that holds more (written to
	// while read) is still cut off at the limit.
	grown := growingFS{fsys}
	if _, err := readFile(grown, "over.md"); err == nil || !strings.Contains(err.Error(), "over the limit") {
		t.Errorf("grown file: err = %v", err)
	}
	if b, err := readFile(grown, "exact.md"); err != nil || len(b) != content.MaxFileSize {
		t.Errorf("grown file of exactly the limit: %d bytes, err %v", len(b), err)
	}
}

// growingFS serves files whose Stat reports 3 bytes whatever they hold.
type growingFS struct{ fstest.MapFS }

func (g growingFS) Open(name string) (fs.File, error) {
	f, err := g.MapFS.Open(name)
	if err != nil {
		return nil, err
	}
	return smallStat{f}, nil
}

type smallStat struct{ fs.File }

func (s smallStat) Stat() (fs.FileInfo, error) {
	return fstest.MapFS{"f": {Data: []byte("abc")}}.Stat("f")
}
