package generator

import (
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/render"
)

// The schema.org structured data of the pages, as typed values rather
// than maps: encoding/json writes a struct without sorting keys or
// boxing every value, which mattered on every module page of a build.
// Fields are declared in the order of their JSON names ("@" first, then
// alphabetical), the order maps were written in, so the pages' bytes
// did not change with the types.

// ldCourse is a module page: a Course that is also a LearningResource.
type ldCourse struct {
	Context           string           `json:"@context"`
	Type              []string         `json:"@type"`
	Audience          *ldAudience      `json:"audience,omitempty"`
	Citation          []ldCreativeWork `json:"citation,omitempty"`
	DatePublished     string           `json:"datePublished,omitempty"`
	Description       string           `json:"description"`
	Credential        *string          `json:"educationalCredentialAwarded,omitempty"`
	EducationalLevel  string           `json:"educationalLevel"`
	Expires           string           `json:"expires,omitempty"`
	HasCourseInstance ldCourseInstance `json:"hasCourseInstance"`
	HasPart           *ldQuiz          `json:"hasPart,omitempty"`
	InLanguage        string           `json:"inLanguage"`
	MainEntityOfPage  *ldWebPage       `json:"mainEntityOfPage,omitempty"`
	Name              string           `json:"name"`
	Provider          *ldNamed         `json:"provider,omitempty"`
	Teaches           []string         `json:"teaches,omitempty"`
	URL               string           `json:"url"`
}

// ldWebPage is the module's page, carrying its peer review: schema.org
// puts reviewedBy and lastReviewed on a WebPage, not on a Course.
type ldWebPage struct {
	ID           string    `json:"@id"`
	Type         string    `json:"@type"`
	LastReviewed string    `json:"lastReviewed,omitempty"`
	ReviewedBy   []ldNamed `json:"reviewedBy,omitempty"`
}

type ldCourseInstance struct {
	Type           string   `json:"@type"`
	CourseMode     []string `json:"courseMode"`
	CourseWorkload string   `json:"courseWorkload,omitempty"`
}

type ldAudience struct {
	Type         string `json:"@type"`
	AudienceType string `json:"audienceType"`
}

// ldNamed is any thing that is a type and a name: a Person, an
// Organization, a Periodical.
type ldNamed struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

// ldCreativeWork is a cited reference.
type ldCreativeWork struct {
	Type          string            `json:"@type"`
	Author        []ldNamed         `json:"author,omitempty"`
	DatePublished string            `json:"datePublished,omitempty"`
	Identifier    []ldPropertyValue `json:"identifier,omitempty"`
	IsPartOf      *ldNamed          `json:"isPartOf,omitempty"`
	Name          string            `json:"name"`
	SameAs        string            `json:"sameAs,omitempty"`
	URL           string            `json:"url,omitempty"`
}

type ldPropertyValue struct {
	Type       string `json:"@type"`
	PropertyID string `json:"propertyID"`
	Value      string `json:"value"`
}

type ldQuiz struct {
	Type    string       `json:"@type"`
	HasPart []ldQuestion `json:"hasPart"`
	Name    string       `json:"name"`
}

type ldQuestion struct {
	Type            string     `json:"@type"`
	AcceptedAnswer  []ldAnswer `json:"acceptedAnswer"`
	EduQuestionType string     `json:"eduQuestionType"`
	Name            string     `json:"name"`
	SuggestedAnswer []ldAnswer `json:"suggestedAnswer,omitempty"`
	Text            string     `json:"text"`
}

type ldAnswer struct {
	Type string `json:"@type"`
	Text string `json:"text"`
}

// ldCoursePage is a course's page: a Course made of its modules.
type ldCoursePage struct {
	Context     string        `json:"@context"`
	Type        string        `json:"@type"`
	Description string        `json:"description,omitempty"`
	HasPart     []ldCourseRef `json:"hasPart,omitempty"`
	Name        string        `json:"name"`
	Provider    *ldNamed      `json:"provider,omitempty"`
	URL         string        `json:"url"`
}

type ldCourseRef struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

