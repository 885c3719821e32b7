package generator_test

// Benchmarks of the build's hot stages on the shared benchmark corpus
// (../shared/bench/gencorpus.go), so that a profile points at one stage:
//
//	go test -run '^$' -bench . -benchtime 3x ./generator/
//	BENCH_CORPUS=.bench/corpus-10000 go test -run '^$' -bench BuildDisk -benchtime 1x -cpuprofile cpu.prof ./generator/
//
// They never run in `make test` (benchmarks run only with -bench). The
// corpus is, in order: $BENCH_CORPUS (a corpus folder signed by `make
// bench`; relative to the repository root); .bench/corpus-1000 when `make
// bench` made it; else a 200-module corpus generated once with gencorpus.go,
// given one post-test per module as scripts/bench does, and signed with the
// rounds CLI, cached in .bench/gotest-200. Without Go or the shared folder
// (BENCH_SHARED, default ../shared) they are skipped.
// Every build is dated $BENCH_NOW (default 2026-07-01), the date `make
// bench` signs with.
//
// Stages: Load (read + parse every file), Check (the gate: digests and
// signature verification), Markdown (goldmark on one goroutine, per module),
// Templates (the layouts executed for every page of a build, one
// goroutine), Minify (every page of the build, one goroutine), Write (every
// file of a build through output.Disk, one goroutine), BuildMemory (load, check,
// render, no minify, into memory), BuildMinify (the same, minified),
// BuildDisk (what `rounds build` does: minified, staged on disk, committed,
// diagnostics printed).

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/markdown"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/generator/render"
)

const benchDefaultNow = "2026-07-01"

// benchPosttest is the post-test scripts/bench appends to every module
// before signing (gencorpus's modules award credit without one, which the
// quizzes rule refuses). Keep the two in step.
const benchPosttest = "\n::: quiz posttest\nWhich statement matches this module?\n\n- [x] The one it teaches\n- [ ] Another one\n  > Read the module again.\n\nWhy: It is what the module says.\n:::\n"

// gotestStamp marks a complete .bench/gotest-N corpus; a corpus with
// another stamp (made by an older version of this file) is made again.
func gotestStamp(now string) string {
	return fmt.Sprintf("go test corpus v2: post-tests, signed %s\n", now)
}

var benchCorpus struct {
	once sync.Once
	dir  string
	skip string // why there is no corpus
	err  error
}

// corpus returns the folder of a signed benchmark corpus, skipping the
// benchmark when none can be found or made.
func corpus(b *testing.B) string {
	b.Helper()
	benchCorpus.once.Do(func() {
		benchCorpus.dir, benchCorpus.skip, benchCorpus.err = findCorpus()
	})
	if benchCorpus.err != nil {
		b.Fatal(benchCorpus.err)
	}
	if benchCorpus.skip != "" {
		b.Skip(benchCorpus.skip)
	}
	return benchCorpus.dir
}

func benchNow() string {
	if now := os.Getenv("BENCH_NOW"); now != "" {
		return now
	}
	return benchDefaultNow
}

func benchToday() content.Date { return content.ParseDate(benchNow()) }

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

func findCorpus() (dir, skip string, err error) {
	root, err := filepath.Abs("..") // go test runs in the package folder
	if err != nil {
		return "", "", err
	}
	if c := os.Getenv("BENCH_CORPUS"); c != "" {
		if !filepath.IsAbs(c) {
			c = filepath.Join(root, c)
		}
		if _, err := os.Stat(filepath.Join(c, "rounds.toml")); err != nil {
			return "", "", fmt.Errorf("BENCH_CORPUS: %v", err)
		}
		return c, "", nil
	}
	if c := filepath.Join(root, ".bench", "corpus-1000"); exists(filepath.Join(c, ".bench-stamp")) {
		return c, "", nil
	}
	c := filepath.Join(root, ".bench", "gotest-200")
	if b, err := os.ReadFile(filepath.Join(c, ".bench-stamp")); err == nil && string(b) == gotestStamp(benchNow()) {
		return c, "", nil
	}
	shared := os.Getenv("BENCH_SHARED")
	if shared == "" {
		shared = filepath.Join(root, "..", "shared")
	}
	gen := filepath.Join(shared, "bench", "gencorpus.go")
	if _, err := os.Stat(gen); err != nil {
		return "", "no benchmark corpus: run make bench, or set BENCH_SHARED to the folder holding bench/gencorpus.go", nil
	}
	if _, err := exec.LookPath("go"); err != nil {
		return "", "no benchmark corpus and no go command to make one", nil
	}
	dir, err = makeCorpus(root, gen, 200)
	return dir, "", err
}

