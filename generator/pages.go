package generator

import (
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/markdown"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/generator/render"
)

func sortSections(list []*render.Section, weight map[*render.Section]int) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if weight[a] != weight[b] {
			return weight[a] < weight[b]
		}
		return a.Title < b.Title
	})
}

// newest returns up to n published modules, newest release first. It keeps
// the n best in one pass rather than sorting the site: the dev server asks
// on every edit.
func (b *builder) newest(n int) []*render.Module {
	newer := func(i, j int) bool {
		a, c := b.published[i].Module, b.published[j].Module
		if a.Meta.Date != c.Meta.Date {
			return a.Meta.Date.After(c.Meta.Date)
		}
		return a.Path < c.Path
	}
	top := make([]int, 0, n+1)
	for i := range b.views {
		if len(top) == n && !newer(i, top[n-1]) {
			continue
		}
		at := sort.Search(len(top), func(k int) bool { return newer(i, top[k]) })
		top = slices.Insert(top, at, i)
		if len(top) > n {
			top = top[:n]
		}
	}
	out := make([]*render.Module, len(top))
	for k, i := range top {
		out[k] = b.views[i]
	}
	return out
}

// urlize is urlize, remembered across the Session's builds: every build
// groups every module's terms.
func (b *builder) urlize(term string) string {
	slug, ok := b.slugs[term]
	if !ok {
		slug = urlize(term)
		b.slugs[term] = slug
	}
	return slug
}

// taxonomies groups modules by tag and by audience.
func (b *builder) taxonomies() []*render.Taxonomy {
	type getter func(fm *content.FrontMatter) []string
	defs := []struct {
		name, title string
		get         getter
	}{
		{"audience", b.c.Locale().T("taxonomy.audience"), func(fm *content.FrontMatter) []string { return fm.Audience }},
		{"tags", b.c.Locale().T("taxonomy.tags"), func(fm *content.FrontMatter) []string { return fm.Tags }},
	}
	var out []*render.Taxonomy
	for _, d := range defs {
		tax := &render.Taxonomy{Name: d.name, Title: d.title, Path: d.name + "/"}
		terms := map[string]*render.Term{}
		for i, v := range b.published {
			for _, t := range d.get(&v.Module.Meta) {
				slug := b.urlize(t)
				term := terms[slug]
				if term == nil {
					term = &render.Term{Name: t, Path: d.name + "/" + slug + "/"}
					terms[slug] = term
				}
				// Two of its terms may name one page ("ECG", "ecg"): once there.
				if n := len(term.Modules); n == 0 || term.Modules[n-1] != b.views[i] {
					term.Modules = append(term.Modules, b.views[i])
				}
			}
		}
		for _, slug := range sortedKeys(terms) {
			tax.Terms = append(tax.Terms, terms[slug])
		}
		out = append(out, tax)
	}
	return out
}

// assets writes the theme's static files (with the code highlighting
// stylesheet appended to css/rounds.css) and then the site's static/.
func (b *builder) assets() {
	if b.assetNames != nil {
		b.mu.Lock()
		for _, n := range b.assetNames {
			b.files.put(n, nil)
		}
		b.mu.Unlock()
		return
	}
	// Each file comes from the last layer that has it: the theme, a named
	// theme, then the site's own static/ (read with the size limit).
	from := map[string]func() ([]byte, error){}
	for _, layer := range b.layers[:len(b.layers)-1] {
		fsys := layer.FS
		_ = fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				from[strings.TrimPrefix(p, "static/")] = func() ([]byte, error) { return fs.ReadFile(fsys, p) }
			}
			return nil
		})
	}
	// What rounds draws from [brand], which a site's own static/ file of
	// the same name replaces.
	for name, data := range b.c.brandFiles() {
		from[name] = func() ([]byte, error) { return data, nil }
	}
	for _, p := range b.c.Static {
		from[strings.TrimPrefix(p, "static/")] = func() ([]byte, error) {
			data, err := readFile(b.c.FS, p)
			if err != nil {
				return nil, err
			}
			return output.CleanImage(p, data) // static images lose their metadata too
		}
	}
	names := sortedKeys(from)
	for _, name := range names {
		data, err := from[name]()
		if err != nil {
			b.fail(fmt.Errorf("static/%s: %v", name, err))
			continue
		}
		if name == "css/rounds.css" {
			data = append(append(data, '\n'), markdown.HighlightCSS()...)
		}
		b.write(name, data)
	}
	b.assetNames = names
}

// isoDuration turns a module's duration ("6min", normalised by
// content.ParseModule) into ISO 8601 ("PT6M"), or "" when it is not one.
func isoDuration(s string) string {
	d, err := content.ParseDuration(s)
	if err != nil {
		return ""
	}
	return d.ISO8601()
}
