package main

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/lms"
	"github.com/rounds-dev/rounds/generator/output"
)

// formatList is a repeatable --format flag; each value may also list
// formats separated by commas.
type formatList []lms.Format

func (l *formatList) String() string {
	var s []string
	for _, f := range *l {
		s = append(s, string(f))
	}
	return strings.Join(s, ",")
}

func (l *formatList) Set(v string) error {
	for _, name := range strings.Split(v, ",") {
		f, ok := lms.ParseFormat(strings.TrimSpace(name))
		if !ok {
			return fmt.Errorf("unknown format %q (scorm12, scorm2004, cmi5, qti or moodle)", name)
		}
		for _, have := range *l {
			if have == f {
				return nil
			}
		}
		*l = append(*l, f)
	}
	return nil
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

func runPackage(e *env, args []string) int {
	f := newFlags(e, "package")
	var sf siteFlags
	sf.register(f, true)
	var formats formatList
	f.Var(&formats, "format", "package `FORMAT`: scorm12, scorm2004, cmi5, qti or moodle (repeat, or separate with commas)")
	out := f.String("o", "", "write the packages to `DIR` (default: packages in the site)")
	baseURL := f.String("baseURL", "", "use `URL` instead of rounds.toml's baseURL (the IRIs of cmi5 activities)")
	noMinify := f.Bool("no-minify", false, "do not minify the pages")
	strict := f.Bool("strict", false, "refuse on warnings too")
	quiet := f.Bool("quiet", false, "print only problems")
	var lrs stringList
	f.Var(&lrs, "lrs", "let cmi5 pages send statements to the LRS at `ORIGIN` (https://lrs.example.org) besides their own origin (repeat for more)")
	cardCacheDir := f.String("card-cache", "", "keep drawn social cards in `DIR` (default .rounds/cache/cards in the site)")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(formats) == 0 {
		fmt.Fprintln(e.stderr, "rounds package: give at least one --format: scorm12, scorm2004, cmi5, qti or moodle")
		return exitUsage
	}
	if len(lrs) > 0 && !slices.Contains(formats, lms.CMI5) {
		fmt.Fprintln(e.stderr, "rounds package: --lrs is for --format cmi5")
		return exitUsage
	}
	today, ok := sf.today(e)
	if !ok {
		return exitUsage
	}
	if *out == "" {
		*out = filepath.Join(sf.dir, "packages")
	}
	if msg := unsafePackageDir(sf.dir, *out); msg != "" {
		fmt.Fprintf(e.stderr, "rounds package: %s\n", msg)
		return exitUsage
	}
	var paths []string
	for _, p := range pos {
		paths = append(paths, sitePath(sf.dir, p))
	}
	trust, ok := sf.trustRoot(e)
	if !ok {
		return exitUsage
	}
	root, ok := openSite(e, sf.dir)
	if !ok {
		return exitOther
	}
	defer root.Close()
	res, bundles, err := generator.Package(e.ctx, generator.PackageOptions{
		Options: generator.Options{
			Site: root.FS(), Today: today, BaseURL: *baseURL, Minify: !*noMinify, Strict: *strict,
			Cards: output.NewDirCache(cmp.Or(*cardCacheDir, cardCache(sf.dir))), Trust: trust,
		},
		Formats: formats, Paths: paths, LRS: lrs,
	})
	if err != nil {
		if res != nil {
			res.Diags.Print(e.stderr)
		}
		if errors.Is(err, generator.ErrRefused) {
			fmt.Fprintf(e.stderr, "refused: %s; no package was written\n", res.Diags.Summary())
			return exitRefused
		}
		fmt.Fprintf(e.stderr, "rounds package: %v\nno package was written\n", err)
		return exitOther
	}
	res.Diags.Print(e.stderr)
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(e.stderr, "rounds package: %v\n", unwrapPathError(err))
		return exitOther
	}
	for _, b := range bundles {
		if err := writeFileAtomic(filepath.Join(*out, b.Name), b.Data); err != nil {
			fmt.Fprintf(e.stderr, "rounds package: %v\n", err)
			return exitOther
		}
		if !*quiet {
			fmt.Fprintf(e.stderr, "wrote %s: %s, %s, %d bytes\n", rel(filepath.Join(*out, b.Name)), b.Format, plural(b.Modules, "module"), len(b.Data))
		}
	}
	return exitOK
}

// sitePath turns a path given on the command line (from the working
// directory) into a path inside the site, as the generator names files.
func sitePath(site, p string) string {
	abs, err1 := filepath.Abs(p)
	root, err2 := filepath.Abs(site)
	if err1 == nil && err2 == nil {
		if r, err := filepath.Rel(root, abs); err == nil && !strings.HasPrefix(r, "..") {
			if _, err := os.Stat(abs); err == nil {
				return filepath.ToSlash(r)
			}
		}
	}
	return filepath.ToSlash(p)
}

// unsafePackageDir refuses to write packages into the site's sources.
func unsafePackageDir(site, dir string) string {
	s, err1 := filepath.Abs(site)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return "cannot resolve the output folder"
	}
	for _, inside := range []string{"content", "layouts", "static", "data", "themes"} {
		in := filepath.Join(s, inside)
		if d == in || strings.HasPrefix(d, in+string(filepath.Separator)) {
			return fmt.Sprintf("the output folder %s is inside the site's %s/; choose a folder of its own, such as %s", dir, inside, filepath.Join(site, "packages"))
		}
	}
	return ""
}

// writeFileAtomic writes a file whole or not at all: a temporary file in
// the same folder, renamed over the old one.
func writeFileAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".rounds-package-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
