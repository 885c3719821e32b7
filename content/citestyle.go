package content

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Citation styles a site may choose with citation_style.
const (
	StyleAMA       = "ama"       // AMA Manual of Style, 11th edition
	StyleVancouver = "vancouver" // ICMJE/NLM "Citing Medicine", 2nd edition
)

// Span is a piece of a formatted reference: text, maybe italic, maybe a link.
// Formatting stays free of HTML so every renderer escapes it its own way.
type Span struct {
	Text   string
	Italic bool
	Link   string
}

// FormatReference formats r in a style, as the style's manual prints it:
// AMA 11 (chapter 3) or Citing Medicine. Everything it prints comes from
// r, so a reference is rendered from exactly the value the digest covers.
//
// Layouts by type: a journal article (the default, and a report or
// guideline that names its journal), a book, a chapter, a web page, and
// a report or guideline published on its own (AMA 11 3.13.2: italic
// title, "Publisher; year"; Citing Medicine chapter 3). AMA 11 prints no
// PMID: PubMedURL gives the link that follows the reference instead.
func FormatReference(r Reference, style string) []Span {
	f := refFormatter{r: r, vancouver: style == StyleVancouver}
	switch {
	case r.Type == "book":
		f.book()
	case r.Type == "chapter":
		f.chapter()
	case r.Type == "web":
		f.web()
	case (r.Type == "report" || r.Type == "guideline") && r.Journal == "":
		f.report()
	default:
		f.article()
	}
	f.identifiers()
	return f.out
}

// PlainReference is a formatted reference as plain text.
func PlainReference(r Reference, style string) string {
	var b strings.Builder
	for _, s := range FormatReference(r, style) {
		b.WriteString(s.Text)
	}
	return b.String()
}

// PubMedURL is the PubMed link that follows a reference in a style that
// prints no PMID inside it (AMA 11 3.11: "PMIDs are not included"), or ""
// when the style prints the PMID itself (Vancouver) or there is none.
func PubMedURL(r Reference, style string) string {
	if style == StyleVancouver || r.PMID == "" {
		return ""
	}
	return pubmedLink(r.PMID)
}

func pubmedLink(pmid string) string {
	return "https://pubmed.ncbi.nlm.nih.gov/" + url.PathEscape(pmid) + "/"
}

type refFormatter struct {
	r         Reference
	vancouver bool
	out       []Span
	internet  bool // Vancouver printed "[Internet]": the URL follows
}

func (f *refFormatter) text(s string) {
	if s == "" {
		return
	}
	if n := len(f.out); n > 0 && !f.out[n-1].Italic && f.out[n-1].Link == "" {
		f.out[n-1].Text += s
		return
	}
	f.out = append(f.out, Span{Text: s})
}

func (f *refFormatter) italic(s string) {
	if s != "" {
		f.out = append(f.out, Span{Text: s, Italic: true})
	}
}

func (f *refFormatter) link(s string) {
	f.out = append(f.out, Span{Text: s, Link: s})
}

// authors: AMA lists all up to six, else the first three and "et al";
// Vancouver lists the first six, then "et al.".
func (f *refFormatter) authors(list []string) {
	if len(list) == 0 {
		return
	}
	shown, etal := list, ""
	switch {
	case f.vancouver && len(list) > 6:
		shown, etal = list[:6], ", et al"
	case !f.vancouver && len(list) > 6:
		shown, etal = list[:3], ", et al"
	}
	f.text(sentence(strings.Join(shown, ", ") + etal))
}

// sentence ends s with a period and a space, unless it already ends a
// sentence.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s + " "
	}
	return s + ". "
}

// title prints a work's own title: italic in AMA for works that stand
// alone (books, reports), plain otherwise and always in Vancouver, which
// sets "[Internet]" after the title of a work read online.
func (f *refFormatter) title(s string, italic, internet bool) {
	s = strings.TrimSpace(s)
	switch {
	case f.vancouver && internet:
		f.internet = true
		f.text(strings.TrimSuffix(s, ".") + " [Internet]. ")
	case italic && !f.vancouver:
		f.italic(strings.TrimSuffix(s, "."))
		f.text(". ")
	default:
		f.text(sentence(s))
	}
}

func (f *refFormatter) article() {
	r := f.r
	f.authors(r.Authors)
	f.text(sentence(r.Title))
	// Citing Medicine chapter 23: a journal read online, when it has no
	// DOI or PMID to be found by, is "[Internet]" with its URL.
	internet := f.vancouver && r.URL != "" && r.DOI == "" && r.PMID == ""
	if r.Journal != "" {
		switch {
		case internet:
			f.internet = true
			f.text(r.Journal + " [Internet]. ")
		case f.vancouver:
			f.text(r.Journal + ". ")
		default:
			f.italic(r.Journal)
			f.text(". ")
		}
	}
	// AMA 11 3.11.6: the year only; Citing Medicine: year, month, day.
	date := f.date(r.Published(), !f.vancouver)
	f.text(date)
	if internet {
		f.cited()
	}
	if r.Volume != "" {
		f.text(";" + r.Volume)
		if r.Issue != "" {
			f.text("(" + r.Issue + ")")
		}
	} else if r.Issue != "" {
		f.text(";(" + r.Issue + ")")
	}
	if r.Pages != "" {
		f.text(":" + f.pages(r.Pages))
	}
	if date != "" || r.Volume != "" || r.Issue != "" || r.Pages != "" {
		f.text(". ")
	}
	f.available()
}

