package config

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
)

// A CSL-JSON file (data/references.json, as Zotero, Mendeley and EndNote
// export it) is read from a tree that keeps every key where the file has
// it, so that what is rendered is exactly what is hashed (issue 18): a
// decoder into a struct matches keys without regard to case and keeps the
// last of two, a decoder into a map keeps both; an item with "TITLE"
// before "title" was signed showing one title and could publish the
// other. Now:
//
//   - keys that differ only in case, and keys given twice, are errors at
//     their position, at every depth, and the item is left out;
//   - keys outside CSL-JSON 1.0.2 are warnings and are dropped;
//   - the item becomes a content.Reference, which is all that is rendered
//     and all that the digest covers of it.

// cslValue is what CSL-JSON 1.0.2 allows under a key.
type cslValue byte

const (
	cslString cslValue = iota + 1
	cslStringOrNumber
	cslNames
	cslDate
	cslStrings // an array of strings
	cslCustom  // an object of anything
	cslScalar  // a string, a number or true/false
)

// cslItemKey is the CSL-JSON 1.0.2 schema of an item (csl-data.json):
// what each key may hold; 0 for a key outside the schema.
func cslItemKey(k string) cslValue {
	switch k {
	case "id", "chapter-number", "citation-number", "collection-number", "edition", "first-reference-note-number",
		"issue", "locator", "number", "number-of-pages", "number-of-volumes", "page", "page-first", "part",
		"printing", "supplement", "volume":
		return cslStringOrNumber
	case "type", "citation-key", "language", "journalAbbreviation", "shortTitle", "DOI", "ISBN", "ISSN", "PMCID",
		"PMID", "URL", "abstract", "annote", "archive", "archive-place", "archive_collection", "archive_location",
		"authority", "call-number", "citation-label", "collection-title", "container-title", "container-title-short",
		"dimensions", "division", "event", "event-place", "event-title", "genre", "jurisdiction", "keyword", "medium",
		"note", "original-publisher", "original-publisher-place", "original-title", "part-title", "publisher",
		"publisher-place", "references", "reviewed-genre", "reviewed-title", "scale", "section", "source", "status",
		"title", "title-short", "version", "volume-title", "volume-title-short", "year-suffix":
		return cslString
	case "author", "chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
		"curator", "director", "editor", "editorial-director", "executive-producer", "guest", "host",
		"illustrator", "interviewer", "narrator", "organizer", "original-author", "performer", "producer",
		"recipient", "reviewed-author", "script-writer", "series-creator", "translator":
		return cslNames
	case "accessed", "available-date", "event-date", "issued", "original-date", "submitted":
		return cslDate
	case "categories":
		return cslStrings
	case "custom":
		return cslCustom
	}
	return 0
}

// cslNameKey and cslDateKey are the schema of a name and of a date.
func cslNameKey(k string) cslValue {
	switch k {
	case "family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal":
		return cslString
	case "comma-suffix", "static-ordering", "parse-names":
		return cslScalar
	}
	return 0
}

func cslDateKey(k string) cslValue {
	switch k {
	case "date-parts":
		return cslCustom // checked by cslItem.date
	case "season", "circa":
		return cslScalar
	case "literal", "raw":
		return cslString
	}
	return 0
}

// The keys of each schema that "did you mean" suggests: the ones
// exports use.
func cslNameKeys() []string {
	return []string{"comma-suffix", "dropping-particle", "family", "given", "literal", "non-dropping-particle", "parse-names", "static-ordering", "suffix"}
}

func cslDateKeys() []string { return []string{"circa", "date-parts", "literal", "raw", "season"} }

func cslItemKeys() []string {
	return []string{"DOI", "ISBN", "ISSN", "PMCID", "PMID", "URL", "abstract", "accessed", "author", "categories",
		"collection-title", "container-title", "container-title-short", "edition", "editor", "genre", "id", "issue",
		"issued", "journalAbbreviation", "language", "note", "number", "page", "publisher", "publisher-place",
		"shortTitle", "source", "title", "title-short", "type", "version", "volume"}
}

