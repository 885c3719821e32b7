package content

import (
	"github.com/rounds-dev/rounds/content/i18n"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ShareInput is what a module's posts are made of.
type ShareInput struct {
	Title, Summary, URL string
	Hashtags            []string // without or with "#"; from rounds.toml [social]
	Supporter           string   // "" for a module without commercial support
	SupportKind         string   // e.g. "educational grant"
	// Course, for a course's posts, is the support of each of its
	// modules in course order (nil for a module without): the course's
	// text discloses them all (see CourseSupportLine).
	Course []*Support
	// Media says that the module is a video and how long it runs
	// ("Video, 1 min 30 s", MediaLabel); "" for none. Like the
	// disclosure, it is never shortened: it tells the reader what the
	// link opens.
	Media string
	// Credit ("0.25 AMA PRA Category 1 Credit™"), Duration ("6 min") and
	// Objectives are what LinkedIn and Instagram posts add; "" or nil
	// for none.
	Credit, Duration string
	Objectives       []string
	// Question, when set, makes the posts a question teaser (see
	// QuestionPost); Title and Summary are then not shown.
	Question *QuestionPost
	// UTM adds campaign parameters to the link, utm_source per platform.
	UTM UTM
	// Locale is the language of the posts' own words ("#ad", "Sponsored:",
	// the support sentence); nil for English.
	Locale *i18n.Locale
}

// XMaxLength is X's limit in weighted characters.
const XMaxLength = 280

// NFC returns s in Unicode Normalization Form C. X counts characters after NFC,
// and the card fonts have precomposed letters but no combining accents.
func NFC(s string) string { return norm.NFC.String(s) }

// supportPhrase is "supported by an educational grant from Acme Pharma.":
// the supporter's name and the kind of support only (ACCME Standard 4), as
// SupportSentence says it on the module page, in loc's language. "" without
// a supporter.
func supportPhrase(loc *i18n.Locale, supporter, kind string) string {
	return supportMessage(loc, "support.phrase", supporter, kind)
}

// supportMessage fills the message family key (key, key_plain,
// key_in_kind, key_in_kind_plain) with a supporter and a kind of support:
// "in-kind: laboratory space" is in-kind support of what follows.
// {a_kind} is the kind with its English indefinite article ("an
// educational grant"); other languages write {kind} as their grammar
// wants it.
func supportMessage(loc *i18n.Locale, key, supporter, kind string) string {
	sup := strings.TrimRight(collapseSpace(supporter), ".")
	if sup == "" {
		return ""
	}
	kind = collapseSpace(kind)
	if rest, ok := strings.CutPrefix(kind, "in-kind"); ok {
		if rest = strings.TrimSpace(strings.TrimLeft(rest, ": ")); rest != "" {
			return loc.T(key+"_in_kind", "what", rest, "supporter", sup)
		}
		return loc.T(key+"_in_kind_plain", "supporter", sup)
	}
	if kind == "" {
		return loc.T(key+"_plain", "supporter", sup)
	}
	return loc.T(key, "a_kind", indefinite(kind)+" "+kind, "kind", kind, "supporter", sup)
}

// SupportLine is a supported module's disclosure as it stands beside the
// module's title wherever the title goes (cards, lists, feeds, the search
// index, quiz.json readers): "Supported by an educational grant from Acme
// Pharma." "" for nil. ACCME Standard 4: the acknowledgment travels with
// the education it supports, never a logo.
func SupportLine(s *Support) string { return SupportLineIn(i18n.English(), s) }

// SupportLineIn is SupportLine in loc's language.
func SupportLineIn(loc *i18n.Locale, s *Support) string {
	if s == nil {
		return ""
	}
	return capitalize(supportPhrase(loc, s.Supporter, s.Kind))
}

// CourseSupportLine is the disclosure of a course whose modules have the
// given support, in course order (nil for a module without): the module's
// line when every module has the same support ("Supported by an
// educational grant from Acme Pharma."), otherwise one clause per kind of
// support, in order of first appearance ("2 of 3 modules are supported by
// an educational grant from Acme Pharma; 1 of 3 receives in-kind support
// from Beta Labs."). "" when no module is supported.
func CourseSupportLine(each []*Support) string { return CourseSupportLineIn(i18n.English(), each) }

// CourseSupportLineIn is CourseSupportLine in loc's language.
func CourseSupportLineIn(loc *i18n.Locale, each []*Support) string {
	return capitalize(courseSupportPhrase(loc, each))
}

func courseSupportPhrase(loc *i18n.Locale, each []*Support) string {
	// Modules are grouped by the kind of their support, whoever gave it:
	// a course of fifty modules with seven supporters has one clause per
	// kind ("7 of 50 modules are supported by an educational grant from
	// A, B, C, D, E, F or G"), short enough for its card, not seven.
	type group struct {
		inKind     bool
		kind       string
		supporters []string
		n          int
	}
	var groups []*group
	for _, s := range each {
		if s == nil {
			continue
		}
		sup := strings.TrimRight(collapseSpace(s.Supporter), ".")
		if sup == "" {
			continue
		}
		kind := collapseSpace(s.Kind)
		inKind := strings.HasPrefix(kind, "in-kind")
		if inKind {
			kind = strings.TrimSpace(strings.TrimLeft(strings.TrimPrefix(kind, "in-kind"), ": "))
		}
		i := slices.IndexFunc(groups, func(g *group) bool { return g.inKind == inKind && g.kind == kind })
		if i < 0 {
			i = len(groups)
			groups = append(groups, &group{inKind: inKind, kind: kind})
		}
		g := groups[i]
		if !slices.Contains(g.supporters, sup) {
			g.supporters = append(g.supporters, sup)
		}
		g.n++
	}
	switch {
	case len(groups) == 0:
		return ""
	case len(groups) == 1 && len(groups[0].supporters) == 1 && groups[0].n == len(each):
		g := groups[0]
		if g.inKind {
			return supportPhrase(loc, g.supporters[0], strings.TrimSpace("in-kind: "+g.kind))
		}
		return supportPhrase(loc, g.supporters[0], g.kind)
	}
	clauses := make([]string, len(groups))
	for i, g := range groups {
		// "2 of 3 modules are supported by an educational grant from Acme
		// Pharma; 1 of 3 receives in-kind support from Beta Labs."
		who := loc.Or(g.supporters)
		key, what := "support.course_supported", ""
		switch {
		case g.inKind && g.kind != "":
			key, what = "support.course_receives", loc.T("support.in_kind_from", "what", g.kind, "supporter", who)
		case g.inKind:
			key, what = "support.course_receives", loc.T("support.in_kind_from_plain", "supporter", who)
		default:
			what = supportMessage(loc, "support.from", who, g.kind)
		}
		if i > 0 {
			key += "_next"
		}
		clauses[i] = loc.T(key, "count", g.n, "total", len(each), "what", what)
	}
	return strings.Join(clauses, loc.T("support.course_join")) + loc.T("support.course_end")
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// fitPostWords returns the longest shortening of s, cut at a word boundary and
// ended with "…", that ok accepts; s itself if it is accepted.
func fitPostWords(s string, ok func(string) bool) (string, bool) {
	if s == "" {
		return "", false
	}
	if ok(s) {
		return s, true
	}
	// A longer cut is never shorter, so the longest one that fits is found by
	// bisection: a long summary costs log n measurements, not n.
	cuts := postWordCuts(s)
	best := ""
	lo, hi := 0, len(cuts)-1
	for lo <= hi {
		mid := (lo + hi) / 2
		t := cutWithEllipsis(s[:cuts[mid]])
		if t == "" || ok(t) { // nothing left counts as fitting, but is no answer
			if t != "" {
				best = t
			}
			lo = mid + 1
		} else {
			hi = mid - 1
		}
	}
	return best, best != ""
}

// postWordCuts are the byte offsets where s may be cut: before a space and
// between CJK characters (which have no spaces between words).
func postWordCuts(s string) []int {
	var cuts []int
	prev := rune(0)
	for i, r := range s {
		switch {
		case r == ' ' && prev != ' ' && i > 0:
			cuts = append(cuts, i)
		case i > 0 && (isCJKText(r) || isCJKText(prev)) && prev != ' ':
			cuts = append(cuts, i)
		}
		prev = r
	}
	return cuts
}

func isCJKText(r rune) bool {
	return (r >= 0x2E80 && r <= 0x9FFF) || (r >= 0xF900 && r <= 0xFAFF) ||
		(r >= 0xFF00 && r <= 0xFFEF) || (r >= 0x20000 && r <= 0x3FFFF) || (r >= 0xAC00 && r <= 0xD7AF)
}

// cutWithEllipsis ends a cut text with "…", dropping the punctuation before it.
func cutWithEllipsis(s string) string {
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—(", r)
	})
	if s == "" {
		return ""
	}
	return s + "…"
}

// shortenRunes cuts s at a word boundary to at most n runes, with "…".
func shortenRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	t, _ := fitPostWords(s, func(t string) bool { return utf8.RuneCountInString(t) <= n })
	return t
}

