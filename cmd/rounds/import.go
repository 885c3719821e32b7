package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/rounds-dev/rounds/generator/importer"
)

// runImport converts a Hugo or Jekyll site's content into a new rounds
// site in -o DIR: never into the source, and never over a folder that
// holds anything.
func runImport(e *env, args []string) int {
	f := newFlags(e, "import")
	out := f.String("o", "", "write the new site to `DIR` (required; must not exist or be empty)")
	title := f.String("title", "", "the new site's `TITLE` (default: the source folder's name)")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(pos) != 2 || *out == "" {
		fmt.Fprintln(e.stderr, "usage: rounds import hugo|jekyll DIR -o OUT")
		return exitUsage
	}
	kind, src := pos[0], pos[1]
	if kind != "hugo" && kind != "jekyll" {
		fmt.Fprintf(e.stderr, "rounds import: %q is not hugo or jekyll\n", kind)
		return exitUsage
	}
	absSrc, err1 := filepath.Abs(src)
	absOut, err2 := filepath.Abs(*out)
	if err := errors.Join(err1, err2); err != nil {
		fmt.Fprintf(e.stderr, "rounds import: %v\n", err)
		return exitOther
	}
	if absOut == absSrc || strings.HasPrefix(absOut, absSrc+string(filepath.Separator)) {
		fmt.Fprintf(e.stderr, "rounds import: -o %s is inside the source site; write the new site elsewhere\n", *out)
		return exitUsage
	}
	if entries, err := os.ReadDir(*out); err == nil && len(entries) > 0 {
		fmt.Fprintf(e.stderr, "rounds import: %s exists and is not empty\n", *out)
		return exitOther
	}
	t := *title
	if t == "" {
		t = strings.ReplaceAll(filepath.Base(absSrc), "-", " ")
	}
	res, err := importer.Import(os.DirFS(src), importer.Options{Kind: kind, Title: t})
	if err != nil {
		fmt.Fprintf(e.stderr, "rounds import: %v\n", err)
		return exitOther
	}
	for name, data := range res.Files {
		p := filepath.Join(*out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintf(e.stderr, "rounds import: %v\n", err)
			return exitOther
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			fmt.Fprintf(e.stderr, "rounds import: %v\n", err)
			return exitOther
		}
	}
	for i := range res.Notes {
		// Positions are in the source site.
		res.Notes[i].Path = filepath.ToSlash(filepath.Join(src, res.Notes[i].Path))
	}
	res.Notes.Print(e.stderr)
	fmt.Fprintf(e.stderr, "imported %d pages from %s into %s, %d notes\nnext: review the notes, then `rounds check -s %s`: every module waits for its sign-offs\n",
		res.Pages, src, *out, len(res.Notes), *out)
	return exitOK
}
