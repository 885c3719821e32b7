package generator_test

import (
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/internal/sitetest"
)

const ownEvaluation = `
-- content/cardio/evaluated.md --
+++
title = "Evaluated"
date = 2026-10-01
+++
Text.

::: evaluation
- rate: Was it clear? {id=clear}
- text: Anything else?
:::
`

// Issue 20, the evaluation: a module with credit and no evaluation of its
// own gets the default one (with the commercial-bias question); a module
// with its own shows it where written and not the default; the form posts
// to [evaluation] action, which the Content-Security-Policy allows.
func TestEvaluationOnPages(t *testing.T) {
	site := strings.Replace(openSite, "[policy]", "[evaluation]\naction = \"https://forms.example.org/rounds?site=1\"\n\n[policy]", 1)
	b := sitetest.BuildOK(t, sitetest.Parse(site+quizModule+ownEvaluation))
	csp := "form-action 'self' https://forms.example.org\""
	b.AssertFile("cardio/quiz/index.html", `<form class="evaluation" id="evaluation" data-evaluation method="post" action="https://forms.example.org/rounds?site=1"`,
		`data-item="bias" data-kind="rate"`, `data-item="bias-comment" data-kind="text"`, "commercial bias", `name="_module" value="cardio/quiz/"`, `name="_title" value="Quiz module"`,
		`data-course="cardio/"`, csp, "<button type=\"submit\">Send the evaluation</button>")
	b.AssertFile("cardio/evaluated/index.html", `data-item="clear" data-kind="rate"`, `data-item="e2" data-kind="text"`, csp)
	b.AssertFileNot("cardio/evaluated/index.html", `data-item="bias"`)
	// A module without credit and without an evaluation asks for none.
	b.AssertFileNot("cardio/afib/index.html", "data-evaluation")

	// Without an endpoint the page says the answers go nowhere, and the
	// policy allows no other form-action.
	b = sitetest.BuildOK(t, sitetest.Parse(openSite+quizModule))
	b.AssertFile("cardio/quiz/index.html", "This site collects no evaluations: your answers are not sent anywhere.",
		"form-action 'self'\"", `<button type="submit" hidden disabled>Record my evaluation</button>`)
	b.AssertFileNot("cardio/quiz/index.html", `method="post"`)
}

// policy.require_evaluation: the certificate page lists the modules whose
// evaluation it waits for.
func TestCertificateWaitsForEvaluation(t *testing.T) {
	site := strings.Replace(openSite, "[policy]", "[policy]\nrequire_evaluation = true", 1)
	b := sitetest.BuildOK(t, sitetest.Parse(site+quizModule))
	b.AssertFile("cardio/certificate/index.html", `data-evaluations="cardio/quiz/ "`)
	b = sitetest.BuildOK(t, sitetest.Parse(openSite+quizModule))
	b.AssertFile("cardio/certificate/index.html", `data-evaluations=""`)
}