// readCSL reads data/references.json, CSL-JSON: an array of items.
func (c *Config) readCSL(name string, src []byte, l *diag.List) {
	f := diag.NewFile(name, src)
	root, err := parseJSON(src)
	if err != nil {
		d := f.Errorf(l, err.off, "syntax", "%s is not a CSL-JSON array: %s", name, err.msg)
		d.Help = "export the library from Zotero as \"CSL JSON\""
		return
	}
	if root.kind != jsonArray {
		d := f.Errorf(l, root.off, "syntax", "%s is not a CSL-JSON array: it holds %s", name, root.kind)
		d.Help = "export the library from Zotero as \"CSL JSON\""
		return
	}
	seen := map[string]int{} // id -> offset of its first item
	for i, node := range root.elems {
		it := cslItem{f: f, l: l, n: i + 1, node: node}
		r, ok := it.reference()
		if !ok {
			continue
		}
		if first, again := seen[r.ID]; again {
			// Which of two items a reader keeps is not defined: a
			// reviewer may have read the other one.
			d := f.Errorf(l, it.at("id"), "referenced", "reference id %q is used twice", r.ID)
			pos := f.Pos(first)
			d.Notes = append(d.Notes, fmt.Sprintf("the first is at %s:%d:%d", f.Path, pos.Line, pos.Col))
			continue
		}
		seen[r.ID] = it.at("id")
		if _, inTOML := c.Shared.ByID[r.ID]; inTOML {
			f.At(l, f.Pos(node.off), diag.Warning, "referenced", "reference id %q is also in data/references.toml; that one is used", r.ID)
			continue
		}
		if r.DOI != "" && !content.ValidDOI(r.DOI) {
			f.Errorf(l, it.at("DOI"), "referenced", "%q is not a DOI", r.DOI)
		}
		if r.PMID != "" && !content.ValidPMID(r.PMID) {
			f.Errorf(l, it.at("PMID"), "referenced", "%q is not a PMID (1 to 8 digits)", r.PMID)
		}
		if r.URL != "" && !content.ValidWebURL(r.URL) {
			d := f.Errorf(l, it.at("URL"), "referenced", "%q is not an http or https address", r.URL)
			d.Help = "write the full address, such as https://www.who.int/publications/..."
		}
		c.Shared.ByID[r.ID] = r // all the digest covers of it: what is rendered
	}
}

// cslItem reads one item of the file, reporting into l.
type cslItem struct {
	f    *diag.File
	l    *diag.List
	n    int // 1-based, for messages
	node *jsonNode
	bad  bool // an error: the item is left out
}

func (it *cslItem) errorf(off int, format string, args ...any) *diag.Diagnostic {
	it.bad = true
	return it.f.Errorf(it.l, off, "csl", "item %d: "+format, append([]any{it.n}, args...)...)
}

func (it *cslItem) warnf(off int, format string, args ...any) *diag.Diagnostic {
	return it.f.At(it.l, it.f.Pos(off), diag.Warning, "csl", "item %d: "+format, append([]any{it.n}, args...)...)
}

// get is the value of a key of the item (nil when absent); keys are
// unique once members has checked them.
func (it *cslItem) get(key string) *jsonNode {
	for _, m := range it.node.members {
		if m.key == key {
			return m.val
		}
	}
	return nil
}

// at is the offset of a key of the item, or of the item.
func (it *cslItem) at(key string) int {
	for _, m := range it.node.members {
		if m.key == key {
			return m.keyOff
		}
	}
	return it.node.off
}

// unique reports, in every object of the item at any depth, a key given
// twice and keys that differ only in case: readers disagree on which one
// counts (Go's struct decoding takes the last match in any case, a map
// keeps both), so a reviewer may have read another value than the one
// published. Either is an error and leaves the item out.
func (it *cslItem) unique(n *jsonNode) {
	if n.kind == jsonObject {
		first := make(map[string]jsonMember, len(n.members))
		for _, m := range n.members {
			fold := foldKey(m.key)
			prev, dup := first[fold]
			if !dup {
				first[fold] = m
				continue
			}
			var d *diag.Diagnostic
			if prev.key == m.key {
				d = it.errorf(m.keyOff, "the key %q is given twice", m.key)
				d.Help = "keep one of them: readers disagree on which one counts, so a reviewer may have read the other"
			} else {
				d = it.errorf(m.keyOff, "the keys %q and %q differ only in case", prev.key, m.key)
				d.Help = "CSL-JSON keys are case-sensitive: keep the one the schema spells, remove the other"
			}
			pos := it.f.Pos(prev.keyOff)
			d.Notes = append(d.Notes, fmt.Sprintf("the first is at %s:%d:%d", it.f.Path, pos.Line, pos.Col))
		}
	}
	for _, e := range n.elems {
		it.unique(e)
	}
	for _, m := range n.members {
		it.unique(m.val)
	}
}

