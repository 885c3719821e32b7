package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"github.com/rounds-dev/rounds/content/diag"
)

// Section is a folder of content/: a course. Its _index.md, when present,
// gives its title, summary, weight, and a [cascade] table of front matter
// values its modules inherit.
type Section struct {
	Dir        string // relative to the site's content/, slash-separated; "" for the root
	Path       string // site-relative path of _index.md, "" when the folder has none
	Matter     SectionMatter
	Doc        *Doc
	Body       []byte
	BodyOffset int
	File       *diag.File
	Parent     *Section
	// Langs are the section's translations (_index.es.md), by language:
	// their titles and summaries name the course in that language.
	Langs map[string]*Section
}

// ParseSection parses a section's _index.md (src may be nil when the
// folder has none).
func ParseSection(dir, p string, src []byte, parent *Section) (*Section, diag.List) {
	s := &Section{Dir: dir, Path: p, Parent: parent}
	if src == nil {
		return s, nil
	}
	s.File = diag.NewFile(p, src)
	var tl diag.List
	if !CheckText(s.File, &tl) {
		return s, tl
	}
	start, end, body, l := SplitFrontMatter(s.File)
	if l.HasErrors() {
		return s, l
	}
	doc, l := ParseFrontMatter(s.File, start, end)
	if doc == nil {
		return s, l
	}
	s.Doc, s.Body, s.BodyOffset = doc, src[body:], body
	doc.Decode(doc.Raw, &s.Matter, nil, &l)
	if c, ok := doc.Raw["cascade"].(map[string]any); ok {
		var fm FrontMatter
		doc.Decode(c, &fm, []any{"cascade"}, &l)
		for _, k := range []string{"reviews", "slug", "title", "summary", "draft"} {
			if _, set := c[k]; set {
				doc.Errorf(&l, []any{"cascade", k}, "cascade", "%q cannot be cascaded: it belongs to each module", k)
			}
		}
	}
	return s, l
}

// In returns the section's translation into lang, or the section itself.
func (s *Section) In(lang string) *Section {
	if t := s.Langs[lang]; t != nil && lang != "" {
		return t
	}
	return s
}

// Title is the section's title, or its folder name.
func (s *Section) Title() string {
	if s.Matter.Title != "" {
		return s.Matter.Title
	}
	return path.Base(s.Dir)
}

// Module is one learning module: a Markdown file with TOML front matter,
// alone (content/c/m.md) or as a bundle (content/c/m/index.md with the
// files beside it). A parsed Module is never modified, so the dev server
// can keep it across rebuilds.
type Module struct {
	Path    string // site-relative path of the .md file
	Section *Section
	Slug    string
	File    *diag.File
	Doc     *Doc
	Meta    FrontMatter // effective: after [cascade]
	// Lang is the language of a translation ("es" for fluids.es.md), ""
	// for a module in the site's default language; SourcePath is then the
	// site-relative path of the module it translates (fluids.md).
	Lang       string
	SourcePath string
	// effective is the effective front matter without reviews, as canonical
	// JSON: what the digest hashes. Kept as bytes, not as a map, because a
	// site holds thousands of modules.
	effective  []byte
	Body       []byte
	BodyOffset int
	Resources  []Resource // bundle files, sorted by Name
	Quizzes    []Quiz
	Evaluation *Evaluation // the body's ::: evaluation, nil for none
	Cites      []Cite      // every citation of the body, scanned once
	Media      []Media     // its "::: video" containers, in body order
	inherited  map[string]*Section
	quizErrs   []QuizProblem
	unknown    []span             // body spans of containers with unknown names
	released   bool               // the source was let go by Release
	srcSum     *[sha256.Size]byte // the source's hash, taken by the first Release
}

// Release lets the module's source go once it has been checked: a build
// of thousands of modules need not hold every source while it renders.
// Restore gives back the source. The parsed front matter, quizzes and
// citations stay; the canonical front matter the digest hashes does not:
// take the Digest (the gate does) before releasing.
func (m *Module) Release() {
	if m.released || m.File == nil {
		return
	}
	if m.srcSum == nil { // Restore proved the source equal: once is enough
		sum := sha256.Sum256(m.File.Src)
		m.srcSum = &sum
	}
	m.released = true
	m.Body, m.effective = nil, nil
	m.File.SetSrc(nil)
	if m.Doc != nil {
		m.Doc.setSrc(nil)
	}
}

