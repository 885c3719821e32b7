package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator/card"
	"github.com/rounds-dev/rounds/generator/feed"
	"github.com/rounds-dev/rounds/generator/markdown"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/generator/render"
	"github.com/rounds-dev/rounds/generator/search"
	"github.com/rounds-dev/rounds/themes"
)

// ErrRefused means the site has errors and nothing was written.
var ErrRefused = errors.New("the site was refused: nothing was written")

// Options are the inputs of a build besides the site itself.
type Options struct {
	Site     fs.FS         // the site's folder
	Out      output.Writer // where files go
	Today    content.Date  // "today" for every date rule; from --now or the clock, read once at the top
	BaseURL  string        // overrides rounds.toml
	Minify   bool
	Strict   bool // warnings block too
	Workers  int  // 0: one per CPU
	Theme    fs.FS
	Progress func(done, total int) // called from workers; may be nil
	// Preview renders every module, drafts and refused ones too, each with
	// banners naming what blocks it and noindex: the dev server's view.
	// Only the dev server sets it; rounds build never does.
	Preview bool
	// Cards caches social cards between builds (a folder outside the
	// output); nil keeps them in memory for the Session's life.
	Cards Cache
	// Code caches highlighted code blocks between builds (nil: none);
	// the output is the same with or without it.
	Code Cache
	// Package renders the pages for an LMS package of this format
	// (.Site.Package in templates); only Package sets it.
	Package string
	// Clock is the clock's date, when Today may differ from it (--now);
	// zero: not known. A build dated before it warns of every module it
	// publishes that the gate refuses on the clock's date (clockWarnings).
	Clock content.Date
	// Version is rounds' version, for the build record ("" reads "dev").
	Version string
	// Trust pins reviewers' keys from outside the repository (--trust).
	Trust *content.Trust
	// DryRun renders and checks every page as a build does, and writes
	// nothing: Out may be nil, and no social card is drawn (its file is
	// still claimed, so a collision is found). rounds check, status and
	// review run it: one gate, the same rules over the same inputs as
	// rounds build, the link rule and the output checks included.
	DryRun bool
}

// Result is what a build did.
type Result struct {
	Checked  *Checked
	Diags    diag.List
	Modules  int // published modules
	Pages    int // HTML pages
	Files    int // all files
	Rendered int // modules rendered (the others were reused from the last build)
	Cards    int // social cards written
	Drawn    int // of which drawn anew (the others came from the cache)
	Duration time.Duration
}

// Build loads, checks, renders and writes a site. When any module or file
// has an error (or a warning, with Strict) it returns ErrRefused before
// writing anything; Result.Diags lists every problem either way.
func Build(ctx context.Context, opts Options) (*Result, error) {
	s := NewSession(opts)
	s.release = true
	return s.Build(ctx, nil)
}

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

