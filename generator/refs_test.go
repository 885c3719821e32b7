package generator_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// References keep their full date and are printed as the style's manual
// does: Vancouver shortens pages and prints a journal article's date;
// AMA prints no PMID inside the reference and links PubMed after it.
func TestReferencesOnPage(t *testing.T) {
	module := `
-- content/c/m.md --
+++
title   = "Module"
date    = 2026-10-01

[[references]]
id      = "seymour2017"
authors = ["Seymour CW", "Gesten F", "Prescott HC"]
title   = "Time to treatment and mortality during mandated emergency care for sepsis"
journal = "N Engl J Med"
issued  = 2017-06-08
volume  = "376"
issue   = "23"
pages   = "2235-2244"
pmid    = "28528569"

[[references]]
id        = "nice2016"
type      = "guideline"
authors   = ["National Institute for Health and Care Excellence"]
title     = "Sepsis: Recognition, Diagnosis and Early Management"
publisher = "NICE"
issued    = "2016-07"
url       = "https://www.nice.org.uk/guidance/ng51"
+++
Treat early [@seymour2017; @nice2016].
`
	site := func(style string) map[string][]byte {
		return sitetest.Parse(`
-- rounds.toml --
title   = "T"
baseURL = "https://learn.example.org/"
citation_style = "` + style + `"
[policy]
required_roles = []
` + module)
	}
	ama := sitetest.BuildOK(t, site("ama"))
	ama.AssertFile("c/m/index.html",
		"<i>N Engl J Med</i>. 2017;376(23):2235-2244.",
		`<a class="pubmed" href="https://pubmed.ncbi.nlm.nih.gov/28528569/">PubMed</a>`,
		"<i>Sepsis: Recognition, Diagnosis and Early Management</i>. NICE; 2016.",
		`"datePublished":"2017-06-08"`)
	ama.AssertFileNot("c/m/index.html", "PMID: ", "Published 2016")

	van := sitetest.BuildOK(t, site("vancouver"))
	van.AssertFile("c/m/index.html",
		"N Engl J Med. 2017 Jun 8;376(23):2235-44. PMID: ",
		"Early Management [Internet]. NICE; 2016 Jul. Available from: ")
	van.AssertFileNot("c/m/index.html", `class="pubmed"`)
}

// A reference date in the front matter is checked at its position: a
// date that does not exist, and a year that disagrees with issued.
func TestReferenceDateErrors(t *testing.T) {
	files := sitetest.Parse(openSite)
	src := string(files["content/cardio/afib.md"])
	refs := "[[references]]\nid = \"a\"\ntitle = \"T\"\nissued = \"2017-13\"\n\n[[references]]\nid = \"b\"\ntitle = \"U\"\nyear = 2016\nissued = 2017-06-08\n+++\n"
	src = strings.Replace(src, "duration = \"6min\"\n+++\n", "duration = \"6min\"\n"+refs, 1) + "\n[@a] [@b]\n"
	files["content/cardio/afib.md"] = []byte(src)
	b := sitetest.Build(t, files)
	if !errors.Is(b.Err, generator.ErrRefused) || len(b.Files) != 0 {
		t.Fatalf("not refused: %v, %d files", b.Err, len(b.Files))
	}
	line := func(s string) int { return bytes.Count([]byte(src[:strings.Index(src, s)]), []byte("\n")) + 1 }
	for _, want := range []string{
		"content/cardio/afib.md:" + strconv.Itoa(line(`issued = "2017-13"`)) + ":1: error: type: references[0].issued must be a date like 2017-06-08",
	} {
		if !strings.Contains(b.Diags(), want) {
			t.Errorf("want %q in\n%s", want, b.Diags())
		}
	}
	// The year conflict is the gate's: checked once the type is right.
	files["content/cardio/afib.md"] = []byte(strings.Replace(src, `issued = "2017-13"`, `issued = "2017-12"`, 1))
	b = sitetest.Build(t, files)
	want := "content/cardio/afib.md:" + strconv.Itoa(line("issued = 2017-06-08")) + ":1: error: referenced: year 2016 and issued 2017-06-08 disagree"
	if !strings.Contains(b.Diags(), want) || len(b.Files) != 0 {
		t.Errorf("want %q in\n%s", want, b.Diags())
	}
}

// quiz.json carries a rationale's citations rendered: numbered as on the
// module page, linked to its reference list, with the references they
// cite (raw "[@key]" meant nothing to an LMS).
func TestQuizJSONRationaleCitations(t *testing.T) {
	files := sitetest.Parse(openSite + `
-- content/cardio/q.md --
+++
title = "Q"
date  = 2026-10-01

[[references]]
id      = "a"
authors = ["Doe J"]
title   = "First"
journal = "JAMA"
year    = 2020
pmid    = "123"

[[references]]
id      = "b"
authors = ["Roe R"]
title   = "Second"
journal = "BMJ"
issued  = 2021-03-04
+++
Cited first [@a].

::: quiz
Which?

- [x] This

Why: *Both* say so [@b; @a, p. 3].
:::
`)
	b := sitetest.BuildOK(t, files)
	var q struct {
		Format    string
		Questions []struct {
			Rationale  string
			References []struct {
				Number         int
				ID, Text, HTML string
				PubMed         string
			}
		}
	}
	if err := json.Unmarshal(b.Files["cardio/q/quiz.json"], &q); err != nil {
		t.Fatal(err)
	}
	got := q.Questions[0]
	want := `<p><em>Both</em> say so <sup class="cite"><a href="https://learn.example.org/sub/cardio/q/#ref-b">2</a>,<a href="https://learn.example.org/sub/cardio/q/#ref-a">1</a>(p. 3)</sup>.</p>`
	if got.Rationale != want {
		t.Errorf("rationale\n got %s\nwant %s", got.Rationale, want)
	}
	if len(got.References) != 2 {
		t.Fatalf("references %+v", got.References)
	}
	rb, ra := got.References[0], got.References[1]
	if rb.Number != 2 || rb.ID != "b" || rb.Text != "Roe R. Second. BMJ. 2021." || rb.HTML != "Roe R. Second. <i>BMJ</i>. 2021." || rb.PubMed != "" {
		t.Errorf("b: %+v", rb)
	}
	if ra.Number != 1 || ra.ID != "a" || ra.PubMed != "https://pubmed.ncbi.nlm.nih.gov/123/" || strings.Contains(ra.Text, "PMID") {
		t.Errorf("a: %+v", ra)
	}
}
