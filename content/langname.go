package content

import "github.com/rounds-dev/rounds/content/i18n"

// LanguageName is a language's own name ("Español", "العربية"), for a
// language switch; its code when CLDR does not name it.
func LanguageName(lang string) string { return i18n.Autonym(lang) }
