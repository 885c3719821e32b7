package generator

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator/card"
	"github.com/rounds-dev/rounds/generator/markdown"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/generator/render"
	"github.com/rounds-dev/rounds/themes"
)

// Session builds one site again and again, reusing what did not change:
// parsed modules, verdicts and rendered pages. It is the engine of the dev
// server; Build is a Session used once. A Session is not safe for
// concurrent builds.
type Session struct {
	opts Options
	// release lets each module's source go once checked, and reads it
	// again to render it: a build used once keeps no source it is not
	// rendering (a Session that builds again keeps them for reuse).
	release bool
	slugs   map[string]string // taxonomy terms made into URL segments
	names   *nameTable        // the links and ids of pages, numbered
	courses map[string]*course
	md      *markdown.Renderer
	min     *output.Minifier
	cards   *card.Drawer
	cache   Cache
	prev    *snapshot
}

// snapshot is what the last successful build leaves for the next one.
type snapshot struct {
	site    *Site
	checked *Checked
	tmpl    *render.Templates
	outs    map[*content.Verdict]*moduleOut
	assets  []string
	files   *fileSet
	globals []string // files not of one module: list pages, feeds, assets
	frame   string
	lists   map[string]*pageLinks // list pages (courses, terms, share) and their links
}

// NewSession prepares a Session.
func NewSession(opts Options) *Session {
	if opts.DryRun {
		opts.Out = discard{}
	}
	s := &Session{opts: opts, md: markdown.NewCached(opts.Code), cache: opts.Cards, slugs: map[string]string{}, names: &nameTable{}}
	if opts.Minify {
		s.min = output.NewMinifier()
	}
	if s.cache == nil {
		s.cache = &memCache{}
	}
	// The fonts are embedded: a failure here is a bug, reported by Build.
	s.cards, _ = card.NewDrawer()
	return s
}

// Build rebuilds the site. changed lists the site paths written since the
// last build (from a watcher); nil means anything may have changed. When
// the build fails, the previous output stays as it was.
func (s *Session) Build(ctx context.Context, changed []string) (*Result, error) {
	start := time.Now()
	res := &Result{}
	var prev *snapshot
	var set map[string]bool
	if changed != nil && s.prev != nil {
		prev = s.prev
		set = make(map[string]bool, len(changed))
		for _, p := range changed {
			set[p] = true
		}
	}
	opts := s.opts
	var prevSite *Site
	var prevChecked *Checked
	if prev != nil {
		prevSite, prevChecked = prev.site, prev.checked
	}
	lo := LoadOptions{BaseURL: opts.BaseURL, Workers: opts.Workers, Prev: prevSite, Changed: set, Trust: opts.Trust}
	if s.release {
		lo.CheckOn = &opts.Today
	}
	site, l := Load(ctx, opts.Site, lo)
	res.Diags = l
	if site == nil {
		res.Diags.Sort()
		return res, ErrRefused
	}
	checked := recheck(ctx, site, opts.Today, opts.Workers, prevChecked)
	res.Checked = checked
	var tmpl *render.Templates
	layers, ll := themeLayers(opts, site, s.min)
	if prev != nil && !themeChanged(set) {
		tmpl = prev.tmpl
	} else {
		res.Diags = append(res.Diags, ll...)
		var tl diag.List
		tmpl, tl = render.Load(layers...)
		res.Diags = append(res.Diags, tl...)
	}
	// In preview, what the gate refuses is still shown (with banners);
	// what cannot be read at all fails the build.
	fatal := res.Diags.HasErrors()
	if len(res.Diags) == 0 {
		// The gate's list, sorted already, shared rather than copied: a
		// large site's warnings number tens of thousands. The capacity is
		// cut so that an append copies instead of writing into it.
		res.Diags = checked.Diags[:len(checked.Diags):len(checked.Diags)]
	} else {
		res.Diags = append(slices.Grow(res.Diags, len(checked.Diags)), checked.Diags...)
	}
	if !opts.Preview {
		res.Diags = append(res.Diags, clockWarnings(ctx, checked, opts)...)
	}
	res.Diags.Sort()
	refused := res.Diags.HasErrors() || (opts.Strict && res.Diags.Warnings() > 0)
	if fatal || (refused && !opts.Preview) {
		return res, ErrRefused
	}
	b := &builder{slugs: s.slugs, names: s.names, courses: s.courses, release: s.release, opts: opts, c: checked, tmpl: tmpl, layers: layers, md: s.md, min: s.min,
		files: newFileSet(nil), fresh: map[string]bool{}}
	if s.prev != nil {
		b.files = newFileSet(s.prev.files)
		b.prevOuts, b.prevGlobals = s.prev.outs, s.prev.globals
	}
	if s.cards != nil {
		b.cards = &cardMaker{drawer: s.cards, cache: s.cache}
	}
	if prev != nil && prev.tmpl == tmpl {
		b.reuse, b.reuseFrame, b.prevLists = prev.outs, prev.frame, prev.lists
	}
	// The assets stand unless static/ changed, or [brand], which
	// css/brand.css and the font files are drawn from.
	if prev != nil && !staticChanged(set) && prev.checked.Config.Site.Brand == checked.Config.Site.Brand {
		b.assetNames = prev.assets
	}
	defer func() {
		if b.relaxGC != nil {
			b.relaxGC()
		}
	}()
	if err := b.build(ctx); err != nil {
		return res, err
	}
	res.Diags = append(res.Diags, b.warnings...)
	problems := b.renderProblems()
	res.Diags = append(res.Diags, problems...)
	res.Diags.Sort()
	if problems.HasErrors() && !opts.Preview {
		return res, ErrRefused
	}
	// Rule links: no page links to a draft, a refused module or a missing
	// page or anchor. Checked on the whole output, after every page exists;
	// the dev server, when no file went away, checks the pages it redrew.
	removed := b.files.removed()
	onlyFresh := opts.Preview && s.prev != nil && len(removed) == 0
	if bad := b.checkLinks(onlyFresh); len(bad) > 0 {
		if !opts.Preview {
			res.Diags = append(res.Diags, bad...)
			res.Diags.Sort()
			return res, ErrRefused
		}
		for i := range bad {
			bad[i].Severity = diag.Warning
		}
		res.Diags = append(res.Diags, bad...)
		res.Diags.Sort()
	}
	if r, ok := opts.Out.(output.Remover); ok {
		for _, name := range removed {
			r.Remove(name)
		}
	}
	var globals []string
	if !s.release {
		globals = b.globals()
	}
	files := b.files.commit()
	s.courses = b.courses
	s.prev = &snapshot{site: site, checked: checked, tmpl: tmpl, outs: b.outs, assets: b.assetNames, files: files, globals: globals, frame: b.frame, lists: b.lists}
	res.Modules = len(b.published) + len(b.translated)
	res.Pages = int(b.pages.Load())
	res.Files, res.Cards = files.n, files.cards
	res.Rendered = int(b.rendered.Load())
	res.Reused = int(b.reused.Load())
	if b.state != nil {
		res.CacheNote = b.state.note
		if err := b.saveCache(); err != nil {
			res.CacheNote = "the build cache could not be kept for the next build: " + err.Error()
		}
	}
	if b.cards != nil {
		res.Drawn = len(b.cardsDrawn())
	}
	res.Duration = time.Since(start)
	return res, nil
}