// Retire lets go, once a module's pages are written, of what only checking
// and rendering read: its references, reviews, objectives, planners,
// authors, quizzes, citations and bundle files. What lists and feeds show
// (title, summary, dates, tags, audience, credit, support) stays. Only a
// build used once retires its modules: a retired module is never checked
// or rendered again, and at 10,000 modules this was a fifth of the heap.
func (m *Module) Retire() {
	fm := &m.Meta
	fm.References, fm.Reviews, fm.Objectives, fm.Planners, fm.Authors = nil, nil, nil, nil, nil
	m.Quizzes, m.Cites, m.quizErrs, m.Resources, m.unknown, m.Evaluation = nil, nil, nil, nil, nil, nil
}

// SourceSum is the SHA-256 of the module's source file as it was checked.
func (m *Module) SourceSum() [32]byte {
	if m.srcSum != nil {
		return *m.srcSum
	}
	if m.File != nil && !m.released {
		return sha256.Sum256(m.File.Src)
	}
	return [32]byte{}
}

// Released reports whether the source was let go by Release.
func (m *Module) Released() bool { return m.released }

// Restore gives back the source Release let go, read again from the file.
// It refuses a source that is not byte for byte the one that was checked:
// what is rendered must be what the gate passed.
func (m *Module) Restore(src []byte) error {
	if !m.released {
		return nil
	}
	if sha256.Sum256(src) != *m.srcSum {
		return fmt.Errorf("%s changed while the site was being built; build again", m.Path)
	}
	m.File.SetSrc(src)
	m.Body = src[m.BodyOffset:]
	if m.Doc != nil {
		m.Doc.setSrc(src)
	}
	m.released = false
	return nil
}

// Resource is a file of a bundle.
type Resource struct {
	Name string // relative to the module's folder, slash-separated
	Data []byte
}

// Effective returns the effective front matter (after [cascade], without
// reviews) as a map, decoded from the canonical JSON the digest covers.
func (m *Module) Effective() map[string]any {
	var out map[string]any
	_ = json.Unmarshal(m.effective, &out)
	return out
}

// IsBundle reports whether the module is a bundle (an index.md, or an
// index.<lang>.md translating one).
func (m *Module) IsBundle() bool {
	base := path.Base(m.Path)
	return base == "index.md" || (m.Lang != "" && base == "index."+m.Lang+".md")
}

// URLPath is the module's path in the output, like "sepsis/shock/"; a
// translation's is under its language, "es/sepsis/shock/".
func (m *Module) URLPath() string {
	p := m.Slug + "/"
	if m.Section != nil && m.Section.Dir != "" {
		p = m.Section.Dir + "/" + p
	}
	if m.Lang != "" {
		p = m.Lang + "/" + p
	}
	return p
}

// ParseModule parses a module file. sec is its section (for [cascade]);
// resources are its bundle files. Every problem is reported; the module is
// returned whenever the front matter could be read at all.
func ParseModule(p string, src []byte, sec *Section, resources []Resource) (*Module, diag.List) {
	return ParseModuleIn(p, "", src, sec, resources)
}

