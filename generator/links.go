package generator

import (
	"bytes"
	"slices"
	"sort"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator/output"
)

// checkLinks verifies every link inside the site against the whole output:
// the page it points at was written (a link to a draft or a refused module
// points at nothing) and so was the #fragment it names. A problem on a
// module page is reported in the module's file, at the link when its text
// can be found there.
func (b *builder) checkLinks(onlyFresh bool) diag.List {
	var l diag.List
	// The module of each page, made only when a link is broken: the dev
	// server checks links on every edit, and they are almost always fine.
	var pageOf map[string]*content.Module
	moduleOf := func(page string) *content.Module {
		if pageOf == nil {
			pageOf = map[string]*content.Module{}
			for v, out := range b.outs {
				for _, f := range out.files {
					pageOf[f] = v.Module
				}
			}
		}
		return pageOf[page]
	}
	base := b.c.Config.Base.Path
	var pages []string
	if onlyFresh {
		for p := range b.fresh {
			pages = append(pages, p)
		}
	} else {
		b.files.each(func(p string, _ *pageLinks) { pages = append(pages, p) })
	}
	sort.Strings(pages)
	reported := map[string]bool{}
	for _, page := range pages {
		seen := map[uint32]bool{}
		for _, h := range b.files.links(page).links {
			if seen[h] {
				continue
			}
			seen[h] = true
			href := b.names.name(h)
			file, frag, ok := output.Target(page, href, base)
			if !ok {
				continue
			}
			if !b.files.has(file) && !strings.HasSuffix(file, "index.html") && b.files.has(file+"/index.html") {
				file += "/index.html"
			}
			var problem string
			switch {
			case !b.files.has(file):
				problem = "links to " + href + ", which is not a published page"
			case frag != "" && !b.hasID(b.files.links(file), frag):
				problem = "links to " + href + ", but that page has no #" + frag
			default:
				continue
			}
			if href == "#ZgotmplZ" {
				// html/template wrote this in place of an address it
				// refused as unsafe: said once, at the setting that holds
				// it when one does, not as a missing #anchor on every page.
				if !reported[href] {
					reported[href] = true
					l = append(l, b.unsafeSetting(page)...)
				}
				continue
			}
			if key := b.settingLink(href); key != nil {
				// A link the theme writes on every page from a setting: one
				// problem, at the setting.
				if !reported[href] {
					reported[href] = true
					d := b.c.Config.Doc.Errorf(&l, key, "links", "%s = %q is not a page of the site", dotted(key), href)
					d.Help = "add the page (for example static" + strings.TrimSuffix(strings.TrimPrefix(href, base[:len(base)-1]), "/") + "/index.html) or give an absolute https:// address"
				}
				continue
			}
			d := diag.Diagnostic{Path: page, Rule: "links", Message: problem,
				Help: "link to a published module, or remove the link; drafts and refused modules are not published"}
			if m := moduleOf(page); m != nil {
				d.Path = m.Path
				// A released source is read again only for a broken link.
				if b.c.restore(m) == nil {
					if i := bytes.Index(m.File.Src, []byte(href)); i >= 0 {
						m.File.Show(&d, m.File.Pos(i))
					}
				}
			}
			l.Add(d)
		}
	}
	return l
}

// hasID reports whether a page has an element with this id (or name).
func (b *builder) hasID(pl *pageLinks, id string) bool {
	n, ok := b.names.lookup(id)
	return ok && pl != nil && slices.Contains(pl.ids, n)
}

// settingLink returns the rounds.toml key whose value the theme writes as
// this link on every page (the provider's privacy and contact pages).
func (b *builder) settingLink(href string) []any {
	p := b.c.Config.Site.Provider
	switch {
	case p == nil || href == "":
		return nil
	case href == p.Privacy:
		return []any{"provider", "privacy"}
	case href == p.Contact:
		return []any{"provider", "contact"}
	}
	return nil
}

// unsafeSetting reports the rounds.toml addresses the theme prints as
// links whose scheme is refused, or, when none is, that a layout printed
// a refused address on page.
func (b *builder) unsafeSetting(page string) diag.List {
	var l diag.List
	if p := b.c.Config.Site.Provider; p != nil {
		for _, s := range []struct {
			key   string
			value string
		}{{"privacy", p.Privacy}, {"contact", p.Contact}} {
			v := s.value
			if s.key == "contact" && strings.Contains(v, "@") && !strings.Contains(v, ":") {
				v = "mailto:" + v // printed as a mailto: link
			}
			if v != "" && !output.Allowed("href", v) {
				d := b.c.Config.Doc.Errorf(&l, []any{"provider", s.key}, "links", "provider.%s = %q uses a scheme other than http, https or mailto", s.key, s.value)
				d.Help = "give an https:// address, a page of the site such as \"/privacy/\", or an e-mail address"
			}
		}
	}
	if len(l) == 0 {
		l.Add(diag.Diagnostic{Path: page, Rule: "links", Message: "a layout printed an address that html/template refused as unsafe (#ZgotmplZ)",
			Help: "print only http(s), mailto or site addresses in href and src"})
	}
	return l
}

func dotted(key []any) string {
	parts := make([]string, len(key))
	for i, k := range key {
		parts[i] = k.(string)
	}
	return strings.Join(parts, ".")
}
