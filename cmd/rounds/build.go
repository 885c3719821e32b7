package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
)

func runBuild(e *env, args []string) int {
	f := newFlags(e, "build")
	var sf siteFlags
	sf.register(f, true)
	dest := f.String("d", "", "write the site to `DIR` (default: public in the site)")
	f.StringVar(dest, "destination", "", "same as -d")
	baseURL := f.String("baseURL", "", "use `URL` instead of rounds.toml's baseURL")
	noMinify := f.Bool("no-minify", false, "do not minify HTML, CSS, JS, JSON, SVG and XML")
	strict := f.Bool("strict", false, "refuse the build on warnings too")
	quiet := f.Bool("quiet", false, "print only problems")
	cardCacheDir := f.String("card-cache", "", "keep drawn social cards in `DIR` between builds (default .rounds/cache/cards in the site)")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "rounds build: unexpected argument %q (the site is given with -s DIR)\n", pos[0])
		return exitUsage
	}
	today, ok := sf.today(e)
	if !ok {
		return exitUsage
	}
	if *dest == "" {
		*dest = filepath.Join(sf.dir, "public")
	}
	if msg := unsafeDestination(sf.dir, *dest); msg != "" {
		fmt.Fprintf(e.stderr, "rounds build: %s\n", msg)
		return exitUsage
	}
	root, ok := openSite(e, sf.dir)
	if !ok {
		return exitOther
	}
	defer root.Close()
	disk, err := output.NewDisk(*dest, spareOutput(sf.dir))
	if err != nil {
		fmt.Fprintf(e.stderr, "rounds build: cannot prepare %s: %v\n", *dest, err)
		return exitOther
	}
	progress := newProgress(e.stderr)
	codes := output.NewPackCache(codeCache(sf.dir))
	res, err := generator.Build(e.ctx, generator.Options{
		Site: root.FS(), Out: disk, Today: today, BaseURL: *baseURL,
		Minify: !*noMinify, Strict: *strict, Progress: progress.update,
		Cards: output.NewDirCache(cmp.Or(*cardCacheDir, cardCache(sf.dir))),
		Code:  codes,
	})
	progress.done()
	if err != nil {
		_ = disk.Abort()
		res.Diags.Print(e.stderr)
		if errors.Is(err, generator.ErrRefused) {
			fmt.Fprintf(e.stderr, "refused: %s; %s was not changed\n", res.Diags.Summary(), rel(*dest))
			return exitRefused
		}
		fmt.Fprintf(e.stderr, "rounds build: %v\n%s was not changed\n", err, rel(*dest))
		return exitOther
	}
	if err := disk.Commit(); err != nil {
		_ = disk.Abort()
		fmt.Fprintf(e.stderr, "rounds build: %v\n", err)
		return exitOther
	}
	if err := codes.Save(); err != nil {
		fmt.Fprintf(e.stderr, "rounds build: warning: cannot keep highlighted code for the next build: %v\n", err)
	}
	res.Diags.Print(e.stderr)
	if !*quiet {
		fmt.Fprintf(e.stderr, "built %s: %d modules, %d pages, %d cards (%d drawn, the rest unchanged), %d files, %s, in %s\n",
			rel(*dest), res.Modules, res.Pages, res.Cards, res.Drawn, res.Files, plural(res.Diags.Warnings(), "warning"), res.Duration.Round(time.Millisecond))
	}
	return exitOK
}

// cardCache is where drawn social cards are kept between builds: in the
// site, outside the output, ignored by git (rounds new site says so).
func cardCache(site string) string { return filepath.Join(site, ".rounds", "cache", "cards") }

// spareOutput is where the output a build replaces is kept, for the next
// build to rewrite only what changed (beside the other caches).
func spareOutput(site string) string { return filepath.Join(site, ".rounds", "cache", "output") }

// codeCache is the file that keeps highlighted code blocks between builds,
// beside the card cache.
func codeCache(site string) string { return filepath.Join(site, ".rounds", "cache", "code.pack") }

// unsafeDestination refuses a destination whose replacement would destroy
// the site or something that is not a build: the site itself, a folder
// holding it, or a folder with a rounds.toml or .git in it.
func unsafeDestination(site, dest string) string {
	s, err1 := filepath.Abs(site)
	d, err2 := filepath.Abs(dest)
	if err1 != nil || err2 != nil {
		return "cannot resolve the destination"
	}
	if d == s || strings.HasPrefix(s+string(filepath.Separator), d+string(filepath.Separator)) {
		return fmt.Sprintf("the destination %s holds the site; choose a folder of its own, such as %s", dest, filepath.Join(site, "public"))
	}
	for _, inside := range []string{"content", "layouts", "static", "data", "themes"} {
		dir := filepath.Join(s, inside)
		if d == dir || strings.HasPrefix(d, dir+string(filepath.Separator)) {
			return fmt.Sprintf("the destination %s is inside the site's %s/; choose a folder of its own, such as %s", dest, inside, filepath.Join(site, "public"))
		}
	}
	for _, marker := range []string{"rounds.toml", ".git", "content"} {
		if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
			return fmt.Sprintf("the destination %s has a %s in it and would be replaced whole; choose an empty folder or an earlier build", dest, marker)
		}
	}
	return ""
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// progress shows "rendering 1200/10000" on a terminal, a few times a second.
type progress struct {
	w     io.Writer
	tty   bool
	mu    sync.Mutex
	last  time.Time
	shown bool
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w}
	if f, ok := w.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) update(done, total int) {
	if !p.tty || total < 200 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := time.Now(); now.Sub(p.last) > 100*time.Millisecond || done == total {
		p.last = now
		p.shown = true
		fmt.Fprintf(p.w, "\rrendering %d/%d modules", done, total)
	}
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// printDiags prints diagnostics and the count line.
func printDiags(w io.Writer, l diag.List) {
	l.Print(w)
	fmt.Fprintln(w, l.Summary())
}
