package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
)

// cslItem is the part of a CSL-JSON item rounds reads, as Zotero, Mendeley
// and EndNote export it.
type cslItem struct {
	ID                  any       `json:"id"`
	Type                string    `json:"type"`
	Title               string    `json:"title"`
	Author              []cslName `json:"author"`
	Editor              []cslName `json:"editor"`
	ContainerTitle      string    `json:"container-title"`
	ContainerTitleShort string    `json:"container-title-short"`
	JournalAbbreviation string    `json:"journalAbbreviation"`
	Publisher           string    `json:"publisher"`
	Edition             any       `json:"edition"`
	Issued              cslDate   `json:"issued"`
	Accessed            cslDate   `json:"accessed"`
	Volume              any       `json:"volume"`
	Issue               any       `json:"issue"`
	Page                string    `json:"page"`
	DOI                 string    `json:"DOI"`
	PMID                string    `json:"PMID"`
	URL                 string    `json:"URL"`
}

type cslName struct {
	Family  string `json:"family"`
	Given   string `json:"given"`
	Literal string `json:"literal"`
}

type cslDate struct {
	DateParts [][]any `json:"date-parts"`
	Raw       string  `json:"raw"`
}

// readCSL reads data/references.json, CSL-JSON: an array of items.
func (c *Config) readCSL(name string, src []byte, l *diag.List) {
	f := diag.NewFile(name, src)
	var items []json.RawMessage
	if err := json.Unmarshal(src, &items); err != nil {
		off := 0
		if se, ok := err.(*json.SyntaxError); ok {
			off = int(se.Offset)
		}
		d := f.Errorf(l, off, "syntax", "%s is not a CSL-JSON array: %v", name, err)
		d.Help = "export the library from Zotero as \"CSL JSON\""
		return
	}
	for i, raw := range items {
		var it cslItem
		var norm map[string]any
		off := bytes.Index(src, raw)
		if err := json.Unmarshal(raw, &it); err != nil {
			f.Errorf(l, off, "syntax", "item %d: %v", i+1, err)
			continue
		}
		_ = json.Unmarshal(raw, &norm)
		r := it.reference()
		if r.ID == "" {
			f.Errorf(l, off, "referenced", "item %d has no id", i+1)
			continue
		}
		if _, dup := c.Shared.ByID[r.ID]; dup {
			f.At(l, f.Pos(off), diag.Warning, "referenced", "reference id %q is also in data/references.toml; that one is used", r.ID)
			continue
		}
		if r.DOI != "" && !content.ValidDOI(r.DOI) {
			f.Errorf(l, off, "referenced", "%q is not a DOI", r.DOI)
		}
		if r.PMID != "" && !content.ValidPMID(r.PMID) {
			f.Errorf(l, off, "referenced", "%q is not a PMID (1 to 8 digits)", r.PMID)
		}
		c.Shared.ByID[r.ID] = r
		c.Shared.Raw[r.ID] = norm
	}
}

func (it cslItem) reference() content.Reference {
	r := content.Reference{
		ID: str(it.ID), Title: it.Title, Publisher: it.Publisher, Edition: str(it.Edition),
		Volume: str(it.Volume), Issue: str(it.Issue), Pages: it.Page,
		DOI: strings.TrimPrefix(strings.TrimPrefix(it.DOI, "https://doi.org/"), "doi:"), PMID: it.PMID, URL: it.URL,
	}
	switch it.Type {
	case "book":
		r.Type = "book"
	case "chapter":
		r.Type, r.Book = "chapter", it.ContainerTitle
	case "webpage", "post-weblog", "post":
		r.Type = "web"
	case "report":
		r.Type = "guideline"
	}
	if r.Type == "" || r.Type == "guideline" {
		// Journals are cited by their abbreviation; Zotero keeps it in
		// container-title-short (or journalAbbreviation).
		r.Journal = firstOf(it.ContainerTitleShort, it.JournalAbbreviation, it.ContainerTitle)
	}
	if r.Type == "web" && r.Publisher == "" {
		r.Publisher = it.ContainerTitle
	}
	for _, n := range it.Author {
		r.Authors = append(r.Authors, n.vancouver())
	}
	for _, n := range it.Editor {
		r.Editors = append(r.Editors, n.vancouver())
	}
	r.Year = it.Issued.year()
	r.Accessed = it.Accessed.date()
	return r
}

// vancouver writes a name as medical references do: "Evans L", "Coopersmith CM".
func (n cslName) vancouver() string {
	if n.Literal != "" {
		return n.Literal
	}
	var initials strings.Builder
	for _, part := range strings.FieldsFunc(n.Given, func(r rune) bool { return r == ' ' || r == '-' || r == '.' }) {
		for _, r := range part {
			if unicode.IsLetter(r) {
				initials.WriteRune(unicode.ToUpper(r))
				break
			}
		}
	}
	if initials.Len() == 0 {
		return n.Family
	}
	return n.Family + " " + initials.String()
}

func (d cslDate) part(i int) int {
	if len(d.DateParts) == 0 || len(d.DateParts[0]) <= i {
		return 0
	}
	n, _ := strconv.Atoi(str(d.DateParts[0][i]))
	return n
}

func (d cslDate) year() int {
	if y := d.part(0); y > 0 {
		return y
	}
	if len(d.Raw) >= 4 {
		y, _ := strconv.Atoi(d.Raw[:4])
		return y
	}
	return 0
}

func (d cslDate) date() content.Date {
	y, m, day := d.part(0), d.part(1), d.part(2)
	if y == 0 || m == 0 || day == 0 {
		return content.ParseDate(d.Raw)
	}
	return content.ParseDate(fmt.Sprintf("%04d-%02d-%02d", y, m, day))
}

// str turns a CSL value that may be a number or a string into a string.
func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func firstOf(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
