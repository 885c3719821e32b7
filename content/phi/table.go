package phi

import (
	"regexp"
	"strings"
)

// A table or a list of patients holds identifiers without the words that
// would name them in a sentence: the header names the column once, and
// "Jane Doe, 12345678, 03/04/1951" names nothing. Tables and lists are
// read line by line before the detectors that start at a word.

// cell is a table cell: its text is s[start:end], trimmed.
type cell struct{ start, end int }

// lines calls fn with each line of s (without its line break) and its
// offset.
func lines(s string, fn func(line string, off int)) {
	for off := 0; off < len(s); {
		e := strings.IndexByte(s[off:], '\n')
		if e < 0 {
			e = len(s) - off
		}
		fn(s[off:off+e], off)
		off += e + 1
	}
}

var delimRow = regexp.MustCompile(`^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$`)

// cells splits a table row at the pipes that are not escaped.
func cells(line string, off int) []cell {
	var out []cell
	t := strings.TrimSpace(line)
	lead := strings.Index(line, t)
	t = strings.TrimPrefix(t, "|")
	start := off + lead + (len(strings.TrimSpace(line)) - len(t))
	if strings.HasSuffix(t, "|") && !strings.HasSuffix(t, `\|`) {
		t = t[:len(t)-1]
	}
	b := 0
	for i := 0; i <= len(t); i++ {
		if i < len(t) && (t[i] != '|' || (i > 0 && t[i-1] == '\\')) {
			continue
		}
		c := t[b:i]
		l := len(c) - len(strings.TrimLeft(c, " \t"))
		r := len(strings.TrimRight(c, " \t"))
		if r < l {
			r = l
		}
		out = append(out, cell{start + b + l, start + b + r})
		b = i + 1
	}
	return out
}

// header is what a column's header says of its cells.
type header struct {
	label  string // lower case, without emphasis
	words  int    // the cells are names of at least this many words, if > 0
	person bool   // ... of people: "patient", "surname", not just "name"
	id     bool   // the cells are numbers that identify something
}

var (
	nameHeaders = wordSet("name patient pt surname forename forenames client resident")
	// patientHeader: a column only a table of patients has.
	patientHeader = regexp.MustCompile(`(?i)(?:^|\b)(?:mrn|m\.r\.n\.?|mr\s*#|dob|d\.o\.b\.?|ssn|nhs|medical\s+record|hospital\s+(?:no|number|#)|record\s+(?:no|number|#)|date\s+of\s+birth|birth\s*date|date\s+of\s+death|insurance|member\s+id|policy\s+(?:no|number)|address|zip|postcode|phone|telephone|e-?mail)(?:\b|$)`)
	idHeaders     = wordSet("id no no. # number identifier ref record chart mrn")
	cellDate      = regexp.MustCompile(`(?i)^` + reAnyDate + `$`)
)

func readHeader(s string) header {
	l := strings.ToLower(strings.Trim(s, " *_`:"))
	h := header{label: l}
	words := strings.Fields(l)
	switch {
	case l == "name", l == "surname", l == "forename", l == "forenames":
		h.words, h.person = 1, l != "name"
	case nameHeaders[l]:
		// "| patient |" may hold "Young adult" or "Case 3": a name there
		// has two words.
		h.words, h.person = 2, true
	case len(words) == 2 && (words[1] == "name" || words[1] == "names") &&
		(nameHeaders[words[0]] || words[0] == "full" || words[0] == "first" || words[0] == "last" || words[0] == "given" || words[0] == "family" || words[0] == "patient's"):
		h.words, h.person = 1, true
	case idHeaders[l], len(words) == 2 && (words[0] == "patient" || words[0] == "pt" || words[0] == "hospital" || words[0] == "case") && idHeaders[words[1]]:
		h.id = true
	}
	return h
}

