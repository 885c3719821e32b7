package generator

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/i18n"
	"github.com/rounds-dev/rounds/generator/render"
)

// The share kit (issue 22): /share/ lists the courses; /share/<course>/
// has the course's cards and posts, its download-all zip and a line per
// module; /share/<course>/<module>/ has the module's cards in every shape
// and its question cards, each with post text for every platform. A page
// per module keeps pages small on large courses and lets the dev server
// redraw a module's kit with the module. Share pages are noindex.

// cardShape is one shape a card is drawn in: the suffix of its file
// name (cards/<section>/<slug><suffix>.png) and its size.
type cardShape struct {
	suffix, name  string
	width, height int
}

// cardShapes are the card shapes, link preview first. A shape is listed in
// the kit only when the build drew it.
func cardShapes() []cardShape {
	return []cardShape{
		{"", "share.shape_link", 1200, 630},
		{"-square", "share.shape_square", 1080, 1080},
		{"-portrait", "share.shape_portrait", 1080, 1350},
		{"-story", "share.shape_story", 1080, 1920},
	}
}

// zipMaxModules caps the courses that get a download-all zip: the zip
// holds every module's cards, about 0.3 MB a module in four shapes, and a
// course of hundreds of modules is better taken a module at a time.
const zipMaxModules = 100

// shareCards lists the shapes of the card base+".png" that the build wrote.
func (b *builder) shareCards(base, alt string, loc *i18n.Locale) []render.ShareCard {
	var out []render.ShareCard
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range cardShapes() {
		name := base + s.suffix + ".png"
		if b.files.has(name) {
			out = append(out, render.ShareCard{Path: name, Shape: loc.T(s.name), Width: s.width, Height: s.height, Alt: alt})
		}
	}
	return out
}

// sharePosts are the posts of the page at p for every platform, each with
// an id for its copy button.
func sharePosts(p, kind string, in content.ShareInput) []render.Post {
	var out []render.Post
	for _, t := range content.PostTexts(in) {
		post := render.Post{
			Platform: content.PlatformNameIn(in.Locale, t.Platform),
			ID:       "post-" + strings.NewReplacer("/", "-").Replace(strings.TrimSuffix(p, "/")) + kind + "-" + t.Platform,
			Text:     t.Text,
			Rows:     textRows(t.Text),
		}
		post.Length = t.Count(in.Locale)
		out = append(out, post)
	}
	return out
}

// textRows is how many lines a text box needs to show text whole at about
// 40 characters a line (a phone's text box); CSS field-sizing grows it
// where browsers support it.
func textRows(text string) int {
	n := 0
	for _, line := range strings.Split(text, "\n") {
		n += 1 + len([]rune(line))/40
	}
	return n
}

// shareInput is what every post of a module is made of.
func (b *builder) shareInput(mv *render.Module, link string) content.ShareInput {
	social := b.c.Config.Site.Social
	in := content.ShareInput{Title: mv.Title, Summary: mv.Summary, URL: link, Hashtags: social.Hashtags, Media: mv.Media,
		Duration: shortDuration(mv.Duration), Objectives: mv.Objectives, UTM: social.UTM, Locale: b.c.LocaleOf(mv.Lang)}
	if mv.Credit != nil {
		in.Credit = mv.Credit.Badge
	}
	if mv.Support != nil {
		in.Supporter, in.SupportKind = mv.Support.Supporter, mv.Support.Kind
	}
	return in
}

// shortDuration is "6 min" for "6 minutes".
func shortDuration(d string) string {
	return strings.NewReplacer(" minutes", " min", " minute", " min", " hours", " h", " hour", " h").Replace(d)
}

