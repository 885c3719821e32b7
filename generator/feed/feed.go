package feed

import (
	"bytes"
	"encoding/xml"
	"time"
)

// Item is one entry of a feed.
type Item struct {
	Title       string
	Link        string // absolute
	Description string
	Date        time.Time
}

// Channel is the feed's header.
type Channel struct {
	Title    string
	Link     string // absolute home URL
	Self     string // absolute URL of the feed itself
	Language string
}

// MaxItems caps the feed, as a real site would: a feed lists news, not the archive.
const MaxItems = 20

// RSS renders an RSS 2.0 feed of the items (at most MaxItems, in the order given).
func RSS(c Channel, items []Item) []byte {
	type guid struct {
		IsPermaLink bool   `xml:"isPermaLink,attr"`
		Value       string `xml:",chardata"`
	}
	type item struct {
		Title       string `xml:"title"`
		Link        string `xml:"link"`
		GUID        guid   `xml:"guid"`
		PubDate     string `xml:"pubDate,omitempty"`
		Description string `xml:"description,omitempty"`
	}
	type atomLink struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
		Type string `xml:"type,attr"`
	}
	type channel struct {
		Title       string   `xml:"title"`
		Link        string   `xml:"link"`
		Description string   `xml:"description"`
		Language    string   `xml:"language"`
		Self        atomLink `xml:"atom:link"`
		Items       []item   `xml:"item"`
	}
	type rss struct {
		XMLName xml.Name `xml:"rss"`
		Version string   `xml:"version,attr"`
		Atom    string   `xml:"xmlns:atom,attr"`
		Channel channel  `xml:"channel"`
	}
	if len(items) > MaxItems {
		items = items[:MaxItems]
	}
	ch := channel{Title: c.Title, Link: c.Link, Description: "Newest modules of " + c.Title, Language: c.Language,
		Self: atomLink{Href: c.Self, Rel: "self", Type: "application/rss+xml"}}
	for _, it := range items {
		x := item{Title: it.Title, Link: it.Link, GUID: guid{true, it.Link}, Description: it.Description}
		if !it.Date.IsZero() {
			x.PubDate = it.Date.UTC().Format(time.RFC1123Z)
		}
		ch.Items = append(ch.Items, x)
	}
	return marshal(rss{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: ch})
}

// URL is one entry of a sitemap.
type URL struct {
	Loc     string
	LastMod string // YYYY-MM-DD or ""
	// Alternates are the page in each language, as Google's sitemap
	// extension lists them (xhtml:link rel="alternate" hreflang).
	Alternates []Alternate
}

// Alternate is a page in one language ("x-default" for the page to show
// when no language matches).
type Alternate struct {
	Lang string
	Href string
}

// Sitemap renders a sitemap.xml of the given absolute URLs.
func Sitemap(urls []URL) []byte {
	type link struct {
		Rel      string `xml:"rel,attr"`
		HrefLang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	}
	type u struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod,omitempty"`
		// The prefix is written as part of the name: encoding/xml would
		// otherwise declare the namespace again on every element.
		Links []link `xml:"xhtml:link"`
	}
	type set struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		XHTML   string   `xml:"xmlns:xhtml,attr,omitempty"`
		URLs    []u      `xml:"url"`
	}
	s := set{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, x := range urls {
		e := u{Loc: x.Loc, LastMod: x.LastMod}
		for _, a := range x.Alternates {
			e.Links = append(e.Links, link{Rel: "alternate", HrefLang: a.Lang, Href: a.Href})
			s.XHTML = "http://www.w3.org/1999/xhtml"
		}
		s.URLs = append(s.URLs, e)
	}
	return marshal(s)
}

func marshal(v any) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic("feed: " + err.Error()) // only our own structs are encoded
	}
	b.WriteByte('\n')
	return b.Bytes()
}
