package phi

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Safe Harbor's (B): every geographic subdivision smaller than a state —
// street address, city, county, precinct, ZIP code (but its first three
// digits) — and (L) and (M): vehicle and device identifiers and serial
// numbers. Street addresses, PO boxes and ZIP codes by their shape are in
// number.go; what is here needs a word before it.

// addressLabel flags what follows "address:" up to the end of the line,
// the cell or the sentence, when it names a place: a capitalised word or
// a number ("Address: Flat 3, Rose Court, Leeds").
func (sc *scanner) addressLabel(i, j int) {
	s := sc.s
	k := j
	for k < len(s) && k-j < 3 && (s[k] == ' ' || s[k] == '*' || s[k] == '_') {
		k++
	}
	if c := byteAt(s, k); c != ':' && c != '=' {
		return
	}
	switch sc.prevWord(i) {
	case "", "home", "street", "postal", "mailing", "patient", "s", "residential", "permanent", "current", "previous", "billing":
	default:
		return // "IP address:", "e-mail address:" have detectors of their own
	}
	k++
	for k < len(s) && s[k] == ' ' {
		k++
	}
	e := k
	for e < len(s) && e-k < 120 && s[e] != '\n' && s[e] != '|' && !(s[e] == '.' && (e+1 == len(s) || s[e+1] == ' ' || s[e+1] == '\n')) {
		e++
	}
	for e > k && (s[e-1] == ' ' || s[e-1] == '*' || s[e-1] == '_') {
		e--
	}
	v := s[k:e]
	if v == "" {
		return
	}
	r, _ := utf8.DecodeRuneInString(v)
	if !unicode.IsUpper(r) && !isDigit(v[0]) {
		return // "address: see the discharge letter"
	}
	sc.add(k, e, Street)
}

// livesIn flags a town after "lives in", "resides in", "resident of",
// "from the village of": "lives in Springfield". A state, a country or a
// larger region is not a subdivision smaller than a state.
func (sc *scanner) livesIn(i, j int) {
	s := sc.s
	k := j
	w := strings.ToLower(s[i:j])
	next := sc.nextWord(k)
	switch {
	case (w == "lives" || w == "lived" || w == "living" || w == "resides" || w == "resided" || w == "residing") && next == "in":
	case w == "resident" && next == "of":
	default:
		return
	}
	k += 1 + len(next)
	if byteAt(s, k) != ' ' {
		return
	}
	toks := sc.nameAt(k+1, 3)
	if fullWords(toks) == 0 {
		return
	}
	name := strings.ToLower(s[toks[0].start:toks[len(toks)-1].end])
	if largeAreas[name] || largeAreas[strings.ToLower(s[toks[0].start:toks[0].end])] {
		return
	}
	sc.add(toks[0].start, toks[len(toks)-1].end, Place)
}

// serialBare flags "serial" right before a serial number, without "no."
// or a colon: "pacemaker serial PJN123456", "(serial RNB123456H)". The
// number has four digits at least and is not a dose: "serial 1000 mL
// boluses", "serial 12-lead ECGs", "serial 2024 samples" are not serial
// numbers; one without letters has six digits at least.
func (sc *scanner) serialBare(at, start, end int) bool {
	v := sc.s[start:end]
	if units[sc.nextWord(end)] || measurement(v) || yearish(v) {
		return false
	}
	letters := false
	for i := 0; i < len(v); i++ {
		if isLetter(v[i]) {
			letters = true
		}
		if v[i] == '-' && i+1 < len(v) && v[i+1] >= 'a' && v[i+1] <= 'z' {
			return false // "5000-unit doses"
		}
	}
	return letters || countDigits(v) >= 6
}

// plateOK checks a vehicle's plate or identification number: five to
// seventeen letters and digits, with a digit.
func (sc *scanner) plateOK(at, start, end int) bool {
	n := 0
	for i := start; i < end; i++ {
		if isAlnum(sc.s[i]) {
			n++
		}
	}
	return n >= 5 && n <= 17 && countDigits(sc.s[start:end]) > 0
}

// vin flags a vehicle identification number without a label: seventeen
// capitals and digits (no I, O or Q) whose check digit, the ninth, is
// right (ISO 3779, as North America requires it).
func (sc *scanner) vin(i int) {
	s := sc.s
	if i+17 > len(s) || (i+17 < len(s) && isAlnum(s[i+17])) {
		return
	}
	const weights = "\x08\x07\x06\x05\x04\x03\x02\x0a\x00\x09\x08\x07\x06\x05\x04\x03\x02"
	sum, letters, digits := 0, 0, 0
	for k := 0; k < 17; k++ {
		c := s[i+k]
		var v int
		switch {
		case isDigit(c):
			v = int(c - '0')
			digits++
		case c >= 'A' && c <= 'Z' && c != 'I' && c != 'O' && c != 'Q':
			v = vinValue(c)
			letters++
		default:
			return
		}
		sum += v * int(weights[k])
	}
	check := byte('0' + sum%11)
	if sum%11 == 10 {
		check = 'X'
	}
	if letters == 0 || digits < 4 || s[i+8] != check {
		return
	}
	sc.add(i, i+17, Vehicle)
}

// vinValue is a letter's value in the check digit of a VIN.
func vinValue(c byte) int {
	switch {
	case c <= 'H':
		return int(c-'A') + 1
	case c <= 'R':
		return int(c-'J')%9 + 1
	}
	return int(c-'S') + 2
}
