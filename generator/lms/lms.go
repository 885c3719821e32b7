package lms

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Format is a package format.
type Format string

// The formats rounds writes.
const (
	SCORM12   Format = "scorm12"
	SCORM2004 Format = "scorm2004"
	CMI5      Format = "cmi5"
	QTI       Format = "qti"
	Moodle    Format = "moodle"
)

// Formats lists every format, in the order the documentation gives them.
func Formats() []Format { return []Format{SCORM12, SCORM2004, CMI5, QTI, Moodle} }

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, bool) {
	for _, f := range Formats() {
		if string(f) == s {
			return f, true
		}
	}
	return "", false
}

// Pages reports whether a package of this format carries the site's pages
// (SCORM and cmi5) rather than questions alone (QTI, Moodle XML).
func (f Format) Pages() bool { return f == SCORM12 || f == SCORM2004 || f == CMI5 }

// Course is what one package holds: a course (or one module of it) in
// one language.
type Course struct {
	// ID is a stable IRI for the course: the site's address of the
	// course. cmi5 needs IRIs; SCORM manifests take their identifiers
	// from it too, so a package of the same course imports as the same.
	ID          string
	Path        string // "sepsis/": the course's path on the site (a module's, for one module)
	Title       string
	Description string
	Language    string // "en"
	Modules     []Module
	// Blocks are the courses of a programme package, by Path; a module
	// names its own in Module.Block. A course's package has none: the
	// package is the course.
	Blocks []Block
	// Files are the pages and assets of the package by their path in it
	// ("sepsis/fluids/index.html", "css/rounds.css"): every module's
	// launch page among them. Unused by QTI and Moodle XML.
	Files map[string][]byte
}

// Module is one SCO (SCORM) or AU (cmi5): one module page.
type Module struct {
	ID          string // IRI: the module's address on the site
	Path        string // "sepsis/fluids/": its folder in the package
	Title       string
	Description string
	Launch      string  // the page the LMS opens, "sepsis/fluids/index.html"
	Credit      bool    // the module awards credit: the learner must pass
	Pass        float64 // share of post-test answers right to pass, 0 without credit
	Questions   []Question
	// Requires are the Paths of the modules of the same package the
	// learner must pass first (front matter requires, expanded): SCORM
	// 2004 precondition rules. Modules outside the package are left out:
	// the LMS cannot know of them.
	Requires []string
	// Block is the Path of the block (a course of a programme) the
	// module belongs to, "" outside a programme.
	Block string
}

// Block is one course of a programme package: a cmi5 block.
type Block struct {
	ID          string // IRI: the course's address on the site
	Path        string // "sepsis/"
	Title       string
	Description string
}

// Question is one post-test question.
type Question struct {
	ID      string // the author's id= or "q1", "q2" by position
	Stem    string // HTML
	Multi   bool   // choose all that apply
	Choices []Choice
	// Pool is N of pool=N: the question is one of the module's pool, of
	// which each attempt draws N; 0 for a question every attempt asks.
	Pool int
	// Shuffle: the choices come in a new order for each attempt, those
	// with Pin kept in place.
	Shuffle bool
	// Rationale is the explanation (HTML), its citations rendered as
	// numbers; References are the formatted references it cites (HTML),
	// in the order of those numbers.
	Rationale  string
	References []string
}

// Choice is one answer of a question.
type Choice struct {
	Text     string // HTML
	Correct  bool
	Feedback string // HTML, may be empty
	Pin      bool   // kept in its place when the choices are shuffled
}

// Name is the file name of a package: the course's (or module's) path
// with / as -, the language and the format, "sepsis-en-scorm12.zip".
func Name(path, lang string, f Format) string {
	p := strings.ReplaceAll(strings.Trim(path, "/"), "/", "-")
	if p == "" {
		p = "site"
	}
	return fmt.Sprintf("%s-%s-%s.zip", p, lang, f)
}

// Write writes the package of c in format f as a zip to w.
func Write(w io.Writer, f Format, c *Course) error {
	files, err := Files(f, c)
	if err != nil {
		return err
	}
	return writeZip(w, files)
}

// Files returns the files of the package of c in format f, by path: the
// manifest and, for SCORM and cmi5, the course's files.
func Files(f Format, c *Course) (map[string][]byte, error) {
	if len(c.Modules) == 0 {
		return nil, fmt.Errorf("%s: no published module to package", c.Title)
	}
	out := map[string][]byte{}
	if f.Pages() {
		for name, data := range c.Files {
			out[name] = data
		}
		for _, m := range c.Modules {
			if _, ok := c.Files[m.Launch]; !ok {
				return nil, fmt.Errorf("%s: the page %s is not in the package", m.Title, m.Launch)
			}
		}
	}
	switch f {
	case SCORM12:
		out["imsmanifest.xml"] = scorm12Manifest(c)
	case SCORM2004:
		out["imsmanifest.xml"] = scorm2004Manifest(c)
	case CMI5:
		out["cmi5.xml"] = cmi5Structure(c)
	case QTI:
		if err := qtiFiles(c, out); err != nil {
			return nil, err
		}
	case Moodle:
		data, err := moodleXML(c)
		if err != nil {
			return nil, err
		}
		out["questions.xml"] = data
	default:
		return nil, fmt.Errorf("unknown package format %q", f)
	}
	return out, nil
}

// zipTime is the time of every entry: a package is the same bytes from
// one build to the next. 1980-01-01 is the earliest time a zip's
// MS-DOS date can hold.
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// writeZip writes files as a zip, in path order, with fixed times and
// modes, so that equal files make equal bytes.
func writeZip(w io.Writer, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	zw := zip.NewWriter(w)
	for _, name := range names {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime}
		h.SetMode(0o644)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := io.Copy(fw, bytes.NewReader(files[name])); err != nil {
			return err
		}
	}
	return zw.Close()
}
