package content

import (
	"github.com/rounds-dev/rounds/content/i18n"
	"strconv"
	"strings"
)

// Disclosure is one financial relationship of someone in control of a
// module's content, as shown to learners before they start.
type Disclosure struct {
	Person  *Person
	Role    string // "author", "planner", "reviewer"
	Company string
	Nature  Translated // In the page's language
}

// Disclosures lists the relationships of the module's authors, planners
// and the given reviewers, in that order, each person once. ACCME Standard
// 3: disclose to learners, before they engage, every relevant relationship
// of everyone in control of content.
func Disclosures(m *Module, ppl People, reviewers []string) []Disclosure {
	var out []Disclosure
	seen := map[string]bool{}
	add := func(role string, ids []string) {
		for _, id := range ids {
			p := ppl.ByID[id]
			if p == nil || seen[id] {
				continue
			}
			seen[id] = true
			for _, r := range p.Relationships {
				out = append(out, Disclosure{Person: p, Role: role, Company: r.Company, Nature: r.Nature})
			}
		}
	}
	add("author", m.Meta.Authors)
	add("planner", m.Meta.Planners)
	add("reviewer", reviewers)
	return out
}

// FormatHours writes credit hours as people do: 0.25, 1, 1.5.
func FormatHours(h float64) string { return strconv.FormatFloat(h, 'f', -1, 64) }

// IsAMACredit reports whether a credit type is AMA PRA Category 1 Credit,
// whose designation statement the AMA prescribes word for word.
func IsAMACredit(t string) bool {
	return strings.HasPrefix(strings.ToLower(t), "ama pra category 1")
}

// CreditName is the credit type with "Credit" or "Credits" by the number
// and the trademark sign for AMA credit: "AMA PRA Category 1 Credits™".
func CreditName(t string, hours float64) string {
	if !IsAMACredit(t) {
		return t
	}
	name := "AMA PRA Category 1 Credit"
	if hours != 1 {
		name += "s"
	}
	return name + "™"
}

// SupportSentence acknowledges commercial support by the supporter's name
// and the kind of support only (ACCME Standard 4): "This activity is
// supported by an educational grant from Acme Pharma."
func SupportSentence(s *Support) string { return SupportSentenceIn(i18n.English(), s) }

// SupportSentenceIn is SupportSentence in loc's language.
func SupportSentenceIn(loc *i18n.Locale, s *Support) string {
	return supportMessage(loc, "support.sentence", s.Supporter, s.Kind)
}