// ParseModuleIn parses a module file in a language: lang is "" for the
// site's default language, or the language of a translation, whose file
// name carries it (fluids.es.md; see TranslationOf).
func ParseModuleIn(p, lang string, src []byte, sec *Section, resources []Resource) (*Module, diag.List) {
	var l diag.List
	m := &Module{Path: p, Section: sec, File: diag.NewFile(p, src), Resources: resources, Lang: lang}
	if lang != "" {
		m.SourcePath = strings.TrimSuffix(p, "."+lang+".md") + ".md"
	}
	if len(src) > MaxFileSize {
		m.File.Errorf(&l, 0, "size", "file of %d bytes is over the limit of %d", len(src), MaxFileSize)
		return nil, l
	}
	if !CheckText(m.File, &l) {
		return nil, l
	}
	start, end, body, sl := SplitFrontMatter(m.File)
	if sl.HasErrors() {
		return nil, sl
	}
	if at := nthIndex(src[body:], []byte("]("), MaxLinks+1); at >= 0 {
		d := m.File.Errorf(&l, body+at, "size", "%d links is over the limit of %d for one module", bytes.Count(src[body:], []byte("](")), MaxLinks)
		d.Help = "split the module; a link is written [text](address)"
		return nil, l
	}
	if depth, at := NestingDepth(src[body:], MaxNesting); depth > MaxNesting {
		d := m.File.Errorf(&l, body+at, "size", "lists and block quotes nested %d deep, over the limit of %d", depth, MaxNesting)
		d.Help = "nest fewer lists and quotes; a deep outline reads better as headings"
		return nil, l
	}
	doc, dl := ParseFrontMatter(m.File, start, end)
	if doc == nil {
		return nil, dl
	}
	m.Doc, m.Body, m.BodyOffset = doc, src[body:], body
	m.Quizzes, m.Evaluation, m.quizErrs, m.unknown = scanContainers(m.Body)
	m.Cites = ScanCitations(m.Body)
	m.Media = scanMedia(m.Body, resources)
	if len(m.Cites) > MaxCitations {
		d := m.File.Errorf(&l, body+m.Cites[MaxCitations].Offset, "size", "%d citations is over the limit of %d for one module", len(m.Cites), MaxCitations)
		d.Help = "split the module, or cite several works in one place: [@a; @b]"
		return nil, l
	}
	var fm FrontMatter
	doc.check(doc.Raw, typeOfFrontMatter, nil, &l)
	if l.HasErrors() {
		return nil, l
	}

	// Inherit from the nearest section that sets a key (ACCME: a course's
	// format, audience and credit apply to every module unless overridden).
	merged := make(map[string]any, len(doc.Raw)+4)
	for k, v := range doc.Raw {
		merged[k] = v
	}
	for s := sec; s != nil; s = s.Parent {
		c, _ := s.Doc.rawCascade()
		for k, v := range c {
			if _, set := merged[k]; !set {
				merged[k] = v
				if m.inherited == nil {
					m.inherited = map[string]*Section{}
				}
				m.inherited[k] = s
			}
		}
	}
	if !normaliseWorkload(m, merged, &l) {
		return nil, l
	}
	// The front matter is encoded once, without its reviews, which is
	// what the digest covers; the reviews are decoded on their own.
	reviews, reviewed := merged["reviews"]
	delete(merged, "reviews")
	m.effective = CanonicalJSON(merged)
	err := json.Unmarshal(m.effective, &fm)
	if err == nil && reviewed {
		err = json.Unmarshal(CanonicalJSON(reviews), &fm.Reviews)
	}
	if err != nil {
		doc.Errorf(&l, nil, "type", "%v", err)
		return nil, l
	}
	m.Meta = fm
	doc.Raw = nil // the typed Meta and the bytes above are all that is used from now on

	m.Slug = fm.Slug
	if m.Slug == "" {
		m.Slug = strings.TrimSuffix(path.Base(p), ".md")
		if m.Lang != "" {
			m.Slug = strings.TrimSuffix(m.Slug, "."+m.Lang)
		}
		if m.IsBundle() {
			m.Slug = path.Base(path.Dir(p))
		}
	}
	if !ValidSlug(m.Slug) {
		d := m.Errorf(&l, []any{"slug"}, "slug", "%q cannot be a URL name", m.Slug)
		d.Help = "use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit"
	}
	m.checkCardImage(&l)
	return m, l
}

// checkCardImage checks that card_image names a PNG or JPEG file of the
// module's bundle: a file there is in the digest (a resource record), so
// the picture on the cards is one the reviewers saw.
func (m *Module) checkCardImage(l *diag.List) {
	ci := m.Meta.CardImage
	if ci == "" {
		return
	}
	key := []any{"card_image"}
	ext := strings.ToLower(path.Ext(ci))
	switch {
	case !m.IsBundle():
		d := m.Errorf(l, key, "card_image", "card_image needs a module bundle: only a file beside the module's index.md is covered by its sign-off")
		d.Help = "move the module to content/<course>/<module>/index.md and put the image beside it"
	case ext != ".png" && ext != ".jpg" && ext != ".jpeg":
		d := m.Errorf(l, key, "card_image", "card_image %q is not a PNG or JPEG", ci)
		d.Help = "cards draw PNG and JPEG images"
	default:
		clean := path.Clean(ci)
		for _, r := range m.Resources {
			if r.Name == clean {
				m.Meta.CardImage = clean
				return
			}
		}
		d := m.Errorf(l, key, "card_image", "card_image %q is not a file of the module's bundle", ci)
		d.Help = "name a file beside the module's index.md, relative to it"
	}
}

