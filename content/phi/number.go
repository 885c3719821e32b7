package phi

import (
	"strings"
)

func (sc *scanner) dateOK(start, end int) bool {
	if isDigit(byteAt(sc.s, end)) {
		return false
	}
	v := sc.s[start:end]
	if len(v) > 0 && isDigit(v[0]) && strings.ContainsAny(v, "/.-") && countDigits(v) >= 4 {
		parts := strings.FieldsFunc(v, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
		if len(parts) != 3 {
			return false
		}
		num := func(p string) int {
			n := 0
			for i := 0; i < len(p) && i < 4; i++ {
				n = n*10 + int(p[i]-'0')
			}
			return n
		}
		a, b, c := num(parts[0]), num(parts[1]), num(parts[2])
		if len(parts[0]) == 4 {
			if b < 1 || b > 12 || c < 1 || c > 31 {
				return false
			}
		} else if a < 1 || b < 1 || a > 31 || b > 31 || (a > 12 && b > 12) {
			return false
		}
		if (end < len(sc.s)) && strings.IndexByte("/.-", sc.s[end]) >= 0 && isDigit(byteAt(sc.s, end+1)) {
			return false
		}
	}
	return !sc.d.rangeAfter.MatchString(window(sc.s, end, 24))
}

// notCohort refuses "patients admitted on 1 March 2020": a study's
// inclusion date, not a person's.
func (sc *scanner) notCohort(at, start, end int) bool {
	return !cohort[sc.prevWord(at)]
}

// personBefore reports whether the sentence before at speaks of one
// person: "she", "the patient", "a 67-year-old man", "Mrs Jones".
func (sc *scanner) personBefore(at, start, end int) bool {
	s := sc.s
	lo := max(0, at-200)
	k := at
	for k > lo {
		c := s[k-1]
		if (c == '.' || c == '!' || c == '?') && k < len(s) && (s[k] == ' ' || s[k] == '\n') {
			w := sc.prevWord(k)
			if !(c == '.' && (w == "mr" || w == "mrs" || w == "ms" || w == "dr" || w == "st" || w == "vs" || w == "no")) {
				break
			}
		}
		if c == '\n' && k >= 2 && s[k-2] == '\n' {
			break
		}
		k--
	}
	prev := ""
	for i := k; i < at; {
		if !isLetter(s[i]) {
			i++
			continue
		}
		j := i
		for j < at && isLetter(s[j]) {
			j++
		}
		w := strings.ToLower(s[i:j])
		if personWords[w] || (w == "old" && (prev == "year" || prev == "years")) {
			return true
		}
		prev = w
		i = j
	}
	return false
}

// ageOK refuses the Safe Harbor category "90 or older", ranges, cohort
// statistics, and things that are old but not people.
func (sc *scanner) ageOK(at, start, end int) bool {
	v := sc.s[start:end]
	if isDigit(v[0]) {
		n := 0
		for i := 0; i < len(v) && isDigit(v[i]); i++ {
			n = n*10 + int(v[i]-'0')
		}
		if n < 90 || n > 125 {
			return false
		}
	}
	if sc.d.ageAfter.MatchString(window(sc.s, end, 40)) {
		return false
	}
	p := sc.prevWord(at)
	if meanWords[p] || overWords[p] || p == "to" || p == "and" {
		return false
	}
	b := strings.TrimRight(sc.s[max(0, at-8):at], " ")
	if strings.HasSuffix(b, ">") || strings.HasSuffix(b, "≥") || strings.HasSuffix(b, "+") ||
		strings.HasSuffix(b, "-") && len(b) >= 2 && isDigit(b[len(b)-2]) {
		return false // "≥ 90", "80-95-year-old"
	}
	return !notPerson[sc.nextWord(end)]
}

// number runs the detectors that start at a number.
func (sc *scanner) number(i, j int) {
	s := sc.s
	n := j - i
	next := byteAt(s, j)
	if n == 2 && s[i] == '1' && s[i+1] == '0' && next == '.' {
		if m := sc.d.doi.FindStringIndex(window(s, i, 400)); m != nil {
			e := i + m[1]
			for e > i && strings.IndexByte(".,;:'*_", s[e-1]) >= 0 {
				e--
			}
			if s[e-1] == ')' && !strings.Contains(s[i:e-1], "(") {
				e--
			}
			sc.quiet = append(sc.quiet, [2]int{i, e})
			return
		}
	}
	if n <= 3 && next == '.' {
		sc.ipv4(i)
	}
	sc.phone(i, n)
	if n == 3 && next == '-' {
		if m := sc.d.ssn.FindStringIndex(window(s, i, 12)); m != nil && sc.endOK(i+m[1]) && !notPhoneBefore[sc.prevWord(i)] {
			sc.add(i, i+m[1], SSN)
		}
	}
	if n == 5 {
		sc.zip(i, j)
	}
	if n == 2 && s[i] == '9' || n == 3 && s[i] == '1' && (s[i+1] == '0' || s[i+1] == '1' || s[i+1] == '2' && s[i+2] <= '5') {
		if m := sc.d.ageNum.FindStringIndex(window(s, i, 40)); m != nil && !isAlnum(byteAt(s, i+m[1])) {
			if sc.ageOK(i, i, i+m[1]) {
				sc.add(i, i+m[1], Age)
			}
		}
	}
	if n <= 6 && sc.streetShape(j) {
		sc.street(i)
	}
	if n <= 4 && sc.dateShape(i, j) {
		sc.dateThenEvent(i, j)
	}
}

func (sc *scanner) ipv4(i int) {
	s := sc.s
	k := i
	for g := 0; g < 4; g++ {
		v, d := 0, 0
		for k < len(s) && d < 4 && isDigit(s[k]) {
			v = v*10 + int(s[k]-'0')
			k++
			d++
		}
		if d == 0 || d > 3 || v > 255 {
			return
		}
		if g == 0 && (v == 127 || v == 0 || v == 255) {
			return // loopback, unspecified, netmasks: no one's address
		}
		if g < 3 {
			if byteAt(s, k) != '.' {
				return
			}
			k++
		}
	}
	if isAlnum(byteAt(s, k)) || (byteAt(s, k) == '.' && isDigit(byteAt(s, k+1))) {
		return
	}
	if i >= 2 && s[i-1] == '.' && isDigit(s[i-2]) {
		return
	}
	if notIPBefore[sc.prevWord(i)] || byteAt(s, i-1) == '§' {
		return
	}
	sc.add(i, k, IP)
}

// phone finds telephone and fax numbers by their shape: North American,
// international with +, and national with a leading 0.
func (sc *scanner) phone(i, n int) {
	s := sc.s
	ws := i
	if i > 0 && (s[i-1] == '(' || s[i-1] == '+') {
		ws = i - 1
	}
	if ws > 0 && isAlnum(s[ws-1]) {
		return
	}
	w := window(s, ws, 48)
	var m []int
	if s[ws] == '+' {
		if m = sc.d.intlPhone.FindStringIndex(w); m != nil {
			if d := countDigits(w[:m[1]]); d < 8 || d > 15 {
				m = nil
			}
		}
	}
	if m == nil && (n == 3 || n == 1 && s[i] == '1') {
		k := i + n
		if byteAt(s, k) == ')' {
			k++
		}
		if c := byteAt(s, k); c == ' ' || c == '.' || c == '-' {
			k++
		}
		if c := byteAt(s, k); isDigit(c) || c == '(' {
			m = sc.d.usPhone.FindStringIndex(w)
		}
	}
	if m == nil && s[i] == '0' && n >= 2 {
		if m = sc.d.natPhone.FindStringIndex(w); m != nil {
			if d := countDigits(w[:m[1]]); d < 10 || d > 11 {
				m = nil
			}
		}
	}
	if m == nil {
		return
	}
	e := ws + m[1]
	if !sc.endOK(e) || units[sc.nextWord(e)] || notPhoneBefore[sc.prevWord(ws)] {
		return
	}
	sc.add(ws, e, Phone)
}

func (sc *scanner) zip(i, j int) {
	s := sc.s
	if notPhoneBefore[sc.prevWord(i)] {
		return
	}
	if byteAt(s, j) == '-' {
		if m := sc.d.zip4.FindStringIndex(window(s, i, 10)); m != nil && sc.endOK(i+m[1]) && !units[sc.nextWord(i+m[1])] {
			sc.add(i, i+m[1], ZIP4)
		}
		return
	}
	// "Springfield, IL 62704": a five-digit ZIP code after a state.
	if i >= 5 && s[i-1] == ' ' && s[i-4] == ' ' && s[i-5] == ',' && states[s[i-3:i-1]] && sc.endOK(j) {
		sc.add(i, j, ZIP)
	}
}

// streetShape reports whether the number ending at j may start a street
// address: "221B Baker", "12-14 Station", "7, Elm".
func (sc *scanner) streetShape(j int) bool {
	s := sc.s
	if isLetter(byteAt(s, j)) && byteAt(s, j+1) == ' ' {
		j++
	}
	if c := byteAt(s, j); (c == '-' || c == '/') && isDigit(byteAt(s, j+1)) {
		for j++; isDigit(byteAt(s, j)); j++ {
		}
		if isLetter(byteAt(s, j)) {
			j++
		}
	}
	if byteAt(s, j) == ',' {
		j++
	}
	if byteAt(s, j) != ' ' || !isUpper(byteAt(s, j+1)) {
		return false
	}
	// One to four names, then a street word: "Baker Street", "5th Ave".
	for w, k := 0, j+1; w < 5; w++ {
		b := k
		for k < len(s) && k-b < 20 && (isAlnum(s[k]) || s[k] == '\'' || s[k] == '-') {
			k++
		}
		if k == b {
			return false
		}
		if w > 0 && streetWords[s[b:k]] {
			return true
		}
		if !isUpper(s[b]) && !(isDigit(s[b]) && isLetter(s[k-1])) {
			return false
		}
		if byteAt(s, k) == '.' {
			k++
		}
		if byteAt(s, k) != ' ' {
			return false
		}
		k++
	}
	return false
}

// dateShape reports whether the number from i to j may start a date:
// "12/03/2024", "2024-03-12", "12 March", "12th of March".
func (sc *scanner) dateShape(i, j int) bool {
	s := sc.s
	c := byteAt(s, j)
	if c == '/' || c == '.' || c == '-' {
		k := j + 1
		for k < len(s) && k-j <= 2 && isDigit(s[k]) {
			k++
		}
		return k > j+1 && k < len(s) && s[k] == c && isDigit(byteAt(s, k+1))
	}
	if j-i > 2 {
		return false
	}
	k := j
	if isLetter(c) { // 12th
		for k < len(s) && k-j < 2 && isLetter(s[k]) {
			k++
		}
	}
	w := sc.nextWord(k)
	if w == "of" {
		w = sc.nextWord(k + 1 + 2)
	}
	return months[w]
}

func (sc *scanner) street(i int) {
	m := sc.d.street.FindStringSubmatchIndex(window(sc.s, i, 120))
	if m == nil {
		return
	}
	for _, w := range strings.Fields(sc.s[i+m[4] : i+m[5]]) {
		if streetStop[strings.ToLower(w)] {
			return
		}
	}
	end := i + m[3]
	if suffix := strings.TrimSuffix(sc.s[i+m[6]:i+m[7]], "."); suffix == "St" || suffix == "Dr" {
		// "12 St Thomas", "2 Dr Jones": a saint or a doctor, not a street.
		if byteAt(sc.s, end) == ' ' && isUpper(byteAt(sc.s, end+1)) {
			return
		}
	}
	switch sc.prevWord(i) {
	case "grade", "stage", "figure", "fig", "table", "step", "type", "class", "level", "version", "page", "chapter", "section", "day", "week", "month", "year", "bed", "ward", "room", "box":
		return
	}
	sc.add(i, end, Street)
}

// dateThenEvent finds a date followed by the person and an event: "On 12
// March 2024 she was admitted", "12/03/2024: admitted to ICU".
func (sc *scanner) dateThenEvent(i, j int) {
	if isLetter(sc.s[i]) && !isDigit(byteAt(sc.s, j+1)) && !isDigit(byteAt(sc.s, j+2)) {
		return // a month name not followed by a day
	}
	m := sc.d.date.FindStringIndex(window(sc.s, i, 40))
	if m == nil {
		return
	}
	e := i + m[1]
	if !sc.dateOK(i, e) || isAlnum(byteAt(sc.s, e)) {
		return
	}
	k := e
	for k < len(sc.s) && k-e < 4 && (sc.s[k] == ',' || sc.s[k] == ' ') {
		k++
	}
	if c := byteAt(sc.s, k); c != ':' && c != '-' && c != 0xE2 && !eventStarts[sc.nextWord(k)] {
		return // neither "12 March: admitted" nor "12 March, she was admitted"
	}
	if sc.d.dateAfter.MatchString(window(sc.s, e, 120)) {
		sc.add(i, e, Date)
	}
}

// email finds an address around the '@' at i.
