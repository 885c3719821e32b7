package output

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPackCacheKeepsWhatTheBuildUsed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache", "code.pack")
	c := NewPackCache(path)
	if _, ok := c.Get("a"); ok {
		t.Fatal("an empty cache had an entry")
	}
	c.Put("a", []byte("alpha"))
	c.Put("b", []byte("beta"))
	c.Put("empty", nil)
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}

	// The next build reads the file, uses a and empty only: Save drops b.
	c = NewPackCache(path)
	if got, ok := c.Get("a"); !ok || string(got) != "alpha" {
		t.Fatalf("Get(a) = %q, %v", got, ok)
	}
	if got, ok := c.Get("empty"); !ok || len(got) != 0 {
		t.Fatalf("Get(empty) = %q, %v", got, ok)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c = NewPackCache(path)
	if _, ok := c.Get("b"); ok {
		t.Error("an entry the last build did not use was kept")
	}
	if got, ok := c.Get("a"); !ok || string(got) != "alpha" {
		t.Errorf("Get(a) after pruning = %q, %v", got, ok)
	}
}

// The same cache serves again after a Save, from the file it wrote, and an
// entry put after Save is kept by the next.
func TestPackCacheServesAfterSave(t *testing.T) {
	path := filepath.Join(t.TempDir(), "code.pack")
	c := NewPackCache(path)
	c.Put("a", []byte("alpha"))
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if got, ok := c.Get("a"); !ok || string(got) != "alpha" {
		t.Fatalf("Get(a) after Save = %q, %v", got, ok)
	}
	c.Put("b", []byte("beta"))
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c = NewPackCache(path)
	for key, want := range map[string]string{"a": "alpha", "b": "beta"} {
		if got, ok := c.Get(key); !ok || string(got) != want {
			t.Errorf("Get(%s) = %q, %v", key, got, ok)
		}
	}
}

// A damaged or foreign file is an empty cache, never an error or a wrong
// entry: the code is highlighted again.
func TestPackCacheIgnoresADamagedFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.pack")
	c := NewPackCache(good)
	c.Put("key", []byte("value"))
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"truncated": b[:len(b)-2],
		"foreign":   []byte("not a pack"),
		"huge":      append([]byte(packMagic), 0xff, 0xff, 0xff, 0xff, 0x0f),
		"long key":  append([]byte(packMagic), 0xff, 0xff, 0x7f),
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if got, ok := NewPackCache(p).Get("key"); ok {
			t.Errorf("%s: Get = %q, want a miss", name, got)
		}
	}
}

func FuzzPackCache(f *testing.F) {
	f.Add([]byte(packMagic + "\x01k\x01v"))
	f.Add([]byte(packMagic + "\x05k"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.pack")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		c := NewPackCache(p)
		c.Get("k")
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
	})
}

// A Save that fails leaves the entries this build used to the next Save,
// which reads them from the file as it is then: an entry no longer there
// is left out, never written empty.
func TestPackCacheSaveAfterAFailedSave(t *testing.T) {
	path := filepath.Join(t.TempDir(), "code.pack")
	c := NewPackCache(path)
	c.Put("a", []byte("alpha"))
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}

	c = NewPackCache(path)
	if _, ok := c.Get("a"); !ok {
		t.Fatal("Get(a) missed")
	}
	c.Put("b", []byte("beta"))
	// A folder in the pack's place makes the rename fail.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(path, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := c.Save(); err == nil {
		t.Fatal("Save over a folder succeeded")
	}

	// Another build writes a pack without a in the meantime.
	if err := os.RemoveAll(path); err != nil {
		t.Fatal(err)
	}
	other := NewPackCache(path)
	other.Put("c", []byte("gamma"))
	if err := other.Save(); err != nil {
		t.Fatal(err)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}

	c = NewPackCache(path)
	if got, ok := c.Get("a"); ok {
		t.Errorf("Get(a) = %q after the pack lost it: an entry was written from nothing", got)
	}
	if got, ok := c.Get("b"); !ok || string(got) != "beta" {
		t.Errorf("Get(b) = %q, %v", got, ok)
	}
}
