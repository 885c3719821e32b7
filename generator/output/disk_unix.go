//go:build unix

package output

import (
	"io/fs"
	"os"
	"syscall"
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
