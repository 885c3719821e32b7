package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
)

// Kinds are the generators a site can be imported from.
var Kinds = []string{"hugo", "jekyll"}

// Options says what to import.
type Options struct {
	Kind  string // "hugo" or "jekyll"
	Title string // the new site's title; the folder's name when empty
}

// Result is the new site: file contents by slash path, and notes on what
// was not converted (warnings, with positions in the source site).
type Result struct {
	Files map[string][]byte
	Notes diag.List
	Pages int
}

// Import converts the site in src.
func Import(src fs.FS, opts Options) (*Result, error) {
	var root string
	switch opts.Kind {
	case "hugo":
		root = "content"
	case "jekyll":
		root = "."
	default:
		return nil, fmt.Errorf("unknown kind %q: rounds imports %s", opts.Kind, strings.Join(Kinds, " or "))
	}
	im := &importer{src: src, res: &Result{Files: map[string][]byte{}}, people: map[string]string{}, kind: opts.Kind}
	err := fs.WalkDir(src, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || im.kind == "jekyll" && skipJekyllDir(name)) {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 || strings.HasPrefix(name, ".") {
			return nil
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
		return im.file(p, rel)
	})
	if err != nil {
		return nil, err
	}
	if im.res.Pages == 0 {
		return nil, fmt.Errorf("no Markdown page found under %s", root)
	}
	title := opts.Title
	if title == "" {
		title = "Imported site"
	}
	im.res.Files["rounds.toml"] = siteConfig(title)
	im.res.Files["people.toml"] = im.peopleFile()
	return im.res, nil
}

// skipJekyllDir: Jekyll's own folders hold templates, data and the built
// site, not pages.
func skipJekyllDir(name string) bool {
	switch name {
	case "_site", "_layouts", "_includes", "_sass", "_data", "_plugins", "node_modules", "vendor", "assets":
		return true
	}
	return false
}

type importer struct {
	src    fs.FS
	res    *Result
	people map[string]string // id -> name
	kind   string
}

// file converts one file of the source site.
func (im *importer) file(p, rel string) error {
	data, err := fs.ReadFile(im.src, p)
	if err != nil {
		return err
	}
	ext := strings.ToLower(path.Ext(rel))
	if ext != ".md" && ext != ".markdown" {
		// A bundle's image or file: copied beside its page.
		if im.kind == "hugo" {
			im.res.Files["content/"+rel] = data
		}
		return nil
	}
	out := im.outPath(rel)
	if out == "" {
		return nil
	}
	im.res.Pages++
	f := diag.NewFile(p, data)
	im.res.Files["content/"+out] = im.page(f, path.Base(out) == "_index.md")
	return nil
}

// outPath is where a page goes under content/: Hugo's layout as it is;
// Jekyll's _posts/2024-01-02-name.md as posts/name.md.
func (im *importer) outPath(rel string) string {
	rel = strings.TrimSuffix(rel, path.Ext(rel)) + ".md"
	if im.kind == "hugo" {
		return rel
	}
	dir, base := path.Split(rel)
	if strings.HasPrefix(dir, "_posts/") || dir == "_posts/" {
		if len(base) > 11 && jekyllDate.MatchString(base[:11]) {
			base = base[11:]
		}
		return "posts/" + strings.TrimPrefix(dir, "_posts/") + base
	}
	if strings.HasPrefix(rel, "_") || base == "README.md" || base == "index.md" && dir == "" {
		return ""
	}
	return rel
}

var jekyllDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}-$`)

// page converts a page: its front matter, then its body.
func (im *importer) page(f *diag.File, section bool) []byte {
	var fm map[string]any
	body := f.Src
	var doc *content.Doc
	if start, end, b, l := content.SplitFrontMatter(f); len(l) == 0 {
		var dl diag.List
		doc, dl = content.ParseFrontMatter(f, start, end)
		if doc == nil {
			im.note(f, diag.Pos{Line: 1, Col: 1}, "front matter not read (%s); the page is imported without it", firstMessage(dl))
		} else {
			fm = doc.Raw
		}
		body = f.Src[b:]
	}
	bodyOffset := len(f.Src) - len(body)
	out := im.frontMatter(f, doc, fm, section)
	var b bytes.Buffer
	b.WriteString("+++\n")
	b.Write(out)
	b.WriteString("+++\n")
	b.Write(im.body(f, body, bodyOffset))
	return b.Bytes()
}

func firstMessage(l diag.List) string {
	if len(l) == 0 {
		return "unreadable"
	}
	return l[0].Message
}

func (im *importer) note(f *diag.File, pos diag.Pos, format string, args ...any) {
	f.At(&im.res.Notes, pos, diag.Warning, "import", format, args...)
}

// keyMap maps Hugo's and Jekyll's front matter keys to rounds'.
var keyMap = map[string]string{
	"title": "title", "description": "summary", "summary": "summary", "excerpt": "summary",
	"slug": "slug", "weight": "weight", "date": "date", "publishdate": "date",
	"expirydate": "expires", "draft": "draft", "tags": "tags", "categories": "tags",
	"keywords": "tags", "toc": "toc", "params": "params", "author": "authors", "authors": "authors",
}

// dropped are keys that say how the old generator built the page, and
// mean nothing to rounds; they are left out without a note.
var dropped = map[string]bool{"layout": true, "type": true, "lastmod": true, "url": true, "permalink": true,
	"aliases": true, "menu": true, "markup": true, "outputs": true, "published": true, "sitemap": true,
	"build": true, "cascade": true, "resources": true, "linktitle": true, "comments": true, "share": true}

// frontMatter writes the page's TOML front matter.
func (im *importer) frontMatter(f *diag.File, doc *content.Doc, fm map[string]any, section bool) []byte {
	vals := map[string]any{}
	params := map[string]any{}
	keys := make([]string, 0, len(fm))
	for k := range fm {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := fm[k]
		to, ok := keyMap[strings.ToLower(k)]
		switch {
		case !ok && dropped[strings.ToLower(k)]:
		case !ok:
			params[k] = v
			im.note(f, doc.KeyPos(k), "front matter key %q has no rounds equivalent: moved to [params]", k)
		case to == "params":
			if m, ok := v.(map[string]any); ok {
				for pk, pv := range m {
					params[pk] = pv
				}
			}
		case to == "date" || to == "expires":
			if s, ok := v.(string); ok && len(s) >= 10 && validDate(s[:10]) {
				if _, set := vals[to]; !set {
					vals[to] = date(s[:10])
				}
			} else {
				im.note(f, doc.KeyPos(k), "%s %v is not a date: left out", k, v)
			}
		case to == "tags":
			vals["tags"] = appendStrings(vals["tags"], v)
		case to == "authors":
			var ids []any
			for _, name := range strings_(v) {
				id := personID(name)
				if id == "" {
					continue
				}
				im.people[id] = name
				ids = append(ids, id)
			}
			vals["authors"] = ids
		case to == "draft" || to == "toc":
			if b, ok := v.(bool); ok {
				vals[to] = b
			}
		default:
			if _, set := vals[to]; set {
				break
			}
			if cv, ok := coerce(to, v); ok {
				vals[to] = cv
			} else {
				im.note(f, doc.KeyPos(k), "%s %v is not what rounds' %s holds: left out", k, clip(fmt.Sprint(v)), to)
			}
		}
	}
	if section {
		delete(vals, "date")
		delete(vals, "authors")
		delete(vals, "draft")
		delete(vals, "toc")
		delete(vals, "slug")
		delete(vals, "tags")
		if len(params) > 0 {
			im.note(f, diag.Pos{Line: 1, Col: 1}, "a section has no [params]: %d key(s) left out", len(params))
		}
		params = nil
	}
	if _, ok := vals["title"]; !ok {
		name := strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path))
		if name == "index" || name == "_index" {
			name = path.Base(path.Dir(f.Path))
		}
		if len(name) > 11 && jekyllDate.MatchString(name[:11]) {
			name = name[11:] // a Jekyll post's 2024-01-02-name
		}
		vals["title"] = titleCase(strings.ReplaceAll(name, "-", " "))
		im.note(f, diag.Pos{Line: 1, Col: 1}, "no title: %q made from the file name", vals["title"])
	}
	if !section {
		if _, ok := vals["date"]; !ok {
			im.note(f, diag.Pos{Line: 1, Col: 1}, "no date: the module needs one (its release date) before it is published")
		}
	}
	var b bytes.Buffer
	order := []string{"title", "summary", "slug", "weight", "date", "expires", "draft", "authors", "tags", "toc"}
	for _, k := range order {
		if v, ok := vals[k]; ok {
			fmt.Fprintf(&b, "%s = %s\n", k, tomlValue(v))
		}
	}
	if len(params) > 0 {
		b.WriteString("\n[params]\n")
		pk := make([]string, 0, len(params))
		for k := range params {
			pk = append(pk, k)
		}
		sort.Strings(pk)
		for _, k := range pk {
			fmt.Fprintf(&b, "%s = %s\n", tomlKey(k), tomlValue(params[k]))
		}
	}
	return b.Bytes()
}

// coerce gives a value the type rounds' key holds: text for title,
// summary and slug (a YAML "title: 2024" is a number), a whole number for
// weight; false when it cannot.
func coerce(key string, v any) (any, bool) {
	switch key {
	case "weight":
		switch n := v.(type) {
		case int64, int:
			return n, true
		}
		return nil, false
	case "title", "summary", "slug":
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case int64, int, float64, bool:
			s = fmt.Sprint(x)
		default:
			return nil, false
		}
		if key == "slug" && !content.ValidSlug(s) {
			return nil, false
		}
		return s, true
	}
	return v, true
}

var dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// validDate reports whether s is a date TOML accepts: 2026-10-01, not
// 2026-13-45.
func validDate(s string) bool {
	if !dateRe.MatchString(s) {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// date is a TOML local date, written bare.
type date string

func appendStrings(acc any, v any) any {
	list, _ := acc.([]any)
	for _, s := range strings_(v) {
		list = append(list, s)
	}
	return list
}

// strings_ reads a string or a list of strings.
func strings_(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// personID makes a people.toml id from a name: "Jordan Doe" -> "jdoe"
// would guess; "jordan-doe" does not.
func personID(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func titleCase(s string) string {
	if s == "" {
		return "Untitled"
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

var bareKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func tomlKey(k string) string {
	if bareKey.MatchString(k) {
		return k
	}
	return tomlString(k)
}

// tomlString is a TOML basic string: JSON's escapes are TOML's.
func tomlString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// tomlValue writes a decoded front matter value as TOML (inline tables
// for tables).
func tomlValue(v any) string {
	switch v := v.(type) {
	case date:
		return string(v)
	case string:
		return tomlString(v)
	case bool, int64, int:
		return fmt.Sprint(v)
	case float64:
		s := fmt.Sprint(v)
		if !strings.ContainsAny(s, ".eEn") {
			s += ".0"
		}
		return s
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = tomlValue(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = tomlKey(k) + " = " + tomlValue(v[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return tomlString(fmt.Sprint(v))
}

// siteConfig is the generated rounds.toml: a lenient policy (no credit,
// no references required) that the provider tightens before publishing.
func siteConfig(title string) []byte {
	return []byte(`# Written by rounds import. The policy is lenient on purpose: review it,
# add [provider] for credit and raise min_references before publishing.
title    = ` + tomlString(title) + `
baseURL  = "https://example.org/"   # where the site will be published
language = "en"

[policy]
required_roles = ["medical"]   # every module needs a medical reviewer's sign-off
min_references = 0
`)
}

// peopleFile lists the authors found, and a reviewer to fill in.
func (im *importer) peopleFile() []byte {
	var b bytes.Buffer
	b.WriteString("# Written by rounds import: the authors of the imported pages. Add their\n# credentials, and the reviewers with their SSH keys (see the handbook).\n")
	ids := make([]string, 0, len(im.people))
	for id := range im.people {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Fprintf(&b, "\n[[person]]\nid   = %s\nname = %s\n", tomlString(id), tomlString(im.people[id]))
	}
	return b.Bytes()
}
