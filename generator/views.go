package generator

import (
	"cmp"
	"fmt"
	"github.com/rounds-dev/rounds/content/i18n"
	"html"
	"html/template"
	"math"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/markdown"
	"github.com/rounds-dev/rounds/generator/render"
)

// siteView is the site-wide view.
func (c *Checked) siteView() *render.Site {
	s := &render.Site{Title: c.Config.Site.Title, Language: c.Config.Site.Language, BaseURL: c.Config.Base.String(), Generator: "rounds",
		Params: c.Config.Site.Params}
	s.Provider = c.providerView(s.Language)
	s.Logo = staticPath(c.Config.Site.Brand.Logo)
	s.BrandCSS = c.brandFiles() != nil
	s.Locale = ogLocale(s.Language)
	s.I18n = c.Locale()
	s.Dir = s.I18n.Dir()
	s.Unreviewed = c.unreviewed(s.I18n)
	return s
}

// unreviewed says in loc's language why the site's policy publishes
// modules without a verified review; "" for a fail-closed policy.
func (c *Checked) unreviewed(loc *i18n.Locale) string {
	if c.Config.Unreviewed == "" {
		return ""
	}
	return loc.T(c.Config.Unreviewed)
}

// providerView is the provider's statements in lang: accreditation and
// requirements may be written per language (SPEC.md, translated fields);
// nil without a provider.
func (c *Checked) providerView(lang string) *render.Provider {
	p := c.Config.Site.Provider
	if p == nil {
		return nil
	}
	def := c.Config.Site.Language
	acc, _ := p.Accreditation.In(lang, def)
	req, _ := p.Requirements.In(lang, def)
	return &render.Provider{Name: p.Name, Accreditation: acc, Contact: p.Contact,
		ContactURL: contactURL(p.Contact), Privacy: p.Privacy, Requirements: req,
		Signature: staticPath(p.Signature), Signatory: p.Signatory}
}

// contactURL turns a contact (an e-mail address or a URL) into a link.
func contactURL(c string) string {
	switch {
	case c == "":
		return ""
	case strings.Contains(c, "@") && !strings.Contains(c, "/"):
		return "mailto:" + c
	}
	return c
}

// moduleView prepares everything a module page shows.
func (c *Checked) moduleView(v *content.Verdict, body template.HTML, sec *render.Section) *render.Module {
	m, fm, ppl, loc := v.Module, v.Module.Meta, c.Config.People, c.LocaleOf(v.Module.Lang)
	mv := &render.Module{
		Title: fm.Title, Summary: fm.Summary, Path: m.URLPath(), Section: sec,
		Audience: fm.Audience, Objectives: fm.Objectives, Format: fm.Format,
		Duration: humanDuration(loc, fm.Duration), Released: fm.Date.In(loc), Date: fm.Date.String(),
		LastReviewed: v.LastReview.In(loc), Expires: fm.Expires.In(loc), Body: body,
		Archived: v.State == content.Archived, Media: content.MediaLabelIn(loc, m.Media),
		Params: fm.Params,
	}
	mv.Lang, mv.Alternates = c.alternates(m)
	if mv.Format != "" {
		mv.Method = loc.T("method.read")
		for _, q := range m.Quizzes {
			if q.Posttest && v.State != content.Archived {
				mv.Method = loc.T("method.read_posttest")
				break
			}
		}
	}
	var reviewers []string
	for _, rc := range v.Roles {
		if rc.OK {
			reviewers = append(reviewers, rc.Review.Reviewer)
			// Peer review is the strongest trust signal a page has: name
			// who signed, in what role and when.
			if p := ppl.ByID[rc.Review.Reviewer]; p != nil {
				mv.Reviewers = append(mv.Reviewers, render.Reviewer{Name: p.DisplayName(), Role: rc.Role,
					Date: rc.Review.Date.In(loc), ISO: rc.Review.Date.String()})
			}
		}
	}
	mv.Faculty = faculty(loc, fm, ppl)
	for _, d := range content.Disclosures(m, ppl, reviewers) {
		role := d.Role // "author", "planner", "reviewer": in the page's language
		if k := "role." + role; loc.Has(k) {
			role = loc.T(k)
		}
		nature, _ := d.Nature.In(m.Lang, c.Config.Site.Language) // a translation's is refused without its language
		mv.Disclosures = append(mv.Disclosures, render.Disclosure{Person: d.Person.DisplayName(), Role: role, Company: d.Company, Nature: nature})
	}
	mv.NoneToDisclose = len(mv.Disclosures) == 0
	if fm.Credit != nil && !mv.Archived {
		mv.Credit = c.credit(fm, loc)
		if fm.Credit.Pass > 0 {
			mv.Pass = loc.Percent(fm.Credit.Pass)
		}
	}
	if s := fm.Support; s != nil {
		mv.Support = &render.Support{Supporter: s.Supporter, Kind: s.Kind, Sentence: content.SupportSentenceIn(loc, s), Line: content.SupportLineIn(loc, s)}
	}
	mv.Tags = termLinks("tags/", fm.Tags)
	mv.Audiences = termLinks("audience/", fm.Audience)
	return mv
}

