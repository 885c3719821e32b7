package phi

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
)

// corpusCase is one labelled snippet of testdata/phi/corpus.tsv.
type corpusCase struct {
	line       int
	flag       bool
	kind, text string
	start, end int // the identifier that a finding must cover, when flag
}

var corpusEscape = regexp.MustCompile(`\\u([0-9A-Fa-f]{4})`)

func loadCorpus(t testing.TB) []corpusCase {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "corpus.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusCase
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
		text := corpusEscape.ReplaceAllStringFunc(parts[2], func(s string) string {
			r, _ := strconv.ParseUint(s[2:], 16, 32)
			return string(rune(r))
		})
		c := corpusCase{line: n, flag: parts[0] == "FLAG", kind: parts[1]}
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

// TestCorpus measures the detector on the labelled corpus: recall on the
// true identifiers must be 1 and no look-alike may be flagged.
func TestCorpus(t *testing.T) {
	cases := loadCorpus(t)
	type tally struct{ lines, found, falsePos int }
	byKind := map[string]*tally{}
	var flagLines, passLines, recalled, truePos, falsePos int
	for _, c := range cases {
		got := Find(c.text)
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
	for _, k := range []string{Phone, MRN, Email, Date, Age, IP, Street, ZIP4,
		SSN, Plan, Account, Licence, Device, URL, Name, Place, Vehicle, Other} {
		if byKind[k] == nil || byKind[k].lines < 4 {
			t.Errorf("corpus has too few snippets of %s", k)
		}
	}
	if recall < 1 {
		t.Errorf("recall %.3f, want 1", recall)
	}
}

func TestFindOffsets(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       []Finding
	}{
		{"ascii", "Call 555-123-4567 now.", []Finding{{5, 17, Phone, "555-123-4567"}}},
		{"full-width digits", "Call ５５５-１２３-４５６７ now.",
			[]Finding{{5, 37, Phone, "５５５-１２３-４５６７"}}},
		{"zero-width inside", "MRN 1234\u200b5678.", []Finding{{4, 15, MRN, "1234\u200b5678"}}},
		{"zero-width before and after", "é \u200b555-123-4567\u200b x",
			[]Finding{{6, 18, Phone, "555-123-4567"}}},
		{"soft hyphen and BOM", "\ufeffSSN 123\u00ad-45-6789",
			[]Finding{{7, 20, SSN, "123\u00ad-45-6789"}}},
		{"full-width at sign", "jdoe＠example.org", []Finding{{0, 18, Email, "jdoe＠example.org"}}},
		{"several in order", "DOB 03/04/1951, MRN 12345678, jane@example.org",
			[]Finding{{4, 14, Date, "03/04/1951"}, {20, 28, MRN, "12345678"}, {30, 46, Email, "jane@example.org"}}},
		{"inside a code span", "`call 555-123-4567`", []Finding{{6, 18, Phone, "555-123-4567"}}},
		{"URL holds the number", "https://x.example/patients/555-123-4567",
			[]Finding{{0, 39, URL, "https://x.example/patients/555-123-4567"}}},
		{"phi-ok comment is not scanned", `<!-- phi-ok: "555-123-4567" demo --> 555-123-4568`,
			[]Finding{{37, 49, Phone, "555-123-4568"}}},
		{"malformed phi-ok comment is scanned", `<!-- phi-ok 555-123-4567 -->`,
			[]Finding{{12, 24, Phone, "555-123-4567"}}},
		{"zero-width in the comment syntax", "<!-\u200b- phi-ok: \"555-123-4567\" demo -->",
			[]Finding{{17, 29, Phone, "555-123-4567"}}},
		{"character references", "SSN 123&#45;45&#45;6789.", []Finding{{4, 23, SSN, "123&#45;45&#45;6789"}}},
		{"digits as references", "&#53;&#53;&#53;-123-4567", []Finding{{0, 24, Phone, "&#53;&#53;&#53;-123-4567"}}},
		{"backslash escapes", `Call 555\-123\-4567.`, []Finding{{5, 19, Phone, `555\-123\-4567`}}},
		{"not a reference", "AT&T 555-123-4567 &notit; &#;", []Finding{{5, 17, Phone, "555-123-4567"}}},
		{"nothing", "Give 30 mL/kg within 3 hours [@evans2021].", nil},
		{"empty", "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Find(c.text)
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("Find(%q)\n got %v\nwant %v", c.text, got, c.want)
			}
			for _, f := range got {
				if c.text[f.Start:f.End] != f.Text {
					t.Errorf("Text %q is not text[%d:%d]", f.Text, f.Start, f.End)
				}
			}
		})
	}
}