// moduleOut is what a module's rendering produced.
type moduleOut struct {
	view  *render.Module
	files []string
	lists []string // the list pages that show the module: its course, its terms
	shown string   // what those lists show of it; equal keys mean they need no redraw
	nav   string   // what its page shows of its course's other modules (navKey)
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
	if s.release && !backdated(opts) {
		// (A backdated build checks each module twice: its source is kept.)
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
	if prev != nil && !staticChanged(set) {
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
	res.Modules = len(b.published)
	res.Pages = int(b.pages.Load())
	res.Files, res.Cards = files.n, files.cards
	res.Rendered = int(b.rendered.Load())
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
		if min != nil && !wholePages {
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

type builder struct {
	slugs      map[string]string  // urlize's results, kept by the Session
	courses    map[string]*course // by folder, from the Session's last build
	release    bool               // let each module's source go once it is rendered
	relaxGC    func()             // gives back the GOGC tighterGC halved, at the build's end
	opts       Options
	c          *Checked
	tmpl       *render.Templates
	layers     []render.Layer
	md         *markdown.Renderer
	min        *output.Minifier
	site       *render.Site
	published  []*content.Verdict
	views      []*render.Module // parallel to published
	reuse      map[*content.Verdict]*moduleOut
	reuseFrame string
	prevLists  map[string]*pageLinks
	touched    map[string]bool // list pages whose modules changed in this build
	lists      map[string]*pageLinks
	frame      string
	places     map[*content.Verdict]navPlace // each module's place in its course
	assetNames []string                      // the last build's asset files, when they did not change
	jobs       []func()                      // list pages to draw, gathered by writeLists
	pages      atomic.Int64
	rendered   atomic.Int64

	cards    *cardMaker
	mu       sync.Mutex
	errs     []error
	warnings diag.List          // found while rendering (cards that did not fit)
	problems diag.List          // content refused while rendering (problems.go)
	repeats  map[string]*repeat // the same problem on many pages, counted once
	names    *nameTable
	outs     map[*content.Verdict]*moduleOut
	drawn    []*moduleOut // the modules rendered by this build (the others were reused)
	files    *fileSet
	fresh    map[string]bool // pages rendered by this build (the others were kept)

	prevOuts    map[*content.Verdict]*moduleOut
	prevGlobals []string
}

// pageLinks are a page's links inside the site, and its ids, as numbers
// in the Session's nameTable: the link check keeps them for every page
// until the end, and the same few hundred recur on thousands of pages.
type pageLinks struct {
	links []uint32
	ids   []uint32
}

// nameTable numbers the links and ids of pages. It only grows: the dev
// server's pages keep their numbers from build to build.
type nameTable struct {
	mu    sync.Mutex
	index map[string]uint32
	names []string
}

// id returns the number of s, giving it one if it has none.
func (t *nameTable) id(s string) uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if i, ok := t.index[s]; ok {
		return i
	}
	if t.index == nil {
		t.index = map[string]uint32{}
	}
	i := uint32(len(t.names))
	t.index[s] = i
	t.names = append(t.names, s)
	return i
}

// lookup returns the number of s, if it has one.
func (t *nameTable) lookup(s string) (uint32, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	i, ok := t.index[s]
	return i, ok
}

// name returns the string numbered i.
func (t *nameTable) name(i uint32) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.names[i]
}

// warn records a problem found while rendering; it does not stop the build.
func (b *builder) warn(path, rule, msg string) {
	b.mu.Lock()
	b.warnings = append(b.warnings, diag.Diagnostic{Path: path, Severity: diag.Warning, Rule: rule, Message: msg})
	b.mu.Unlock()
}

func (b *builder) fail(err error) {
	b.mu.Lock()
	b.errs = append(b.errs, err)
	b.mu.Unlock()
}

func (b *builder) build(ctx context.Context) error {
	b.site = b.c.siteView()
	b.site.Package = b.opts.Package
	evaluationSite(b.site, b.c.Config, b.opts.Package)
	if b.opts.Preview {
		b.published = b.c.Verdicts
	} else {
		b.published = b.c.Published()
	}
	sections := b.sectionViews()
	b.site.Sections = sections.list
	b.frame = frameKey(b.site)
	b.places = coursePlaces(sections)
	if b.reuse != nil && b.reuseFrame != b.frame {
		b.reuse, b.prevLists = nil, nil // every page shows the site's navigation: it changed
	}
	b.lists = map[string]*pageLinks{}
	b.outs = make(map[*content.Verdict]*moduleOut, len(b.published))

	// A module whose page stands from the last build costs a lookup; the
	// others are rendered on the pool: Markdown, then the page, then write.
	b.views = make([]*render.Module, len(b.published))
	var todo []int
	for i, v := range b.published {
		if out := b.reuse[v]; out != nil && out.nav == navKey(navOf(b.places[v])) {
			out.view.Section = sections.byDir[v.Module.Section.Dir]
			b.views[i] = out.view
			b.outs[v] = out
			continue
		}
		todo = append(todo, i)
	}
	b.takePrevious()
	var done atomic.Int64
	done.Store(int64(len(b.published) - len(todo)))
	total := len(b.published)
	err := parallel(ctx, len(todo), b.opts.Workers, func(i int) {
		b.module(todo[i], sections.byDir)
		if b.opts.Progress != nil {
			b.opts.Progress(int(done.Add(1)), total)
		}
	})
	if err != nil {
		return err
	}
	if len(b.errs) > 0 {
		return b.error()
	}
	viewOf := make(map[*content.Verdict]*render.Module, total)
	for i, v := range b.published {
		viewOf[v] = b.views[i]
	}
	for _, sv := range sections.list {
		for _, v := range sections.verdict[sv] {
			sv.Modules = append(sv.Modules, viewOf[v])
		}
	}
	b.touched = b.touchedLists()
	if b.release {
		b.relaxGC = tighterGC() // to the end of the build: the link check too
	}
	b.writeLists(sections)
	// The list pages, feeds and indexes, drawn on the pool: a course's
	// share page alone holds post texts for every module of the course.
	jobs := b.jobs
	if err := parallel(ctx, len(jobs), b.opts.Workers, func(i int) { jobs[i]() }); err != nil {
		return err
	}
	b.assets()
	b.writeRecord()
	if len(b.errs) > 0 {
		return b.error()
	}
	return nil
}

// tighterGC halves the garbage collector's target growth (GOGC) until the
// function it returns is called. A one-shot build calls it from its list
// phase to its end, which set the build's peak memory: the heap is then
// mostly the modules' list views, kept to the end, and little new is
// allocated. At 10,000 modules the peak falls by a sixth (317-326 MB ->
// 270-277 MB resident) for about 8 more collections, 1 CPU-second or 3%
// of the build; GOGC 70 saved half the memory for half the cost.
// GOGC=off is left alone. Builds running at once share one setting: the
// first in halves it, the last out restores it.
func tighterGC() (restore func()) {
	gcTight.mu.Lock()
	defer gcTight.mu.Unlock()
	if gcTight.users == 0 {
		gcTight.old = debug.SetGCPercent(-1) // only to read it: set again below
		debug.SetGCPercent(gcTight.old)
		if gcTight.old >= 0 {
			debug.SetGCPercent(max(gcTight.old/2, 10))
		}
	}
	gcTight.users++
	var once sync.Once
	return func() {
		once.Do(func() {
			gcTight.mu.Lock()
			defer gcTight.mu.Unlock()
			if gcTight.users--; gcTight.users == 0 {
				debug.SetGCPercent(gcTight.old)
			}
		})
	}
}

var gcTight struct {
	mu    sync.Mutex
	users int
	old   int
}

func (b *builder) error() error {
	msgs := make([]string, 0, len(b.errs))
	for _, e := range b.errs {
		msgs = append(msgs, e.Error())
	}
	return fmt.Errorf("%s", strings.Join(msgs, "\n"))
}

type sectionSet struct {
	list    []*render.Section
	byDir   map[string]*render.Section
	verdict map[*render.Section][]*content.Verdict // in course order
}

// sectionViews groups the published modules by course, in course order.
func (b *builder) sectionViews() sectionSet {
	set := sectionSet{byDir: map[string]*render.Section{}, verdict: map[*render.Section][]*content.Verdict{}}
	groups := map[string][]*content.Verdict{}
	for _, v := range b.published {
		groups[v.Module.Section.Dir] = append(groups[v.Module.Section.Dir], v)
	}
	courses := make(map[string]*course, len(b.c.Sections))
	for _, sec := range b.c.Sections {
		vs := groups[sec.Dir]
		if sec.Dir == "" || len(vs) == 0 || sec.Matter.Draft {
			continue
		}
		c := b.courses[sec.Dir]
		if c == nil || c.sec != sec || !slices.Equal(c.published, vs) {
			c = b.course(sec, vs)
		}
		courses[sec.Dir] = c
		sv := &render.Section{Title: sec.Title(), Summary: sec.Matter.Summary, Path: sec.Dir + "/", TotalCredit: c.total, Body: c.body, Support: c.support}
		if c.posttest {
			sv.Certificate = sv.Path + "certificate/"
			sv.Hours, sv.CreditName = c.hours, c.creditName
		}
		set.list = append(set.list, sv)
		set.byDir[sec.Dir] = sv
		set.verdict[sv] = c.sorted
	}
	b.courses = courses
	// Order courses by weight, then title.
	weights := map[*render.Section]int{}
	for _, sec := range b.c.Sections {
		if sv := set.byDir[sec.Dir]; sv != nil {
			weights[sv] = sec.Matter.Weight
		}
	}
	sortSections(set.list, weights)
	return set
}

// course is what a course's page and certificate show of its modules,
// kept between the dev server's builds: sorting and totalling every
// course of a large site was a fifth of an edit's cost, and an edit
// changes one course at most.
type course struct {
	sec        *content.Section
	published  []*content.Verdict // the course's modules, as sectionViews found them
	sorted     []*content.Verdict // in course order; read only
	total      string
	posttest   bool
	hours      string
	creditName string
	body       template.HTML
	support    string // the disclosure of its modules' commercial support
}

func (b *builder) course(sec *content.Section, vs []*content.Verdict) *course {
	c := &course{sec: sec, published: slices.Clone(vs), sorted: slices.Clone(vs)}
	sortModules(c.sorted)
	c.total, c.posttest = totalCredit(c.sorted), hasPosttest(c.sorted)
	supports := make([]*content.Support, len(c.sorted))
	for i, v := range c.sorted {
		supports[i] = v.Module.Meta.Support
	}
	c.support = content.CourseSupportLine(supports)
	if c.posttest {
		c.hours, c.creditName = creditTotal(c.sorted)
	}
	if len(sec.Body) > 0 {
		r, err := b.md.Render(sec.Body, markdown.Options{})
		if err != nil {
			b.fail(fmt.Errorf("%s: %v", sec.Path, err))
		}
		c.body = b.fragment(sec.Path, r.HTML)
	}
	return c
}

// module renders and writes one module page and its bundle files.
func (b *builder) module(i int, secs map[string]*render.Section) {
	v := b.published[i]
	m := v.Module
	b.rendered.Add(1)
	if err := b.c.restore(m); err != nil {
		b.fail(err)
		return
	}
	if b.release {
		defer m.Release()
	}
	archived := v.State == content.Archived
	quizzes := visibleQuizzes(m, archived)
	form := b.evaluationForm(m, secs[m.Section.Dir])
	opts := markdown.Options{Known: b.c.knownRefs(m), NoPosttest: archived, Quizzes: len(quizzes) > 0, Evaluation: form, Files: bundleFile(m)}
	r, err := b.md.Render(m.Body, opts)
	if err != nil {
		b.fail(fmt.Errorf("%s: %v", m.Path, err))
		return
	}
	mv := b.c.moduleView(v, b.fragment(m.Path, r.HTML), secs[m.Section.Dir])
	mv.References = b.c.references(m, r.Cited)
	mv.Source = m.Path
	mv.Evaluation = b.defaultEvaluation(v, form)
	mv.Evaluates = m.Evaluation != nil || mv.Evaluation != ""
	mv.Frames = r.Frames
	mv.Nav = navOf(b.places[v])
	if len(quizzes) > 0 {
		b.quizzes(v, mv, quizzes, b.fragment(m.Path, r.QuizzesHTML))
	}
	for _, h := range r.Headings {
		mv.Headings = append(mv.Headings, render.Heading{Level: h.Level, ID: h.ID, Text: h.Text})
	}
	b.views[i] = mv
	cards, alt := b.moduleCards(v, mv, quizzes)
	p := b.page("module", mv.Path, mv.Title, mv.Summary)
	p.Module = mv
	p.Image, p.ImageAlt = b.c.Config.AbsURL(cards[0]), alt
	mv.Cards = cards
	p.JSONLD = b.moduleJSONLD(v, mv, r.Cited, quizzes)
	if b.opts.Preview {
		p.Banners, p.Noindex = banners(v), v.State == content.Draft || !v.Publishable()
	}
	b.writePage(p)
	var nav string
	if !b.release {
		nav = navKey(mv.Nav)
	}
	// Lists need the view's title and summary, not its body: let the
	// rendered HTML go, so memory stays flat as the site grows.
	mv.Body, mv.References, mv.Headings, mv.QuizData, mv.Objectives, mv.Evaluation, mv.Nav = "", nil, nil, nil, nil, "", nil
	files := append([]string{mv.Path + "index.html"}, cards...)
	if len(quizzes) > 0 {
		files = append(files, mv.Path+"quiz.json", mv.EmbedPath+"index.html")
	}
	for _, res := range m.Resources {
		if path.Ext(res.Name) == ".md" {
			continue
		}
		b.write(mv.Path+res.Name, b.c.image(m, res))
		files = append(files, mv.Path+res.Name)
	}
	if b.release {
		b.c.forgetImages(m)
		m.Retire()
	}
	b.mu.Lock()
	out := &moduleOut{view: mv, files: files}
	if !b.release {
		// What the next build needs to tell which list pages to redraw.
		out.lists, out.shown, out.nav = listsOf(mv), shownKey(mv), nav
	}
	b.outs[v] = out
	b.drawn = append(b.drawn, out)
	b.mu.Unlock()
}

// bundleFile looks up a file of a module's bundle by its name.
func bundleFile(m *content.Module) func(string) ([]byte, bool) {
	return func(name string) ([]byte, bool) {
		for _, r := range m.Resources {
			if r.Name == name {
				return r.Data, true
			}
		}
		return nil, false
	}
}

// takePrevious takes out of this build the last build's files that it
// does not carry over: those of the modules it renders again or no
// longer publishes, and those of no one module (list pages, feeds,
// assets), which it writes or keeps again. Call it after the reused
// modules are in b.outs and before any file is written.
func (b *builder) takePrevious() {
	for v, out := range b.prevOuts {
		if b.outs[v] != out {
			for _, f := range out.files {
				b.files.take(f)
			}
		}
	}
	for _, f := range b.prevGlobals {
		b.files.take(f)
	}
}

// globals lists the files this build wrote that are of no one module:
// the next build takes them all out and writes or keeps each again.
func (b *builder) globals() []string {
	own := map[string]bool{}
	for _, out := range b.drawn {
		for _, f := range out.files {
			own[f] = true
		}
	}
	var out []string
	for name := range b.files.add {
		if !own[name] {
			out = append(out, name)
		}
	}
	return out
}

// banners say, on a preview page, why the module would not be published.
func banners(v *content.Verdict) []string {
	if v.State == content.Draft {
		return []string{"Draft: this module is not published, and rounds build leaves it out."}
	}
	if v.Publishable() {
		return nil
	}
	out := []string{fmt.Sprintf("Not publishable: rounds build refuses this module (%s).", v.Diags.Summary())}
	for _, d := range v.Diags {
		if d.Severity == diag.Error {
			out = append(out, fmt.Sprintf("%s: %s (%s:%d)", d.Rule, d.Message, d.Path, d.Pos.Line))
		}
	}
	return out
}

// frameKey identifies what every page shows besides its own content: the
// site's title and navigation.
func frameKey(s *render.Site) string {
	var b strings.Builder
	b.WriteString(s.Title)
	for _, sec := range s.Sections {
		b.WriteString("\x00" + sec.Path + "\x00" + sec.Title)
	}
	return b.String()
}

// page makes the common part of a page view.
func (b *builder) page(kind, p, title, desc string) *render.Page {
	return &render.Page{Kind: kind, Path: p, Title: title, Description: desc, Site: b.site,
		Permalink: b.c.Config.AbsURL(p), Root: strings.Repeat("../", strings.Count(p, "/"))}
}

func (b *builder) writePage(p *render.Page) {
	name := p.Path + "index.html"
	if p.Kind == "404" {
		name = "404.html"
	}
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer pageBuffers.Put(buf)
	buf.Reset()
	if err := b.tmpl.Execute(buf, p); err != nil {
		b.renderFailed(name, err)
		return
	}
	if pageHook != nil {
		pageHook(b.tmpl, p, name)
	}
	if p.Kind == "module" && !b.checkModulePage(p, buf.Bytes()) {
		return
	}
	b.pages.Add(1)
	if b.tmpl.Minified() {
		// Minified layouts and Markdown; what is left of the layouts'
		// newlines around {{define}} and {{template}} is trimmed, as
		// minifying the page whole would.
		b.put(name, bytes.TrimSpace(buf.Bytes()))
		return
	}
	b.write(name, buf.Bytes())
}

// wholePages, set by tests, minifies every page whole, as a site with
// its own layouts is: the built-in theme's pages must come out the same.
var wholePages bool

// fragment minifies rendered Markdown when the layouts it is printed into
// were minified as they were parsed (the page is not minified whole).
func (b *builder) fragment(name string, html []byte) template.HTML {
	if b.min == nil || !b.tmpl.Minified() {
		return template.HTML(html)
	}
	out, err := b.min.HTML(html)
	if err != nil {
		b.fail(fmt.Errorf("minifying %s: %v", name, err))
	}
	return template.HTML(out)
}

// pageHook, when set (by BenchmarkTemplates, through export_test.go), is
// given every page rendered, the templates that rendered it and the file
// it is written to, so the template stage can be timed on its own.
var pageHook func(t *render.Templates, p *render.Page, file string)

// pageBuffers hold rendered pages until they are minified: a page is tens
// of kilobytes, and growing a fresh buffer for each of thousands of pages
// was a tenth of what a build allocated.
var pageBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 64<<10)) }}