// makeCorpus generates an n-module corpus into .bench/gotest-N and signs
// every module with the rounds CLI, the way make bench does.
func makeCorpus(root, gen string, n int) (string, error) {
	final := filepath.Join(root, ".bench", fmt.Sprintf("gotest-%d", n))
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(final), ".gotest-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	rounds := filepath.Join(tmp, "rounds")
	dir := filepath.Join(tmp, "corpus")
	now := benchNow()
	run := func(name string, args ...string) error {
		c := exec.Command(name, args...)
		c.Dir = root
		if out, err := c.CombinedOutput(); err != nil {
			return fmt.Errorf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
		}
		return nil
	}
	if err := run("go", "build", "-o", rounds, "./cmd/rounds"); err != nil {
		return "", err
	}
	if err := run(rounds, "keygen", "--out", filepath.Join(tmp, "key")); err != nil {
		return "", err
	}
	pub, err := os.ReadFile(filepath.Join(tmp, "key.pub"))
	if err != nil {
		return "", err
	}
	if err := run("go", "run", gen, "-n", fmt.Sprint(n), "-out", dir, "-seed", "1", "-reviewer-key", strings.TrimSpace(string(pub))); err != nil {
		return "", err
	}
	err = filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || filepath.Base(p) == "_index.md" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil || strings.Contains(string(b), "::: quiz") {
			return err
		}
		return os.WriteFile(p, append(b, benchPosttest...), 0o644)
	})
	if err != nil {
		return "", err
	}
	if err := run(rounds, "review", filepath.Join(dir, "content"), "--reviewer", "bench", "--role", "medical",
		"--key", filepath.Join(tmp, "key"), "-s", dir, "--now", now); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, ".bench-stamp"), []byte(gotestStamp(now)), 0o644); err != nil {
		return "", err
	}
	_ = os.RemoveAll(final)
	if err := os.Rename(dir, final); err != nil {
		return "", err
	}
	return final, nil
}

func loadSite(b *testing.B, dir string) *generator.Site {
	b.Helper()
	site, l := generator.Load(context.Background(), os.DirFS(dir), generator.LoadOptions{})
	if site == nil || l.HasErrors() {
		b.Fatalf("cannot load %s:\n%s", dir, printed(l))
	}
	return site
}

func printed(l interface{ Print(io.Writer) }) string {
	var s strings.Builder
	l.Print(&s)
	if len(s.String()) > 4000 {
		return s.String()[:4000] + "\n..."
	}
	return s.String()
}

// perModule reports the time per module besides the time per build.
func perModule(b *testing.B, modules int) {
	if b.N > 0 && modules > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(modules), "ns/module")
	}
}

func BenchmarkLoad(b *testing.B) {
	dir := corpus(b)
	fsys := os.DirFS(dir)
	ctx := context.Background()
	modules := len(loadSite(b, dir).Modules)
	b.ReportAllocs()
	for b.Loop() {
		if site, l := generator.Load(ctx, fsys, generator.LoadOptions{}); site == nil || l.HasErrors() {
			b.Fatal("load failed")
		}
	}
	perModule(b, modules)
}