func TestAllowances(t *testing.T) {
	for _, c := range []struct {
		name, body string
		want       []Allowance
	}{
		{"double quotes", `a <!-- phi-ok: "555-123-4567" fictional number -->`,
			[]Allowance{{Text: "555-123-4567", Reason: "fictional number", Offset: 2}}},
		{"no colon, spaces", "<!--phi-ok   \"MRN 1\"   a  made-up\n  record   -->",
			[]Allowance{{Text: "MRN 1", Reason: "a made-up record", Offset: 0}}},
		{"escaped quote", `<!-- phi-ok: "say \"hi\" \\ 1" why -->`,
			[]Allowance{{Text: `say "hi" \ 1`, Reason: "why", Offset: 0}}},
		{"single quotes", `<!-- phi-ok: 'a "b"' because -->`,
			[]Allowance{{Text: `a "b"`, Reason: "because", Offset: 0}}},
		{"upper case", `<!-- PHI-OK: "x" y -->`, []Allowance{{Text: "x", Reason: "y", Offset: 0}}},
		{"missing reason", `<!-- phi-ok: "555-123-4567" -->`,
			[]Allowance{{Text: "555-123-4567", Offset: 0}}},
		{"two", "<!-- phi-ok: \"a\" r1 -->\n<!-- phi-ok: \"b\" r2 -->",
			[]Allowance{{"a", "r1", 0}, {"b", "r2", 24}}},
		{"unquoted", `<!-- phi-ok: 555-123-4567 fictional -->`, nil},
		{"empty text", `<!-- phi-ok: "" nothing -->`, nil},
		{"unclosed quote", `<!-- phi-ok: "555-123-4567 fictional -->`, nil},
		{"unclosed comment", `<!-- phi-ok: "555-123-4567" fictional`, nil},
		{"other comment", `<!-- note: "x" -->`, nil},
		{"in a code span", "`<!-- phi-ok: \"text\" reason -->`", nil},
		{"in a fenced block", "```markdown\n<!-- phi-ok: \"text\" reason -->\n```\n", nil},
		{"after a fenced block", "~~~\ncode\n~~~\n<!-- phi-ok: \"t\" r -->", []Allowance{{"t", "r", 13}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Allowances([]byte(c.body))
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("Allowances(%q)\n got %#v\nwant %#v", c.body, got, c.want)
			}
		})
	}
}

