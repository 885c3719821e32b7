package content

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/rounds-dev/rounds/content/diag"
)

// PromotionalWords are phrases of marketing, not education. They are kept
// in one place so a provider can see (and extend) exactly what is flagged.
var PromotionalWords = []string{
	"best-in-class", "breakthrough", "cutting-edge", "first-in-class", "game changer", "game-changer",
	"game-changing", "market-leading", "miracle", "number one", "revolutionary", "superior efficacy",
	"unmatched", "unparalleled", "unrivalled", "unrivaled",
}

// PromotionalWordsIn are the same words in the other languages rounds
// ships (issue 23): each module is checked against every list, so a
// Spanish module's "revolucionario" is flagged like an English
// "revolutionary". Drafts, as the interface tables are.
var PromotionalWordsIn = map[string][]string{
	"es": {"revolucionario", "revolucionaria", "innovador sin precedentes", "el mejor de su clase", "líder del mercado", "milagroso", "milagrosa", "sin igual", "sin rival", "inigualable", "número uno", "eficacia superior", "avance decisivo"},
	"fr": {"révolutionnaire", "le meilleur de sa catégorie", "leader du marché", "miraculeux", "miraculeuse", "sans égal", "inégalé", "inégalée", "numéro un", "efficacité supérieure", "percée majeure"},
	"de": {"revolutionär", "bahnbrechend", "bahnbrechende", "klassenbester", "marktführend", "marktführer", "wundermittel", "unübertroffen", "unvergleichlich", "nummer eins", "überlegene wirksamkeit"},
	"pt": {"revolucionário", "revolucionária", "o melhor da categoria", "líder de mercado", "milagroso", "milagrosa", "sem igual", "incomparável", "inigualável", "número um", "eficácia superior"},
	"ja": {"画期的", "革命的", "業界最高", "市場をリードする", "奇跡の", "比類のない", "ナンバーワン", "最高の効果"},
	"zh": {"革命性", "突破性", "同类最佳", "市场领先", "奇迹", "无与伦比", "第一品牌", "疗效卓越"},
	"ar": {"ثوري", "ثورية", "الأفضل في فئته", "رائد السوق", "معجزة", "لا مثيل له", "لا مثيل لها", "رقم واحد", "فعالية فائقة"},
}

// supporterOf returns the module's supporter as listed in rounds.toml.
func (g *Gate) supporterOf(m *Module) *Supporter {
	if m.Meta.Support == nil {
		return nil
	}
	for i := range g.Config.Supporters {
		if g.Config.Supporters[i].Name == m.Meta.Support.Supporter {
			return &g.Config.Supporters[i]
		}
	}
	return nil
}

// noPromotion: ACCME Standard 5 — no marketing of an ineligible company
// inside the education it supports: no link to any of its domains.
func (g *Gate) noPromotion(m *Module, sup *Supporter, l *diag.List) {
	for _, d := range sup.Domains {
		for _, at := range domainMentions(m.Body, d) {
			dg := m.File.Errorf(l, m.BodyOffset+at, "no-promotion", "links to %s, a domain of the supporter %s", d, sup.Name)
			dg.Help = "remove the link: education a company supports may not point learners to its sites (ACCME Standard 5)"
		}
	}
}

// domainMentions returns the offsets where domain (or a subdomain of it)
// is named in body.
func domainMentions(body []byte, domain string) []int {
	domain = strings.ToLower(strings.TrimSpace(domain))
	if domain == "" {
		return nil
	}
	lower := asciiLower(body)
	var out []int
	for from := 0; ; {
		i := bytes.Index(lower[from:], []byte(domain))
		if i < 0 {
			return out
		}
		i += from
		end := i + len(domain)
		before := i == 0 || !isHostChar(lower[i-1]) || lower[i-1] == '.'
		after := end == len(lower) || !isHostChar(lower[end]) && !(lower[end] == '.' && end+1 < len(lower) && isAlnum(lower[end+1]))
		if before && after {
			out = append(out, i)
		}
		from = end
	}
}

func isHostChar(c byte) bool { return isAlnum(c) || c == '-' || c == '.' }

// biasWarnings: ACCME Standard 1 — balanced content uses generic names. A
// product named as "Brand (generic)" in [[supporters]] is flagged when the
// brand appears more often than the generic; promotional wording too.
func (g *Gate) biasWarnings(m *Module, sup *Supporter, l *diag.List) {
	lower := asciiLower(m.Body)
	if sup != nil {
		for _, p := range sup.Products {
			brand, generic := splitProduct(p)
			bs := wordOffsets(lower, brand)
			nb, ng := len(bs), len(wordOffsets(lower, generic))
			if brand != "" && nb > ng {
				at := bs[0]
				d := m.File.At(l, m.File.Pos(m.BodyOffset+at), diag.Warning, "brand-name",
					"the supporter's brand %s is named %d times, its generic name%s %d", brand, nb, quoted(generic), ng)
				d.Help = "use the generic name; name a brand only where learners need it"
			}
		}
	}
	words := slices.Clone(PromotionalWords)
	for _, lang := range []string{"ar", "de", "es", "fr", "ja", "pt", "zh"} {
		words = append(words, PromotionalWordsIn[lang]...)
	}
	for _, w := range words {
		for _, at := range wordOffsets(lower, w) {
			d := m.File.At(l, m.File.Pos(m.BodyOffset+at), diag.Warning, "promotional", "promotional wording %q", m.Body[at:at+len(w)])
			d.Help = "state the evidence instead; education must be free of commercial bias (ACCME Standard 1)"
		}
	}
}

// splitProduct reads "Acmezolid (linezolid)" as brand and generic.
func splitProduct(p string) (brand, generic string) {
	if i := strings.IndexByte(p, '('); i >= 0 && strings.HasSuffix(p, ")") {
		return strings.TrimSpace(p[:i]), strings.TrimSpace(p[i+1 : len(p)-1])
	}
	return strings.TrimSpace(p), ""
}

func quoted(s string) string {
	if s == "" {
		return " (none given)"
	}
	return fmt.Sprintf(" %s", s)
}

// asciiLower returns a lower-cased copy of text, ASCII letters only, so
// that an offset in it is the same offset in text (strings.ToLower may
// change a non-ASCII letter's length).
func asciiLower[T string | []byte](text T) []byte {
	b := make([]byte, len(text)) // a copy: []byte(text) of a []byte is text itself
	copy(b, text)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return b
}

// wordOffsets finds w (lower case) in lower as a whole word. Plain string
// search, not regexp: it runs on every module of every build.
func wordOffsets(lower []byte, w string) []int {
	lw := asciiLower(w)
	if len(lw) == 0 {
		return nil
	}
	var out []int
	for from := 0; ; {
		i := bytes.Index(lower[from:], lw)
		if i < 0 {
			return out
		}
		i += from
		end := i + len(lw)
		if (i == 0 || !isAlnum(lower[i-1])) && (end == len(lower) || !isAlnum(lower[end])) {
			out = append(out, i)
		}
		from = end
	}
}
