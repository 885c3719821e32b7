package content

import "testing"

// TestRecordsGiveDigest: the records `rounds diff` compares are exactly
// what Digest hashes, so a diff never misses a change that voided a
// sign-off nor shows one that did not.
func TestRecordsGiveDigest(t *testing.T) {
	shared := Bibliography{ByID: map[string]Reference{"r": {ID: "r", Title: "R"}, "unused": {ID: "unused", Title: "U"}}}
	ppl := People{ByID: map[string]*Person{"p": {ID: "p", Name: "Pat", Relationships: []Relationship{{Company: "Acme", Nature: Text("consultant"), Mitigated: Text("peer review")}}}}}
	for _, tc := range []struct {
		name, src string
		res       []Resource
	}{
		{"plain", "+++\ntitle = \"T\"\n+++\nBody.\n", nil},
		{"everything", "+++\ntitle = \"T\"\nauthors = [\"p\"]\nplanners = [\"q\", \"p\"]\n+++\nBody [@r].\r\nMore.\n",
			[]Resource{{Name: "a.png", Data: []byte("PNG")}, {Name: "b.txt", Data: []byte("notes")}}},
	} {
		m, l := ParseModule("content/c/m/index.md", []byte(tc.src), nil, tc.res)
		if m == nil || l.HasErrors() {
			t.Fatalf("%s: %v", tc.name, l)
		}
		recs := m.Records(shared, ppl)
		if got, want := DigestOfRecords(recs), m.Digest(shared, ppl); got != want {
			t.Errorf("%s: records give %s, Digest %s", tc.name, got, want)
		}
	}
}