// minifyBuffers hold pages minified until they are written: minifying
// into a new slice per page was a tenth of what a build allocated.
var minifyBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 64<<10)) }}

// write minifies, checks and writes one file. data is not kept: it may
// be a buffer the caller reuses.
func (b *builder) write(name string, data []byte) {
	if b.min != nil {
		buf := minifyBuffers.Get().(*bytes.Buffer)
		defer minifyBuffers.Put(buf)
		m, err := b.min.MinifyTo(buf, name, data)
		if err != nil {
			b.fail(fmt.Errorf("minifying %s: %v", name, err))
			return
		}
		data = m
	}
	b.put(name, data)
}

// put checks and writes one file as it is.
func (b *builder) put(name string, data []byte) {
	var pl *pageLinks
	if strings.HasSuffix(name, ".html") {
		// SPEC "Safety": after rendering, every href/src is decoded and
		// checked against the scheme allowlist; the build fails otherwise.
		errs, links, ids := output.CheckPage(name, data)
		if len(errs) > 0 {
			// Nothing unsafe is written, not even to the dev server.
			b.refusePage(name, errs)
			return
		}
		pl = &pageLinks{ids: make([]uint32, len(ids))}
		for i, id := range ids {
			pl.ids[i] = b.names.id(id)
		}
		internal := make([]uint32, 0, len(links))
		for _, l := range links {
			if output.Internal(l.URL, b.c.Config.Base.Path) {
				internal = append(internal, b.names.id(l.URL))
			}
		}
		pl.links = slices.Clone(internal) // no room to spare: it is kept to the end
	}
	if !b.claim(name, pl) {
		return
	}
	if err := b.opts.Out.WriteFile(name, data); err != nil {
		b.fail(err)
	}
}