// members returns the members of an object that its schema knows; a key
// outside the schema is a warning and is ignored. Keys are unique (see
// unique); of a repeated one, the first is returned.
func (it *cslItem) members(n *jsonNode, what string, schema func(string) cslValue, names []string) []jsonMember {
	count := make(map[string]int, len(n.members))
	for _, m := range n.members {
		count[foldKey(m.key)]++
	}
	seen := make(map[string]bool, len(n.members))
	var out []jsonMember
	for _, m := range n.members {
		fold := foldKey(m.key)
		if seen[fold] || count[fold] > 1 && schema(m.key) == 0 {
			continue // a twin: already an error
		}
		seen[fold] = true
		if schema(m.key) == 0 {
			d := it.warnf(m.keyOff, "%s: %q is not a CSL-JSON 1.0.2 key; it is ignored", what, m.key)
			if s := diag.Suggest(m.key, names); s != "" {
				d.Help = fmt.Sprintf("did you mean %q?", s)
			}
			continue
		}
		out = append(out, m)
	}
	return out
}

// reference turns the item into a content.Reference; ok is false when
// the item has an error (reported).
func (it *cslItem) reference() (content.Reference, bool) {
	if it.node.kind != jsonObject {
		it.errorf(it.node.off, "is %s, not an object", it.node.kind)
		return content.Reference{}, false
	}
	it.unique(it.node)
	for _, m := range it.members(it.node, "the item", cslItemKey, cslItemKeys()) {
		it.checkType(m, cslItemKey(m.key))
	}
	r := content.Reference{
		ID: it.str("id"), Title: it.str("title"), Publisher: it.str("publisher"), Place: it.str("publisher-place"),
		Edition: it.str("edition"), Volume: it.str("volume"), Issue: it.str("issue"), Pages: it.str("page"),
		Number: it.str("number"), PMID: it.str("PMID"), URL: it.str("URL"),
		Authors: it.names("author"), Editors: it.names("editor"),
		Issued: it.date("issued"),
	}
	r.DOI = it.str("DOI")
	for _, prefix := range []string{"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"} {
		r.DOI = strings.TrimPrefix(r.DOI, prefix)
	}
	if acc := it.date("accessed"); !acc.IsZero() {
		if acc.Day == 0 {
			it.warnf(it.at("accessed"), "the access date %s has no day; it is not printed", acc)
		} else {
			r.Accessed = content.ParseDate(acc.String())
		}
	}
	container := it.str("container-title")
	switch it.str("type") {
	case "book":
		r.Type = "book"
	case "chapter":
		r.Type, r.Book = "chapter", container
	case "webpage", "post-weblog", "post":
		r.Type = "web"
		if r.Publisher == "" {
			r.Publisher = container
		}
	case "report":
		r.Type = "report"
	default:
		// Journals are cited by their abbreviation; Zotero keeps it in
		// container-title-short (or journalAbbreviation).
		r.Journal = firstOf(it.str("container-title-short"), it.str("journalAbbreviation"), container)
	}
	if r.ID == "" && !it.bad {
		it.errorf(it.node.off, "has no id")
	}
	return r, !it.bad
}

// checkType reports a value the schema does not allow under its key.
func (it *cslItem) checkType(m jsonMember, want cslValue) {
	v := m.val
	ok := false
	switch want {
	case cslString:
		ok = v.kind == jsonString
	case cslStringOrNumber:
		ok = v.kind == jsonString || v.kind == jsonNumber
	case cslScalar:
		ok = v.kind == jsonString || v.kind == jsonNumber || v.kind == jsonBool
	case cslNames, cslStrings:
		ok = v.kind == jsonArray
	case cslDate:
		ok = v.kind == jsonObject || v.kind == jsonString
	case cslCustom:
		ok = v.kind == jsonObject || m.key == "date-parts"
	}
	if !ok {
		it.errorf(v.off, "%q holds %s", m.key, v.kind)
	}
}

// str is a string (or number) key of the item, "" when absent or wrong.
func (it *cslItem) str(key string) string {
	v := it.get(key)
	if v == nil || (v.kind != jsonString && v.kind != jsonNumber) {
		return ""
	}
	return strings.TrimSpace(v.text)
}

