package content

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// legalSuffixes are the words of a company's legal form, left out when
// two names are compared ("Acme Pharma Inc." is Acme Pharma).
var legalSuffixes = map[string]bool{
	"inc": true, "incorporated": true, "corp": true, "corporation": true, "co": true, "company": true,
	"ltd": true, "limited": true, "gmbh": true, "ag": true, "llc": true, "llp": true, "lp": true, "plc": true,
	"sa": true, "sas": true, "sarl": true, "srl": true, "spa": true, "bv": true, "nv": true, "kk": true, "pty": true, "ab": true, "as": true, "oy": true,
}

// CompanyKey is the form in which company names are compared: Unicode
// compatibility normalisation (a no-break space is a space), case folded,
// punctuation and runs of space as one space, and trailing legal forms
// (Inc, Ltd, GmbH, AG, LLC, plc, S.A. ...) left out. A reviewer tied to
// "Acme Pharma Inc." or "Acme\u00a0Pharma" has a relationship with the
// supporter "Acme Pharma" (ACCME Standard 4: independence from the
// supporter); comparing names as written let such a reviewer sign.
func CompanyKey(name string) string {
	s := strings.ToLower(norm.NFKC.String(name))
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '.' || r == '\'' || r == '’':
			return -1 // S.A. -> sa, Inc. -> inc
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return r
		case r == '&':
			return r
		}
		return ' '
	}, s)
	words := strings.Fields(s)
	for len(words) > 1 && legalSuffixes[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

// SameCompany reports whether two names denote the same company.
func SameCompany(a, b string) bool {
	ka := CompanyKey(a)
	return ka != "" && ka == CompanyKey(b)
}
