package generator_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/internal/sitetest"
)

// [brand] on the pages: the accent (and its dark-mode shade) in
// css/brand.css, linked after the theme's stylesheet; the font served with
// its licence; the logo in the header. A site without [brand] has none.
func TestBrandOnPages(t *testing.T) {
	var logo bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{0x6b, 0x2c, 0x91, 255})
	if err := png.Encode(&logo, img); err != nil {
		t.Fatal(err)
	}
	files := sitetest.Parse(strings.Replace(accreditedSite, "[policy]", "[brand]\nlogo = \"logo.png\"\naccent = \"#6B2C91\"\nfont = \"noto-sans\"\n[policy]", 1))
	files["static/logo.png"] = logo.Bytes()
	b := sitetest.BuildOK(t, files)
	b.AssertFile("css/brand.css",
		":root { --accent: #6b2c91; --on-accent: #ffffff; }",
		"@media (prefers-color-scheme: dark) { :root { --accent: #",
		`@font-face { font-family: "Rounds Noto Sans"; src: url("../fonts/NotoSans-Regular.ttf")`,
		`body { font-family: "Rounds Noto Sans"`)
	for _, name := range []string{"fonts/NotoSans-Regular.ttf", "fonts/NotoSans-Bold.ttf", "fonts/LICENSE-Noto-OFL.txt"} {
		if len(b.Files[name]) < 1000 {
			t.Errorf("%s: %d bytes", name, len(b.Files[name]))
		}
	}
	for _, page := range []string{"index.html", "c/m/index.html", "c/certificate/index.html"} {
		b.AssertFile(page, `<link rel="stylesheet" href="`, `css/rounds.css">`+"\n"+`<link rel="stylesheet" href="`, `css/brand.css">`, `<img class="site-logo" src="`, `logo.png" alt="">CME Site</a>`)
	}

	plain := sitetest.BuildOK(t, sitetest.Parse(accreditedSite))
	plain.AssertNoFile("css/brand.css")
	plain.AssertNoFile("fonts/NotoSans-Regular.ttf")
	plain.AssertFileNot("c/m/index.html", "brand.css", "site-logo")

	// An accent alone: the colours, no font files.
	accent := sitetest.BuildOK(t, sitetest.Parse(strings.Replace(accreditedSite, "[policy]", "[brand]\naccent = \"#0b6e6e\"\n[policy]", 1)))
	accent.AssertFile("css/brand.css", "--accent: #0b6e6e;")
	accent.AssertFileNot("css/brand.css", "@font-face")
	accent.AssertNoFile("fonts/NotoSans-Regular.ttf")
}
