package output

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// PackCache keeps many small entries (highlighted code blocks) in one file,
// read once when first asked and written again by Save with only the
// entries this build used, so it never grows past what the site holds.
// One file instead of one per entry: ten thousand blocks are read in one
// go. Safe for concurrent use. A missing or damaged file is an empty
// cache: the entries are computed again.
type PackCache struct {
	path    string
	load    sync.Once
	mu      sync.Mutex
	old     map[string][]byte // read from the file
	used    map[string][]byte // asked for or put by this build
	changed bool              // something was put
}

// packMagic starts a pack file; a file without it is ignored.
const packMagic = "rounds pack 1\n"

// NewPackCache uses the file at path, made by the first Save.
func NewPackCache(path string) *PackCache {
	return &PackCache{path: path, used: map[string][]byte{}}
}

func (c *PackCache) read() {
	c.old = map[string][]byte{}
	b, err := os.ReadFile(c.path)
	if err != nil || !bytes.HasPrefix(b, []byte(packMagic)) {
		return
	}
	b = b[len(packMagic):]
	entries := map[string][]byte{}
	for len(b) > 0 {
		key, rest, ok := packField(b)
		if !ok {
			return
		}
		data, rest, ok := packField(rest)
		if !ok {
			return
		}
		entries[string(key)] = data[:len(data):len(data)]
		b = rest
	}
	c.old = entries
}

// packField reads one length-prefixed field.
func packField(b []byte) (field, rest []byte, ok bool) {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)-w) {
		return nil, nil, false
	}
	return b[w : w+int(n)], b[w+int(n):], true
}

// Get returns the entry stored under key.
func (c *PackCache) Get(key string) ([]byte, bool) {
	c.load.Do(c.read)
	c.mu.Lock()
	defer c.mu.Unlock()
	if data, ok := c.used[key]; ok {
		return data, true
	}
	data, ok := c.old[key]
	if ok {
		c.used[key] = data
	}
	return data, ok
}

// Put stores data under key.
func (c *PackCache) Put(key string, data []byte) {
	c.load.Do(c.read)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.used[key] = bytes.Clone(data)
	c.changed = true
}

// Save writes the entries this build used, sorted by key, whole (a temp
// file renamed into place). It writes nothing when the file already holds
// exactly those entries.
func (c *PackCache) Save() error {
	c.load.Do(c.read)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.changed && len(c.used) == len(c.old) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.path), ".pack-")
	if err != nil {
		return err
	}
	w := bufio.NewWriter(tmp)
	_, _ = io.WriteString(w, packMagic)
	var n [binary.MaxVarintLen64]byte
	for _, key := range slices.Sorted(maps.Keys(c.used)) {
		data := c.used[key]
		_, _ = w.Write(n[:binary.PutUvarint(n[:], uint64(len(key)))])
		_, _ = w.WriteString(key)
		_, _ = w.Write(n[:binary.PutUvarint(n[:], uint64(len(data)))])
		_, _ = w.Write(data)
	}
	err = w.Flush()
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), c.path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	c.old, c.changed = c.used, false
	c.used = map[string][]byte{}
	return nil
}
