package content

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/rounds-dev/rounds/content/diag"
)

// Programme is one [[paths]] entry of rounds.toml: an ordered learning
// path of modules and courses, named by their content paths ("shock/fluids"
// for content/shock/fluids.md, "shock" for the course folder).
type Programme struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Summary    string   `json:"summary"`
	Objectives []string `json:"objectives"`
	Modules    []string `json:"modules"`

	// Doc and Index say where the path is written: the Index-th [[paths]]
	// of Doc, rounds.toml when Doc is nil.
	Doc   *Doc `json:"-"`
	Index int  `json:"-"`
}

// ParsePathsFile reads a paths/*.toml file: [[paths]] tables, as in
// rounds.toml, and nothing else.
func ParsePathsFile(f *diag.File) ([]Programme, diag.List) {
	var l diag.List
	if !CheckText(f, &l) {
		return nil, l
	}
	doc, l := ParseDoc(f, 0, len(f.Src))
	if doc == nil {
		return nil, l
	}
	var file struct {
		Paths []Programme `json:"paths"`
	}
	doc.Decode(doc.Raw, &file, nil, &l)
	for i := range file.Paths {
		file.Paths[i].Doc, file.Paths[i].Index = doc, i
	}
	return file.Paths, l
}

// programmeID is what a path's id may be: one URL segment, /paths/<id>/.
var programmeID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// ContentID is a module's content path: its file under content/ without
// ".md" (or "/index.md" for a bundle), the name requires and paths use.
func ContentID(m *Module) string {
	p := strings.TrimPrefix(m.Path, "content/")
	if m.IsBundle() {
		return path.Dir(p)
	}
	return strings.TrimSuffix(p, ".md")
}

// Requirements is the requirement graph of a site: which modules each
// module needs done before it, once course requirements are expanded to
// the course's modules.
type Requirements struct {
	// Needs maps a module's content path to the content paths of the
	// modules it requires, directly or through its courses, sorted.
	Needs map[string][]string
	// Courses maps a course folder to its modules' content paths, sorted.
	Courses map[string][]string
}

// Expand returns the module content paths a name stands for: the module
// itself, or every module of the course (and its sub-courses).
func (r *Requirements) Expand(name string) []string {
	if ms, ok := r.Courses[name]; ok {
		return ms
	}
	if _, ok := r.Needs[name]; ok {
		return []string{name}
	}
	return nil
}

// Known reports whether name is a module's content path or a course.
func (r *Requirements) Known(name string) bool {
	return len(r.Expand(name)) > 0 || r.Courses[name] != nil
}

// reqEdge is one written requirement: where it is written and what it names.
type reqEdge struct {
	from   string // the module that needs it
	target string // as written
	order  int    // for a stable report
	// at finds where it is written, read only to report a problem: a
	// module's source may have been let go.
	at func() (*diag.File, diag.Pos)
}

// report reports e once per place it is written.
func (e reqEdge) report(l *diag.List, seen map[string]bool, help, format string, args ...any) {
	f, pos := e.at()
	key := fmt.Sprintf("%s:%d:%d", f.Path, pos.Line, pos.Col)
	if seen[key] {
		return
	}
	seen[key] = true
	d := f.At(l, pos, diag.Error, "requires", format, args...)
	d.Help = help
}

// CheckRequirements reads the requires of modules and of courses
// (_index.md), and reports requirements that name no module or course and
// requirements that go round in a circle, each at the entry written. A
// module needs what it requires and what every course it sits in
// requires. restore is called on a module before its front matter is read
// for a position (its source may have been let go); it may be nil.
func CheckRequirements(mods []*Module, secs []*Section, restore func(*Module)) (*Requirements, diag.List) {
	var l diag.List
	r := &Requirements{Needs: map[string][]string{}, Courses: map[string][]string{}}
	for _, m := range mods {
		id := ContentID(m)
		r.Needs[id] = nil
		for dir := path.Dir(id); dir != "." && dir != ""; dir = path.Dir(dir) {
			r.Courses[dir] = append(r.Courses[dir], id)
		}
	}
	for _, ms := range r.Courses {
		sort.Strings(ms)
	}
	var edges []reqEdge
	add := func(from, target string, at func() (*diag.File, diag.Pos)) {
		edges = append(edges, reqEdge{from: from, target: target, order: len(edges), at: at})
	}
	secOf := map[string]*Section{}
	for _, s := range secs {
		secOf[s.Dir] = s
	}
	for _, m := range mods {
		id := ContentID(m)
		for i, t := range m.Meta.Requires {
			add(id, t, func() (*diag.File, diag.Pos) {
				if restore != nil {
					restore(m)
				}
				f, pos := m.KeyPos("requires")
				return f, elemPos(f, pos, m.Meta.Requires, i)
			})
		}
		for dir := path.Dir(id); dir != "." && dir != ""; dir = path.Dir(dir) {
			s := secOf[dir]
			if s == nil || s.Doc == nil {
				continue
			}
			for i, t := range s.Matter.Requires {
				add(id, t, func() (*diag.File, diag.Pos) {
					return s.File, elemPos(s.File, s.Doc.KeyPos("requires"), s.Matter.Requires, i)
				})
			}
		}
	}
	// Unknown names, once per place written.
	reported := map[string]bool{}
	var good []reqEdge
	for _, e := range edges {
		if r.Known(e.target) {
			good = append(good, e)
			continue
		}
		e.report(&l, reported, "name a module by its path under content/ without .md (\"shock/fluids\") or a course by its folder (\"shock\")",
			"requires %q, which is no module or course of the site", e.target)
	}
	needs := map[string]map[string]reqEdge{}
	for _, e := range good {
		for _, t := range r.Expand(e.target) {
			if needs[e.from] == nil {
				needs[e.from] = map[string]reqEdge{}
			}
			if old, ok := needs[e.from][t]; !ok || e.order < old.order {
				needs[e.from][t] = e
			}
		}
	}
	for from, ts := range needs {
		for t := range ts {
			r.Needs[from] = append(r.Needs[from], t)
		}
		sort.Strings(r.Needs[from])
	}
	l = append(l, r.cycles(needs)...)
	return r, l
}

