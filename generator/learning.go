package generator

import (
	"sort"
	"strconv"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/markdown"
	"github.com/rounds-dev/rounds/generator/render"
)

// learningData adds to a question's page data what the quiz script needs
// for review plans, pools, shuffling and cases: the objective it tests,
// the section that teaches it, its pool, and its branches.
func (b *builder) learningData(a map[string]any, q content.Quiz) {
	if q.Objective > 0 {
		a["objective"] = q.Objective
	}
	if q.Teaches != "" {
		a["teaches"] = q.Teaches
	}
	if q.Pool > 0 {
		a["pool"] = q.Pool
	}
	if q.Shuffle {
		a["shuffle"] = true
	}
	if q.Case > 0 {
		a["case"] = q.Case
		next := map[string]string{}
		for i, c := range q.Choices {
			if c.Next != "" {
				next[strconv.Itoa(i)] = c.Next
			}
		}
		if len(next) > 0 {
			a["next"] = next
		}
	}
}

// reviewLink is a link of a review plan: a section of the page or another
// module, its address relative to the page.
type reviewLink struct {
	Text string `json:"text"`
	Href string `json:"href"`
}

// reviewData adds the page's review plan data: the module's objectives,
// the headings its questions name, and for each objective (and for the
// module's tags) other published modules to read again. The plan is made
// in the learner's browser from this; nothing about the learner leaves it.
//
// Every heading of the body counts, not only the table of contents' (a
// module with fewer than three sections has none).
func (b *builder) reviewData(v *content.Verdict, mv *render.Module, quizzes []content.Quiz, hs []markdown.Heading) {
	data, ok := mv.QuizData.(map[string]any)
	if !ok {
		return
	}
	m := v.Module
	headings := map[string]string{}
	for _, h := range hs {
		headings[h.ID] = h.Text
	}
	sections := map[string]reviewLink{}
	any := false
	for _, q := range quizzes {
		if q.Teaches != "" {
			sections[q.Teaches] = reviewLink{Text: headings[q.Teaches], Href: "#" + q.Teaches}
		}
		any = any || q.Objective > 0 || q.Teaches != ""
	}
	if !any {
		return
	}
	data["objectives"] = m.Meta.Objectives
	data["sections"] = sections
	if b.opts.Package != "" {
		return // a package holds one course: other modules may not be in it
	}
	b.relatedOnce.Do(func() { b.related = newRelatedIndex(b.published) })
	root := strings.Repeat("../", strings.Count(mv.Path, "/"))
	related := map[string][]reviewLink{}
	for i := range m.Meta.Objectives {
		if links := b.related.of(v, i, root); len(links) > 0 {
			related[strconv.Itoa(i+1)] = links
		}
	}
	if links := b.related.of(v, -1, root); len(links) > 0 {
		related["tags"] = links
	}
	data["related"] = related
}

// relatedIndex finds the published modules that share an objective (the
// same words, case aside) or a tag with a module.
type relatedIndex struct {
	byObjective map[string][]*content.Verdict
	byTag       map[string][]*content.Verdict
}

func newRelatedIndex(vs []*content.Verdict) *relatedIndex {
	r := &relatedIndex{byObjective: map[string][]*content.Verdict{}, byTag: map[string][]*content.Verdict{}}
	for _, v := range vs {
		if v.State == content.Archived {
			continue
		}
		for _, o := range v.Module.Meta.Objectives {
			k := objectiveKey(o)
			r.byObjective[k] = append(r.byObjective[k], v)
		}
		for _, t := range v.Module.Meta.Tags {
			k := strings.ToLower(t)
			r.byTag[k] = append(r.byTag[k], v)
		}
	}
	return r
}

func objectiveKey(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// maxRelated is how many other modules a review plan suggests per
// question: a plan, not a catalogue.
const maxRelated = 3

// of lists the modules related to v's objective i (by that objective
// first, then by tag), or by tag alone for i < 0, as links from a page
// whose way back to the site's root is root.
func (r *relatedIndex) of(v *content.Verdict, i int, root string) []reviewLink {
	seen := map[*content.Verdict]bool{v: true}
	var picked []*content.Verdict
	add := func(list []*content.Verdict) {
		sorted := append([]*content.Verdict(nil), list...)
		sort.SliceStable(sorted, func(a, b int) bool { return sorted[a].Module.Path < sorted[b].Module.Path })
		for _, o := range sorted {
			if !seen[o] && len(picked) < maxRelated {
				seen[o] = true
				picked = append(picked, o)
			}
		}
	}
	m := v.Module
	if i >= 0 && i < len(m.Meta.Objectives) {
		add(r.byObjective[objectiveKey(m.Meta.Objectives[i])])
	}
	if i < 0 {
		for _, t := range m.Meta.Tags {
			add(r.byTag[strings.ToLower(t)])
		}
	}
	out := make([]reviewLink, 0, len(picked))
	for _, o := range picked {
		out = append(out, reviewLink{Text: o.Module.Meta.Title, Href: root + o.Module.URLPath()})
	}
	return out
}
