package generator

import (
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/config"
	"github.com/rounds-dev/rounds/generator/markdown"
	"github.com/rounds-dev/rounds/generator/render"
)

// evaluationForm is what a module's evaluation form sends and where
// (issue 20, "The evaluation"): the site's [evaluation] action, except in
// an LMS package, where the LMS records the answers.
func (b *builder) evaluationForm(m *content.Module, sec *render.Section) *markdown.EvaluationForm {
	f := &markdown.EvaluationForm{Action: b.c.Config.Site.Evaluation.Action, Module: m.URLPath(), Title: m.Meta.Title,
		Package: b.opts.Package != ""}
	if sec != nil {
		f.Course = sec.Path
	}
	if p := b.c.Config.Site.Provider; p != nil {
		f.Provider = p.Name
	}
	return f
}

// defaultEvaluation renders the default evaluation of a module with
// credit whose body has none; "" when it has its own or needs none.
func (b *builder) defaultEvaluation(v *content.Verdict, form *markdown.EvaluationForm) template.HTML {
	m := v.Module
	if m.Evaluation != nil {
		return ""
	}
	e := m.EvaluationOf(v.State == content.Archived)
	if e == nil {
		return ""
	}
	loc := b.c.LocaleOf(m.Lang)
	if e.Default {
		// rounds' own questions: in the module's language.
		d := *e
		d.Items = slices.Clone(e.Items)
		for i, it := range d.Items {
			if k := "eval." + strings.ReplaceAll(it.ID, "-", "_"); loc.Has(k) {
				d.Items[i].Text = loc.T(k)
			}
		}
		e = &d
	}
	r, err := b.md.Render([]byte(e.Markdown()), markdown.Options{Evaluation: form, Locale: loc})
	if err != nil {
		b.fail(fmt.Errorf("%s: the default evaluation: %v", m.Path, err))
		return ""
	}
	return b.fragment(m.Path, r.HTML)
}

// evaluationSite sets what every page needs of the evaluation: the
// endpoint's origin for the Content-Security-Policy's form-action (none
// in a package, whose forms post nowhere) and the certificate's policy.
func evaluationSite(s *render.Site, c *config.Config, pkg string) {
	if pkg == "" {
		s.FormOrigin = config.EvaluationOrigin(c.Site.Evaluation.Action)
	}
	s.RequireEvaluation = c.Site.Policy.RequireEvaluation
}
