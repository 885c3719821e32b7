package generator

import (
	"github.com/rounds-dev/rounds/content/i18n"
	"strconv"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/render"
)

// navPlace is a module's place in its course: the course's modules, in
// course order (shared by the course), and the module's index in them.
type navPlace struct {
	items []render.OutlineItem // Current left false
	i     int
}

// coursePlaces places every module of the courses in its course, for
// navOf. Only the course lists are kept: a module's render.Nav is made
// when its page is drawn, so memory does not grow by an outline per
// module.
func coursePlaces(loc *i18n.Locale, set sectionSet) map[*content.Verdict]navPlace {
	places := map[*content.Verdict]navPlace{}
	for _, sv := range set.list {
		vs := set.verdict[sv]
		items := make([]render.OutlineItem, len(vs))
		for i, v := range vs {
			it := render.OutlineItem{Text: v.Module.Meta.Title, Path: v.Module.URLPath(), Number: i + 1}
			for _, q := range visibleQuizzes(v.Module, v.State == content.Archived) {
				it.Posttest = it.Posttest || q.Posttest
			}
			if s := v.Module.Meta.Support; s != nil {
				it.Support = content.SupportLineIn(loc, s)
			}
			items[i] = it
		}
		for i, v := range vs {
			places[v] = navPlace{items: items, i: i}
		}
	}
	return places
}

// navOf makes the previous and next links and the course outline of the
// module at place p; nil for a module in no course.
func navOf(p navPlace) *render.Nav {
	if p.items == nil {
		return nil
	}
	n, i := len(p.items), p.i
	nav := &render.Nav{Position: i + 1, Of: n}
	if i > 0 {
		nav.Prev = &p.items[i-1]
	}
	if i+1 < n {
		nav.Next = &p.items[i+1]
	}
	lo, hi := outlineWindow(i, n, render.OutlineMax)
	nav.Before, nav.After = lo, n-hi
	nav.Outline = append([]render.OutlineItem(nil), p.items[lo:hi]...)
	nav.Outline[i-lo].Current = true
	return nav
}

// outlineWindow returns the bounds [lo, hi) of at most max items around
// item i of n, i as central as the ends allow.
func outlineWindow(i, n, max int) (lo, hi int) {
	if n <= max {
		return 0, n
	}
	lo = min(i-max/2, n-max)
	if lo < 0 {
		lo = 0
	}
	return lo, lo + max
}

// navKey is what a module page shows of its course's other modules: a
// page reused from the last build is drawn again when its key changed.
func navKey(n *render.Nav) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(strconv.Itoa(n.Of) + "\x00" + strconv.Itoa(n.Before))
	for _, it := range n.Outline {
		b.WriteString("\x00" + it.Path + "\x00" + it.Text + "\x00" + it.Support + "\x00" + strconv.FormatBool(it.Posttest))
	}
	return b.String()
}
