package generator

import (
	"fmt"
	"github.com/rounds-dev/rounds/content/i18n"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/card"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/generator/render"
)

// Cache stores drawn cards by the hash of what they show, across builds.
type Cache interface {
	Get(key string) ([]byte, bool)
	Put(key string, data []byte)
}

// memCache is the cache of a Session without a cache folder: cards are
// kept for its later builds only.
type memCache struct{ m sync.Map }

func (c *memCache) Get(key string) ([]byte, bool) {
	v, ok := c.m.Load(key)
	if !ok {
		return nil, false
	}
	return v.([]byte), true
}

func (c *memCache) Put(key string, data []byte) { c.m.Store(key, data) }

// cardMaker draws (or fetches from the cache) and writes social cards.
type cardMaker struct {
	drawer *card.Drawer
	cache  Cache
	drawn  sync.Map // card file -> true when drawn in this build, not copied
	hashes sync.Map // card file -> the hash of what it shows, for the share kit's zips

	logoOnce sync.Once
	logo     []byte // [brand] logo, read once per build
}

// colors are the cards' colours: [brand] accent, else the deprecated
// [social] colours.
func (b *builder) colors() card.Colors {
	s := b.c.Config.Site.Social
	c := card.Colors{Background: s.Background, Foreground: s.Foreground, Accent: s.Accent}
	if a := b.c.Config.Site.Brand.Accent; a != "" {
		c.Accent = a
	}
	return c
}

// brand is what every card of the site shares: colours, logo, font.
func (b *builder) brand(c card.Card) card.Card {
	c.Colors = b.colors()
	c.Font = b.c.Config.Site.Brand.Font
	if b.cards != nil {
		b.cards.logoOnce.Do(func() {
			if name := staticPath(b.c.Config.Site.Brand.Logo); name != "" {
				// config checked that it exists; an SVG is drawn on pages only
				// (the card says so in a warning).
				b.cards.logo, _ = fs.ReadFile(b.opts.Site, "static/"+name)
			}
		})
		c.Logo = b.cards.logo
	}
	return c
}

// providerName is who a card says the education is from: the accredited
// provider, else the site.
func (b *builder) providerName() string {
	if p := b.c.Config.Site.Provider; p != nil && p.Name != "" {
		return p.Name
	}
	return b.site.Title
}

// reviewedLine is the card's peer-review line: the latest sign-off that
// counts, in loc's words. The page names the reviewers; the card only says
// it was done.
func reviewedLine(loc *i18n.Locale, mv *render.Module) string {
	latest, iso := "", ""
	for _, r := range mv.Reviewers {
		if r.ISO > iso {
			latest, iso = r.Date, r.ISO
		}
	}
	if latest == "" {
		return ""
	}
	return loc.T("card.reviewed", "date", latest)
}

// drawShapes writes a card in every shape: base.png (1200x630), then
// base-square.png, base-portrait.png and base-story.png.
func (b *builder) drawShapes(base string, c card.Card, source string) []string {
	var names []string
	for _, shape := range card.Shapes {
		cs := c
		cs.Shape = shape
		name := base + shape.Suffix() + ".png"
		b.card(name, cs.Hash(), func(d *card.Drawer) ([]byte, []string, error) { return d.Draw(cs) }, source)
		names = append(names, name)
	}
	return names
}

// supportLine is the disclosure a card carries: the supporter's name and
// the kind of support, never a logo.
func supportLine(loc *i18n.Locale, s *content.Support) string {
	return strings.TrimSuffix(content.SupportLineIn(loc, s), ".")
}