// joinNonEmpty joins the parts that are set, a blank line between them.
func joinNonEmpty(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

// collapseSpace collapses runs of white space (newlines included) to one space.
func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// normHashtags makes "#Tag"s: without spaces or punctuation, each once.
func normHashtags(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range in {
		t = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || unicode.Is(unicode.Mn, r) {
				return r
			}
			return -1
		}, t)
		if t == "" || seen[strings.ToLower(t)] {
			continue
		}
		seen[strings.ToLower(t)] = true
		out = append(out, "#"+t)
	}
	return out
}

// indefinite is "an" before a vowel letter, else "a": "an educational grant",
// "a grant", "an in-kind donation".
func indefinite(word string) string {
	if r, _ := utf8.DecodeRuneInString(word); strings.ContainsRune("aeiouAEIOU", r) {
		return "an"
	}
	return "a"
}

// XLength is the length of text as X counts it (twitter-text, config v3):
// after NFC normalisation, a URL counts 23; an emoji counts 2, a whole
// sequence (ZWJ family, flag, keycap, skin tone, tag flag) once; other code
// points count 1 in U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and
// U+2032–U+2037, and 2 elsewhere (CJK, most symbols).
//
// Limits, where twitter-text is larger than this: URLs are found when they
// start with http:// or https://, or are a bare domain ending in a country
// code or a common generic top-level domain (twitter-text knows all of
// them); emoji sequences are recognised by their structure rather than by
// twemoji's list of valid ones, so an unlisted ZWJ sequence also counts 2.
func XLength(text string) int {
	s := []rune(NFC(text))
	n := 0
	for i := 0; i < len(s); {
		if j := xURLEnd(s, i); j > i {
			n += 23
			i = j
			continue
		}
		if j := xEmojiEnd(s, i); j > i {
			n += 2
			i = j
			continue
		}
		n += xWeight(s[i])
		i++
	}
	return n
}

