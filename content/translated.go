package content

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Translated is a human-readable field of rounds.toml or people.toml
// (SPEC.md "Shared conventions", translated fields): written once, in the
// site's default language, or per language:
//
//	nature = "speaker"
//	nature = { en = "speaker", es = "ponente", ar = "متحدث" }
//
// Written once, it is the same text in every language. Its JSON is what
// was written, so a field written once keeps the digests it had as a
// string.
type Translated struct {
	text string            // written once
	by   map[string]string // per language; nil when written once
}

// Text is a field written once.
func Text(s string) Translated { return Translated{text: s} }

// PerLanguage is a field written per language.
func PerLanguage(by map[string]string) Translated {
	if by == nil {
		by = map[string]string{}
	}
	return Translated{by: by}
}

// IsZero reports whether the field is unset.
func (t Translated) IsZero() bool { return t.text == "" && len(t.by) == 0 }

// Written reports whether the field is written per language.
func (t Translated) Written() bool { return t.by != nil }

// In is the text in lang, on a site whose default language is def, and
// whether it is written in lang: a field written once is written in the
// default language only. A field without lang gives its default
// language's text (or, without that, its first language's), and false.
func (t Translated) In(lang, def string) (string, bool) {
	if t.by == nil {
		return t.text, lang == def || lang == ""
	}
	if s, ok := t.by[lang]; ok {
		return s, true
	}
	if lang == "" {
		if s, ok := t.by[def]; ok {
			return s, true
		}
	}
	if s, ok := t.by[def]; ok {
		return s, false
	}
	return t.String(), false
}

// Languages are the languages the field is written in, sorted; none for a
// field written once.
func (t Translated) Languages() []string {
	out := make([]string, 0, len(t.by))
	for l := range t.by {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// String is the field written once, or the first of its languages (by
// code) for a message that needs one text; In is the text for a page.
func (t Translated) String() string {
	if t.by == nil {
		return t.text
	}
	if ls := t.Languages(); len(ls) > 0 {
		return t.by[ls[0]]
	}
	return ""
}

// MarshalJSON writes the field as it was written: a string, or an object
// by language.
func (t Translated) MarshalJSON() ([]byte, error) {
	if t.by == nil {
		return json.Marshal(t.text)
	}
	return json.Marshal(t.by)
}

// UnmarshalJSON reads a string or an object of strings by language.
func (t *Translated) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '{' {
		var by map[string]string
		if err := json.Unmarshal(b, &by); err != nil {
			return fmt.Errorf("a translated field is a string or a table of strings by language: %w", err)
		}
		*t = PerLanguage(by)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a translated field is a string or a table of strings by language: %w", err)
	}
	*t = Text(s)
	return nil
}

// languageKey reports whether s is a language code as a translated field
// keys its texts: "es", "pt-BR", "zh-Hans" (LanguageCode).
func languageKey(s string) bool { return LanguageCode(s) }

// LanguageCode reports whether s is a language code rounds accepts: a
// primary tag of 2 or 3 letters, then subtags of 2 to 8 letters or
// digits ("es", "pt-BR", "zh-Hans"). It becomes a folder of the output.
func LanguageCode(s string) bool {
	parts := strings.Split(s, "-")
	for i, p := range parts {
		if i == 0 && (len(p) < 2 || len(p) > 3) || len(p) < 2 || len(p) > 8 {
			return false
		}
		for _, r := range p {
			letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
			if !letter && (i == 0 || r < '0' || r > '9') {
				return false
			}
		}
	}
	return s != ""
}
