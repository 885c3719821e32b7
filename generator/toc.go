package generator

import (
	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/markdown"
	"github.com/rounds-dev/rounds/generator/render"
)

// minTOC is the number of sections from which a module gets a table of
// contents: with one or two, the reader sees them all at a glance.
const minTOC = 3

// contents is a module's table of contents: its sections and subsections
// (levels 2 and 3), or none when it has fewer than minTOC of them or its
// front matter says toc = false.
func contents(m *content.Module, hs []markdown.Heading) []render.Heading {
	if t := m.Meta.TOC; t != nil && !*t {
		return nil
	}
	var out []render.Heading
	for _, h := range hs {
		if h.ID != "" && (h.Level == 2 || h.Level == 3) {
			out = append(out, render.Heading{Level: h.Level, ID: h.ID, Text: h.Text})
		}
	}
	if len(out) < minTOC {
		return nil
	}
	return out
}
