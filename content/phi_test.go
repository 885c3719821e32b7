package content

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content/diag"
)

// phiCase is one labelled snippet of testdata/phi/corpus.tsv.
type phiCase struct {
	line       int
	flag       bool
	kind, text string
	start, end int // the identifier that a finding must cover, when flag
}

var phiEscape = regexp.MustCompile(`\\u([0-9A-Fa-f]{4})`)

func loadPHICorpus(t testing.TB) []phiCase {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "phi", "corpus.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []phiCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) != 3 || (parts[0] != "FLAG" && parts[0] != "PASS") {
			t.Fatalf("corpus.tsv:%d: want FLAG|PASS <tab> kind <tab> text, got %q", n, line)
		}
		text := phiEscape.ReplaceAllStringFunc(parts[2], func(s string) string {
			r, _ := strconv.ParseUint(s[2:], 16, 32)
			return string(rune(r))
		})
		c := phiCase{line: n, flag: parts[0] == "FLAG", kind: parts[1]}
		if i := strings.Index(text, "«"); i >= 0 {
			j := strings.Index(text, "»")
			if j < i {
				t.Fatalf("corpus.tsv:%d: unbalanced «»", n)
			}
			c.start, c.end = i, j-len("«")
			text = text[:i] + text[i+len("«"):j] + text[j+len("»"):]
		} else {
			c.start, c.end = 0, len(text)
		}
		c.text = text
		if !c.flag && c.kind != "-" {
			t.Fatalf("corpus.tsv:%d: a PASS line has kind -", n)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPHICorpus measures the detector on the labelled corpus: recall on the
// true identifiers must be 1 and no look-alike may be flagged.
func TestPHICorpus(t *testing.T) {
	cases := loadPHICorpus(t)
	type tally struct{ lines, found, falsePos int }
	byKind := map[string]*tally{}
	var flagLines, passLines, recalled, truePos, falsePos int
	for _, c := range cases {
		got := FindPHI(c.text)
		if !c.flag {
			passLines++
			if len(got) > 0 {
				falsePos += len(got)
				t.Errorf("corpus.tsv:%d: look-alike flagged: %q: %v", c.line, c.text, got)
			}
			continue
		}
		flagLines++
		k := byKind[c.kind]
		if k == nil {
			k = &tally{}
			byKind[c.kind] = k
		}
		k.lines++
		hit := false
		for _, f := range got {
			switch {
			case f.Kind == c.kind && f.Start <= c.start && c.end <= f.End:
				hit = true
				truePos++
			case f.Kind == c.kind && f.Start < c.end && c.start < f.End:
				truePos++ // part of the identifier: right, but not enough
			default:
				falsePos++
				k.falsePos++
				t.Logf("corpus.tsv:%d: extra finding %s %q in %q", c.line, f.Kind, f.Text, c.text)
			}
		}
		if hit {
			recalled++
			k.found++
		} else {
			t.Errorf("corpus.tsv:%d: missed %s %q in %q (found %v)", c.line, c.kind, c.text[c.start:c.end], c.text, got)
		}
	}

	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		v := byKind[k]
		t.Logf("%-24s %3d snippets, %3d found, %d other findings", k, v.lines, v.found, v.falsePos)
	}
	recall := float64(recalled) / float64(max(flagLines, 1))
	precision := 1.0
	if truePos+falsePos > 0 {
		precision = float64(truePos) / float64(truePos+falsePos)
	}
	t.Logf("phi corpus: %d snippets (%d identifiers, %d look-alikes): recall %.3f (%d/%d), precision %.3f (%d/%d findings), %d look-alikes flagged",
		len(cases), flagLines, passLines, recall, recalled, flagLines, precision, truePos, truePos+falsePos, falsePos)

	if flagLines < 75 || passLines < 75 {
		t.Errorf("corpus has %d identifiers and %d look-alikes, want at least 75 of each", flagLines, passLines)
	}
	for _, k := range []string{phiPhone, phiMRN, phiEmail, phiDate, phiAge, phiIP, phiStreet, phiZIP4,
		phiSSN, phiPlan, phiAccount, phiLicence, phiDevice, phiURL} {
		if byKind[k] == nil || byKind[k].lines < 4 {
			t.Errorf("corpus has too few snippets of %s", k)
		}
	}
	if recall < 1 {
		t.Errorf("recall %.3f, want 1", recall)
	}
}

