package phi

import (
	"sort"
	"strings"
)

// Finding is text that looks like a HIPAA Safe Harbor identifier
// (45 CFR 164.514(b)(2)(i)): Start and End are byte offsets into the
// scanned text, as written (full-width digits and invisible characters
// included); Text is text[Start:End]; Kind names the identifier, such as
// "phone number" or "date tied to a person".
type Finding struct {
	Start, End int
	Kind       string
	Text       string
}

// The kinds of Finding, after the Safe Harbor list of 45 CFR
// 164.514(b)(2)(i): (A) names, (B) geographic subdivisions, (C) dates and
// ages, (D) telephone and (E) fax numbers, (F) e-mail addresses, (G) social
// security, (H) medical record, (I) health plan beneficiary, (J) account,
// (K) certificate/licence numbers, (L) vehicle and (M) device identifiers
// and serial numbers, (N) URLs, (O) IP addresses and (R) other identifying
// numbers. (P) biometric identifiers and (Q) full-face photographs are not
// text.
const (
	Phone   = "phone number"
	MRN     = "medical record number"
	Email   = "e-mail address"
	Date    = "date tied to a person"
	Age     = "age over 89"
	IP      = "IP address"
	Street  = "street address"
	ZIP     = "ZIP code"
	ZIP4    = "ZIP+4 code"
	SSN     = "social security number"
	Plan    = "health plan number"
	Account = "account number"
	Licence = "licence number"
	Device  = "device or serial number"
	URL     = "URL with an identifier"
	Name    = "name"
	Place   = "place smaller than a state"
	Vehicle = "vehicle identifier"
	Other   = "identifying number"
)

// Find scans text (Markdown) for anything that looks like a HIPAA Safe
// Harbor identifier (45 CFR 164.514(b)(2)) and returns the findings in
// order of Start, then End. Before matching it folds full-width forms and
// other decimal digits to ASCII, folds no-break spaces and hyphen-like
// dashes, and removes zero-width and other invisible characters (U+200B to
// U+200D, U+2060, U+FEFF, the soft hyphen, bidirectional marks), so that
// none of them hides an identifier; offsets are in the original text.
//
// It does not flag what a reference or a clinical text is made of: DOIs,
// PMIDs, trial ids, doses, lab values, blood pressures, ICD codes, years,
// publication dates, ages up to 89 or the Safe Harbor category "90 or
// older", percentages, ranges, versions, times and public URLs; nor the
// text of a well-formed `<!-- phi-ok: "text" reason -->` comment, wherever
// it is. Find is pure and safe for concurrent use.
func Find(text string) []Finding {
	return std.find(text).findings
}

// span is a finding in folded offsets.
type span struct {
	start, end int
	kind       string
}

// scanned is a scanned text: its findings in folded and original offsets.
type scanned struct {
	t        folded
	spans    []span
	findings []Finding
}

func (r *scanned) normOf(i int) string { return r.t.norm[r.spans[i].start:r.spans[i].end] }

func (r *scanned) filter(keep func(i int) bool) {
	n := 0
	for i := range r.findings {
		if keep(i) {
			r.findings[n], r.spans[n] = r.findings[i], r.spans[i]
			n++
		}
	}
	r.findings, r.spans = r.findings[:n], r.spans[:n]
}

// scanner scans one folded text.
type scanner struct {
	d      *detector
	s      string
	found  []span
	quiet  [][2]int // DOIs: nothing inside them is a finding
	urlEnd int      // end of the last URL seen
	sub    bool     // a table cell read under its header: no tables, no lists
	csv    bool     // the text is a table without a delimiter row
}

func (d *detector) find(text string) scanned { return d.findIn(text, 0) }

