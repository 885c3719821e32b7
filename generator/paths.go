package generator

import (
	"slices"
	"sort"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator/card"
	"github.com/rounds-dev/rounds/generator/feed"
	"github.com/rounds-dev/rounds/generator/render"
)

// checkPaths checks the requirements of modules and courses and the
// learning paths of rounds.toml: unknown and circular requirements, and
// paths that name what the site does not have, are errors at the entry
// written.
func (c *Checked) checkPaths() diag.List {
	req, l := content.CheckRequirements(c.Modules, c.Sections, func(m *content.Module) { _ = c.restore(m) })
	if c.Config.Doc != nil {
		l = append(l, content.CheckProgrammes(c.Config.Doc, c.Config.Site.Paths, req)...)
	}
	return l
}

// writePaths writes a page per learning path at /paths/<id>/ and their
// index at /paths/, and returns their sitemap entries. A path lists the
// published modules it names, courses expanded to their modules in the
// course's order; each module shows what it needs done first. It also
// returns each listed path's completion card, in every shape, for the
// share kit.
func (b *builder) writePaths() ([]feed.URL, []render.ShareSet) {
	progs := b.c.Config.Site.Paths
	if len(progs) == 0 {
		return nil, nil
	}
	var shares []render.ShareSet
	req, _ := content.CheckRequirements(b.c.Modules, b.c.Sections, nil)
	byID := make(map[string]int, len(b.published))
	idOf := make(map[*render.Module]string, len(b.views))
	for i, v := range b.published {
		byID[content.ContentID(v.Module)] = i
		idOf[b.views[i]] = content.ContentID(v.Module)
	}
	var urls []feed.URL
	var index []*render.Programme
	for _, p := range progs {
		pv := &render.Programme{ID: p.ID, Title: p.Title, Summary: p.Summary, Path: "paths/" + p.ID + "/", Objectives: p.Objectives}
		var vs []*content.Verdict
		onPath := map[string]bool{}
		for _, name := range p.Modules {
			ms := req.Expand(name)
			if len(ms) > 1 {
				ms = b.courseOrder(name, idOf)
			}
			for _, id := range ms {
				i, ok := byID[id]
				if !ok || onPath[id] {
					continue // not published (a draft, refused) or listed already
				}
				onPath[id] = true
				vs = append(vs, b.published[i])
				pv.Steps = append(pv.Steps, &render.Step{Module: b.views[i]})
			}
		}
		pv.Courses = b.courseCompletions(pv, idOf, byID)
		order := make(map[string]int, len(pv.Steps))
		for i, st := range pv.Steps {
			order[idOf[st.Module]] = i
		}
		for _, st := range pv.Steps {
			// What it needs, in the path's order; what is not on the path after.
			needs := append([]string(nil), req.Needs[idOf[st.Module]]...)
			sort.SliceStable(needs, func(i, j int) bool {
				oi, iOn := order[needs[i]]
				oj, jOn := order[needs[j]]
				if iOn != jOn {
					return iOn
				}
				return iOn && oi < oj
			})
			var paths []string
			for _, need := range needs {
				if i, ok := byID[need]; ok {
					st.Requires = append(st.Requires, b.views[i])
					paths = append(paths, b.views[i].Path)
				}
			}
			st.RequiresPaths = strings.Join(paths, " ")
		}
		pv.Modules = len(pv.Steps)
		if hours, name := creditTotal(b.c.Locale(), vs); hours != "" {
			pv.TotalCredit = hours + " " + name
		}
		pv.Shares = b.completionPosts(pv.Title, pv.Path, pv.TotalCredit, vs)
		// The completion card carries the path's credit and, as the
		// course's card does, the disclosure of its modules' support
		// (ACCME Standard 4).
		var each []*content.Support
		for _, v := range vs {
			each = append(each, v.Module.Meta.Support)
		}
		cardBase := "cards/paths/" + p.ID + "-completed"
		loc := b.c.Locale()
		pv.Card, pv.CardAlt = b.siteCards(cardBase, card.Card{SiteName: b.providerName(), Label: loc.T("card.path_completed") + " · " + loc.T("list.modules", "count", len(pv.Steps)),
			Title: loc.T("card.i_completed", "title", p.Title), Summary: p.Summary, Credit: pv.TotalCredit,
			Support: strings.TrimSuffix(content.CourseSupportLineIn(b.c.Locale(), each), ".")})
		if len(pv.Steps) == 0 {
			b.warn("rounds.toml", "paths", "path "+p.ID+" has no published module: its page is not written")
			continue
		}
		index = append(index, pv)
		if b.cards != nil && b.opts.Package == "" {
			shares = append(shares, render.ShareSet{Title: pv.Title, Path: pv.Path, Cards: b.shareCards(cardBase, pv.CardAlt, b.c.Locale())})
		}
		page := b.page("path", pv.Path, pv.Title, pv.Summary)
		page.Programme = pv
		b.job(func() { b.writePage(page) })
		urls = append(urls, feed.URL{Loc: b.c.Config.AbsURL(pv.Path)})
	}
	if len(index) > 0 {
		page := b.page("path", "paths/", b.c.Locale().T("path.title"), "")
		page.Programmes = index
		b.job(func() { b.writePage(page) })
		urls = append(urls, feed.URL{Loc: b.c.Config.AbsURL("paths/")})
	}
	return urls, shares
}

