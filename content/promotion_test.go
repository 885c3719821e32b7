package content

import (
	"strconv"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content/diag"
)

func promotionCheck(t *testing.T, body string, supported bool) diag.List {
	t.Helper()
	fm := "+++\ntitle = \"T\"\ndate = 2026-01-01\n"
	if supported {
		fm += "[support]\nsupporter = \"Acme Pharma\"\nkind = \"educational grant\"\n"
	}
	src := fm + "+++\n" + body
	m, l := ParseModule("m.md", []byte(src), nil, nil)
	if m == nil {
		t.Fatalf("parse: %v", l)
	}
	g := &Gate{Config: &SiteConfig{Supporters: []Supporter{{Name: "Acme Pharma", Domains: []string{"acme.example"}, Products: []string{"Acmezolid (linezolid)"}}}},
		People: People{ByID: map[string]*Person{}}, Today: ParseDate("2026-11-22")}
	var out diag.List
	for _, d := range g.Check(m).Diags {
		if d.Rule == "no-promotion" || d.Rule == "brand-name" || d.Rule == "promotional" {
			out = append(out, d)
		}
	}
	out.Sort()
	return out
}

func TestNoPromotion(t *testing.T) {
	cases := []struct {
		name, body string
		supported  bool
		want       []string // "line:col rule"
	}{
		{"link to the supporter", "Text.\n\nSee [the site](https://www.acme.example/product).\n", true, []string{"10:28 no-promotion"}},
		{"bare domain", "Visit acme.example today.\n", true, []string{"8:7 no-promotion"}},
		{"upper case", "HTTPS://ACME.EXAMPLE/\n", true, []string{"8:9 no-promotion"}},
		{"another domain", "See notacme.example and acme.example.org.\n", true, nil},
		{"unsupported module may link", "See https://acme.example/.\n", false, nil},
		{"brand more than generic", "Acmezolid works. Acmezolid is linezolid.\n", true, []string{"8:1 brand-name"}},
		{"generic as often as brand", "Acmezolid (linezolid) and linezolid.\n", true, nil},
		{"promotional words", "A breakthrough, best-in-class drug.\n", false, []string{"5:3 promotional", "5:17 promotional"}},
		{"promotional words in Spanish", "Un fármaco revolucionario, número uno.\n", false, []string{"5:13 promotional", "5:29 promotional"}},
		{"promotional words in French", "Un traitement révolutionnaire.\n", false, []string{"5:15 promotional"}},
		{"promotional words in Japanese", "画期的な新薬。\n", false, []string{"5:1 promotional"}},
		{"promotional words in Arabic", "دواء ثوري.\n", false, []string{"5:10 promotional"}},
		{"no promotion in plain Spanish", "La noradrenalina es el vasopresor de primera línea.\n", false, nil},
		// İ is two bytes and lower-cases to three: offsets must stay the text's
		// (columns count bytes).
		{"after a letter whose lower case is longer", "İİİİ acme.example\n", true, []string{"8:10 no-promotion"}},
		{"promotional after such a letter", "İİ miracle\n", false, []string{"5:6 promotional"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := promotionCheck(t, c.body, c.supported)
			var gs []string
			for _, d := range got {
				gs = append(gs, strings.Join([]string{itoa(d.Pos.Line) + ":" + itoa(d.Pos.Col), d.Rule}, " "))
			}
			if strings.Join(gs, ",") != strings.Join(c.want, ",") {
				t.Errorf("got %v, want %v", gs, c.want)
			}
			for _, d := range got {
				if d.Rule == "no-promotion" && d.Severity != diag.Error || d.Rule != "no-promotion" && d.Severity != diag.Warning {
					t.Errorf("%s has severity %s", d.Rule, d.Severity)
				}
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// The checks search a lower-cased copy: the body itself, which is
// rendered and digested later, keeps its case.
func TestPromotionChecksLeaveTheBodyAlone(t *testing.T) {
	src := "+++\ntitle = \"T\"\ndate = 2026-01-01\n[support]\nsupporter = \"Acme Pharma\"\nkind = \"educational grant\"\n+++\nACMEZOLID at HTTPS://ACME.EXAMPLE is a Breakthrough.\n"
	m, l := ParseModule("m.md", []byte(src), nil, nil)
	if m == nil {
		t.Fatalf("parse: %v", l)
	}
	before := string(m.Body)
	g := &Gate{Config: &SiteConfig{Supporters: []Supporter{{Name: "Acme Pharma", Domains: []string{"acme.example"}, Products: []string{"Acmezolid (linezolid)"}}}},
		People: People{ByID: map[string]*Person{}}, Today: ParseDate("2026-11-22")}
	g.Check(m)
	if string(m.Body) != before {
		t.Errorf("body changed by the gate:\n%s\nwas\n%s", m.Body, before)
	}
}
