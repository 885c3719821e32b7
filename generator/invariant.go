package generator

import (
	"bytes"
	"html"
	"html/template"

	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator/render"
)

// checkModulePage holds every module page to the order ACCME's rules for
// enduring material require, whatever the layouts do: the pre-activity
// block comes before the content, and it carries the module's
// disclosures (each relationship's company, the commercial support
// acknowledgment). The frame is signed off, but a signed layout that
// drops a disclosure is still refused: this is an output invariant,
// checked on the page as written (SPEC.md "A module page").
func (b *builder) checkModulePage(p *render.Page, page []byte) bool {
	m := p.Module
	if m == nil {
		return true
	}
	pre := bytes.Index(page, []byte("preactivity"))
	end := len(page)
	if body := firstLine(m.Body); body != "" {
		if i := bytes.Index(page, []byte(body)); i >= 0 {
			end = i
		}
	}
	var missing string
	switch {
	case pre < 0 || pre > end:
		missing = `the pre-activity block (class "preactivity") before the content`
	case m.Support != nil && !shownBetween(page, pre, end, m.Support.Sentence):
		missing = "the commercial support acknowledgment in the pre-activity block"
	default:
		for _, d := range m.Disclosures {
			if !shownBetween(page, pre, end, d.Company) {
				missing = "the disclosure of " + d.Person + "'s relationship with " + d.Company + " in the pre-activity block"
				break
			}
		}
	}
	if missing == "" {
		return true
	}
	b.refuseOnce(diag.Diagnostic{
		Path: p.Module.Source, Pos: diag.Pos{Line: 1, Col: 1}, Severity: diag.Error, Rule: "disclosed",
		Message: "the module page lacks " + missing,
		Help:    `the site's layouts decide this page: keep {{template "layouts/partials/preactivity.html" .}} (or its facts) before {{.Module.Body}} in layouts/module.html`,
	})
	return false
}

// firstLine is the start of a rendered body, enough to find it on a page.
func firstLine(body template.HTML) string {
	s := string(body)
	if i := bytes.IndexByte([]byte(s), '\n'); i > 0 {
		s = s[:i]
	}
	if len(s) > 120 {
		s = s[:120]
	}
	return s
}

// shownBetween reports whether text appears in page[from:to], as written
// or HTML-escaped.
func shownBetween(page []byte, from, to int, text string) bool {
	if text == "" {
		return true
	}
	part := page[from:to]
	return bytes.Contains(part, []byte(text)) || bytes.Contains(part, []byte(html.EscapeString(text))) ||
		bytes.Contains(part, []byte(template.HTMLEscapeString(text)))
}
