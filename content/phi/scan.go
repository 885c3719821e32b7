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
}

// NewScan starts a scan. contact is the provider's contact (an address,
// a phone number): what is part of it is not patient data, and is not
// flagged.
func NewScan(contact string) *Scan {
	s := &Scan{}
	if contact != "" {
		s.contact = strings.ToLower(fold(contact).norm)
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
func (s *Scan) Add(text string) *Text {
	t := &Text{res: std.find(text)}
	if s.contact != "" {
		t.res.filter(func(i int) bool {
			return !strings.Contains(s.contact, strings.ToLower(t.res.normOf(i)))
		})
	}
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
