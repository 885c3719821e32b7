package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator/lms"
	"github.com/rounds-dev/rounds/generator/markdown"
	"github.com/rounds-dev/rounds/generator/output"
)

// PackageOptions are the inputs of rounds package.
type PackageOptions struct {
	// Options are the build's: the site, today, the base URL, strictness,
	// workers, theme and caches. Out, Preview and Package are set here.
	Options
	Formats []lms.Format
	// Paths are site-relative paths of courses (content/sepsis) or
	// modules (content/sepsis/fluids.md, or a bundle's folder) to
	// package each on its own; none packages every course.
	Paths []string
	// LRS are the origins (https://lrs.example.org) a cmi5 AU's pages
	// may send statements to besides their own: their Content-Security-
	// Policy allows exactly these and the page's origin.
	LRS []string
}

// Bundle is one package: its file name and its bytes.
type Bundle struct {
	Name    string // "sepsis-en-scorm12.zip"
	Format  lms.Format
	Modules int
	Data    []byte
}

// unit is what one package holds: a course's published modules in course
// order, or one module.
type unit struct {
	path    string // URL path: "sepsis/" or "sepsis/fluids/"
	title   string
	summary string
	verdict []*content.Verdict
	// programme: a learning path's package, each course of it a block
	// (cmi5) of its modules.
	programme bool
}

// Package runs the same gate as Build, then writes one package per course
// (or per module of Paths) and format. Pages are rendered as Build renders
// them, in package mode: .Site.Package is the format. When the site is
// refused it returns ErrRefused and no package.
func Package(ctx context.Context, po PackageOptions) (*Result, []Bundle, error) {
	if len(po.Formats) == 0 {
		return &Result{}, nil, errors.New("no package format given")
	}
	lrs, err := origins(po.LRS)
	if err != nil {
		return &Result{}, nil, err
	}
	var res *Result
	var bundles []Bundle
	builds := map[lms.Format]*output.Memory{}
	var sess *Session
	// One build per format that carries pages (the templates may tell
	// the formats apart); the question banks need the gate's verdicts
	// and the Markdown renderer only, taken from the first build.
	formats := slices.Clone(po.Formats)
	slices.SortStableFunc(formats, func(a, b lms.Format) int {
		if a.Pages() == b.Pages() {
			return 0
		}
		if a.Pages() {
			return -1
		}
		return 1
	})
	for i, f := range formats {
		if i > 0 && !f.Pages() && res != nil {
			break
		}
		opts := po.Options
		mem := output.NewMemory()
		opts.Out, opts.Preview, opts.Minify = mem, false, false
		if f.Pages() {
			opts.Package = string(f)
		} else {
			opts.Package = "questions"
		}
		// A Session that keeps what it loaded: the question banks read
		// the modules' quizzes once the pages are written.
		s := NewSession(opts)
		r, err := s.Build(ctx, nil)
		if err != nil {
			return r, nil, err
		}
		res, sess = r, s
		if f.Pages() {
			builds[f] = mem
		}
	}
	units, l := packageUnits(res.Checked, po.Paths)
	if l.HasErrors() {
		res.Diags = append(res.Diags, l...)
		res.Diags.Sort()
		return res, nil, ErrRefused
	}
	var min *output.Minifier
	if po.Minify {
		min = output.NewMinifier()
	}
	for _, u := range units {
		for _, f := range po.Formats {
			course, err := lmsCourse(sess, res.Checked, u, f)
			if err != nil {
				return res, nil, err
			}
			if f.Pages() {
				var connect []string
				if f == lms.CMI5 {
					connect = lrs
				}
				files, err := packFiles(builds[f], course, res.Checked.Config.Base.Path, connect, min)
				if err != nil {
					return res, nil, err
				}
				course.Files = files
			}
			var buf bytes.Buffer
			if err := lms.Write(&buf, f, course); err != nil {
				return res, nil, fmt.Errorf("%s: %v", lms.Name(u.path, course.Language, f), err)
			}
			bundles = append(bundles, Bundle{Name: lms.Name(u.path, course.Language, f), Format: f, Modules: len(course.Modules), Data: buf.Bytes()})
		}
	}
	return res, bundles, nil
}

