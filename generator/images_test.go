package generator_test

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"strconv"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

func photo(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, w, h)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func imageSite(t *testing.T, body string) map[string][]byte {
	site := sitetest.Parse(openSite)
	site["content/cardio/echo/index.md"] = []byte("+++\ntitle = \"Echo\"\ndate = 2026-10-01\n+++\n" + body)
	site["content/cardio/echo/wide.jpg"] = photo(t, 2000, 1000)
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 300, 100))); err != nil {
		t.Fatal(err)
	}
	site["content/cardio/echo/rule.png"] = b.Bytes()
	return site
}

func TestImages(t *testing.T) {
	b := sitetest.BuildOK(t, imageSite(t, "![A parasternal long-axis view](wide.jpg)\n\nText.\n\n![](rule.png \"decorative\")\n\n![A remote chart](https://example.org/c.png)\n"))
	page := "cardio/echo/index.html"
	b.AssertFile(page,
		`<img src="wide.jpg" alt="A parasternal long-axis view" decoding="async" width="2000" height="1000" srcset="wide.480w.jpg 480w, wide.800w.jpg 800w, wide.1200w.jpg 1200w, wide.1600w.jpg 1600w, wide.jpg 2000w" sizes="(min-width: 46rem) 44rem, calc(100vw - 2rem)">`,
		`<img src="rule.png" alt="" loading="lazy" decoding="async" width="300" height="100">`,
		`<img src="https://example.org/c.png" alt="A remote chart" loading="lazy" decoding="async">`)
	for _, w := range []string{"480", "800", "1200", "1600"} {
		data := b.Files["cardio/echo/wide."+w+"w.jpg"]
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
		if err != nil || strconv.Itoa(cfg.Width) != w {
			t.Errorf("copy %s: %v, %+v", w, err, cfg)
		}
	}
	b.AssertNoFile("cardio/echo/rule.480w.png")
}

func TestImageAltRefused(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{"Text.\n\n![](wide.jpg)\n", `content/cardio/echo/index.md:7:1: error: accessible: image "wide.jpg" has no alt text`},
		{"![wide.jpg](wide.jpg)\n", `content/cardio/echo/index.md:5:1: error: accessible: image "wide.jpg" has a file name as alt text ("wide.jpg")`},
		{"See ![IMG_2041.JPG](wide.jpg)\n", `content/cardio/echo/index.md:5:5: error: accessible: image "wide.jpg" has a file name as alt text ("IMG_2041.JPG")`},
		{"![A rule](rule.png \"decorative\")\n", `content/cardio/echo/index.md:5:1: error: accessible: image "rule.png" is marked decorative but has alt text "A rule"`},
	} {
		b := sitetest.Build(t, imageSite(t, c.body))
		if !errors.Is(b.Err, generator.ErrRefused) || !strings.Contains(b.Diags(), c.want) {
			t.Errorf("%q: err %v, want %s in:\n%s", c.body, b.Err, c.want, b.Diags())
		}
		if len(b.Files) != 0 {
			t.Errorf("%q: refused but wrote %d files", c.body, len(b.Files))
		}
	}
}
