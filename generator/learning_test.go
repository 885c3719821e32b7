package generator_test

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/internal/sitetest"
)

// learnSite has a module with credit whose two objectives are tested by
// questions of a pool, and an unfolding case with a branch.
const learnSite = `
-- rounds.toml --
title   = "Learning Site"
baseURL = "https://cme.example.org/"
[policy]
required_roles = []
-- content/sepsis/_index.md --
+++
title = "Sepsis"
+++
-- content/sepsis/bundle.md --
+++
title = "The bundle"
date = 2026-10-01
expires = 2028-10-01
objectives = ["Recognise sepsis", "Start the bundle"]
tags = ["sepsis"]
[credit]
type = "AMA PRA Category 1 Credit™"
hours = 0.25
pass = 0.5
+++
## Recognising sepsis

Text.

## The one-hour bundle

Text.

::: quiz posttest objective=1 teaches=#recognising-sepsis pool=2 shuffle
Q1?

- [x] yes
- [ ] no
- [ ] all of the above {pin}
:::

::: quiz posttest objective=2 teaches=#the-one-hour-bundle pool=2
Q2?

- [x] yes
- [ ] no
:::

::: quiz posttest objective=2 pool=2
Q3?

- [x] yes
- [ ] no
:::

:::: case
A man of 70 with fever.

::: quiz id=first
What first?

- [x] Cultures and lactate {next=well}
- [ ] Wait {next=worse}
:::

::: quiz id=worse
He is worse. Now?

- [x] Fluids {next=well}
:::

::: quiz id=well
Antibiotics within the hour?

- [x] Yes
:::

He recovers.
::::
-- content/sepsis/other.md --
+++
title = "Other"
date = 2026-10-01
objectives = ["Start the bundle"]
+++
Text.
`

func TestLearningPage(t *testing.T) {
	b := sitetest.BuildOK(t, sitetest.Parse(learnSite))
	page := "sepsis/bundle/index.html"
	b.AssertFile(page, `data-pool="2"`, `data-shuffle`, `<li data-choice="2" data-pin>`, `data-next="worse"`,
		`"objective":2`, `"teaches":"the-one-hour-bundle"`, `"pool":2`,
		`The post-test has 2 questions.`, // one attempt draws 2 of the 3
		`"related":{"2":[{"text":"Other","href":"../../sepsis/other/"}]}`,
		// the teaching section by its title, though the module has too few sections for a table of contents
		`"the-one-hour-bundle":{"text":"The one-hour bundle","href":"#the-one-hour-bundle"}`)
	b.AssertFileNot(page, "{pin}", "{next=")
	b.AssertFile("practice/index.html", `"quiz":"../sepsis/bundle/quiz.json"`, `href="../sepsis/bundle/"`, `js/practice.js`)
	b.AssertFileNot("practice/index.html", "sepsis/other/") // no questions
	b.AssertFile("js/practice.js", "text/calendar", "localStorage")
	b.AssertFile("sepsis/other/index.html", `href="../../practice/">Practice</a>`)
	if strings.Contains(b.Diags(), "objectives") {
		t.Errorf("every objective is tested, yet:\n%s", b.Diags())
	}
}

func TestLearningGate(t *testing.T) {
	cases := []struct {
		name   string
		from   string
		to     string
		want   []string
		passes bool // a warning only
	}{
		{"objective out of range", "objective=2 teaches=#the", "objective=3 teaches=#the",
			[]string{`content/sepsis/bundle.md:28:19: error: quizzes: objective=3, but the module has 2 objectives`}, false},
		{"teaches no heading", "teaches=#the-one-hour-bundle", "teaches=#the-one-hour-bundel",
			[]string{`content/sepsis/bundle.md:28:31: error: links: teaches=#the-one-hour-bundel names no heading of this module`,
				`help: did you mean teaches=#the-one-hour-bundle?`}, false},
		{"objective untested", "objective=1 teaches", "teaches",
			[]string{`content/sepsis/bundle.md:5:15: warning: objectives: objective 1 ("Recognise sepsis") is tested by no post-test question`,
				`help: mark a question that tests it as ::: quiz posttest objective=1`}, true},
		{"pool too small", "pool=2 shuffle", "pool=4 shuffle",
			[]string{`error: quizzes: pool=2, but the pool's first question says pool=4`}, false},
		{"pool bigger than it holds", "pool=2", "pool=4",
			[]string{`content/sepsis/bundle.md:20:59: error: quizzes: the pool draws 4 questions but holds 3`,
				`help: add 1 more question marked pool=4, or draw fewer`}, false},
		{"pool on a practice question", "::: quiz posttest objective=2 pool=2", "::: quiz objective=2 pool=2",
			[]string{`error: quizzes: pool=2 on a question that is not a post-test question`}, false},
		{"branch to a missing stage", "{next=worse}", "{next=wrse}",
			[]string{`content/sepsis/bundle.md:49:1: error: quizzes: branch {next=wrse} leads to no stage of this case`,
				`help: did you mean {next=worse}?`}, false},
		{"stage no branch reaches", "- [ ] Wait {next=worse}", "- [ ] Wait {next=well}",
			[]string{`content/sepsis/bundle.md:52:1: error: quizzes: stage worse of the case is reached by no branch`}, false},
		{"branch outside a case", "- [ ] no\n- [ ] all", "- [ ] no {next=x}\n- [ ] all",
			[]string{`error: quizzes: a branch {next=x} outside a case`}, false},
		{"bad option value", "pool=2 shuffle", "pool=two shuffle",
			[]string{`error: quizzes: bad quiz option "pool=two"`}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := sitetest.Parse(learnSite)
			replace(files, "content/sepsis/bundle.md", tc.from, tc.to)
			b := sitetest.Build(t, files)
			if (b.Err == nil) != tc.passes {
				t.Fatalf("build error %v, want passing %v:\n%s", b.Err, tc.passes, b.Diags())
			}
			out := b.Diags()
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("diagnostics lack %q:\n%s", w, out)
				}
			}
		})
	}
}