// packageUnits finds what to package: every course with a published
// module, or the courses and modules that paths name. A path that names
// nothing published is an error.
func packageUnits(c *Checked, paths []string) ([]unit, diag.List) {
	// A package is of the default language: packages per language are
	// not made yet, and a course's package must not mix languages.
	published, _ := splitLangs(c.Published())
	byDir := map[string][]*content.Verdict{}
	for _, v := range published {
		if v.Module.Section != nil {
			byDir[v.Module.Section.Dir] = append(byDir[v.Module.Section.Dir], v)
		}
	}
	course := func(sec *content.Section) unit {
		vs := slices.Clone(byDir[sec.Dir])
		sortModules(vs)
		return unit{path: sec.Dir + "/", title: sec.Title(), summary: sec.Matter.Summary, verdict: vs}
	}
	var out []unit
	if len(paths) == 0 {
		for _, sec := range c.Sections {
			if sec.Dir != "" && len(byDir[sec.Dir]) > 0 && !sec.Matter.Draft {
				out = append(out, course(sec))
			}
		}
		// Modules at the top of content/ belong to no course: each is
		// packaged on its own.
		for _, v := range published {
			if v.Module.Section == nil || v.Module.Section.Dir == "" {
				out = append(out, moduleUnit(v))
			}
		}
		slices.SortFunc(out, func(a, b unit) int { return strings.Compare(a.path, b.path) })
		return out, nil
	}
	var l diag.List
	for _, p := range paths {
		p = strings.TrimSuffix(path.Clean(strings.ReplaceAll(p, "\\", "/")), "/")
		if u, ok := programmeUnit(c, p, published); ok {
			out = append(out, u)
			continue
		}
		if u, ok := findUnit(c, p, published, byDir, course); ok {
			out = append(out, u)
			continue
		}
		l = append(l, diag.Diagnostic{Path: p, Severity: diag.Error, Rule: "package",
			Message: "no published course, module or learning path here", Help: "give a course folder (content/sepsis), a module (content/sepsis/fluids.md) or a learning path (paths/<id>) that `rounds build` publishes; `rounds status` lists them"})
	}
	return out, l
}

// findUnit finds the course or module at a site-relative path.
func findUnit(c *Checked, p string, published []*content.Verdict, byDir map[string][]*content.Verdict, course func(*content.Section) unit) (unit, bool) {
	for _, v := range published {
		m := v.Module.Path
		if m == p || path.Base(m) == "index.md" && path.Dir(m) == p {
			return moduleUnit(v), true
		}
	}
	for _, sec := range c.Sections {
		if sec.Dir != "" && "content/"+sec.Dir == p && len(byDir[sec.Dir]) > 0 && !sec.Matter.Draft {
			return course(sec), true
		}
	}
	return unit{}, false
}

// programmeUnit is the learning path paths/<id> of rounds.toml or
// paths/*.toml: its published modules in the path's order, a course
// named on it expanded to its modules in course order, as its page lists
// them.
func programmeUnit(c *Checked, p string, published []*content.Verdict) (unit, bool) {
	id, ok := strings.CutPrefix(p, "paths/")
	if !ok {
		return unit{}, false
	}
	byID := map[string]*content.Verdict{}
	for _, v := range published {
		byID[content.ContentID(v.Module)] = v
	}
	req, _ := content.CheckRequirements(c.Modules, c.Sections, nil)
	for _, prog := range c.Config.Site.Paths {
		if prog.ID != id {
			continue
		}
		u := unit{path: "paths/" + id + "/", title: prog.Title, summary: prog.Summary, programme: true}
		seen := map[string]bool{}
		for _, name := range prog.Modules {
			var vs []*content.Verdict
			for _, mid := range req.Expand(name) {
				if v, ok := byID[mid]; ok && !seen[mid] {
					seen[mid] = true
					vs = append(vs, v)
				}
			}
			// A course's modules by sub-course, then in course order.
			slices.SortStableFunc(vs, func(a, b *content.Verdict) int { return strings.Compare(sectionDir(a), sectionDir(b)) })
			for i := 0; i < len(vs); {
				j := i
				for j < len(vs) && sectionDir(vs[j]) == sectionDir(vs[i]) {
					j++
				}
				sortModules(vs[i:j])
				i = j
			}
			u.verdict = append(u.verdict, vs...)
		}
		return u, len(u.verdict) > 0
	}
	return unit{}, false
}

func sectionDir(v *content.Verdict) string {
	if v.Module.Section == nil {
		return ""
	}
	return v.Module.Section.Dir
}

func moduleUnit(v *content.Verdict) unit {
	m := v.Module
	return unit{path: m.URLPath(), title: m.Meta.Title, summary: m.Meta.Summary, verdict: []*content.Verdict{v}}
}