func BenchmarkCheck(b *testing.B) {
	dir := corpus(b)
	site := loadSite(b, dir)
	ctx := context.Background()
	today := benchToday()
	c := generator.Check(ctx, site, today, 0)
	if c.Diags.HasErrors() {
		b.Fatalf("the gate refuses %s on %s:\n%s", dir, today, printed(c.Diags))
	}
	if p := len(c.Published()); p != len(site.Modules) {
		b.Fatalf("only %d of %d modules pass the gate", p, len(site.Modules))
	}
	b.ReportAllocs()
	for b.Loop() {
		generator.Check(ctx, site, today, 0)
	}
	perModule(b, len(site.Modules))
}

func BenchmarkMarkdown(b *testing.B) {
	site := loadSite(b, corpus(b))
	md := markdown.New()
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range site.Modules {
			if _, err := md.Render(m.Body, markdown.Options{}); err != nil {
				b.Fatalf("%s: %v", m.Path, err)
			}
		}
	}
	perModule(b, len(site.Modules))
}

func BenchmarkMinify(b *testing.B) {
	dir := corpus(b)
	mem := output.NewMemory()
	build(b, dir, mem, false)
	files := mem.Files()
	m := output.NewMinifier()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		for name, data := range files {
			if _, err := m.MinifyTo(&buf, name, data); err != nil {
				b.Fatalf("%s: %v", name, err)
			}
		}
	}
	if b.N > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(files)), "ns/file")
	}
}

// BenchmarkTemplates executes the layouts for every page of a build (no
// minify): the views are the ones the build rendered, captured through
// the page hook, so only html/template is timed.
func BenchmarkTemplates(b *testing.B) {
	dir := corpus(b)
	type rendered struct {
		t    *render.Templates
		p    *render.Page
		file string
	}
	var mu sync.Mutex
	var pages []rendered
	hook := func(t *render.Templates, p *render.Page, file string) {
		// A module's view lets go of its body, references and objectives
		// once its page is written: the copy keeps them.
		page := *p
		if p.Module != nil {
			m := *p.Module
			page.Module = &m
		}
		mu.Lock()
		pages = append(pages, rendered{t, &page, file})
		mu.Unlock()
	}
	mem := output.NewMemory()
	buildWith(b, dir, mem, false, func(o *generator.Options) { o.PageHook = hook })
	files := mem.Files()
	var buf bytes.Buffer
	// A view the build changed after writing its page would time
	// something else: each must render what the build wrote.
	for _, r := range pages {
		buf.Reset()
		if err := r.t.Execute(&buf, r.p); err != nil || !bytes.Equal(buf.Bytes(), files[r.file]) {
			b.Fatalf("%s renders differently from the build's page (%v)", r.file, err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range pages {
			buf.Reset()
			if err := r.t.Execute(&buf, r.p); err != nil {
				b.Fatal(err)
			}
		}
	}
	if b.N > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(pages)), "ns/page")
	}
}

// BenchmarkWrite writes every file of a minified build through
// output.Disk, one goroutine, as rounds build does (cards as links to the
// card cache): into a new staging folder, then
// committed over the last output; "over last output" lets the replaced
// output be kept and recycled, as rounds build does with the site's
// .rounds/cache/output.
func BenchmarkWrite(b *testing.B) {
	mem := output.NewMemory()
	build(b, corpus(b), mem, true)
	names := mem.Names()
	files, links := map[string][]byte{}, map[string]string{}
	for _, name := range names {
		if src := mem.Linked(name); src != "" {
			links[name] = src // a cached card: linked, as the build does
		} else {
			files[name], _ = mem.Get(name)
		}
	}
	for _, c := range []struct {
		name  string
		spare bool
	}{{"empty destination", false}, {"over last output", true}} {
		b.Run(c.name, func(b *testing.B) {
			tmp := b.TempDir()
			dest, spare := filepath.Join(tmp, "public"), ""
			if c.spare {
				spare = filepath.Join(tmp, "spare")
			}
			write := func() {
				disk, err := output.NewDisk(context.Background(), dest, output.DiskOptions{Spare: spare})
				if err != nil {
					b.Fatal(err)
				}
				for name, data := range files {
					if err := disk.WriteFile(name, data); err != nil {
						b.Fatal(err)
					}
				}
				for name, src := range links {
					if err := disk.Link(name, src); err != nil {
						b.Fatal(err)
					}
				}
				if err := disk.Commit(); err != nil {
					b.Fatal(err)
				}
			}
			if c.spare {
				write() // the output the first timed write replaces and keeps
				write()
			}
			b.ReportAllocs()
			for b.Loop() {
				if !c.spare {
					b.StopTimer()
					if err := os.RemoveAll(dest); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				write()
			}
			if b.N > 0 {
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(names)), "ns/file")
			}
		})
	}
}

