package output

import (
	"bytes"
	"context"
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
	"time"
)

// Disk builds into a staging folder beside the destination; Commit swaps it
// in, Abort removes it. Until Commit, the destination is untouched, and
// what Commit replaces is deleted only once the new output is in place.
//
// With a spare folder, the output that a Commit replaces is kept there
// instead of being deleted, and the next build starts from it: a file whose
// bytes did not change is left as it is (its modification time too), a
// changed one is rewritten in place, and whatever the build does not write
// is removed before Commit. A warm rebuild then makes no new files and
// deletes none: on a 10,000-module site, creating and deleting 50,000 files
// and 20,000 folders took a quarter of the build's wall time. Only the
// spare, which is never published, is ever written in place, and only an
// output that holds a build record (RecordName) is kept as the spare or
// recycled: files rounds did not write are never swept.
type Disk struct {
	dest, staging string
	opts          DiskOptions
	spare         string      // where the replaced output is kept; "" deletes it
	recycled      bool        // the staging folder is an earlier output
	unlock        func()      // releases DiskOptions.Lock
	dirs          sync.Map    // folders made (or found, when recycled)
	names         sync.Map    // files written
	noLinks       atomic.Bool // hard links failed once: copy instead
}

// DiskOptions adjust a Disk.
type DiskOptions struct {
	// Spare, when not "", is where the output that Commit replaces is
	// kept for the next build; it must be on the destination's file system
	// to be used (else that output is deleted).
	Spare string
	// Lock, when not "", is a file locked (flock) from NewDisk to the end
	// of Commit or Abort: builds that name the same file run one after the
	// other. (Where there is no flock, it is not taken, and nothing below
	// is done.) Under it, NewDisk removes the staging folders that builds
	// killed before they finished left beside the destination, and puts
	// back a destination that a build killed in the middle of the fallback
	// swap left aside.
	Lock string
	// Waiting, when not nil, is called once if the lock is held by another
	// build, before waiting for it.
	Waiting func()
	// Warn, when not nil, is told of anything NewDisk left alone that the
	// user should know of (a spare without a build record).
	Warn func(msg string)
	// Step, when not nil, is called before each step of Commit with its
	// name ("sweep", "swap", "aside", "into place", "keep"); an error
	// stops Commit there as if the process had been killed: nothing more
	// is done, nothing is cleaned up, the lock is released. Tests use it
	// to check that a build stopped at any point leaves a usable
	// destination.
	Step func(step string) error
	// Exchange, when not nil, replaces the atomic exchange of two folders
	// (renameat2 with RENAME_EXCHANGE on Linux). Tests use it to take the
	// fallback.
	Exchange func(a, b string) error
}