// moduleJSONLD describes a module for search engines and learning
// platforms: a Course with an online, self-paced CourseInstance, and the
// LearningResource it teaches from (schema.org).
func (b *builder) moduleJSONLD(v *content.Verdict, mv *render.Module, cited []string, quizzes []content.Quiz) any {
	fm := v.Module.Meta
	course := &ldCourse{
		Context:           "https://schema.org",
		Type:              []string{"Course", "LearningResource"},
		Name:              fm.Title,
		Description:       fm.Summary,
		URL:               b.c.Config.AbsURL(mv.Path),
		InLanguage:        mv.Lang,
		EducationalLevel:  "Professional",
		HasCourseInstance: ldCourseInstance{Type: "CourseInstance", CourseMode: []string{"online", "asynchronous"}},
		Teaches:           fm.Objectives,
		Provider:          b.provider(),
	}
	if fm.Duration != "" {
		course.HasCourseInstance.CourseWorkload = isoDuration(fm.Duration)
	}
	for _, r := range b.c.citedReferences(v.Module, cited) {
		course.Citation = append(course.Citation, scholarlyArticle(r))
	}
	if mv.Credit != nil {
		course.Credential = &mv.Credit.Badge
	}
	if len(quizzes) > 0 {
		course.HasPart = quizJSONLD(fm.Title, quizzes)
	}
	if len(fm.Audience) > 0 {
		course.Audience = &ldAudience{Type: "Audience", AudienceType: strings.Join(fm.Audience, ", ")}
	}
	if !fm.Date.IsZero() {
		course.DatePublished = fm.Date.String()
	}
	if len(mv.Reviewers) > 0 {
		page := &ldWebPage{Type: "WebPage", ID: course.URL, LastReviewed: v.LastReview.String()}
		for _, r := range mv.Reviewers {
			page.ReviewedBy = append(page.ReviewedBy, ldNamed{Type: "Person", Name: r.Name})
		}
		course.MainEntityOfPage = page
	}
	if !fm.Expires.IsZero() {
		course.Expires = fm.Expires.String()
	}
	return course
}

// provider is the site's provider as an Organization, nil when unnamed.
func (b *builder) provider() *ldNamed {
	if p := b.c.Config.Site.Provider; p != nil {
		return &ldNamed{Type: "Organization", Name: p.Name}
	}
	return nil
}

// scholarlyArticle describes a reference in schema.org terms.
func scholarlyArticle(r content.Reference) ldCreativeWork {
	c := ldCreativeWork{Type: "ScholarlyArticle", Name: r.Title, URL: r.URL}
	switch r.Type {
	case "book":
		c.Type = "Book"
	case "chapter":
		c.Type = "Chapter"
	case "web", "guideline":
		c.Type = "CreativeWork"
	}
	for _, a := range r.Authors {
		c.Author = append(c.Author, ldNamed{Type: "Person", Name: a})
	}
	c.DatePublished = r.Published().String() // 2017, 2017-06 or 2017-06-08
	if r.DOI != "" {
		c.Identifier = append(c.Identifier, ldPropertyValue{Type: "PropertyValue", PropertyID: "DOI", Value: r.DOI})
		c.SameAs = content.DOIURL(r.DOI)
	}
	if r.PMID != "" {
		c.Identifier = append(c.Identifier, ldPropertyValue{Type: "PropertyValue", PropertyID: "PMID", Value: r.PMID})
	}
	if r.Journal != "" {
		c.IsPartOf = &ldNamed{Type: "Periodical", Name: r.Journal}
	}
	return c
}

// quizJSONLD describes a module's questions as a schema.org Quiz.
func quizJSONLD(title string, quizzes []content.Quiz) *ldQuiz {
	quiz := &ldQuiz{Type: "Quiz", Name: "Questions: " + title, HasPart: make([]ldQuestion, 0, len(quizzes))}
	for _, q := range quizzes {
		question := ldQuestion{Type: "Question", Name: q.Stem, Text: q.Stem, EduQuestionType: "Multiple choice"}
		for _, c := range q.Choices {
			a := ldAnswer{Type: "Answer", Text: c.Text}
			if c.Correct {
				question.AcceptedAnswer = append(question.AcceptedAnswer, a)
			} else {
				question.SuggestedAnswer = append(question.SuggestedAnswer, a)
			}
		}
		quiz.HasPart = append(quiz.HasPart, question)
	}
	return quiz
}

// courseJSONLD describes a course page: a Course made of its modules.
func (b *builder) courseJSONLD(sv *render.Section) *ldCoursePage {
	c := &ldCoursePage{Context: "https://schema.org", Type: "Course", Name: sv.Title, Description: sv.Summary,
		URL: b.c.Config.AbsURL(sv.Path), Provider: b.provider()}
	for _, m := range sv.Modules {
		c.HasPart = append(c.HasPart, ldCourseRef{Type: "Course", Name: m.Title, URL: b.c.Config.AbsURL(m.Path)})
	}
	return c
}
