package sshsig

import (
	"strings"
	"testing"
	"time"
)

const edKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFqz8CJNMy2Haj3q9zRSxKRty/1QEulDMZvYjzSEXb/i"

func TestParseAllowedSigners(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	file := "# comment\n\n" +
		"medic " + edKey + " medic@laptop\n" +
		"a,b namespaces=\"rounds-review@v1,git\",valid-after=\"20260101\",valid-before=\"20270101\" " + edKey + "\n" +
		"rev* namespaces=\"git\" " + edKey + "\n"
	got, err := ParseAllowedSigners([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Line != 3 {
		t.Fatalf("got %d signers (first on line %d)", len(got), got[0].Line)
	}
	for _, c := range []struct {
		i         int
		principal string
		at        string
		ok        bool
	}{
		{0, "medic", "2030-01-01", true},
		{0, "other", "2030-01-01", false},
		{1, "b", "2026-06-01", true},
		{1, "b", "2025-12-31", false},
		{1, "a", "2027-01-01", false},        // valid-before is exclusive
		{2, "reviewer", "2026-06-01", false}, // wrong namespace
	} {
		if ok := got[c.i].Allows(c.principal, Namespace, day(c.at)); ok != c.ok {
			t.Errorf("line %d allows %s on %s = %v, want %v", got[c.i].Line, c.principal, c.at, ok, c.ok)
		}
	}
	for _, bad := range []struct{ src, want string }{
		{"medic cert-authority " + edKey, "line 1: cert-authority is not supported"},
		{"medic valid-before=\"2027\" " + edKey, `line 1: "2027" is not a time`},
		{"medic", "line 1: a line is principals"},
		{"medic ssh-ed25519 AAAA", "line 1:"},
		{"medic no-touch-required " + edKey, `line 1: unknown option "no-touch-required"`},
	} {
		if _, err := ParseAllowedSigners([]byte(bad.src)); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%q: error %v, want %q", bad.src, err, bad.want)
		}
	}
}

func FuzzParseAllowedSigners(f *testing.F) {
	f.Add([]byte("medic " + edKey + "\n"))
	f.Add([]byte("a,b valid-before=\"20270101\" " + edKey))
	f.Fuzz(func(t *testing.T, data []byte) {
		signers, err := ParseAllowedSigners(data)
		if err == nil {
			for _, s := range signers {
				if s.Key == nil || len(s.Principals) == 0 {
					t.Fatal("a signer without a key or principals")
				}
			}
		}
	})
}
