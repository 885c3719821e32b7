package render

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/rounds-dev/rounds/content/diag"
)

// Kinds are the page layouts every theme provides, each in layouts/KIND.html.
var Kinds = []string{"home", "section", "module", "taxonomy", "term", "404", "embed", "certificate", "share", "path", "practice", "glossary"}

// Templates are a theme's parsed layouts.
type Templates struct {
	byKind   map[string]*template.Template
	parts    partCache
	minified bool // every layout came minified from its layer
}

// partCache holds what partialCached rendered for one build (one Site):
// a build's pages share it, and the next build starts afresh.
type partCache struct {
	mu   sync.Mutex
	site *Site
	out  map[string]template.HTML
}

// Layer is one source of theme files. Later layers override earlier ones
// file by file: the default theme, then a site's themes/NAME, then the
// site's own layouts/.
type Layer struct {
	FS     fs.FS
	Prefix string // how its files are named in messages: "theme:", "themes/NAME/", ""
	// Minify, when set, minifies each layout of this layer as it is read:
	// given only for the built-in theme, whose pages are tested to come out
	// as minifying them whole would make them.
	Minify func(src []byte) ([]byte, error)
}

// Load parses layouts/base.html, layouts/partials/*.html and one layout per
// kind, each from the last layer that has it. Parse errors are reported
// with the file and line.
func Load(layers ...Layer) (*Templates, diag.List) {
	var l diag.List
	minified := true
	read := func(name string) ([]byte, string, error) {
		for i := len(layers) - 1; i >= 0; i-- {
			b, err := fs.ReadFile(layers[i].FS, name)
			if err == nil {
				shown := layers[i].Prefix + name
				if layers[i].Minify == nil {
					minified = false
					return b, shown, nil
				}
				b, err = layers[i].Minify(b)
				return b, shown, err
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return nil, layers[i].Prefix + name, err
			}
		}
		return nil, name, fmt.Errorf("no theme has %s", name)
	}
	base := template.New("base").Funcs(funcs())
	names := []string{"layouts/base.html"}
	names = append(names, partials(layers)...)
	for _, name := range names {
		src, shown, err := read(name)
		if err != nil {
			l.Add(diag.Diagnostic{Path: shown, Rule: "layout", Message: err.Error()})
			continue
		}
		if _, err := base.New(name).Parse(string(src)); err != nil {
			l.Add(templateDiag(shown, err))
		}
	}
	t := &Templates{byKind: map[string]*template.Template{}}
	if l.HasErrors() {
		return nil, l
	}
	for _, kind := range Kinds {
		name := "layouts/" + kind + ".html"
		src, shown, err := read(name)
		if err != nil {
			l.Add(diag.Diagnostic{Path: shown, Rule: "layout", Message: err.Error()})
			continue
		}
		k, err := base.Clone()
		if err == nil {
			k.Funcs(template.FuncMap{"partialCached": t.partialCached(k)})
			_, err = k.New(name).Parse(string(src))
		}
		if err != nil {
			l.Add(templateDiag(shown, err))
			continue
		}
		t.byKind[kind] = k
	}
	if l.HasErrors() {
		return nil, l
	}
	t.minified = minified
	return t, l
}

// Minified reports whether every layout was minified as it was read: the
// pages they render need no minifying as a whole, only what they are
// given to show as HTML (a module's rendered Markdown).
func (t *Templates) Minified() bool { return t.minified }

func partials(layers []Layer) []string {
	seen := map[string]bool{}
	for _, layer := range layers {
		matches, _ := fs.Glob(layer.FS, "layouts/partials/*.html")
		for _, m := range matches {
			seen[m] = true
		}
	}
	out := make([]string, 0, len(seen))
	for m := range seen {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

var templateLine = regexp.MustCompile(`^template: [^:]+:(\d+):(?:(\d+):)? ?(.*)$`)

func templateDiag(name string, err error) diag.Diagnostic {
	d := diag.Diagnostic{Path: name, Rule: "layout", Message: err.Error()}
	if m := templateLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		d.Pos, d.Message = diag.Pos{Line: line, Col: max(col, 1)}, m[3]
	}
	return d
}

// Execute renders p with the layout of its kind.
func (t *Templates) Execute(w io.Writer, p *Page) error {
	k := t.byKind[p.Kind]
	if k == nil {
		return fmt.Errorf("no layout for %q pages", p.Kind)
	}
	return k.ExecuteTemplate(w, "layouts/"+p.Kind+".html", p)
}

func funcs() template.FuncMap {
	return template.FuncMap{
		// rel joins the page's root prefix with a site path: a link that works
		// from any folder the site is served or opened from.
		"rel": func(root, p string) string {
			if root == "" && p == "" {
				return "./"
			}
			return root + p
		},
		"join": strings.Join,
		"base": path.Base,
		"add":  func(a, b int) int { return a + b },
		"dict": dict,
		// Bound to each layout's own set by Load; this one only lets
		// the shared files parse.
		"partialCached": func(string, any, ...any) (template.HTML, error) {
			return "", errors.New("partialCached is not bound")
		},
	}
}

// partialCached returns the function {{partialCached NAME . VARIANT...}}:
// the partial NAME executed with the page once per build for each
// distinct list of variants, its output reused by every other page that
// asks with the same variants (as Hugo's partialCached). The site's
// navigation, the same on every page at one depth, is drawn once per
// .Root instead of once per page: on a 20-course site it was a quarter of
// all template work. The output depends on the variants only, so a
// partial cached by .Root must not show anything else of the page. The
// cache belongs to the build of the page given as context; with any other
// context (a dict) the partial is drawn every time.
func (t *Templates) partialCached(set *template.Template) func(string, any, ...any) (template.HTML, error) {
	return func(name string, ctx any, variants ...any) (template.HTML, error) {
		var site *Site
		if p, ok := ctx.(*Page); ok {
			site = p.Site
		}
		// Each variant on its own: fmt.Sprint("a", "b") and
		// fmt.Sprint("ab") would be one key.
		key := name
		for _, v := range variants {
			key += "\x00" + fmt.Sprint(v)
		}
		if site != nil {
			t.parts.mu.Lock()
			out, ok := t.parts.out[key]
			if t.parts.site != site {
				t.parts.site, t.parts.out, ok = site, map[string]template.HTML{}, false
			}
			t.parts.mu.Unlock()
			if ok {
				return out, nil
			}
		}
		var b strings.Builder
		if err := set.ExecuteTemplate(&b, name, ctx); err != nil {
			return "", err
		}
		// The partial was escaped on its own, starting as HTML text.
		out := template.HTML(b.String())
		if site != nil {
			t.parts.mu.Lock()
			if t.parts.site == site {
				t.parts.out[key] = out
			}
			t.parts.mu.Unlock()
		}
		return out, nil
	}
}

// dict builds a map from key, value pairs, to pass several values to a partial.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict needs key, value pairs")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, errors.New("dict keys must be strings")
		}
		m[k] = kv[i+1]
	}
	return m, nil
}
