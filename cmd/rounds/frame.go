package main

import (
	"crypto/rand"
	"fmt"
	"path/filepath"

	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
)

// reviewFrame signs off the site's frame (rounds.toml, people.toml,
// layouts/, themes/, static/, i18n/, data/, paths/) as it stands, in frame.toml.
func reviewFrame(e *env, sf *siteFlags, reviewer, role, keyFile string) int {
	c, l, code := loadChecked(e, sf)
	if c == nil {
		printDiags(e.stderr, l)
		return code
	}
	key, done := keyFinder(e, keyFile)
	defer done()
	f, broken, err := c.SignFrame(generator.SignOff{Reviewer: reviewer, Role: role, Key: key, Rand: rand.Reader}, l)
	if err != nil {
		return reviewFailed(e, err)
	}
	if len(broken) > 0 {
		broken.Print(e.stderr)
		fmt.Fprintf(e.stderr, "rounds review: the frame was not signed: %s must be fixed first\n", plural(broken.Errors(), "problem"))
		return exitRefused
	}
	if err := output.ReplaceFile(filepath.Join(sf.dir, f.Path), f.Data); err != nil {
		fmt.Fprintf(e.stderr, "rounds review: %v\n", err)
		return exitOther
	}
	fmt.Fprintf(e.stderr, "signed the frame (%d files) as %s (%s)\n", len(c.Frame.Files), role, shortDigest(f.Digest))
	return exitOK
}
