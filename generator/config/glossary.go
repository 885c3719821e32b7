package config

import (
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
)

// readGlossary decodes data/glossary.toml: every term needs a name and a
// definition, and a name (or alias) may be given once.
func (c *Config) readGlossary(doc *content.Doc, l *diag.List) {
	var g content.Glossary
	doc.Decode(doc.Raw, &g, nil, l)
	seen := map[string]bool{}
	for i, t := range g.Terms {
		if strings.TrimSpace(t.Term) == "" && !doc.Flagged("terms", i, "term") && !doc.Flagged("terms", i) {
			doc.Errorf(l, []any{"terms", i}, "config", "a glossary term needs a term")
			continue
		}
		if strings.TrimSpace(t.Definition) == "" && !doc.Flagged("terms", i, "definition") && !doc.Flagged("terms", i) {
			d := doc.Errorf(l, []any{"terms", i, "term"}, "config", "glossary term %q has no definition", t.Term)
			d.Help = `add definition = "..." : the glossary page and the term's links show it`
		}
		for j, name := range append([]string{t.Term}, t.Aliases...) {
			key := strings.ToLower(strings.TrimSpace(name))
			p := []any{"terms", i, "term"}
			if j > 0 {
				p = []any{"terms", i, "aliases"}
			}
			if seen[key] {
				doc.Errorf(l, p, "config", "glossary term %q is defined twice", name)
			}
			seen[key] = true
		}
	}
	c.Glossary = g
}