// claim records that this build writes name (with its links, for a page),
// and fails the build if it was written already.
func (b *builder) claim(name string, pl *pageLinks) bool {
	b.mu.Lock()
	dup := !b.files.put(name, pl)
	if pl != nil {
		b.fresh[name] = true
	}
	b.mu.Unlock()
	if dup {
		b.collision(name)
		return false
	}
	return true
}

// writeTaxonomies writes each taxonomy's page and its terms' pages.
func (b *builder) writeTaxonomies() {
	for _, tax := range b.taxonomies() {
		b.listPage(tax.Path, tax.Path, func() *render.Page {
			p := b.page("taxonomy", tax.Path, tax.Title, "")
			p.Taxonomy = tax
			return p
		})
		for _, t := range tax.Terms {
			b.listPage(t.Path, t.Path, func() *render.Page {
				tp := b.page("term", t.Path, tax.Title+": "+t.Name, "")
				tp.Taxonomy, tp.Term, tp.Modules = tax, t, t.Modules
				return tp
			})
		}
	}
}

// keep counts a list page of the last build as written by this one, with
// its links. The caller holds b.mu.
func (b *builder) keep(name string, pl *pageLinks) {
	b.files.put(name, pl)
	b.lists[name] = pl
}

// listsUnchanged reports whether no module changed what list pages show
// of it, so every list page of the last build stands.
func (b *builder) listsUnchanged() bool { return b.touched != nil && len(b.touched) == 0 }