// tables reads the Markdown tables of the text. Every cell is read as
// "header: cell", so that the detectors that need a label find it in the
// header ("| dob |" over "| 03/04/1951 |"). A table with a column of names
// of people ("patient", "surname"), or a column only patients have
// ("mrn", "dob", "address"), or a column of names and one of numbers
// ("name", "id"), is a table of patients: its names, its full dates and
// its identifying numbers are flagged whatever their header says. A table
// of drugs or trials with a "name" column is not one.
func (sc *scanner) tables() {
	s := sc.s
	if sc.sub || strings.IndexByte(s, '|') < 0 {
		return
	}
	if sc.csv {
		sc.csvTable()
		return
	}
	var heads []header
	var prev string
	prevOff := -1
	inTable, patients := false, false
	lines(s, func(line string, off int) {
		switch {
		case inTable && strings.IndexByte(line, '|') >= 0:
			sc.row(cells(line, off), heads, patients)
			return
		case strings.IndexByte(line, '|') >= 0 && prevOff >= 0 && strings.IndexByte(prev, '|') >= 0 && delimRow.MatchString(line):
			heads, patients = sc.headers(prev, prevOff)
			inTable = true
		default:
			inTable = false
		}
		prev, prevOff = line, off
	})
}

// headers reads a table's header row, and says whether the table is one
// of patients.
func (sc *scanner) headers(line string, off int) (heads []header, patients bool) {
	names, ids, people := false, false, false
	for _, c := range cells(line, off) {
		h := readHeader(sc.s[c.start:c.end])
		heads = append(heads, h)
		names, ids = names || h.words > 0, ids || h.id
		people = people || h.person || patientHeader.MatchString(h.label)
	}
	return heads, people || names && ids
}

// csvTable reads a table without a delimiter row, a CSV file's: its first
// line is the header.
func (sc *scanner) csvTable() {
	var heads []header
	patients, first := false, true
	lines(sc.s, func(line string, off int) {
		switch {
		case strings.TrimSpace(line) == "":
		case first:
			heads, patients = sc.headers(line, off)
			first = false
		default:
			sc.row(cells(line, off), heads, patients)
		}
	})
}

// row reads one row of a table under its headers.
func (sc *scanner) row(cs []cell, heads []header, patients bool) {
	s := sc.s
	for k, c := range cs {
		if k >= len(heads) || c.end <= c.start {
			continue
		}
		h, v := heads[k], s[c.start:c.end]
		if h.label != "" {
			sc.labelled(h.label, c)
		}
		if !patients {
			continue
		}
		switch {
		case h.words > 0:
			if toks := sc.nameAt(c.start, 4); fullWords(toks) >= h.words {
				sc.addName(toks, true)
			}
		case h.id && countDigits(v) >= 4 && !measurement(v) && !yearish(v):
			sc.add(c.start, c.end, MRN)
		case cellDate.MatchString(v):
			sc.add(c.start, c.end, Date)
		}
	}
}

// labelled scans "label: text" where text is the cell c, and keeps what
// is found in the cell.
func (sc *scanner) labelled(label string, c cell) {
	prefix := label + ": "
	sub := scanner{d: sc.d, s: prefix + sc.s[c.start:c.end], sub: true}
	sub.scan()
	for _, f := range sub.result() {
		if f.start >= len(prefix) {
			sc.add(c.start+f.start-len(prefix), c.start+f.end-len(prefix), f.kind)
		}
	}
}

var (
	// refLike: an item of a list of references, not of patients.
	refLike    = regexp.MustCompile(`(?i)\bet al\b|\bdoi\b|\bpmid\b|\b(?:19|20)\d\d\s*;\s*\d|\bvol\.|\bpp\.|https?://|\[@`)
	listDate   = regexp.MustCompile(`(?i)\b(?:` + reFullDate + `|` + reCompact + `)`)
	listNumber = regexp.MustCompile(`\b[A-Za-z]{0,3}\d{5,}[A-Za-z]?\b`)
	listAge    = regexp.MustCompile(`(?i)^(9\d|1[01]\d|12[0-5])\s*(?:y|yo|y/o|yrs?|years?(?:\s+old)?)?\s*(?:[mf]|male|female)?$`)
	listLeadIn = regexp.MustCompile(`(?i)\b(?:patients?|pts?|census|ward|beds?|admitted|admissions|discharged|discharges|clinic\s+list|handover)\b`)
)

// listEntry is what one item of a list of patients holds.
type listEntry struct {
	item  string
	name  []nameTok
	found []span
}

