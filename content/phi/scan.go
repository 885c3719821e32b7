package phi

import (
	"sort"
	"strings"
)

// Scan is the no-phi scan of the texts one module (or one course) shows:
// its fields, its body, its file names. An allowance, a phi-ok comment of
// the body, may allow a finding in any of them: it takes the first
// occurrence of its text, in the order the texts were added, that holds a
// finding not yet allowed, and allows every finding inside it. A Scan is
// used by one goroutine.
type Scan struct {
	texts   []*Text
	contact string
	names   func() []string
	known   []knownName
	parsed  bool
}

// Options adjusts a Scan.
type Options struct {
	// Contact is the provider's contact (an address, a phone number):
	// what is part of it is not patient data, and is not flagged.
	Contact string
	// Names lists the people a module may name: its authors, planners
	// and reviewers, the authors and editors of its references, as
	// people.toml ("Alice Smith, MD") and references ("Singer M",
	// "Seymour, Christopher W.") write them. A name found in a text that
	// has the family name of one of them (and the same initial, when both
	// have one) is not flagged. It is called once, and only when a name
	// is found.
	Names func() []string
}

// NewScan starts a scan.
func NewScan(o Options) *Scan {
	s := &Scan{names: o.Names}
	if o.Contact != "" {
		s.contact = strings.ToLower(fold(o.Contact).norm)
	}
	return s
}

// Text is one scanned text of a Scan, with what the allowances took.
type Text struct {
	res     scanned
	allowed []bool
	claimed [][2]int       // occurrences (folded offsets) taken by allowances
	next    map[string]int // where to look for an allowance's text again
}

// Add scans text and adds it after the texts added before.
func (s *Scan) Add(text string) *Text { return s.add(std.find(text)) }

// AddTable is Add for a table whose first line is its header and whose
// cells sep separates: a CSV (',') or TSV ('\t') file. Quoted cells are
// not told apart.
func (s *Scan) AddTable(text string, sep byte) *Text { return s.add(std.findIn(text, sep)) }

func (s *Scan) add(res scanned) *Text {
	t := &Text{res: res}
	if s.contact != "" {
		t.res.filter(func(i int) bool {
			return !strings.Contains(s.contact, strings.ToLower(t.res.normOf(i)))
		})
	}
	t.res.filter(func(i int) bool {
		return t.res.spans[i].kind != Name || !known(t.res.normOf(i), s.knownNames())
	})
	t.allowed = make([]bool, len(t.res.findings))
	s.texts = append(s.texts, t)
	return t
}

// Findings returns the findings of the text, allowed or not.
func (t *Text) Findings() []Finding { return t.res.findings }

// Allowed reports whether an allowance took finding i.
func (t *Text) Allowed(i int) bool { return t.allowed[i] }

// Folded is finding i as the detectors saw it: the text an allowance
// writes to allow it.
func (t *Text) Folded(i int) string { return t.res.normOf(i) }

// DropCoveredBy forgets the findings of t that a finding of body covers,
// t being written at byte offset at of body (a file name the body refers
// to): the body's finding, allowed or not, speaks for it. Call it before
// any allowance.
func (t *Text) DropCoveredBy(body *Text, at int) {
	t.res.filter(func(i int) bool {
		f := t.res.findings[i]
		for _, b := range body.res.findings {
			if b.Start <= at+f.Start && at+f.End <= b.End {
				return false
			}
		}
		return true
	})
	t.allowed = t.allowed[:len(t.res.findings)]
}

// Allow lets the allowance of text take its occurrence (see Scan) and
// reports whether there was one.
func (s *Scan) Allow(text string) bool {
	norm := fold(text).norm
	if norm == "" {
		return false
	}
	for _, t := range s.texts {
		if t.allow(norm) {
			return true
		}
	}
	return false
}

// allow looks for norm in t from where the last search for it stopped: an
// occurrence passed over stays useless, as claims and allowed findings
// only grow.
func (t *Text) allow(norm string) bool {
	s, spans := t.res.t.norm, t.res.spans
	if len(spans) == 0 {
		return false
	}
	if t.next == nil {
		t.next = map[string]int{}
	}
	pos := t.next[norm]
	defer func() { t.next[norm] = pos }()
	for pos <= len(s) {
		k := strings.Index(s[pos:], norm)
		if k < 0 {
			pos = len(s) + 1
			return false
		}
		os, oe := pos+k, pos+k+len(norm)
		pos = os + 1
		if t.claimedOverlap(os, oe) {
			continue
		}
		hit := false
		for i := sort.Search(len(spans), func(i int) bool { return spans[i].start >= os }); i < len(spans) && spans[i].start < oe; i++ {
			if !t.allowed[i] && spans[i].end <= oe {
				t.allowed[i] = true
				hit = true
			}
		}
		if hit {
			t.claimed = append(t.claimed, [2]int{os, oe})
			return true
		}
	}
	return false
}

func (t *Text) claimedOverlap(s, e int) bool {
	for _, c := range t.claimed {
		if s < c[1] && c[0] < e {
			return true
		}
	}
	return false
}

// knownNames parses Options.Names, once.
func (s *Scan) knownNames() []knownName {
	if !s.parsed {
		s.parsed = true
		if s.names != nil {
			for _, n := range s.names() {
				if k, ok := parseKnown(n); ok {
					s.known = append(s.known, k)
				}
			}
		}
	}
	return s.known
}
