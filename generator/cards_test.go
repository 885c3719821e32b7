package generator_test

import (
	"bytes"
	"context"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
		`<meta name="twitter:image:alt" content="Module. The summary. 1 AMA PRA Category 1 Credit™. Supported by an educational grant from Acme Pharma">`)
	b.AssertFile("index.html", `<meta property="og:image" content="https://cme.example.org/cards/_site.png">`)
	b.AssertFile("c/index.html", `<meta property="og:image" content="https://cme.example.org/cards/c/_course.png">`)
	b.AssertFile("share/index.html", `href="../share/c/"`)
	share := string(b.Files["share/c/index.html"])
	for _, want := range []string{`src="../../cards/c/m.png"`, `src="../../cards/c/m-q1.png"`, "#ad Supported by an educational grant from Acme Pharma.",
		"Sponsored: supported by an educational grant from Acme Pharma.", "https://cme.example.org/c/m/", `data-copy="post-c-m-x"`} {
		if !strings.Contains(share, want) {
			t.Errorf("share page lacks %q", want)
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