// An untested objective is an error under objectives_tested and under
// [policy] strict = ["objectives"].
func TestObjectivesStrict(t *testing.T) {
	for _, pol := range []string{"objectives_tested = true", `strict = ["objectives"]`} {
		files := sitetest.Parse(learnSite)
		replace(files, "content/sepsis/bundle.md", "objective=1 teaches", "teaches")
		replace(files, "rounds.toml", "required_roles = []", "required_roles = []\n"+pol)
		b := sitetest.Build(t, files)
		if b.Err == nil || !strings.Contains(b.Diags(), `error: objectives: objective 1 ("Recognise sepsis") is tested by no post-test question`) {
			t.Errorf("%s: %v\n%s", pol, b.Err, b.Diags())
		}
	}
}

// A site without questions has no practice page and no link to one.
func TestNoQuestionsNoPractice(t *testing.T) {
	files := sitetest.Parse(learnSite)
	delete(files, "content/sepsis/bundle.md")
	b := sitetest.BuildOK(t, files)
	b.AssertNoFile("practice/index.html")
	b.AssertFileNot("sepsis/other/index.html", "practice/")
}

// A path page holds the programme record and the share kit's completion
// posts, shown by paths.js once every module is done.
func TestProgrammeCompletion(t *testing.T) {
	b := sitetest.BuildOK(t, sitetest.Parse(pathSite))
	b.AssertFile("paths/shock-basics/index.html", `<section class="path-complete" aria-labelledby="complete-h" hidden>`,
		"Total credit: 0.75 AMA PRA Category 1 Credits™", `<li data-module="shock/fluids/">Fluids`,
		`id="share-x"`, `id="share-linkedin"`, "I completed “Shock basics”", "https://cme.example.org/paths/shock-basics/")
	// Its completion card in every shape, listed in the share kit.
	for name, size := range map[string][2]int{"": {1200, 630}, "-square": {1080, 1080}, "-portrait": {1080, 1350}, "-story": {1080, 1920}} {
		file := "cards/paths/shock-basics-completed" + name + ".png"
		cfg, err := png.DecodeConfig(bytes.NewReader(b.Files[file]))
		if err != nil || cfg.Width != size[0] || cfg.Height != size[1] {
			t.Errorf("%s: %v %dx%d, want %v", file, err, cfg.Width, cfg.Height, size)
		}
		b.AssertFile("share/index.html", `src="../`+file+`"`)
	}
	b.AssertFile("share/index.html", "Learning path completion cards", `href="../paths/shock-basics/">Shock basics</a>`)
}

// The programme record links each course the path visits to its
// completion card and posts, hidden until paths.js finds each of the
// course's modules done; the card it links is drawn.
func TestProgrammeCourseCards(t *testing.T) {
	b := sitetest.BuildOK(t, sitetest.Parse(pathSite))
	b.AssertFile("paths/shock-basics/index.html",
		`<a class="path-card" href="../../cards/paths/shock-basics-completed.png" download>`,
		`<div class="path-courses no-print" hidden>`,
		`<li class="path-course" data-modules="shock/recognition/ shock/fluids/" hidden>`,
		`<a href="../../shock/">Shock</a> · <a class="path-course-card" href="../../cards/shock/_completed.png" download`,
		`<li class="path-course" data-modules="pressors/norepinephrine/" hidden>`,
		`href="../../cards/pressors/_completed.png"`,
		`id="share-shock-x"`, "I completed “Shock”", "https://cme.example.org/shock/",
		`id="share-pressors-linkedin"`)
	for _, name := range []string{"cards/shock/_completed.png", "cards/pressors/_completed.png", "cards/paths/shock-basics-completed.png"} {
		if len(b.Files[name]) == 0 {
			t.Errorf("%s is linked but not written", name)
		}
	}
	page := string(b.Files["paths/shock-basics/index.html"])
	if i, j := strings.Index(page, `data-modules="shock/recognition/`), strings.Index(page, `data-modules="pressors/`); i > j {
		t.Error("courses not in the path's order")
	}
	b.AssertFile("js/paths.js", "li.path-course[data-modules]")
}
