package generator

import (
	"fmt"
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
}

func (b *builder) colors() card.Colors {
	s := b.c.Config.Site.Social
	return card.Colors{Background: s.Background, Foreground: s.Foreground, Accent: s.Accent}
}

// supportLine is the disclosure a card carries: the supporter's name and
// the kind of support, never a logo.
func supportLine(s *content.Support) string {
	return strings.TrimSuffix(content.SupportLine(s), ".")
}

// moduleCards writes the card of a module and one per visible question,
// and returns their paths (the module card first) and its alt text.
func (b *builder) moduleCards(v *content.Verdict, mv *render.Module, quizzes []content.Quiz) ([]string, string) {
	m := v.Module
	c := card.Card{SiteName: b.site.Title, Title: mv.Title, Summary: mv.Summary, Support: supportLine(m.Meta.Support), Colors: b.colors()}
	if mv.Section != nil {
		c.Course = mv.Section.Title
	}
	if mv.Media != "" {
		// A video module's card says so and how long it runs before the
		// summary, which the card shortens first.
		c.Summary = mv.Media + ". " + c.Summary
	}
	if mv.Credit != nil {
		c.Credit = mv.Credit.Badge
	}
	base := "cards/" + strings.TrimSuffix(mv.Path, "/")
	names := []string{base + ".png"}
	b.card(names[0], c.Hash(), func(d *card.Drawer) ([]byte, []string, error) { return d.Draw(c) }, m.Path)
	link := strings.TrimPrefix(strings.TrimPrefix(b.c.Config.AbsURL(mv.Path), "https://"), "http://")
	for i, q := range quizzes {
		choices := make([]string, len(q.Choices))
		for j, ch := range q.Choices {
			choices[j] = ch.Text
		}
		qc := card.Question{SiteName: b.site.Title, Title: mv.Title, Stem: q.Stem, Choices: choices, Link: link, Support: c.Support, Colors: c.Colors}
		name := fmt.Sprintf("%s-q%d.png", base, i+1)
		b.card(name, qc.Hash(), func(d *card.Drawer) ([]byte, []string, error) { return d.DrawQuestion(qc) }, m.Path)
		names = append(names, name)
	}
	return names, cardAlt(c)
}

// cardAlt is the text of a card, for og:image:alt.
func cardAlt(c card.Card) string {
	var parts []string
	for _, s := range []string{card.PlainText(c.Title), card.PlainText(c.Summary), c.Credit, c.Support} {
		if s = strings.TrimRight(strings.TrimSpace(s), "."); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ". ")
}

// card writes one card, copied from the cache when what it shows is
// unchanged, drawn otherwise.
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
	if b.linkCached(name, hash) {
		return
	}
	data, ok := b.cards.cache.Get(hash)
	if !ok {
		var warns []string
		var err error
		data, warns, err = draw(b.cards.drawer)
		if err != nil {
			b.fail(fmt.Errorf("%s: card %s: %v", source, name, err))
			return
		}
		for _, w := range warns {
			b.warn(source, "card", fmt.Sprintf("card %s: %s", name, w))
		}
		b.cards.cache.Put(hash, data)
		b.cards.drawn.Store(name, true)
		if b.linkCached(name, hash) {
			return
		}
	}
	b.write(name, data)
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

// siteCard writes the card of the home page or of a course; support is
// the course's disclosure (Section.Support), which the card carries as a
// module's card carries its own.
func (b *builder) siteCard(name, title, summary, support string) (string, string) {
	c := card.Card{SiteName: b.site.Title, Title: title, Summary: summary, Support: strings.TrimSuffix(support, "."), Colors: b.colors()}
	b.card(name, c.Hash(), func(d *card.Drawer) ([]byte, []string, error) { return d.Draw(c) }, "rounds.toml")
	return name, cardAlt(c)
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
