package output

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"path"
	"strings"

	nethtml "golang.org/x/net/html"
)

// Link is a URL found in an attribute of a page.
type Link struct {
	Attr string // "href", "src", ...
	URL  string
}

// urlAttrs are the attributes whose values the browser treats as URLs.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "poster": true,
	"cite": true, "background": true, "data": true, "srcset": false, "xlink:href": true,
}

// Links returns every URL in the attributes of an HTML page.
func Links(page []byte) []Link {
	links, _ := Scan(page)
	return links
}

// Scan returns every URL in the attributes of an HTML page, and every id
// (the targets of #fragments).
func Scan(page []byte) (out []Link, ids []string) {
	out, ids, _ = scan("", page)
	return out, ids
}

// scan reads a page once: its URLs, its ids, and its event handler
// attributes and inline scripts (problems, named after the page).
func scan(name string, page []byte) (out []Link, ids []string, errs []error) {
	var ps pageScan
	ps.name = name
	if !startTags(page, ps.tag) {
		ps = pageScan{name: name}
		tokenizeTags(page, ps.tag)
	}
	return ps.links, ps.ids, ps.errs
}

// tokenizeTags calls fn for every start tag of page, found by x/net/html's
// tokenizer: the reference startTags follows, for any page.
func tokenizeTags(page []byte, fn func(name string, attrs []attr)) {
	z := nethtml.NewTokenizer(bytes.NewReader(page))
	var attrs []attr
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			return
		}
		if tt != nethtml.StartTagToken && tt != nethtml.SelfClosingTagToken {
			continue
		}
		tag, more := z.TagName()
		name := string(tag)
		attrs = attrs[:0]
		for more {
			var key, val []byte
			key, val, more = z.TagAttr()
			attrs = append(attrs, attr{string(key), string(val)})
		}
		fn(name, attrs)
	}
}

// pageScan gathers what scan reports, tag by tag.
type pageScan struct {
	name  string
	links []Link
	ids   []string
	errs  []error
}

func (ps *pageScan) tag(tag string, attrs []attr) {
	isScript := tag == "script"
	hasSrc, dataBlock := false, false
	for _, a := range attrs {
		k, val := a.key, a.val
		if urlAttrs[k] {
			ps.links = append(ps.links, Link{Attr: k, URL: val})
		}
		switch {
		case k == "srcset":
			for _, part := range strings.Split(val, ",") {
				if f := strings.Fields(part); len(f) > 0 {
					ps.links = append(ps.links, Link{Attr: k, URL: f[0]})
				}
			}
		case k == "id" || k == "name":
			ps.ids = append(ps.ids, val)
		case len(k) > 2 && (k[0] == 'o' || k[0] == 'O') && (k[1] == 'n' || k[1] == 'N'):
			ps.errs = append(ps.errs, &PageError{Page: ps.name, Attr: k, Message: fmt.Sprintf("<%s %s=...> is an inline event handler; the page's CSP forbids them", tag, k)})
		case isScript && k == "src":
			hasSrc = true
		case isScript && k == "type":
			t := strings.ToLower(strings.TrimSpace(val))
			dataBlock = t == "application/json" || t == "application/ld+json"
		}
	}
	if isScript && !hasSrc && !dataBlock {
		ps.errs = append(ps.errs, &PageError{Page: ps.name, Message: "an inline <script> runs code the page's CSP forbids; move it to a .js file in static/"})
	}
}

// SafeURL reports whether a URL is relative, http(s) or mailto, after
// entity decoding and removing control and space characters (which
// browsers ignore inside a scheme: "java\tscript:" is javascript:).
func SafeURL(u string) bool {
	u = html.UnescapeString(u)
	u = strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, u)
	colon := strings.IndexByte(u, ':')
	if colon < 0 {
		return true
	}
	// a colon after the first '/', '?' or '#' is part of a relative path
	if cut := strings.IndexAny(u, "/?#"); cut >= 0 && cut < colon {
		return true
	}
	switch strings.ToLower(u[:colon]) {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// Allowed reports whether a page may carry url in the attribute attr: a
// safe URL (SafeURL), or an image inlined as data:image/... in a src.
// The output check and the gate's check of a module's links both ask it,
// so what the gate passes the output check passes.
func Allowed(attr, url string) bool {
	return SafeURL(url) || (attr == "src" && isDataImage(url))
}

// PageError is a problem the output check found in a page: an unsafe URL
// (URL is set), an event handler attribute or an inline script. The
// builder turns it into a diagnostic at the source that wrote it.
type PageError struct {
	Page    string // the output file
	Attr    string // the attribute, when the problem is one
	URL     string // the attribute's value, when it is a refused URL
	Message string
}

func (e *PageError) Error() string { return e.Page + ": " + e.Message }

// CheckPage returns a problem (a *PageError) for every unsafe URL in a
// page, every event handler attribute and every inline script that is
// not a data block, and the page's links and ids for the site-wide link
// check. The theme never writes either; a layout or a bug that did is
// stopped here. The page is read once.
func CheckPage(name string, page []byte) ([]error, []Link, []string) {
	links, ids, errs := scan(name, page)
	for _, l := range links {
		if !Allowed(l.Attr, l.URL) {
			errs = append(errs, &PageError{Page: name, Attr: l.Attr, URL: l.URL,
				Message: fmt.Sprintf("%s=%q uses a scheme other than http, https or mailto", l.Attr, l.URL)})
		}
	}
	return errs, links, ids
}

// Internal reports whether href points into the site, as Target's ok
// does, without resolving it: the build asks of every link of every page,
// and only keeps the internal ones.
func Internal(href, base string) bool {
	href, _ = splitHref(href)
	return !leaves(href, base)
}

// splitHref decodes an attribute's href and splits off its #fragment and
// ?query.
func splitHref(href string) (p, fragment string) {
	href = html.UnescapeString(href)
	if i := strings.IndexByte(href, '#'); i >= 0 {
		href, fragment = href[:i], href[i+1:]
	}
	if i := strings.IndexByte(href, '?'); i >= 0 {
		href = href[:i]
	}
	return href, fragment
}

// leaves reports whether the path of a link leaves the site: another
// scheme or host, or a root-relative path outside base.
func leaves(p, base string) bool {
	return strings.Contains(p, ":") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/") && !strings.HasPrefix(p, base)
}

func isDataImage(u string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(html.UnescapeString(u))), "data:image/")
}

// Target resolves a link found on page (a site path like "c/m/index.html")
// to the site file it points at and its #fragment. ok is false for links
// that leave the site (other schemes and hosts, or root-relative paths
// outside base, the site's URL path such as "/handbook/").
func Target(page, href, base string) (file, fragment string, ok bool) {
	href, fragment = splitHref(href)
	if leaves(href, base) {
		return "", "", false
	}
	var p string
	switch {
	case href == "":
		p = "/" + page
	case strings.HasPrefix(href, "/"):
		p = "/" + strings.TrimPrefix(href, base)
	default:
		p = path.Join("/", path.Dir(page), href)
		if strings.HasSuffix(href, "/") && !strings.HasSuffix(p, "/") {
			p += "/"
		}
	}
	p = strings.TrimPrefix(p, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	return p, fragment, true
}
