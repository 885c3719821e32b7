package generator

import (
	"github.com/rounds-dev/rounds/generator/render"
	"github.com/rounds-dev/rounds/generator/search"
)

// searchTerms are a module's terms for the full-text index: its title,
// summary, objectives and tags, then the text of its body.
func searchTerms(mv *render.Module, bodyHTML string) string {
	meta := append([]string{mv.Title, mv.Summary}, mv.Objectives...)
	for _, t := range mv.Tags {
		meta = append(meta, t.Text)
	}
	return search.TermsOf(meta, bodyHTML).String()
}

// writeSearchIndex writes search/: the sharded full-text index that
// js/search.js reads (generator/search), documents in the site's module
// order, which keeps a course's modules in few document shards.
func (b *builder) writeSearchIndex() {
	if b.site.Package != "" {
		return
	}
	docs := make([]search.Doc, 0, len(b.views))
	for _, mv := range b.views {
		d := search.Doc{Title: mv.Title, Summary: mv.Summary, Path: mv.Path, Terms: search.ParseTerms(mv.Search)}
		if mv.Section != nil {
			d.Course = mv.Section.Title
		}
		if mv.Support != nil {
			d.Disclosure = mv.Support.Line
		}
		docs = append(docs, d)
	}
	files, names := search.FullText(docs)
	for _, name := range names {
		b.put("search/"+name, files[name])
	}
}