// findIn is find; with sep, text is a table whose first line is its header
// and whose cells sep separates (a CSV file).
func (d *detector) findIn(text string, sep byte) scanned {
	t := fold(text)
	sc := scanner{d: d, s: t.norm}
	if sep != 0 {
		sc.s, sc.csv = strings.ReplaceAll(sc.s, string(sep), "|"), true
	}
	sc.scan()
	for _, c := range parseComments(text) {
		if c.Problem != "" {
			continue // not an allowance: scanned like any text
		}
		sc.quiet = append(sc.quiet, [2]int{t.toNorm(c.Start), t.toNorm(c.End)})
	}
	spans := sc.result()
	r := scanned{t: t, spans: spans}
	if len(spans) > 0 {
		r.findings = make([]Finding, len(spans))
		for i, sp := range spans {
			s, e := t.orig(sp.start, sp.end)
			r.findings[i] = Finding{Start: s, End: e, Kind: sp.kind, Text: text[s:e]}
		}
	}
	return r
}

func (sc *scanner) scan() {
	s := sc.s
	sc.tables()
	sc.lists()
	sc.localDates()
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isDigit(c):
			j := i + 1
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			if i == 0 || !isAlnum(s[i-1]) {
				sc.number(i, j)
				sc.vin(i)
				sc.nationalID(i)
			}
			i = j
		case isLetter(c):
			j := i + 1
			for j < len(s) && isLetter(s[j]) {
				j++
			}
			if i == 0 || !isAlnum(s[i-1]) {
				sc.word(i, j)
				if isUpper(c) {
					sc.vin(i)
					if c == 'X' || c == 'Y' || c == 'Z' {
						sc.nationalID(i) // a Spanish NIE
					}
				}
			}
			i = j
		case c == '@':
			sc.email(i)
			i++
		case c == ':':
			sc.colon(i)
			i++
		default:
			i++
		}
	}
}

// result drops findings inside DOIs and phi-ok comments, sorts the rest and
// drops those inside another.
func (sc *scanner) result() []span {
	spans := sc.found
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].end > spans[j].end
	})
	// A finding overlaps a quiet span when one of the spans starting
	// before it ends reaches past its start: a binary search and the
	// furthest end so far tell.
	quiet := sc.quiet
	sort.Slice(quiet, func(i, j int) bool { return quiet[i][0] < quiet[j][0] })
	reach := make([]int, len(quiet))
	for k, q := range quiet {
		reach[k] = q[1]
		if k > 0 {
			reach[k] = max(reach[k], reach[k-1])
		}
	}
	out := spans[:0]
	maxEnd := -1
	for _, f := range spans {
		k := sort.Search(len(quiet), func(i int) bool { return quiet[i][0] >= f.end }) - 1
		if f.end <= maxEnd || f.start >= f.end || k >= 0 && reach[k] > f.start {
			continue // inside a finding already kept, or quiet
		}
		out = append(out, f)
		maxEnd = f.end
	}
	return out
}

func (sc *scanner) add(start, end int, kind string) {
	if kind == Date && listBreak(sc.s[start:end], sc.s[end:]) {
		return // "… may\n2. next item": a month word, then a numbered list
	}
	sc.found = append(sc.found, span{start, end, kind})
}

// listBreak reports whether a date-like match runs onto a new line that
// starts a numbered list item: its number is an item, not a day.
func listBreak(match, after string) bool {
	i := strings.LastIndexByte(match, '\n')
	if i < 0 {
		return false
	}
	rest := strings.TrimLeft(match[i+1:], " \t") + after
	j := 0
	for j < len(rest) && j < 3 && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	return j > 0 && j < len(rest) && (rest[j] == '.' || rest[j] == ')') && (j+1 == len(rest) || rest[j+1] == ' ' || rest[j+1] == '\t')
}

func window(s string, i, n int) string { return s[i:min(len(s), i+n)] }

func byteAt(s string, i int) byte {
	if i < 0 || i >= len(s) {
		return 0
	}
	return s[i]
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isUpper(c byte) bool  { return c >= 'A' && c <= 'Z' }
func isAlnum(c byte) bool  { return isDigit(c) || isLetter(c) }
func isHex(c byte) bool    { return isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'f' }

// endOK reports whether an identifier may end at e: not inside a word or
// a longer number.
func (sc *scanner) endOK(e int) bool {
	c := byteAt(sc.s, e)
	if isAlnum(c) {
		return false
	}
	return !((c == '-' || c == '/' || c == '.') && isDigit(byteAt(sc.s, e+1)))
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
		}
	}
	return n
}

