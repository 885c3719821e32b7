package i18n

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Autonym is a language's name in that language, from CLDR ("Español",
// "العربية", "Português (Brasil)"): what a language switch shows. It is
// the code itself for a code CLDR does not name.
func Autonym(lang string) string {
	tag, err := language.Parse(lang)
	if err != nil {
		return lang
	}
	if n := display.Self.Name(tag); n != "" {
		// Capitalised as a menu item (CLDR's uiListOrMenu context):
		// "español" mid-sentence, "Español" in a language switch.
		r, size := utf8.DecodeRuneInString(n)
		return string(unicode.ToUpper(r)) + n[size:]
	}
	return lang
}
