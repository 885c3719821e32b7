package output

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiskCommitReplacesWhole(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dest, "stale.html"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := NewDisk(context.Background(), dest, DiskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("a/index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("a/index.html", []byte("again")); err == nil || !strings.Contains(err.Error(), "written twice") {
		t.Fatalf("second write of a name: %v, want written twice", err)
	}
	if _, err := os.Stat(filepath.Join(dest, "a")); err == nil {
		t.Fatal("the destination changed before Commit")
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "stale.html")); err == nil {
		t.Fatal("a file of the earlier build survived")
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "a", "index.html")); string(b) != "new" {
		t.Fatalf("a/index.html = %q", b)
	}
}

// A cached card is linked, not copied: the output file is the cache's
// file, and removing the build leaves the cache whole.
func TestDiskLinkSharesTheCachedFile(t *testing.T) {
	root := t.TempDir()
	cache := NewDirCache(filepath.Join(root, "cache"))
	cache.Put("abcdef", []byte("png bytes"))
	src, ok := cache.File("abcdef")
	if !ok {
		t.Fatal("File: the entry just put is missing")
	}
	if _, ok := cache.File("missing"); ok {
		t.Fatal("File: a missing entry was found")
	}
	// A cache written by an older version (0600) is made readable.
	cache.Put("old000", []byte("old"))
	oldPath, _ := cache.File("old000")
	if err := os.Chmod(oldPath, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := cache.File("old000"); !ok {
		t.Fatal("File: an 0600 entry was refused")
	}
	if info, _ := os.Stat(oldPath); info.Mode().Perm() != 0o644 {
		t.Errorf("an 0600 cache file stayed %v", info.Mode().Perm())
	}
	dest := filepath.Join(root, "public")
	d, err := NewDisk(context.Background(), dest, DiskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Link("cards/m.png", src); err != nil {
		t.Fatal(err)
	}
	if err := d.Link("cards/m.png", src); err == nil {
		t.Fatal("linking a name twice was allowed")
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dest, "cards", "m.png")
	a, err1 := os.Stat(out)
	b, err2 := os.Stat(src)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !os.SameFile(a, b) {
		t.Error("the card was copied, not linked")
	}
	if a.Mode().Perm() != 0o644 {
		t.Errorf("a linked card has mode %v; a web server running as another user could not read it", a.Mode().Perm())
	}
	if err := os.RemoveAll(dest); err != nil {
		t.Fatal(err)
	}
	if got, ok := cache.Get("abcdef"); !ok || string(got) != "png bytes" {
		t.Fatalf("the cache lost its entry with the build: %q %v", got, ok)
	}
}

// When links fail (another device), Link copies, and keeps copying.
func TestDiskLinkFallsBackToCopy(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "card.png")
	if err := os.WriteFile(src, []byte("png"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := NewDisk(context.Background(), filepath.Join(root, "public"), DiskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d.noLinks.Store(true)
	if err := d.Link("c.png", src); err != nil {
		t.Fatal(err)
	}
	a, _ := os.Stat(filepath.Join(d.Staging(), "c.png"))
	b, _ := os.Stat(src)
	if a == nil || os.SameFile(a, b) {
		t.Fatal("want a copy")
	}
	if err := d.Link("missing.png", filepath.Join(root, "nope")); err == nil {
		t.Fatal("linking a missing file succeeded")
	}
	_ = d.Abort()
}

// A file linked into a Memory is read from its source when asked for and
// is listed like any other; writing or removing the name drops the link.
func TestMemoryLinkReadsTheSource(t *testing.T) {
	src := filepath.Join(t.TempDir(), "card.png")
	if err := os.WriteFile(src, []byte("png bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := NewMemory()
	if err := m.Link("cards/a.png", src); err != nil {
		t.Fatal(err)
	}
	if err := m.Link("../a.png", src); err == nil {
		t.Error("Link accepted a name outside the output")
	}
	if got, ok := m.Get("cards/a.png"); !ok || string(got) != "png bytes" {
		t.Errorf("Get = %q, %v", got, ok)
	}
	if got := m.Files()["cards/a.png"]; string(got) != "png bytes" {
		t.Errorf("Files()[cards/a.png] = %q", got)
	}
	if err := m.WriteFile("cards/a.png", []byte("drawn")); err != nil {
		t.Fatal(err)
	}
	if got, _ := m.Get("cards/a.png"); string(got) != "drawn" {
		t.Errorf("after WriteFile, Get = %q", got)
	}
	_ = m.Link("cards/b.png", src)
	m.Remove("cards/b.png")
	if _, ok := m.Get("cards/b.png"); ok {
		t.Error("a removed link is still there")
	}
	if names := m.Names(); strings.Join(names, ",") != "cards/a.png" {
		t.Errorf("Names = %v", names)
	}
	// A source that went away is a missing file, not an empty one.
	_ = m.Link("cards/c.png", filepath.Join(t.TempDir(), "gone.png"))
	if _, ok := m.Get("cards/c.png"); ok {
		t.Error("Get found a link whose source is gone")
	}
}
