package config

import (
	"slices"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
)

// languages settles the site's languages (SPEC.md, Shared conventions
// "Translated fields"): languages = ["en", "es"] names them, the default
// first, and language, when also set, must be that first one. Each is a
// language code as lang attributes and hreflang take them ("es",
// "pt-BR"), named once. It also checks policy.strict's names.
func (c *Config) languages(doc *content.Doc, l *diag.List) {
	s := &c.Site
	if len(s.Languages) > 0 {
		if s.Language != "" && s.Language != s.Languages[0] {
			d := doc.Errorf(l, []any{"language"}, "config", "language %q is not the first of languages (%q): the default language comes first", s.Language, s.Languages[0])
			d.Help = "remove language, or put it first in languages = [...]"
		}
		s.Language = s.Languages[0]
	}
	if s.Language == "" {
		s.Language = "en"
	}
	seen := map[string]bool{}
	for i, lang := range s.Languages {
		switch {
		case !LanguageCode(lang):
			d := doc.Errorf(l, []any{"languages", i}, "config", "%q is not a language code", lang)
			d.Help = `write a language code as in HTML's lang attribute: "es", "ar", "pt-BR", "zh-Hans"`
		case seen[strings.ToLower(lang)]:
			doc.Errorf(l, []any{"languages", i}, "config", "language %q is listed twice", lang)
		}
		seen[strings.ToLower(lang)] = true
	}
	pol := &s.Policy
	if pol.TranslationRoles != nil && len(pol.TranslationRoles) == 0 && len(s.Languages) > 1 {
		d := doc.Warnf(l, []any{"policy", "translation_roles"}, "unreviewed-policy", "no role signs a translation: translations are published without review")
		d.Help = "leave translation_roles out (the required roles sign translations) or name the roles that sign them"
	}
	for i, name := range pol.Strict {
		if !slices.Contains(content.StrictNames(), name) {
			d := doc.Errorf(l, []any{"policy", "strict", i}, "config", "policy.strict names %q, which is not a warning rounds can make strict", name)
			if g := diag.Suggest(name, content.StrictNames()); g != "" {
				d.Help = "did you mean \"" + g + "\"?"
			} else {
				d.Help = "policy.strict may name " + strings.Join(content.StrictNames(), ", ")
			}
		}
	}
}

// LanguageCode reports whether s is a language code rounds accepts (see
// content.LanguageCode).
func LanguageCode(s string) bool { return content.LanguageCode(s) }