// keepLists keeps, as they were, the last build's list pages under these
// folders.
func (b *builder) keepLists(prefixes ...string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for name, pl := range b.prevLists {
		for _, p := range prefixes {
			if strings.HasPrefix(name, p) {
				b.keep(name, pl)
			}
		}
	}
}

// writeLists gathers as jobs the home, course, taxonomy, 404, feed, sitemap
// and search pages to write, and keeps the last build's that stand.
func (b *builder) writeLists(secs sectionSet) {
	home := b.page("home", "", b.site.Title, "")
	home.Sections = secs.list
	if img, alt := b.siteCard("cards/_site.png", b.site.Title, "", ""); img != "" {
		home.Image, home.ImageAlt = b.c.Config.AbsURL(img), alt
	}
	home.Modules = b.newest(10)
	home.JSONLD = map[string]any{"@context": "https://schema.org", "@type": "WebSite", "name": b.site.Title, "url": b.c.Config.AbsURL("")}
	b.job(func() { b.writePage(home) })
	sitemap := []feed.URL{{Loc: home.Permalink}}
	for _, sv := range secs.list {
		kept := b.listPage(sv.Path, sv.Path, func() *render.Page {
			p := b.page("section", sv.Path, sv.Title, sv.Summary)
			p.Section = sv
			p.Modules = sv.Modules
			p.JSONLD = b.courseJSONLD(sv)
			img, alt := b.siteCard(courseCard(sv), sv.Title, sv.Summary, sv.Support)
			p.Image, p.ImageAlt = b.c.Config.AbsURL(img), alt
			return p
		})
		if kept {
			b.mu.Lock()
			b.files.put(courseCard(sv), nil) // kept with its page
			b.mu.Unlock()
		}
		sitemap = append(sitemap, feed.URL{Loc: b.c.Config.AbsURL(sv.Path)})
		if sv.Certificate != "" {
			b.listPage(sv.Certificate, sv.Path, func() *render.Page {
				cp := b.page("certificate", sv.Certificate, "Certificate: "+sv.Title, "")
				cp.Section, cp.Noindex = sv, true
				return cp
			})
		}
	}
	if b.listsUnchanged() {
		// No module changed what lists show of it: every taxonomy and
		// term page of the last build stands, and the set of terms too.
		b.keepLists("audience/", "tags/")
	} else {
		b.writeTaxonomies()
	}
	b.sharePages(secs)
	sitemap = append(sitemap, b.writePaths()...)
	nf := b.page("404", "404.html", "Page not found", "")
	nf.Path, nf.Root, nf.Noindex = "", b.c.Config.Base.String(), true
	nf.Permalink = b.c.Config.AbsURL("404.html")
	b.job(func() { b.writePage(nf) })

	if b.listsUnchanged() {
		// No module changed what lists show of it (the sitemap's dates
		// included): the feed, sitemap and index of the last build stand.
		b.mu.Lock()
		for _, name := range []string{"index.xml", "sitemap.xml", "robots.txt", "search.json"} {
			b.files.put(name, nil)
		}
		b.mu.Unlock()
		return
	}
	for i, mv := range b.views {
		sitemap = append(sitemap, feed.URL{Loc: b.c.Config.AbsURL(mv.Path), LastMod: lastMod(b.published[i])})
	}

	b.job(func() {
		var items []feed.Item
		for _, mv := range b.newest(feed.MaxItems) {
			items = append(items, feed.Item{Title: mv.Title, Link: b.c.Config.AbsURL(mv.Path), Description: listedSummary(mv), Date: dateOf(mv.Date)})
		}
		b.write("index.xml", feed.RSS(feed.Channel{Title: b.site.Title, Link: home.Permalink, Self: b.c.Config.AbsURL("index.xml"), Language: b.site.Language}, items))
	})
	b.job(func() {
		b.write("sitemap.xml", feed.Sitemap(sitemap))
		b.write("robots.txt", []byte("User-agent: *\nAllow: /\nSitemap: "+b.c.Config.AbsURL("sitemap.xml")+"\n"))
	})
	b.job(func() {
		entries := make([]search.Entry, 0, len(b.views))
		for _, mv := range b.views {
			// The tags as the module's page links them (one per page), which
			// is what shownKey compares between builds.
			e := search.Entry{Title: mv.Title, Summary: mv.Summary, Path: mv.Path}
			for _, l := range mv.Tags {
				e.Tags = append(e.Tags, l.Text)
			}
			if mv.Section != nil {
				e.Course = mv.Section.Title
			}
			if mv.Support != nil {
				e.Disclosure = mv.Support.Line
			}
			entries = append(entries, e)
		}
		b.write("search.json", search.Index(entries))
	})
}

