package content

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/content/phi"
)

// PHIAllowances lists the well-formed phi-ok allowances of a body in
// order, for `rounds status` (see phi.Allowances).
func PHIAllowances(body []byte) []phi.Allowance { return phi.Allowances(body) }

// noPHI: HIPAA Privacy Rule, 45 CFR 164.514(b)(2) (Safe Harbor) — a page
// that shows a patient's identifiers discloses protected health
// information, so a module is refused when its body (quizzes, alt text and
// image paths included), its title, summary and objectives, or the names
// of its bundle files look like one. Each finding is an error at its exact
// place. An author allows one occurrence with `<!-- phi-ok: "text" reason
// -->`: each allowance covers the first occurrence of its text, in the
// order title, summary, objectives, body, file names, that holds a finding
// not yet allowed; an allowance that allows nothing, a malformed one and
// one without a reason are warnings (rule "phi-ok"). Text of the
// provider's contact is not patient data and is not flagged.
func (g *Gate) noPHI(m *Module, l *diag.List) {
	body := string(m.Body)
	s := phi.NewScan(phi.Options{Contact: g.providerContact()})
	var reports []phiReport
	add := func(text string, report func(t *phi.Text, i int)) *phi.Text {
		t := s.Add(text)
		reports = append(reports, phiReport{t, report})
		return t
	}

	// Where a field's value is written is only looked up when it holds a
	// finding: finding it means indexing the front matter's keys.
	field := func(key []any, name, text string, from func() int) {
		if text == "" {
			return
		}
		add(text, func(t *phi.Text, i int) {
			f, valueAt := phiValueOffset(m, key, text, from())
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
	start := func() int { return 0 }
	field([]any{"title"}, "title", m.Meta.Title, start)
	field([]any{"summary"}, "summary", m.Meta.Summary, start)
	// Objective i is looked for after objective i-1: two may read alike.
	after := func(i int) int {
		from := 0
		for j, o := range m.Meta.Objectives[:i] {
			if f, at := phiValueOffset(m, []any{"objectives", j}, o, from); at >= 0 && f == m.File {
				from = at + len(o)
			}
		}
		return from
	}
	for i, o := range m.Meta.Objectives {
		field([]any{"objectives", i}, fmt.Sprintf("objective %d", i+1), o, func() int { return after(i) })
	}

	bodyText := add(body, func(t *phi.Text, i int) {
		pf := t.Findings()[i]
		d := m.File.Errorf(l, m.BodyOffset+pf.Start, "no-phi", "looks like %s: %q", phiArticle(pf.Kind), pf.Text)
		d.Help = phiHelp(t.Folded(i))
	})

	for _, r := range m.Resources {
		name := r.Name
		if name == "" {
			continue
		}
		at := strings.Index(body, name)
		t := add(name, func(t *phi.Text, i int) {
			pf := t.Findings()[i]
			msg := fmt.Sprintf("bundle file %q: its name looks like %s: %q", name, phiArticle(pf.Kind), pf.Text)
			off := 0
			if at >= 0 {
				off = m.BodyOffset + at + pf.Start
			}
			d := m.File.Errorf(l, off, "no-phi", "%s", msg)
			d.Help = "rename the file, or if it is not patient data " + strings.TrimPrefix(phiHelp(t.Folded(i)), "remove it, or if it is not patient data ")
		})
		if at >= 0 {
			// Where the body refers to the file, the body's own findings
			// there (allowed or not) already speak for its name.
			t.DropCoveredBy(bodyText, at)
		}
	}

	g.phiAllow(s, m.File, m.BodyOffset, body, l)
	for _, r := range reports {
		for i := range r.t.Findings() {
			if !r.t.Allowed(i) {
				r.report(r.t, i)
			}
		}
	}
}

// phiReport is a scanned text and how to report its findings.
type phiReport struct {
	t      *phi.Text
	report func(t *phi.Text, i int)
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
	return fmt.Sprintf("remove it, or if it is not patient data allow this one occurrence with <!-- phi-ok: %s reason -->", phi.Quote(norm))
}

func phiArticle(kind string) string {
	if kind != "" && strings.ContainsRune("aeioAEIO", rune(kind[0])) {
		return "an " + kind
	}
	return "a " + kind
}

// phiValueOffset finds where a front matter string is written, so that an
// error can point into it: the file, and the offset of the value's first
// byte, or -1 when the value is not written verbatim (escapes). Objectives
// are searched from the offset from, so that equal texts are told apart.
func phiValueOffset(m *Module, key []any, value string, from int) (*diag.File, int) {
	f, pos := m.KeyPos(key...)
	if f == nil || pos.Line < 1 {
		return f, -1
	}
	start, line := 0, 1
	for start < len(f.Src) && line < pos.Line {
		if f.Src[start] == '\n' {
			line++
		}
		start++
	}
	start += pos.Col - 1
	end := len(f.Src)
	if f == m.File && m.BodyOffset > 0 {
		end = m.BodyOffset
	}
	if f == m.File {
		start = max(start, from)
	}
	if start < 0 || start >= end {
		return f, -1
	}
	i := bytes.Index(f.Src[start:end], []byte(value))
	if i < 0 {
		return f, -1
	}
	return f, start + i
}
