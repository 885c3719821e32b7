package phi

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Names are the first of Safe Harbor's identifiers (45 CFR
// 164.514(b)(2)(i)(A)): the names of the patient and of their relatives,
// employers and household. Without a dictionary of names, a name is told
// by where it stands: after an honorific ("Mrs Jane Doe", "Mr. Smith"),
// after "patient", "pt" or a relative ("patient John Smith", "her husband
// Tom Hale"), after a "name:" label, in the name column of a table of
// patients and at the head of an item of a list of patients (table.go).
// What is not flagged: initials ("Mr X", "Mrs A. B."), doctors ("Dr
// Smith"), capitalised words that are not names ("Patient Safety Goals",
// "patient Controlled Analgesia"), eponyms (a name followed by "syndrome",
// "disease", "scale"... and names used as eponyms, such as Glasgow or
// Parkinson, after "patient"), and, in a Scan, the people a site may name
// (Options.Names: authors, reviewers, cited authors).

// nameTok is one word of a name: a capitalised word, or an initial.
type nameTok struct {
	start, end int  // the word, without an initial's dot
	initial    bool // one capital letter, with or without a dot
}

// nameAt reads up to max name words from i: capitalised words and initials
// separated by one space (or one line break: text wraps), stopping at the
// first word that is not one. Words that cannot be names ("Safety",
// "Questionnaire") end the name too.
func (sc *scanner) nameAt(i, max int) []nameTok {
	s := sc.s
	var toks []nameTok
	k := i
	for len(toks) < max && k < len(s) {
		e, initial, ok := nameWord(s, k)
		if !ok || (!initial && !nameLike(s[k:e])) {
			break
		}
		toks = append(toks, nameTok{k, e, initial})
		n := e
		if initial && byteAt(s, n) == '.' {
			n++
		}
		if c := byteAt(s, n); (c == ' ' || c == '\n') && n+1 < len(s) && s[n+1] != ' ' && s[n+1] != '\n' {
			k = n + 1
			continue
		}
		break
	}
	return toks
}

// nameWord reads a capitalised word at k ("Smith", "O'Neil", "Smith-Jones",
// "McDonald", "Zoë"): its end (without a possessive 's), or an initial
// ("J", "J.": end is before the dot). Words in capitals ("ICU", "COVID")
// and words with digits are neither.
func nameWord(s string, k int) (end int, initial, ok bool) {
	r, sz := utf8.DecodeRuneInString(s[k:])
	if !unicode.IsUpper(r) {
		return 0, false, false
	}
	e := k + sz
	lower, afterSep := false, false
	for e < len(s) {
		r, sz := utf8.DecodeRuneInString(s[e:])
		if unicode.IsLower(r) {
			lower, afterSep = true, false
			e += sz
			continue
		}
		if unicode.IsUpper(r) && (lower || afterSep) { // McDonald, O'Neil
			afterSep = false
			e += sz
			continue
		}
		if (r == '\'' || r == '’' || r == '-') && e+sz < len(s) {
			if n, _ := utf8.DecodeRuneInString(s[e+sz:]); unicode.IsLetter(n) {
				afterSep = true
				e += sz
				continue
			}
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return 0, false, false
		}
		break
	}
	if !lower {
		single := e == k+sz
		return e, single, single
	}
	for _, p := range []string{"'s", "’s"} {
		if strings.HasSuffix(s[k:e], p) && e-len(p) > k+sz {
			e -= len(p)
		}
	}
	return e, false, true
}

func fullWords(toks []nameTok) int {
	n := 0
	for _, t := range toks {
		if !t.initial {
			n++
		}
	}
	return n
}

// nameLike reports whether a capitalised word may be a name: not a word
// of the language that text capitalises (a heading, a title, a start of a
// sentence), nor one made with a suffix names do not have.
func nameLike(w string) bool {
	l := strings.ToLower(w)
	if notNames[l] || honorifics[l] || eponymNext[l] {
		return false
	}
	for _, suf := range notNameSuffixes {
		if len(l) > len(suf)+2 && strings.HasSuffix(l, suf) {
			return false
		}
	}
	return true
}

// addName flags the words toks, unless they are an eponym.
func (sc *scanner) addName(toks []nameTok, strong bool) {
	if len(toks) == 0 || fullWords(toks) == 0 || sc.eponym(toks, strong) {
		return
	}
	sc.add(toks[0].start, toks[len(toks)-1].end, Name)
}

// eponym reports whether the name toks is a disease, sign or scale named
// after someone: it is followed by a word such as "syndrome" or "scale"
// (after a possessive 's or not); or, unless an honorific names a person
// (strong), it starts with a name medicine uses as an eponym ("pt
// Parkinson Disease Questionnaire"); or a word of it is a place ("pt
// Glasgow Coma Scale 8").
func (sc *scanner) eponym(toks []nameTok, strong bool) bool {
	s := sc.s
	e := toks[len(toks)-1].end
	if strings.HasPrefix(s[e:], "'s ") || strings.HasPrefix(s[e:], "’s ") {
		e += len("'s")
		if s[e-2] != '\'' {
			e += len("’") - 1
		}
	}
	if eponymNext[sc.nextWord(e)] {
		return true
	}
	for i, t := range toks {
		w := strings.ToLower(s[t.start:t.end])
		if places[w] || (i == 0 && !strong && eponyms[w]) {
			return true
		}
	}
	return false
}

