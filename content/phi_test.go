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
	g := &Gate{Config: &SiteConfig{Provider: &Provider{Contact: "cme@example.org, +1 555 010 0100"}},
		People: People{ByID: map[string]*Person{"jroe": {ID: "jroe", Name: "Jane Roe"}}}}
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
			name:  "references: DOIs and PMIDs are not flagged, their titles are scanned",
			front: "title = \"Refs\"\n[[references]]\nid = \"a\"\ntitle = \"Call 555-123-4567\"\ndoi = \"10.1/x\"",
			body:  "See [@a], doi:10.1007/s00134-021-06506-y, PMID: 34599691.\n",
			want:  []string{`5:15 error no-phi: the title of reference a looks like a phone number: "555-123-4567"`},
		},
		{
			name: "tags, audience, slug and the rest of the front matter",
			front: "title = \"Fields\"\nslug = \"mrn-12345678\"\ntags = [\"sepsis\", \"DOB 03/04/1951\", \"DOB 03/04/1951\"]\n" +
				"audience = [\"nurses\", \"SSN 123&#45;45&#45;6789\"]\nduration = \"6m\"\nformat = \"call 555-123-4567\"",
			body: "Body.\n",
			want: []string{
				`3:13 error no-phi: the slug looks like a medical record number: "12345678"`,
				`5:28 error no-phi: the audience 2 looks like a social security number: "123&#45;45&#45;6789"`,
				`4:24 error no-phi: the tag 2 looks like a date tied to a person: "03/04/1951"`,
				`4:42 error no-phi: the tag 3 looks like a date tied to a person: "03/04/1951"`,
				`7:16 error no-phi: the format looks like a phone number: "555-123-4567"`,
			},
		},
		{
			name: "every shown field of a reference",
			front: "title = \"Refs\"\n[[references]]\nid = \"b\"\nauthors = [\"Singer M\", \"Doe J, MRN 12345678\"]\ntitle = \"Case of patient John Smith\"\n" +
				"journal = \"J\"\nurl = \"https://ehr.example.org/patients/12345678\"",
			body: "As [@b] shows.\n",
			want: []string{
				`6:26 error no-phi: the title of reference b looks like a name: "John Smith"`,
				`8:8 error no-phi: the url of reference b looks like a URL with an identifier: "https://ehr.example.org/patients/12345678"`,
				`5:36 error no-phi: the author 2 of reference b looks like a medical record number: "12345678"`,
			},
		},
		{
			name:  "identifiers written with character references",
			front: `title = "Entities"`,
			body:  "SSN 123&#45;45&#45;6789 and MRN&nbsp;12345678.\n",
			want: []string{
				`4:5 error no-phi: looks like a social security number: "123&#45;45&#45;6789"`,
				`4:38 error no-phi: looks like a medical record number: "12345678"`,
			},
		},
		{
			name:  "names, and the people the module may name",
			front: "title = \"Names\"\nauthors = [\"jroe\"]\n[[references]]\nid = \"s\"\nauthors = [\"Seymour CW\"]\ntitle = \"Sepsis\"",
			body:  "Mrs. Jane Doe, 67, was seen [@s].\n\n![X-ray of patient John Smith](cxr.png)\n\nMs Roe and Mr Seymour wrote this; Dr Smith agreed.\n",
			want: []string{
				`9:6 error no-phi: looks like a name: "Jane Doe"`,
				`11:20 error no-phi: looks like a name: "John Smith"`,
			},
		},
		{
			name:  "a table and a list of patients",
			front: `title = "Ward"`,
			body:  "| name | mrn | dob |\n|---|---|---|\n| Jane Doe | 12345678 | 03/04/1951 |\n\nToday:\n\n- John Smith, 87654321\n- Mary Lee, 55012345\n",
			want: []string{
				`6:3 error no-phi: looks like a name: "Jane Doe"`,
				`6:14 error no-phi: looks like a medical record number: "12345678"`,
				`6:25 error no-phi: looks like a date tied to a person: "03/04/1951"`,
				`10:3 error no-phi: looks like a name: "John Smith"`,
				`10:15 error no-phi: looks like a medical record number: "87654321"`,
				`11:3 error no-phi: looks like a name: "Mary Lee"`,
				`11:13 error no-phi: looks like a medical record number: "55012345"`,
			},
		},
		{
			name:  "a field allowed from the body",
			front: "title = \"Fields\"\ntags = [\"DOB 03/04/1951\"]",
			body:  "<!-- phi-ok: \"03/04/1951\" the date of a famous published case -->\n",
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

// TestNoPHINames: a module's own file or folder name is a URL, and the
// shared references it cites are shown on its page.
func TestNoPHINames(t *testing.T) {
	shared := Bibliography{ByID: map[string]Reference{
		"s1": {ID: "s1", Title: "Sepsis in pt Jane Doe, DOB 03/04/1951", Authors: []string{"Evans L"}},
		"s2": {ID: "s2", Title: "Clean"},
	}}
	g := &Gate{Config: &SiteConfig{}, Shared: shared, People: People{ByID: map[string]*Person{"jroe": {ID: "jroe", Name: "Jane Roe, MD"}}}}
	for _, c := range []struct {
		path, body string
		resources  []Resource
		want       []string
	}{
		{"content/c/mrn-12345678.md", "Body.\n", nil,
			[]string{`1:1 error no-phi: the module's file name "mrn-12345678" looks like a medical record number: "12345678"`}},
		{"content/c/dob-1951-03-04/index.md", "Body.\n", []Resource{{Name: "scans/ssn-123-45-6789/x.png"}},
			[]string{
				`1:1 error no-phi: the module's folder name "dob-1951-03-04" looks like a date tied to a person: "1951-03-04"`,
				`1:1 error no-phi: bundle file "scans/ssn-123-45-6789/x.png": its name looks like a social security number: "123-45-6789"`,
			}},
		{"content/c/m/index.md", "Watch the video.\n", []Resource{
			{Name: "talk.vtt", Data: []byte("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nThis is Mrs Jane Doe, MRN 12345678.\n")},
			{Name: "chart.svg", Data: []byte(`<svg viewBox="0 0 555 1234"><path d="M 555 123 4567"/><text x="10">DOB 03/04/1951</text></svg>`)},
			{Name: "ward.csv", Data: []byte("name,mrn\nTom Hale,55012345\n")},
			{Name: "photo.png", Data: []byte("\x89PNG MRN 12345678")},
		}, []string{
			`4:13 error no-phi: looks like a name: "Jane Doe"`,
			`4:27 error no-phi: looks like a medical record number: "12345678"`,
			`1:72 error no-phi: looks like a date tied to a person: "03/04/1951"`,
			`2:1 error no-phi: looks like a name: "Tom Hale"`,
			`2:10 error no-phi: looks like a medical record number: "55012345"`,
		}},
		{"content/c/m.md", "See [@s2] and [@s1], and [@s1] again; Ms Roe and Mr Evans agree.\n", nil,
			[]string{
				`4:16 error no-phi: the title of the shared reference s1, cited here, looks like a name: "Jane Doe"`,
				`4:16 error no-phi: the title of the shared reference s1, cited here, looks like a date tied to a person: "03/04/1951"`,
			}},
	} {
		src := "+++\ntitle = \"T\"\n+++\n" + c.body
		m, l := ParseModule(c.path, []byte(src), nil, c.resources)
		if m == nil || l.HasErrors() {
			t.Fatalf("ParseModule: %v", l)
		}
		if got := phiDiags(g, m); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s: got\n\t%s\nwant\n\t%s", c.path, strings.Join(got, "\n\t"), strings.Join(c.want, "\n\t"))
		}
	}
}

