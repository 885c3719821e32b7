package generator

import (
	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/feed"
	"github.com/rounds-dev/rounds/generator/render"
)

// hasPractice reports whether the site gets a /practice/ page: it is not
// an LMS package (the LMS keeps the learner's record there, and a
// package holds one course), and some published module has questions.
func (b *builder) hasPractice() bool {
	if b.opts.Package != "" {
		return false
	}
	for _, v := range b.published {
		if v.State != content.Archived && len(v.Module.Quizzes) > 0 {
			return true
		}
	}
	return false
}

// writePractice writes /practice/: spaced practice (Leitner boxes) over
// the questions of the modules the learner has done, worked out by the
// page's script from the site's own quiz.json files and this browser's
// localStorage. Nothing about the learner is sent anywhere.
func (b *builder) writePractice() []feed.URL {
	if !b.site.Practice {
		return nil
	}
	pr := &render.Practice{}
	for i, v := range b.published {
		mv := b.views[i]
		if mv == nil || mv.Quizzes == 0 || v.State == content.Archived {
			continue
		}
		pm := render.PracticeModule{Path: mv.Path, Title: mv.Title, Quiz: "../" + mv.Path + "quiz.json", Href: "../" + mv.Path}
		if mv.Support != nil {
			pm.Support = mv.Support.Line // ACCME Standard 4: the disclosure goes with the title
		}
		pr.Modules = append(pr.Modules, pm)
	}
	if len(pr.Modules) == 0 {
		return nil
	}
	page := b.page("practice", "practice/", b.c.Locale().T("practice.title"), b.c.Locale().T("practice.description"))
	page.Practice = pr
	b.job(func() { b.writePage(page) })
	return []feed.URL{{Loc: b.c.Config.AbsURL("practice/")}}
}
