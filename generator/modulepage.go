package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"path"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator/markdown"
	"github.com/rounds-dev/rounds/generator/render"
)

// moduleOut is what a module's rendering produced.
type moduleOut struct {
	view  *render.Module
	files []string
	lists []string // the list pages that show the module: its course, its terms
	shown string   // what those lists show of it; equal keys mean they need no redraw
	nav   string   // what its page shows of its course's other modules (navKey)
}

// module renders and writes one module page and its bundle files.
func (b *builder) module(i int, secs map[string]*render.Section) {
	v := b.published[i]
	m := v.Module
	var key string
	if b.state != nil {
		key = b.moduleKey(v, secs[m.Section.Dir])
		if key != "" && b.reuseModule(i, key, secs) {
			b.reused.Add(1)
			return
		}
	}
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
	imgs := b.bundleImages(m, m.URLPath())
	opts := markdown.Options{Known: b.c.knownRefs(m), NoPosttest: archived, Quizzes: len(quizzes) > 0, Evaluation: form, Files: bundleFile(m), Images: imgs.lookup, Locale: b.c.LocaleOf(m.Lang),
		Glossary: b.glossaryFor(m.URLPath())}
	r, err := b.md.Render(m.Body, opts)
	if err != nil {
		b.fail(fmt.Errorf("%s: %v", m.Path, err))
		return
	}
	mv := b.c.moduleView(v, b.fragment(m.Path, r.HTML), secs[m.Section.Dir])
	mv.Search = searchTerms(mv, string(mv.Body))
	mv.References = b.c.references(m, r.Cited)
	mv.Source = m.Path
	mv.Evaluation = b.defaultEvaluation(v, form)
	mv.Evaluates = m.Evaluation != nil || mv.Evaluation != ""
	mv.Frames = r.Frames
	mv.Nav = navOf(b.places[v])
	mv.Headings = contents(m, r.Headings)
	if len(quizzes) > 0 {
		b.quizzes(v, mv, quizzes, b.fragment(m.Path, r.QuizzesHTML), r.Headings)
	}
	b.views[i] = mv
	cards, shapes, alt := b.moduleCards(v, mv, quizzes)
	p := b.page("module", mv.Path, mv.Title, mv.Summary)
	p.Module, p.Alternates = mv, mv.Alternates
	if s := b.langSite[m.Lang]; s != nil {
		p.Site = s
	}
	p.Image, p.ImageAlt = b.c.Config.AbsURL(cards[0]), alt
	mv.Cards = cards
	p.JSONLD = b.moduleJSONLD(v, mv, r.Cited, quizzes)
	if b.opts.Preview {
		p.Banners, p.Noindex = banners(v), v.State == content.Draft || !v.Publishable()
	}
	b.writePage(p)
	kit := b.moduleSharePage(mv, len(b.places[v].items), quizzes, cards, alt)
	var nav string
	if !b.release {
		nav = navKey(mv.Nav)
	}
	// Lists need the view's title and summary, not its body: let the
	// rendered HTML go, so memory stays flat as the site grows.
	mv.Body, mv.References, mv.Headings, mv.QuizData, mv.Objectives, mv.Evaluation, mv.Nav = "", nil, nil, nil, nil, "", nil
	files := append(append([]string{mv.Path + "index.html"}, cards...), shapes...)
	if kit != "" {
		files = append(files, kit)
	}
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
	files = append(files, imgs.copies...)
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
	pages := 1
	if len(quizzes) > 0 {
		pages = 2 // and its embed page
	}
	b.keepModule(key, mv, files, pages)
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
	if s.Practice {
		b.WriteString("\x00practice")
	}
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
	if b.opts.PageHook != nil {
		b.opts.PageHook(b.tmpl, p, name)
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
