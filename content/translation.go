package content

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/rounds-dev/rounds/content/diag"
)

// SourceChanged is the standing of a translation whose source module
// changed after the translation was signed: it is still published (with a
// warning) unless policy.strict names "translations".
const SourceChanged State = "source changed"

// TranslationOf reads a module file's name: "content/c/fluids.es.md" is
// the Spanish translation of "content/c/fluids.md" when "es" is one of
// languages and not def, the default language. For any other file it
// returns "", "".
func TranslationOf(p string, languages []string, def string) (source, lang string) {
	base := path.Base(p)
	if !strings.HasSuffix(base, ".md") {
		return "", ""
	}
	stem := strings.TrimSuffix(base, ".md")
	i := strings.LastIndexByte(stem, '.')
	if i <= 0 {
		return "", ""
	}
	lang = stem[i+1:]
	if lang == def || !slices.Contains(languages, lang) {
		return "", ""
	}
	return strings.TrimSuffix(p, "."+lang+".md") + ".md", lang
}

// requiredRoles are the roles that must sign m: policy.translation_roles
// for a translation (by default the required roles), the required roles
// for any other module.
func (g *Gate) requiredRoles(m *Module) []string {
	pol := g.Config.Policy
	if m.Lang != "" && pol.TranslationRoles != nil {
		return pol.TranslationRoles
	}
	return pol.RequiredRoles
}

// notTranslation refuses source_digest in a module that is not a
// translation: it would mean nothing there, and a file renamed from
// fluids.es.md to fluids.md must not carry a translation's claim along.
func (g *Gate) notTranslation(m *Module, l *diag.List) {
	if m.Lang != "" || m.Meta.SourceDigest == "" {
		return
	}
	d := m.Errorf(l, []any{"source_digest"}, "translation", "source_digest belongs in a translation, and %s is not one: its file name names no language of the site", m.Path)
	d.Help = "name a translation after its source with the language before .md (fluids.es.md) and list the language in languages = [...] in rounds.toml; remove source_digest from a module that is not a translation"
}

// Source is what the gate needs of a translation's source module: its
// verdict, whose digest the translation's source_digest must give.
type Source struct {
	Verdict *Verdict
	// Others maps the digest of the site's modules (of the default
	// language) to their paths: a source_digest that is another module's
	// digest is a translation claiming the wrong source.
	Others map[string]string
}

// CheckTranslation runs the rules that join a translation to its source
// on t, the translation's own verdict (Gate.Check), and returns the
// verdict to publish by: t itself when the translation has no language,
// else a copy with these problems added and its state set again. A
// translation is a module reviewed in its own right (its own digest, its
// own sign-offs in policy.translation_roles); here it must also name a
// published source, sit at its source's URL under /<lang>/, and record
// with source_digest the source version its reviewers checked it against.
// When the source changed since, it is "source changed": a warning, or an
// error under policy.strict = ["translations"]. src is nil when the source
// file does not exist.
func (g *Gate) CheckTranslation(t *Verdict, src *Source) *Verdict {
	m := t.Module
	if m.Lang == "" {
		return t
	}
	v := *t
	v.Diags = slices.Clone(t.Diags)
	l := &v.Diags
	if m.Meta.Draft {
		return &v
	}
	if src == nil || src.Verdict == nil {
		d := m.Errorf(l, []any{"title"}, "translation", "%s translates %s, which does not exist", m.Path, m.SourcePath)
		d.Help = "a translation is named after its source module with the language before .md; rename it, or add the source module"
		v.State = translationState(t, v.Diags[len(t.Diags):])
		return &v
	}
	sv := src.Verdict
	s := sv.Module
	if want := m.Lang + "/" + s.URLPath(); m.URLPath() != want {
		d := m.Errorf(l, []any{"slug"}, "translation", "the translation's URL /%s is not its source's under /%s/ (/%s)", m.URLPath(), m.Lang, want)
		d.Help = "give the translation the slug of its source (or none, when the source has none): a learner switches language on the same address"
	}
	if !sv.Publishable() || sv.State == Draft {
		d := m.Errorf(l, []any{"title"}, "translation", "its source %s is not published (%s), so neither is its translation", s.Path, sv.State)
		d.Help = "publish the source first: a translation cannot publish what its source's reviewers have not passed"
	}
	switch got := m.Meta.SourceDigest; {
	case got == "":
		d := m.Errorf(l, []any{"title"}, "translation", "the translation records no source_digest: which version of %s it translates is unknown", s.Path)
		d.Help = "`rounds review` records the source's digest when a reviewer signs the translation: ask the reviewers to sign it"
	case got == sv.Digest:
	case src.Others[got] != "":
		// A digest is of one module's content: another module's digest
		// here claims that the translation was checked against that one.
		d := m.Errorf(l, []any{"source_digest"}, "translation", "source_digest is the digest of %s, not of its source %s", src.Others[got], s.Path)
		d.Help = "a translation records the digest of its own source; ask its reviewers to sign it again with `rounds review`, which writes it"
	case sv.Digest == "":
	default:
		sev := diag.Warning
		if g.Config.Policy.StrictRule("translations") {
			sev = diag.Error
		}
		f, pos := m.KeyPos("source_digest")
		d := f.At(l, pos, sev, "translations", "source changed: %s changed after this translation was signed", s.Path)
		d.Notes = append(d.Notes, "the translation was signed against "+shortened(got)+"; the source is now "+shortened(sv.Digest))
		d.Help = "run `rounds diff " + m.Path + "` to see the source's changes since, update the translation, then ask its reviewers to sign it again"
		if sev == diag.Warning {
			d.Help += " (policy.strict = [\"translations\"] refuses it meanwhile)"
		}
	}
	g.translatedDisclosures(t, l)
	v.State = translationState(t, v.Diags[len(t.Diags):])
	return &v
}