// moduleSharePage writes /share/<module>/: the module's cards in every
// shape, its question cards, and posts for each; it returns the page's
// file name. It runs with the module, while the view still has its
// objectives.
func (b *builder) moduleSharePage(mv *render.Module, courseSize int, quizzes []content.Quiz, cards []string, alt string) string {
	link := b.c.Config.AbsURL(mv.Path)
	in := b.shareInput(mv, link)
	loc := b.c.LocaleOf(mv.Lang)
	e := render.ShareEntry{Module: mv, Title: mv.Title, Path: mv.Path, Link: link, Posts: sharePosts(mv.Path, "", in)}
	if mv.Support != nil {
		e.Support = mv.Support.Line
	}
	if len(cards) > 0 {
		e.Cards = b.shareCards(strings.TrimSuffix(cards[0], ".png"), alt, b.c.LocaleOf(mv.Lang))
	}
	for i, q := range quizzes {
		if i+1 >= len(cards) {
			break
		}
		qin := in
		qin.Question = &content.QuestionPost{Stem: content.PlainMarkdown(q.Stem)}
		for _, ch := range q.Choices {
			qin.Question.Choices = append(qin.Question.Choices, content.PlainMarkdown(ch.Text))
		}
		qalt := loc.T("share.question_alt", "question", qin.Question.Stem+" "+strings.Join(qin.Question.Choices, "; "))
		if e.Support != "" {
			qalt += ". " + e.Support
		}
		sq := render.ShareQuestion{N: i + 1, Cards: b.shareCards(strings.TrimSuffix(cards[i+1], ".png"), qalt, loc),
			Posts: sharePosts(mv.Path, fmt.Sprintf("-q%d", i+1), qin)}
		e.Questions = append(e.Questions, sq)
	}
	if courseSize > 0 && courseSize <= zipMaxModules && b.cards != nil && !b.opts.Preview {
		mv.ShareText = postsText(e, b.c.LocaleOf(mv.Lang))
	}
	p := b.page("share", "share/"+mv.Path, loc.T("share.course_title", "course", mv.Title), loc.T("share.course_description", "course", mv.Title))
	p.Share, p.Noindex = &render.Share{Entries: []render.ShareEntry{e}, Module: true}, true
	if s := b.langSite[mv.Lang]; s != nil {
		p.Site = s
	}
	b.writePage(p)
	return p.Path + "index.html"
}

// postsText is the text file of a kit entry's posts in the course zip,
// its headings in loc's words.
func postsText(e render.ShareEntry, loc *i18n.Locale) string {
	var sb strings.Builder
	write := func(head string, posts []render.Post) {
		sb.WriteString("# " + head + "\n\n")
		for _, p := range posts {
			fmt.Fprintf(&sb, "## %s (%s)\n\n%s\n\n", p.Platform, p.Length, p.Text)
		}
	}
	write(e.Title+"\n"+e.Link, e.Posts)
	for _, q := range e.Questions {
		write(loc.T("share.shape_question", "number", q.N), q.Posts)
	}
	return sb.String()
}

// sharePages write /share/ and /share/<course>/ (the module pages are
// written with their modules). SPEC.md "Social cards": a supported
// module's text starts with the disclosure, so it shows above the fold.
// /share/ also has the home page's card (homeAlt is its alt text) and the
// learning paths' completion cards.
func (b *builder) sharePages(secs sectionSet, homeAlt string, paths []render.ShareSet) {
	index := &render.Share{Paths: paths}
	if b.cards != nil {
		index.Site = b.shareCards("cards/_site", homeAlt, b.c.Locale())
	}
	shapes := b.drawnShapes()
	for _, sv := range secs.list {
		index.Courses = append(index.Courses, render.Link{Text: sv.Title, Path: "share/" + sv.Path})
		b.listPage("share/"+sv.Path, sv.Path, func() *render.Page {
			sh := &render.Share{Entries: []render.ShareEntry{b.courseShareEntry(sv, shapes)}}
			for _, mv := range sv.Modules {
				e := render.ShareEntry{Module: mv, Title: mv.Title, Path: mv.Path, Kit: "share/" + mv.Path}
				if mv.Support != nil {
					e.Support = mv.Support.Line
				}
				if len(mv.Cards) > 0 {
					e.Cards = []render.ShareCard{{Path: mv.Cards[0], Shape: b.c.LocaleOf(mv.Lang).T("share.shape_link"), Width: 1200, Height: 630, Alt: b.c.LocaleOf(mv.Lang).T("share.card_alt", "title", mv.Title)}}
				}
				sh.Entries = append(sh.Entries, e)
			}
			p := b.page("share", "share/"+sv.Path, b.c.Locale().T("share.course_title", "course", sv.Title), b.c.Locale().T("share.course_description", "course", sv.Title))
			p.Share, p.Noindex = sh, true
			return p
		})
	}
	// The list of changed cards depends on the last build, so it is shown
	// only by the dev server: a built site stays a pure function of its
	// sources and the date (rounds build reports the count instead).
	if b.cards != nil && b.opts.Preview {
		index.Changed = b.cardsDrawn()
	}
	p := b.page("share", "share/", b.c.Locale().T("share.title"), b.c.Locale().T("share.description"))
	p.Share, p.Noindex = index, true
	b.job(func() { b.writePage(p) })
}

