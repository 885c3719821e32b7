package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// exchangeFolders swaps two folders in one step: at no moment does either
// path not exist (renameat2 with RENAME_EXCHANGE, Linux 3.15 and later, on
// file systems that support it).
func exchangeFolders(a, b string) error {
	if err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE); err != nil {
		return &os.LinkError{Op: "exchange", Old: a, New: b, Err: err}
	}
	return nil
}

// noExchange reports whether an exchange failed because the kernel or the
// file system cannot exchange (EINVAL, ENOSYS), not because of the
// folders: the caller then swaps with two renames.
func noExchange(err error) bool {
	return errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, errors.ErrUnsupported)
}

// renameNew renames a to b, which must not exist: a folder made at b
// since it was looked at is not replaced (RENAME_NOREPLACE; a plain rename
// where the kernel or file system has no such flag).
func renameNew(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_NOREPLACE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) {
		return os.Rename(a, b)
	}
	if err != nil {
		return &os.LinkError{Op: "rename", Old: a, New: b, Err: err}
	}
	return nil
}
