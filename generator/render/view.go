package render

import (
	"html/template"
	"slices"
	"strings"

	"github.com/rounds-dev/rounds/content/i18n"
)

// Page is what every layout receives.
type Page struct {
	Kind        string // "home", "section", "module", "taxonomy", "term", "404"
	Title       string
	Description string
	Path        string // site-relative URL path of the page, "" for home, "sepsis/shock/" for a module
	Permalink   string // absolute URL
	Root        string // relative prefix from this page to the site root ("../../"), so the output works in any folder
	Site        *Site
	Module      *Module
	Section     *Section
	Sections    []*Section // home
	Modules     []*Module  // lists: a course's modules, newest on home, a term's modules
	Taxonomy    *Taxonomy  // taxonomy and term pages
	Term        *Term
	Share       *Share         // the share page
	Programme   *Programme     // a learning path's page
	Programmes  []*Programme   // the paths' index, /paths/
	Practice    *Practice      // the practice page, /practice/
	Glossary    []GlossaryTerm // the glossary page's entries, in order
	Image       string         // absolute URL of the social card, if any
	ImageAlt    string
	JSONLD      any // structured data, encoded by html/template as JSON
	Noindex     bool
	// Alternates are the page in each language it is published in, the
	// site's default language first (hreflang links and the language
	// switch); none on a page of one language.
	Alternates []Alternate
	Banners    []string // dev-server notices: why this page would not be published
}

// Site is the site-wide data.
type Site struct {
	Title    string
	Language string
	// Locale is the language in Open Graph's ll_TT form ("en_US").
	Locale string
	// Dir is the language's writing direction, "ltr" or "rtl", for the
	// page's dir attribute.
	Dir string
	// I18n is the interface in the site's language; layouts use it
	// through T and HTML.
	I18n      *i18n.Locale
	BaseURL   string
	Provider  *Provider
	Sections  []*Section
	Generator string
	// Package is the LMS package format the pages are rendered for
	// ("scorm12", "scorm2004", "cmi5"), empty on the site. In a package,
	// pages carry no canonical link, Open Graph, share, search or tag
	// links, and no absolute URL to another host (SPEC.md "Package mode").
	Package string
	// Unreviewed, when set, says why the site's policy publishes modules
	// without a verified review; every pre-activity block shows it.
	Unreviewed string
	// FormOrigin is the origin of the site's evaluation endpoint
	// ("https://forms.example.org"), for the Content-Security-Policy's
	// form-action; "" for none and in a package.
	FormOrigin string
	// RequireEvaluation: a certificate waits for the evaluation of every
	// module that asks for one (policy.require_evaluation).
	RequireEvaluation bool
	// Practice: the site has a /practice/ page (it has questions and is
	// not an LMS package), so the navigation links to it.
	Practice bool
	// Glossary: the site has a /glossary/ page (data/glossary.toml has
	// terms and it is not an LMS package), so the footer links to it.
	Glossary bool
	// Logo is the provider's logo ([brand] logo), a path from the site's
	// root, "" for none.
	Logo string
	// BrandCSS: [brand] sets an accent or a font, and css/brand.css (drawn
	// by rounds from it) is linked after the theme's stylesheet.
	BrandCSS bool
	// Params is rounds.toml's free-form [params], for a site's layouts.
	Params map[string]any
}

// T is the interface string key in the site's language, its
// placeholders filled from name, value pairs: {{$.Site.T "pre.title"}},
// {{$.Site.T "list.modules" "count" 3}} (see content/i18n). It comes
// escaped as text (&, <, >), as a layout's own words are written: quotes
// stay quotes, and html/template still escapes it in an attribute.
func (s *Site) T(key string, args ...any) template.HTML {
	return template.HTML(textEscaper.Replace(s.locale().T(key, args...)))
}

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// HTML is T for a message whose arguments carry HTML of their own.
func (s *Site) HTML(key string, args ...any) template.HTML { return s.locale().HTML(key, args...) }

// scriptKeys are the messages of the table besides its js.* ones that
// the theme's scripts write: words the pages also write server-side.
var scriptKeys = []string{"quiz.about", "quiz.right_answer", "quiz.choose_all", "quiz.check", "quiz.letters"}

