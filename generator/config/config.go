package config

import (
	"errors"
	"io/fs"
	"net/url"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
)

// Config is everything a site says outside its modules.
type Config struct {
	Site   content.SiteConfig
	People content.People
	Shared content.Bibliography
	Base   *url.URL     // Site.BaseURL, parsed; always ends in "/"
	Doc    *content.Doc // rounds.toml, for the positions of later problems
	// Unreviewed is the key of the message that says why the site's
	// policy lets modules through without a verified review, for every
	// page to show in its language ("pre.unreviewed_policy"); "" for a
	// fail-closed policy.
	Unreviewed string
	// Glossary is data/glossary.toml, checked; empty without one.
	Glossary content.Glossary
}

// Options adjusts what is read.
type Options struct {
	BaseURL string // overrides rounds.toml's baseURL when set
}

// Load reads rounds.toml, people.toml and data/references.toml from the
// site. A missing rounds.toml is an error; the others are optional.
func Load(fsys fs.FS, opts Options) (*Config, diag.List) {
	var l diag.List
	c := &Config{People: content.People{ByID: map[string]*content.Person{}}}
	c.Shared = content.Bibliography{ByID: map[string]content.Reference{}, Raw: map[string]map[string]any{}}

	doc, ok := readDoc(fsys, "rounds.toml", &l)
	if !ok {
		if doc == nil && !l.HasErrors() {
			l.Add(diag.Diagnostic{Path: "rounds.toml", Rule: "config", Message: "no rounds.toml: this is not a rounds site",
				Help: "run rounds in the site's folder, pass -s DIR, or make a site with `rounds new site DIR`"})
		}
		return nil, l
	}
	doc.Decode(doc.Raw, &c.Site, nil, &l)
	c.Doc = doc
	c.readPaths(fsys, doc, &l)
	c.defaults(doc, opts, &l)
	c.checkEvaluation(doc, &l)
	c.checkStaticFiles(fsys, doc, &l)
	c.checkBrand(doc, &l)

	if pdoc, ok := readDoc(fsys, "people.toml", &l); ok {
		ppl, pl := content.ParsePeople(pdoc)
		l = append(l, pl...)
		c.People = ppl
	}
	if gdoc, ok := readDoc(fsys, "data/glossary.toml", &l); ok {
		c.readGlossary(gdoc, &l)
	}
	if bdoc, ok := readDoc(fsys, "data/references.toml", &l); ok {
		c.readBibliography(bdoc, &l)
	}
	if src, err := fs.ReadFile(fsys, "data/references.json"); err == nil {
		if content.CheckText(diag.NewFile("data/references.json", src), &l) {
			c.readCSL("data/references.json", src, &l)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		l.Add(diag.Diagnostic{Path: "data/references.json", Rule: "read", Message: err.Error()})
	}
	return c, l
}

// readDoc reads and parses one TOML file; ok is false when it is missing or
// broken (broken files are reported in l).
func readDoc(fsys fs.FS, name string, l *diag.List) (*content.Doc, bool) {
	src, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false
	}
	if err != nil {
		l.Add(diag.Diagnostic{Path: name, Rule: "read", Message: err.Error()})
		return nil, false
	}
	f := diag.NewFile(name, src)
	if !content.CheckText(f, l) {
		return nil, false
	}
	doc, dl := content.ParseDoc(f, 0, len(src))
	*l = append(*l, dl...)
	return doc, doc != nil
}