// cycles reports each circle of requirements once, at the requirement
// that closes it (found by a depth-first walk in path order).
func (r *Requirements) cycles(needs map[string]map[string]reqEdge) diag.List {
	var l diag.List
	const (
		unseen = iota
		onStack
		done
	)
	state := map[string]int{}
	var stack []string
	reported := map[string]bool{}
	var visit func(n string)
	visit = func(n string) {
		state[n] = onStack
		stack = append(stack, n)
		for _, t := range r.Needs[n] {
			switch state[t] {
			case unseen:
				visit(t)
			case onStack:
				i := len(stack) - 1
				for stack[i] != t {
					i--
				}
				loop := append(append([]string(nil), stack[i:]...), t)
				needs[n][t].report(&l, reported, "a module cannot need, even through others, a module that needs it: remove one of these requirements",
					"circular requirement: %s", strings.Join(loop, " → "))
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = done
	}
	ids := make([]string, 0, len(r.Needs))
	for id := range r.Needs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if state[id] == unseen {
			visit(id)
		}
	}
	return l
}

// elemPos is the position of arr[i], a string of the array whose key is
// at pos: the opening quote of its value (the right one when the value is
// written twice), or the key when it is not found on the lines that follow.
func elemPos(f *diag.File, pos diag.Pos, arr []string, i int) diag.Pos {
	if f == nil || f.Src == nil {
		return pos
	}
	v := arr[i]
	nth := 0
	for _, w := range arr[:i] {
		if w == v {
			nth++
		}
	}
	for _, q := range []string{`"` + v + `"`, `'` + v + `'`} {
		from, seen := pos.Col-1, 0
		for n := pos.Line; n < pos.Line+len(arr)+8; n++ {
			line := f.Line(n)
			for from < len(line) {
				j := strings.Index(line[from:], q)
				if j < 0 {
					break
				}
				if seen == nth {
					return diag.Pos{Line: n, Col: from + j + 1}
				}
				seen++
				from += j + len(q)
			}
			from = 0
		}
	}
	return pos
}

// CheckProgrammes checks the [[paths]] of rounds.toml (site) and of
// paths/*.toml: an id that can be a URL and is used once, a title, and
// modules that name modules or courses of the site, each once.
func CheckProgrammes(site *Doc, progs []Programme, r *Requirements) diag.List {
	var l diag.List
	seen := map[string]bool{}
	for _, p := range progs {
		doc, i := p.Doc, p.Index
		if doc == nil {
			doc = site
		}
		switch {
		case p.ID == "":
			if !doc.Flagged("paths", i, "id") && !doc.Flagged("paths", i) {
				d := doc.Errorf(&l, []any{"paths", i}, "paths", "a path needs an id")
				d.Help = "add id = \"sepsis-basics\": the path's page is /paths/<id>/"
			}
		case !programmeID.MatchString(p.ID):
			d := doc.Errorf(&l, []any{"paths", i, "id"}, "paths", "path id %q is not lowercase letters, digits and hyphens", p.ID)
			d.Help = "the id is the path's URL, /paths/<id>/: write it like \"sepsis-basics\""
		case seen[p.ID]:
			doc.Errorf(&l, []any{"paths", i, "id"}, "paths", "path id %q is used twice", p.ID)
		}
		seen[p.ID] = true
		if p.Title == "" && !doc.Flagged("paths", i, "title") {
			doc.Errorf(&l, []any{"paths", i}, "paths", "path %q needs a title", p.ID)
		}
		if len(p.Modules) == 0 && !doc.Flagged("paths", i, "modules") {
			d := doc.Errorf(&l, []any{"paths", i}, "paths", "path %q names no modules", p.ID)
			d.Help = "add modules = [\"shock/fluids\", ...]: content paths of modules or course folders, in order"
		}
		listed := map[string]bool{}
		for j, name := range p.Modules {
			pos := elemPos(doc.File, doc.KeyPos("paths", i, "modules"), p.Modules, j)
			switch {
			case !r.Known(name):
				d := doc.File.At(&l, pos, diag.Error, "paths", "path %q lists %q, which is no module or course of the site", p.ID, name)
				d.Help = "name a module by its path under content/ without .md (\"shock/fluids\") or a course by its folder (\"shock\")"
			case listed[name]:
				doc.File.At(&l, pos, diag.Error, "paths", "path %q lists %q twice", p.ID, name)
			}
			listed[name] = true
		}
	}
	return l
}
