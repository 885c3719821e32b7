package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/rounds-dev/rounds/content"
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
	force := f.Bool("force", false, "replace a destination outside the site that holds other files (never one with .git)")
	cardCacheDir := f.String("card-cache", "", "keep drawn social cards in `DIR` between builds (default .rounds/cache/cards in the site)")
	noCache := f.Bool("no-cache", false, "build from nothing: no build state, card or code cache is read or written (for releases)")
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
	var clock content.Date
	if e.clock != nil {
		clock = content.DateOf(e.clock())
	}
	if *dest == "" {
		*dest = filepath.Join(sf.dir, "public")
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
	// The destination is checked before the build and again before the
	// swap: it may have changed meanwhile, and the site's baseURL is only
	// known for sure once the build has read rounds.toml.
	do := output.DestOptions{Site: sf.dir, Output: filepath.Join(sf.dir, "public"), Force: *force, Protect: protectedFolders()}
	if own, ok := generator.SiteBaseURL(root.FS(), ""); ok {
		do.BaseURLs = []string{own}
		if used, ok := generator.SiteBaseURL(root.FS(), *baseURL); ok && used != own {
			do.BaseURLs = append(do.BaseURLs, used)
		}
	}
	claim, err := output.CheckDestination(*dest, do)
	if err != nil {
		return refuseDestination(e, err)
	}
	disk, err := output.NewDisk(e.ctx, *dest, output.DiskOptions{
		Spare: spareOutput(sf.dir),
		Lock:  buildLock(sf.dir),
		Waiting: func() {
			fmt.Fprintf(e.stderr, "rounds build: waiting for another build of %s to finish\n", rel(sf.dir))
		},
		Warn: func(msg string) { fmt.Fprintf(e.stderr, "rounds build: warning: %s\n", msg) },
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "rounds build: cannot prepare %s: %v\n", *dest, err)
		return exitOther
	}
	progress := newProgress(e.stderr)
	opts := generator.Options{
		Site: root.FS(), Out: disk, Today: today, Clock: clock, BaseURL: *baseURL, Version: version,
		Minify: !*noMinify, Strict: *strict, Progress: progress.update, Trust: trust,
		// The list phase sets the peak memory: the GC works harder there.
		ListPhase: tighterGC,
	}
	var codes *output.PackCache
	var cards *output.DirCache
	if !*noCache {
		codes = output.NewPackCache(codeCache(sf.dir))
		cards = output.NewDirCache(cmp.Or(*cardCacheDir, cardCache(sf.dir)))
		opts.Cards = cards
		opts.Code, opts.State = codes, buildState(sf.dir)
	}
	res, err := generator.Build(e.ctx, opts)
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
	// Trimmed under the build lock, which Commit releases: no other build
	// of the site is linking cards from it. A folder named with
	// --card-cache may be shared by sites, and is left alone.
	if cards != nil && *cardCacheDir == "" {
		if _, err := cards.Trim(cardCacheSpare); err != nil {
			fmt.Fprintf(e.stderr, "rounds build: warning: cannot trim the card cache: %v\n", err)
		}
	}
	if used := res.Checked.Config.Base.String(); !slices.Contains(do.BaseURLs, used) {
		do.BaseURLs = append(do.BaseURLs, used)
	}
	if claim, err = output.CheckDestination(*dest, do); err != nil {
		_ = disk.Abort()
		return refuseDestination(e, err)
	}
	if err := disk.Commit(); err != nil {
		_ = disk.Abort()
		fmt.Fprintf(e.stderr, "rounds build: %v\n", err)
		return exitOther
	}
	if codes != nil {
		if err := codes.Save(); err != nil {
			fmt.Fprintf(e.stderr, "rounds build: warning: cannot keep highlighted code for the next build: %v\n", err)
		}
	}
	if res.CacheNote != "" && !*quiet {
		fmt.Fprintf(e.stderr, "rounds build: note: %s: every module rendered\n", res.CacheNote)
	}
	res.Diags.Print(e.stderr)
	switch claim {
	case output.ClaimMigrated:
		fmt.Fprintf(e.stderr, "rounds build: note: %s had no %s, but an earlier rounds wrote it: it was replaced, and has one now\n", rel(*dest), output.RecordName)
	case output.ClaimForced:
		fmt.Fprintf(e.stderr, "rounds build: note: %s and the files it held were replaced (--force)\n", rel(*dest))
	}
	if !*quiet {
		fmt.Fprintf(e.stderr, "built %s: %d modules (%d rendered, the rest unchanged), %d pages, %d cards (%d drawn, the rest unchanged), %d files, %s, in %s\n",
			rel(*dest), res.Modules, res.Modules-res.Reused, res.Pages, res.Cards, res.Drawn, res.Files, plural(res.Diags.Warnings(), "warning"), res.Duration.Round(time.Millisecond))
	}
	return exitOK
}

// refuseDestination prints why a destination is refused, and what to do.
func refuseDestination(e *env, err error) int {
	var de *output.DestError
	if !errors.As(err, &de) {
		fmt.Fprintf(e.stderr, "rounds build: %v\n", err)
		return exitOther
	}
	fmt.Fprintf(e.stderr, "rounds build: error: destination: %s %s\n", rel(de.Dest), de.Why)
	if de.Help != "" {
		fmt.Fprintf(e.stderr, "  help: %s\n", de.Help)
	}
	return exitUsage
}

// protectedFolders are folders a destination may never be or hold: the
// working folder and the home folder.
func protectedFolders() []string {
	var out []string
	if wd, err := os.Getwd(); err == nil {
		out = append(out, wd)
	}
	if home, err := os.UserHomeDir(); err == nil {
		out = append(out, home)
	}
	return out
}

// cardCache is where drawn social cards are kept between builds: in the
// site, outside the output, ignored by git (rounds new site says so).
func cardCache(site string) string { return filepath.Join(site, ".rounds", "cache", "cards") }

// cardCacheSpare is how much of the card cache a build keeps beyond the
// cards and zips it used: the most recent, so that a branch switched back
// redraws little, while edits do not grow the cache without end.
const cardCacheSpare = 1 << 30

// spareOutput is where the output a build replaces is kept, for the next
// build to rewrite only what changed (beside the other caches).
func spareOutput(site string) string { return filepath.Join(site, ".rounds", "cache", "output") }

// buildLock is the file builds of a site lock, one at a time (beside the
// caches, which they share).
func buildLock(site string) string { return filepath.Join(site, ".rounds", "build.lock") }

// codeCache is the file that keeps highlighted code blocks between builds,
// beside the card cache.
func codeCache(site string) string { return filepath.Join(site, ".rounds", "cache", "code.pack") }

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
