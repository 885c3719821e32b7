package content

import (
	"testing"

	"github.com/rounds-dev/rounds/content/diag"
)

func TestSameCompany(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"Acme Pharma", "Acme Pharma", true},
		{"Acme Pharma", "acme pharma", true},
		{"Acme Pharma", "Acme Pharma Inc.", true},
		{"Acme Pharma", "Acme Pharma, Inc", true},
		{"Acme Pharma", "Acme\u00a0Pharma", true},
		{"Acme Pharma", "  Acme   Pharma  ", true},
		{"Acme Pharma", "ACME PHARMA LTD", true},
		{"Acme Pharma", "Acme Pharma GmbH", true},
		{"Acme Pharma", "Acme Pharma AG", true},
		{"Acme Pharma", "Acme Pharma LLC", true},
		{"Acme Pharma", "Acme Pharma plc", true},
		{"Acme Pharma", "Acme Pharma S.A.", true},
		{"Acme Pharma", "Ａｃｍｅ Pharma", true}, // full-width letters
		{"Acme Pharma", "Acme Pharma Co. Ltd.", true},
		{"Acme Pharma", "Acme Pharmaceuticals", false},
		{"Acme Pharma", "Acme", false},
		{"Acme Pharma", "Beta Devices", false},
		{"Inc", "Inc", true}, // a name that is only a legal form is kept
		{"", "", false},
	} {
		if got := SameCompany(c.a, c.b); got != c.same {
			t.Errorf("SameCompany(%q, %q) = %v, want %v (keys %q, %q)", c.a, c.b, got, c.same, CompanyKey(c.a), CompanyKey(c.b))
		}
	}
}

// One key belongs to one person: an author who pastes a reviewer's key
// under an alias (or their own key under a reviewer's id) is refused.
func TestOneKeyOnePerson(t *testing.T) {
	const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFqz8CJNMy2Haj3q9zRSxKRty/1QEulDMZvYjzSEXb/i"
	src := "[[person]]\nid = \"medic\"\nname = \"Medic\"\nkeys = [\"" + key + " medic@laptop\"]\n" +
		"[[person]]\nid = \"alias\"\nname = \"Alias\"\nkeys = [\"" + key + " other comment\"]\n"
	doc, l := ParseDoc(diag.NewFile("people.toml", []byte(src)), 0, len(src))
	if doc == nil {
		t.Fatal(l)
	}
	ppl, l := ParsePeople(doc)
	want := `people.toml:8:1: error: people: key 1 of "alias" is also a key of "medic": one key belongs to one person`
	if len(l) != 1 || l[0].String() != want {
		t.Fatalf("got %v\nwant %s", l, want)
	}
	if len(ppl.ByID["alias"].PublicKeys) != 0 || len(ppl.ByID["medic"].PublicKeys) != 1 {
		t.Error("the shared key was kept for the alias")
	}
}