func TestFindPHIOffsets(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       []PHIFinding
	}{
		{"ascii", "Call 555-123-4567 now.", []PHIFinding{{5, 17, phiPhone, "555-123-4567"}}},
		{"full-width digits", "Call ５５５-１２３-４５６７ now.",
			[]PHIFinding{{5, 37, phiPhone, "５５５-１２３-４５６７"}}},
		{"zero-width inside", "MRN 1234\u200b5678.", []PHIFinding{{4, 15, phiMRN, "1234\u200b5678"}}},
		{"zero-width before and after", "é \u200b555-123-4567\u200b x",
			[]PHIFinding{{6, 18, phiPhone, "555-123-4567"}}},
		{"soft hyphen and BOM", "\ufeffSSN 123\u00ad-45-6789",
			[]PHIFinding{{7, 20, phiSSN, "123\u00ad-45-6789"}}},
		{"full-width at sign", "jdoe＠example.org", []PHIFinding{{0, 18, phiEmail, "jdoe＠example.org"}}},
		{"several in order", "DOB 03/04/1951, MRN 12345678, jane@example.org",
			[]PHIFinding{{4, 14, phiDate, "03/04/1951"}, {20, 28, phiMRN, "12345678"}, {30, 46, phiEmail, "jane@example.org"}}},
		{"inside a code span", "`call 555-123-4567`", []PHIFinding{{6, 18, phiPhone, "555-123-4567"}}},
		{"URL holds the number", "https://x.example/patients/555-123-4567",
			[]PHIFinding{{0, 39, phiURL, "https://x.example/patients/555-123-4567"}}},
		{"phi-ok comment is not scanned", `<!-- phi-ok: "555-123-4567" demo --> 555-123-4568`,
			[]PHIFinding{{37, 49, phiPhone, "555-123-4568"}}},
		{"malformed phi-ok comment is scanned", `<!-- phi-ok 555-123-4567 -->`,
			[]PHIFinding{{12, 24, phiPhone, "555-123-4567"}}},
		{"zero-width in the comment syntax", "<!-\u200b- phi-ok: \"555-123-4567\" demo -->",
			[]PHIFinding{{17, 29, phiPhone, "555-123-4567"}}},
		{"nothing", "Give 30 mL/kg within 3 hours [@evans2021].", nil},
		{"empty", "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := FindPHI(c.text)
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("FindPHI(%q)\n got %v\nwant %v", c.text, got, c.want)
			}
			for _, f := range got {
				if c.text[f.Start:f.End] != f.Text {
					t.Errorf("Text %q is not text[%d:%d]", f.Text, f.Start, f.End)
				}
			}
		})
	}
}

