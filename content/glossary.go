package content

import (
	"strings"
	"unicode"
)

// Glossary is data/glossary.toml: the terms and abbreviations of a site.
// It is part of the frame (SPEC "The frame"): a definition reaches every
// page that uses its term, so changing one voids the frame's sign-off.
type Glossary struct {
	Terms []GlossaryTerm `json:"terms"`
}

// GlossaryTerm is one entry. An abbreviation has an expansion
// ("qSOFA" = "quick Sequential Organ Failure Assessment").
type GlossaryTerm struct {
	Term       string   `json:"term"`
	Expansion  string   `json:"expansion"`
	Definition string   `json:"definition"`
	Aliases    []string `json:"aliases"` // other spellings marked as the term ("qSOFA score")
}

// ID is the term's anchor on the glossary page: "term-" and its letters
// and digits in lower case, other characters as "-".
func (t GlossaryTerm) ID() string {
	var b strings.Builder
	b.WriteString("term-")
	dash := false
	for _, r := range strings.ToLower(t.Term) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
