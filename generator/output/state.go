package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// StateDir is a build's persistent state across processes (a site's
// .rounds/cache/build/): one state file, written whole by the generator
// at the end of a build that succeeded, and a store of the files that
// build wrote, by the SHA-256 of their bytes, which the next build links
// into its output instead of rendering them again.
//
// Nothing in it is trusted beyond what it can prove: the state file
// carries a magic line, the salt of the rounds binary that wrote it (its
// version and the hash of its executable) and a SHA-256 of its payload,
// so a missing, truncated, corrupted or foreign file reads as no state,
// with the reason; a stored file is used only when its size and
// modification time are those recorded when it was stored (a file
// edited in place through a hard link of an output is not used again).
// Safe for concurrent use.
type StateDir struct {
	dir  string
	salt string
	mu   sync.Mutex
	used map[string]bool // blobs linked or stored by this build
}

// NewStateDir uses dir, made on first write. salt names the program that
// reads and writes it: a state written under another salt is foreign.
func NewStateDir(dir, salt string) *StateDir {
	return &StateDir{dir: dir, salt: salt, used: map[string]bool{}}
}

// stateMagic starts a state file.
const stateMagic = "rounds build state 1\n"

func (d *StateDir) statePath() string { return filepath.Join(d.dir, "state") }

func (d *StateDir) blobPath(sum string) string {
	if len(sum) < 3 {
		return filepath.Join(d.dir, "files", sum)
	}
	return filepath.Join(d.dir, "files", sum[:2], sum)
}

// Read returns the payload of the state file. When it cannot be used,
// data is nil and why says, in a few words, why not ("" when there is
// simply none yet).
func (d *StateDir) Read() (data []byte, why string) {
	b, err := os.ReadFile(d.statePath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "no build cache yet"
	}
	if err != nil {
		return nil, fmt.Sprintf("the build cache cannot be read (%v)", err)
	}
	if !bytes.HasPrefix(b, []byte(stateMagic)) {
		return nil, "the build cache is not one rounds wrote (or is damaged)"
	}
	b = b[len(stateMagic):]
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, "the build cache is truncated"
	}
	salt := string(b[k : k+int(n)])
	b = b[k+int(n):]
	if len(b) < sha256.Size {
		return nil, "the build cache is truncated"
	}
	payload, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(payload); !bytes.Equal(got[:], sum) {
		return nil, "the build cache is damaged or truncated (its checksum does not match)"
	}
	if salt != d.salt {
		return nil, "the build cache was written by another rounds (" + shortSalt(salt) + ")"
	}
	return payload, ""
}

// shortSalt is the version part of a salt, for messages.
func shortSalt(s string) string {
	if i := bytes.IndexByte([]byte(s), ' '); i >= 0 {
		return s[:i]
	}
	return s
}

// Write replaces the state file with payload, whole (written beside it,
// then renamed), and removes every stored file this build neither
// stored nor linked: the store never holds more than one build's files.
func (d *StateDir) Write(payload []byte) error {
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.Grow(len(stateMagic) + len(d.salt) + len(payload) + 64)
	buf.WriteString(stateMagic)
	buf.Write(binary.AppendUvarint(nil, uint64(len(d.salt))))
	buf.WriteString(d.salt)
	buf.Write(payload)
	sum := sha256.Sum256(payload)
	buf.Write(sum[:])
	tmp, err := os.CreateTemp(d.dir, ".state-")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(buf.Bytes())
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), d.statePath())
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return werr
	}
	return d.evict()
}

// Remove deletes the state file, so the next build starts cold.
func (d *StateDir) Remove() error {
	err := os.Remove(d.statePath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// evict removes the stored files this build did not use.
func (d *StateDir) evict() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	root := filepath.Join(d.dir, "files")
	return filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if e.IsDir() || d.used[e.Name()] {
			return nil
		}
		return os.Remove(p)
	})
}

// Blob is a stored file as the state records it.
type Blob struct {
	Sum   string // hex SHA-256 of its bytes
	Size  int64
	MTime int64 // nanoseconds, as stored
}

// Store keeps data (unless it is kept already) and returns its record
// and the path of the stored file, to link into an output.
func (d *StateDir) Store(data []byte) (Blob, string, error) {
	s := sha256.Sum256(data)
	sum := hex.EncodeToString(s[:])
	p := d.blobPath(sum)
	if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() && info.Size() == int64(len(data)) {
		// Stored by an earlier build: still its bytes, unless something
		// wrote into it through a hard link of an output.
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, data) {
			d.use(sum)
			return Blob{Sum: sum, Size: info.Size(), MTime: info.ModTime().UnixNano()}, p, nil
		}
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return Blob{}, "", err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-")
	if err != nil {
		return Blob{}, "", err
	}
	_, werr := tmp.Write(data)
	if werr == nil {
		werr = tmp.Chmod(published) // linked into a published site
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), p)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return Blob{}, "", werr
	}
	info, err := os.Stat(p)
	if err != nil {
		return Blob{}, "", err
	}
	d.use(sum)
	return Blob{Sum: sum, Size: info.Size(), MTime: info.ModTime().UnixNano()}, p, nil
}

// File returns the path of a stored file when it is still as recorded.
func (d *StateDir) File(b Blob) (string, bool) {
	p := d.blobPath(b.Sum)
	info, err := os.Stat(p)
	if err != nil || !info.Mode().IsRegular() || info.Size() != b.Size || info.ModTime().UnixNano() != b.MTime {
		return "", false
	}
	return p, true
}

// Use marks a stored file as used by this build, so Write keeps it.
func (d *StateDir) Use(b Blob) { d.use(b.Sum) }

func (d *StateDir) use(sum string) {
	d.mu.Lock()
	d.used[sum] = true
	d.mu.Unlock()
}