func xWeight(r rune) int {
	switch {
	case r <= 0x10FF, r >= 0x2000 && r <= 0x200D, r >= 0x2010 && r <= 0x201F, r >= 0x2032 && r <= 0x2037:
		return 1
	}
	return 2
}

// xURLEnd returns the end of a URL starting at s[i], or i.
func xURLEnd(s []rune, i int) int {
	if i > 0 {
		// twitter-text: a URL is not preceded by a letter, digit, @, $ or #.
		if p := s[i-1]; unicode.IsLetter(p) || unicode.IsDigit(p) || strings.ContainsRune("@$#＠＃", p) {
			return i
		}
	}
	j := i
	scheme := false
	if !isASCIIHostRune(s[i]) {
		return i
	}
	for _, sc := range [...]string{"https://", "http://"} {
		if runesHavePrefixFold(s[i:], sc) {
			j, scheme = i+len(sc), true
			break
		}
	}
	// The host: labels of letters, digits and hyphens, separated by dots, at
	// most 253 characters (which also keeps a long run of dots linear).
	hostStart := j
	for j < len(s) && j-hostStart < 253 && (isASCIIHostRune(s[j]) || s[j] == '.') {
		j++
	}
	for j > hostStart && s[j-1] == '.' {
		j--
	}
	if !slices.Contains(s[hostStart:j], '.') {
		return i
	}
	host := strings.ToLower(string(s[hostStart:j]))
	dot := strings.LastIndexByte(host, '.')
	if dot <= 0 {
		return i
	}
	tld := host[dot+1:]
	if !scheme && !isKnownTLD(tld) {
		return i
	}
	// The port and the path: anything up to a space, less trailing punctuation.
	k := j
	for k < len(s) && !unicode.IsSpace(s[k]) && !isCJKText(s[k]) && !strings.ContainsRune("<>\"", s[k]) {
		k++
	}
	hasPath := k > j && (s[j] == '/' || s[j] == ':' || s[j] == '?' || s[j] == '#')
	if !hasPath {
		k = j
	}
	for k > j && strings.ContainsRune(".,:;!?'\"’”…)]", s[k-1]) {
		if s[k-1] == ')' && countRune(s[j:k], '(') >= countRune(s[j:k], ')') {
			break
		}
		k--
	}
	if scheme {
		return k
	}
	// Like twitter-text, a bare "ab.cd" with no path is not taken for a link.
	if !hasPath && len(tld) == 2 && dot <= 2 && !strings.Contains(host[:dot], ".") {
		return i
	}
	return k
}