// translatedDisclosures refuses a translation whose disclosures are not in
// its language: a disclosure the learner cannot read is not a disclosure
// (ACCME Standard 3). Each relationship it discloses (of its authors,
// planners and the reviewers who signed it) needs its nature written in
// the translation's language in people.toml.
func (g *Gate) translatedDisclosures(t *Verdict, l *diag.List) {
	m := t.Module
	def := g.Config.Language
	seen := map[string]bool{}
	check := func(id string, at []any) {
		p := g.People.ByID[id]
		if p == nil || seen[id] {
			return
		}
		seen[id] = true
		for j, rel := range p.Relationships {
			if _, ok := rel.Nature.In(m.Lang, def); ok {
				continue
			}
			d := m.Errorf(l, at, "translation", "%s's relationship with %s is not disclosed in %s: its nature in people.toml has no %q text", id, rel.Company, LanguageName(m.Lang), m.Lang)
			if f, pos := g.People.Pos(id, "relationships", j, "nature"); f != nil {
				d.Notes = append(d.Notes, fmt.Sprintf("the relationship is at %s:%d:%d", f.Path, pos.Line, pos.Col))
			}
			was, _ := rel.Nature.In(def, def)
			d.Help = fmt.Sprintf("write the nature in each language the person is disclosed in: nature = { %s = %q, %s = \"...\" }", def, was, m.Lang)
		}
	}
	for i, id := range m.Meta.Authors {
		check(id, []any{"authors", i})
	}
	for i, id := range m.Meta.Planners {
		check(id, []any{"planners", i})
	}
	for _, rc := range t.Roles {
		if rc.OK {
			check(rc.Review.Reviewer, []any{"reviews"})
		}
	}
}

// translationState is a translation's standing once the rules joining it
// to its source have added their problems: refused by a new error (unless
// its own standing says more: stale, missing role, expired), "source
// changed" when that is all there is to say.
func translationState(t *Verdict, added diag.List) State {
	changed, other := false, false
	for _, d := range added {
		if d.Rule == "translations" {
			changed = true
		} else if d.Severity == diag.Error {
			other = true
		}
	}
	ok := t.State == Published || t.State == Expiring || t.State == Archived
	switch {
	case !ok:
		return t.State
	case other:
		return Refused
	case changed:
		return SourceChanged
	}
	return t.State
}

// shortened is a digest cut for people: its prefix and 12 hex digits.
func shortened(d string) string {
	if i := strings.IndexByte(d, ':'); i >= 0 && len(d) > i+13 {
		return d[:i+13]
	}
	return d
}

// WithSourceDigest returns src with its front matter's source_digest set
// to d: the line that sets it is replaced, or one is added after the
// opening line (at the top level of TOML and YAML alike), keeping the rest
// of the file byte for byte. rounds review calls it before signing a
// translation, so the sign-off covers the source version it was checked
// against.
func WithSourceDigest(name string, src []byte, d string) ([]byte, error) {
	f := diag.NewFile(name, src)
	start, end, _, l := SplitFrontMatter(f)
	if l.HasErrors() {
		return nil, fmt.Errorf("%s", l[0].String())
	}
	yaml := isYAMLFrontMatter(src, start)
	newline := "\n"
	if bytes.Contains(src[:end], []byte("\r\n")) {
		newline = "\r\n"
	}
	line := `source_digest = "` + d + `"`
	if yaml {
		line = `source_digest: "` + d + `"`
	}
	out := make([]byte, 0, len(src)+len(line)+2)
	for off := start; off < end; {
		next := bytes.IndexByte(src[off:end], '\n')
		stop := end
		if next >= 0 {
			stop = off + next
		}
		text := bytes.TrimRight(src[off:stop], "\r")
		if isSourceDigestLine(text, yaml) {
			out = append(out, src[:off]...)
			out = append(out, line...)
			out = append(out, src[off+len(text):]...)
			return out, nil
		}
		if bytes.HasPrefix(text, []byte("[")) && !yaml {
			break // a table: source_digest would belong to it
		}
		off = stop + 1
	}
	out = append(out, src[:start]...)
	out = append(out, line+newline...)
	out = append(out, src[start:]...)
	return out, nil
}

// isSourceDigestLine reports whether a front matter line sets
// source_digest at the top level.
func isSourceDigestLine(text []byte, yaml bool) bool {
	rest, ok := bytes.CutPrefix(text, []byte("source_digest"))
	if !ok {
		return false
	}
	rest = bytes.TrimLeft(rest, " \t")
	if yaml {
		return bytes.HasPrefix(rest, []byte(":"))
	}
	return bytes.HasPrefix(rest, []byte("="))
}
