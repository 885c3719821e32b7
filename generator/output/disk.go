package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// Disk builds into a staging folder beside the destination; Commit swaps it
// in, Abort removes it. Until Commit, the destination is untouched.
//
// With a spare folder, the output that a Commit replaces is kept there
// instead of being deleted, and the next build starts from it: a file whose
// bytes did not change is left as it is (its modification time too), a
// changed one is rewritten in place, and whatever the build does not write
// is removed before Commit. A warm rebuild then makes no new files and
// deletes none: on a 10,000-module site, creating and deleting 50,000 files
// and 20,000 folders took a quarter of the build's wall time. Only the
// spare, which is never published, is ever written in place.
type Disk struct {
	dest, staging string
	spare         string      // where the replaced output is kept; "" deletes it
	recycled      bool        // the staging folder is an earlier output
	dirs          sync.Map    // folders made (or found, when recycled)
	names         sync.Map    // files written
	noLinks       atomic.Bool // hard links failed once: copy instead
}

// NewDisk prepares a staging folder for dest. spare, when not "", is
// where the output that Commit replaces is kept for the next build; it
// must be on dest's file system to be used (else the output is deleted)
// and is taken by one build at a time.
func NewDisk(dest, spare string) (*Disk, error) {
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
	if spare != "" {
		// A spare that is, holds or lies in the destination would make a
		// build take the live output apart.
		spare = filepath.Clean(spare)
		if a, err1 := filepath.Abs(spare); err1 == nil {
			if b, err2 := filepath.Abs(dest); err2 == nil && (within(a, b) || within(b, a)) {
				spare = ""
			}
		}
	}
	d := &Disk{dest: dest, staging: staging, spare: spare}
	if spare != "" && canRecycle {
		// The spare is taken with one rename: of two builds at once, one
		// gets it and the other starts empty.
		if err := os.Remove(staging); err != nil {
			return nil, err
		}
		if err := os.Rename(spare, staging); err == nil {
			d.recycled = true
		} else if err := os.Mkdir(staging, 0o755); err != nil {
			return nil, err
		}
	}
	// MkdirTemp makes 0700; a published site is world-readable.
	if err := os.Chmod(staging, 0o755); err != nil {
		_ = os.RemoveAll(staging)
		return nil, err
	}
	return d, nil
}

// within reports whether path p is dir or inside it.
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, dir+string(filepath.Separator))
}

// Staging is the folder being built.
func (d *Disk) Staging() string { return d.staging }

// WriteFile writes a file into the staging folder.
func (d *Disk) WriteFile(name string, data []byte) error {
	full, err := d.create(name)
	if err != nil {
		return err
	}
	if d.recycled {
		return rewrite(full, data)
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

// rewrite writes a file of a recycled output: left alone when it holds
// data already, overwritten in place when it is a plain file of its own,
// and replaced when it is anything else: a folder, a symbolic link (never
// followed), or a hard link, whose bytes another file shares (a cached
// card).
func rewrite(full string, data []byte) error {
	f, err := openOwnFile(full)
	if errors.Is(err, fs.ErrNotExist) {
		return writeNew(full, data)
	}
	if err != nil {
		if err := os.RemoveAll(full); err != nil {
			return err
		}
		return writeNew(full, data)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() || links(info) != 1 {
		f.Close()
		if err := os.Remove(full); err != nil {
			return err
		}
		return writeNew(full, data)
	}
	if info.Size() == int64(len(data)) && sameBytes(f, data) {
		return nil
	}
	if err := f.Truncate(0); err != nil {
		return err
	}
	if _, err := f.WriteAt(data, 0); err != nil {
		return err
	}
	return f.Close()
}

// sameBytes reports whether the file f, of len(data) bytes, holds data.
func sameBytes(f *os.File, data []byte) bool {
	buf := readBuffers.Get().(*[]byte)
	defer readBuffers.Put(buf)
	for off := 0; off < len(data); {
		n := min(len(*buf), len(data)-off)
		if _, err := io.ReadFull(f, (*buf)[:n]); err != nil || !bytes.Equal((*buf)[:n], data[off:off+n]) {
			return false
		}
		off += n
	}
	return true
}

var readBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// Link puts the file src into the staging folder as name: a hard link
// when src is on the same file system (a cached card costs no write),
// a copy otherwise. Either way the result is a whole file. In a recycled
// output, a link to src already there is left as it is.
func (d *Disk) Link(name, src string) error {
	full, err := d.create(name)
	if err != nil {
		return err
	}
	if d.recycled {
		if info, err := os.Lstat(full); err == nil {
			if s, err := os.Stat(src); err == nil && os.SameFile(info, s) {
				return nil
			}
			if err := os.RemoveAll(full); err != nil {
				return err
			}
		}
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
// first (tens of thousands of folders in a large site). In a recycled
// output, what stands where a folder goes must be a folder, not a file
// or a symbolic link, or it is replaced.
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
	full := filepath.Join(d.staging, filepath.FromSlash(dir))
	err := os.Mkdir(full, 0o755)
	if err != nil && errors.Is(err, fs.ErrExist) && d.recycled {
		if info, lerr := os.Lstat(full); lerr == nil && !info.IsDir() {
			if err := os.Remove(full); err != nil {
				return err
			}
			err = os.Mkdir(full, 0o755)
		}
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	d.dirs.Store(dir, true)
	return nil
}

// sweep removes from a recycled output what this build did not write.
func (d *Disk) sweep() error {
	return filepath.WalkDir(d.staging, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == d.staging {
			return nil
		}
		rel, err := filepath.Rel(d.staging, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		if e.IsDir() {
			if _, ok := d.dirs.Load(name); ok {
				return nil
			}
			if err := os.RemoveAll(p); err != nil {
				return err
			}
			return filepath.SkipDir
		}
		if _, ok := d.names.Load(name); ok {
			return nil
		}
		return os.Remove(p)
	})
}

// Commit replaces the destination with the staging folder: the old tree is
// moved aside, the new one renamed into place, the old one kept as the
// spare or removed. No file of an earlier build survives in the new one.
func (d *Disk) Commit() error {
	if d.recycled {
		if err := d.sweep(); err != nil {
			return fmt.Errorf("cannot clear the files of an earlier build: %w", err)
		}
	}
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
		if d.keep(old) {
			return nil
		}
		return os.RemoveAll(old)
	}
	return nil
}

// Abort leaves the destination as it was; the staging folder becomes the
// spare, or is removed.
func (d *Disk) Abort() error {
	if d.keep(d.staging) {
		return nil
	}
	return os.RemoveAll(d.staging)
}

// keep makes dir the spare, when there is to be one and no other build
// has put one there meanwhile; it reports whether it did.
func (d *Disk) keep(dir string) bool {
	if d.spare == "" || !canRecycle {
		return false
	}
	if info, err := os.Lstat(dir); err != nil || !info.IsDir() {
		return false
	}
	if err := os.MkdirAll(filepath.Dir(d.spare), 0o755); err != nil {
		return false
	}
	return os.Rename(dir, d.spare) == nil
}