// moduleCards writes the cards of a module and of each visible question,
// each in every shape, and returns their paths (the 1200x630 card, then
// the questions' 1200x630 cards: Module.Cards, from which the share kit
// finds the other shapes by their suffixes), the other shapes' paths, and
// the alt text of its cards.
func (b *builder) moduleCards(v *content.Verdict, mv *render.Module, quizzes []content.Quiz) (cards, shapes []string, alt string) {
	m := v.Module
	c := b.brand(card.Card{SiteName: b.site.Title, Title: mv.Title, Summary: mv.Summary, Support: supportLine(b.c.LocaleOf(m.Lang), m.Meta.Support),
		Reviewed: reviewedLine(b.c.LocaleOf(m.Lang), mv)})
	if mv.Section != nil {
		c.Course = mv.Section.Title
	}
	// A video module's card says so, and how long it runs, above the title.
	c.Label = mv.Media
	if mv.Credit != nil {
		c.Credit = mv.Credit.Badge
	}
	if ci := m.Meta.CardImage; ci != "" {
		c.Image, _ = bundleFile(m)(ci) // content checked that the bundle has it
	}
	base := "cards/" + strings.TrimSuffix(mv.Path, "/")
	all := b.drawShapes(base, c, m.Path)
	names, shapes := all[:1:1], all[1:]
	link := strings.TrimPrefix(strings.TrimPrefix(b.c.Config.AbsURL(mv.Path), "https://"), "http://")
	for i, q := range quizzes {
		loc := b.c.LocaleOf(m.Lang)
		choices := make([]string, len(q.Choices))
		labels := make([]string, len(q.Choices))
		for j, ch := range q.Choices {
			choices[j], labels[j] = ch.Text, loc.Letter(j)+"."
		}
		qbase := fmt.Sprintf("%s-q%d", base, i+1)
		for _, shape := range card.Shapes {
			qc := card.Question{SiteName: b.site.Title, Title: mv.Title, Stem: q.Stem, Choices: choices, Link: link,
				AnswerAt: answerAt(loc, link), Labels: labels, RTL: loc.RTL(), Support: c.Support, Colors: c.Colors, Shape: shape}
			name := qbase + shape.Suffix() + ".png"
			b.card(name, qc.Hash(), func(d *card.Drawer) ([]byte, []string, error) { return d.DrawQuestion(qc) }, m.Path)
			if shape == card.Landscape {
				names = append(names, name)
			} else {
				shapes = append(shapes, name)
			}
		}
	}
	return names, shapes, cardAlt(c)
}

// cardAlt is the text of a card, for og:image:alt and twitter:image:alt
// (the same in every shape): what it shows, Markdown drawn as text.
func cardAlt(c card.Card) string {
	var parts []string
	for _, s := range []string{c.SiteName, card.PlainText(c.Title), c.Label, card.PlainText(c.Summary), c.Credit, c.Reviewed, c.Support} {
		if s = strings.TrimRight(strings.TrimSpace(s), "."); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ". ")
}

// card writes one card, linked or copied from the cache when what it
// shows is unchanged, drawn otherwise.
func (b *builder) card(name, hash string, draw func(*card.Drawer) ([]byte, []string, error), source string) {
	if b.cards == nil {
		return
	}
	if b.opts.DryRun {
		b.claim(name, nil) // what it would show is checked with the pages
		return
	}
	b.recordCard(name, hash)
	b.cards.hashes.Store(name, hash)
	b.cached(name, hash, func() ([]byte, bool) {
		data, warns, err := draw(b.cards.drawer)
		if err != nil {
			b.fail(fmt.Errorf("%s: card %s: %v", source, name, err))
			return nil, false
		}
		for _, w := range warns {
			b.warn(source, "card", fmt.Sprintf("card %s: %s", name, w))
		}
		b.cards.drawn.Store(name, true)
		return data, true
	})
}

// cached writes name as the card cache's entry key (a card, a share-kit
// zip): linked or copied when the cache has it; otherwise made (false: it
// failed, and said why), kept under key, and written.
func (b *builder) cached(name, key string, produce func() ([]byte, bool)) {
	if b.linkCached(name, key) {
		return
	}
	data, ok := b.cards.cache.Get(key)
	if !ok {
		if data, ok = produce(); !ok {
			return
		}
		b.cards.cache.Put(key, data)
		if b.linkCached(name, key) {
			return
		}
	}
	b.put(name, data)
}

// FileCache is a Cache that keeps each entry in a file of its own.
type FileCache interface {
	File(key string) (path string, ok bool)
}

// linkCached writes an unchanged card as a hard link to its cached file
// when both the cache and the output are on disk, so a warm build writes
// no card bytes at all (on a 10,000-module site, about 900 MB). It reports
// false, having written nothing, when the card must be copied or drawn.
func (b *builder) linkCached(name, hash string) bool {
	fc, ok := b.cards.cache.(FileCache)
	if !ok {
		return false
	}
	l, ok := b.opts.Out.(output.Linker)
	if !ok {
		return false
	}
	src, ok := fc.File(hash)
	if !ok {
		return false
	}
	if !b.claim(name, nil) {
		return true
	}
	if err := l.Link(name, src); err != nil {
		b.fail(err)
	}
	return true
}