// lmsCourse describes a unit for the lms package: its modules, their pass
// marks and, for the question banks, their post-test questions rendered.
func lmsCourse(s *Session, c *Checked, u unit, f lms.Format) (*lms.Course, error) {
	course := &lms.Course{ID: c.Config.AbsURL(u.path), Path: u.path, Title: u.title, Description: u.summary, Language: c.Config.Site.Language}
	if course.Description == "" {
		course.Description = u.title
	}
	req, _ := content.CheckRequirements(c.Modules, c.Sections, nil)
	urlOf := map[string]string{}
	for _, v := range u.verdict {
		urlOf[content.ContentID(v.Module)] = v.Module.URLPath()
	}
	blocks := map[string]bool{}
	for _, v := range u.verdict {
		m := v.Module
		mp := m.URLPath()
		lm := lms.Module{ID: c.Config.AbsURL(mp), Path: mp, Title: m.Meta.Title, Description: m.Meta.Summary, Launch: mp + "index.html"}
		if lm.Description == "" {
			lm.Description = lm.Title
		}
		if sec := m.Section; u.programme && sec != nil && sec.Dir != "" {
			lm.Block = sec.Dir + "/"
			if !blocks[lm.Block] {
				blocks[lm.Block] = true
				b := lms.Block{ID: c.Config.AbsURL(lm.Block), Path: lm.Block, Title: sec.Title(), Description: sec.Matter.Summary}
				if b.Description == "" {
					b.Description = b.Title
				}
				course.Blocks = append(course.Blocks, b)
			}
		}
		archived := v.State == content.Archived
		if cr := m.Meta.Credit; cr != nil && !archived {
			lm.Credit, lm.Pass = true, cr.Pass
		}
		for _, need := range req.Needs[content.ContentID(m)] {
			if p, ok := urlOf[need]; ok {
				lm.Requires = append(lm.Requires, p)
			}
		}
		if !f.Pages() {
			qs, err := questions(s, c, v)
			if err != nil {
				return nil, err
			}
			lm.Questions = qs
		}
		course.Modules = append(course.Modules, lm)
	}
	return course, nil
}

// questions renders a module's post-test questions for a question bank:
// stem, choices and feedback as HTML, the rationale with its citations
// numbered and the references they cite formatted as on the page.
func questions(s *Session, c *Checked, v *content.Verdict) ([]lms.Question, error) {
	m := v.Module
	if err := c.restore(m); err != nil {
		return nil, err
	}
	render := func(src string, known func(string) bool) (string, []string, error) {
		if strings.TrimSpace(src) == "" {
			return "", nil, nil
		}
		r, err := s.md.Render([]byte(src), markdown.Options{Known: known})
		if err != nil {
			return "", nil, fmt.Errorf("%s: %v", m.Path, err)
		}
		// Citation links point at the module page's reference list,
		// which a question bank does not have: keep their numbers only.
		out := unlink(r.HTML, func(href string) bool { return !strings.HasPrefix(href, "#") })
		return strings.TrimSpace(string(out)), r.Cited, nil
	}
	var out []lms.Question
	for _, q := range visibleQuizzes(m, v.State == content.Archived) {
		if !q.Posttest {
			continue
		}
		lq := lms.Question{ID: q.ID, Multi: q.Multi(), Pool: q.Pool, Shuffle: q.Shuffle}
		var err error
		if lq.Stem, _, err = render(q.Stem, nil); err != nil {
			return nil, err
		}
		for _, ch := range q.Choices {
			text, _, err := render(ch.Text, nil)
			if err != nil {
				return nil, err
			}
			fb, _, err := render(ch.Feedback, nil)
			if err != nil {
				return nil, err
			}
			lq.Choices = append(lq.Choices, lms.Choice{Text: text, Correct: ch.Correct, Feedback: fb, Pin: ch.Pin})
		}
		why, cited, err := render(q.Rationale, c.knownRefs(m))
		if err != nil {
			return nil, err
		}
		lq.Rationale = why
		// The module's references, of which the ones the rationale cites,
		// in the order of its numbers.
		byID := map[string]string{}
		for _, r := range c.references(m, cited) {
			byID[r.ID] = string(r.HTML)
		}
		for _, id := range cited {
			if h, ok := byID[markdown.RefID(id)]; ok {
				lq.References = append(lq.References, h)
			}
		}
		out = append(out, lq)
	}
	return out, nil
}

// origins checks the --lrs values: each an http(s) origin, no path.
func origins(list []string) ([]string, error) {
	var out []string
	for _, s := range list {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return nil, fmt.Errorf("--lrs %q: give the LRS's origin, such as https://lrs.example.org", s)
		}
		out = append(out, u.Scheme+"://"+u.Host)
	}
	return out, nil
}

// allowConnect lets a page's Content-Security-Policy (the meta element
// the theme writes) connect to its own origin and the given ones: a cmi5
// AU sends its statements to the LRS of its launch.
func allowConnect(page []byte, origins []string) []byte {
	const meta = `http-equiv="Content-Security-Policy" content="`
	i := bytes.Index(page, []byte(meta))
	if i < 0 {
		return page
	}
	start := i + len(meta)
	end := bytes.IndexByte(page[start:], '"')
	if end < 0 {
		return page
	}
	policy := html.UnescapeString(string(page[start : start+end]))
	var parts []string
	found := false
	for _, d := range strings.Split(policy, ";") {
		d = strings.TrimSpace(d)
		if strings.HasPrefix(d, "connect-src ") || d == "connect-src" {
			d, found = d+" "+strings.Join(origins, " "), true
		}
		if d != "" {
			parts = append(parts, d)
		}
	}
	if !found {
		parts = append(parts, "connect-src 'self' "+strings.Join(origins, " "))
	}
	return slices.Concat(page[:start], []byte(html.EscapeString(strings.Join(parts, "; "))), page[start+end:])
}
