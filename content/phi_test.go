package content

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/content/phi"
)

// phiModule parses a module for the no-phi tests.
func phiModule(t *testing.T, front, body string, resources ...Resource) *Module {
	t.Helper()
	src := "+++\n" + front + "\n+++\n" + body
	m, l := ParseModule("content/c/m/index.md", []byte(src), nil, resources)
	if m == nil || l.HasErrors() {
		t.Fatalf("ParseModule: %v", l)
	}
	return m
}

// phiDiags runs the rule and renders its diagnostics one a line, as
// "line:col severity rule: message".
func phiDiags(g *Gate, m *Module) []string {
	var l diag.List
	g.noPHI(m, &l)
	var out []string
	for _, d := range l {
		out = append(out, fmt.Sprintf("%d:%d %s %s: %s", d.Pos.Line, d.Pos.Col, d.Severity, d.Rule, d.Message))
	}
	return out
}

func TestNoPHI(t *testing.T) {
	g := &Gate{Config: &SiteConfig{Provider: &Provider{Contact: "cme@example.org, +1 555 010 0100"}}}
	for _, c := range []struct {
		name, front, body string
		resources         []Resource
		want              []string
	}{
		{
			name:  "body positions",
			front: `title = "Fever"`,
			body:  "Intro.\n\nCall (555) 123-4567 or ５５５-１２３-４５６７.\n\n![Mrs X, DOB 03/04/1951](x.png)\n",
			want: []string{
				`6:6 error no-phi: looks like a phone number: "(555) 123-4567"`,
				`6:24 error no-phi: looks like a phone number: "５５５-１２３-４５６７"`,
				`8:14 error no-phi: looks like a date tied to a person: "03/04/1951"`,
			},
		},
		{
			name:  "quiz text",
			front: `title = "Q"`,
			body:  "::: quiz\nA 92-year-old woman, MRN 12345678, has a fever. Next step?\n\n- [x] Cultures\n  > Seen on 2024-03-12, she was admitted.\n:::\n",
			want: []string{
				`5:3 error no-phi: looks like an age over 89: "92-year-old"`,
				`5:26 error no-phi: looks like a medical record number: "12345678"`,
				`8:13 error no-phi: looks like a date tied to a person: "2024-03-12"`,
			},
		},
		{
			name:  "one allowance allows one occurrence",
			front: `title = "A"`,
			body:  "<!-- phi-ok: \"555-123-4567\" fictional, from the handbook -->\nCall 555-123-4567, or again 555-123-4567.\n",
			want:  []string{`5:29 error no-phi: looks like a phone number: "555-123-4567"`},
		},
		{
			name:  "two allowances allow two",
			front: `title = "A"`,
			body:  "Call 555-123-4567, or again 555-123-4567.\n<!-- phi-ok: \"555-123-4567\" fictional -->\n<!-- phi-ok: \"555-123-4567\" fictional -->\n",
			want:  nil,
		},
		{
			name:  "an allowance takes the first flagged occurrence",
			front: `title = "A"`,
			body:  "Code 555-123-45678 is no phone. Call 555-123-4567, 555-123-4567.\n<!-- phi-ok: \"555-123-4567\" -->\n",
			want: []string{
				`5:1 warning phi-ok: the allowance of "555-123-4567" gives no reason`,
				`4:52 error no-phi: looks like a phone number: "555-123-4567"`,
			},
		},
		{
			name:  "a stale allowance is a warning",
			front: `title = "A"`,
			body:  "Nothing here.\n<!-- phi-ok: \"555-123-4567\" removed long ago -->\n",
			want:  []string{`5:1 warning phi-ok: phi-ok allows nothing: no flagged text is "555-123-4567"`},
		},
		{
			name:  "an allowance of a longer text",
			front: `title = "A"`,
			body:  "Call 555-123-4567 (fax) today.\n<!-- phi-ok: \"Call 555-123-4567 (fax)\" demo -->\n",
			want:  nil,
		},
		{
			name:  "an allowance in folded form",
			front: `title = "A"`,
			body:  "Call ５５５-１２３-４５６７.\n<!-- phi-ok: \"555-123-4567\" demo -->\n",
			want:  nil,
		},
		{
			name:  "malformed allowance",
			front: `title = "A"`,
			body:  "Call 555-123-4567.\n<!-- phi-ok: 555-123-4567 demo -->\n",
			want: []string{
				`5:1 warning phi-ok: malformed phi-ok comment: the text to allow must be in double quotes`,
				`4:6 error no-phi: looks like a phone number: "555-123-4567"`,
				`5:14 error no-phi: looks like a phone number: "555-123-4567"`,
			},
		},
		{
			name:  "the syntax shown as code",
			front: `title = "Handbook"`,
			body:  "Write `<!-- phi-ok: \"555-123-4567\" reason -->`.\n\n```markdown\n<!-- phi-ok: \"MRN 12345678\" invented -->\n```\n",
			want:  nil,
		},
		{
			name: "front matter",
			front: "title = \"Mrs X, 92-year-old\"\nsummary = \"Seen at 221B Baker Street.\"\n" +
				"objectives = [\"Treat fever\", \"Call 555-123-4567\", \"Call 555-123-4567\"]",
			body: "Body.\n",
			want: []string{
				`2:17 error no-phi: the title looks like an age over 89: "92-year-old"`,
				`3:20 error no-phi: the summary looks like a street address: "221B Baker Street"`,
				`4:36 error no-phi: the objective 2 looks like a phone number: "555-123-4567"`,
				`4:57 error no-phi: the objective 3 looks like a phone number: "555-123-4567"`,
			},
		},
		{
			name:  "front matter allowed from the body",
			front: `title = "The 92-year-old"`,
			body:  "<!-- phi-ok: \"92-year-old\" a famous published case -->\n",
			want:  nil,
		},
		{
			name:      "bundle file names",
			front:     `title = "Images"`,
			body:      "An X-ray: ![chest](xray-dob-1951-03-04.png)\n",
			resources: []Resource{{Name: "xray-dob-1951-03-04.png"}, {Name: "scan_mrn12345678.jpg"}, {Name: "chart.png"}},
			want: []string{
				`4:29 error no-phi: looks like a date tied to a person: "1951-03-04"`,
				`1:1 error no-phi: bundle file "scan_mrn12345678.jpg": its name looks like a medical record number: "12345678"`,
			},
		},
		{
			name:  "the provider's contact",
			front: `title = "Contact"`,
			body:  "Questions: cme@example.org or +1 555 010 0100. Not jane@example.org.\n",
			want:  []string{`4:52 error no-phi: looks like an e-mail address: "jane@example.org"`},
		},
		{
			name:  "references are not scanned",
			front: "title = \"Refs\"\n[[references]]\nid = \"a\"\ntitle = \"Call 555-123-4567\"\ndoi = \"10.1/x\"",
			body:  "See [@a], doi:10.1007/s00134-021-06506-y, PMID: 34599691.\n",
			want:  nil,
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := phiModule(t, c.front, c.body, c.resources...)
			got := phiDiags(g, m)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(c.want, "\n\t"))
			}
		})
	}
}