// drawnShapes are the card shapes this build drew, as found on the first
// module with a card (every card is drawn in the same shapes). Called once
// the modules are written, so the answer does not depend on timing.
func (b *builder) drawnShapes() []cardShape {
	for _, mv := range b.views {
		if mv == nil || len(mv.Cards) == 0 {
			continue
		}
		base := strings.TrimSuffix(mv.Cards[0], ".png")
		var out []cardShape
		b.mu.Lock()
		for _, s := range cardShapes() {
			if b.files.has(base + s.suffix + ".png") {
				out = append(out, s)
			}
		}
		b.mu.Unlock()
		return out
	}
	return nil
}

// courseShareEntry is the course itself on its share page: its cards, and
// post texts that disclose the support of the modules it leads to.
func (b *builder) courseShareEntry(sv *render.Section, shapes []cardShape) render.ShareEntry {
	link := b.c.Config.AbsURL(sv.Path)
	social := b.c.Config.Site.Social
	in := content.ShareInput{Title: sv.Title, Summary: sv.Summary, URL: link, Hashtags: social.Hashtags, UTM: social.UTM, Locale: b.c.Locale()}
	for _, mv := range sv.Modules {
		var s *content.Support
		if mv.Support != nil {
			s = &content.Support{Supporter: mv.Support.Supporter, Kind: mv.Support.Kind}
		}
		in.Course = append(in.Course, s)
	}
	e := render.ShareEntry{Course: true, Title: sv.Title, Path: sv.Path, Link: link, Support: sv.Support, Posts: sharePosts(sv.Path, "-course", in)}
	if b.cards != nil {
		base := strings.TrimSuffix(courseCard(sv), ".png")
		alt := b.c.Locale().T("share.course_card_alt", "title", sv.Title)
		if sv.Support != "" {
			alt += ". " + sv.Support
		}
		// The completion card, for learners who finished the course.
		done := completedBase(sv)
		calt := cardAlt(b.completedCardOf(sv))
		for _, s := range shapes {
			e.Cards = append(e.Cards, render.ShareCard{Path: base + s.suffix + ".png", Shape: b.c.Locale().T(s.name), Width: s.width, Height: s.height, Alt: alt})
			e.Completed = append(e.Completed, render.ShareCard{Path: done + s.suffix + ".png", Shape: b.c.Locale().T(s.name), Width: s.width, Height: s.height, Alt: calt})
		}
	}
	switch {
	case b.cards == nil:
	case b.opts.Preview || b.opts.DryRun || b.site.Package != "":
		e.ZipNote = b.c.Locale().T("share.zip_not_built")
	case len(sv.Modules) > zipMaxModules:
		e.ZipNote = b.c.Locale().T("share.zip_too_many", "count", len(sv.Modules))
	default:
		e.Zip = courseZip(sv)
	}
	return e
}

// courseZip is the path of a course's download-all zip.
func courseZip(sv *render.Section) string { return "share/" + sv.Path + "share-kit.zip" }