// themeChanged reports whether a change touches the layouts.
func themeChanged(set map[string]bool) bool {
	for p := range set {
		if strings.HasPrefix(p, "layouts/") || strings.HasPrefix(p, "themes/") {
			return true
		}
	}
	return false
}

// staticChanged reports whether a change touches static files.
func staticChanged(set map[string]bool) bool {
	for p := range set {
		if strings.HasPrefix(p, "static/") || strings.HasPrefix(p, "themes/") {
			return true
		}
	}
	return false
}

// themeLayers are where layouts and static files come from, lowest first:
// the default theme (or Options.Theme), the site's themes/NAME when
// rounds.toml names one, and the site itself (its layouts/ and static/).
//
// With a minifier, the built-in theme's layouts are minified as they are
// parsed: a site that only uses them has its pages minified once per
// layout instead of once per page (see builder.writePage).
func themeLayers(opts Options, site *Site, min *output.Minifier) ([]render.Layer, diag.List) {
	base := render.Layer{FS: opts.Theme, Prefix: "theme:"}
	if base.FS == nil {
		base.FS = themes.Default()
		if min != nil && !opts.WholePages {
			base.Minify = min.Layout
		}
	}
	layers := []render.Layer{base}
	var l diag.List
	if name := site.Config.Site.Theme; name != "" {
		dir := "themes/" + name
		if info, err := fs.Stat(site.FS, dir); err != nil || !info.IsDir() || !content.ValidSlug(name) {
			d := site.Config.Doc.Errorf(&l, []any{"theme"}, "config", "theme %q: there is no folder %s in the site", name, dir)
			d.Help = "put the theme's layouts/ and static/ in themes/" + name + "/, or remove theme = to use the built-in one"
			return layers, l
		}
		sub, _ := fs.Sub(site.FS, dir)
		layers = append(layers, render.Layer{FS: sub, Prefix: dir + "/"})
	}
	return append(layers, render.Layer{FS: site.FS}), l
}
