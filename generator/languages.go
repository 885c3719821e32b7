package generator

import (
	"slices"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/feed"
	"github.com/rounds-dev/rounds/generator/render"
	"github.com/rounds-dev/rounds/generator/search"
)

// translations maps each module's path to its published translations, by
// language: what the module's page links as its alternates.
func (c *Checked) translations() map[string]map[string]*content.Module {
	c.langsOnce.Do(func() {
		c.langs = map[string]map[string]*content.Module{}
		for _, v := range c.Verdicts {
			m := v.Module
			if m.Lang == "" || v.State == content.Draft || !v.Publishable() {
				continue
			}
			if c.langs[m.SourcePath] == nil {
				c.langs[m.SourcePath] = map[string]*content.Module{}
			}
			c.langs[m.SourcePath][m.Lang] = m
		}
	})
	return c.langs
}

// alternates are a module in each language it is published in, the
// default first, and its own language; none for a module without a
// published translation. A language without a translation is left out:
// no page is invented.
func (c *Checked) alternates(m *content.Module) (string, []render.Alternate) {
	def := c.Config.Site.Language
	lang, src := def, m.Path
	if m.Lang != "" {
		lang, src = m.Lang, m.SourcePath
	}
	tr := c.translations()[src]
	source := c.byPath[src]
	if len(tr) == 0 || source == nil {
		return lang, nil
	}
	out := []render.Alternate{c.alternate(def, source.URLPath(), lang)}
	out[0].Default = true
	for _, l := range c.Config.Site.Translations() {
		if t := tr[l]; t != nil {
			out = append(out, c.alternate(l, t.URLPath(), lang))
		}
	}
	return lang, out
}

func (c *Checked) alternate(lang, p, current string) render.Alternate {
	return render.Alternate{Lang: lang, Name: content.LanguageName(lang), Path: p, Href: c.Config.AbsURL(p), Current: lang == current}
}

// langSites are the site's view in each of its other languages: the same
// site, its pages marked with their language and direction.
func (b *builder) langSites() map[string]*render.Site {
	out := map[string]*render.Site{}
	for _, lang := range b.c.Config.Site.Translations() {
		s := *b.site
		s.Language, s.Locale, s.I18n = lang, ogLocale(lang), b.c.LocaleOf(lang)
		s.Dir = s.I18n.Dir()
		s.Provider = b.c.providerView(lang)
		s.Unreviewed = b.c.unreviewed(s.I18n)
		out[lang] = &s
	}
	return out
}

// langTree is one language's tree: its published translations, in
// course order, and its courses.
type langTree struct {
	lang     string
	site     *render.Site
	verdicts []*content.Verdict
	views    []*render.Module
	sections []*render.Section
	byDir    map[string]*render.Section
}

// langTrees groups the published translations by language, each with
// course views of its own (titled from _index.<lang>.md) under /<lang>/.
func (b *builder) langTrees(sites map[string]*render.Site) []*langTree {
	var out []*langTree
	for _, lang := range b.c.Config.Site.Translations() {
		t := &langTree{lang: lang, site: sites[lang], byDir: map[string]*render.Section{}}
		for _, v := range b.translated {
			if v.Module.Lang == lang {
				t.verdicts = append(t.verdicts, v)
			}
		}
		if len(t.verdicts) == 0 {
			continue
		}
		sortModules(t.verdicts)
		for _, v := range t.verdicts {
			sec := v.Module.Section
			if sec == nil || sec.Dir == "" || t.byDir[sec.Dir] != nil {
				continue
			}
			ts := sec.In(lang)
			sv := &render.Section{Title: ts.Title(), Summary: ts.Matter.Summary, Path: lang + "/" + sec.Dir + "/"}
			t.byDir[sec.Dir] = sv
			t.sections = append(t.sections, sv)
		}
		t.site.Sections = b.langNav(lang, t.byDir)
		out = append(out, t)
	}
	return out
}

// langNav is the header's list of courses on a language's pages: each
// course titled from its _index.<lang>.md (the default title only when
// there is none), and linked to its page in the language when the course
// has modules in it, to the default language's page otherwise.
func (b *builder) langNav(lang string, byDir map[string]*render.Section) []*render.Section {
	out := make([]*render.Section, 0, len(b.site.Sections))
	for _, sv := range b.site.Sections {
		dir := strings.TrimSuffix(sv.Path, "/")
		if lv := byDir[dir]; lv != nil {
			out = append(out, lv)
			continue
		}
		if sec := b.c.Section(dir); sec != nil && sec.In(lang) != sec {
			tv := *sv
			tv.Title = sec.In(lang).Title()
			sv = &tv
		}
		out = append(out, sv)
	}
	return out
}