// shareZips writes each course's download-all zip once every card is
// drawn: the course's cards and every module's, in every shape, and a
// posts.txt per module. The archive is byte-identical between builds of
// the same site: entries in course order with a fixed date, PNGs stored
// (they are compressed already), text deflated. A zip is kept in the card
// cache by the hash of its entries, like a card: at 10,000 modules the
// zips are gigabytes, and a build whose cards are unchanged links them
// rather than packing them again.
func (b *builder) shareZips(ctx context.Context, secs sectionSet) error {
	if b.cards == nil || b.opts.Preview || b.opts.DryRun || b.site.Package != "" {
		return nil
	}
	var todo []*render.Section
	for _, sv := range secs.list {
		if len(sv.Modules) <= zipMaxModules {
			todo = append(todo, sv)
		}
	}
	return parallel(ctx, len(todo), b.opts.Workers, func(i int) {
		name, entries := courseZip(todo[i]), b.zipEntries(todo[i])
		b.cached(name, zipKey(entries), func() ([]byte, bool) {
			data, err := b.zipData(entries)
			if err != nil {
				b.fail(fmt.Errorf("%s: %v", name, err))
				return nil, false
			}
			return data, true
		})
	})
}

// zipEntry is one file of a course's zip: a card, by its hash in the card
// cache, or a text.
type zipEntry struct {
	name string
	card string // the card's hash; "" for a text
	text string
}

// zipEntries lists what a course's zip holds, in order.
func (b *builder) zipEntries(sv *render.Section) []zipEntry {
	var out []zipEntry
	addCard := func(dir, file, name string) {
		if h, ok := b.cards.hashes.Load(file); ok { // else not drawn in this shape
			out = append(out, zipEntry{name: dir + "/" + name, card: h.(string)})
		}
	}
	slug := func(p string) string {
		p = strings.TrimSuffix(p, "/")
		return p[strings.LastIndexByte(p, '/')+1:]
	}
	course := slug(sv.Path)
	base := strings.TrimSuffix(courseCard(sv), ".png")
	for _, s := range cardShapes() {
		addCard(course, base+s.suffix+".png", "course"+s.suffix+".png")
	}
	for _, s := range cardShapes() {
		addCard(course, completedBase(sv)+s.suffix+".png", "completed"+s.suffix+".png")
	}
	for _, mv := range sv.Modules {
		dir := course + "/" + slug(mv.Path)
		for i, c := range mv.Cards {
			cb := strings.TrimSuffix(c, ".png")
			name := "card"
			if i > 0 {
				name = fmt.Sprintf("question-%d", i)
			}
			for _, s := range cardShapes() {
				addCard(dir, cb+s.suffix+".png", name+s.suffix+".png")
			}
		}
		if mv.ShareText != "" {
			out = append(out, zipEntry{name: dir + "/posts.txt", text: mv.ShareText})
		}
	}
	return out
}

// zipKey is the card cache's key of a zip: a hash of its entries, each
// written with its length so that no two lists of entries share one.
func zipKey(entries []zipEntry) string {
	h := sha256.New()
	h.Write([]byte("rounds share zip 1\x00"))
	for _, e := range entries {
		for _, f := range []string{e.name, e.card, e.text} {
			var n [8]byte
			binary.BigEndian.PutUint64(n[:], uint64(len(f)))
			h.Write(n[:])
			h.Write([]byte(f))
		}
	}
	return "zip-" + hex.EncodeToString(h.Sum(nil))
}

// zipData packs a zip's entries, its cards read from the card cache.
func (b *builder) zipData(entries []zipEntry) ([]byte, error) {
	cards := make([][]byte, len(entries))
	size := 22 // the end of the central directory
	for i, e := range entries {
		if e.card != "" {
			data, ok := b.cards.cache.Get(e.card)
			if !ok {
				return nil, fmt.Errorf("card %s is not in the card cache", e.name)
			}
			cards[i] = data
		}
		// local header, data descriptor and central directory entry
		size += 30 + 16 + 46 + 2*9 + 2*len(e.name) + len(cards[i]) + len(e.text) + 64
	}
	buf := bytes.NewBuffer(make([]byte, 0, size)) // grown once, not by doubling
	zw := zip.NewWriter(buf)
	for i, e := range entries {
		method, data := uint16(zip.Store), cards[i]
		if e.card == "" {
			method, data = zip.Deflate, []byte(e.text)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: method, Modified: zipDate()})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// zipDate is the date of every zip entry: a fixed one, so that builds
// are byte-identical.
func zipDate() time.Time { return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) }

// courseCard is the path of a course's card.
func courseCard(sv *render.Section) string { return "cards/" + sv.Path + "_course.png" }
