package output

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"sync"
)

// Writer receives the files of a build. WriteFile may be called from many
// goroutines at once, and must not keep data once it returns: the builder
// renders and minifies every page into buffers it reuses.
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

// WriteFile stores a copy of a file.
func (m *Memory) WriteFile(name string, data []byte) error {
	if err := CleanName(name); err != nil {
		return err
	}
	data = bytes.Clone(data)
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

// Linker is a Writer that can put an existing file into the output
// without copying its bytes through memory.
type Linker interface {
	Link(name, src string) error
}
