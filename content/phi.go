package content

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/content/phi"
)

// PHIAllowances lists the well-formed phi-ok allowances of a body in
// order, for `rounds status` (see phi.Allowances).
func PHIAllowances(body []byte) []phi.Allowance { return phi.Allowances(body) }

// noPHI: HIPAA Privacy Rule, 45 CFR 164.514(b)(2) (Safe Harbor) — a page
// that shows a patient's identifiers discloses protected health
// information, so a module is refused when anything of it that reaches a
// page, a card, a URL, a feed or a file name looks like one: its front
// matter's texts (title, summary, objectives, tags, audience, slug,
// duration, format, credit and support, every field of its references),
// its body (quizzes, alt text and image paths included), the fields of
// the shared references it cites, its file or folder name, the names of
// its bundle files and the text of those a learner reads (captions, SVG
// drawings, downloads). Each finding is an error at its exact place. The
// people the module may name (everyone in people.toml, the authors and
// editors of its references) are not flagged as names.
//
// An author allows one occurrence with `<!-- phi-ok: "text" reason -->`:
// each allowance covers the first occurrence of its text, in the order
// front matter, body, shared references, file names, that holds a finding
// not yet allowed; an allowance that allows nothing, a malformed one and
// one without a reason are warnings (rule "phi-ok"). Text of the
// provider's contact is not patient data and is not flagged.
func (g *Gate) noPHI(m *Module, l *diag.List) {
	body := string(m.Body)
	r := &phiRun{m: m, l: l, s: phi.NewScan(phi.Options{
		Contact: g.providerContact(),
		Names:   func() []string { return g.phiNames(m) },
	})}
	r.frontMatter()
	bodyText := r.add(body, func(t *phi.Text, i int) {
		pf := t.Findings()[i]
		d := m.File.Errorf(l, m.BodyOffset+pf.Start, "no-phi", "looks like %s: %q", phiArticle(pf.Kind), pf.Text)
		d.Help = phiHelp(t.Folded(i))
	})
	g.phiSharedReferences(r)
	r.fileNames(bodyText)
	g.phiAllow(r.s, m.File, m.BodyOffset, body, l)
	r.report()
}

// CheckSection runs the rules that apply to a course's own texts, which
// its course page, its card, the home page and every module's page show:
// no-phi (HIPAA Safe Harbor, as for a module) on its folder name (a part
// of every URL in it) and its _index.md title, summary and body, whose
// phi-ok comments allow findings in all of them. A draft course is not
// published and is not checked.
func (g *Gate) CheckSection(s *Section) diag.List {
	var l diag.List
	if s.Dir == "" && s.File == nil || s.Matter.Draft {
		return nil
	}
	r := &phiRun{l: &l, s: phi.NewScan(phi.Options{Contact: g.providerContact(), Names: g.phiPeople})}
	add := func(text string, report func(t *phi.Text, i int)) {
		if text != "" {
			r.add(text, report)
		}
	}
	if s.Dir != "" {
		name := path.Base(s.Dir)
		add(name, func(t *phi.Text, i int) {
			pf := t.Findings()[i]
			msg := fmt.Sprintf("the course's folder name %q looks like %s: %q", name, phiArticle(pf.Kind), pf.Text)
			help := "rename the folder, or if it is not patient data " + phiHelpAllow(t.Folded(i)) + " in its _index.md"
			if s.File == nil {
				l.Add(diag.Diagnostic{Path: path.Join("content", s.Dir), Severity: diag.Error, Rule: "no-phi", Message: msg, Help: help})
				return
			}
			s.File.At(&l, diag.Pos{Line: 1, Col: 1}, diag.Error, "no-phi", "%s", msg).Help = help
		})
	}
	if s.File != nil && s.Doc != nil {
		for _, k := range []string{"title", "summary"} {
			text := s.Matter.Title
			if k == "summary" {
				text = s.Matter.Summary
			}
			add(text, func(t *phi.Text, i int) {
				pf := t.Findings()[i]
				pos := s.Doc.KeyPos(k)
				if at := valueOffset(s.File, pos, s.BodyOffset, text, 0); at >= 0 {
					pos = s.File.Pos(at + pf.Start)
				}
				d := s.File.At(&l, pos, diag.Error, "no-phi", "the %s looks like %s: %q", k, phiArticle(pf.Kind), pf.Text)
				d.Help = phiHelp(t.Folded(i)) + " in the body"
			})
		}
		add(string(s.Body), func(t *phi.Text, i int) {
			pf := t.Findings()[i]
			d := s.File.Errorf(&l, s.BodyOffset+pf.Start, "no-phi", "looks like %s: %q", phiArticle(pf.Kind), pf.Text)
			d.Help = phiHelp(t.Folded(i))
		})
		g.phiAllow(r.s, s.File, s.BodyOffset, string(s.Body), &l)
	}
	r.report()
	return l
}