// homeCard writes the card of the home page in every shape: the provider
// (never the site's title twice), the site's title, what it offers and its
// courses. It returns the 1200x630 card's path and the alt text.
func (b *builder) homeCard(secs []*render.Section) (string, string) {
	n := 0
	var titles []string
	for _, sv := range secs {
		n += len(sv.Modules)
		titles = append(titles, sv.Title)
	}
	loc := b.c.Locale()
	c := card.Card{Title: b.site.Title, Label: loc.T("card.courses", "count", len(secs)) + " · " + loc.T("list.modules", "count", n),
		Summary: strings.Join(titles, " · ")}
	if p := b.c.Config.Site.Provider; p != nil && p.Name != "" && p.Name != b.site.Title {
		c.SiteName = p.Name
	}
	return b.siteCards("cards/_site", c)
}

// courseCard writes the card of a course: its credit, its modules and the
// disclosure of their support (Section.Support), which the card carries
// as a module's card carries its own.
// source is where a problem with it is reported: the course's _index.md.
func (b *builder) courseCardOf(sv *render.Section, source string) (string, string) {
	loc := b.sectionLocale(sv)
	c := card.Card{SiteName: b.providerName(), Title: sv.Title, Summary: sv.Summary, Credit: sv.TotalCredit,
		Label: loc.T("card.course") + " · " + loc.T("list.modules", "count", len(sv.Modules)), Support: strings.TrimSuffix(sv.Support, ".")}
	if c.SiteName == sv.Title {
		c.SiteName = b.site.Title
	}
	// In every shape: the share kit offers each of them for the course.
	c = b.brand(c)
	names := b.drawShapes(strings.TrimSuffix(courseCard(sv), ".png"), c, source)
	return names[0], cardAlt(c)
}

// completedCard writes a course's completion card in every shape, for a
// learner to post: "I completed <course>", its credit and its provider. It
// says nothing about the learner: a static site knows nothing of them.
func (b *builder) completedCard(sv *render.Section, source string) (string, string) {
	c := b.brand(b.completedCardOf(sv))
	names := b.drawShapes(completedBase(sv), c, source)
	return names[0], cardAlt(c)
}

// courseSource is the file a course's problems are reported at: its
// _index.md, or its folder when it has none.
func courseSource(vs []*content.Verdict) string {
	if len(vs) == 0 || vs[0].Module.Section == nil {
		return "rounds.toml"
	}
	if sec := vs[0].Module.Section; sec.Path != "" {
		return sec.Path
	}
	return path.Join("content", vs[0].Module.Section.Dir) + "/"
}

// completedCardOf is what a course's completion card shows.
func (b *builder) completedCardOf(sv *render.Section) card.Card {
	loc := b.sectionLocale(sv)
	return card.Card{SiteName: b.providerName(), Label: loc.T("card.course_completed"), Title: loc.T("card.i_completed", "title", sv.Title),
		Summary: sv.Summary, Credit: sv.TotalCredit, Support: strings.TrimSuffix(sv.Support, ".")}
}

// completedBase is a course's completion card's path without ".png" (and
// without a shape's suffix).
func completedBase(sv *render.Section) string { return "cards/" + sv.Path + "_completed" }

// answerAt is a question card's link line in its language. In a
// right-to-left language the link is a left-to-right isolate (U+2066 ...
// U+2069), or the bidi algorithm throws its trailing slash to the line's
// start.
func answerAt(loc *i18n.Locale, link string) string {
	if loc.RTL() {
		link = "\u2066" + link + "\u2069"
	}
	return loc.T("card.answer_at", "link", link)
}

// sectionLocale is the language of a course's cards: its modules'.
func (b *builder) sectionLocale(sv *render.Section) *i18n.Locale {
	if len(sv.Modules) > 0 {
		return b.c.LocaleOf(sv.Modules[0].Lang)
	}
	return b.c.Locale()
}

// siteCards writes a card of the home page or a completion in every
// shape (base.png, base-square.png, ...), with the site's brand, and
// returns the 1200x630 card's path and the alt text.
func (b *builder) siteCards(base string, c card.Card) (string, string) {
	c = b.brand(c)
	names := b.drawShapes(base, c, "rounds.toml")
	return names[0], cardAlt(c)
}

// cardsDrawn lists the cards drawn anew by this build, sorted.
func (b *builder) cardsDrawn() []string {
	var out []string
	b.cards.drawn.Range(func(k, _ any) bool {
		out = append(out, k.(string))
		return true
	})
	sort.Strings(out)
	return out
}