// TestCheckSection: a course's folder name and _index.md reach its page,
// its card and every URL in it.
func TestCheckSection(t *testing.T) {
	g := &Gate{Config: &SiteConfig{}}
	for _, c := range []struct {
		name, dir, src string
		want           []string
	}{
		{"title, summary and body", "cardio", "+++\ntitle = \"Mrs Jane Doe's course\"\nsummary = \"MRN 12345678\"\n+++\nSee 123&#45;45&#45;6789.\n",
			[]string{
				`content/cardio/_index.md:2:14: error: no-phi: the title looks like a name: "Jane Doe"`,
				`content/cardio/_index.md:3:16: error: no-phi: the summary looks like a medical record number: "12345678"`,
				`content/cardio/_index.md:5:5: error: no-phi: looks like a social security number: "123&#45;45&#45;6789"`,
			}},
		{"folder name", "wards/ssn-123-45-6789", "+++\ntitle = \"Ward\"\n+++\n",
			[]string{`content/wards/ssn-123-45-6789/_index.md:1:1: error: no-phi: the course's folder name "ssn-123-45-6789" looks like a social security number: "123-45-6789"`}},
		{"folder name, no _index.md", "mrn-12345678", "",
			[]string{`content/mrn-12345678: error: no-phi: the course's folder name "mrn-12345678" looks like a medical record number: "12345678"`}},
		{"allowed in the body", "cardio", "+++\ntitle = \"MRN 12345678\"\n+++\n<!-- phi-ok: \"12345678\" a made-up number -->\n", nil},
		{"a draft course", "cardio", "+++\ntitle = \"MRN 12345678\"\ndraft = true\n+++\n", nil},
		{"clean", "cardio", "+++\ntitle = \"Cardiology\"\n+++\nHearts.\n", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var src []byte
			p := ""
			if c.src != "" {
				src, p = []byte(c.src), "content/"+c.dir+"/_index.md"
			}
			s, l := ParseSection(c.dir, p, src, nil)
			if l.HasErrors() {
				t.Fatal(l)
			}
			var got []string
			for _, d := range g.CheckSection(s) {
				got = append(got, d.String())
			}
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