// writeLangLists writes a language's home, course pages, feed and search
// index under /<lang>/, and returns its sitemap entries, each with the
// page's alternates (hreflang, x-default).
func (b *builder) writeLangLists(t *langTree) []feed.URL {
	views := t.views
	for i, mv := range views {
		if sv := t.byDir[t.verdicts[i].Module.Section.Dir]; sv != nil {
			sv.Modules = append(sv.Modules, mv)
		}
	}
	homePath := t.lang + "/"
	home := b.page("home", homePath, t.site.Title, "")
	home.Site, home.Sections, home.Modules = t.site, t.sections, newestOf(views, 10)
	home.Alternates = []render.Alternate{b.c.alternate(b.c.Config.Site.Language, "", t.lang), b.c.alternate(t.lang, homePath, t.lang)}
	home.Alternates[0].Default = true
	b.job(func() { b.writePage(home) })
	sitemap := []feed.URL{{Loc: home.Permalink, Alternates: feedAlternates(home.Alternates)}}
	for _, sv := range t.sections {
		p := b.page("section", sv.Path, sv.Title, sv.Summary)
		p.Site, p.Section, p.Modules = t.site, sv, sv.Modules
		b.job(func() { b.writePage(p) })
		sitemap = append(sitemap, feed.URL{Loc: p.Permalink})
		// The course's share page in its language: each module's card
		// and a link to its kit (written with the module's page).
		sh := &render.Share{}
		for _, mv := range sv.Modules {
			e := render.ShareEntry{Module: mv, Title: mv.Title, Path: mv.Path, Kit: "share/" + mv.Path}
			if mv.Support != nil {
				e.Support = mv.Support.Line
			}
			if len(mv.Cards) > 0 {
				e.Cards = []render.ShareCard{{Path: mv.Cards[0], Shape: b.c.LocaleOf(mv.Lang).T("share.shape_link"), Width: 1200, Height: 630, Alt: b.c.LocaleOf(mv.Lang).T("share.card_alt", "title", mv.Title)}}
			}
			sh.Entries = append(sh.Entries, e)
		}
		sp := b.page("share", "share/"+sv.Path, t.site.I18n.T("share.course_title", "course", sv.Title), t.site.I18n.T("share.course_description", "course", sv.Title))
		sp.Site, sp.Share, sp.Noindex = t.site, sh, true
		b.job(func() { b.writePage(sp) })
	}
	for i, mv := range views {
		sitemap = append(sitemap, feed.URL{Loc: b.c.Config.AbsURL(mv.Path), LastMod: lastMod(t.verdicts[i]), Alternates: feedAlternates(mv.Alternates)})
	}
	b.job(func() {
		var items []feed.Item
		for _, mv := range newestOf(views, feed.MaxItems) {
			items = append(items, feed.Item{Title: mv.Title, Link: b.c.Config.AbsURL(mv.Path), Description: listedSummary(mv), Date: dateOf(mv.Date)})
		}
		b.write(homePath+"index.xml", feed.RSS(feed.Channel{Title: t.site.Title, Link: home.Permalink, Self: b.c.Config.AbsURL(homePath + "index.xml"), Language: t.lang}, items))
	})
	b.job(func() {
		entries := make([]search.Entry, 0, len(views))
		for _, mv := range views {
			e := search.Entry{Title: mv.Title, Summary: mv.Summary, Path: mv.Path}
			if mv.Section != nil {
				e.Course = mv.Section.Title
			}
			if mv.Support != nil {
				e.Disclosure = mv.Support.Line
			}
			entries = append(entries, e)
		}
		b.write(homePath+"search.json", search.Index(entries))
	})
	return sitemap
}

// newestOf is up to n modules, newest first (by date, then path).
func newestOf(views []*render.Module, n int) []*render.Module {
	out := slices.Clone(views)
	slices.SortStableFunc(out, func(a, b *render.Module) int {
		if a.Date != b.Date {
			return strings.Compare(b.Date, a.Date)
		}
		return strings.Compare(a.Path, b.Path)
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// feedAlternates are a page's alternates as a sitemap lists them:
// hreflang for each language, and x-default for the default language's.
func feedAlternates(alts []render.Alternate) []feed.Alternate {
	var out []feed.Alternate
	for _, a := range alts {
		out = append(out, feed.Alternate{Lang: a.Lang, Href: a.Href})
	}
	for _, a := range alts {
		if a.Default {
			out = append(out, feed.Alternate{Lang: "x-default", Href: a.Href})
		}
	}
	return out
}