// listedSummary is a module's summary where a reader sees it without the
// page (a feed reader): its disclosure first, as on a share post.
func listedSummary(mv *render.Module) string {
	if mv.Support == nil {
		return mv.Summary
	}
	return strings.TrimSpace(mv.Support.Line + " " + mv.Summary)
}

// discard is the output of a dry run: every file is checked, none kept.
type discard struct{}

func (discard) WriteFile(name string, data []byte) error { return output.CleanName(name) }

// job adds a page to draw once writeLists has gathered them all.
func (b *builder) job(fn func()) { b.jobs = append(b.jobs, fn) }

func lastMod(v *content.Verdict) string {
	if !v.LastReview.IsZero() && v.LastReview.After(v.Module.Meta.Date) {
		return v.LastReview.String()
	}
	return v.Module.Meta.Date.String()
}

func dateOf(iso string) time.Time {
	d := content.ParseDate(iso)
	return d.Time()
}

// listsOf names the list pages that show a module: its course, its terms,
// and the taxonomies that count them.
func listsOf(mv *render.Module) []string {
	var out []string
	if mv.Section != nil {
		out = append(out, mv.Section.Path)
	}
	for _, l := range append(append([]render.Link{}, mv.Tags...), mv.Audiences...) {
		out = append(out, l.Path, l.Path[:strings.IndexByte(l.Path, '/')+1])
	}
	return out
}

