package generator_test

import (
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content/i18n"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

const accreditedSite = `
-- rounds.toml --
title   = "CME Site"
baseURL = "https://cme.example.org/"
[provider]
name          = "Example Health CE"
accreditation = "Example Health CE is accredited by the ACCME to provide continuing medical education for physicians."
contact       = "cme@example.org"
privacy       = "https://example.org/privacy/"
requirements  = "A current web browser."
[policy]
required_roles = []
[[supporters]]
name = "Acme Pharma"
domains = ["acme.example"]
-- people.toml --
[[person]]
id = "jdoe"
name = "Jordan Doe"
credentials = "MD"
[[person.relationships]]
company = "Acme Pharma"
nature = "consultant"
mitigated = "Peer reviewed."
[[person.relationships]]
company = "Beta Devices"
nature = "speaker"
mitigated = "Peer reviewed."
[[person]]
id = "kli"
name = "Kim Li"
credentials = "RN"
[[person.relationships]]
company = "Gamma Labs"
nature = "advisory board"
mitigated = "Peer reviewed."
[[person]]
id = "plain"
name = "Pat Plain"
credentials = "PharmD"
-- content/c/_index.md --
+++
title = "Course"
+++
-- content/c/m.md --
+++
title = "Module"
summary = "The summary."
date = 2026-10-01
expires = 2028-10-01
authors = ["jdoe"]
planners = ["kli"]
audience = ["Nurses"]
objectives = ["Do the thing"]
duration = "15min"
format = "enduring material"
[credit]
type = "AMA PRA Category 1 Credit™"
hours = 1
pass = 0.75
[support]
supporter = "Acme Pharma"
kind = "educational grant"
+++
THE BODY.

::: quiz posttest
Q?

- [x] yes
:::
`

func TestPreActivityBlock(t *testing.T) {
	b := sitetest.BuildOK(t, sitetest.Parse(accreditedSite))
	page := string(b.Files["c/m/index.html"])
	page = page[strings.Index(page, "<main"):] // the head repeats title and summary in meta tags
	// The summary line (credit, time, dates, pass mark) repeats facts of
	// the statements that follow it, ahead of them: it is checked on its
	// own, then left out of the order.
	start, end := strings.Index(page, `<ul class="facts">`), strings.Index(page, `<details class="statements">`)
	if start < 0 || end < start {
		t.Fatalf("no summary line before the statements:\n%s", page)
	}
	for _, s := range []string{"1 AMA PRA Category 1 Credit™", "15 minutes", "Released", "credit ends 1 October 2028", "75%"} {
		if !strings.Contains(page[start:end], s) {
			t.Errorf("the summary line lacks %q", s)
		}
	}
	page = page[:start] + page[end:]
	// The disclosures and the acknowledgment are visible before the
	// content, never inside a <details> (ACCME; the gate's invariant reads
	// the data-rounds marks).
	closed := page[strings.Index(page, `<details class="statements">`):strings.Index(page, "</details>")]
	for _, s := range []string{"Acme Pharma", "mitigated", "Disclosures"} {
		if strings.Contains(closed, s) {
			t.Errorf("%q is inside the collapsed statements", s)
		}
	}
	marks := []string{`data-rounds="preactivity"`, `data-rounds="disclosure"`, "All relevant financial relationships", "supported by an educational grant", `data-rounds="content"`, "THE BODY."}
	for i := 1; i < len(marks); i++ {
		if a, b := strings.Index(page, marks[i-1]), strings.Index(page, marks[i]); a < 0 || b < a {
			t.Errorf("%q does not come before %q", marks[i-1], marks[i])
		}
	}
	// SPEC.md "A module page": the facts before the learner starts, in order.
	order := []string{
		"<h1>Module</h1>", "The summary.", "Jordan Doe, MD", "Kim Li, RN", "Nurses", "Do the thing",
		"enduring material", "15 minutes", "Released", "credit ends 1 October 2028", "75% of the post-test",
		"Example Health CE designates this enduring material for a maximum of 1 <i>AMA PRA Category 1 Credit</i>™. Physicians should claim only the credit commensurate with the extent of their participation in the activity.",
		"is accredited by the ACCME",
		"Jordan Doe, MD (author): consultant, Acme Pharma", "Jordan Doe, MD (author): speaker, Beta Devices", "Kim Li, RN (planner): advisory board, Gamma Labs",
		"All relevant financial relationships have been mitigated.",
		"This activity is supported by an educational grant from Acme Pharma.",
		"A current web browser.", `href="mailto:cme@example.org"`, `href="https://example.org/privacy/"`,
		"THE BODY.",
	}
	last := -1
	for _, s := range order {
		i := strings.Index(page, s)
		if i < 0 {
			t.Errorf("missing %q", s)
			continue
		}
		if i < last {
			t.Errorf("%q comes before what precedes it in SPEC's order", s)
		}
		last = i
	}
	for _, logo := range []string{"<img", "logo"} {
		if strings.Contains(strings.Split(page, "THE BODY.")[0], logo) {
			t.Errorf("the pre-activity block shows %q: commercial support is acknowledged by name only", logo)
		}
	}
	b.AssertFile("c/index.html", "is accredited by the ACCME", "1 AMA PRA Category 1 Credit™")
}

func TestPreActivityVariants(t *testing.T) {
	cases := []struct {
		name    string
		edit    func(files map[string][]byte)
		want    []string
		notWant []string
	}{
		{"no relationships at all", func(f map[string][]byte) {
			replace(f, "content/c/m.md", `authors = ["jdoe"]`+"\n"+`planners = ["kli"]`, `authors = ["plain"]`)
		},
			[]string{"No one in control of the content of this activity has relevant financial relationships"}, []string{"have been mitigated"}},
		{"a planner with a relationship", func(f map[string][]byte) { replace(f, "content/c/m.md", `authors = ["jdoe"]`, `authors = ["plain"]`) },
			[]string{"Kim Li, RN (planner): advisory board, Gamma Labs", "have been mitigated"}, []string{"Acme Pharma</li>"}},
		{"no credit", func(f map[string][]byte) {
			replace(f, "content/c/m.md", "[credit]\ntype = \"AMA PRA Category 1 Credit™\"\nhours = 1\npass = 0.75\n", "")
		}, []string{"is accredited by the ACCME"}, []string{"designates", "<dt>Passing score"}},
		{"no provider", func(f map[string][]byte) {
			replace(f, "rounds.toml", `name          = "Example Health CE"`, "")
			replace(f, "rounds.toml", "[provider]\n", "[social]\n")
			replace(f, "rounds.toml", `accreditation = "Example Health CE is accredited by the ACCME to provide continuing medical education for physicians."`, "")
			replace(f, "rounds.toml", "contact       = \"cme@example.org\"\nprivacy       = \"https://example.org/privacy/\"\nrequirements  = \"A current web browser.\"\n", "")
		}, []string{"The provider designates"}, []string{"accredited", "mailto:"}},
		{"non-AMA credit with an activity number", func(f map[string][]byte) {
			replace(f, "content/c/m.md", `type = "AMA PRA Category 1 Credit™"`, "type = \"ACPE knowledge-based contact hours\"\nactivity = \"0000-0000-26-001-H01-P\"")
		}, []string{"for a maximum of 1 ACPE knowledge-based contact hours. Activity number 0000-0000-26-001-H01-P."}, []string{"Physicians should claim"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := sitetest.Parse(accreditedSite)
			c.edit(files)
			b := sitetest.BuildOK(t, files)
			b.AssertFile("c/m/index.html", c.want...)
			b.AssertFileNot("c/m/index.html", c.notWant...)
		})
	}
}

func TestUnmitigatedRelationshipIsRefused(t *testing.T) {
	files := sitetest.Parse(accreditedSite)
	replace(files, "people.toml", "nature = \"speaker\"\nmitigated = \"Peer reviewed.\"", "nature = \"speaker\"")
	b := sitetest.Build(t, files)
	if b.Err == nil || !strings.Contains(b.Diags(), `content/c/m.md:6:1: error: disclosed: jdoe's relationship with Beta Devices has no mitigation`) ||
		!strings.Contains(b.Diags(), "note: the relationship is at people.toml:9:1") {
		t.Fatalf("err %v\n%s", b.Err, b.Diags())
	}
}

func replace(files map[string][]byte, name, old, new string) {
	s := string(files[name])
	if !strings.Contains(s, old) {
		panic(name + " lacks " + old)
	}
	files[name] = []byte(strings.Replace(s, old, new, 1))
}

// A site whose policy requires no review says so before every module, and
// a fail-closed policy says nothing of the kind.
func TestUnreviewedPolicyIsShown(t *testing.T) {
	files := sitetest.Parse(accreditedSite)
	b := sitetest.BuildOK(t, files)
	b.AssertFile("c/m/index.html", `<dd class="unreviewed"><strong>Not reviewed.</strong> This site publishes modules without review.</dd>`)
	if !strings.Contains(b.Diags(), "warning: unreviewed-policy: no review role is required") {
		t.Errorf("no warning:\n%s", b.Diags())
	}
	files["rounds.toml"] = []byte(strings.Replace(string(files["rounds.toml"]), "required_roles = []", "required_roles = [\"medical\"]", 1))
	r := sitetest.Build(t, files)
	if strings.Contains(r.Diags(), "unreviewed-policy") {
		t.Errorf("a policy with roles warned:\n%s", r.Diags())
	}
}

// The notice of an unreviewed policy is in the page's language: on an
// Arabic site, and on each language's pages of a site in two.
func TestUnreviewedPolicyInLanguage(t *testing.T) {
	files := sitetest.Parse(accreditedSite)
	files["rounds.toml"] = append([]byte("language = \"ar\"\n"), files["rounds.toml"]...)
	b := sitetest.BuildOK(t, files)
	ar := i18n.Builtin("ar")
	b.AssertFile("c/m/index.html", `<dd class="unreviewed"><strong>`+ar.T("pre.not_reviewed")+`</strong> `+ar.T("pre.unreviewed_policy")+`</dd>`)
	b.AssertFileNot("c/m/index.html", "This site publishes modules without review.")

	two := signAll(t, translationSite(""), "medical")
	two["rounds.toml"] = []byte(strings.Replace(string(two["rounds.toml"]), `required_roles = ["medical"]`, "required_roles = []", 1))
	r := buildOn(t, two, trDay)
	if r.Err != nil {
		t.Fatalf("build: %v\n%s", r.Err, r.Diags())
	}
	es := i18n.Builtin("es")
	r.AssertFile("es/c/m/index.html", `<dd class="unreviewed"><strong>`+es.T("pre.not_reviewed")+`</strong> `+es.T("pre.unreviewed_policy")+`</dd>`)
	r.AssertFile("c/m/index.html", "<strong>Not reviewed.</strong> This site publishes modules without review.</dd>")
}

// The cards of the home page, a course and its completion say what they
// are in the site's language, counts in its plural forms; a question
// card's link line too (its alt text is the page's, tested with it).
func TestCardLabelsInLanguage(t *testing.T) {
	files := sitetest.Parse(accreditedSite)
	files["rounds.toml"] = append([]byte("language = \"ar\"\n"), files["rounds.toml"]...)
	b := sitetest.BuildOK(t, files)
	ar := i18n.Builtin("ar")
	b.AssertFile("share/index.html", ar.T("card.courses", "count", 1)+" · "+ar.T("list.modules", "count", 1))
	b.AssertFile("c/index.html", ar.T("card.course")+" · "+ar.T("list.modules", "count", 1))
	b.AssertFile("share/c/index.html", ar.T("card.course_completed"))
	b.AssertFile("share/c/index.html", ar.T("card.i_completed", "title", "Course"))
	for _, english := range []string{"1 course", "1 module", "Course completed", "I completed"} {
		b.AssertFileNot("share/index.html", english)
		b.AssertFileNot("share/c/index.html", english)
		b.AssertFileNot("c/index.html", english)
	}
}