// phiRun is the no-phi scan of one module (m) or section: its texts, and
// how to report each one's findings.
type phiRun struct {
	m       *Module
	l       *diag.List
	s       *phi.Scan
	reports []phiReport
}

// phiReport is a scanned text and how to report its findings.
type phiReport struct {
	t      *phi.Text
	report func(t *phi.Text, i int)
}

func (r *phiRun) add(text string, report func(t *phi.Text, i int)) *phi.Text {
	t := r.s.Add(text)
	r.reports = append(r.reports, phiReport{t, report})
	return t
}

// report reports every finding no allowance took.
func (r *phiRun) report() {
	for _, p := range r.reports {
		for i := range p.t.Findings() {
			if !p.t.Allowed(i) {
				p.report(p.t, i)
			}
		}
	}
}

// frontMatter scans every text of the effective front matter that a page
// shows, in the order of the struct.
func (r *phiRun) frontMatter() {
	fm := &r.m.Meta
	r.field([]any{"title"}, "title", fm.Title, nil)
	r.field([]any{"summary"}, "summary", fm.Summary, nil)
	r.field([]any{"slug"}, "slug", fm.Slug, nil)
	r.list([]any{"audience"}, "audience #", fm.Audience)
	r.list([]any{"objectives"}, "objective #", fm.Objectives)
	r.list([]any{"tags"}, "tag #", fm.Tags)
	r.field([]any{"duration"}, "duration", fm.Duration, nil)
	r.field([]any{"format"}, "format", fm.Format, nil)
	r.field([]any{"card_image"}, "card_image", fm.CardImage, nil)
	if c := fm.Credit; c != nil {
		r.field([]any{"credit", "type"}, "credit type", c.Type, nil)
		r.field([]any{"credit", "activity"}, "credit activity", c.Activity, nil)
	}
	if s := fm.Support; s != nil {
		r.field([]any{"support", "supporter"}, "supporter", s.Supporter, nil)
		r.field([]any{"support", "kind"}, "support kind", s.Kind, nil)
	}
	for i, ref := range fm.References {
		key := []any{"references", i}
		of := " of reference " + phiRefName(ref, i)
		for _, f := range phiRefFields(ref) {
			r.field(phiKey(key, f.key), f.name+of, f.text, nil)
		}
		r.list(phiKey(key, "authors"), "author #"+of, ref.Authors)
		r.list(phiKey(key, "editors"), "editor #"+of, ref.Editors)
	}
}

// field scans one front matter string. Where the value is written is only
// looked up when it holds a finding: finding it means indexing the front
// matter's keys. Values of a list are looked for after the one before
// (from), as two may read alike.
func (r *phiRun) field(key []any, name, text string, from func() int) {
	if text == "" {
		return
	}
	m, l := r.m, r.l
	r.add(text, func(t *phi.Text, i int) {
		at := 0
		if from != nil {
			at = from()
		}
		f, valueAt := phiValueOffset(m, key, text, at)
		pf := t.Findings()[i]
		msg := fmt.Sprintf("the %s looks like %s: %q", name, phiArticle(pf.Kind), pf.Text)
		var d *diag.Diagnostic
		if valueAt >= 0 {
			d = f.At(l, f.Pos(valueAt+pf.Start), diag.Error, "no-phi", "%s", msg)
		} else {
			d = m.Errorf(l, key, "no-phi", "%s", msg)
		}
		d.Help = phiHelp(t.Folded(i)) + " in the body"
	})
}

// list scans the strings of a front matter list, named "tag 1", "tag 2"...
// from a name with a # ("tag #").
func (r *phiRun) list(key []any, name string, values []string) {
	for i, v := range values {
		from := func() int {
			at := 0
			for j, prev := range values[:i] {
				if f, k := phiValueOffset(r.m, phiKey(key, j), prev, at); k >= 0 && f == r.m.File {
					at = k + len(prev)
				}
			}
			return at
		}
		r.field(phiKey(key, i), strings.Replace(name, "#", fmt.Sprint(i+1), 1), v, from)
	}
}