func isASCIIHostRune(r rune) bool {
	return r < utf8.RuneSelf && (r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r))
}

// runesHavePrefixFold reports whether s starts with the ASCII p, ignoring case.
func runesHavePrefixFold(s []rune, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if unicode.ToLower(s[i]) != rune(p[i]) {
			return false
		}
	}
	return true
}

func countRune(s []rune, r rune) int {
	n := 0
	for _, c := range s {
		if c == r {
			n++
		}
	}
	return n
}

// Top-level domains recognised without a scheme: every ISO 3166 country code
// and the generic ones a medical education post is likely to mention.
const (
	xCountryTLDs = " ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq " +
		"br bs bt bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm " +
		"do dz ec ee eg eh er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs " +
		"gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn " +
		"kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp mq " +
		"mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm " +
		"pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st su sv " +
		"sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk um us uy uz va vc ve vg vi " +
		"vn vu wf ws ye yt za zm zw "
	xGenericTLDs = " com net org edu gov mil int info biz name pro mobi app dev page blog news online site web " +
		"tech health healthcare care clinic doctor hospital med medical pharmacy dental dentist " +
		"academy education school university college courses training study science bio link live " +
		"video xyz club shop store guide help wiki email social network world global today top ai " +
		"global foundation institute center events "
)

func isKnownTLD(t string) bool {
	return len(t) >= 2 && (strings.Contains(xCountryTLDs, " "+t+" ") || strings.Contains(xGenericTLDs, " "+t+" "))
}

// xEmojiEnd returns the end of an emoji sequence starting at s[i], or i.
func xEmojiEnd(s []rune, i int) int {
	r := s[i]
	next := func(j int) rune {
		if j < len(s) {
			return s[j]
		}
		return 0
	}
	switch {
	case isRegionalIndicator(r):
		if isRegionalIndicator(next(i + 1)) {
			return i + 2
		}
		return i + 1
	case r == '#' || r == '*' || (r >= '0' && r <= '9'):
		j := i + 1
		if next(j) == 0xFE0F {
			j++
		}
		if next(j) == 0x20E3 {
			return j + 1
		}
		return i
	case r == 0xA9 || r == 0xAE:
		// © and ® are emoji only in emoji presentation.
		if next(i+1) == 0xFE0F {
			return i + 2
		}
		return i
	}
	if !isPictographicRune(r) || next(i+1) == 0xFE0E {
		return i
	}
	j := xEmojiElement(s, i)
	for next(j) == 0x200D && j+1 < len(s) && isPictographicRune(s[j+1]) {
		j = xEmojiElement(s, j+1)
	}
	return j
}

// xEmojiElement is one emoji with what may follow it: emoji presentation, a skin
// tone, or the tag characters of a subdivision flag.
func xEmojiElement(s []rune, i int) int {
	j := i + 1
	if j < len(s) && (s[j] == 0xFE0F || (s[j] >= 0x1F3FB && s[j] <= 0x1F3FF)) {
		j++
	}
	for j < len(s) && s[j] >= 0xE0020 && s[j] <= 0xE007F {
		j++
	}
	return j
}

func isRegionalIndicator(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

// isPictographicRune approximates Unicode's Extended_Pictographic property.
func isPictographicRune(r rune) bool {
	switch {
	case r == 0x203C, r == 0x2049, r == 0x2122, r == 0x2139, r == 0x24C2, r == 0x25B6, r == 0x25C0,
		r == 0x2328, r == 0x23CF, r == 0x2B50, r == 0x2B55, r == 0x3030, r == 0x303D, r == 0x3297, r == 0x3299:
		return true
	case r >= 0x2194 && r <= 0x2199, r >= 0x21A9 && r <= 0x21AA, r >= 0x231A && r <= 0x231B,
		r >= 0x23E9 && r <= 0x23F3, r >= 0x23F8 && r <= 0x23FA, r >= 0x25AA && r <= 0x25AB,
		r >= 0x25FB && r <= 0x25FE, r >= 0x2600 && r <= 0x27BF, r >= 0x2934 && r <= 0x2935,
		r >= 0x2B05 && r <= 0x2B07, r >= 0x2B1B && r <= 0x2B1C:
		return true
	case r >= 0x1F000 && r <= 0x1FAFF:
		return !isRegionalIndicator(r)
	}
	return false
}
