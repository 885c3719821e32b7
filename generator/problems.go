package generator

import (
	"errors"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator/output"
)

// Problems found while rendering are the content's, not the machine's
// (19 D4: exit 1 for content, 3 only for the machine): a page the output
// check refuses, a file two sources write. Each is a diagnostic at the
// source that caused it, so `rounds check` (which renders too) and
// `rounds build` print the same line. The gate's rules on Markdown
// (bodyRules) catch what a module's body can do before rendering; what is
// left here comes from front matter values, layouts and file names.

// refuse records a content problem found while rendering.
func (b *builder) refuse(d diag.Diagnostic) {
	b.mu.Lock()
	b.problems = append(b.problems, d)
	b.mu.Unlock()
}

// refuseOnce records a problem a layout causes on many pages once, at the
// first page (in name order), counting the others.
func (b *builder) refuseOnce(d diag.Diagnostic) {
	key := d.Rule + "\x00" + d.Message
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.repeats == nil {
		b.repeats = map[string]*repeat{}
	}
	r := b.repeats[key]
	if r == nil {
		b.repeats[key] = &repeat{first: d}
		return
	}
	r.others++
	if d.Path < r.first.Path {
		r.first.Path = d.Path
	}
}

// repeat is one problem a layout causes on several pages.
type repeat struct {
	first  diag.Diagnostic
	others int
}

// renderProblems is every problem found while rendering, sorted.
func (b *builder) renderProblems() diag.List {
	l := append(diag.List(nil), b.problems...)
	for _, r := range b.repeats {
		d := r.first
		if r.others > 0 {
			d.Notes = append(d.Notes, fmt.Sprintf("and on %d other pages", r.others))
		}
		l = append(l, d)
	}
	l.Sort()
	return l
}

// refusePage turns what the output check found in a page into
// diagnostics: at the module whose page it is, where its source holds
// the refused address, or at the page itself (a layout wrote it).
func (b *builder) refusePage(name string, errs []error) {
	m, v := b.moduleAt(name)
	for _, err := range errs {
		var pe *output.PageError
		if !errors.As(err, &pe) {
			b.fail(err)
			continue
		}
		d := diag.Diagnostic{Path: name, Rule: "output", Message: pe.Message,
			Help: "a layout in layouts/ or themes/ wrote it; the page's Content-Security-Policy forbids it"}
		if pe.URL != "" {
			d.Rule = "links"
			d.Help = "a layout in layouts/ or themes/ wrote it; use a page of the site or an http(s) or mailto address"
		}
		// A module the gate refused for its links already has them at
		// their place (a preview renders it anyway): said once.
		if v != nil && pe.URL != "" && hasRule(v.Diags, "links") {
			continue
		}
		// At the module, when its source holds the address.
		if m != nil && pe.URL != "" && b.c.restore(m) == nil {
			if at := findURL(m.File.Src, pe.URL); at >= 0 {
				d.Path = m.Path
				m.File.Show(&d, m.File.Pos(at))
				d.Message = fmt.Sprintf("the page %s would carry %s=%q, a scheme other than http, https or mailto", name, pe.Attr, pe.URL)
				d.Help = "use a page of the site or an http(s) or mailto address"
				b.refuse(d)
				continue
			}
		}
		b.refuseOnce(d)
	}
}

// findURL finds an address of a page in the source that wrote it: as it
// is, entity-decoded, or percent-decoded (the page holds it escaped).
func findURL(src []byte, u string) int {
	seen := map[string]bool{}
	try := []string{u, html.UnescapeString(u)}
	if p, err := url.PathUnescape(html.UnescapeString(u)); err == nil {
		try = append(try, p)
	}
	for _, s := range try {
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		if i := strings.Index(string(src), s); i >= 0 {
			return i
		}
	}
	return -1
}

// moduleAt returns the module whose page, embed page or quiz file name
// is, and its verdict, or nils. Asked only when a page is refused.
func (b *builder) moduleAt(name string) (*content.Module, *content.Verdict) {
	for i, m := range b.c.Modules {
		u := m.URLPath()
		if name == u+"index.html" || name == "embed/"+u+"index.html" || name == u+"quiz.json" {
			return m, b.c.Verdicts[i]
		}
	}
	return nil, nil
}

// hasRule reports whether l holds an error of the rule.
func hasRule(l diag.List, rule string) bool {
	for _, d := range l {
		if d.Severity == diag.Error && d.Rule == rule {
			return true
		}
	}
	return false
}

