//go:build !linux

package output

import (
	"errors"
	"os"
)

// exchangeFolders: only Linux has renameat2; elsewhere the swap is two
// renames (Disk.swapByRenames).
func exchangeFolders(a, b string) error { return errors.ErrUnsupported }

// noExchange reports whether an exchange failed because the system cannot
// exchange.
func noExchange(err error) bool { return errors.Is(err, errors.ErrUnsupported) }

// renameNew renames a to b, which does not exist.
func renameNew(a, b string) error { return os.Rename(a, b) }
