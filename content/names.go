package content

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/rounds-dev/rounds/content/diag"
)

// roundsPage says what rounds writes under a reserved URL name, or "".
// These are the names of SPEC.md's shared conventions "Reserved names":
// a section folder or a slug with one of them would be written over by,
// or write over, rounds' own pages.
func roundsPage(name string) string {
	switch name {
	case "tags", "audience":
		return "the " + name + " pages"
	case "cards":
		return "the social cards"
	case "share":
		return "the share pages"
	case "embed":
		return "the embed pages"
	case "_rounds":
		return "the dev server's status pages"
	case "practice":
		return "the practice pages"
	case "paths":
		return "the learning paths"
	case "glossary":
		return "the glossary"
	case "search":
		return "the search page"
	case "certificate":
		return "the certificate pages"
	}
	return ""
}

// ReservedName says why a section folder or a slug may not be name (one
// segment of a URL), or returns "": rounds writes its own pages under
// it, or it is a language code of the site (translations live under
// /<lang>/).
func ReservedName(name string, languages []string) string {
	lower := strings.ToLower(name)
	if what := roundsPage(lower); what != "" {
		return fmt.Sprintf("%q is reserved: rounds writes %s under /%s/", name, what, lower)
	}
	for _, lang := range languages {
		if lang != "" && strings.EqualFold(lang, name) {
			return fmt.Sprintf("%q is a language code of the site: translations are published under /%s/", name, lang)
		}
	}
	return ""
}

// UnsafeFolderName says why a section folder's name cannot be part of a
// URL on every system a site is copied to, or returns "": control
// characters, <>"'\` (markup in a URL), "." and "..", and the names
// Windows cannot create (CON, NUL, COM1, ...). Other names are used as
// they are, percent-encoded in URLs.
func UnsafeFolderName(name string) string {
	switch {
	case name == "." || name == "..":
		return fmt.Sprintf("%q cannot be a folder of a URL", name)
	case reservedName(name):
		return fmt.Sprintf("%q is a device name on Windows, where the site could not be copied", name)
	}
	for _, r := range name {
		if r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return fmt.Sprintf("%q has a control character", name)
		}
		if strings.ContainsRune("<>\"'\\`", r) {
			return fmt.Sprintf("%q has the character %q, which cannot be part of a URL rounds writes", name, r)
		}
	}
	return ""
}

// CheckSectionDir refuses a section folder (relative to content/) whose
// last segment is unsafe or reserved, in l.
func CheckSectionDir(dir string, languages []string, l *diag.List) {
	name := dir[strings.LastIndexByte(dir, '/')+1:]
	why := UnsafeFolderName(name)
	if why == "" {
		why = ReservedName(name, languages)
	}
	if why != "" {
		l.Add(diag.Diagnostic{Path: "content/" + dir + "/", Rule: "slug", Message: "section folder " + why,
			Help: "rename the folder with letters, digits and '-' (its modules' URLs change with it)"})
	}
}

// reservedSlug refuses a module whose URL name is reserved.
func (g *Gate) reservedSlug(m *Module, l *diag.List) {
	why := ReservedName(m.Slug, append([]string{g.Config.Language}, g.Config.Languages...))
	if why == "" {
		return
	}
	if m.Meta.Slug != "" {
		d := m.Errorf(l, []any{"slug"}, "slug", "slug %s", why)
		d.Help = "give the module another slug = \"...\""
		return
	}
	d := m.Errorf(l, []any{"title"}, "slug", "the URL name taken from the file name, %s", why)
	d.Help = "rename the file, or give the module a slug = \"...\""
}

// EscapePath percent-encodes each segment of a site path ("Café/m/" is
// "Caf%C3%A9/m/"), keeping its slashes: the URL of a file whose folders
// are named as they are on disk.
func EscapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}
