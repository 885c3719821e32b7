package main

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/rounds-dev/rounds/generator/output"
)

// buildState is the state a build keeps for the next one, in the site's
// .rounds/cache/build/ (beside the card and code caches, whatever -d
// says).
func buildState(site string) *output.StateDir {
	return output.NewStateDir(filepath.Join(site, ".rounds", "cache", "build"), programSalt())
}

// programSalt names this program for the build state: its version and
// the SHA-256 of its executable. A state written by any other build of
// rounds (another version, or the same version built from other code,
// as a "dev" build is) is foreign, and the build starts cold: what a
// page is made of is decided by the program as much as by the site.
var programSalt = sync.OnceValue(func() string {
	sum := "unknown"
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			h := sha256.New()
			if _, err := io.Copy(h, f); err == nil {
				sum = hex.EncodeToString(h.Sum(nil))
			}
			f.Close()
		}
	}
	return version + " " + sum
})
