package content

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content/diag"
)

const tomlModule = `+++
title      = "Recognising sepsis in the first hour"
summary    = "Three signs: \"fever\", 'confusion' and a fast pulse."
date       = 2026-11-01
expires    = 2029-10-31
draft      = false
weight     = 10
authors    = ["jdoe"]
objectives = ["Identify early signs of sepsis in adults", "Start the one-hour bundle"]
tags       = ["sepsis", "emergency"]
duration   = "6min"

[credit]
type  = "AMA PRA Category 1 Credit™"
hours = 0.25
pass  = 0.7

[[references]]
id      = "evans2021"
authors = ["Evans L", "Rhodes A"]
title   = "Surviving Sepsis Campaign: international guidelines 2021"
journal = "Intensive Care Med"
year    = 2021
volume  = "47"
pages   = "1181-1247"
doi     = "10.1007/s00134-021-06506-y"
+++
Body [@evans2021].
`

const yamlModule = `---
# The same values as tomlModule, in YAML as Hugo writes it.
title: Recognising sepsis in the first hour
summary: "Three signs: \"fever\", 'confusion' and a fast pulse."
date: 2026-11-01
expires: 2029-10-31
draft: false
weight: 10
authors: [jdoe]
objectives:
  - Identify early signs of sepsis in adults
  - Start the one-hour bundle
tags:
  - sepsis
  - emergency
duration: 6min
credit:
  type: AMA PRA Category 1 Credit™
  hours: 0.25
  pass: 0.7
references:
  - id: evans2021
    authors: [Evans L, Rhodes A]
    title: >-
      Surviving Sepsis Campaign:
      international guidelines 2021
    journal: Intensive Care Med
    year: 2021
    volume: "47"
    pages: 1181-1247
    doi: 10.1007/s00134-021-06506-y
---
Body [@evans2021].
`

// TestYAMLKeepsTheDigest: a module moved from TOML to YAML front matter
// with the same values has the same digest, so its sign-offs stand (the F
// record hashes decoded values, not their spelling).
func TestYAMLKeepsTheDigest(t *testing.T) {
	parse := func(src string) *Module {
		m, l := ParseModule("content/c/m.md", []byte(src), nil, nil)
		if m == nil || len(l) > 0 {
			t.Fatalf("%v", l)
		}
		return m
	}
	ppl := People{ByID: map[string]*Person{"jdoe": {ID: "jdoe", Name: "Jordan Doe"}}}
	tm, ym := parse(tomlModule), parse(yamlModule)
	if a, b := tm.Digest(Bibliography{}, ppl), ym.Digest(Bibliography{}, ppl); a != b {
		t.Errorf("TOML %s, YAML %s:\n%s\n%s", a, b, tm.effective, ym.effective)
	}
	// and a changed value changes it
	other := parse(strings.Replace(yamlModule, "hours: 0.25", "hours: 0.5", 1))
	if other.Digest(Bibliography{}, ppl) == tm.Digest(Bibliography{}, ppl) {
		t.Error("another value, same digest")
	}
	if ym.Meta.Credit == nil || ym.Meta.Credit.Hours != 0.25 || ym.Meta.Date.String() != "2026-11-01" || len(ym.Meta.References) != 1 {
		t.Errorf("decoded %+v", ym.Meta)
	}
}

func TestYAMLValues(t *testing.T) {
	cases := []struct {
		yaml, want string // want: canonical JSON of the value of x, or the error
	}{
		{"x: 017", "17"},
		{"x: 0x1f", "31"},
		{"x: -3", "-3"},
		{"x: 1.5e3", "1500"},
		{"x: true", "true"},
		{"x: False", "false"},
		{`x: "yes"`, `"yes"`},
		{"x: 2026-11-01", `"2026-11-01"`},
		{"x: 2026-11-01T10:30:00Z", `"2026-11-01T10:30:00Z"`},
		{"x: 2026-11-01T10:30:00", `"2026-11-01T10:30:00"`},
		{"x: |\n  a\n  b\n", `"a\nb\n"`},
		{"x: {a: 1}", `{"a":1}`},
		{"x: .inf", "error: inf and nan are not allowed"},
		{"x: Yes", "error: Yes is a boolean in some YAML readers"},
		{"x: null", "error: a key without a value"},
		{"x:", "error: a key without a value"},
		{"x: !!binary aGk=", "error: YAML tag !!binary is not allowed"},
		{"x: 99999999999999999999", "100000000000000000000"}, // a float, as YAML reads it
		{"? [a, b]\n: 1", "error: a key must be plain text"},
		{"- a\n- b", "error: the front matter is not a set of keys"},
		{"x: 1\n...\ny: 2", "error: did not find expected <document start>"},
		{"x: 1\n...\n--- y", "error: a second YAML document"},
	}
	for _, c := range cases {
		src := "---\n" + c.yaml + "\n---\n"
		f := diag.NewFile("m.md", []byte(src))
		start, end, _, l := SplitFrontMatter(f)
		if len(l) > 0 {
			t.Fatalf("%s: %v", c.yaml, l)
		}
		d, l := ParseFrontMatter(f, start, end)
		if msg, bad := strings.CutPrefix(c.want, "error: "); bad {
			if d != nil || len(l) == 0 || !strings.Contains(l[0].Message, msg) {
				t.Errorf("%q: got %v, want an error %q", c.yaml, l, msg)
			}
			continue
		}
		if d == nil {
			t.Errorf("%q: %v", c.yaml, l)
			continue
		}
		if got := string(CanonicalJSON(d.Raw["x"])); got != c.want {
			t.Errorf("%q: %s, want %s", c.yaml, got, c.want)
		}
	}
}