// Strings is the messages the theme's scripts write (rounds.js,
// practice.js, paths.js, search.js), in the site's language, for the
// layouts' <script type="application/json" id="rounds-strings">: a
// message with plural forms is an object of its forms by CLDR category
// ({"one": ..., "other": ...}), which the script picks with
// Intl.PluralRules. "_digits" is "arab" where the site writes
// Arabic-Indic digits. A JSON data block is not run, so the pages'
// Content-Security-Policy (script-src 'self') lets it be.
func (s *Site) Strings() map[string]any {
	l := s.locale()
	out := map[string]any{}
	for _, k := range l.Keys() {
		if !strings.HasPrefix(k, "js.") && !slices.Contains(scriptKeys, k) {
			continue
		}
		if k == "quiz.letters" && l.T(k) == i18n.English().T(k) {
			continue // the scripts' own: A, B, C
		}
		if f := l.Forms(k); len(f) == 1 {
			out[k] = f["other"]
		} else {
			out[k] = f
		}
	}
	if l.Int(0) != "0" {
		out["_digits"] = "arab"
	}
	return out
}

func (s *Site) locale() *i18n.Locale {
	if s.I18n == nil {
		return i18n.Builtin(s.Language)
	}
	return s.I18n
}

// Provider is the accredited provider's statements, shown once per page.
type Provider struct {
	Name          string
	Accreditation string
	Contact       string // an e-mail address or URL
	ContactURL    string
	Privacy       string
	Requirements  string
	Signature     string // an image of the signatory's signature, from the site's root; "" for none
	Signatory     string // printed under the signature
}

// Section is a course.
type Section struct {
	Title       string
	Summary     string
	Path        string
	Body        template.HTML
	Modules     []*Module
	TotalCredit string // "1.25 AMA PRA Category 1 Credits™", "" without credit
	Certificate string // path of the course certificate page, "" when the course has no post-test
	Hours       string // total credit hours, for the certificate
	CreditName  string // the credit's name, for the certificate
	// Support discloses the commercial support of the modules it lists,
	// "" when none is supported (content.CourseSupportLine).
	Support string
}

// Alternate is a page in one of the site's languages.
type Alternate struct {
	Lang    string // "es"
	Name    string // the language's own name: "Español"
	Path    string // site-relative URL path of the page in that language
	Href    string // its absolute URL
	Current bool   // the page itself
	Default bool   // the site's default language (hreflang x-default)
}

// Module is a module with everything the pre-activity block needs
// (SPEC.md "A module page"), in order.
type Module struct {
	Title          string
	Summary        string
	Path           string
	Section        *Section
	Faculty        []Person
	Audience       []string
	Objectives     []string
	Format         string
	Method         string
	Duration       string // "6 minutes"
	Released       string
	LastReviewed   string
	Reviewers      []Reviewer // the sign-offs that count, in the policy's role order
	Expires        string
	Date           string // ISO, for <time datetime>
	Pass           string // "70%"
	Credit         *Credit
	Disclosures    []Disclosure
	NoneToDisclose bool
	Support        *Support
	Tags           []Link
	Audiences      []Link
	Body           template.HTML
	// Headings are the table of contents: the body's sections and
	// subsections when it has three or more and toc is not false.
	Headings []Heading
	// Params is the module's free-form [params], for a site's layouts.
	Params     map[string]any
	References []Reference
	Archived   bool
	Quizzes    int      // number of quizzes on the page
	Posttests  int      // of which post-test questions
	QuizData   any      // answers and pass mark for the quiz script, encoded by html/template
	EmbedPath  string   // the module's quizzes alone, for an <iframe>
	QuizJSON   string   // quiz.json, for LMS import
	Cards      []string // its social card, then one per question
	Lang       string   // the module's language: a translation's, else the site's
	// Alternates are the module in each language it is published in
	// (itself included), the default language first; none when it has
	// no published translation.
	Alternates []Alternate
	Source     string // the module's file in the site, for diagnostics
	// Evaluation is the default evaluation form of a module with credit
	// that has none of its own (an author's is in Body, where written).
	Evaluation template.HTML
	// Evaluates reports whether the page asks for an evaluation (its
	// own or the default), for the certificate to wait for it.
	Evaluates bool
	// Media says that the module is a video or a recording and how long
	// it runs ("Video, 1 min 30 s"), "" for none: lists, cards and share
	// texts show it.
	Media string
	// Frames are the hosts of the players embedded in the body (YouTube,
	// Vimeo), for the page's Content-Security-Policy frame-src; none
	// lets no frame load.
	Frames []string
	// Nav places the module in its course: previous and next modules
	// and the course outline beside the content; nil outside a course.
	Nav *Nav
	// Search is the module's search terms (search.Terms.String), for the
	// full-text index written with the lists.
	Search string
	// ShareText is the module's posts as text, for its course's
	// download-all zip; "" when the course has none.
	ShareText string
}

