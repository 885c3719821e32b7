package generator

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"

	"github.com/rounds-dev/rounds/generator/lms"
	"github.com/rounds-dev/rounds/generator/output"
)

// packFiles gathers from a package-mode build what a package of course
// needs: each module's page and bundle files, and every file those pages
// load (styles, scripts, images, and what the styles load in turn). A
// link to a page the package does not hold (another course, a tag, the
// site's home, another host) becomes its text: inside an LMS it would lead
// nowhere, or off to the web (SPEC.md "Package mode"). Every page loads
// the LMS runtime before the theme's script, and may connect to the origins
// in connect (a cmi5 LRS) besides its own. With mini, pages are minified
// once rewritten.
func packFiles(mem *output.Memory, course *lms.Course, base string, connect []string, mini *output.Minifier) (map[string][]byte, error) {
	files := map[string][]byte{}
	var pages, styles []string
	names := mem.Names()
	for _, m := range course.Modules {
		for _, name := range names {
			// quiz.json is the site's export for import elsewhere: a package
			// has its own manifest (and questions.xml for the banks).
			if !strings.HasPrefix(name, m.Path) || strings.HasPrefix(name[len(m.Path):], "quiz.json") {
				continue
			}
			rest := name[len(m.Path):]
			if strings.Contains(rest, "/") && strings.HasSuffix(rest, ".html") {
				continue // a page of a module below this one is not this module's
			}
			data, _ := mem.Get(name)
			files[name] = data
			if strings.HasSuffix(name, ".html") {
				pages = append(pages, name)
			}
		}
	}
	slices.Sort(pages)
	add := func(name string) (bool, error) {
		if _, ok := files[name]; ok {
			return true, nil
		}
		data, ok := mem.Get(name)
		if !ok {
			return false, nil
		}
		if strings.HasSuffix(name, ".html") {
			return false, nil // a page of the site outside the package
		}
		files[name] = data
		if strings.HasSuffix(name, ".css") {
			styles = append(styles, name)
		}
		return true, nil
	}
	var errs []string
	for _, name := range pages {
		page := files[name]
		links, _ := output.Scan(page)
		drop := map[string]bool{}
		for _, l := range links {
			u := strings.TrimSpace(html.UnescapeString(l.URL))
			if strings.HasPrefix(u, "#") || strings.HasPrefix(strings.ToLower(u), "mailto:") || strings.HasPrefix(strings.ToLower(u), "data:") {
				continue
			}
			file, _, ok := output.Target(name, l.URL, base)
			inside := false
			if ok {
				var err error
				if inside, err = add(file); err != nil {
					return nil, err
				}
			}
			if inside {
				continue
			}
			if l.Attr != "href" {
				errs = append(errs, fmt.Sprintf("%s: %s=%q loads a file from outside the package: a package must work offline", name, l.Attr, u))
				continue
			}
			drop[u] = true
		}
		page = unlink(page, func(href string) bool { return !drop[strings.TrimSpace(href)] })
		page = withRuntime(page, strings.Repeat("../", strings.Count(name, "/")))
		if len(connect) > 0 {
			page = allowConnect(page, connect)
		}
		files[name] = page
	}
	for i := 0; i < len(styles); i++ {
		name := styles[i]
		for _, u := range cssURLs(files[name]) {
			if strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "#") {
				continue
			}
			file, _, ok := output.Target(name, u, base)
			found := false
			if ok {
				found, _ = add(file)
			}
			if !found {
				errs = append(errs, fmt.Sprintf("%s: url(%s) is not a file of the package: a package must work offline", name, u))
			}
		}
	}
	if len(errs) > 0 {
		slices.Sort(errs)
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	files[lms.ScriptName] = lms.Script()
	for _, name := range pages {
		if mini != nil {
			var buf bytes.Buffer
			m, err := mini.MinifyTo(&buf, name, files[name])
			if err != nil {
				return nil, fmt.Errorf("minifying %s: %v", name, err)
			}
			files[name] = bytes.Clone(m)
		}
		// The rewritten page passes the same checks as the site's.
		if errs, _, _ := output.CheckPage(name, files[name]); len(errs) > 0 {
			return nil, errs[0]
		}
	}
	return files, nil
}

// cssRefs finds url(...) and @import "..." in a style sheet.
var cssRefs = regexp.MustCompile(`url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')`)

