package generator

import (
	"errors"
	"io/fs"

	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/content/i18n"
)

// loadLocale reads the interface of lang: the built-in table with the
// site's i18n/<lang>.toml on top (part of the frame). What the override
// gets wrong is an error of the build, at its line.
func loadLocale(fsys fs.FS, lang, digits string) (*i18n.Locale, diag.List) {
	var l diag.List
	path := "i18n/" + lang + ".toml"
	b, err := readFile(fsys, path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			l.Add(diag.Diagnostic{Path: path, Severity: diag.Error, Rule: "read", Message: explainRead(err).Error()})
		}
		b = nil
	}
	loc, ds := i18n.Load(lang, i18n.Options{Override: b, OverridePath: path, Digits: digits})
	return loc, append(l, ds...)
}

// Locale is the interface of the site's language (Config.Site.Language),
// with the site's overrides.
func (s *Site) Locale() *i18n.Locale {
	if s.locale == nil {
		return i18n.Builtin(s.Config.Site.Language)
	}
	return s.locale
}

// LocaleOf is the interface of lang, one of the site's languages, with the
// site's overrides: the site's own for "" or the default language. A
// translation's page, its pre-activity block and its share texts are in
// the translation's language.
func (s *Site) LocaleOf(lang string) *i18n.Locale {
	if lang == "" || lang == s.Config.Site.Language {
		return s.Locale()
	}
	if l := s.locales[lang]; l != nil {
		return l
	}
	return i18n.Builtin(lang)
}