// Nav is a module's place in its course.
type Nav struct {
	Prev, Next *OutlineItem // nil at either end of the course
	Position   int          // 1-based, in course order
	Of         int          // modules in the course
	// Outline lists the course's modules around this one: all of them in
	// a course of at most OutlineMax modules, else a window of them, so
	// a page's size does not grow with its course's.
	Outline []OutlineItem
	// Before and After count the course's modules the window leaves out.
	Before, After int
}

// OutlineMax is the most modules a course outline lists.
const OutlineMax = 25

// OutlineItem is one module of a course outline.
type OutlineItem struct {
	Text     string
	Path     string
	Number   int  // 1-based position in the course
	Current  bool // the page's own module
	Posttest bool // it has post-test questions (progress is kept for those)
	// Support is the module's disclosure line, "" when unsupported: it
	// goes with the title wherever the title is shown.
	Support string
}

// Person is someone shown on a page.
type Person struct {
	Name  string // with credentials
	Roles string // "Author", "Planner", "Reviewer (medical)"
}

// Reviewer is a sign-off that counts, as the page names it: "Reviewed by
// Alex Smith, MD (medical review), 15 November 2026".
type Reviewer struct {
	Name string // with credentials
	Role string // "medical"
	Date string // "15 November 2026"
	ISO  string // 2026-11-15, for <time datetime>
}

// Credit is the credit a module awards.
type Credit struct {
	Hours       string // "0.25"
	Type        string
	Designation template.HTML // the designation statement, trademark in italics
	Badge       string        // "0.25 AMA PRA Category 1 Credit™"
}

// Disclosure is one relevant financial relationship.
type Disclosure struct {
	Person  string
	Role    string
	Company string
	Nature  string
}

// Support acknowledges commercial support: the supporter's name and kind,
// never a logo (ACCME Standard 4).
type Support struct {
	Supporter string
	Kind      string
	Sentence  string // the acknowledgment, as the module page shows it
	// Line is the short form that goes with the module's title wherever
	// it is listed: "Supported by an educational grant from Acme Pharma."
	Line string
}

// Link is a labelled link.
type Link struct {
	Text string
	Path string
}

// Heading is a heading of the body.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Reference is one entry of a module's reference list.
type Reference struct {
	ID   string        // the entry's id, the target of its citations
	Back string        // the id of its first citation, "" when it is never cited
	HTML template.HTML // the formatted reference
	// PubMed links the reference's PubMed record after it, in a style
	// that prints no PMID inside the reference (AMA 11); "" otherwise.
	PubMed string
}

// Taxonomy is "tags" or "audience".
type Taxonomy struct {
	Name  string // "tags"
	Title string // "Tags"
	Path  string
	Terms []*Term
}

// Term is one value of a taxonomy.
type Term struct {
	Name    string
	Path    string
	Modules []*Module
}

// Share is the page social media teams take cards and post texts from.
type Share struct {
	Courses []Link       // on /share/: a page per course
	Entries []ShareEntry // on /share/<course>/
	Changed []string     // cards drawn anew by this build (dev server only)
	Module  bool         // a module's own kit, /share/<course>/<module>/
	// Site is the home page's card in every shape, on /share/.
	Site []ShareCard
	// Paths are the learning paths' completion cards, on /share/.
	Paths []ShareSet
}

