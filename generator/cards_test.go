package generator_test

import (
	"archive/zip"
	"bytes"
	"context"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

func TestCardsAndSharePage(t *testing.T) {
	b := sitetest.BuildOK(t, sitetest.Parse(accreditedSite))
	img := b.Files["cards/c/m.png"]
	cfg, err := png.DecodeConfig(bytes.NewReader(img))
	if err != nil || cfg.Width != 1200 || cfg.Height != 630 {
		t.Fatalf("module card: %v %dx%d", err, cfg.Width, cfg.Height)
	}
	b.AssertFile("cards/c/m-q1.png")
	b.AssertFile("cards/_site.png")
	b.AssertFile("cards/c/_course.png")
	b.AssertFile("c/m/index.html",
		`<meta property="og:image" content="https://cme.example.org/cards/c/m.png">`,
		`<meta property="og:image:width" content="1200">`,
		`<meta name="twitter:card" content="summary_large_image">`,
		`<meta name="twitter:image:alt" content="CME Site. Module. The summary. 1 AMA PRA Category 1 Credit™. Supported by an educational grant from Acme Pharma">`,
		`<meta property="og:image:alt" content="CME Site. Module.`)
	// Every shape, at its platform's size.
	for name, size := range map[string][2]int{"cards/c/m-square.png": {1080, 1080}, "cards/c/m-portrait.png": {1080, 1350}, "cards/c/m-story.png": {1080, 1920},
		"cards/c/_completed.png": {1200, 630}, "cards/c/_completed-square.png": {1080, 1080}, "cards/c/_completed-portrait.png": {1080, 1350}, "cards/c/_completed-story.png": {1080, 1920},
		"cards/_site.png": {1200, 630}, "cards/_site-square.png": {1080, 1080}, "cards/_site-portrait.png": {1080, 1350}, "cards/_site-story.png": {1080, 1920},
		"cards/c/m-q1.png": {1200, 630}, "cards/c/m-q1-square.png": {1080, 1080}, "cards/c/m-q1-portrait.png": {1080, 1350}, "cards/c/m-q1-story.png": {1080, 1920}} {
		cfg, err := png.DecodeConfig(bytes.NewReader(b.Files[name]))
		if err != nil || cfg.Width != size[0] || cfg.Height != size[1] {
			t.Errorf("%s: %v %dx%d, want %v", name, err, cfg.Width, cfg.Height, size)
		}
	}
	// The home card names the site once.
	home := string(b.Files["index.html"])
	if i := strings.Index(home, `og:image:alt" content="`); i < 0 || strings.Count(home[i:i+strings.Index(home[i:], ">")], "CME Site") != 1 {
		t.Errorf("home card alt text should name the site once: %.200s", home[max(0, i):])
	}
	b.AssertFile("index.html", `<meta property="og:image" content="https://cme.example.org/cards/_site.png">`)
	b.AssertFile("c/index.html", `<meta property="og:image" content="https://cme.example.org/cards/c/_course.png">`)
	// The share kit lists every shape of the home card, the completion card
	// and the question cards, by the names the page uses for shapes.
	b.AssertFile("share/index.html", `href="../share/c/"`, `src="../cards/_site.png"`, `src="../cards/_site-square.png"`, `src="../cards/_site-portrait.png"`, `src="../cards/_site-story.png"`,
		"Story, 1080×1920", "The site’s card")
	b.AssertFile("share/c/index.html", `href="../../share/c/m/"`, `src="../../cards/c/_course.png"`, `href="../../share/c/share-kit.zip" download`,
		"Completion card", `src="../../cards/c/_completed.png"`, `src="../../cards/c/_completed-square.png"`, `src="../../cards/c/_completed-portrait.png"`, `src="../../cards/c/_completed-story.png"`,
		`alt="Example Health CE. I completed Course. Course completed. 1 AMA PRA Category 1 Credit™. Supported by an educational grant from Acme Pharma"`)
	b.AssertFile("c/m/index.html", `<a href="../../share/c/m/">Share</a>`)
	share := string(b.Files["share/c/m/index.html"])
	for _, want := range []string{`<meta name="robots" content="noindex">`, `src="../../../cards/c/m.png"`, `src="../../../cards/c/m-q1.png"`, `src="../../../cards/c/m-q1-square.png"`, `src="../../../cards/c/m-q1-portrait.png"`, `src="../../../cards/c/m-q1-story.png"`, "#ad Supported by an educational grant from Acme Pharma.",
		"Sponsored: supported by an educational grant from Acme Pharma.", "https://cme.example.org/c/m/", `data-copy="post-c-m-x"`,
		`data-copy="post-c-m-q1-bluesky"`, "Can you answer this?", "Answer at https://cme.example.org/c/m/",
		`alt="Question card: Q? yes. Supported by an educational grant from Acme Pharma."`, `download>Download`} {
		if !strings.Contains(share, want) {
			t.Errorf("share page lacks %q", want)
		}
	}
	// Every platform, for the module and for each question card.
	for _, id := range content.PlatformIDs() {
		for _, kind := range []string{"", "-q1"} {
			if !strings.Contains(share, `id="post-c-m`+kind+`-`+id+`"`) {
				t.Errorf("no %s post%s", id, kind)
			}
		}
	}
	// The disclosure comes first in every post of a supported module.
	for _, p := range strings.Split(share, "<textarea")[1:] {
		text := p[strings.Index(p, ">")+1:]
		if !strings.HasPrefix(text, "#ad Supported") && !strings.HasPrefix(text, "Sponsored: supported") {
			t.Errorf("a post does not start with the disclosure: %.60q", text)
		}
	}
}

// [social.utm] puts campaign parameters on every post's link, utm_source
// naming the platform; the course's zip is the same bytes in two builds.
func TestShareKitUTMAndZip(t *testing.T) {
	files := sitetest.Parse(strings.Replace(accreditedSite, "[policy]", "[social]\nhashtags = [\"MedEd\"]\n[social.utm]\ncampaign = \"spring\"\n[policy]", 1))
	b := sitetest.BuildOK(t, files)
	share := string(b.Files["share/c/m/index.html"])
	for _, id := range content.PlatformIDs() {
		if want := "https://cme.example.org/c/m/?utm_source=" + id + "&amp;utm_medium=social&amp;utm_campaign=spring"; !strings.Contains(share, want) {
			t.Errorf("no %q", want)
		}
	}
	if strings.Contains(string(b.Files["c/m/index.html"]), "utm_") {
		t.Error("the module page carries UTM parameters")
	}
	zip1 := b.Files["share/c/share-kit.zip"]
	zip2 := sitetest.BuildOK(t, files).Files["share/c/share-kit.zip"]
	if len(zip1) == 0 || !bytes.Equal(zip1, zip2) {
		t.Fatalf("zip: %d bytes, then %d, not identical", len(zip1), len(zip2))
	}
	zr, err := zip.NewReader(bytes.NewReader(zip1), int64(len(zip1)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if got, want := strings.Join(names, " "), "c/course.png c/course-square.png c/course-portrait.png c/course-story.png c/completed.png c/completed-square.png c/completed-portrait.png c/completed-story.png c/m/card.png c/m/card-square.png c/m/card-portrait.png c/m/card-story.png c/m/question-1.png c/m/question-1-square.png c/m/question-1-portrait.png c/m/question-1-story.png c/m/posts.txt"; got != want {
		t.Errorf("zip holds %s, want %s", got, want)
	}
}

func TestCardsAreCached(t *testing.T) {
	files := sitetest.FS(sitetest.Parse(accreditedSite))
	mem := output.NewMemory()
	s := generator.NewSession(generator.Options{Site: files, Out: mem, Today: sitetest.Today, Preview: true})
	if _, err := s.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	first, _ := mem.Get("share/index.html")
	if !strings.Contains(string(first), "cards changed since the last build") {
		t.Error("the first build should list its cards as changed")
	}
	// A full build (changed == nil) renders every page again, but every
	// card is copied from the cache: none is drawn.
	if _, err := s.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	second, _ := mem.Get("share/index.html")
	if strings.Contains(string(second), "changed since the last build") {
		t.Error("a rebuild with nothing changed drew cards again")
	}
}

// A warm `rounds build` writes no card bytes: each unchanged card in the
// output is a hard link to its file in the card cache, and the pages are
// the same as a cold build's.
func TestWarmBuildLinksCachedCards(t *testing.T) {
	files := sitetest.FS(sitetest.Parse(accreditedSite))
	root := t.TempDir()
	cache := output.NewDirCache(filepath.Join(root, "cache"))
	build := func(dest string) *generator.Result {
		disk, err := output.NewDisk(context.Background(), dest, output.DiskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := generator.Build(context.Background(), generator.Options{Site: files, Out: disk, Today: sitetest.Today, Minify: true, Cards: cache})
		if err != nil {
			t.Fatal(err)
		}
		if err := disk.Commit(); err != nil {
			t.Fatal(err)
		}
		return res
	}
	cold := build(filepath.Join(root, "cold"))
	warm := build(filepath.Join(root, "warm"))
	if cold.Drawn == 0 || warm.Drawn != 0 || warm.Cards != cold.Cards {
		t.Fatalf("cards drawn: cold %d, warm %d of %d", cold.Drawn, warm.Drawn, warm.Cards)
	}
	linked := 0
	err := filepath.WalkDir(filepath.Join(root, "warm"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join(root, "warm"), p)
		a, _ := os.ReadFile(p)
		b, _ := os.ReadFile(filepath.Join(root, "cold", rel))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between the cold and the warm build", rel)
		}
		if strings.HasSuffix(p, ".png") && strings.HasPrefix(rel, "cards") {
			a, _ := os.Stat(p)
			b, _ := os.Stat(filepath.Join(root, "cold", rel))
			if a != nil && b != nil && os.SameFile(a, b) {
				linked++ // both builds share the cache's file
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if linked != warm.Cards {
		t.Errorf("%d of %d cards linked from the cache", linked, warm.Cards)
	}
}

// A course's zip is kept in the card cache by the hash of what it holds:
// a build whose cards are unchanged links it rather than packing it, the
// linked zip is the bytes a build without a cache packs, and a changed
// card makes a new zip.
func TestShareZipIsCached(t *testing.T) {
	files := sitetest.Parse(accreditedSite)
	cards := output.NewDirCache(t.TempDir())
	build := func(files map[string][]byte) *output.Memory {
		t.Helper()
		mem := output.NewMemory()
		if _, err := generator.Build(context.Background(), generator.Options{Site: sitetest.FS(files), Out: mem, Today: sitetest.Today, Cards: cards}); err != nil {
			t.Fatal(err)
		}
		return mem
	}
	const name = "share/c/share-kit.zip"
	want := sitetest.BuildOK(t, files).Files[name]
	build(files)
	warm := build(files)
	if warm.Linked(name) == "" {
		t.Fatal("a build with every card cached packed the zip again")
	}
	if got, _ := warm.Get(name); !bytes.Equal(got, want) {
		t.Fatalf("the cached zip (%d bytes) is not what a build without a cache packs (%d bytes)", len(got), len(want))
	}
	edited := map[string][]byte{}
	for k, v := range files {
		edited[k] = v
	}
	edited["content/c/m.md"] = bytes.Replace(files["content/c/m.md"], []byte("title = \"Module\""), []byte("title = \"Module, edited\""), 1)
	if bytes.Equal(edited["content/c/m.md"], files["content/c/m.md"]) {
		t.Fatal("the edit did not apply")
	}
	changed, _ := build(edited).Get(name)
	if bytes.Equal(changed, want) {
		t.Error("a module's new title left its course's zip as it was")
	}
	if fresh := sitetest.Build(t, edited).Files[name]; !bytes.Equal(changed, fresh) {
		t.Error("the zip after an edit is not what a build without a cache packs")
	}
}

// A problem with a course's cards is reported at the course's _index.md,
// where its title is, not at rounds.toml.
func TestCourseCardWarningAtCourse(t *testing.T) {
	files := sitetest.Parse(accreditedSite)
	long := strings.Repeat("Antimicrobial stewardship in the emergency department ", 8)
	files["content/c/_index.md"] = []byte("+++\ntitle = \"" + long + "\"\n+++\n")
	b := sitetest.BuildOK(t, files)
	var at []string
	for _, d := range b.Result.Diags {
		if d.Rule == "card" && strings.Contains(d.Message, "_course") {
			at = append(at, d.Path)
		}
	}
	if len(at) == 0 {
		t.Fatal("a course title too long for its card gave no warning")
	}
	for _, p := range at {
		if p != "content/c/_index.md" {
			t.Errorf("the course card's warning is at %s, not content/c/_index.md", p)
		}
	}
}
