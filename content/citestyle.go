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
	StyleVancouver = "vancouver" // ICMJE/NLM "Citing Medicine"
)

// Span is a piece of a formatted reference: text, maybe italic, maybe a link.
// Formatting stays free of HTML so every renderer escapes it its own way.
type Span struct {
	Text   string
	Italic bool
	Link   string
}

// FormatReference formats r in a style, as medical journals print it.
func FormatReference(r Reference, style string) []Span {
	f := refFormatter{r: r, vancouver: style == StyleVancouver}
	switch r.Type {
	case "book":
		f.book()
	case "chapter":
		f.chapter()
	case "web", "guideline":
		if r.URL != "" || r.Journal == "" {
			f.web()
		} else {
			f.article()
		}
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

type refFormatter struct {
	r         Reference
	vancouver bool
	out       []Span
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
	f.text(strings.Join(shown, ", ") + etal + ". ")
}

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

func (f *refFormatter) article() {
	r := f.r
	f.authors(r.Authors)
	f.text(sentence(r.Title))
	if r.Journal != "" {
		if f.vancouver {
			f.text(r.Journal + ". ")
		} else {
			f.italic(r.Journal)
			f.text(". ")
		}
	}
	if r.Year > 0 {
		f.text(strconv.Itoa(r.Year))
	}
	if r.Volume != "" {
		f.text(";" + r.Volume)
		if r.Issue != "" {
			f.text("(" + r.Issue + ")")
		}
	}
	if r.Pages != "" {
		f.text(":" + r.Pages)
	}
	if r.Year > 0 || r.Volume != "" || r.Pages != "" {
		f.text(". ")
	}
}

func edition(e string) string {
	if e == "" || e == "1" {
		return ""
	}
	n, err := strconv.Atoi(e)
	if err != nil {
		return e + " ed. "
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

func (f *refFormatter) publisherYear() {
	r := f.r
	switch {
	case r.Publisher != "" && r.Year > 0:
		f.text(fmt.Sprintf("%s; %d", r.Publisher, r.Year))
	case r.Publisher != "":
		f.text(r.Publisher)
	case r.Year > 0:
		f.text(strconv.Itoa(r.Year))
	}
}

func (f *refFormatter) book() {
	r := f.r
	f.authors(r.Authors)
	if f.vancouver {
		f.text(sentence(r.Title))
	} else {
		f.italic(strings.TrimSuffix(r.Title, "."))
		f.text(". ")
	}
	f.text(edition(r.Edition))
	f.publisherYear()
	f.text(". ")
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
	if f.vancouver {
		f.text(sentence(r.Book))
	} else {
		f.italic(strings.TrimSuffix(r.Book, "."))
		f.text(". ")
	}
	f.text(edition(r.Edition))
	f.publisherYear()
	if r.Pages != "" {
		if f.vancouver {
			f.text(". p. " + r.Pages)
		} else {
			f.text(":" + r.Pages)
		}
	}
	f.text(". ")
}

func (f *refFormatter) web() {
	r := f.r
	f.authors(r.Authors)
	if f.vancouver {
		f.text(strings.TrimSuffix(strings.TrimSpace(r.Title), ".") + " [Internet]. ")
		n := len(f.out)
		f.publisherYear()
		if !r.Accessed.IsZero() {
			f.text(" [cited " + r.Accessed.t.Format("2006 Jan 2") + "]")
		}
		if len(f.out) > n || !strings.HasSuffix(f.out[n-1].Text, " [Internet]. ") {
			f.text(". ")
		}
		if r.URL != "" {
			f.text("Available from: ")
			f.out = append(f.out, Span{Text: r.URL, Link: r.URL})
			f.text(" ")
		}
		return
	}
	f.text(sentence(r.Title))
	if r.Publisher != "" {
		f.text(sentence(r.Publisher))
	}
	if r.Year > 0 {
		f.text(fmt.Sprintf("Published %d. ", r.Year))
	}
	if !r.Accessed.IsZero() {
		f.text("Accessed " + r.Accessed.t.Format("January 2, 2006") + ". ")
	}
	if r.URL != "" {
		f.out = append(f.out, Span{Text: r.URL, Link: r.URL})
		f.text(" ")
	}
}

// identifiers appends the DOI and PMID, linked.
func (f *refFormatter) identifiers() {
	r := f.r
	if r.DOI != "" {
		f.text("doi:")
		f.out = append(f.out, Span{Text: r.DOI, Link: DOIURL(r.DOI)})
		f.text(" ")
	}
	if r.PMID != "" {
		f.text("PMID: ")
		f.out = append(f.out, Span{Text: r.PMID, Link: "https://pubmed.ncbi.nlm.nih.gov/" + r.PMID + "/"})
	}
	if n := len(f.out); n > 0 && f.out[n-1].Link == "" && !f.out[n-1].Italic {
		f.out[n-1].Text = strings.TrimRight(f.out[n-1].Text, " ")
	}
}

// DOIURL is the resolver link of a DOI, percent-encoding what a URL path
// may not hold (DOI suffixes may contain <, >, #, spaces, ...).
func DOIURL(doi string) string {
	return "https://doi.org/" + strings.ReplaceAll(url.PathEscape(doi), "%2F", "/")
}
