//go:build unix

package output

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// canRecycle: a spare output is reused only where a file can be opened
// without following a symbolic link and its hard links counted.
const canRecycle = true

// openOwnFile opens a file for reading and writing, refusing a symbolic
// link.
func openOwnFile(full string) (*os.File, error) {
	return os.OpenFile(full, os.O_RDWR|syscall.O_NOFOLLOW, 0)
}

// links is the number of hard links to a file.
func links(info fs.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 0
}

// lockFile takes an exclusive flock on name (made if missing), calling
// waiting first when another process holds it. The lock is the open file's:
// it goes with the process, so a killed build never leaves it taken. When
// ctx ends while it waits, it returns ctx's error; the lock, should it
// come later, is let go at once.
func lockFile(ctx context.Context, name string, waiting func()) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return nil, fmt.Errorf("cannot make the build lock: %w", err)
	}
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot open the build lock: %w", err)
	}
	unlock = func() { _ = f.Close() } // closing the last descriptor releases the lock
	err = flock(f, unix.LOCK_EX|unix.LOCK_NB)
	if err == nil {
		return unlock, nil
	}
	if !errors.Is(err, unix.EWOULDBLOCK) {
		f.Close()
		return nil, fmt.Errorf("cannot lock %s: %w", name, err)
	}
	if waiting != nil {
		waiting()
	}
	// flock cannot be interrupted: it waits on a goroutine of its own.
	done := make(chan error, 1)
	go func() { done <- flock(f, unix.LOCK_EX) }()
	select {
	case err := <-done:
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("cannot lock %s: %w", name, err)
		}
		return unlock, nil
	case <-ctx.Done():
		go func() { <-done; f.Close() }()
		return nil, ctx.Err()
	}
}

// flock is unix.Flock, tried again when a signal interrupts it.
func flock(f *os.File, how int) error {
	for {
		err := unix.Flock(int(f.Fd()), how)
		if !errors.Is(err, unix.EINTR) {
			return err
		}
	}
}
