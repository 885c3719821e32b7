package generator

import (
	"sort"
	"strings"

	"github.com/rounds-dev/rounds/generator/feed"
	"github.com/rounds-dev/rounds/generator/markdown"
	"github.com/rounds-dev/rounds/generator/render"
)

// glossaryFor is the site's glossary for the renderer of the page at p:
// each term's link goes to its entry on /glossary/, relative to p. In an
// LMS package, which has no glossary page, terms are not marked.
func (b *builder) glossaryFor(p string) []markdown.GlossaryEntry {
	terms := b.c.Config.Glossary.Terms
	if len(terms) == 0 || b.site.Package != "" {
		return nil
	}
	root := strings.Repeat("../", strings.Count(p, "/"))
	out := make([]markdown.GlossaryEntry, 0, len(terms))
	for _, t := range terms {
		out = append(out, markdown.GlossaryEntry{
			Names:     append([]string{t.Term}, t.Aliases...),
			Expansion: t.Expansion, Definition: t.Definition,
			Href: root + "glossary/#" + t.ID(),
		})
	}
	return out
}

// writeGlossary writes /glossary/: every term of data/glossary.toml with
// its definition, in alphabetical order, each entry the target of the
// modules' links.
func (b *builder) writeGlossary() []feed.URL {
	terms := b.c.Config.Glossary.Terms
	if len(terms) == 0 || b.site.Package != "" {
		return nil
	}
	loc := b.c.Locale()
	page := b.page("glossary", "glossary/", loc.T("glossary.title"), loc.T("glossary.description", "site", b.site.Title))
	for _, t := range terms {
		page.Glossary = append(page.Glossary, render.GlossaryTerm{ID: t.ID(), Term: t.Term, Expansion: t.Expansion,
			Definition: t.Definition, Aliases: t.Aliases})
	}
	sort.SliceStable(page.Glossary, func(i, j int) bool {
		return strings.ToLower(page.Glossary[i].Term) < strings.ToLower(page.Glossary[j].Term)
	})
	b.job(func() { b.writePage(page) })
	return []feed.URL{{Loc: b.c.Config.AbsURL("glossary/")}}
}