var typeOfFrontMatter = typeOf[FrontMatter]()

// normaliseWorkload reads the effective front matter's duration in the
// one grammar of durations and writes it back in its one form, so that
// the digest covers the value, not its spelling: rewriting the old "6m"
// as "6min" voids no sign-off. The old form is read as minutes with a
// warning; anything else that is not a duration ("4 minutes") is an
// error at the key, and false.
func normaliseWorkload(m *Module, merged map[string]any, l *diag.List) bool {
	s, ok := merged["duration"].(string)
	if !ok {
		return true // absent, or another type: reported with the types
	}
	d, old, err := ParseWorkload(s)
	if err != nil {
		dg := m.Errorf(l, []any{"duration"}, "type", "duration: %v", err)
		dg.Help = `write the time the module takes, like "6min" or "1h"`
		return false
	}
	if old {
		dg := m.Warnf(l, []any{"duration"}, "deprecated", "duration %q is read as %s; write %q", s, d.Human(), d.String())
		dg.Help = `a bare "m" is ambiguous (in a policy it would be months); "min" is minutes, "mo" months`
	}
	merged["duration"] = d.String()
	return true
}

func (d *Doc) rawCascade() (map[string]any, bool) {
	if d == nil {
		return nil, false
	}
	c, ok := d.Raw["cascade"].(map[string]any)
	return c, ok
}

// ValidSlug reports whether s is safe as one segment of an output path on
// every system the site may be copied to.
func ValidSlug(s string) bool {
	if s == "" || s == "." || s == ".." || len(s) > 200 || reservedName(s) {
		return false
	}
	for i, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || (i > 0 && (r == '-' || r == '_' || r == '.'))
		if !ok {
			return false
		}
	}
	return true
}

// KeyPos locates a front matter key of the module: in its own front matter,
// or in the [cascade] of the section it inherited the key from.
func (m *Module) KeyPos(p ...any) (*diag.File, diag.Pos) {
	if len(p) > 0 {
		if k, ok := p[0].(string); ok {
			if s := m.inherited[k]; s != nil {
				return s.File, s.Doc.KeyPos(append([]any{"cascade"}, p...)...)
			}
		}
	}
	return m.File, m.Doc.KeyPos(p...)
}

// Errorf reports an error at a front matter key of the module.
func (m *Module) Errorf(l *diag.List, p []any, rule, format string, args ...any) *diag.Diagnostic {
	f, pos := m.KeyPos(p...)
	return f.At(l, pos, diag.Error, rule, format, args...)
}

// Warnf reports a warning at a front matter key of the module.
func (m *Module) Warnf(l *diag.List, p []any, rule, format string, args ...any) *diag.Diagnostic {
	f, pos := m.KeyPos(p...)
	return f.At(l, pos, diag.Warning, rule, format, args...)
}

// reservedName reports names Windows cannot create (CON, NUL, COM1, ...),
// with or without an extension.
func reservedName(s string) bool {
	base := strings.ToUpper(s)
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	switch base {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	return len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) && base[3] >= '1' && base[3] <= '9'
}

// nthIndex is the offset of the nth (from 1) occurrence of sep in b, or -1.
func nthIndex(b, sep []byte, n int) int {
	off := 0
	for ; n > 0; n-- {
		i := bytes.Index(b[off:], sep)
		if i < 0 {
			return -1
		}
		off += i + len(sep)
	}
	return off - len(sep)
}

// inUnknownContainer reports whether a body offset is inside a container
// whose name is unknown.
func (m *Module) inUnknownContainer(off int) bool {
	for _, s := range m.unknown {
		if off >= s.start && off < s.end {
			return true
		}
	}
	return false
}
