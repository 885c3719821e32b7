package phi

import (
	"regexp"
	"strings"
)

// National is a national identifier written the local way (issue 23):
// an NHS number, a French NIR, a Spanish DNI or NIE.
const National = "national identifier"

// The national identifiers, each checked by its own check digit or key, so
// that a plain number of the same length is not flagged.
var (
	// NHS number: 10 digits, often 3-3-4, the tenth a modulus 11 check.
	nhsRE = regexp.MustCompile(`^(\d{3})[ -]?(\d{3})[ -]?(\d{4})\b`)
	// NIR (numéro de sécurité sociale): sex, year, month, department
	// (2A/2B for Corsica), commune, order, then a two-digit key: 97 minus
	// the number modulo 97. Written with or without spaces.
	nirRE = regexp.MustCompile(`^([12])[ ]?(\d{2})[ ]?(0[1-9]|1[0-2]|[2-9]\d)[ ]?(\d{2}|2[AB])[ ]?(\d{3})[ ]?(\d{3})[ ]?(\d{2})\b`)
	// DNI: 8 digits and the letter of their value modulo 23; NIE: X, Y or
	// Z (0, 1, 2), 7 digits and the same letter.
	dniRE = regexp.MustCompile(`^(\d{8})[ -]?([A-Z])\b`)
	nieRE = regexp.MustCompile(`^([XYZ])[ -]?(\d{7})[ -]?([A-Z])\b`)
	// A date of birth under its name in a shipped language: "fecha de
	// nacimiento 03/04/1951", "né le 3/4/1951", "geboren am 03.04.1951",
	// "生年月日 1951年4月3日", "تاريخ الميلاد 03/04/1951".
	dobRE = regexp.MustCompile(`(?i)(?:fecha de nacimiento|f\. ?nac\.?|nacid[oa] el|né(?:e)? le|date de naissance|geboren am|geburtsdatum|geb\. ?am|data de nascimento|nascid[oa] em|生年月日|出生日期|تاريخ الميلاد|مواليد)[\s:：]*(\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}(?:\.|er)? [a-zé]{3,9}\.? \d{4})`)
)

const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

// nationalID looks for a national identifier starting at the digit or
// capital letter at i (not preceded by a letter or digit).
func (sc *scanner) nationalID(i int) {
	// Every identifier here has at least 7 digits within its first 22
	// bytes: most numbers are turned away before any regexp runs (and
	// allocates).
	if countDigits(window(sc.s, i, 22)) < 7 {
		return
	}
	s := sc.s[i:]
	if m := nhsRE.FindStringSubmatchIndex(s); m != nil {
		digits := s[m[2]:m[3]] + s[m[4]:m[5]] + s[m[6]:m[7]]
		if nhsValid(digits) {
			sc.add(i, i+m[1], National)
			return
		}
	}
	if m := nirRE.FindStringSubmatchIndex(s); m != nil {
		if nirValid(sc.s[i : i+m[1]]) {
			sc.add(i, i+m[1], National)
			return
		}
	}
	if m := dniRE.FindStringSubmatch(s); m != nil {
		if n := atoi(m[1]); dniLetters[n%23] == m[2][0] {
			sc.add(i, i+len(m[0]), National)
			return
		}
	}
	if m := nieRE.FindStringSubmatch(s); m != nil {
		n := atoi(string(rune('0'+strings.IndexByte("XYZ", m[1][0]))) + m[2])
		if dniLetters[n%23] == m[3][0] {
			sc.add(i, i+len(m[0]), National)
		}
	}
}

// localDates flags dates of birth written under their name in the
// shipped languages other than English (which the date rules read).
func (sc *scanner) localDates() {
	if !mayNameBirthDate(sc.s) {
		return
	}
	for _, m := range dobRE.FindAllStringSubmatchIndex(sc.s, -1) {
		sc.add(m[2], m[3], Date)
	}
}

// birthDateStems are pieces of dobRE's names, one in each, that case
// folding cannot spell in any other way once lowered: of the letters in
// them only s has a fold outside ASCII (ſ), so "nasc" is looked for in
// both spellings.
var birthDateStems = []string{"nac", "né", "nai", "geb", "nasc", "naſc", "生年月日", "出生日期", "تاريخ الميلاد", "مواليد"}

// mayNameBirthDate reports whether s could hold a match of dobRE: a
// digit and one of its names. dobRE cannot start from a literal, so it
// walks every byte of every text; most texts are turned away here (it
// was a fifth of a build's CPU).
func mayNameBirthDate(s string) bool {
	if !strings.ContainsAny(s, "0123456789") {
		return false
	}
	l := strings.ToLower(s)
	for _, stem := range birthDateStems {
		if strings.Contains(l, stem) {
			return true
		}
	}
	return false
}

// nhsValid: weights 10 to 2 on the first nine digits; 11 minus the sum
// modulo 11 is the tenth (11 reads as 0; 10 is never issued).
func nhsValid(d string) bool {
	if len(d) != 10 || strings.Count(d, d[:1]) == 10 {
		return false
	}
	sum := 0
	for k := 0; k < 9; k++ {
		sum += int(d[k]-'0') * (10 - k)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(d[9]-'0')
}

// nirValid: the key is 97 minus the 13-character number modulo 97, with
// 2A read as 19 and 2B as 18 (Corsica).
func nirValid(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	if len(s) != 15 {
		return false
	}
	body, key := s[:13], s[13:]
	body = strings.Replace(strings.Replace(body, "2A", "19", 1), "2B", "18", 1)
	n := 0
	for _, c := range body {
		if c < '0' || c > '9' {
			return false
		}
		n = (n*10 + int(c-'0')) % 97
	}
	return 97-n == atoi(key)
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}
