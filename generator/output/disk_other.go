//go:build !unix

package output

import (
	"context"
	"errors"
	"io/fs"
	"os"
)

// canRecycle is false: the replaced output is deleted, as rewriting it in
// place needs O_NOFOLLOW and a count of hard links.
const canRecycle = false

func openOwnFile(string) (*os.File, error) { return nil, errors.ErrUnsupported }

func links(fs.FileInfo) uint64 { return 0 }

// lockFile: without flock, builds are not serialised, and NewDisk leaves
// the staging folders of killed builds where they are (they may be those of
// a build running now).
func lockFile(context.Context, string, func()) (func(), error) { return nil, errNoLock }