// NewDisk takes the lock, when there is one, and prepares a staging folder
// for dest.
func NewDisk(ctx context.Context, dest string, opts DiskOptions) (*Disk, error) {
	dest = filepath.Clean(dest)
	parent, base := filepath.Split(dest)
	if parent == "" {
		parent = "."
	}
	d := &Disk{dest: dest, opts: opts, unlock: func() {}}
	locked := false
	if opts.Lock != "" {
		unlock, err := lockFile(ctx, opts.Lock, opts.Waiting)
		if err != nil && !errors.Is(err, errNoLock) {
			return nil, err
		}
		if err == nil {
			d.unlock, locked = unlock, true
		}
	}
	ok := false
	defer func() {
		if !ok {
			d.unlock()
		}
	}()
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	if locked {
		if err := recoverStaging(dest); err != nil {
			return nil, err
		}
	}
	staging, err := os.MkdirTemp(parent, stagingPrefix(base))
	if err != nil {
		return nil, err
	}
	d.staging = staging
	if spare := opts.Spare; spare != "" {
		// A spare that is, holds or lies in the destination would make a
		// build take the live output apart.
		spare = filepath.Clean(spare)
		if a, err1 := filepath.Abs(spare); err1 == nil {
			if b, err2 := filepath.Abs(dest); err2 == nil && (within(a, b) || within(b, a)) {
				spare = ""
			}
		}
		d.spare = spare
	}
	if d.spare != "" && canRecycle && d.usableSpare() {
		// The spare is taken with one rename: of two builds at once, one
		// gets it and the other starts empty.
		if err := os.Remove(staging); err != nil {
			return nil, err
		}
		if err := os.Rename(d.spare, staging); err == nil {
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
	ok = true
	return d, nil
}

// usableSpare reports whether the spare holds an output rounds wrote (a
// build record at its root), so that sweeping it removes only what an
// earlier build wrote. A spare without one is left alone, with a warning:
// rounds before the build record kept any replaced destination there,
// whatever it held.
func (d *Disk) usableSpare() bool {
	info, err := os.Lstat(d.spare)
	if err != nil || !info.IsDir() {
		return false
	}
	if _, err := os.Lstat(filepath.Join(d.spare, RecordName)); err == nil {
		return true
	}
	if d.opts.Warn != nil {
		d.opts.Warn(fmt.Sprintf("%s holds files without a build record (%s), perhaps not written by rounds: it is left as it is, and builds do not reuse it; look through it, keep what you need, and delete it", d.spare, RecordName))
	}
	return false
}

// errNoLock: the system has no file lock (lockFile).
var errNoLock = errors.New("no file locks on this system")

// stagingPrefix is the start of the name of every staging folder of a
// destination named base: ".public.staging-".
func stagingPrefix(base string) string { return "." + base + ".staging-" }

// recoverStaging, run under the lock, cleans up after builds of dest that
// were killed: a destination moved aside by the fallback swap and not put
// back is put back, and every staging folder is removed.
func recoverStaging(dest string) error {
	parent, base := filepath.Split(dest)
	if parent == "" {
		parent = "."
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		return err
	}
	var aside []string
	var stale []string
	for _, e := range entries {
		n := e.Name()
		if !strings.HasPrefix(n, stagingPrefix(base)) {
			continue
		}
		if strings.HasSuffix(n, asideSuffix) {
			aside = append(aside, n)
		} else {
			stale = append(stale, n)
		}
	}
	if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) && len(aside) > 0 {
		// Killed between the two renames of the fallback: the old output
		// was moved aside and the new one not yet moved in. Put the old
		// one back (the newest, should there be more than one).
		newest, at := "", time.Time{}
		for _, n := range aside {
			if info, err := os.Lstat(filepath.Join(parent, n)); err == nil && info.IsDir() && !info.ModTime().Before(at) {
				newest, at = n, info.ModTime()
			}
		}
		if newest != "" {
			if err := os.Rename(filepath.Join(parent, newest), dest); err != nil {
				return fmt.Errorf("cannot put back the output a killed build moved aside (%s): %w", newest, err)
			}
		}
	}
	for _, n := range append(stale, aside...) {
		if err := os.RemoveAll(filepath.Join(parent, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("cannot remove the staging folder of a killed build: %w", err)
		}
	}
	return nil
}

// asideSuffix ends the name of a destination the fallback swap moved
// aside: the staging folder's name and this.
const asideSuffix = ".old"

// within reports whether path p is dir or inside it.
func within(p, dir string) bool {
	sep := string(filepath.Separator)
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, sep)+sep)
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

// Commit replaces the destination with the staging folder, at once where
// the system can exchange two folders (Linux: renameat2 with
// RENAME_EXCHANGE), else by moving the old tree aside and the new one into
// place (see swapByRenames). The old tree is then kept as the spare or
// removed: never before the new one is in place. No file of an earlier
// build survives in the new one. The lock is released either way.
func (d *Disk) Commit() error {
	defer d.unlock()
	if d.recycled {
		if err := d.step("sweep"); err != nil {
			return err
		}
		if err := d.sweep(); err != nil {
			return fmt.Errorf("cannot clear the files of an earlier build: %w", err)
		}
	}
	old, err := d.swap()
	if err != nil || old == "" {
		return err
	}
	if err := d.step("keep"); err != nil {
		return err
	}
	if d.keep(old) {
		return nil
	}
	return os.RemoveAll(old)
}

// step runs the Step hook.
func (d *Disk) step(name string) error {
	if d.opts.Step == nil {
		return nil
	}
	return d.opts.Step(name)
}

// swap puts the staging folder in the destination's place and returns
// where the old destination now is ("" when there was none).
func (d *Disk) swap() (old string, err error) {
	if err := d.step("swap"); err != nil {
		return "", err
	}
	info, err := os.Lstat(d.dest)
	if errors.Is(err, fs.ErrNotExist) {
		if err := renameNew(d.staging, d.dest); err != nil {
			return "", fmt.Errorf("cannot move the new build into place: %w", err)
		}
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if info.IsDir() {
		exchange := d.opts.Exchange
		if exchange == nil {
			exchange = exchangeFolders
		}
		err := exchange(d.staging, d.dest)
		if err == nil {
			return d.staging, nil // the old output is where the new one was
		}
		if !noExchange(err) {
			return "", fmt.Errorf("cannot swap the new build into place: %w", err)
		}
	}
	return d.swapByRenames()
}

// swapByRenames is the swap where folders cannot be exchanged (a kernel
// before Linux 3.15 or a file system without RENAME_EXCHANGE answers
// EINVAL or ENOSYS; macOS, Windows and the BSDs have no renameat2): the
// destination is renamed aside, then the new output renamed into its place.
// Between the two renames the destination does not exist; a build killed
// there leaves the old output aside, and the next build (NewDisk, under the
// lock) puts it back before anything else.
func (d *Disk) swapByRenames() (old string, err error) {
	old = d.staging + asideSuffix
	if err := d.step("aside"); err != nil {
		return "", err
	}
	if err := os.Rename(d.dest, old); err != nil {
		return "", fmt.Errorf("cannot move the previous build aside: %w", err)
	}
	if err := d.step("into place"); err != nil {
		return "", err
	}
	if err := os.Rename(d.staging, d.dest); err != nil {
		if err1 := os.Rename(old, d.dest); err1 != nil {
			return "", fmt.Errorf("cannot move the new build into place (%v), nor the previous one back: it is in %s", err, old)
		}
		return "", fmt.Errorf("cannot move the new build into place: %w", err)
	}
	return old, nil
}

// Abort leaves the destination as it was; the staging folder becomes the
// spare, or is removed. The lock is released.
func (d *Disk) Abort() error {
	defer d.unlock()
	if d.keep(d.staging) {
		return nil
	}
	return os.RemoveAll(d.staging)
}

// keep makes dir the spare, when there is to be one, dir holds a build
// record (a folder rounds did not write is never swept by a later build)
// and no other build has put a spare there meanwhile; it reports whether
// it did.
func (d *Disk) keep(dir string) bool {
	if d.spare == "" || !canRecycle {
		return false
	}
	if info, err := os.Lstat(dir); err != nil || !info.IsDir() {
		return false
	}
	if info, err := os.Lstat(filepath.Join(dir, RecordName)); err != nil || !info.Mode().IsRegular() {
		return false
	}
	if err := os.MkdirAll(filepath.Dir(d.spare), 0o755); err != nil {
		return false
	}
	return os.Rename(dir, d.spare) == nil
}
