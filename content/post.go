package content

import (
	"github.com/rounds-dev/rounds/content/i18n"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Post is ready-to-paste text for one platform, with its length as the
// platform counts it.
type Post struct {
	Platform string // "x", "linkedin", ... (PlatformIDs)
	Text     string
	Length   int    // as the platform counts it
	Max      int    // the platform's limit, 0 for none that a post reaches
	Unit     string // what Length counts: "characters", "weighted" (X), "graphemes" (Bluesky), "links23" (Mastodon)
}

// Count writes the post's length as the share kit shows it, in loc's
// words: "212/280 weighted characters", "1.204/3.000 caracteres". The
// plural form follows the number the unit word comes after (the limit,
// when there is one), by CLDR's rules for the language.
func (p Post) Count(loc *i18n.Locale) string {
	if loc == nil {
		loc = i18n.English()
	}
	if p.Max > 0 {
		return loc.T("share.length_max_"+p.Unit, "length", p.Length, "count", p.Max)
	}
	return loc.T("share.length_"+p.Unit, "count", p.Length)
}

// UTM is [social.utm] in rounds.toml: campaign parameters added to every
// link a post carries, so a team can tell which post brought learners.
// utm_source is the platform ("linkedin", "x", ...), set per post; the
// others come from here, utm_medium "social" unless set. A zero UTM adds
// nothing.
type UTM struct {
	Medium   string `json:"medium"`
	Campaign string `json:"campaign"`
	Content  string `json:"content"`
	Term     string `json:"term"`
}

// On reports whether any parameter is set.
func (u UTM) On() bool { return u != UTM{} }

// Link returns link with the campaign parameters for source added, after
// any query it has already; link itself when u is off.
func (u UTM) Link(link, source string) string {
	if !u.On() {
		return link
	}
	medium := u.Medium
	if medium == "" {
		medium = "social"
	}
	var q []string
	for _, kv := range [][2]string{{"utm_source", source}, {"utm_medium", medium}, {"utm_campaign", u.Campaign}, {"utm_content", u.Content}, {"utm_term", u.Term}} {
		if kv[1] != "" {
			q = append(q, kv[0]+"="+url.QueryEscape(kv[1]))
		}
	}
	frag := ""
	if i := strings.IndexByte(link, '#'); i >= 0 {
		link, frag = link[:i], link[i:]
	}
	sep := "?"
	if strings.Contains(link, "?") {
		sep = "&"
	}
	return link + sep + strings.Join(q, "&") + frag
}

// QuestionPost is a quiz question posted as a teaser: "Can you answer
// this?", the question and its choices, never the answer.
type QuestionPost struct {
	Stem    string
	Choices []string
}

// platform is how one platform counts, limits and likes its posts.
type platform struct {
	id, name string
	max      int
	unit     string
	count    func(string) int
	hook     int  // at most this many characters of summary (0: as many as fit)
	tags     int  // at most this many hashtags (-1: none)
	extras   bool // credit and objectives paragraphs
}

// platforms are the share kit's platforms, in the order it shows them.
//
// Limits: X 280 weighted characters (twitter-text), Bluesky 300 graphemes,
// Threads and Mastodon 500 characters (Mastodon counts every link as 23),
// Instagram captions 2,200 characters and at most 5 hashtags, LinkedIn
// 3,000. Facebook, WhatsApp and WeChat have limits no post reaches; their
// texts are kept short because that is how they are read.
func platforms() []platform {
	runes := utf8.RuneCountInString
	return []platform{
		{id: "x", name: "X", max: XMaxLength, unit: "weighted", count: XLength},
		{id: "linkedin", name: "LinkedIn", max: 3000, unit: "characters", count: runes, hook: 400, tags: 5, extras: true},
		{id: "facebook", name: "Facebook", unit: "characters", count: runes, hook: 250, tags: 2},
		{id: "instagram", name: "Instagram caption", max: 2200, unit: "characters", count: runes, hook: 400, tags: 5, extras: true},
		{id: "threads", name: "Threads", max: 500, unit: "characters", count: runes, tags: 1},
		{id: "bluesky", name: "Bluesky", max: 300, unit: "graphemes", count: BlueskyLength},
		{id: "mastodon", name: "Mastodon", max: 500, unit: "links23", count: MastodonLength},
		{id: "whatsapp", name: "WhatsApp", unit: "characters", count: runes, hook: 200, tags: -1},
		{id: "wechat", name: "WeChat", unit: "characters", count: runes, hook: 140, tags: -1},
	}
}

// PlatformIDs are the ids of the share kit's platforms, in its order.
func PlatformIDs() []string {
	var ids []string
	for _, p := range platforms() {
		ids = append(ids, p.id)
	}
	return ids
}

// PlatformName is the name shown for a platform id ("LinkedIn").
func PlatformName(id string) string {
	for _, p := range platforms() {
		if p.id == id {
			return p.name
		}
	}
	return id
}

// PlatformNameIn is a platform's name in loc's words: the brand as it is
// ("LinkedIn"), and a kind of post named in the language ("Instagram
// caption", "Légende Instagram").
func PlatformNameIn(loc *i18n.Locale, id string) string {
	if id == "instagram" && loc != nil {
		return loc.T("share.platform_instagram")
	}
	return PlatformName(id)
}

// BlueskyLength is the length of text as Bluesky limits it: extended
// grapheme clusters (Unicode UAX #29, as its clients count with
// Intl.Segmenter), after NFC.
func BlueskyLength(text string) int { return uniseg.GraphemeClusterCount(NFC(text)) }

// MastodonLength is the length of text as Mastodon counts it: characters
// (code points), with every http:// or https:// link counted as 23
// whatever its length.
func MastodonLength(text string) int {
	s := []rune(text)
	n := 0
	for i := 0; i < len(s); {
		if (runesHavePrefixFold(s[i:], "https://") || runesHavePrefixFold(s[i:], "http://")) && (i == 0 || !unicode.IsLetter(s[i-1]) && !unicode.IsDigit(s[i-1])) {
			j := i
			for j < len(s) && !unicode.IsSpace(s[j]) {
				j++
			}
			for j > i && strings.ContainsRune(".,:;!?'\")]", s[j-1]) {
				j--
			}
			n += 23
			i = j
			continue
		}
		n++
		i++
	}
	return n
}

// PostTexts returns the posts for every platform, in PlatformIDs' order.
//
// ACCME Standard 4 (disclose commercial support before the learner engages)
// and the platforms' paid-partnership rules: a supported module's text starts
// with the disclosure, so it is above the fold in every feed ("#ad Supported
// by ..." on X, "Sponsored: supported by ..." elsewhere).
// Then come the title, a hook from the summary, the link and the hashtags,
// in each platform's manner: LinkedIn and Instagram add the credit and the
// objectives, Facebook reads as an invitation, Instagram says where the
// link is, WhatsApp and WeChat carry no hashtags. A question post asks
// "Can you answer this?", then the question and its choices, then
// "Answer at" the link.
//
// Each text is at most its platform's limit as the platform counts it:
// the hook is shortened first, at a word boundary with "…", then the
// extra paragraphs (objectives, credit, choices) go from the last, then
// the title is shortened, then hashtags are dropped from the end; the
// disclosure and the link are never touched. Only a disclosure and link
// that are too long by themselves leave it over.
func PostTexts(in ShareInput) []Post {
	title, hook, link := collapseSpace(in.Title), collapseSpace(in.Summary), strings.TrimSpace(in.URL)
	tags := normHashtags(in.Hashtags)
	var xDisc, disc string
	loc := in.Locale
	if loc == nil {
		loc = i18n.English()
	}
	phrase := supportPhrase(loc, in.Supporter, in.SupportKind)
	if phrase == "" {
		phrase = courseSupportPhrase(loc, in.Course)
	}
	if phrase != "" {
		xDisc, disc = loc.T("share.ad", "line", capitalize(phrase)), loc.T("share.sponsored", "phrase", phrase)
	}
	if media := collapseSpace(in.Media); media != "" {
		xDisc, disc = joinNonEmpty(xDisc, media), joinNonEmpty(disc, media)
	}
	var out []Post
	for _, p := range platforms() {
		f := postFields{disc: disc, title: title, hook: hook, url: in.UTM.Link(link, p.id)}
		if p.id == "x" {
			f.disc = xDisc
		}
		if p.hook > 0 {
			f.hook = shortenRunes(hook, p.hook)
		}
		switch {
		case p.tags < 0:
		case p.tags > 0 && len(tags) > p.tags:
			f.tags = tags[:p.tags]
		default:
			f.tags = tags
		}
		platformVoice(&f, p, in)
		fits := func(s string) bool { return p.max == 0 || p.count(s) <= p.max }
		text := NFC(fitPost(f, fits))
		out = append(out, Post{Platform: p.id, Text: text, Length: p.count(text), Max: p.max, Unit: p.unit})
	}
	return out
}

// platformVoice writes a post the way its platform reads: what leads it,
// which paragraphs follow the hook, and how the link is introduced.
func platformVoice(f *postFields, p platform, in ShareInput) {
	loc := in.Locale
	if loc == nil {
		loc = i18n.English()
	}
	// urlLead introduces the link in loc's words ("Start here: {link}").
	urlLead := func(key string) {
		if f.url != "" {
			f.url = loc.T(key, "link", f.url)
		}
	}
	credit := collapseSpace(in.Credit)
	dur := collapseSpace(in.Duration)
	if q := in.Question; q != nil {
		f.lead, f.title, f.hook = loc.T("share.can_you_answer"), collapseSpace(q.Stem), ""
		var cs []string
		for i, c := range q.Choices {
			if i >= 26 {
				break
			}
			cs = append(cs, loc.Letter(i)+". "+collapseSpace(c))
		}
		if len(cs) > 0 {
			f.extras = []string{strings.Join(cs, "\n")}
		}
		if p.id == "instagram" {
			urlLead("share.answer_bio")
		} else {
			urlLead("share.answer_at")
		}
		return
	}
	switch p.id {
	case "linkedin":
		if credit != "" || dur != "" {
			f.extras = append(f.extras, loc.T("share.credit", "credit", joinWith(" · ", credit, dur)))
		}
		if len(in.Objectives) > 0 {
			var b strings.Builder
			b.WriteString(loc.T("share.objectives"))
			for _, o := range in.Objectives {
				b.WriteString("\n• " + collapseSpace(o))
			}
			f.extras = append(f.extras, b.String())
		}
	case "facebook":
		if dur != "" {
			f.title = joinWith(" · ", f.title, dur)
		}
		if credit != "" {
			f.extras = append(f.extras, loc.T("share.earn", "credit", credit))
		}
		urlLead("share.start_here")
	case "instagram":
		if credit != "" {
			f.extras = append(f.extras, joinWith(" · ", credit, dur))
		}
		urlLead("share.link_bio")
	case "whatsapp":
		if f.title != "" {
			f.title = "*" + f.title + "*" // WhatsApp's bold
		}
	}
}

// joinWith joins the non-empty parts with sep.
func joinWith(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// postFields are the parts of a post, in the order they are written.
type postFields struct {
	disc, lead, title, hook string
	extras                  []string // paragraphs after the hook, dropped from the last
	url                     string   // the link, with the words that introduce it
	tags                    []string
}

func (f postFields) build(title, hook string, extras, tags []string) string {
	parts := []string{f.disc, f.lead, title, hook}
	parts = append(parts, extras...)
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	tail := f.url
	if tail = strings.TrimSpace(tail + "\n" + strings.Join(tags, " ")); tail != "" {
		kept = append(kept, tail)
	}
	return strings.Join(kept, "\n\n")
}

// fitPost is the longest form of the post that fits (see PostTexts).
func fitPost(f postFields, fits func(string) bool) string {
	tags := f.tags
	if s := f.build(f.title, f.hook, f.extras, tags); fits(s) {
		return s
	}
	for n := len(f.extras); n >= 0; n-- {
		ex := f.extras[:n]
		if h, ok := fitPostWords(f.hook, func(h string) bool { return fits(f.build(f.title, h, ex, tags)) }); ok {
			return f.build(f.title, h, ex, tags)
		}
		if s := f.build(f.title, "", ex, tags); fits(s) {
			return s
		}
	}
	if t, ok := fitPostWords(f.title, func(t string) bool { return fits(f.build(t, "", nil, tags)) }); ok {
		return f.build(t, "", nil, tags)
	}
	for len(tags) > 0 && !fits(f.build("", "", nil, tags)) {
		tags = tags[:len(tags)-1]
	}
	return f.build("", "", nil, tags)
}

// PlainMarkdown is inline Markdown as a post shows it: code without its
// backticks, emphasis without its markers, a link as its text, citations
// ("[@evans2021]", "[@a; @b]") dropped. It never fails: what it does not
// recognise stays as written.
func PlainMarkdown(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '[' && strings.HasPrefix(s[i:], "[@"):
			if j := strings.IndexByte(s[i:], ']'); j > 0 {
				// drop the space before the citation too
				out := strings.TrimRight(b.String(), " ")
				b.Reset()
				b.WriteString(out)
				i += j + 1
				continue
			}
		case c == '[':
			if j := strings.Index(s[i:], "]("); j > 0 {
				if k := strings.IndexByte(s[i+j:], ')'); k > 0 {
					b.WriteString(PlainMarkdown(s[i+1 : i+j]))
					i += j + k + 1
					continue
				}
			}
		case c == '`' || c == '*':
			i++
			continue
		case c == '_' && (i == 0 || i+1 == len(s) || !isWordByte(s[i-1]) || !isWordByte(s[i+1])):
			i++
			continue
		case c == '\\' && i+1 < len(s) && strings.IndexByte("`*_[]\\", s[i+1]) >= 0:
			b.WriteByte(s[i+1])
			i += 2
			continue
		}
		b.WriteByte(c)
		i++
	}
	return collapseSpace(b.String())
}

func isWordByte(c byte) bool {
	return c >= 0x80 || c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') || (c >= '0' && c <= '9')
}
