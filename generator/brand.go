package generator

import (
	"fmt"
	"strings"

	"github.com/rounds-dev/rounds/generator/card"
	"github.com/rounds-dev/rounds/generator/config"
)

// brandFiles are the files rounds draws from [brand] for the pages (SPEC
// "Shared conventions", Brand): css/brand.css, linked after the theme's
// stylesheet, with the accent in light and dark mode and the font, and
// the font files with their licence. None when [brand] sets neither.
func (c *Checked) brandFiles() map[string][]byte {
	b := c.Config.Site.Brand
	var css strings.Builder
	css.WriteString("/* Drawn by rounds from rounds.toml [brand]. */\n")
	if p, ok := config.BrandPalette(b.Accent); ok {
		// The accent as set in light mode; in dark mode the same hue
		// lightened until it keeps WCAG AA contrast on the dark background.
		fmt.Fprintf(&css, ":root { --accent: %s; --on-accent: %s; }\n", p.Accent, p.OnAccent)
		fmt.Fprintf(&css, "@media (prefers-color-scheme: dark) { :root { --accent: %s; --on-accent: %s; } }\n", p.DarkAccent, p.DarkOnAccent)
	}
	files := map[string][]byte{}
	if b.Font == "noto-sans" {
		for name, data := range card.WebFonts() {
			files["fonts/"+name] = data
		}
		css.WriteString(`@font-face { font-family: "Rounds Noto Sans"; src: url("../fonts/NotoSans-Regular.ttf") format("truetype"); font-weight: 400; font-style: normal; font-display: swap; }
@font-face { font-family: "Rounds Noto Sans"; src: url("../fonts/NotoSans-Bold.ttf") format("truetype"); font-weight: 700; font-style: normal; font-display: swap; }
body { font-family: "Rounds Noto Sans", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
`)
	}
	if len(files) == 0 && !strings.Contains(css.String(), "--accent") {
		return nil
	}
	files["css/brand.css"] = []byte(css.String())
	return files
}