// build builds the corpus once and fails the benchmark on a refusal.
func build(b *testing.B, dir string, out output.Writer, minify bool) *generator.Result {
	b.Helper()
	return buildWith(b, dir, out, minify, nil)
}

// buildWith is build with the options adjusted by set (nil: as they are).
func buildWith(b *testing.B, dir string, out output.Writer, minify bool, set func(*generator.Options)) *generator.Result {
	b.Helper()
	code := benchCode(dir)
	opts := generator.Options{Site: os.DirFS(dir), Out: out, Today: benchToday(), Minify: minify, Cards: benchCards(dir), Code: code}
	if set != nil {
		set(&opts)
	}
	res, err := generator.Build(context.Background(), opts)
	if err != nil {
		b.Fatalf("build of %s failed: %v\n%s", dir, err, printed(res.Diags))
	}
	if err := code.Save(); err != nil {
		b.Fatal(err)
	}
	return res
}

// benchCards is the corpus's own card cache, as rounds build uses it:
// builds are measured with cards warm, as make bench measures them.
func benchCards(dir string) *output.DirCache {
	return output.NewDirCache(filepath.Join(dir, ".rounds", "cache", "cards"))
}

// benchCode is the corpus's own cache of highlighted code, as rounds
// build uses it.
func benchCode(dir string) *output.PackCache {
	// A file of its own: a test binary keys the cache by a chroma version
	// read differently from the rounds binary's, and the two would empty
	// each other's cache in turn.
	return output.NewPackCache(filepath.Join(dir, ".rounds", "cache", "code-gotest.pack"))
}

func benchBuild(b *testing.B, minify bool) {
	dir := corpus(b)
	var modules int
	build(b, dir, output.NewMemory(), minify) // warms the card cache
	b.ReportAllocs()
	for b.Loop() {
		modules = build(b, dir, output.NewMemory(), minify).Modules
	}
	perModule(b, modules)
}

func BenchmarkBuildMemory(b *testing.B) { benchBuild(b, false) }

func BenchmarkBuildMinify(b *testing.B) { benchBuild(b, true) }

// BenchmarkBuildDisk does what `rounds build -s DIR -d OUT` does: the site
// read through os.Root, pages minified, staged on disk and committed, the
// diagnostics printed. The destination is removed between builds, outside
// the timer, as make bench does.
func BenchmarkBuildDisk(b *testing.B) {
	dir := corpus(b)
	dest := filepath.Join(b.TempDir(), "public")
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	var modules int
	build(b, dir, output.NewMemory(), true) // warms the card cache
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		if err := os.RemoveAll(dest); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		disk, err := output.NewDisk(context.Background(), dest, output.DiskOptions{})
		if err != nil {
			b.Fatal(err)
		}
		res, err := generator.Build(context.Background(), generator.Options{Site: root.FS(), Out: disk, Today: benchToday(), Minify: true, Cards: benchCards(dir), Code: benchCode(dir)})
		if err != nil {
			_ = disk.Abort()
			b.Fatalf("build of %s failed: %v\n%s", dir, err, printed(res.Diags))
		}
		if err := disk.Commit(); err != nil {
			b.Fatal(err)
		}
		res.Diags.Print(io.Discard)
		modules = res.Modules
	}
	perModule(b, modules)
}