// touchedLists are the list pages to draw again in an incremental build:
// those that show a module rendered now, or one that was removed, unless
// what they show of it (title, summary, dates, credit, cards, terms) is
// unchanged: an edit of a body redraws no list. Nil means every list page.
func (b *builder) touchedLists() map[string]bool {
	if b.prevLists == nil {
		return nil
	}
	// Only maps of the few modules that changed are made: the dev server
	// runs this on every edit of a site of thousands.
	var rendered []*moduleOut
	for v, out := range b.outs {
		if b.reuse[v] != out {
			rendered = append(rendered, out)
		}
	}
	stale := map[string]*moduleOut{} // the last build's modules not kept, by path
	for v, out := range b.reuse {
		if _, kept := b.outs[v]; !kept {
			stale[out.view.Path] = out
		}
	}
	t := map[string]bool{}
	touch := func(out *moduleOut) {
		for _, k := range out.lists {
			t[k] = true
		}
	}
	for _, out := range rendered {
		old := stale[out.view.Path]
		delete(stale, out.view.Path)
		if old != nil && old.shown == out.shown {
			continue // rendered again, but the lists show the same
		}
		touch(out)
		if old != nil {
			touch(old)
		}
	}
	for _, out := range stale {
		touch(out) // gone
	}
	return t
}

