package generator

import (
	"encoding/json"
	"html/template"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/render"
)

// visibleQuizzes are the quizzes a module page shows: an archived module
// awards no credit, so it shows no post-test.
func visibleQuizzes(m *content.Module, archived bool) []content.Quiz {
	var out []content.Quiz
	for _, q := range m.Quizzes {
		if !(archived && q.Posttest) {
			out = append(out, q)
		}
	}
	return out
}

// quizzes prepares the quiz data of a module page, and writes its
// quiz.json (for LMS import) and its embed page (the quizzes alone).
func (b *builder) quizzes(v *content.Verdict, mv *render.Module, quizzes []content.Quiz, alone template.HTML) {
	m := v.Module
	pass := 0.0
	if c := m.Meta.Credit; c != nil && v.State != content.Archived {
		pass = c.Pass
	}
	answers := map[string]any{}
	for _, q := range quizzes {
		var right []int
		for i, c := range q.Choices {
			if c.Correct {
				right = append(right, i)
			}
		}
		answers[q.ID] = map[string]any{"correct": right, "posttest": q.Posttest, "multi": q.Multi()}
		mv.Quizzes++
		if q.Posttest {
			mv.Posttests++
		}
	}
	// The answers are in the page: a static site cannot keep a test secret
	// (SPEC.md "Quizzes"); scores that count for credit go to an LMS.
	mv.QuizData = map[string]any{"module": mv.Path, "pass": pass, "quizzes": answers}
	mv.QuizJSON = "quiz.json"
	mv.EmbedPath = "embed/" + mv.Path
	b.write(mv.Path+"quiz.json", b.quizJSON(v, mv, quizzes, pass))

	embed := *mv
	embed.Body = alone
	p := b.page("embed", mv.EmbedPath, mv.Title, mv.Summary)
	p.Module = &embed
	p.Noindex = true
	b.writePage(p)
}

// quizJSON is the module's questions for import into a learning
// management system.
func (b *builder) quizJSON(v *content.Verdict, mv *render.Module, quizzes []content.Quiz, pass float64) []byte {
	type choice struct {
		Text     string `json:"text"`
		Correct  bool   `json:"correct"`
		Feedback string `json:"feedback,omitempty"`
	}
	type question struct {
		ID        string   `json:"id"`
		Posttest  bool     `json:"posttest"`
		Multiple  bool     `json:"multiple"`
		Question  string   `json:"question"`
		Choices   []choice `json:"choices"`
		Rationale string   `json:"rationale,omitempty"`
	}
	doc := struct {
		Format string `json:"format"`
		Module string `json:"module"`
		URL    string `json:"url"`
		// ACCME Standard 4: whoever imports the questions shows who
		// supported them.
		Disclosure string     `json:"disclosure,omitempty"`
		Pass       float64    `json:"pass,omitempty"`
		Credit     string     `json:"credit,omitempty"`
		Markup     string     `json:"markup"`
		Questions  []question `json:"questions"`
	}{Format: "rounds-quiz/1", Module: mv.Title, URL: b.c.Config.AbsURL(mv.Path), Pass: pass, Markup: "markdown"}
	if mv.Credit != nil {
		doc.Credit = mv.Credit.Badge
	}
	if mv.Support != nil {
		doc.Disclosure = mv.Support.Sentence
	}
	for _, q := range quizzes {
		qq := question{ID: q.ID, Posttest: q.Posttest, Multiple: q.Multi(), Question: q.Stem, Rationale: q.Rationale}
		for _, c := range q.Choices {
			qq.Choices = append(qq.Choices, choice{Text: c.Text, Correct: c.Correct, Feedback: c.Feedback})
		}
		doc.Questions = append(doc.Questions, qq)
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		b.fail(err)
	}
	return append(out, '\n')
}
