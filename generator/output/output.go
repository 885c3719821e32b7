package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Writer receives the files of a build. WriteFile may be called from many
// goroutines at once.
type Writer interface {
	WriteFile(name string, data []byte) error
}

// CleanName checks that name is a clean, relative, slash-separated path
// that stays inside the output, so no file can be written outside it.
func CleanName(name string) error {
	if name == "" || !fs.ValidPath(name) || strings.Contains(name, `\`) {
		return fmt.Errorf("output path %q escapes the destination", name)
	}
	return nil
}

// Remover is a Writer that can also delete a file of an earlier build:
// the dev server's memory, rebuilt in place.
type Remover interface {
	Remove(name string)
}

// Memory keeps a build in memory. Writing a name again replaces the file,
// so the dev server can rebuild into the same Memory. A file put with Link
// stays where it is and is read when asked for: the cards of a large site
// are a gigabyte, and the card cache holds them already.
type Memory struct {
	mu    sync.Mutex
	files map[string][]byte
	links map[string]string // name: the file it is
}

// NewMemory returns an empty Memory.
func NewMemory() *Memory { return &Memory{files: map[string][]byte{}, links: map[string]string{}} }

// WriteFile stores a file.
func (m *Memory) WriteFile(name string, data []byte) error {
	if err := CleanName(name); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = data
	delete(m.links, name)
	return nil
}

// Link records that name is the file src, which must not change while
// the Memory is used (the card cache's files are named by their content).
func (m *Memory) Link(name, src string) error {
	if err := CleanName(name); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.links[name] = src
	delete(m.files, name)
	return nil
}

// Linked returns the file that name is linked to, or "".
func (m *Memory) Linked(name string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.links[name]
}

// Remove deletes a file.
func (m *Memory) Remove(name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.files, name)
	delete(m.links, name)
}

// Get returns a file; a linked file that can no longer be read is missing.
func (m *Memory) Get(name string) ([]byte, bool) {
	m.mu.Lock()
	b, ok := m.files[name]
	src, linked := m.links[name]
	m.mu.Unlock()
	if linked {
		data, err := os.ReadFile(src)
		return data, err == nil
	}
	return b, ok
}

// Files returns the stored files by name.
func (m *Memory) Files() map[string][]byte {
	out := make(map[string][]byte)
	for _, name := range m.Names() {
		if data, ok := m.Get(name); ok {
			out[name] = data
		}
	}
	return out
}

// Names returns the sorted file names.
func (m *Memory) Names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, 0, len(m.files)+len(m.links))
	for k := range m.files {
		out = append(out, k)
	}
	for k := range m.links {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Disk builds into a staging folder beside the destination; Commit swaps it
// in, Abort removes it. Until Commit, the destination is untouched.
type Disk struct {
	dest, staging string
	dirs          sync.Map // folders already made
	names         sync.Map
	noLinks       atomic.Bool // hard links failed once: copy instead
}

// NewDisk prepares a staging folder for dest.
func NewDisk(dest string) (*Disk, error) {
	dest = filepath.Clean(dest)
	parent, base := filepath.Split(dest)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	staging, err := os.MkdirTemp(parent, "."+base+".staging-")
	if err != nil {
		return nil, err
	}
	// MkdirTemp makes 0700; a published site is world-readable.
	if err := os.Chmod(staging, 0o755); err != nil {
		_ = os.RemoveAll(staging)
		return nil, err
	}
	return &Disk{dest: dest, staging: staging}, nil
}

// Staging is the folder being built.
func (d *Disk) Staging() string { return d.staging }

// WriteFile writes a file into the staging folder.
func (d *Disk) WriteFile(name string, data []byte) error {
	full, err := d.create(name)
	if err != nil {
		return err
	}
	return writeNew(full, data)
}

// writeNew writes a file that does not exist yet: the staging folder is
// new, and create claimed the name, so there is nothing to truncate.
func writeNew(full string, data []byte) error {
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err1 := f.Close(); err == nil {
		err = err1
	}
	return err
}

// Linker is a Writer that can put an existing file into the output
// without copying its bytes through memory.
type Linker interface {
	Link(name, src string) error
}

// Link puts the file src into the staging folder as name: a hard link
// when src is on the same file system (a cached card costs no write),
// a copy otherwise. Either way the result is a whole file.
func (d *Disk) Link(name, src string) error {
	full, err := d.create(name)
	if err != nil {
		return err
	}
	if !d.noLinks.Load() {
		if err := os.Link(src, full); err == nil {
			return nil
		}
		// Another device, or a file system without hard links: copy from
		// now on rather than fail every card.
		d.noLinks.Store(true)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return writeNew(full, data)
}

// create checks name, claims it and makes its folder, and returns the
// path to write it at.
func (d *Disk) create(name string) (string, error) {
	if err := CleanName(name); err != nil {
		return "", err
	}
	if _, dup := d.names.LoadOrStore(name, true); dup {
		return "", fmt.Errorf("%s is written twice", name)
	}
	full := filepath.Join(d.staging, filepath.FromSlash(name))
	if err := d.mkdir(path.Dir(name)); err != nil {
		return "", err
	}
	return full, nil
}

// mkdir makes a folder of the staging tree and those above it, each once:
// one system call per folder, where os.MkdirAll asks about each parent
// first (tens of thousands of folders in a large site).
func (d *Disk) mkdir(dir string) error {
	if dir == "." {
		return nil
	}
	if _, made := d.dirs.Load(dir); made {
		return nil
	}
	if err := d.mkdir(path.Dir(dir)); err != nil {
		return err
	}
	err := os.Mkdir(filepath.Join(d.staging, filepath.FromSlash(dir)), 0o755)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	d.dirs.Store(dir, true)
	return nil
}

// Commit replaces the destination with the staging folder: the old tree is
// moved aside, the new one renamed into place, the old one removed. No file
// of an earlier build survives.
func (d *Disk) Commit() error {
	old := ""
	if _, err := os.Lstat(d.dest); err == nil {
		old = d.staging + ".old"
		if err := os.Rename(d.dest, old); err != nil {
			return fmt.Errorf("cannot move the previous build aside: %w", err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(d.staging, d.dest); err != nil {
		if old != "" {
			_ = os.Rename(old, d.dest)
		}
		return fmt.Errorf("cannot move the new build into place: %w", err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort removes the staging folder, leaving the destination as it was.
func (d *Disk) Abort() error { return os.RemoveAll(d.staging) }