// collision refuses a file that two sources write, naming both (or as
// many as it can tell), at the first module among them.
func (b *builder) collision(name string) {
	srcs, mods := b.sourcesOf(name)
	d := diag.Diagnostic{Path: name, Rule: "output",
		Message: fmt.Sprintf("%s is written twice", name),
		Help:    "rename one of them: give the module another slug = \"...\", or move or rename the file"}
	if len(srcs) > 0 {
		d.Message += ": by " + strings.Join(srcs, " and by ")
	}
	for _, s := range srcs {
		if strings.HasPrefix(s, "static/") {
			d.Path = s // a file of the site's static/
		}
	}
	if len(mods) > 0 {
		m := mods[0]
		d.Path = m.Path
		// Placed on a copy parsed again: m itself may be rendering, its
		// source given back or let go, in another worker.
		if src, err := readFile(b.c.FS, m.Path); err == nil {
			if cp, _ := content.ParseModuleIn(m.Path, m.Lang, src, m.Section, nil); cp != nil && cp.Doc != nil {
				key := []any{"slug"}
				if cp.Meta.Slug == "" {
					key = []any{"title"}
				}
				f, pos := cp.KeyPos(key...)
				d.Path = f.Path
				f.Show(&d, pos)
			}
		}
	}
	b.refuse(d)
}

// sourcesOf names what writes an output file: modules (their pages,
// cards, quiz files and bundle files), static files, and the pages
// rounds makes (home, courses, taxonomies, share pages, feeds).
func (b *builder) sourcesOf(name string) (srcs []string, mods []*content.Module) {
	add := func(s string) {
		for _, have := range srcs {
			if have == s {
				return
			}
		}
		srcs = append(srcs, s)
	}
	for _, v := range b.published {
		m := v.Module
		u := m.URLPath()
		card := "cards/" + strings.TrimSuffix(u, "/")
		what := ""
		switch {
		case name == u+"index.html":
			what = "its page"
		case name == "embed/"+u+"index.html":
			what = "its embed page"
		case name == u+"quiz.json":
			what = "its quiz.json"
		case name == card+".png" || name == card+"-square.png" || name == card+"-portrait.png" || name == card+"-story.png" ||
			strings.HasPrefix(name, card+"-q") && strings.HasSuffix(name, ".png"):
			what = "its social card"
		case strings.HasPrefix(name, u) && m.IsBundle():
			what = "its bundle file " + strings.TrimPrefix(name, u)
		}
		if what != "" {
			add(fmt.Sprintf("%s (%s)", m.Path, what))
			mods = append(mods, m)
		}
	}
	for _, p := range b.c.Static {
		if p == "static/"+name {
			add(p)
		}
	}
	for _, layer := range b.layers[:len(b.layers)-1] {
		if _, err := fs.Stat(layer.FS, "static/"+name); err == nil {
			if layer.Prefix == "theme:" {
				add("the built-in theme's static/" + name)
			} else {
				add(layer.Prefix + "static/" + name)
			}
		}
	}
	first := strings.SplitN(name, "/", 2)[0]
	switch {
	case first == "tags" || first == "audience":
		add("the " + first + " pages")
	case first == "share":
		add("the share pages")
	case name == "index.html":
		add("the home page")
	case name == "404.html" || name == "index.xml" || name == "sitemap.xml" || name == "robots.txt" || name == "search.json":
		add("rounds' " + name)
	}
	for _, sec := range b.c.Sections {
		switch {
		case sec.Dir == "":
		case name == sec.Dir+"/index.html":
			add("the course page of content/" + sec.Dir + "/")
		case name == sec.Dir+"/certificate/index.html":
			add("the certificate page of content/" + sec.Dir + "/")
		case name == "cards/"+sec.Dir+"/_course.png":
			add("the course card of content/" + sec.Dir + "/")
		}
	}
	if base := path.Base(name); path.Dir(name) == "cards" && (base == "_site.png" || base == "_site-square.png" || base == "_site-portrait.png" || base == "_site-story.png") {
		add("the site's card")
	}
	return srcs, mods
}

// templateAt finds "template: NAME:LINE:COL: " in an execution error.
var templateAt = regexp.MustCompile(`template: ([^:\s]+):(\d+):(\d+): `)

// renderFailed reports a page a layout could not render. A layout of the
// site (layouts/, themes/NAME/) is the site's content: an error at the
// innermost template position, once for all the pages it breaks (exit 1).
// The built-in theme failing is rounds' own bug (exit 3).
func (b *builder) renderFailed(name string, err error) {
	msg := err.Error()
	at := templateAt.FindAllStringSubmatchIndex(msg, -1)
	if len(at) == 0 {
		b.fail(fmt.Errorf("rendering %s: %v", name, err))
		return
	}
	last := at[len(at)-1]
	file := msg[last[2]:last[3]]
	if strings.HasPrefix(file, "theme:") {
		b.fail(fmt.Errorf("rendering %s: %v", name, err))
		return
	}
	line, _ := strconv.Atoi(msg[last[4]:last[5]])
	col, _ := strconv.Atoi(msg[last[6]:last[7]])
	b.refuseOnce(diag.Diagnostic{Path: file, Pos: diag.Pos{Line: line, Col: col}, Rule: "layout",
		Message: strings.TrimSpace(msg[last[1]:]),
		Help:    "fix the layout: the pages that use it cannot be rendered"})
}
