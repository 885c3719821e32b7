package generator_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/internal/sitetest"
)

const quizModule = `
-- content/cardio/quiz.md --
+++
title = "Quiz module"
date = 2026-10-01
expires = 2027-12-01
[credit]
type = "AMA PRA Category 1 Credit™"
hours = 0.5
pass = 0.5
+++
Text.

::: quiz
Practice?

- [ ] no
  > Not this.
- [x] yes

Why: because.
:::

::: quiz posttest id=final
Which apply?

- [x] one
- [x] two
- [ ] three
:::
`

func TestQuizOutputs(t *testing.T) {
	b := sitetest.BuildOK(t, sitetest.Parse(openSite+quizModule))
	b.AssertFile("cardio/quiz/index.html", `<form class="quiz" id="quiz-final" data-quiz="final" data-posttest>`,
		`<script type="application/json" id="rounds-quiz">`, `"correct":[0,1]`, `js/rounds.js`, "To pass, answer 50% of them right.")
	b.AssertFile("embed/cardio/quiz/index.html", `id="quiz-q1"`, `id="quiz-final"`, `target="_top"`)
	b.AssertFileNot("embed/cardio/quiz/index.html", "<p>Text.</p>")
	b.AssertFile("cardio/certificate/index.html", "data-certificate", `data-modules="cardio/quiz/ "`, `0.5</span> AMA PRA Category 1 Credits™`)
	b.AssertFile("cardio/index.html", `data-module="cardio/quiz/" data-posttest`, "certificate-link")
	b.AssertFile("js/rounds.js", "localStorage")

	var q struct {
		Format    string
		Pass      float64
		Questions []struct {
			ID       string
			Posttest bool
			Multiple bool
			Question string
			Choices  []struct {
				Text     string
				Correct  bool
				Feedback string
			}
			Rationale string
		}
	}
	if err := json.Unmarshal(b.Files["cardio/quiz/quiz.json"], &q); err != nil {
		t.Fatal(err)
	}
	if q.Format != "rounds-quiz/2" || q.Pass != 0.5 || len(q.Questions) != 2 {
		t.Fatalf("quiz.json: %+v", q)
	}
	p, f := q.Questions[0], q.Questions[1]
	if p.ID != "q1" || p.Posttest || p.Question != "Practice?" || p.Choices[0].Feedback != "Not this." || !p.Choices[1].Correct || p.Rationale != "<p>because.</p>" {
		t.Errorf("practice question: %+v", p)
	}
	if f.ID != "final" || !f.Posttest || !f.Multiple || len(f.Choices) != 3 {
		t.Errorf("post-test question: %+v", f)
	}
}

func TestArchivedModuleHasNoPosttest(t *testing.T) {
	files := sitetest.Parse(strings.Replace(openSite, "required_roles = []", "required_roles = []\nexpired = \"archive\"", 1) + quizModule)
	files["content/cardio/quiz.md"] = []byte(strings.Replace(string(files["content/cardio/quiz.md"]), "expires = 2027-12-01", "expires = 2026-11-01", 1))
	b := sitetest.BuildOK(t, files)
	b.AssertFile("cardio/quiz/index.html", "This module is archived", `id="quiz-q1"`)
	b.AssertFileNot("cardio/quiz/index.html", `id="quiz-final"`, "AMA PRA", "Your post-test")
	b.AssertNoFile("cardio/certificate/index.html")
	if !strings.Contains(b.Diags(), "warning: archived: expired on 2026-11-01") {
		t.Errorf("diagnostics:\n%s", b.Diags())
	}
}
