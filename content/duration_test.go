package content

import (
	"strings"
	"testing"
)

func TestParseDuration(t *testing.T) {
	cases := []struct {
		s, str, iso, human, err string
	}{
		{s: "30min", str: "30min", iso: "PT30M", human: "30 minutes"},
		{s: "1min", str: "1min", iso: "PT1M", human: "1 minute"},
		{s: "6h", str: "6h", iso: "PT6H", human: "6 hours"},
		{s: "90d", str: "90d", iso: "P90D", human: "90 days"},
		{s: "8w", str: "8w", iso: "P8W", human: "8 weeks"},
		{s: "6mo", str: "6mo", iso: "P6M", human: "6 months"},
		{s: "3y", str: "3y", iso: "P3Y", human: "3 years"},
		{s: "0d", str: "0d", iso: "P0D", human: "0 days"},
		{s: "6m", err: `"6m" is ambiguous: write "6mo" for months or "6min" for minutes`},
		{s: "4 minutes", err: `"4 minutes" is not a duration like "30min", "6h", "90d", "6mo" or "3y"`},
		{s: "", err: "is not a duration"},
		{s: "min", err: "is not a duration"},
		{s: "6", err: "is not a duration"},
		{s: " 6min", err: "is not a duration"},
		{s: "6min ", err: "is not a duration"},
		{s: "6 min", err: "is not a duration"},
		{s: "-6min", err: "is not a duration"},
		{s: "+6min", err: "is not a duration"},
		{s: "1.5h", err: "is not a duration"},
		{s: "6MIN", err: "is not a duration"},
		{s: "1h30min", err: "is not a duration"},
		{s: "6mins", err: "is not a duration"},
		{s: "9999999999d", err: "is not a duration"},
	}
	for _, c := range cases {
		d, err := ParseDuration(c.s)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseDuration(%q) = %v, %v; want an error with %q", c.s, d, err, c.err)
			}
			continue
		}
		if err != nil || d.String() != c.str || d.ISO8601() != c.iso || d.Human() != c.human {
			t.Errorf("ParseDuration(%q) = %q %q %q, %v; want %q %q %q", c.s, d.String(), d.ISO8601(), d.Human(), err, c.str, c.iso, c.human)
		}
	}
}

// A module's duration in the old form ("6m") is minutes, as it always was
// in a module; in any other place a bare "m" is refused.
func TestParseWorkload(t *testing.T) {
	for s, want := range map[string]string{"6m": "6min", "6min": "6min", "1h": "1h", "6mo": "6mo"} {
		d, old, err := ParseWorkload(s)
		if err != nil || d.String() != want || old != (s == "6m") {
			t.Errorf("ParseWorkload(%q) = %v, %v, %v; want %s", s, d, old, err, want)
		}
	}
	for _, s := range []string{"4 minutes", "m", "6 m", "6mm"} {
		if _, _, err := ParseWorkload(s); err == nil {
			t.Errorf("ParseWorkload(%q) accepted", s)
		}
	}
}

// The digest holds the duration's one form: "6m" and "6min" are the same
// module, so rewriting one as the other voids no sign-off; the old form
// warns at the key (rule deprecated), in the module or in the course's
// cascade it comes from; "4 minutes" is an error at the key.
func TestModuleDuration(t *testing.T) {
	parse := func(sec *Section, lines ...string) (*Module, string) {
		t.Helper()
		m, l := ParseModule("content/c/m.md", []byte(module(append([]string{`title = "M"`}, lines...)...)), sec, nil)
		var b strings.Builder
		l.Print(&b)
		return m, b.String()
	}
	m, out := parse(nil, `duration = "6min"`)
	if m == nil || out != "" || m.Meta.Duration != "6min" {
		t.Fatalf("6min: %s", out)
	}
	want := m.Digest(Bibliography{}, People{})

	old, out := parse(nil, `duration = "6m"`)
	if old == nil || old.Meta.Duration != "6min" || old.Digest(Bibliography{}, People{}) != want {
		t.Errorf("6m is not the same module as 6min: %+v", old)
	}
	if w := "content/c/m.md:3:1: warning: deprecated: duration \"6m\" is read as 6 minutes; write \"6min\"\n    3 | duration = \"6m\"\n"; !strings.HasPrefix(out, w) || strings.Count(out, "warning") != 1 {
		t.Errorf("6m: got\n%s\nwant %q", out, w)
	}
	if other, _ := parse(nil, `duration = "7min"`); other.Digest(Bibliography{}, People{}) == want {
		t.Error("7min has the digest of 6min")
	}

	bad, out := parse(nil, `duration = "4 minutes"`)
	if w := "content/c/m.md:3:1: error: type: duration: \"4 minutes\" is not a duration like \"30min\", \"6h\", \"90d\", \"6mo\" or \"3y\""; bad != nil || !strings.HasPrefix(out, w) || strings.Count(out, "error") != 1 {
		t.Errorf("4 minutes: module %v, got\n%s\nwant %q", bad != nil, out, w)
	}

	sec, sl := ParseSection("c", "content/c/_index.md", []byte("+++\ntitle = \"C\"\n[cascade]\nduration = \"6m\"\n+++\n"), nil)
	if len(sl) > 0 {
		t.Fatal(sl)
	}
	inherited, out := parse(sec)
	if inherited == nil || inherited.Meta.Duration != "6min" || !strings.HasPrefix(out, "content/c/_index.md:4:1: warning: deprecated: duration \"6m\"") {
		t.Errorf("cascaded 6m: %s", out)
	}
}
