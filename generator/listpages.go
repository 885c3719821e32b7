package generator

import (
	"fmt"
	"strings"
	"time"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/card"
	"github.com/rounds-dev/rounds/generator/feed"
	"github.com/rounds-dev/rounds/generator/render"
	"github.com/rounds-dev/rounds/generator/search"
)

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
				tp := b.page("term", t.Path, b.c.Locale().T("taxonomy.term", "taxonomy", tax.Title, "term", t.Name), "")
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
	img, homeAlt := b.homeCard(secs.list)
	if img != "" {
		home.Image, home.ImageAlt = b.c.Config.AbsURL(img), homeAlt
	}
	home.Modules = b.newest(10)
	home.JSONLD = map[string]any{"@context": "https://schema.org", "@type": "WebSite", "name": b.site.Title, "url": b.c.Config.AbsURL("")}
	if len(b.trees) > 0 {
		def := b.c.alternate(b.c.Config.Site.Language, "", b.c.Config.Site.Language)
		def.Default = true
		home.Alternates = []render.Alternate{def}
		for _, t := range b.trees {
			home.Alternates = append(home.Alternates, b.c.alternate(t.lang, t.lang+"/", b.c.Config.Site.Language))
		}
	}
	b.job(func() { b.writePage(home) })
	sitemap := []feed.URL{{Loc: home.Permalink, Alternates: feedAlternates(home.Alternates)}}
	for _, t := range b.trees {
		sitemap = append(sitemap, b.writeLangLists(t)...)
	}
	for _, sv := range secs.list {
		kept := b.listPage(sv.Path, sv.Path, func() *render.Page {
			p := b.page("section", sv.Path, sv.Title, sv.Summary)
			p.Section = sv
			p.Modules = sv.Modules
			p.JSONLD = b.courseJSONLD(sv)
			source := courseSource(secs.verdict[sv])
			img, alt := b.courseCardOf(sv, source)
			p.Image, p.ImageAlt = b.c.Config.AbsURL(img), alt
			b.completedCard(sv, source)
			return p
		})
		if kept {
			b.mu.Lock()
			for _, shape := range card.Shapes { // kept with its page
				b.files.put(strings.TrimSuffix(courseCard(sv), ".png")+shape.Suffix()+".png", nil)
				b.files.put(completedBase(sv)+shape.Suffix()+".png", nil)
			}
			b.mu.Unlock()
		}
		sitemap = append(sitemap, feed.URL{Loc: b.c.Config.AbsURL(sv.Path)})
		if sv.Certificate != "" {
			b.listPage(sv.Certificate, sv.Path, func() *render.Page {
				cp := b.page("certificate", sv.Certificate, b.c.Locale().T("cert.page_title", "course", sv.Title), "")
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
	urls, pathCards := b.writePaths()
	sitemap = append(sitemap, urls...)
	b.sharePages(secs, homeAlt, pathCards)
	sitemap = append(sitemap, b.writePractice()...)
	sitemap = append(sitemap, b.writeGlossary()...)
	nf := b.page("404", "404.html", b.c.Locale().T("notfound.title"), "")
	nf.Path, nf.Root, nf.Noindex = "", b.c.Config.Base.String(), true
	nf.Permalink = b.c.Config.AbsURL("404.html")
	b.job(func() { b.writePage(nf) })

	// The full-text index changes with a body edit, which changes no
	// list: it is written whatever the lists did.
	b.job(b.writeSearchIndex)
	if b.listsUnchanged() {
		// No module changed what lists show of it (the sitemap's dates
		// included): the feed, sitemap and index of the last build stand.
		b.mu.Lock()
		for _, name := range []string{"index.xml", "sitemap.xml", "robots.txt", "search.json"} {
			// (a language's feed and index are written again every time)
			b.files.put(name, nil)
		}
		b.mu.Unlock()
		return
	}
	for i, mv := range b.views {
		sitemap = append(sitemap, feed.URL{Loc: b.c.Config.AbsURL(mv.Path), LastMod: lastMod(b.published[i]), Alternates: feedAlternates(mv.Alternates)})
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