// prevWord is the lower-case word before i (skipping spaces and light
// punctuation), or "".
func (sc *scanner) prevWord(i int) string {
	s := sc.s
	k := i
	for k > 0 && i-k < 8 && strings.IndexByte(" \t\n:#.([*_", s[k-1]) >= 0 {
		k--
	}
	e := k
	for k > 0 && e-k < 16 && isLetter(s[k-1]) {
		k--
	}
	if k == e || (k > 0 && isDigit(s[k-1])) {
		return ""
	}
	return strings.ToLower(s[k:e])
}

// nextWord is the lower-case word after e, or "".
func (sc *scanner) nextWord(e int) string {
	s := sc.s
	k := e
	for k < len(s) && k-e < 4 && (s[k] == ' ' || s[k] == '-') {
		k++
	}
	b := k
	for k < len(s) && k-b < 16 && isLetter(s[k]) {
		k++
	}
	return strings.ToLower(s[b:k])
}

func (sc *scanner) word(i, j int) {
	if j-i > 16 || sc.d.lengths[(sc.s[i]|0x20)-'a']&(1<<(j-i)) == 0 {
		return
	}
	var buf [16]byte
	for k := i; k < j; k++ {
		buf[k-i] = sc.s[k] | 0x20
	}
	for _, r := range sc.d.words[string(buf[:j-i])] {
		if r.fn != nil {
			r.fn(sc, i, j)
			continue
		}
		sc.apply(r, i)
	}
}

// apply tries rule r at the key word starting at i.
func (sc *scanner) apply(r *rule, i int) {
	n := r.window
	if n == 0 {
		n = 80
	}
	w := window(sc.s, i, n)
	if !r.noDigit && strings.IndexAny(w, "0123456789") < 0 {
		return // every other identifier has a digit: spare the regexp
	}
	m := r.re.FindStringSubmatchIndex(w)
	if m == nil {
		return
	}
	start, end := -1, -1
	for g := 2; g+1 < len(m); g += 2 {
		if m[g] >= 0 && m[g+1] > m[g] {
			start, end = i+m[g], i+m[g+1]
			break
		}
	}
	if start < 0 {
		return
	}
	v := sc.s[start:end]
	if k := strings.LastIndexByte(v, '.'); k > 0 && fileExts[strings.ToLower(v[k+1:])] {
		end, v = start+k, v[:k] // "mrn12345678.png"
	}
	if d := countDigits(v); d < r.minDigits || (r.maxDigits > 0 && d > r.maxDigits) {
		return
	}
	if r.bare && yearish(v) {
		return
	}
	if r.kind != Date && measurement(v) {
		return // "| Patient no | 94.8 |": a value in a table, not a record number
	}
	if r.kind == Date && !sc.dateOK(start, end) {
		return
	}
	if r.kind != Street && !sc.endOK(end) {
		return
	}
	if r.check != nil && !r.check(sc, i, start, end) {
		return
	}
	sc.add(start, end, r.kind)
}

// measurement reports whether v is a short decimal number, such as
// 94.8 or 120.25: a measurement, never an identifier (those are whole
// numbers, or groups joined by dashes, slashes or several dots).
func measurement(v string) bool {
	whole, frac, ok := strings.Cut(v, ".")
	return ok && len(whole) >= 1 && len(whole) <= 4 && len(frac) >= 1 && len(frac) <= 2 &&
		countDigits(whole) == len(whole) && countDigits(frac) == len(frac)
}

// yearish reports whether v is a year or a range of years.
func yearish(v string) bool {
	if len(v) == 4 && (strings.HasPrefix(v, "19") || strings.HasPrefix(v, "20")) && countDigits(v) == 4 {
		return true
	}
	if a, b, ok := strings.Cut(v, "-"); ok {
		return yearish(a) && (yearish(b) || len(b) == 2 && countDigits(b) == 2)
	}
	return false
}

// dateOK checks a matched date: a real day and month, not part of a
// longer number, and not the start of a range.
