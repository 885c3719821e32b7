package generator_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/internal/sitetest"
	"github.com/rounds-dev/rounds/themes"
)

// incSite is a random site for the incremental property test: a policy
// with one required role, signatures, a review age and expiry that
// archives, courses with a cascade, modules with and without credit,
// bundles, shared references and people.
type incSite struct {
	rng   *rand.Rand
	files map[string][]byte
	today content.Date
	key   sitetest.Key
	n     int // modules made so far, for fresh names
	gen   int // edits made so far, for fresh text
}

var incSections = []string{"cardio", "neuro", "renal"}

func newIncSite(seed uint64) *incSite {
	s := &incSite{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), files: map[string][]byte{},
		today: content.ParseDate("2026-07-01"), key: sitetest.NewKey(9)}
	s.files["rounds.toml"] = []byte(s.config(0))
	s.files["people.toml"] = []byte(s.people(0))
	s.files["data/references.toml"] = []byte(s.refs(0))
	for i, sec := range incSections {
		s.files["content/"+sec+"/_index.md"] = []byte(s.index(sec, i, 0))
	}
	for range 9 {
		s.addModule()
	}
	return s
}

func (s *incSite) config(v int) string {
	return fmt.Sprintf(`title   = "Incremental %d"
baseURL = "https://learn.example.org/"

[provider]
name          = "Example CE"
accreditation = "Example CE is accredited (%d)."
contact       = "ce@example.org"

[policy]
required_roles     = ["medical"]
require_signatures = true
frame_roles        = []
max_review_age     = "365d"
max_term           = "3y"
expired            = "archive"
`, v, v)
}

func (s *incSite) people(v int) string {
	return fmt.Sprintf(`[[person]]
id          = "medic"
name        = "Mo Medic"
credentials = "MD"
roles       = ["medical"]
keys        = ["%s"]

[[person]]
id          = "jdoe"
name        = "Jordan Doe %d"
credentials = "RN"

[[person]]
id          = "kli"
name        = "Kim Li"
credentials = "PhD"
`, s.key.AuthorizedKey(), v)
}

func (s *incSite) refs(v int) string {
	return fmt.Sprintf(`[[references]]
id      = "evans2021"
authors = ["Evans L"]
title   = "Surviving sepsis %d"
journal = "Intensive Care Med"
year    = 2021

[[references]]
id      = "smith2020"
authors = ["Smith J"]
title   = "Hearts and minds"
journal = "BMJ"
year    = 2020
`, v)
}

func (s *incSite) index(sec string, weight, v int) string {
	return fmt.Sprintf(`+++
title   = "Course %s"
summary = "About %s (%d)."
weight  = %d
[cascade]
format   = "enduring material"
audience = ["Audience %d"]
+++
The %s course.
`, sec, sec, v, weight, v%2, sec)
}

// module writes a module's source; n varies what it says.
func (s *incSite) module(n, v int) string {
	r := rand.New(rand.NewPCG(uint64(n), uint64(v)))
	var b strings.Builder
	fmt.Fprintf(&b, "+++\ntitle = \"Module %d v%d\"\nsummary = \"Summary %d.\"\n", n, r.IntN(3), n)
	fmt.Fprintf(&b, "date = 2026-0%d-1%d\nauthors = [\"%s\"]\n", 1+r.IntN(5), r.IntN(9), []string{"jdoe", "kli"}[r.IntN(2)])
	fmt.Fprintf(&b, "tags = [\"tag%d\", \"tag%d\"]\nweight = %d\n", r.IntN(4), r.IntN(4), r.IntN(5))
	credit := r.IntN(2) == 0
	if credit {
		// Some expire soon after the site's start date, so that moving
		// the date archives them.
		fmt.Fprintf(&b, "expires = 2026-%02d-01\n[credit]\ntype = \"AMA PRA Category 1 Credit™\"\nhours = 0.25\npass = 0.7\n", 7+r.IntN(6))
	}
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "Body of module %d, version %d [@%s].\n\n", n, v, []string{"evans2021", "smith2020"}[r.IntN(2)])
	if r.IntN(2) == 0 {
		b.WriteString("![A chart](chart.svg)\n\n")
	}
	if credit || r.IntN(2) == 0 {
		post := ""
		if credit {
			post = " posttest"
		}
		fmt.Fprintf(&b, "::: quiz%s\nWhich is right (%d)?\n\n- [x] This one\n- [ ] That one\n\nWhy: because.\n:::\n", post, v)
	}
	return b.String()
}