// fileNames scans the module's own file or folder name (its URL, unless
// slug says otherwise) and the names of its bundle files, with the folders
// they are in. A bundle file the body refers to is reported there.
func (r *phiRun) fileNames(body *phi.Text) {
	m, l := r.m, r.l
	name, what := strings.TrimSuffix(path.Base(m.Path), ".md"), "file name"
	if m.IsBundle() {
		name, what = path.Base(path.Dir(m.Path)), "folder name"
	}
	r.add(name, func(t *phi.Text, i int) {
		pf := t.Findings()[i]
		d := m.File.At(l, diag.Pos{Line: 1, Col: 1}, diag.Error, "no-phi", "the module's %s %q looks like %s: %q", what, name, phiArticle(pf.Kind), pf.Text)
		d.Help = "rename it, or if it is not patient data " + phiHelpAllow(t.Folded(i)) + " in the body"
	})
	for _, res := range m.Resources {
		name := res.Name
		if name == "" {
			continue
		}
		at := strings.Index(string(m.Body), name)
		t := r.add(name, func(t *phi.Text, i int) {
			pf := t.Findings()[i]
			off := 0
			if at >= 0 {
				off = m.BodyOffset + at + pf.Start
			}
			d := m.File.Errorf(l, off, "no-phi", "bundle file %q: its name looks like %s: %q", name, phiArticle(pf.Kind), pf.Text)
			d.Help = "rename the file, or if it is not patient data " + phiHelpAllow(t.Folded(i))
		})
		if at >= 0 {
			// Where the body refers to the file, the body's own findings
			// there (allowed or not) already speak for its name.
			t.DropCoveredBy(body, at)
		}
	}
	for _, res := range m.Resources {
		r.resourceText(res)
	}
}

// phiTextFiles are the bundle files whose text a learner reads: captions
// and subtitles shown with a video, drawings, downloads.
var phiTextFiles = map[string]bool{".vtt": true, ".srt": true, ".txt": true, ".csv": true, ".tsv": true, ".svg": true, ".json": true, ".xml": true, ".ics": true}

// resourceText scans the text of a bundle file a learner reads (captions,
// an SVG drawing's words, a CSV download); in markup, tags are not text.
// A finding is an error at its place in that file.
func (r *phiRun) resourceText(res Resource) {
	ext := strings.ToLower(path.Ext(res.Name))
	if !phiTextFiles[ext] || len(res.Data) == 0 {
		return
	}
	text := string(res.Data)
	if ext == ".svg" || ext == ".xml" {
		text = phiBlankTags(text)
	}
	f := diag.NewFile(path.Join(path.Dir(r.m.Path), res.Name), res.Data)
	l := r.l
	report := func(t *phi.Text, i int) {
		pf := t.Findings()[i]
		d := f.Errorf(l, pf.Start, "no-phi", "looks like %s: %q", phiArticle(pf.Kind), pf.Text)
		d.Help = "remove it from the file, or if it is not patient data " + phiHelpAllow(t.Folded(i)) + " in the module's body"
	}
	switch ext {
	case ".csv", ".tsv":
		// A table: its header names its columns ("name,mrn,dob").
		sep := byte(',')
		if ext == ".tsv" {
			sep = '\t'
		}
		r.reports = append(r.reports, phiReport{r.s.AddTable(text, sep), report})
	default:
		r.add(text, report)
	}
}

