package content

import (
	"bytes"

	"github.com/rounds-dev/rounds/content/diag"
)

// MaxFileSize is the largest module file rounds reads.
const MaxFileSize = 4 << 20

// MaxLinks caps the "](" of a module's body: goldmark parses links that
// never close in time that grows with the square of their number (8,000
// took 0.2-0.3 s, a 4 MiB file of them would take hours), and a module of
// a few minutes' reading has tens.
const MaxLinks = 5000

// FrontMatter is a module's front matter, as SPEC.md "Module front matter"
// defines it. Unknown keys are errors: a typo must not silently drop a
// disclosure.
type FrontMatter struct {
	Title      string   `json:"title"`
	Summary    string   `json:"summary"`
	Slug       string   `json:"slug"`
	Weight     int      `json:"weight"`
	Date       Date     `json:"date"`
	Expires    Date     `json:"expires"`
	Draft      bool     `json:"draft"`
	Authors    []string `json:"authors"`
	Planners   []string `json:"planners"`
	Audience   []string `json:"audience"`
	Objectives []string `json:"objectives"`
	Tags       []string `json:"tags"`
	Duration   string   `json:"duration"`
	Format     string   `json:"format"`
	Requires   []string `json:"requires"` // content paths of modules or courses to do first
	// CardImage names a PNG or JPEG of the module's bundle that its social
	// cards show. Omitted when empty, so that modules without one keep
	// their digests.
	CardImage string `json:"card_image,omitempty"`
	// TOC set to false leaves out the table of contents a module with
	// three or more sections gets.
	TOC *bool `json:"toc"`
	// Params is free-form: whatever a site's layouts read (.Module.Params).
	// It is in the digest like every other key, since layouts show it.
	Params     map[string]any `json:"params"`
	Credit     *Credit        `json:"credit"`
	Support    *Support       `json:"support"`
	References []Reference    `json:"references"`
	Reviews    []Review       `json:"reviews"`
	// SourceDigest is, in a translation, the digest of its source module
	// as the translation's reviewers signed it (written by rounds review):
	// part of the translation's own digest, so a translation cannot claim
	// a newer source than the one it was reviewed against.
	SourceDigest string `json:"source_digest"`
}

// Credit is what a module awards.
type Credit struct {
	Type     string  `json:"type"`
	Hours    float64 `json:"hours"`
	Pass     float64 `json:"pass"`
	Activity string  `json:"activity"` // an activity number, for pharmacy (ACPE) credit
}

// Support names a module's commercial supporter (ACCME Standard 4).
type Support struct {
	Supporter string `json:"supporter"`
	Kind      string `json:"kind"`
	// Amount is the monetary support in US dollars, and InKind the nature
	// of in-kind support (equipment, facilities), both optional: what
	// ACCME's PARS asks for each source of commercial support, written
	// into the audit's activities.csv. Neither is shown to learners.
	Amount float64 `json:"amount"`
	InKind string  `json:"in_kind"`
}

// Reference is one entry of a bibliography. It holds everything a
// formatted reference prints and nothing else: the digest covers a shared
// reference as this value, so what is rendered is what was signed.
type Reference struct {
	ID        string      `json:"id"`
	Type      string      `json:"type"` // article (default), book, chapter, web, report, guideline
	Authors   []string    `json:"authors"`
	Title     string      `json:"title"`
	Journal   string      `json:"journal"`
	Book      string      `json:"book"`
	Editors   []string    `json:"editors"`
	Place     string      `json:"place,omitempty"` // of publication: Vancouver prints it, AMA 11 does not
	Publisher string      `json:"publisher"`
	Edition   string      `json:"edition"`
	Year      int         `json:"year"`
	Issued    PartialDate `json:"issued,omitzero"` // 2017-06-08, "2017-06" or "2017"; wins over Year
	Volume    string      `json:"volume"`
	Issue     string      `json:"issue"`
	Pages     string      `json:"pages"`
	Number    string      `json:"number,omitempty"` // a report's number
	DOI       string      `json:"doi"`
	PMID      string      `json:"pmid"`
	URL       string      `json:"url"`
	Accessed  Date        `json:"accessed"`
}

// Review is a sign-off, written by `rounds review`, never by hand.
type Review struct {
	Reviewer string `json:"reviewer"`
	Role     string `json:"role"`
	Date     Date   `json:"date"`
	Digest   string `json:"digest"`
	// Commit is the git commit the signed version stands at, when
	// `rounds review` found it committed (the module's digest at that
	// commit is the sign-off's): `rounds diff` reads it first instead of
	// searching the history. Not signed: a hint, checked before use.
	Commit    string `json:"commit"`
	Signature string `json:"signature"`
}

// SectionMatter is the front matter of a section's _index.md.
type SectionMatter struct {
	Title    string         `json:"title"`
	Summary  string         `json:"summary"`
	Weight   int            `json:"weight"`
	Draft    bool           `json:"draft"`
	Requires []string       `json:"requires"` // what every module of the course needs done first
	Cascade  map[string]any `json:"cascade"`
}

// Delimiter opens and closes TOML front matter, as in Hugo.
var Delimiter = []byte("+++")

// SplitFrontMatter finds the front matter between the opening line (the
// first line of the file: "+++" for TOML, "---" for YAML) and the closing
// line that matches it. It returns the byte range of the front matter
// inside and the offset where the body starts. A missing or unclosed front
// matter is an error at line 1.
func SplitFrontMatter(f *diag.File) (start, end, body int, l diag.List) {
	src := f.Src
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	skip := len(f.Src) - len(src)
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	delim := bytes.TrimRight(first, " \t\r")
	if !bytes.Equal(delim, Delimiter) && !bytes.Equal(delim, YAMLDelimiter) {
		d := f.Errorf(&l, 0, "syntax", "missing front matter: the file must start with a +++ line (TOML) or a --- line (YAML)")
		d.Help = "start the file with +++, the TOML front matter (title = \"...\"), then +++ and the body; or with ---, YAML front matter (title: ...), then ---"
		return 0, 0, 0, l
	}
	start = skip + len(first) + 1
	if len(first) == len(src) {
		start = len(f.Src)
	}
	off := start
	for len(rest) > 0 {
		line, next, found := bytes.Cut(rest, []byte("\n"))
		if bytes.Equal(bytes.TrimRight(line, " \t\r"), delim) {
			body = off + len(line)
			if found {
				body++
			}
			return start, off, body, nil
		}
		off += len(line) + 1
		rest = next
		if !found {
			break
		}
	}
	d := f.Errorf(&l, 0, "syntax", "front matter is never closed")
	d.Help = "add a line " + string(delim) + " after the last front matter key"
	return 0, 0, 0, l
}