func TestNoPHIHelp(t *testing.T) {
	m := phiModule(t, `title = "A"`, "Call 555-123-4567.\n")
	var l diag.List
	(&Gate{Config: &SiteConfig{}}).noPHI(m, &l)
	if len(l) != 1 {
		t.Fatalf("got %v", l)
	}
	d := l[0]
	want := `remove it, or if it is not patient data allow this one occurrence with <!-- phi-ok: "555-123-4567" reason -->`
	if d.Help != want || d.Source != "Call 555-123-4567." || d.Path != "content/c/m/index.md" {
		t.Errorf("help %q, source %q, path %q", d.Help, d.Source, d.Path)
	}
	// The suggested comment allows the finding.
	m = phiModule(t, `title = "A"`, "Call 555-123-4567.\n<!-- phi-ok: \"555-123-4567\" reason -->\n")
	if got := phiDiags(&Gate{Config: &SiteConfig{}}, m); len(got) != 0 {
		t.Errorf("the help's comment does not allow it: %v", got)
	}
}

// TestNoPHIExamples: the example sites carry no identifiers, so the rule
// must be silent on them.
func TestNoPHIExamples(t *testing.T) {
	var paths []string
	for _, root := range []string{"../examples"} {
		_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && strings.Contains(filepath.ToSlash(p), "/content/") {
				paths = append(paths, p)
			}
			return nil
		})
	}
	if len(paths) == 0 {
		t.Skip("no examples")
	}
	g := &Gate{Config: &SiteConfig{}}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(p, "_index.md") {
			if got := phi.Find(string(src)); len(got) > 0 {
				t.Errorf("%s: %v", p, got)
			}
			continue
		}
		m, _ := ParseModule(filepath.ToSlash(p), src, nil, nil)
		if m == nil {
			continue
		}
		for _, d := range phiDiags(g, m) {
			t.Errorf("%s: %s", p, d)
		}
	}
}
