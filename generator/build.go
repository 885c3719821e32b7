package generator

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator/markdown"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/generator/render"
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
	// ListPhase, when not nil, is called by a one-shot build (Build) as
	// it starts its list phase (list pages, feeds, the link check), and
	// the function it returns at the build's end. That phase sets the
	// build's peak memory; cmd/rounds tightens the garbage collector for
	// it, a decision for the process, not the library.
	ListPhase func() (done func())
	// PageHook, when not nil, is given every page rendered, the templates
	// that rendered it and the file it is written to, so the template
	// stage can be timed on its own (BenchmarkTemplates).
	PageHook func(t *render.Templates, p *render.Page, file string)
	// WholePages minifies every page whole, as for a site with its own
	// layouts, instead of minifying the built-in theme's layouts once:
	// tests check that both give the same pages.
	WholePages bool
	// State keeps, across processes, what each module's pages were built
	// from and what they were (see doc.go, "The build state"): a one-shot
	// build renders again only the modules whose inputs changed. nil
	// renders everything; the output is the same either way.
	State *output.StateDir
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
	// Reused counts the modules whose files came from Options.State.
	Reused int
	// CacheNote says why Options.State was not used ("" when it was or
	// there is none): read whole, it was missing, damaged or foreign.
	CacheNote string
}

// Build loads, checks, renders and writes a site. When any module or file
// has an error (or a warning, with Strict) it returns ErrRefused before
// writing anything; Result.Diags lists every problem either way.
func Build(ctx context.Context, opts Options) (*Result, error) {
	s := NewSession(opts)
	s.release = true
	return s.Build(ctx, nil)
}

type builder struct {
	translated []*content.Verdict      // published translations (splitLangs)
	trees      []*langTree             // each language's tree, with its pages
	langSite   map[string]*render.Site // the site's view in each other language
	slugs      map[string]string       // urlize's results, kept by the Session
	courses    map[string]*course      // by folder, from the Session's last build
	release    bool                    // let each module's source go once it is rendered
	relaxGC    func()                  // ends Options.ListPhase, at the build's end
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
	reused     atomic.Int64

	state    *buildCache // Options.State as this build uses it; nil: none
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

	relatedOnce sync.Once
	related     *relatedIndex // modules by objective and by tag, for review plans
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

// splitLangs parts published modules into those of the default language
// and translations: every list of the site is of the first; each language
// has its own tree (langTree).
func splitLangs(vs []*content.Verdict) (def, translated []*content.Verdict) {
	for _, v := range vs {
		if v.Module.Lang == "" {
			def = append(def, v)
		} else {
			translated = append(translated, v)
		}
	}
	return def, translated
}

// renderLangs renders the translations, language by language, with the
// module pipeline of the default language: b.published and b.views are
// that language's while it runs, so the page cache and the file list work
// as for any module.
func (b *builder) renderLangs(ctx context.Context) error {
	b.langSite = b.langSites()
	b.trees = b.langTrees(b.langSite)
	published, views := b.published, b.views
	defer func() { b.published, b.views = published, views }()
	for _, t := range b.trees {
		b.published, b.views = t.verdicts, make([]*render.Module, len(t.verdicts))
		if err := parallel(ctx, len(t.verdicts), b.opts.Workers, func(i int) { b.module(i, t.byDir) }); err != nil {
			return err
		}
		t.views = b.views
	}
	return nil
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
	b.published, b.translated = splitLangs(b.published)
	sections := b.sectionViews()
	b.site.Sections = sections.list
	b.site.Practice = b.hasPractice()
	b.site.Glossary = len(b.c.Config.Glossary.Terms) > 0 && b.site.Package == ""
	b.frame = frameKey(b.site)
	b.places = coursePlaces(b.c.Locale(), sections)
	b.openCache()
	b.cacheGlobal()
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
	if b.state != nil {
		b.state.record = true
	}
	// The review plans' index of objectives and tags is made before any
	// module is rendered: a worker retires a module it has written
	// (objectives included), and an index made later missed it.
	b.relatedOnce.Do(func() { b.related = newRelatedIndex(b.published) })
	err := parallel(ctx, len(todo), b.opts.Workers, func(i int) {
		b.module(todo[i], sections.byDir)
		if b.opts.Progress != nil {
			b.opts.Progress(int(done.Add(1)), total)
		}
	})
	if b.state != nil {
		b.state.record = false
	}
	if err != nil {
		return err
	}
	if len(b.errs) > 0 {
		return b.error()
	}
	if err := b.renderLangs(ctx); err != nil {
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
	if b.release && b.opts.ListPhase != nil {
		b.relaxGC = b.opts.ListPhase() // to the end of the build: the link check too
	}
	b.writeLists(sections)
	// The list pages, feeds and indexes, drawn on the pool: a course's
	// share page alone holds post texts for every module of the course.
	jobs := b.jobs
	if err := parallel(ctx, len(jobs), b.opts.Workers, func(i int) { jobs[i]() }); err != nil {
		return err
	}
	if err := b.shareZips(ctx, sections); err != nil {
		return err
	}
	b.assets()
	b.writeRecord()
	if len(b.errs) > 0 {
		return b.error()
	}
	return nil
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
	c.total, c.posttest = totalCredit(b.c.Locale(), c.sorted), hasPosttest(c.sorted)
	supports := make([]*content.Support, len(c.sorted))
	for i, v := range c.sorted {
		supports[i] = v.Module.Meta.Support
	}
	c.support = content.CourseSupportLineIn(b.c.Locale(), supports)
	if c.posttest {
		c.hours, c.creditName = creditTotal(b.c.Locale(), c.sorted)
	}
	if len(sec.Body) > 0 {
		r, err := b.md.Render(sec.Body, markdown.Options{Locale: b.c.Locale()})
		if err != nil {
			b.fail(fmt.Errorf("%s: %v", sec.Path, err))
		}
		c.body = b.fragment(sec.Path, r.HTML)
	}
	return c
}
