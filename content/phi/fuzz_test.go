package phi

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFind: the scanner never panics, and its findings (of the text, and
// of the text read as a CSV file) are in bounds, non-empty, sorted, not
// nested, and quote the text they point at; the allowances it lists point
// at their comments.
func FuzzFind(f *testing.F) {
	for _, c := range loadCorpus(f) {
		f.Add(c.text)
	}
	for _, s := range []string{
		benchText,
		"", "@", "::", ":::", "<!--", "<!-- phi-ok", `<!-- phi-ok: "`, `<!-- phi-ok: "x" -->`,
		"10.", "10.1234/", "http://", "https://x/?mrn=", "www.", "a@b.c", "+", "(", "０", "\u200b",
		"1:2:3:4:5:6:7:8:9", "::ffff:192.0.2.1", "[2001:db8::1]:8080", "00:1a:2b:3c:4d:5e:6f",
		"DOB", "DOB 31/31/2024", "943 476 5919", "1 84 12 76 451 089 46", "2A", "1 84 12 2A 451 089 46", "12345678Z", "X1234567L", "Z", "né le 3 avril", "生年月日 1951年", "تاريخ الميلاد 03/04/1951", "born on 31 February", "aged 125", "aged 126", "MRN \u200b１\u200b２\u200b３",
		"```\n<!-- phi-ok: \"a\" b -->\n", "`` ` <!-- phi-ok: 'x' y --> ``",
		strings.Repeat("1:", 200), strings.Repeat("a@", 200), strings.Repeat("<!--", 100),
		strings.Repeat("http://x/", 100), strings.Repeat("555-123-4567 ", 50),
		"&", "&#", "&#x", "&#45", "&#45;", "&#x110000;", "&amp;#45;", "\\", "\\-", "123&#45;45&#45;6789",
		"|", "|\n|-|", "| name |\n|---|\n| Jane Doe |", "| a | b |\n|---|---|\n| \\| | x", "|---|\n|---|",
		"- Jane Doe, 12345678", "- ", "1.", "1) Jane Doe, 03/04/1951\n2) John Smith, 12/11/1949",
		"Mr", "Mrs ", "Mrs O'", "Mr A-", "patient ", "pt.", "Name:", "name: Zoë", "lives in ", "Address:",
		"VIN", "1HGCM82633A004352", "serial ", "Ｍｒｓ Ｊａｎｅ Ｄｏｅ",
	} {
		f.Add(s)
	}
	for _, root := range []string{"../../examples"} {
		_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
				if b, err := os.ReadFile(p); err == nil {
					f.Add(string(b))
				}
			}
			return nil
		})
	}
	f.Fuzz(func(t *testing.T, text string) {
		check := func(got []Finding) {
			prevStart, prevEnd := -1, -1
			for _, p := range got {
				if p.Start < 0 || p.End > len(text) || p.Start >= p.End {
					t.Fatalf("finding %v out of bounds (len %d)", p, len(text))
				}
				if p.Text != text[p.Start:p.End] || p.Kind == "" {
					t.Fatalf("finding %v does not quote text[%d:%d] = %q", p, p.Start, p.End, text[p.Start:p.End])
				}
				if p.Start < prevStart || (p.Start == prevStart && p.End > prevEnd) {
					t.Fatalf("findings out of order: %v", got)
				}
				if p.End <= prevEnd {
					t.Fatalf("finding %v inside the previous one: %v", p, got)
				}
				if utf8.ValidString(text) && (!utf8.ValidString(p.Text)) {
					t.Fatalf("finding %v splits a character", p)
				}
				prevStart, prevEnd = p.Start, p.End
			}
		}
		check(Find(text))
		// The same text as a CSV file: the same guarantees.
		check(NewScan(Options{}).AddTable(text, ',').Findings())
		prev := -1
		for _, a := range Allowances([]byte(text)) {
			if a.Offset <= prev || a.Offset < 0 || !strings.HasPrefix(text[a.Offset:], "<!--") || a.Text == "" {
				t.Fatalf("allowance %+v (previous at %d)", a, prev)
			}
			prev = a.Offset
		}
	})
}

// FuzzBirthDatePrefilter: the cheap test that lets localDates skip a
// text never turns away one that dobRE matches, in any case folding.
func FuzzBirthDatePrefilter(f *testing.F) {
	for _, s := range []string{
		"fecha de nacimiento 03/04/1951", "FECHA DE NACIMIENTO: 3/4/51", "F. NAC. 1/2/1951", "f.nac 1/2/51",
		"NACIDA EL 3 abril 1951", "NÉ LE 3/4/1951", "Née le 3er avril 1951", "DATE DE NAISSANCE 03.04.1951",
		"date de naiſſance 03.04.1951", "GEBOREN AM 03.04.1951", "Geburtsdatum: 03.04.1951", "geburtſdatum 3.4.1951",
		"GEB. AM 3.4.1951", "geb.am 3.4.1951", "DATA DE NASCIMENTO 03/04/1951", "NAſCIDO EM 03/04/1951", "naſcida em 3/4/51",
		"生年月日 1951年4月3日", "出生日期：1951年4月3日", "تاريخ الميلاد 03/04/1951", "مواليد 3/4/1951",
		"born 03/04/1951", "no digits here, nacido el", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if dobRE.MatchString(s) && !mayNameBirthDate(s) {
			t.Fatalf("dobRE matches %q but the prefilter turned it away", s)
		}
	})
}