// publisherYear prints "Place: Publisher; date" (the place in Vancouver
// only: AMA 11 dropped it) and returns whether it printed anything.
func (f *refFormatter) publisherYear(date string) bool {
	r := f.r
	pub := r.Publisher
	if f.vancouver && r.Place != "" {
		pub = strings.TrimSpace(r.Place + ": " + pub)
	}
	switch {
	case pub != "" && date != "":
		f.text(pub + "; " + date)
	case pub != "":
		f.text(pub)
	case date != "":
		f.text(date)
	default:
		return false
	}
	return true
}

func (f *refFormatter) book() {
	r := f.r
	f.authors(r.Authors)
	internet := f.vancouver && r.URL != ""
	f.title(r.Title, true, internet)
	f.text(edition(r.Edition))
	f.publisherYear(f.date(r.Published(), true))
	if internet {
		f.cited()
	}
	f.text(". ")
	f.available()
}

func (f *refFormatter) chapter() {
	r := f.r
	f.authors(r.Authors)
	f.text(sentence(r.Title) + "In: ")
	if len(r.Editors) > 0 {
		label := "ed"
		switch {
		case f.vancouver && len(r.Editors) > 1:
			label = "editors"
		case f.vancouver:
			label = "editor"
		case len(r.Editors) > 1:
			label = "eds"
		}
		f.text(strings.Join(r.Editors, ", ") + ", " + label + ". ")
	}
	internet := f.vancouver && r.URL != ""
	f.title(r.Book, true, internet)
	f.text(edition(r.Edition))
	f.publisherYear(f.date(r.Published(), true))
	if internet {
		f.cited()
	}
	if r.Pages != "" {
		if f.vancouver {
			f.text(". p. " + f.pages(r.Pages))
		} else {
			f.text(":" + f.pages(r.Pages))
		}
	}
	f.text(". ")
	f.available()
}

// web: AMA 11 3.15.1 (title, site, "Published June 8, 2017", "Accessed
// November 1, 2026", URL); Citing Medicine chapter 25 (title [Internet],
// place: publisher; date [cited date], "Available from:" URL).
func (f *refFormatter) web() {
	r := f.r
	f.authors(r.Authors)
	if f.vancouver {
		f.title(r.Title, false, true)
		f.publisherYear(f.date(r.Published(), false))
		f.cited()
		f.text(". ")
		f.available()
		return
	}
	f.text(sentence(r.Title))
	f.text(sentence(r.Publisher))
	if d := f.date(r.Published(), false); d != "" {
		f.text("Published " + d + ". ")
	}
	f.available()
}

// report: a report or guideline published on its own. AMA 11 3.13.2:
// "Villarroel MA, Lucas JW. *Telemedicine Use in Children*. National
// Center for Health Statistics; 2022. National Health Statistics Reports
// no. 170. Accessed August 11, 2022. URL". Citing Medicine chapter 3:
// "Page E, Harney JM. Health hazard evaluation report. Cincinnati (OH):
// National Institute for Occupational Safety and Health (US); 2001 Feb.
// Report No.: HETA2000-0139-2824."
func (f *refFormatter) report() {
	r := f.r
	f.authors(r.Authors)
	internet := f.vancouver && r.URL != ""
	f.title(r.Title, true, internet)
	f.text(edition(r.Edition))
	date := f.date(r.Published(), true)
	if f.vancouver {
		p := r.Published()
		p.Day = 0 // Citing Medicine: a report's year and month
		date = f.date(p, false)
	}
	printed := f.publisherYear(date)
	if internet {
		f.cited()
		printed = true
	}
	if printed {
		f.text(". ")
	}
	if n := strings.TrimSpace(r.Number); n != "" {
		if f.vancouver && !strings.ContainsAny(n, " \t") {
			n = "Report No.: " + n
		}
		f.text(sentence(n))
	}
	f.available()
}

// cited prints Vancouver's access date: " [cited 2026 Nov 1]".
func (f *refFormatter) cited() {
	if !f.r.Accessed.IsZero() {
		f.text(" [cited " + f.r.Accessed.t.Format("2006 Jan 2") + "]")
	}
}

// available prints where a work is read online. AMA 11 3.15: "Accessed
// November 1, 2026. URL", only when there is no DOI (the DOI replaces the
// URL). Citing Medicine: "Available from: URL", for a work it reads as
// one on the Internet.
func (f *refFormatter) available() {
	r := f.r
	if r.URL == "" {
		return
	}
	if f.vancouver {
		if f.internet {
			f.text("Available from: ")
			f.link(r.URL)
			f.text(" ")
		}
		return
	}
	if r.DOI != "" {
		return
	}
	if !r.Accessed.IsZero() {
		f.text("Accessed " + r.Accessed.t.Format("January 2, 2006") + ". ")
	}
	f.link(r.URL)
	f.text(" ")
}