// phiBlankTags turns the tags and comments of markup into spaces, keeping
// every other byte where it was: what is left is the text a reader sees.
func phiBlankTags(s string) string {
	b := []byte(s)
	in := false
	for i, c := range b {
		switch {
		case c == '<':
			in = true
		case c == '>' && in:
			in = false
			b[i] = ' '
			continue
		}
		if in && c != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}

// phiSharedReferences scans the shared references the module cites, as
// its page shows them; a finding is reported at the first citation.
func (g *Gate) phiSharedReferences(r *phiRun) {
	m, l := r.m, r.l
	for _, id := range m.SharedCites(g.Shared) {
		ref := g.Shared.ByID[id]
		at := 0
		for _, c := range m.Cites {
			if c.Key == id {
				at = c.Offset
				break
			}
		}
		texts := phiRefFields(ref)
		for i, a := range ref.Authors {
			texts = append(texts, phiRefField{"", fmt.Sprintf("author %d", i+1), a})
		}
		for i, e := range ref.Editors {
			texts = append(texts, phiRefField{"", fmt.Sprintf("editor %d", i+1), e})
		}
		for _, f := range texts {
			name := f.name
			r.add(f.text, func(t *phi.Text, i int) {
				pf := t.Findings()[i]
				d := m.File.Errorf(l, m.BodyOffset+at, "no-phi", "the %s of the shared reference %s, cited here, looks like %s: %q", name, id, phiArticle(pf.Kind), pf.Text)
				d.Help = "correct the reference in data/, or if it is not patient data " + phiHelpAllow(t.Folded(i)) + " in the body"
			})
		}
	}
}

// phiRefField is a text field of a reference.
type phiRefField struct{ key, name, text string }

// phiRefFields are the texts of a reference that a page shows (its
// authors and editors aside; its DOI and PMID have a rule of their own).
func phiRefFields(ref Reference) []phiRefField {
	return []phiRefField{
		{"title", "title", ref.Title}, {"journal", "journal", ref.Journal}, {"book", "book", ref.Book},
		{"publisher", "publisher", ref.Publisher}, {"edition", "edition", ref.Edition},
		{"volume", "volume", ref.Volume}, {"issue", "issue", ref.Issue}, {"pages", "pages", ref.Pages},
		{"url", "url", ref.URL},
	}
}

func phiRefName(ref Reference, i int) string {
	if ref.ID != "" {
		return ref.ID
	}
	return fmt.Sprint(i + 1)
}

// phiKey is key with more path elements, in a slice of its own.
func phiKey(key []any, more ...any) []any {
	return append(append(make([]any, 0, len(key)+len(more)), key...), more...)
}

// phiPeople are the names of everyone in people.toml.
func (g *Gate) phiPeople() []string {
	var names []string
	for _, p := range g.People.ByID {
		names = append(names, p.Name)
	}
	return names
}

// phiNames are the people a module may name: everyone in people.toml, and
// the authors and editors of the references it shows.
func (g *Gate) phiNames(m *Module) []string {
	names := g.phiPeople()
	for _, ref := range m.Meta.References {
		names = append(names, ref.Authors...)
		names = append(names, ref.Editors...)
	}
	for _, id := range m.SharedCites(g.Shared) {
		ref := g.Shared.ByID[id]
		names = append(names, ref.Authors...)
		names = append(names, ref.Editors...)
	}
	return names
}

// providerContact is the provider's contact, which is not patient data.
func (g *Gate) providerContact() string {
	if g.Config != nil && g.Config.Provider != nil {
		return g.Config.Provider.Contact
	}
	return ""
}

// phiAllow applies the phi-ok comments of a body (at offset bodyOffset of
// f) to the scan, and warns about malformed ones, ones without a reason
// and ones that allow nothing.
func (g *Gate) phiAllow(s *phi.Scan, f *diag.File, bodyOffset int, body string, l *diag.List) {
	for _, c := range phi.Comments(body) {
		pos := f.Pos(bodyOffset + c.Start)
		if c.Problem != "" {
			d := f.At(l, pos, diag.Warning, "phi-ok", "malformed phi-ok comment: %s", c.Problem)
			d.Help = `write it as <!-- phi-ok: "exact text" reason -->`
			continue
		}
		if strings.TrimSpace(c.Reason) == "" {
			d := f.At(l, pos, diag.Warning, "phi-ok", "the allowance of %q gives no reason", c.Text)
			d.Help = fmt.Sprintf(`say why it is not patient data: <!-- phi-ok: %s reason -->`, phi.Quote(c.Text))
		}
		if !s.Allow(c.Text) {
			d := f.At(l, pos, diag.Warning, "phi-ok", "phi-ok allows nothing: no flagged text is %q", c.Text)
			d.Help = "remove the comment, or write the exact text that the no-phi rule flags"
		}
	}
}

// phiHelp is the help line of a finding whose folded text is norm.
func phiHelp(norm string) string {
	return "remove it, or if it is not patient data " + phiHelpAllow(norm)
}

func phiHelpAllow(norm string) string {
	return fmt.Sprintf("allow this one occurrence with <!-- phi-ok: %s reason -->", phi.Quote(norm))
}

func phiArticle(kind string) string {
	if kind != "" && strings.ContainsRune("aeioAEIO", rune(kind[0])) {
		return "an " + kind
	}
	return "a " + kind
}

// phiValueOffset finds where a front matter string is written, so that an
// error can point into it: the file, and the offset of the value's first
// byte, or -1 when the value is not written verbatim (escapes). Values of
// a list are searched from the offset from, so that equal texts are told
// apart.
func phiValueOffset(m *Module, key []any, value string, from int) (*diag.File, int) {
	f, pos := m.KeyPos(key...)
	end := -1
	if f == m.File {
		end = m.BodyOffset
	} else {
		from = 0
	}
	return f, valueOffset(f, pos, end, value, from)
}

// valueOffset is the offset of value in f, searched from the start of
// line pos.Line, column pos.Col (and from at least from) up to end (or
// the end of the file when end <= 0), or -1.
func valueOffset(f *diag.File, pos diag.Pos, end int, value string, from int) int {
	if f == nil || pos.Line < 1 {
		return -1
	}
	start, line := 0, 1
	for start < len(f.Src) && line < pos.Line {
		if f.Src[start] == '\n' {
			line++
		}
		start++
	}
	start = max(start+pos.Col-1, from)
	if end <= 0 {
		end = len(f.Src)
	}
	if start < 0 || start >= end {
		return -1
	}
	i := bytes.Index(f.Src[start:end], []byte(value))
	if i < 0 {
		return -1
	}
	return start + i
}