// honorific finds a name after "Mr", "Mrs", "Ms", "Miss" or "Mx", written
// with a capital (MR and MS are mitral regurgitation and multiple
// sclerosis): "Mrs Jane Doe", "Mr. Smith", but not "Mr X" or "Mrs A.B.".
func (sc *scanner) honorific(i, j int) {
	s := sc.s
	if !isUpper(s[i]) || strings.ToLower(s[i+1:j]) != s[i+1:j] {
		return
	}
	k := j
	if byteAt(s, k) == '.' {
		k++
	}
	if byteAt(s, k) != ' ' {
		return
	}
	sc.addName(sc.nameAt(k+1, 4), true)
}

// personName finds a name after "patient", "pt" or a relative: "patient
// John Smith", "pt: Jane Doe", "the patient, Mary Ann Lee,", "her husband
// Tom Hale", "a patient named Ravi". Without "named" or "called", a name
// has two words at least: "patient Smith" may be the start of a title.
func (sc *scanner) personName(i, j int) {
	s := sc.s
	w := s[i:j]
	if w == "PT" || w == "PATIENT" {
		return // prothrombin time; a heading in capitals
	}
	k := j
	if byteAt(s, k) == '.' && strings.EqualFold(w, "pt") {
		k++
	}
	for k < len(s) && k-j < 4 && strings.IndexByte(" ,:;-", s[k]) >= 0 {
		k++
	}
	need := 2
	if nw := sc.nextWord(k); nw == "named" || nw == "called" {
		k += len(nw)
		for k < len(s) && s[k] == ' ' {
			k++
		}
		need = 1
	}
	if k == j || k >= len(s) {
		return
	}
	toks := sc.nameAt(k, 4)
	if fullWords(toks) < need {
		return
	}
	sc.addName(toks, false)
}

// nameLabel finds a name after a label: "Name: Jane Doe", "patient name =
// John Smith", "surname: Doe". A bare "name:" needs two words.
func (sc *scanner) nameLabel(i, j int) {
	s := sc.s
	k := j
	for k < len(s) && k-j < 3 && (s[k] == ' ' || s[k] == '*' || s[k] == '_') {
		k++
	}
	if c := byteAt(s, k); c != ':' && c != '=' {
		return
	}
	k++
	for k < len(s) && k-j < 8 && (s[k] == ' ' || s[k] == '*' || s[k] == '_') {
		k++
	}
	need := 2
	switch strings.ToLower(s[i:j]) {
	case "surname", "forename", "forenames":
		need = 1
	case "name":
		switch sc.prevWord(i) {
		case "patient", "pt", "s", "full", "first", "last", "given", "family", "maiden", "client", "resident", "relative", "kin", "carer", "caregiver", "contact":
			need = 1
		case "":
		default:
			return // "drug name:", "brand name:"
		}
	}
	toks := sc.nameAt(k, 4)
	if fullWords(toks) < need {
		return
	}
	sc.addName(toks, false)
}

// knownName is a person the site may name, by family name and initial.
type knownName struct {
	family  string // lower case
	initial byte   // lower case, 0 when not known
}

// parseKnown reads a person's name as people.toml ("Alice Smith, MD") or a
// reference ("Singer M", "Seymour, Christopher W.", "Christopher Seymour")
// writes it.
func parseKnown(name string) (knownName, bool) {
	name = strings.TrimSpace(name)
	if family, given, ok := strings.Cut(name, ","); ok && !credential(strings.TrimSpace(given)) {
		f := strings.Fields(family)
		g := strings.Fields(given)
		if len(f) == 0 {
			return knownName{}, false
		}
		k := knownName{family: strings.ToLower(f[len(f)-1])}
		if len(g) > 0 {
			k.initial = lowerInitial(g[0])
		}
		return k, true
	} else if ok {
		name = family // "Alice Smith, MD"
	}
	var words []string
	for _, w := range strings.Fields(name) {
		w = strings.Trim(w, ".,;")
		if w == "" || honorifics[strings.ToLower(w)] || strings.EqualFold(w, "dr") || strings.EqualFold(w, "prof") {
			continue
		}
		words = append(words, w)
	}
	switch {
	case len(words) == 0:
		return knownName{}, false
	case len(words) >= 2 && credential(words[len(words)-1]) && len(words[len(words)-1]) <= 3:
		// Vancouver: "Singer M", "Seymour CW".
		return knownName{family: strings.ToLower(words[len(words)-2]), initial: lowerInitial(words[len(words)-1])}, true
	case len(words) == 1:
		return knownName{family: strings.ToLower(words[0])}, true
	}
	return knownName{family: strings.ToLower(words[len(words)-1]), initial: lowerInitial(words[0])}, true
}

// credential reports whether w is written in capitals: credentials ("MD",
// "PhD" excepted) and Vancouver initials ("CW").
func credential(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsUpper(r) && r != '.' {
			return false
		}
	}
	return true
}

func lowerInitial(w string) byte {
	if w == "" || w[0] >= utf8.RuneSelf {
		return 0
	}
	return w[0] | 0x20
}

// known reports whether the flagged name text is one of names: the same
// family name (its last word), and the same initial when both have one.
func known(text string, names []knownName) bool {
	words := strings.Fields(text)
	if len(words) == 0 {
		return false
	}
	family := strings.ToLower(strings.Trim(words[len(words)-1], "."))
	var initial byte
	if len(words) > 1 {
		initial = lowerInitial(words[0])
	}
	for _, n := range names {
		if n.family == family && (n.initial == 0 || initial == 0 || n.initial == initial) {
			return true
		}
	}
	return false
}