// termLinks links a module's terms to their pages under dir, each page
// once: "ECG" and "ecg" are one tag.
func termLinks(dir string, terms []string) []render.Link {
	var out []render.Link
	for _, t := range terms {
		l := render.Link{Text: t, Path: dir + urlize(t) + "/"}
		if !slices.ContainsFunc(out, func(o render.Link) bool { return o.Path == l.Path }) {
			out = append(out, l)
		}
	}
	return out
}

func faculty(loc *i18n.Locale, fm content.FrontMatter, ppl content.People) []render.Person {
	var out []render.Person
	index := map[string]int{}
	add := func(id, role string) {
		p := ppl.ByID[id]
		if p == nil {
			return
		}
		if i, ok := index[id]; ok {
			out[i].Roles += ", " + role
			return
		}
		index[id] = len(out)
		out = append(out, render.Person{Name: p.DisplayName(), Roles: role})
	}
	for _, id := range fm.Authors {
		add(id, loc.T("role.author"))
	}
	for _, id := range fm.Planners {
		add(id, loc.T("role.planner"))
	}
	return out
}

// credit builds the designation statement (AMA PRA Booklet: the exact
// wording, the trademark in italics). The AMA prescribes its statement
// word for word in English: a page in another language shows it as the
// AMA wrote it, marked lang="en", and then its translation for the
// learner.
func (c *Checked) credit(fm content.FrontMatter, loc *i18n.Locale) *render.Credit {
	cr := fm.Credit
	hours := loc.Decimal(cr.Hours)
	name := content.CreditName(cr.Type, cr.Hours)
	out := &render.Credit{Hours: hours, Type: cr.Type, Badge: loc.T("credit.badge", "hours", hours, "credit", name)}
	provider := loc.T("provider.default")
	if p := c.Config.Site.Provider; p != nil && p.Name != "" {
		provider = p.Name
	}
	format := fm.Format
	if format == "" {
		format = loc.T("format.activity")
	}
	if content.IsAMACredit(cr.Type) {
		italic := template.HTML("<i>" + template.HTMLEscapeString(strings.TrimSuffix(name, "™")) + "</i>")
		en := i18n.English()
		enFormat := fm.Format
		if enFormat == "" {
			enFormat = en.T("format.activity")
		}
		if c.Config.Site.Provider == nil || c.Config.Site.Provider.Name == "" {
			provider = en.T("provider.default")
		}
		out.Designation = en.HTML("credit.designation_ama", "provider", provider, "format", enFormat, "hours", content.FormatHours(cr.Hours), "credit", italic)
		if loc.Table() != "en" {
			tr := loc.HTML("credit.designation_ama", "provider", provider, "format", format, "hours", hours, "credit", italic)
			out.Designation = template.HTML(`<span lang="en">`) + out.Designation + template.HTML(`</span> <span class="designation-translation">`) +
				loc.HTML("credit.ama_english") + " " + tr + template.HTML(`</span>`)
		}
	} else {
		s := loc.HTML("credit.designation", "provider", provider, "format", format, "hours", hours, "credit", name)
		if cr.Activity != "" {
			s += " " + loc.HTML("credit.activity_number", "number", cr.Activity)
		}
		out.Designation = s
	}
	return out
}

// references lists the module's references in order of first citation,
// then any it never cites (a warning, but still shown), each formatted in
// the site's citation style and linked back to its first citation.
func (c *Checked) references(m *content.Module, cited []string) []render.Reference {
	back := map[string]bool{}
	for _, id := range cited {
		back[id] = true
	}
	var out []render.Reference
	for _, r := range c.citedReferences(m, cited) {
		style := c.Config.Site.CitationStyle
		ref := render.Reference{ID: markdown.RefID(r.ID), HTML: spansHTML(content.FormatReference(r, style)), PubMed: content.PubMedURL(r, style)}
		if back[r.ID] {
			ref.Back = markdown.CiteID(r.ID)
		}
		out = append(out, ref)
	}
	return out
}