// identifiers appends the DOI, linked, and in Vancouver the PMID, linked
// (AMA 11 prints no PMID: see PubMedURL).
func (f *refFormatter) identifiers() {
	r := f.r
	if r.DOI != "" {
		f.text("doi:")
		f.out = append(f.out, Span{Text: r.DOI, Link: DOIURL(r.DOI)})
		f.text(" ")
	}
	if r.PMID != "" && f.vancouver {
		f.text("PMID: ")
		f.out = append(f.out, Span{Text: r.PMID, Link: pubmedLink(r.PMID)})
		f.text(".")
	}
	if n := len(f.out); n > 0 && f.out[n-1].Link == "" && !f.out[n-1].Italic {
		f.out[n-1].Text = strings.TrimRight(f.out[n-1].Text, " ")
	}
}

var (
	monthsShort = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	monthsLong  = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// date writes a publication date: in Vancouver "2017 Jun 8", "2017 Jun"
// or "2017"; in AMA "June 8, 2017", "June 2017" or "2017". yearOnly
// keeps the year alone, as both manuals print it for books and AMA for
// articles.
func (f *refFormatter) date(d PartialDate, yearOnly bool) string {
	if d.IsZero() {
		return ""
	}
	y := strconv.Itoa(d.Year)
	if yearOnly || d.Month < 1 || d.Month > 12 {
		return y
	}
	if f.vancouver {
		s := y + " " + monthsShort[d.Month-1]
		if d.Day > 0 {
			s += " " + strconv.Itoa(d.Day)
		}
		return s
	}
	if d.Day > 0 {
		return fmt.Sprintf("%s %d, %s", monthsLong[d.Month-1], d.Day, y)
	}
	return monthsLong[d.Month-1] + " " + y
}

// pages writes page ranges as the style prints them: Vancouver leaves out
// the digits the last page repeats (Citing Medicine: 1181-247, 112-20,
// S93-9), AMA 11 gives both pages in full (1181-1247).
func (f *refFormatter) pages(s string) string {
	parts := strings.Split(s, ",")
	for i, p := range parts {
		lead := p[:len(p)-len(strings.TrimLeft(p, " "))]
		parts[i] = lead + pageRange(strings.TrimSpace(p), f.vancouver)
	}
	return strings.Join(parts, ",")
}

// pageRange shortens (minimal) or expands one range "first-last". A
// range it cannot read (roman numerals, letters after the number,
// decreasing pages) is left as written, but for its dash.
func pageRange(s string, minimal bool) string {
	first, last, ok := strings.Cut(s, "-")
	if !ok {
		first, last, ok = strings.Cut(s, "–") // an en dash, as typeset
	}
	if !ok {
		return s
	}
	first, last = strings.TrimSpace(first), strings.TrimSpace(last)
	prefix, a := splitPage(first)
	lp, b := splitPage(last)
	switch {
	case a == "" || b == "" || (lp != "" && lp != prefix):
		return first + "-" + last
	case len(b) > len(a):
		if minimal {
			return prefix + a + "-" + b // S6-S12 -> S6-12: the letters once
		}
		return prefix + a + "-" + prefix + b
	}
	// Expand first: "1181-247" and "1181-1247" are the same range.
	full := a[:len(a)-len(b)] + b
	if len(b) == len(a) {
		full = b
	}
	if full <= a {
		return first + "-" + last // decreasing: not a range we can read
	}
	if !minimal {
		return prefix + a + "-" + prefix + full
	}
	n := 0
	for n < len(a)-1 && a[n] == full[n] {
		n++
	}
	return prefix + a + "-" + full[n:]
}

// splitPage splits "S93" into its letters and its digits; digits is ""
// when the page is not letters followed by digits only.
func splitPage(p string) (letters, digits string) {
	i := 0
	for i < len(p) && (p[i] >= 'A' && p[i] <= 'Z' || p[i] >= 'a' && p[i] <= 'z') {
		i++
	}
	d := p[i:]
	if d == "" || len(d) > 9 || d[0] == '0' {
		return p, ""
	}
	for j := 0; j < len(d); j++ {
		if d[j] < '0' || d[j] > '9' {
			return p, ""
		}
	}
	return p[:i], d
}

func edition(e string) string {
	if e == "" || e == "1" {
		return ""
	}
	n, err := strconv.Atoi(e)
	if err != nil || n < 1 {
		if l := strings.ToLower(strings.TrimSuffix(e, ".")); strings.HasSuffix(l, " ed") || strings.HasSuffix(l, "edition") {
			return sentence(e) // "Rev ed", "2nd edition": written out already
		}
		return e + " ed. " // "2nd", "Rev"
	}
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s ed. ", n, suffix)
}

// DOIURL is the resolver link of a DOI, percent-encoding what a URL path
// may not hold (DOI suffixes may contain <, >, #, spaces, ...).
func DOIURL(doi string) string {
	return "https://doi.org/" + strings.ReplaceAll(url.PathEscape(doi), "%2F", "/")
}
