package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/markdown"
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
func (b *builder) quizzes(v *content.Verdict, mv *render.Module, quizzes []content.Quiz, alone template.HTML, headings []markdown.Heading) {
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
		a := map[string]any{"correct": right, "posttest": q.Posttest, "multi": q.Multi()}
		b.learningData(a, q)
		answers[q.ID] = a
		mv.Quizzes++
		if q.Posttest {
			mv.Posttests++
		}
	}
	if drawn := m.DrawnPosttest(); drawn < mv.Posttests {
		mv.Posttests = drawn // a pool: one attempt draws fewer than the page holds
	}
	// The answers are in the page: a static site cannot keep a test secret
	// (SPEC.md "Quizzes"); scores that count for credit go to an LMS.
	mv.QuizData = map[string]any{"module": mv.Path, "pass": pass, "quizzes": answers}
	b.reviewData(v, mv, quizzes, headings)
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
		ID         string     `json:"id"`
		Posttest   bool       `json:"posttest"`
		Multiple   bool       `json:"multiple"`
		Question   string     `json:"question"`
		Choices    []choice   `json:"choices"`
		Rationale  string     `json:"rationale,omitempty"`
		References []quizCite `json:"references,omitempty"`
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
	}{Format: "rounds-quiz/2", Module: mv.Title, URL: b.c.Config.AbsURL(mv.Path), Pass: pass, Markup: "markdown"}
	if mv.Credit != nil {
		doc.Credit = mv.Credit.Badge
	}
	if mv.Support != nil {
		doc.Disclosure = mv.Support.Sentence
	}
	for _, q := range quizzes {
		qq := question{ID: q.ID, Posttest: q.Posttest, Multiple: q.Multi(), Question: q.Stem}
		qq.Rationale, qq.References = b.rationale(v.Module, mv, q.Rationale, doc.URL)
		for _, c := range q.Choices {
			qq.Choices = append(qq.Choices, choice{Text: c.Text, Correct: c.Correct, Feedback: c.Feedback})
		}
		doc.Questions = append(doc.Questions, qq)
	}
	// Rationales are HTML: written as they are, not as \u003c escapes.
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		b.fail(err)
	}
	return out.Bytes()
}

// quizCite is a reference a rationale cites, as quiz.json lists it.
type quizCite struct {
	Number int    `json:"number"` // as on the module page
	ID     string `json:"id"`
	Text   string `json:"text"`             // formatted in the site's style
	HTML   string `json:"html"`             // the same, with italics and links
	PubMed string `json:"pubmed,omitempty"` // the link after it, in AMA style
}

// rationale renders a quiz's rationale for quiz.json, where an LMS reads
// it apart from the page: HTML whose citations keep the module page's
// numbers and link to its reference list (page is its address), and the
// references they cite, formatted. (Raw "[@key]" meant nothing there.)
func (b *builder) rationale(m *content.Module, mv *render.Module, text, page string) (string, []quizCite) {
	if text == "" {
		return "", nil
	}
	index := map[string]int{}
	for i, r := range mv.References {
		index[r.ID] = i
	}
	numbers := map[string]int{}
	var refs []quizCite
	for _, c := range content.ScanCitations([]byte(text)) {
		i, ok := index[markdown.RefID(c.Key)]
		if !ok || numbers[c.Key] != 0 {
			continue
		}
		numbers[c.Key] = i + 1
		qc := quizCite{Number: i + 1, ID: c.Key, HTML: string(mv.References[i].HTML), PubMed: mv.References[i].PubMed}
		if rs := b.c.citedReferences(m, []string{c.Key}); len(rs) > 0 {
			qc.Text = content.PlainReference(rs[0], b.c.Config.Site.CitationStyle)
		}
		refs = append(refs, qc)
	}
	r, err := b.md.Render([]byte(text), markdown.Options{Known: b.c.knownRefs(m), Numbers: numbers, RefBase: page, Locale: b.c.LocaleOf(m.Lang)})
	if err != nil {
		b.fail(fmt.Errorf("%s: rationale: %v", m.Path, err))
		return "", nil
	}
	return strings.TrimSpace(string(r.HTML)), refs
}