// spansHTML renders a formatted reference, escaping every piece.
func spansHTML(spans []content.Span) template.HTML {
	var b strings.Builder
	for _, s := range spans {
		t := html.EscapeString(s.Text)
		if s.Italic {
			t = "<i>" + t + "</i>"
		}
		if s.Link != "" {
			t = `<a href="` + html.EscapeString(s.Link) + `">` + t + "</a>"
		}
		b.WriteString(t)
	}
	return template.HTML(b.String())
}

// humanDuration turns a module's duration ("6min", normalised by
// content.ParseModule) into words: "6 minutes", "6 minutos".
func humanDuration(loc *i18n.Locale, s string) string {
	d, err := content.ParseDuration(s)
	if err != nil {
		return s
	}
	return d.HumanIn(loc)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// urlize makes a taxonomy term into a URL segment: "Emergency nurses" ->
// "emergency-nurses".
func urlize(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && r != 0xfeff:
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return "term"
	}
	return b.String()
}

// sortModules orders a course: by weight, then release date, then title.
func sortModules(ms []*content.Verdict) {
	slices.SortStableFunc(ms, func(x, y *content.Verdict) int {
		a, b := &x.Module.Meta, &y.Module.Meta // pointers: the front matter is large
		if a.Weight != b.Weight {
			return cmp.Compare(a.Weight, b.Weight)
		}
		if a.Date != b.Date {
			if a.Date.Before(b.Date) {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Title, b.Title)
	})
}

// totalCredit sums the credit of a course's modules, by credit type.
func totalCredit(loc *i18n.Locale, ms []*content.Verdict) string {
	sums := map[string]float64{}
	var types []string
	for _, v := range ms {
		cr := v.Module.Meta.Credit
		if cr == nil || v.State == content.Archived {
			continue
		}
		if _, ok := sums[cr.Type]; !ok {
			types = append(types, cr.Type)
		}
		sums[cr.Type] += cr.Hours
	}
	sort.Strings(types)
	var parts []string
	for _, t := range types {
		total := math.Round(sums[t]*1000) / 1000 // 0.1+0.2 is 0.3 to a learner
		parts = append(parts, loc.T("credit.badge", "hours", loc.Decimal(total), "credit", content.CreditName(t, total)))
	}
	return strings.Join(parts, "; ")
}

// knownRefs reports which citation keys a module may use: its own
// references and the shared bibliography's.
func (c *Checked) knownRefs(m *content.Module) func(string) bool {
	own := map[string]bool{}
	for _, r := range m.Meta.References {
		own[r.ID] = true
	}
	return func(key string) bool {
		if own[key] {
			return true
		}
		_, ok := c.Config.Shared.ByID[key]
		return ok
	}
}

// citedReferences returns the references of a module in citation order,
// then the uncited ones. A module's own reference wins over a shared one
// of the same id.
func (c *Checked) citedReferences(m *content.Module, cited []string) []content.Reference {
	own := map[string]content.Reference{}
	for _, r := range m.Meta.References {
		own[r.ID] = r
	}
	var out []content.Reference
	seen := map[string]bool{}
	for _, id := range cited {
		r, ok := own[id]
		if !ok {
			r, ok = c.Config.Shared.ByID[id]
		}
		if ok && !seen[id] {
			seen[id] = true
			out = append(out, r)
		}
	}
	for _, r := range m.Meta.References {
		if !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r)
		}
	}
	return out
}

// hasPosttest reports whether any module of a course has a post-test that
// counts: the course then offers a certificate.
func hasPosttest(ms []*content.Verdict) bool {
	for _, v := range ms {
		if v.State == content.Archived || v.Module.Meta.Credit == nil {
			continue
		}
		for _, q := range v.Module.Quizzes {
			if q.Posttest {
				return true
			}
		}
	}
	return false
}

// creditTotal is a course's credit for its certificate: the hours and the
// name of the credit type most of its credit is in.
func creditTotal(loc *i18n.Locale, ms []*content.Verdict) (hours, name string) {
	sums := map[string]float64{}
	best := ""
	for _, v := range ms {
		if cr := v.Module.Meta.Credit; cr != nil && v.State != content.Archived {
			sums[cr.Type] += cr.Hours
			if best == "" || sums[cr.Type] > sums[best] || (sums[cr.Type] == sums[best] && cr.Type < best) {
				best = cr.Type
			}
		}
	}
	if best == "" {
		return "", ""
	}
	total := math.Round(sums[best]*1000) / 1000
	return loc.Decimal(total), content.CreditName(best, total)
}

// staticPath is a file of static/ named in rounds.toml ("logo.png",
// "/img/logo.png") as a path from the output's root, "" for none.
func staticPath(name string) string {
	if name == "" {
		return ""
	}
	return path.Clean(strings.TrimPrefix(name, "/"))
}