// TestYAMLNesting: deep nesting is refused before the parser sees it.
func TestYAMLNesting(t *testing.T) {
	deep := "x: " + strings.Repeat("[", 40) + strings.Repeat("]", 40)
	f := diag.NewFile("m.md", []byte("---\n"+deep+"\n---\n"))
	if d, l := ParseFrontMatter(f, 4, 4+len(deep)+1); d != nil || len(l) != 1 || !strings.Contains(l[0].Message, "nested") || l[0].Pos.Line != 2 {
		t.Errorf("got %v", l)
	}
	var b strings.Builder
	for i := range 20 {
		b.WriteString(strings.Repeat("  ", i) + "k:\n")
	}
	b.WriteString(strings.Repeat("  ", 20) + "k: 1\n")
	f = diag.NewFile("m.md", []byte("---\n"+b.String()+"---\n"))
	if d, l := ParseFrontMatter(f, 4, 4+b.Len()); d != nil || len(l) != 1 || !strings.Contains(l[0].Message, "nested") {
		t.Errorf("block nesting: got %v", l)
	}
}

// FuzzYAMLFrontMatter: any YAML front matter is parsed or refused without
// a panic, and every position reported is inside the file.
func FuzzYAMLFrontMatter(f *testing.F) {
	f.Add(yamlModule)
	f.Add("---\ntitle: &a x\ny: *a\n---\n")
	f.Add("---\n- [a, {b: c}]\n---\n")
	f.Add("---\nx: \"é\\u00e9\" # c\nz: é: é\n---\n")
	f.Fuzz(func(t *testing.T, src string) {
		if !strings.HasPrefix(src, "---\n") {
			src = "---\n" + src
		}
		m, l := ParseModule("m.md", []byte(src), nil, nil)
		lines := strings.Count(src, "\n") + 1
		for _, d := range l {
			if d.Path == "m.md" && (d.Pos.Line < 1 || d.Pos.Line > lines || d.Pos.Col < 1) {
				t.Fatalf("%v outside a file of %d lines", d, lines)
			}
		}
		if m != nil {
			m.KeyPos("title")
		}
	})
}

// TestWithReviewYAML: rounds review writes a sign-off into YAML front
// matter as YAML, replacing the same reviewer's item for the role, and the
// module reads it back; nothing else of the file changes.
func TestWithReviewYAML(t *testing.T) {
	r := Review{Reviewer: "docs", Role: "technical", Date: ParseDate("2026-11-21"), Digest: "sha256v2:ab", Signature: "sshsig:QQ=="}
	read := func(src []byte) []Review {
		m, l := ParseModule("m.md", src, nil, nil)
		if m == nil || len(l) > 0 {
			t.Fatalf("%v\n%s", l, src)
		}
		return m.Meta.Reviews
	}
	src := []byte("---\ntitle: A # the title\ntags: [a]\n---\nBody.\n")
	out, err := WithReview("m.md", src, r)
	if err != nil {
		t.Fatal(err)
	}
	want := "---\ntitle: A # the title\ntags: [a]\nreviews:\n  - reviewer: \"docs\"\n    role: \"technical\"\n    date: 2026-11-21\n    digest: \"sha256v2:ab\"\n    signature: \"sshsig:QQ==\"\n---\nBody.\n"
	if string(out) != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
	if got := read(out); len(got) != 1 || got[0] != r {
		t.Errorf("read back %+v", got)
	}
	// Another role is added after it; the same role again replaces it.
	r2 := r
	r2.Role = "medical"
	out, err = WithReview("m.md", out, r2)
	if err != nil {
		t.Fatal(err)
	}
	r3 := r
	r3.Digest = "sha256v2:cd"
	out, err = WithReview("m.md", out, r3)
	if err != nil {
		t.Fatal(err)
	}
	if got := read(out); len(got) != 2 || got[0] != r3 || got[1] != r2 {
		t.Errorf("read back %+v\n%s", got, out)
	}
	if !strings.HasPrefix(string(out), "---\ntitle: A # the title\ntags: [a]\nreviews:\n") || !strings.HasSuffix(string(out), "---\nBody.\n") {
		t.Errorf("the rest of the file changed:\n%s", out)
	}
	// A list followed by another key, in CRLF.
	crlf := []byte("---\r\nreviews:\r\n- reviewer: docs\r\n  role: medical\r\n  date: 2026-11-01\r\n\r\n# next\r\ntitle: A\r\n---\r\n")
	out, err = WithReview("m.md", crlf, r)
	if err != nil {
		t.Fatal(err)
	}
	if got := read(out); len(got) != 2 || got[1] != r || bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
		t.Errorf("crlf: %+v\n%q", got, out)
	}
	if _, err := WithReview("m.md", []byte("---\nreviews: [{reviewer: a}]\n---\n"), r); err == nil || !strings.Contains(err.Error(), "block list") {
		t.Errorf("inline list: %v", err)
	}
}
