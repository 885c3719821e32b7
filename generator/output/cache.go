package output

import (
	"os"
	"path/filepath"
)

// DirCache keeps files by content hash in a folder outside the output (a
// site's .rounds/cache/cards/), so an unchanged social card is linked or copied,
// not drawn again. Safe for concurrent use: files are written whole, then
// renamed into place.
type DirCache struct {
	dir string
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
	return p, true
}

// published is the mode of every file of a build.
const published = 0o644

// Put stores data under key; a failure only costs a redraw next time.
func (c *DirCache) Put(key string, data []byte) {
	p := c.path(key)
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
	}
}