// shownKey is what list pages show of a module.
func shownKey(mv *render.Module) string {
	var b strings.Builder
	for _, s := range []string{mv.Path, mv.Title, mv.Summary, mv.Duration, mv.Released, mv.Date, mv.LastReviewed, fmt.Sprint(mv.Posttests)} {
		b.WriteString(s)
		b.WriteByte(0)
	}
	if mv.Credit != nil {
		b.WriteString(mv.Credit.Badge)
	}
	if mv.Support != nil {
		b.WriteString(mv.Support.Sentence)
	}
	b.WriteByte(0)
	// The spelling too: a term's page is titled with the first one.
	for _, l := range append(append([]render.Link{}, mv.Tags...), mv.Audiences...) {
		b.WriteString(l.Path + "\x00" + l.Text + "\x00")
	}
	b.WriteString(strings.Join(mv.Cards, "\x00"))
	if mv.Section != nil {
		b.WriteString("\x00" + mv.Section.Path)
	}
	return b.String()
}

// listPage keeps the last build's list page when none of the modules it
// shows changed (and reports true), or adds a job to draw it. key is its
// path, as listsOf names it; p is called only when the page is drawn.
func (b *builder) listPage(name, key string, p func() *render.Page) (kept bool) {
	name += "index.html"
	if pl, ok := b.prevLists[name]; ok && b.touched != nil && !b.touched[key] {
		b.mu.Lock()
		b.keep(name, pl)
		b.mu.Unlock()
		return true
	}
	b.job(func() {
		b.writePage(p())
		b.mu.Lock()
		b.lists[name] = b.files.links(name)
		b.mu.Unlock()
	})
	return false
}