func (c *Config) defaults(doc *content.Doc, opts Options, l *diag.List) {
	s := &c.Site
	if opts.BaseURL != "" {
		s.BaseURL = opts.BaseURL
	}
	// A value reported already (of the wrong type) is not reported again
	// as missing: one mistake, one error.
	if s.Title == "" && !doc.Flagged("title") {
		doc.Errorf(l, []any{"title"}, "config", "the site needs a title")
	}
	c.languages(doc, l)
	switch s.Digits {
	case "", "latn", "arab":
	default:
		d := doc.Errorf(l, []any{"digits"}, "config", "digits %q is not \"latn\" or \"arab\"", s.Digits)
		d.Help = "digits = \"arab\" writes Arabic pages' numbers and dates in Arabic-Indic digits; Latin digits are the default"
	}
	if s.CitationStyle == "" {
		s.CitationStyle = "ama"
	}
	if s.CitationStyle != "ama" && s.CitationStyle != "vancouver" {
		doc.Errorf(l, []any{"citation_style"}, "config", "citation_style %q is not \"ama\" or \"vancouver\"", s.CitationStyle)
	}
	c.policyDefaults(doc, l)
	switch s.Policy.Expired {
	case "":
		s.Policy.Expired = "refuse"
	case "refuse", "archive":
	default:
		doc.Errorf(l, []any{"policy", "expired"}, "config", "policy.expired must be \"refuse\" or \"archive\", not %q", s.Policy.Expired)
	}
	base := s.BaseURL
	if base == "" {
		base = "http://localhost/"
		if !doc.Flagged("baseURL") {
			d := doc.Errorf(l, []any{"baseURL"}, "config", "the site needs a baseURL")
			d.Help = "set baseURL = \"https://...\" in rounds.toml: cards, feeds and canonical links need absolute URLs"
		}
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		doc.Errorf(l, []any{"baseURL"}, "config", "baseURL %q is not an absolute http(s) URL", s.BaseURL)
		u, _ = url.Parse("http://localhost/")
	}
	c.Base = u
	seen := map[string]bool{}
	for i, sup := range s.Supporters {
		if sup.Name == "" && !doc.Flagged("supporters", i, "name") && !doc.Flagged("supporters", i) {
			doc.Errorf(l, []any{"supporters", i}, "config", "a supporter needs a name")
		}
		if seen[sup.Name] {
			doc.Errorf(l, []any{"supporters", i, "name"}, "config", "supporter %q is listed twice", sup.Name)
		}
		seen[sup.Name] = true
	}
}

// readBibliography reads data/references.toml: [[references]] entries in
// the same form as a module's.
func (c *Config) readBibliography(doc *content.Doc, l *diag.List) {
	var file struct {
		References []content.Reference `json:"references"`
	}
	doc.Decode(doc.Raw, &file, nil, l)
	raws, _ := doc.Raw["references"].([]any)
	for i, r := range file.References {
		if r.ID == "" {
			if !doc.Flagged("references", i, "id") && !doc.Flagged("references", i) {
				doc.Errorf(l, []any{"references", i}, "referenced", "reference %d has no id", i+1)
			}
			continue
		}
		if _, dup := c.Shared.ByID[r.ID]; dup {
			doc.Errorf(l, []any{"references", i, "id"}, "referenced", "reference id %q is used twice", r.ID)
			continue
		}
		if r.DOI != "" && !content.ValidDOI(r.DOI) {
			doc.Errorf(l, []any{"references", i, "doi"}, "referenced", "%q is not a DOI", r.DOI)
		}
		if r.PMID != "" && !content.ValidPMID(r.PMID) {
			doc.Errorf(l, []any{"references", i, "pmid"}, "referenced", "%q is not a PMID (1 to 8 digits)", r.PMID)
		}
		if r.URL != "" && !content.ValidWebURL(r.URL) {
			d := doc.Errorf(l, []any{"references", i, "url"}, "referenced", "%q is not an http or https address", r.URL)
			d.Help = "write the full address, such as https://www.who.int/publications/..."
		}
		if msg := r.DateConflict(); msg != "" {
			doc.Errorf(l, []any{"references", i, "issued"}, "referenced", "%s", msg)
		}
		c.Shared.ByID[r.ID] = r
		if i < len(raws) {
			raw, _ := raws[i].(map[string]any)
			c.Shared.Raw[r.ID] = raw
		}
	}
}

// AbsURL makes a site path ("sepsis/shock/") absolute under the base URL,
// each segment percent-encoded: a section folder may hold spaces or
// letters outside ASCII, and sitemaps, feeds and JSON-LD need valid URLs.
func (c *Config) AbsURL(p string) string {
	return c.Base.String() + content.EscapePath(strings.TrimPrefix(p, "/"))
}

// readPaths notes where each [[paths]] of rounds.toml is written and adds
// those of paths/*.toml, in file name order.
func (c *Config) readPaths(fsys fs.FS, doc *content.Doc, l *diag.List) {
	for i := range c.Site.Paths {
		c.Site.Paths[i].Doc, c.Site.Paths[i].Index = doc, i
	}
	names, _ := fs.Glob(fsys, "paths/*.toml")
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			l.Add(diag.Diagnostic{Path: name, Rule: "read", Message: err.Error()})
			continue
		}
		progs, pl := content.ParsePathsFile(diag.NewFile(name, src))
		*l = append(*l, pl...)
		c.Site.Paths = append(c.Site.Paths, progs...)
	}
}