// cssURLs lists the URLs a style sheet loads.
func cssURLs(css []byte) []string {
	var out []string
	for _, m := range cssRefs.FindAllSubmatch(css, -1) {
		for _, g := range m[1:] {
			if len(g) > 0 {
				out = append(out, string(g))
				break
			}
		}
	}
	return out
}

// withRuntime adds the LMS runtime script to a page, in its head: deferred
// scripts run in document order, so it runs before the theme's script
// (SPEC.md's pages load theirs at the end of the body).
func withRuntime(page []byte, root string) []byte {
	tag := `<script src="` + html.EscapeString(root+lms.ScriptName) + `" defer></script>`
	i := bytes.Index(page, []byte("</head>"))
	if i < 0 {
		i = 0
	}
	return slices.Concat(page[:i], []byte(tag), page[i:])
}

// unlink turns every <a> whose href (as written in the page) keep refuses
// into a <span> with the same text and attributes but the link's own
// (href, target, rel, ...). The pages are the generator's own, rendered
// through html/template and goldmark: attribute values are quoted, and
// markup never stands inside scripts (their "<" is escaped).
func unlink(page []byte, keep func(href string) bool) []byte {
	var out bytes.Buffer
	rest := page
	open := false // inside an <a> turned into a <span>
	for {
		i := nextTag(rest, open)
		if i < 0 {
			out.Write(rest)
			return out.Bytes()
		}
		out.Write(rest[:i])
		rest = rest[i:]
		if open {
			// rest starts with </a>
			out.WriteString("</span>")
			rest = rest[len("</a>"):]
			open = false
			continue
		}
		end := tagEnd(rest)
		tag := rest[:end]
		attrs := tagAttrs(tag[2 : len(tag)-1])
		href, has := "", false
		for _, a := range attrs {
			if a[0] == "href" {
				href, has = a[1], true
			}
		}
		if !has || keep(href) {
			out.Write(tag)
			rest = rest[end:]
			continue
		}
		out.WriteString("<span")
		for _, a := range attrs {
			switch a[0] {
			case "href", "target", "rel", "hreflang", "download", "ping", "referrerpolicy", "type":
				continue
			}
			out.WriteString(" " + a[0] + `="` + html.EscapeString(a[1]) + `"`)
		}
		out.WriteString(">")
		rest = rest[end:]
		open = true
	}
}

// nextTag finds the next "<a " start tag, or the "</a>" that ends the
// link being turned into text.
func nextTag(b []byte, open bool) int {
	if open {
		return bytes.Index(b, []byte("</a>"))
	}
	for off := 0; ; {
		i := bytes.Index(b[off:], []byte("<a"))
		if i < 0 {
			return -1
		}
		j := off + i + 2
		if j < len(b) && (b[j] == ' ' || b[j] == '\n' || b[j] == '\t' || b[j] == '>') {
			return off + i
		}
		off = j
	}
}

// tagEnd is the length of the start tag at the beginning of b, quotes
// respected.
func tagEnd(b []byte) int {
	var quote byte
	for i := 1; i < len(b); i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i + 1
		}
	}
	return len(b)
}

// tagAttrs splits the attributes of a start tag (without "<a" and ">")
// into name, raw value pairs; values stay as written (entities and all).
func tagAttrs(b []byte) [][2]string {
	var out [][2]string
	s := string(b)
	for {
		s = strings.TrimLeft(s, " \t\n\r\f/")
		if s == "" {
			return out
		}
		n := strings.IndexAny(s, " \t\n\r\f=/")
		if n < 0 {
			return append(out, [2]string{strings.ToLower(s), ""})
		}
		name := strings.ToLower(s[:n])
		s = strings.TrimLeft(s[n:], " \t\n\r\f")
		if !strings.HasPrefix(s, "=") {
			out = append(out, [2]string{name, ""})
			continue
		}
		s = strings.TrimLeft(s[1:], " \t\n\r\f")
		var val string
		switch {
		case strings.HasPrefix(s, `"`) || strings.HasPrefix(s, "'"):
			q := s[:1]
			end := strings.Index(s[1:], q)
			if end < 0 {
				end = len(s) - 1
			}
			val, s = s[1:1+end], s[min(len(s), end+2):]
		default:
			end := strings.IndexAny(s, " \t\n\r\f")
			if end < 0 {
				end = len(s)
			}
			val, s = s[:end], s[end:]
		}
		out = append(out, [2]string{name, html.UnescapeString(val)})
	}
}