// BenchmarkSessionEdit is the dev server's rebuild without the server: one
// Session builds the corpus in preview, then each iteration edits one
// module's body (in memory) and rebuilds with that one path changed.
func BenchmarkSessionEdit(b *testing.B) {
	dir := corpus(b)
	site := editableFS{FS: os.DirFS(dir), files: map[string][]byte{}}
	var module string
	_ = fs.WalkDir(site.FS, "content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && module == "" && !d.IsDir() && strings.HasSuffix(p, ".md") && path.Base(p) != "_index.md" {
			module = p
		}
		return nil
	})
	orig, err := fs.ReadFile(site.FS, module)
	if err != nil {
		b.Fatal(err)
	}
	s := generator.NewSession(generator.Options{Site: site, Out: output.NewMemory(), Today: benchToday(), Preview: true, Cards: benchCards(dir), Code: benchCode(dir)})
	if _, err := s.Build(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	i := 0
	// The label tells the rebuilds from the first build in a profile:
	// go tool pprof -tagfocus phase=edit.
	pprof.Do(context.Background(), pprof.Labels("phase", "edit"), func(ctx context.Context) {
		for b.Loop() {
			i++
			site.files[module] = []byte(strings.Replace(string(orig), "\n+++\n", fmt.Sprintf("\n+++\nEdit %d.\n\n", i), 1))
			res, err := s.Build(ctx, []string{module})
			if err != nil || res.Rendered != 1 {
				b.Fatalf("rebuild: %v, %d modules rendered", err, res.Rendered)
			}
		}
	})
}

// editableFS is a site folder with some files replaced in memory.
type editableFS struct {
	fs.FS
	files map[string][]byte
}

func (e editableFS) Open(name string) (fs.File, error) {
	data, ok := e.files[name]
	if !ok {
		return e.FS.Open(name)
	}
	f, err := e.FS.Open(name)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	f.Close()
	if err != nil {
		return nil, err
	}
	return &memFile{Reader: bytes.NewReader(data), info: sizedInfo{info, int64(len(data))}}, nil
}

type memFile struct {
	*bytes.Reader
	info fs.FileInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }

type sizedInfo struct {
	fs.FileInfo
	size int64
}

func (i sizedInfo) Size() int64 { return i.size }

// Lstat lets the Session trust its file list between edits, as it does
// on the real folder.
func (e editableFS) Lstat(name string) (fs.FileInfo, error) {
	info, err := e.FS.(fs.ReadLinkFS).Lstat(name)
	if data, ok := e.files[name]; ok && err == nil {
		return sizedInfo{info, int64(len(data))}, nil
	}
	return info, err
}

func (e editableFS) ReadLink(name string) (string, error) {
	return e.FS.(fs.ReadLinkFS).ReadLink(name)
}

// BenchmarkBuildState times a one-shot build that finds the build state
// of the build before and nothing changed (issue 26): the change
// detection stage (load, the gate with every signature, the module keys,
// the state read and written) and the linking of every module's stored
// files, with the list pages drawn as always. BenchmarkBuildMinify is the
// same build without the state.
func BenchmarkBuildState(b *testing.B) {
	dir := corpus(b)
	state := output.NewStateDir(filepath.Join(b.TempDir(), "state"), "bench")
	set := func(o *generator.Options) { o.State = state }
	buildWith(b, dir, output.NewMemory(), true, set) // warms the card cache and the state
	var modules int
	b.ReportAllocs()
	for b.Loop() {
		res := buildWith(b, dir, output.NewMemory(), true, set)
		if res.Reused != res.Modules {
			b.Fatalf("%d of %d modules reused: the state does not hold", res.Reused, res.Modules)
		}
		modules = res.Modules
	}
	perModule(b, modules)
}
