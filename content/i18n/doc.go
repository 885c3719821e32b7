// Package i18n gives rounds' interface in the learner's language: every
// string rounds writes (theme labels, the pre-activity block, generated
// designation, disclosure and support sentences, quiz and post-test
// messages, the certificate, share texts, card labels, /_rounds/ pages)
// comes from a translation table keyed by message id, with plural forms
// chosen by CLDR's plural rules (golang.org/x/text/feature/plural), and
// dates and numbers written the language's way from CLDR data
// (github.com/go-playground/locales).
//
// The built-in tables are compiled in (themes.Default(), i18n/<lang>.toml);
// a site overrides any string in its own i18n/<lang>.toml, which is part of
// the site's frame. A Locale is immutable and safe for concurrent use.
//
// A table is TOML: one key per message, a string or a table of plural
// forms (zero, one, two, few, many, other; other is required), and an
// optional [meta] table last:
//
//	"preactivity.title" = "Antes de empezar"
//	"posttest.count" = { one = "El post-test tiene {count} pregunta.", other = "El post-test tiene {count} preguntas." }
//
//	[meta]
//	name   = "Español"
//	status = "draft"   # "draft": no native speaker has checked it yet; "checked"
//
// Placeholders are written {name}; a message may use only the
// placeholders its English original uses.
package i18n