func TestPHIAllowances(t *testing.T) {
	for _, c := range []struct {
		name, body string
		want       []PHIAllowance
	}{
		{"double quotes", `a <!-- phi-ok: "555-123-4567" fictional number -->`,
			[]PHIAllowance{{Text: "555-123-4567", Reason: "fictional number", Offset: 2}}},
		{"no colon, spaces", "<!--phi-ok   \"MRN 1\"   a  made-up\n  record   -->",
			[]PHIAllowance{{Text: "MRN 1", Reason: "a made-up record", Offset: 0}}},
		{"escaped quote", `<!-- phi-ok: "say \"hi\" \\ 1" why -->`,
			[]PHIAllowance{{Text: `say "hi" \ 1`, Reason: "why", Offset: 0}}},
		{"single quotes", `<!-- phi-ok: 'a "b"' because -->`,
			[]PHIAllowance{{Text: `a "b"`, Reason: "because", Offset: 0}}},
		{"upper case", `<!-- PHI-OK: "x" y -->`, []PHIAllowance{{Text: "x", Reason: "y", Offset: 0}}},
		{"missing reason", `<!-- phi-ok: "555-123-4567" -->`,
			[]PHIAllowance{{Text: "555-123-4567", Offset: 0}}},
		{"two", "<!-- phi-ok: \"a\" r1 -->\n<!-- phi-ok: \"b\" r2 -->",
			[]PHIAllowance{{"a", "r1", 0}, {"b", "r2", 24}}},
		{"unquoted", `<!-- phi-ok: 555-123-4567 fictional -->`, nil},
		{"empty text", `<!-- phi-ok: "" nothing -->`, nil},
		{"unclosed quote", `<!-- phi-ok: "555-123-4567 fictional -->`, nil},
		{"unclosed comment", `<!-- phi-ok: "555-123-4567" fictional`, nil},
		{"other comment", `<!-- note: "x" -->`, nil},
		{"in a code span", "`<!-- phi-ok: \"text\" reason -->`", nil},
		{"in a fenced block", "```markdown\n<!-- phi-ok: \"text\" reason -->\n```\n", nil},
		{"after a fenced block", "~~~\ncode\n~~~\n<!-- phi-ok: \"t\" r -->", []PHIAllowance{{"t", "r", 13}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := PHIAllowances([]byte(c.body))
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("PHIAllowances(%q)\n got %#v\nwant %#v", c.body, got, c.want)
			}
		})
	}
}

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
			if got := FindPHI(string(src)); len(got) > 0 {
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

// phiBenchText is a clinical module body of about 800 words, with
// citations, doses, lab values, dates and a quiz, and no identifier.
var phiBenchText = func() string {
	para := []string{
		"A 67-year-old man presents to the emergency department with fever, confusion and a respiratory rate of 24/min. His blood pressure is 96/60 mmHg, heart rate 118 bpm, SpO2 92% on room air and temperature 38.9 °C. Lactate is 4.2 mmol/L, K 5.4, Na 131 mmol/L, Hb 11.2 g/dL, WBC 17.3 x 10^9/L and creatinine 180 µmol/L [@singer2016].",
		"The 2021 Surviving Sepsis Campaign guidelines, published 2 October 2021, recommend 30 mL/kg of intravenous crystalloid within the first 3 hours for sepsis-induced hypoperfusion, and norepinephrine 0.05-0.5 mcg/kg/min as the first-line vasopressor to target a MAP of 65 mmHg [@evans2021]. See doi:10.1007/s00134-021-06506-y and PMID: 34599691.",
		"Take blood cultures before antibiotics, but do not delay antimicrobials beyond 1 hour when shock is likely. Piperacillin-tazobactam 4.5 g every 6-8 hours or meropenem 1 g every 8 hours are common choices; vancomycin 15-20 mg/kg every 8-12 hours covers MRSA where it is prevalent [@evans2021; @seymour2016, p. 765].",
		"qSOFA gives one point each for a respiratory rate of 22/min or more, altered mentation (GCS below 15) and systolic blood pressure of 100 mmHg or less. In the derivation cohort of 148,907 encounters, a score of 2 or more identified higher in-hospital mortality (AUROC 0.81, 95% CI 0.80-0.82) outside the ICU [@seymour2016].",
		"Reassess at 14:30 and again within 6 hours: capillary refill, urine output above 0.5 mL/kg/h and a falling lactate suggest response. ICD-10 codes A41.9 and R65.21 describe sepsis and septic shock. Trials such as NCT01234567 and ISRCTN12345678 compared early goal-directed therapy with usual care (JAMA. 2016;315(8):801-810).",
		"![qSOFA chart: respiratory rate 22 or more per minute](qsofa-chart.png) The full guideline is at https://www.sccm.org/SurvivingSepsisCampaign/Guidelines/Adult-Patients and the abstract at https://pubmed.ncbi.nlm.nih.gov/34599691/ (accessed 3 March 2024, version 1.2.3).",
		"::: quiz\nAn adult with pneumonia has a respiratory rate of 24/min, a systolic blood pressure of 96 mmHg and is fully alert (GCS 15). What is the qSOFA score?\n\n- [ ] 1\n  > Count the blood pressure too.\n- [x] 2\n- [ ] 3\n\nWhy: Respiratory rate of 22/min or more and systolic pressure of 100 mmHg or less each score one point [@seymour2016].\n:::",
	}
	var b strings.Builder
	for i := 0; len(strings.Fields(b.String())) < 800; i++ {
		b.WriteString(para[i%len(para)])
		b.WriteString("\n\n")
	}
	return b.String()
}()

func TestPHIBenchTextIsClean(t *testing.T) {
	if n := len(strings.Fields(phiBenchText)); n < 700 || n > 1000 {
		t.Errorf("bench text has %d words, want about 800", n)
	}
	if got := FindPHI(phiBenchText); len(got) > 0 {
		t.Errorf("bench text flagged: %v", got)
	}
}

func BenchmarkFindPHI(b *testing.B) {
	b.SetBytes(int64(len(phiBenchText)))
	b.ReportAllocs()
	for b.Loop() {
		FindPHI(phiBenchText)
	}
}