// courseCompletions are the courses whose modules a path visits, in the
// order it first does, each with its completion card (drawn with the
// course page: completedCard) and its posts. The programme record shows
// a course's once every published module of it is done, on the path or
// not: completing a course is the same wherever it is done.
func (b *builder) courseCompletions(pv *render.Programme, idOf map[*render.Module]string, byID map[string]int) []*render.CourseCompletion {
	courseOf := map[*render.Module]*render.Section{}
	for _, sv := range b.site.Sections {
		for _, mv := range sv.Modules {
			courseOf[mv] = sv
		}
	}
	var out []*render.CourseCompletion
	seen := map[*render.Section]bool{}
	for _, st := range pv.Steps {
		sv := courseOf[st.Module]
		if sv == nil || seen[sv] || strings.Trim(sv.Path, "/") == "" {
			continue
		}
		seen[sv] = true
		cc := &render.CourseCompletion{ID: strings.ReplaceAll(strings.Trim(sv.Path, "/"), "/", "-"), Title: sv.Title, Path: sv.Path,
			Card: "cards/" + sv.Path + "_completed.png", CardAlt: cardAlt(b.brand(b.completedCardOf(sv)))}
		var paths []string
		var vs []*content.Verdict
		for _, mv := range sv.Modules {
			paths = append(paths, mv.Path)
			if i, ok := byID[idOf[mv]]; ok {
				vs = append(vs, b.published[i])
			}
		}
		cc.Modules = strings.Join(paths, " ")
		cc.Shares = b.completionPosts(sv.Title, sv.Path, sv.TotalCredit, vs)
		out = append(out, cc)
	}
	return out
}

// courseOrder is the published modules of a course and its sub-courses,
// as the course pages list them.
func (b *builder) courseOrder(dir string, idOf map[*render.Module]string) []string {
	var out []string
	for _, sv := range b.site.Sections {
		if sv.Path != dir+"/" && !strings.HasPrefix(sv.Path, dir+"/") {
			continue
		}
		for _, mv := range sv.Modules {
			if id, ok := idOf[mv]; ok {
				out = append(out, id)
			}
		}
	}
	return out
}

// completionShares are the platforms a completion post is offered for.
var completionShares = []string{"x", "linkedin", "facebook"}

// completionPosts are the posts of a learner who completed a programme
// or a course:
// "I completed ...", its total credit and provider, the path's address.
// The share kit writes them (content.PostTexts), so a programme with
// supported modules discloses them first (ACCME Standard 4). They carry
// nothing about the learner.
func (b *builder) completionPosts(title, path, credit string, vs []*content.Verdict) []render.SharePost {
	if b.opts.Package != "" {
		return nil
	}
	in := content.ShareInput{Title: b.c.Locale().T("share.completed", "title", title), URL: b.c.Config.AbsURL(path),
		Hashtags: b.c.Config.Site.Social.Hashtags, Locale: b.c.Locale()}
	var parts []string
	if credit != "" {
		parts = append(parts, credit)
	}
	if p := b.c.Config.Site.Provider; p != nil && p.Name != "" {
		parts = append(parts, p.Name)
	}
	in.Summary = strings.Join(parts, ", ")
	for _, v := range vs {
		in.Course = append(in.Course, v.Module.Meta.Support)
	}
	var out []render.SharePost
	for _, post := range content.PostTexts(in) {
		if slices.Contains(completionShares, post.Platform) {
			out = append(out, render.SharePost{ID: post.Platform, Platform: content.PlatformName(post.Platform), Text: post.Text})
		}
	}
	return out
}