// ShareSet is one card in the shapes drawn, under a title: a learning
// path's completion card.
type ShareSet struct {
	Title, Path string
	Cards       []ShareCard
}

// ShareEntry is one module on the share page, or the course itself
// (the first entry of a course's page).
type ShareEntry struct {
	Module  *Module // nil for the course
	Course  bool
	Title   string
	Path    string
	Support string // the disclosure (Support.Line, Section.Support), "" for none
	Link    string // absolute URL of the module or course
	Cards   []ShareCard
	Posts   []Post
	// Completed is a course's completion card, for learners to post, in
	// the shapes drawn.
	Completed []ShareCard
	// Questions are the module's question cards, each with its posts.
	Questions []ShareQuestion
	// Kit is a module's own share page, on its course's page.
	Kit string
	// Zip is the course's download-all archive, "" for none; ZipNote
	// says why there is none.
	Zip, ZipNote string
}

// ShareCard is one card file in one shape.
type ShareCard struct {
	Path          string
	Shape         string // "Link preview", "Square", "Portrait", "Story", "Question 1"
	Width, Height int
	Alt           string
}

// ShareQuestion is a question card and its teaser posts.
type ShareQuestion struct {
	N     int
	Cards []ShareCard // the card, in the shapes drawn
	Posts []Post
}

// Post is the ready text for one platform.
type Post struct {
	Platform string // "X", "LinkedIn", ...
	ID       string // for the copy button
	Text     string
	Length   string // "212/280 weighted characters"
	Rows     int    // lines the text box needs to show it whole
}

// Practice is the spaced-practice page: the modules with questions, whose
// quiz.json the page's script reads for the modules the learner has done.
type Practice struct {
	Modules []PracticeModule
}

// PracticeModule is one module with questions, as the practice script
// needs it: its path (the key of its results in localStorage), title and
// quiz.json, relative to the practice page.
type PracticeModule struct {
	Path  string `json:"path"`
	Title string `json:"title"`
	Quiz  string `json:"quiz"`
	Href  string `json:"href"`
	// Support is the module's disclosure line, "" when unsupported: it
	// goes with the title and the questions wherever they show.
	Support string `json:"support,omitempty"`
}

// timeHTML is a date as a <time> element, for a translated sentence
// that holds it: <time datetime="2026-11-01">1 novembre 2026</time>.
func timeHTML(iso, text string) template.HTML {
	esc := template.HTMLEscapeString
	return template.HTML(`<time datetime="` + esc(iso) + `">` + esc(text) + `</time>`)
}

// ReleasedHTML is the release date as a <time> element.
func (m *Module) ReleasedHTML() template.HTML { return timeHTML(m.Date, m.Released) }

// DateHTML is the sign-off's date as a <time> element.
func (r Reviewer) DateHTML() template.HTML { return timeHTML(r.ISO, r.Date) }

// CourseLink is a link to the page's course, for a translated sentence
// that names it.
func (p *Page) CourseLink() template.HTML {
	if p.Section == nil {
		return ""
	}
	esc := template.HTMLEscapeString
	href := p.Root + p.Section.Path
	if href == "" {
		href = "./"
	}
	return template.HTML(`<a href="` + esc(href) + `">` + esc(p.Section.Title) + `</a>`)
}

// CertSpan is a <span> the certificate's script fills in, for a
// translated sentence that holds it.
func (p *Page) CertSpan(class, text string) template.HTML {
	esc := template.HTMLEscapeString
	return template.HTML(`<span class="` + esc(class) + `">` + esc(text) + `</span>`)
}

// GlossaryTerm is an entry of the glossary page.
type GlossaryTerm struct {
	ID, Term, Expansion, Definition string
	Aliases                         []string
}

// AliasList is the term's other spellings as one list, for the
// translated "Also written: {aliases}." sentence.
func (g GlossaryTerm) AliasList() string { return strings.Join(g.Aliases, ", ") }
