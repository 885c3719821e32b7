//go:build unix

package output

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// testRecord is the build record the tests' builds write.
const testRecord = `{"baseURL":"https://example.org/"}`

// build writes files into a Disk for dest with the given spare and
// commits; like every build, it writes a build record (which tree leaves
// out).
func build(t *testing.T, dest, spare string, files map[string]string, links map[string]string) {
	t.Helper()
	d, err := NewDisk(context.Background(), dest, DiskOptions{Spare: spare})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile(RecordName, []byte(testRecord)); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := d.WriteFile(name, []byte(text)); err != nil {
			t.Fatalf("WriteFile(%s): %v", name, err)
		}
	}
	for name, src := range links {
		if err := d.Link(name, src); err != nil {
			t.Fatalf("Link(%s): %v", name, err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
}

// tree reads every file under dir, by slash-separated name, but the build
// record at its root; a symbolic link reads as "-> target".
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == RecordName {
			return nil
		}
		if info.Mode()&os.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			out[filepath.ToSlash(rel)] = "-> " + target
			return nil
		}
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameTree(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for name, text := range want {
		if got[name] != text {
			t.Errorf("%s: %s = %q, want %q", what, name, got[name], text)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: %s is left over", what, name)
		}
	}
}

// A build that starts from the spare publishes exactly what it wrote:
// unchanged files are left as they were, changed ones rewritten, the rest
// removed, and a file may become a folder or a folder a file.
func TestDiskRecyclesTheSpare(t *testing.T) {
	root := t.TempDir()
	dest, spare := filepath.Join(root, "public"), filepath.Join(root, "cache", "output")
	first := map[string]string{"index.html": "home", "a/index.html": "a", "b/index.html": "b", "c": "a file", "d/e/f.txt": "deep"}
	build(t, dest, spare, first, nil)
	if _, err := os.Stat(spare); !os.IsNotExist(err) {
		t.Fatalf("a first build made a spare: %v", err)
	}
	second := map[string]string{"index.html": "home", "a/index.html": "a, edited", "c": "a file", "new.txt": "new"}
	build(t, dest, spare, second, nil)
	sameTree(t, "second build", tree(t, dest), second)
	sameTree(t, "spare after the second build", tree(t, spare), first)

	// The third build starts from the first's output.
	old, err := os.Stat(filepath.Join(spare, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	past := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := os.Chtimes(filepath.Join(spare, "index.html"), past, past); err != nil {
		t.Fatal(err)
	}
	third := map[string]string{"index.html": "home", "a/index.html": "a, edited again", "c/index.html": "c is a folder now", "d": "d is a file now"}
	build(t, dest, spare, third, nil)
	sameTree(t, "third build", tree(t, dest), third)
	sameTree(t, "spare after the third build", tree(t, spare), second)
	now, err := os.Stat(filepath.Join(dest, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(old, now) || !now.ModTime().Equal(past) {
		t.Errorf("an unchanged file was written again (same file %v, modified %v)", os.SameFile(old, now), now.ModTime())
	}
	if info, err := os.Stat(dest); err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("published folder: %v, %v", info, err)
	}
}

// A card linked to the cache stays linked when it is unchanged; a card
// written over a hard link never writes into the cached file.
func TestDiskRecycledLinks(t *testing.T) {
	root := t.TempDir()
	dest, spare := filepath.Join(root, "public"), filepath.Join(root, "cache", "output")
	cached := filepath.Join(root, "cache", "cards", "x.png")
	other := filepath.Join(root, "cache", "cards", "y.png")
	for p, text := range map[string]string{cached: "card x", other: "card y"} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{"cards/a.png": cached, "cards/b.png": cached}
	build(t, dest, spare, nil, links)
	build(t, dest, spare, nil, links) // the first output is now the spare

	// Recycled: a is unchanged, b is now drawn (written, not linked), and
	// c is linked to another card.
	d, err := NewDisk(context.Background(), dest, DiskOptions{Spare: spare})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Link("cards/a.png", cached); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("cards/b.png", []byte("drawn b")); err != nil {
		t.Fatal(err)
	}
	if err := d.Link("cards/c.png", other); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	sameTree(t, "output", tree(t, dest), map[string]string{"cards/a.png": "card x", "cards/b.png": "drawn b", "cards/c.png": "card y"})
	if b, _ := os.ReadFile(cached); string(b) != "card x" {
		t.Errorf("the cached card was written through a hard link: %q", b)
	}
	a, _ := os.Stat(filepath.Join(dest, "cards", "a.png"))
	c, _ := os.Stat(cached)
	if !os.SameFile(a, c) {
		t.Error("an unchanged card is no longer the cached file")
	}
}

// A symbolic link in the spare is replaced, never followed: nothing
// outside the output is written.
func TestDiskRecycledSymlinksAreNotFollowed(t *testing.T) {
	root := t.TempDir()
	dest, spare := filepath.Join(root, "public"), filepath.Join(root, "cache", "output")
	outside := filepath.Join(root, "outside")
	if err := os.MkdirAll(filepath.Join(outside, "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "file"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(spare, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "file"), filepath.Join(spare, "page.html")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "dir"), filepath.Join(spare, "sub")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "file"), filepath.Join(spare, "stray")); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"page.html": "page", "sub/index.html": "sub"}
	build(t, dest, spare, files, nil)
	sameTree(t, "output", tree(t, dest), files)
	sameTree(t, "outside", tree(t, outside), map[string]string{"file": "keep"})
}

// A refused build leaves the destination as it was and keeps its staging
// folder as the spare (when it holds a build record).
func TestDiskAbortKeepsTheSpare(t *testing.T) {
	root := t.TempDir()
	dest, spare := filepath.Join(root, "public"), filepath.Join(root, "cache", "output")
	build(t, dest, spare, map[string]string{"index.html": "v1"}, nil)
	d, err := NewDisk(context.Background(), dest, DiskOptions{Spare: spare})
	if err != nil {
		t.Fatal(err)
	}
	_ = d.WriteFile("index.html", []byte("v2"))
	_ = d.WriteFile(RecordName, []byte(testRecord))
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	sameTree(t, "destination", tree(t, dest), map[string]string{"index.html": "v1"})
	sameTree(t, "spare", tree(t, spare), map[string]string{"index.html": "v2"})
	entries, _ := os.ReadDir(root)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, "staging") }) {
		t.Errorf("a staging folder was left: %v", names)
	}
}

// A spare at or inside the destination is not used: the live output is
// never taken apart.
func TestDiskSpareInsideTheDestinationIsIgnored(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	build(t, dest, "", map[string]string{"index.html": "v1"}, nil)
	for _, spare := range []string{dest, filepath.Join(dest, "spare"), root} {
		d, err := NewDisk(context.Background(), dest, DiskOptions{Spare: spare})
		if err != nil {
			t.Fatal(err)
		}
		if d.recycled {
			t.Errorf("spare %s: the destination was taken as the spare", spare)
		}
		sameTree(t, "destination during a build", tree(t, dest), map[string]string{"index.html": "v1"})
		_ = os.RemoveAll(d.Staging())
	}
}