// lists reads the Markdown lists of the text. An item that starts with a
// name and holds a full date, a long number or an age over 89 ("- Jane
// Doe, 12345678, 03/04/1951") is an entry of a list of patients when two
// such items stand together, or when one does in a list that speaks of
// patients ("Today's admissions:" before it, "bed 4" in it). Lists of
// references are not read.
func (sc *scanner) lists() {
	s := sc.s
	if sc.sub {
		return
	}
	var run []listEntry
	var prev, leadIn string // the line before the list
	flush := func() {
		if len(run) == 1 && !listLeadIn.MatchString(leadIn) && !listLeadIn.MatchString(run[0].item) {
			run = run[:0]
		}
		for _, e := range run {
			sc.addName(e.name, false)
			for _, f := range e.found {
				sc.add(f.start, f.end, f.kind)
			}
		}
		run = run[:0]
	}
	inList := false
	lines(s, func(line string, off int) {
		n := listMarker(line)
		if n < 0 {
			if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "  ") && inList {
				return // a loose list, or a continuation line
			}
			flush()
			inList = false
			prev = line
			return
		}
		if !inList {
			leadIn, inList = prev, true
		}
		if e, ok := sc.listEntry(line[n:], off+n); ok {
			run = append(run, e)
		}
	})
	flush()
}

// listMarker returns where the text of a list item starts in line, after
// its marker ("- ", "1. ", "2) "), a task box and emphasis, or -1.
func listMarker(line string) int {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	switch {
	case i < len(line) && (line[i] == '-' || line[i] == '*' || line[i] == '+'):
		i++
	case i < len(line) && isDigit(line[i]):
		d := i
		for i < len(line) && isDigit(line[i]) && i-d < 3 {
			i++
		}
		if i >= len(line) || (line[i] != '.' && line[i] != ')') {
			return -1
		}
		i++
	default:
		return -1
	}
	if i >= len(line) || (line[i] != ' ' && line[i] != '\t') {
		return -1
	}
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if strings.HasPrefix(line[i:], "[ ] ") || strings.HasPrefix(line[i:], "[x] ") || strings.HasPrefix(line[i:], "[X] ") {
		i += 4
	}
	if strings.HasPrefix(line[i:], "**") || strings.HasPrefix(line[i:], "__") {
		i += 2
	}
	return i
}

// listEntry reads one list item (its text at offset off).
func (sc *scanner) listEntry(item string, off int) (listEntry, bool) {
	e := listEntry{item: item}
	if item == "" {
		return e, false
	}
	k := off
	if w, _, ok := nameWord(sc.s, k); ok && honorifics[strings.ToLower(sc.s[k:w])] {
		k = w
		if byteAt(sc.s, k) == '.' {
			k++
		}
		k++
	}
	e.name = sc.nameAt(k, 4)
	if fullWords(e.name) < 2 && !(k > off && fullWords(e.name) == 1) {
		return e, false
	}
	if refLike.MatchString(item) {
		return e, false
	}
	end := e.name[len(e.name)-1].end
	rest := sc.s[end : off+len(item)]
	if r := strings.TrimLeft(rest, " *_"); r != "" && strings.IndexByte(",;:(-–|", r[0]) < 0 {
		return e, false // "Jane Doe was ...": a sentence
	}
	for _, m := range listDate.FindAllStringIndex(rest, -1) {
		a, b := end+m[0], end+m[1]
		if sc.endOK(b) && !sc.d.rangeAfter.MatchString(window(sc.s, b, 24)) {
			e.found = append(e.found, span{a, b, Date})
		}
	}
	for _, m := range listNumber.FindAllStringIndex(rest, -1) {
		a, b := end+m[0], end+m[1]
		v := sc.s[a:b]
		if yearish(v) || notPhoneBefore[sc.prevWord(a)] || units[sc.nextWord(b)] || inSpans(e.found, a) {
			continue
		}
		e.found = append(e.found, span{a, b, MRN})
	}
	for _, f := range strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ';' || r == '(' || r == ')' || r == '|' }) {
		if t := strings.TrimSpace(f); listAge.MatchString(t) {
			a := end + strings.Index(rest, t)
			m := listAge.FindStringSubmatchIndex(t)
			e.found = append(e.found, span{a + m[2], a + m[3], Age})
		}
	}
	return e, len(e.found) > 0
}

func inSpans(spans []span, at int) bool {
	for _, f := range spans {
		if f.start <= at && at < f.end {
			return true
		}
	}
	return false
}
