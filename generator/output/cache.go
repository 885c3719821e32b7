package output

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
)

// DirCache keeps files by content hash in a folder outside the output (a
// site's .rounds/cache/cards/), so an unchanged social card is linked or copied,
// not drawn again. Safe for concurrent use: files are written whole, then
// renamed into place.
type DirCache struct {
	dir   string
	used  sync.Map     // keys this process read or wrote: Trim keeps them
	added atomic.Int64 // entries written by this process
}

// NewDirCache uses dir, made on first write.
func NewDirCache(dir string) *DirCache { return &DirCache{dir: dir} }

func (c *DirCache) path(key string) string {
	if len(key) < 3 {
		return filepath.Join(c.dir, key)
	}
	return filepath.Join(c.dir, key[:2], key)
}

// Get returns the file stored under key.
func (c *DirCache) Get(key string) ([]byte, bool) {
	b, err := os.ReadFile(c.path(key))
	if err == nil {
		c.used.Store(key, true)
	}
	return b, err == nil
}

// File returns the path of the file stored under key, for linking it into
// an output rather than reading it.
func (c *DirCache) File(key string) (string, bool) {
	p := c.path(key)
	info, err := os.Stat(p)
	if err != nil || !info.Mode().IsRegular() {
		return p, false
	}
	// A linked card is the cached file itself: it must be as readable as
	// the rest of a published site (caches of older versions were 0600).
	if info.Mode().Perm() != published {
		if os.Chmod(p, published) != nil {
			return p, false
		}
	}
	c.used.Store(key, true)
	return p, true
}

// published is the mode of every file of a build.
const published = 0o644

// Put stores data under key; a failure only costs a redraw next time.
func (c *DirCache) Put(key string, data []byte) {
	p := c.path(key)
	c.used.Store(key, true)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	if werr == nil {
		werr = tmp.Chmod(published) // CreateTemp makes 0600
	}
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), p) != nil {
		_ = os.Remove(tmp.Name())
		return
	}
	c.added.Add(1)
}

// Trim bounds the cache once a build is done with it: every entry this
// process used is kept, and of the others, the most recently written are
// kept while they take at most spare bytes (a branch switched back to
// redraws little); the rest are removed. A build that added nothing
// leaves the cache as it is, without reading the folder. It reports the
// number of entries removed.
func (c *DirCache) Trim(spare int64) (int, error) {
	if c.added.Load() == 0 {
		return 0, nil
	}
	type entry struct {
		path  string
		size  int64
		mtime int64
	}
	var unused []entry
	subs, err := os.ReadDir(c.dir)
	if err != nil {
		return 0, err
	}
	for _, sub := range subs {
		if !sub.IsDir() {
			continue
		}
		files, err := os.ReadDir(filepath.Join(c.dir, sub.Name()))
		if err != nil {
			return 0, err
		}
		for _, f := range files {
			if _, ok := c.used.Load(f.Name()); ok || !f.Type().IsRegular() {
				continue
			}
			info, err := f.Info()
			if err != nil {
				continue // removed meanwhile
			}
			unused = append(unused, entry{filepath.Join(c.dir, sub.Name(), f.Name()), info.Size(), info.ModTime().UnixNano()})
		}
	}
	slices.SortFunc(unused, func(a, b entry) int { return cmp.Compare(b.mtime, a.mtime) }) // newest first
	removed := 0
	for _, e := range unused {
		if spare -= e.size; spare >= 0 {
			continue
		}
		if err := os.Remove(e.path); err != nil && !os.IsNotExist(err) {
			return removed, err
		}
		removed++
	}
	return removed, nil
}