// benchText is a clinical module body of about 800 words, with
// citations, doses, lab values, dates and a quiz, and no identifier.
var benchText = func() string {
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

func TestBenchTextIsClean(t *testing.T) {
	if n := len(strings.Fields(benchText)); n < 700 || n > 1000 {
		t.Errorf("bench text has %d words, want about 800", n)
	}
	if got := Find(benchText); len(got) > 0 {
		t.Errorf("bench text flagged: %v", got)
	}
}

func BenchmarkFind(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	for b.Loop() {
		Find(benchText)
	}
}

// TestFindTablesAndLists: a table or a list of patients names its
// identifiers once, in a header or not at all.
func TestFindTablesAndLists(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       []string // kind: text, in order
	}{
		{"lower-case headers", "| name | mrn | dob |\n|---|---|---|\n| Jane Doe | 12345678 | 03/04/1951 |\n| John Smith | 87654321 | 1949-11-12 |\n",
			[]string{"name: Jane Doe", "medical record number: 12345678", "date tied to a person: 03/04/1951",
				"name: John Smith", "medical record number: 87654321", "date tied to a person: 1949-11-12"}},
		{"headers in capitals, aligned", "| **Patient name** | Age | Admitted |\n| :--- | ---: | :---: |\n| Mary Ann Lee | 92 | 12 March 2024 |\n",
			[]string{"name: Mary Ann Lee", "age over 89: 92", "date tied to a person: 12 March 2024"}},
		{"name and id columns", "| Name | ID | Ward |\n|---|---|---|\n| Tom Hale | 55012 | 4B |\n",
			[]string{"name: Tom Hale", "medical record number: 55012"}},
		{"a header labels its cells in any table", "| Drug | Phone |\n|---|---|\n| Amoxicillin | 5551234567 |\n",
			[]string{"phone number: 5551234567"}},
		{"a table of drugs", "| Name | Dose | Date approved |\n|---|---|---|\n| Amoxicillin | 500 mg | 12 March 1974 |\n", nil},
		{"a table of cases", "| Patient | Finding |\n|---|---|\n| Young adult | fever |\n| Case 3 | 12 March 2024 |\n| Mr X | rash |\n",
			[]string{"date tied to a person: 12 March 2024"}},
		{"escaped pipe", "| name | note |\n|---|---|\n| Jane Doe | a \\| b |\n", []string{"name: Jane Doe"}},
		{"bulleted list", "Patients:\n\n- Jane Doe, 12345678, 03/04/1951\n- **John Smith** (87654321), DOB 12/11/1949\n",
			[]string{"name: Jane Doe", "medical record number: 12345678", "date tied to a person: 03/04/1951",
				"name: John Smith", "medical record number: 87654321", "date tied to a person: 12/11/1949"}},
		{"numbered list", "1. Jane Doe - 03/04/1951\n2. John Smith - 12/11/1949\n",
			[]string{"name: Jane Doe", "date tied to a person: 03/04/1951", "name: John Smith", "date tied to a person: 12/11/1949"}},
		{"one item after a lead-in", "Today's admissions:\n* Mrs Mary Ann Lee, 92F, bed 4\n",
			[]string{"name: Mary Ann Lee", "age over 89: 92"}},
		{"one item alone", "Reviewers:\n- Jane Roe, 12 March 2024\n", nil},
		{"a list of references", "- Singer M, Deutschman CS, et al. JAMA. 2016;315(8):801-810.\n- Evans Laura, Rhodes Andrew. Intensive Care Med. 2021 Nov 3;47(11):1181. PMID 34599691\n", nil},
		{"a list of guidelines", "- Joint Commission, 1 January 2024\n- Surviving Sepsis Campaign, 2 October 2021\n- World Health Organization, 3 March 2022\n", nil},
		{"sentences in a list", "- Jane Doe was seen on 12 March 2024\n- John Smith was seen 12345 times\n",
			nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, f := range Find(c.text) {
				got = append(got, f.Kind+": "+f.Text)
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("Find(%q)\n got %q\nwant %q", c.text, got, c.want)
			}
		})
	}
}

// TestScanKnownNames: the people a module may name are not flagged.
func TestScanKnownNames(t *testing.T) {
	calls := 0
	names := func() []string {
		calls++
		return []string{"Alice Smith, MD", "Singer M", "Seymour, Christopher W.", "Dr Ravi Patel"}
	}
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Ms Smith reviewed it; Mrs Alice Smith too.", nil},
		{"Mr Singer and Mr Mervyn Singer wrote it.", nil},
		{"Mrs Jane Seymour", []string{"Jane Seymour"}}, // another initial
		{"Mr Seymour and patient Christopher Seymour", nil},
		{"Mr Patel; patient Ravi Patel", nil},
		{"patient John Smith", []string{"John Smith"}},
		{"Mrs Jane Doe", []string{"Jane Doe"}},
	} {
		s := NewScan(Options{Names: names})
		tx := s.Add(c.text)
		var got []string
		for _, f := range tx.Findings() {
			got = append(got, f.Text)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q: got %q, want %q", c.text, got, c.want)
		}
	}
	s := NewScan(Options{Names: names})
	s.Add("Nothing to see: 30 mL/kg.")
	if calls != 7 {
		t.Errorf("Names called %d times for 8 scans; want once per scan that finds a name (7)", calls)
	}
}