// names reads a list of names as medical references print them.
func (it *cslItem) names(key string) []string {
	v := it.get(key)
	if v == nil || v.kind != jsonArray {
		return nil
	}
	var out []string
	for _, e := range v.elems {
		if e.kind != jsonObject {
			it.errorf(e.off, "a name in %q is %s, not an object", key, e.kind)
			continue
		}
		part := map[string]string{}
		for _, m := range it.members(e, "a name", cslNameKey, cslNameKeys()) {
			it.checkType(m, cslNameKey(m.key))
			if m.val.kind == jsonString {
				part[m.key] = strings.TrimSpace(m.val.text)
			}
		}
		if n := vancouverName(part); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// vancouverName writes a name as medical references do: "Evans L",
// "Coopersmith CM", "van Moorselaar RJ", "Gilstrap LC 3rd"; a literal
// name as it is.
func vancouverName(p map[string]string) string {
	if p["literal"] != "" {
		return p["literal"]
	}
	var initials strings.Builder
	for _, part := range strings.FieldsFunc(p["given"], func(r rune) bool { return r == ' ' || r == '-' || r == '.' }) {
		for _, r := range part {
			if unicode.IsLetter(r) {
				initials.WriteRune(unicode.ToUpper(r))
				break
			}
		}
	}
	var words []string
	for _, w := range []string{p["dropping-particle"], p["non-dropping-particle"], p["family"], initials.String(), p["suffix"]} {
		if w != "" {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

// date reads a CSL date in full: date-parts ([[2017, 6, 8]]), or raw or
// literal when they hold 2017, 2017-06 or 2017-06-08. What rounds cannot
// print (seasons, circa, the end of a range, a free-form literal) is a
// warning, never silently different.
func (it *cslItem) date(key string) content.PartialDate {
	v := it.get(key)
	if v == nil {
		return content.PartialDate{}
	}
	if v.kind == jsonString { // an EDTF string: the forms rounds prints
		d, ok := content.ParsePartialDate(v.text)
		if !ok {
			it.errorf(v.off, "%s %q is not a date like 2017-06-08, 2017-06 or 2017", key, v.text)
		}
		return d
	}
	if v.kind != jsonObject {
		return content.PartialDate{}
	}
	var parts, text *jsonNode
	for _, m := range it.members(v, "a date", cslDateKey, cslDateKeys()) {
		it.checkType(m, cslDateKey(m.key))
		switch m.key {
		case "date-parts":
			parts = m.val
		case "raw", "literal":
			if text == nil && m.val.kind == jsonString {
				text = m.val
			}
		case "season", "circa":
			it.warnf(m.keyOff, "%s: %q is not printed", key, m.key)
		}
	}
	if parts != nil {
		return it.dateParts(key, parts)
	}
	if text != nil {
		d, ok := content.ParsePartialDate(strings.TrimSpace(text.text))
		if !ok {
			it.warnf(text.off, "%s %q is not a date rounds can print; write it as date-parts", key, text.text)
		}
		return d
	}
	return content.PartialDate{}
}

// dateParts reads [[year, month, day]] (strings or numbers).
func (it *cslItem) dateParts(key string, v *jsonNode) content.PartialDate {
	if v.kind != jsonArray || len(v.elems) == 0 || len(v.elems) > 2 || v.elems[0].kind != jsonArray ||
		len(v.elems[0].elems) == 0 || len(v.elems[0].elems) > 3 {
		it.errorf(v.off, "%s: date-parts must be [[year, month, day]], month and day optional", key)
		return content.PartialDate{}
	}
	if len(v.elems) == 2 {
		it.warnf(v.elems[1].off, "%s: a range; only its start is printed", key)
	}
	var n [3]int
	for i, p := range v.elems[0].elems {
		x, err := strconv.Atoi(strings.TrimSpace(p.text))
		if (p.kind != jsonString && p.kind != jsonNumber) || err != nil {
			it.errorf(p.off, "%s: %s is not a whole number", key, p.text)
			return content.PartialDate{}
		}
		n[i] = x
	}
	d, ok := content.MakePartialDate(n[0], n[1], n[2])
	if !ok {
		it.errorf(v.off, "%s: %d-%d-%d is not a date", key, n[0], n[1], n[2])
	}
	return d
}

func firstOf(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
