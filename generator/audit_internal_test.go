package generator

import (
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content"
)

// activities.csv's commercial-support columns, as PARS asks for each
// source: monetary with its amount, in-kind with its nature (from
// in_kind, or from a kind written "in-kind: ..."), or both.
func TestParsSupportColumns(t *testing.T) {
	for _, tc := range []struct {
		s    *content.Support
		want string // Commercial Support Received .. Nature of In-Kind Support
	}{
		{nil, "No||||"},
		{&content.Support{Supporter: "Acme", Kind: "educational grant", Amount: 6000}, "Yes|Acme|Monetary|6000|"},
		{&content.Support{Supporter: "Acme", Kind: "educational grant"}, "Yes|Acme|Monetary||"},
		{&content.Support{Supporter: "Beta", Kind: "in-kind: ultrasound machines"}, "Yes|Beta|In-Kind||ultrasound machines"},
		{&content.Support{Supporter: "Beta", Kind: "In-kind", InKind: "ultrasound machines"}, "Yes|Beta|In-Kind||ultrasound machines"},
		{&content.Support{Supporter: "Beta", Kind: "educational grant", Amount: 500, InKind: "loaned simulators"}, "Yes|Beta|Monetary and In-Kind|500|loaned simulators"},
	} {
		rec := AuditRecord{Title: "T", Released: "2026-11-01", Expires: "2028-10-31", Credit: &content.Credit{Type: "AMA PRA Category 1 Credit™", Hours: 0.25}, hours: 0.1}
		if tc.s != nil {
			rec.Support = &AuditSupport{Supporter: tc.s.Supporter, Kind: tc.s.Kind, Amount: tc.s.Amount, InKind: tc.s.InKind}
		}
		row := parsRow(rec)
		if len(row) != len(ParsHeader()) {
			t.Fatalf("%d columns, header has %d", len(row), len(ParsHeader()))
		}
		if got := strings.Join(row[10:15], "|"); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.s, got, tc.want)
		}
		if row[2] != "11/01/2026" || row[3] != "10/31/2028" || row[8] != "0.1" || row[9] != "0.25" {
			t.Errorf("dates, hours, credit: %q", row)
		}
	}
}
