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
// indexed once when first asked and written again by Save with only the
// entries this build used, so it never grows past what the site holds.
// One file instead of one per entry: ten thousand blocks are indexed in
// one read. An entry is read from the file when asked for, not held: the
// pack of a large site is tens of megabytes. Safe for concurrent use. A
// missing or damaged file is an empty cache: the entries are computed
// again.
type PackCache struct {
	path    string
	mu      sync.Mutex
	loaded  bool
	file    *os.File          // the pack indexed, open until Save
	old     map[string]span   // where each entry is in file
	used    map[string]bool   // entries of file asked for by this build
	put     map[string][]byte // entries put by this build
	changed bool              // something was put
}

// span is where an entry's data is in the pack file.
type span struct{ off, n int64 }

// packMagic starts a pack file; a file without it is ignored.
const packMagic = "rounds pack 1\n"

// NewPackCache uses the file at path, made by the first Save.
func NewPackCache(path string) *PackCache {
	return &PackCache{path: path, used: map[string]bool{}, put: map[string][]byte{}}
}

// index reads the keys of the file and where their entries are. The
// caller holds c.mu.
func (c *PackCache) index() {
	if c.loaded {
		return
	}
	c.loaded, c.old = true, map[string]span{}
	f, err := os.Open(c.path)
	if err != nil {
		return
	}
	entries, ok := packIndex(bufio.NewReaderSize(f, 64<<10))
	if !ok {
		f.Close()
		return
	}
	c.file, c.old = f, entries
}

// packIndex reads a pack's keys, skipping its data; ok is false for a
// file that is not a whole pack.
func packIndex(r *bufio.Reader) (map[string]span, bool) {
	magic := make([]byte, len(packMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != packMagic {
		return nil, false
	}
	entries := map[string]span{}
	off := int64(len(packMagic))
	field := func() (int64, bool) {
		n, err := binary.ReadUvarint(r)
		if err != nil || n > 1<<32 {
			return 0, false
		}
		off += int64(uvarintLen(n))
		return int64(n), true
	}
	for {
		if _, err := r.Peek(1); err == io.EOF {
			return entries, true
		}
		kn, ok := field()
		if !ok || kn > 1<<12 { // keys are hashes: a longer one is damage
			return nil, false
		}
		key := make([]byte, kn)
		if _, err := io.ReadFull(r, key); err != nil {
			return nil, false
		}
		off += kn
		dn, ok := field()
		if !ok {
			return nil, false
		}
		if d, err := r.Discard(int(dn)); err != nil || int64(d) != dn {
			return nil, false
		}
		entries[string(key)] = span{off, dn}
		off += dn
	}
}

func uvarintLen(n uint64) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], n)
}

// readEntry reads an entry of the file; ok is false when the file no
// longer holds it whole. The caller holds c.mu.
func (c *PackCache) readEntry(sp span) ([]byte, bool) {
	data := make([]byte, sp.n)
	if _, err := c.file.ReadAt(data, sp.off); err != nil {
		return nil, false
	}
	return data, true
}

// Get returns the entry stored under key.
func (c *PackCache) Get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.index()
	if data, ok := c.put[key]; ok {
		return data, true
	}
	sp, ok := c.old[key]
	if !ok {
		return nil, false
	}
	data, ok := c.readEntry(sp)
	if ok {
		c.used[key] = true
	}
	return data, ok
}

// Put stores data under key.
func (c *PackCache) Put(key string, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.index()
	c.put[key] = bytes.Clone(data)
	c.changed = true
}

// Save writes the entries this build used, sorted by key, whole (a temp
// file renamed into place). It writes nothing when the file already holds
// exactly those entries.
func (c *PackCache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.index()
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
	keys := slices.Collect(maps.Keys(c.put))
	for k := range c.used {
		if _, ok := c.put[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, key := range keys {
		data, ok := c.put[key]
		if !ok {
			sp, held := c.old[key]
			if data, ok = c.readEntry(sp); !held || !ok {
				continue // the file changed under us: leave the entry out
			}
		}
		_, _ = w.Write(n[:binary.PutUvarint(n[:], uint64(len(key)))])
		_, _ = w.WriteString(key)
		_, _ = w.Write(n[:binary.PutUvarint(n[:], uint64(len(data)))])
		_, _ = w.Write(data)
	}
	err = w.Flush()
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	// Closed before the rename, which some systems refuse over an open
	// file; the next Get indexes the file just written.
	if c.file != nil {
		c.file.Close()
	}
	c.loaded, c.file, c.old = false, nil, nil
	if err == nil {
		err = os.Rename(tmp.Name(), c.path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	c.changed = false
	c.used, c.put = map[string]bool{}, map[string][]byte{}
	return nil
}