// svg is a bundle image; v varies it.
func svg(v int) []byte {
	return fmt.Appendf(nil, `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="%d" height="5"/></svg>`, 1+v%9)
}

// modules lists the module sources: "content/sec/name.md" or a bundle's
// "content/sec/name/index.md".
func (s *incSite) modules() []string {
	var out []string
	for name := range s.files {
		if strings.HasPrefix(name, "content/") && strings.HasSuffix(name, ".md") && !strings.HasSuffix(name, "_index.md") {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func (s *incSite) pick(list []string) string { return list[s.rng.IntN(len(list))] }

func (s *incSite) addModule() {
	s.n++
	sec := incSections[s.rng.IntN(len(incSections))]
	src := s.module(s.n, 0)
	if strings.Contains(src, "chart.svg") || s.rng.IntN(3) == 0 {
		dir := fmt.Sprintf("content/%s/m%d/", sec, s.n)
		s.files[dir+"index.md"] = []byte(src)
		s.files[dir+"chart.svg"] = svg(s.n)
		return
	}
	s.files[fmt.Sprintf("content/%s/m%d.md", sec, s.n)] = []byte(src)
}

// bundleDir is the folder of a bundle module, "" for a single file.
func bundleDir(name string) string {
	if strings.HasSuffix(name, "/index.md") {
		return strings.TrimSuffix(name, "index.md")
	}
	return ""
}

// edit makes one random edit of one of the kinds the issue lists, and
// says what it was.
func (s *incSite) edit() string {
	s.gen++
	g := s.gen
	mods := s.modules()
	switch k := s.rng.IntN(15); k {
	case 0, 1: // a module's body
		m := s.pick(mods)
		s.files[m] = bytes.Replace(s.files[m], []byte("Body of module"), fmt.Appendf(nil, "Edited %d. Body of module", g), 1)
		return "body " + m
	case 2: // a module's front matter
		m := s.pick(mods)
		s.files[m] = bytes.Replace(s.files[m], []byte("summary = \""), fmt.Appendf(nil, "summary = \"%d ", g), 1)
		return "front matter " + m
	case 3: // a cascade
		sec := s.pick(incSections)
		s.files["content/"+sec+"/_index.md"] = []byte(s.index(sec, s.rng.IntN(3), g))
		return "cascade " + sec
	case 4: // a bundle file added, changed or removed
		var bundles []string
		for _, m := range mods {
			if bundleDir(m) != "" {
				bundles = append(bundles, m)
			}
		}
		if len(bundles) == 0 {
			s.addModule()
			return "module added"
		}
		dir := bundleDir(s.pick(bundles))
		switch s.rng.IntN(3) {
		case 0:
			s.files[dir+"notes.txt"] = fmt.Appendf(nil, "Notes %d\n", g)
			return "bundle file added " + dir
		case 1:
			s.files[dir+"chart.svg"] = svg(g)
			return "bundle file changed " + dir
		default:
			delete(s.files, dir+"notes.txt")
			if !bytes.Contains(s.files[dir+"index.md"], []byte("chart.svg")) {
				delete(s.files, dir+"chart.svg")
			}
			return "bundle file removed " + dir
		}
	case 5: // a shared reference
		s.files["data/references.toml"] = []byte(s.refs(g))
		return "shared reference"
	case 6: // people.toml
		s.files["people.toml"] = []byte(s.people(g))
		return "people.toml"
	case 7: // a layout
		name := []string{"layouts/partials/provider.html", "layouts/partials/modulecard.html"}[s.rng.IntN(2)]
		if s.rng.IntN(4) == 0 {
			delete(s.files, name)
			return "layout removed " + name
		}
		base, err := fs.ReadFile(themes.Default(), name)
		if err != nil {
			panic(err)
		}
		s.files[name] = append(base, fmt.Appendf(nil, "<p>layout %d</p>\n", g)...)
		return "layout " + name
	case 8: // a static file
		s.files["static/extra.txt"] = fmt.Appendf(nil, "static %d\n", g)
		return "static file"
	case 9: // rounds.toml
		s.files["rounds.toml"] = []byte(s.config(g))
		return "rounds.toml"
	case 10: // the date: across an expiry, or a review's age
		days := []int{1, 40, 120, 380}[s.rng.IntN(4)]
		s.today = content.DateOf(s.today.Time().AddDate(0, 0, days))
		return fmt.Sprintf("date +%dd -> %s", days, s.today)
	case 11: // a module renamed
		m := s.pick(mods)
		if dir := bundleDir(m); dir != "" {
			to := strings.TrimSuffix(dir, "/") + "r/"
			for name, data := range s.files {
				if strings.HasPrefix(name, dir) {
					delete(s.files, name)
					s.files[to+strings.TrimPrefix(name, dir)] = data
				}
			}
			return "bundle renamed " + dir
		}
		to := strings.TrimSuffix(m, ".md") + "r.md"
		s.files[to] = s.files[m]
		delete(s.files, m)
		return "module renamed " + m
	case 12: // a module deleted
		if len(mods) < 3 {
			s.addModule()
			return "module added"
		}
		m := s.pick(mods)
		if dir := bundleDir(m); dir != "" {
			for name := range s.files {
				if strings.HasPrefix(name, dir) {
					delete(s.files, name)
				}
			}
		} else {
			delete(s.files, m)
		}
		return "module deleted " + m
	case 13: // a module added
		s.addModule()
		return "module added"
	default: // a module rewritten (title, tags, credit, quizzes)
		m := s.pick(mods)
		n := 0
		fmt.Sscanf(filepath.Base(strings.TrimSuffix(strings.TrimSuffix(m, "/index.md"), ".md")), "m%d", &n)
		src := s.module(n, g)
		if bundleDir(m) == "" {
			src = strings.ReplaceAll(src, "![A chart](chart.svg)\n\n", "")
		}
		s.files[m] = []byte(src)
		if dir := bundleDir(m); dir != "" && strings.Contains(src, "chart.svg") {
			if _, ok := s.files[dir+"chart.svg"]; !ok {
				s.files[dir+"chart.svg"] = svg(g)
			}
		}
		return "module rewritten " + m
	}
}

// signStale signs, as of today, every module whose sign-off no longer
// matches it or is getting old: what an author and reviewer do after an
// edit. Left unsigned now and then, so that refusals are compared too.
func (s *incSite) signStale(t *testing.T, always bool) {
	if !always && s.rng.IntN(8) == 0 {
		return
	}
	site, _ := generator.Load(context.Background(), sitetest.FS(s.files), generator.LoadOptions{})
	if site == nil {
		return
	}
	for _, m := range site.Modules {
		if m.Meta.Draft || m.Path == "" {
			continue
		}
		d := m.Digest(site.Config.Shared, site.Config.People)
		// An expired module is judged as of its expiry: a sign-off after
		// it does not count.
		on := s.today
		if e := m.Meta.Expires; !e.IsZero() && e.Before(on) {
			on = e
		}
		fresh := false
		for _, r := range m.Meta.Reviews {
			if r.Digest == d && !on.After(content.DateOf(r.Date.Time().AddDate(0, 0, 300))) && !r.Date.After(on) {
				fresh = true
			}
		}
		if !fresh {
			s.files = sitetest.Sign(t, s.files, m.Path, "medic", "medical", s.key, on)
		}
	}
}

// writeSite makes the site's folder hold exactly files.
func writeSite(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readTree reads every file under dir.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// outcome is what a build gave: its files, or that it was refused, and
// what it printed.
type outcome struct {
	files   map[string][]byte
	refused bool
	diags   string
}

func sameOutcome(t *testing.T, step string, inc, cold outcome) {
	t.Helper()
	if inc.refused != cold.refused || inc.diags != cold.diags {
		t.Fatalf("%s: incremental refused=%v, cold refused=%v\nincremental:\n%s\ncold:\n%s", step, inc.refused, cold.refused, inc.diags, cold.diags)
	}
	if inc.refused {
		return
	}
	for name, want := range cold.files {
		got, ok := inc.files[name]
		if !ok {
			t.Fatalf("%s: %s is missing from the incremental build", step, name)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: %s differs from the cold build:\nincremental:\n%s\ncold:\n%s", step, name, got, want)
		}
	}
	for name := range inc.files {
		if _, ok := cold.files[name]; !ok {
			t.Fatalf("%s: %s is in the incremental build, not in the cold one", step, name)
		}
	}
}

// TestIncrementalEqualsCold: from a random site, 200 random edits of every
// kind (issue 26), each followed by an incremental build (with the state
// of the builds before, into the last output, as rounds build does) and a
// cold build of the same sources and date; the two must be byte for byte
// the same, or both refused with the same diagnostics. Now and then the
// state is truncated, filled with garbage or written by another program:
// the build must say so and still be exact.
func TestIncrementalEqualsCold(t *testing.T) {
	steps := 200
	if testing.Short() {
		steps = 40
	}
	s := newIncSite(26)
	root := t.TempDir()
	siteDir, dest := filepath.Join(root, "site"), filepath.Join(root, "public")
	stateDir := filepath.Join(root, "state")
	cards := output.NewDirCache(filepath.Join(root, "cards")) // cold keeps the card cache (issue 26)
	ctx := context.Background()
	build := func(state *output.StateDir, out output.Writer) (*generator.Result, error) {
		return generator.Build(ctx, generator.Options{Site: os.DirFS(siteDir), Out: out, Today: s.today, Minify: true,
			Cards: cards, State: state, Version: "test"})
	}
	printed := func(res *generator.Result) string {
		var b bytes.Buffer
		res.Diags.Print(&b)
		return b.String()
	}
	reused, notes := 0, 0
	for i := 0; i <= steps; i++ {
		what := "the first build"
		if i > 0 {
			what = s.edit()
		}
		s.signStale(t, i == 0)
		writeSite(t, siteDir, s.files)
		salt := "test"
		switch {
		case i > 0 && i%50 == 10: // truncated
			if b, err := os.ReadFile(filepath.Join(stateDir, "state")); err == nil {
				os.WriteFile(filepath.Join(stateDir, "state"), b[:len(b)/2], 0o644)
			}
		case i > 0 && i%50 == 20: // garbage
			os.WriteFile(filepath.Join(stateDir, "state"), bytes.Repeat([]byte("garbage\x00"), 100), 0o644)
		case i > 0 && i%50 == 30: // another program
			salt = "other"
		case i > 0 && i%50 == 40: // a stored file changed through an output's hard link
			filepath.WalkDir(filepath.Join(stateDir, "files"), func(p string, e fs.DirEntry, err error) error {
				if err == nil && !e.IsDir() && strings.HasSuffix(p, "0") {
					os.WriteFile(p, []byte("tampered"), 0o644)
				}
				return nil
			})
		}
		step := fmt.Sprintf("step %d (%s, today %s)", i, what, s.today)

		disk, err := output.NewDisk(ctx, dest, output.DiskOptions{Spare: filepath.Join(root, "spare")})
		if err != nil {
			t.Fatal(err)
		}
		res, err := build(output.NewStateDir(stateDir, salt), disk)
		inc := outcome{refused: err != nil, diags: printed(res)}
		if err != nil {
			if !errors.Is(err, generator.ErrRefused) {
				t.Fatalf("%s: %v", step, err)
			}
			disk.Abort()
		} else {
			if err := disk.Commit(); err != nil {
				t.Fatal(err)
			}
			inc.files = readTree(t, dest)
			reused += res.Reused
			if res.CacheNote != "" {
				notes++
			}
		}
		coldDest := filepath.Join(root, fmt.Sprintf("cold%d", i))
		disk, err = output.NewDisk(ctx, coldDest, output.DiskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		res, err = build(nil, disk)
		cold := outcome{refused: err != nil, diags: printed(res)}
		if err != nil {
			if !errors.Is(err, generator.ErrRefused) {
				t.Fatalf("%s: cold: %v", step, err)
			}
			disk.Abort()
		} else {
			if err := disk.Commit(); err != nil {
				t.Fatal(err)
			}
			cold.files = readTree(t, coldDest)
			os.RemoveAll(coldDest)
		}
		sameOutcome(t, step, inc, cold)
	}
	// The test must test something: most builds reuse modules, and the
	// damaged states were noticed.
	if reused < steps {
		t.Errorf("only %d modules reused over %d incremental builds", reused, steps)
	}
	if notes < 2 {
		t.Errorf("%d builds said why they did not use the state; want the first and the damaged ones", notes)
	}
}

// A build that reuses every module of the last state and keeps no other
// leaves the state file as it is (not encoded and written again); the
// build after it still reuses what it may.
func TestUnchangedBuildKeepsState(t *testing.T) {
	s := newIncSite(7)
	root := t.TempDir()
	siteDir, stateDir := filepath.Join(root, "site"), filepath.Join(root, "state")
	cards := output.NewDirCache(filepath.Join(root, "cards"))
	s.signStale(t, true)
	writeSite(t, siteDir, s.files)
	build := func(i int) *generator.Result {
		t.Helper()
		disk, err := output.NewDisk(context.Background(), filepath.Join(root, fmt.Sprint("public", i)), output.DiskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := generator.Build(context.Background(), generator.Options{Site: os.DirFS(siteDir), Out: disk, Today: s.today, Minify: true,
			Cards: cards, State: output.NewStateDir(stateDir, "test"), Version: "test"})
		if err != nil {
			t.Fatalf("build %d: %v", i, err)
		}
		if err := disk.Commit(); err != nil {
			t.Fatal(err)
		}
		return res
	}
	state := filepath.Join(stateDir, "state")
	build(0)
	before, err := os.Stat(state)
	if err != nil {
		t.Fatal(err)
	}
	if res := build(1); res.Reused != res.Modules || res.Modules == 0 {
		t.Fatalf("an unchanged build reused %d of %d modules", res.Reused, res.Modules)
	}
	if after, err := os.Stat(state); err != nil || !after.ModTime().Equal(before.ModTime()) || after.Size() != before.Size() {
		t.Fatalf("an unchanged build wrote the state again (%v)", err)
	}
	m := s.modules()[0]
	s.files[m] = bytes.Replace(s.files[m], []byte("Body of module"), []byte("Edited. Body of module"), 1)
	s.signStale(t, false)
	writeSite(t, siteDir, s.files)
	if res := build(2); res.Reused != res.Modules-1 {
		t.Errorf("after one module's edit, %d of %d modules reused", res.Reused, res.Modules)
	}
	if after, _ := os.Stat(state); after.ModTime().Equal(before.ModTime()) {
		t.Error("a build that rendered a module kept the old state")
	}
}
