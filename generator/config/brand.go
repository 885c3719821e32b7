package config

import (
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
)

// The default theme's backgrounds (themes/default/static/css/rounds.css,
// --bg and --soft) that the accent is drawn on as link and button colour,
// in light and dark mode.
var (
	lightBackgrounds = []string{"#ffffff", "#f2f5f8"}
	darkBackgrounds  = []string{"#11161c", "#1a222b"}
)

// MinContrast is WCAG 2's AA ratio for normal text.
const MinContrast = 4.5

// Fonts are the [brand] font choices: the embedded, freely licensed
// families a site's pages can be set in, by name, with what they are.
// Cards are drawn in Noto Sans whatever the choice.
var Fonts = map[string]string{
	"system":    "the reader's system font (the default: nothing to download)",
	"noto-sans": "Noto Sans, embedded and served with the site (SIL Open Font License 1.1)",
}

// FontNames are the font choices, sorted.
func FontNames() []string {
	names := make([]string, 0, len(Fonts))
	for n := range Fonts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// checkBrand checks [brand] accent and font: the accent must be a colour
// that keeps WCAG AA contrast as the default theme's link and button
// colour, the font one of Fonts.
func (c *Config) checkBrand(doc *content.Doc, l *diag.List) {
	b := c.Site.Brand
	if b.Accent != "" && !doc.Flagged("brand", "accent") {
		if _, ok := parseHex(b.Accent); !ok {
			d := doc.Errorf(l, []any{"brand", "accent"}, "config", "brand.accent %q is not a colour written #rrggbb", b.Accent)
			d.Help = `write the colour in hexadecimal, such as accent = "#0b6e6e"`
		} else if bg, r := worstContrast(b.Accent, lightBackgrounds); r < MinContrast {
			d := doc.Errorf(l, []any{"brand", "accent"}, "contrast", "brand.accent %s has contrast %.2f:1 on the theme's background %s, below the %.1f:1 WCAG AA asks for links and buttons", strings.ToLower(b.Accent), r, bg, MinContrast)
			d.Help = fmt.Sprintf("choose a darker shade: %s is the same colour darkened to %.1f:1", Darken(b.Accent, lightBackgrounds), MinContrast)
		}
	}
	if b.Font != "" && !doc.Flagged("brand", "font") {
		if _, ok := Fonts[b.Font]; !ok {
			d := doc.Errorf(l, []any{"brand", "font"}, "config", "brand.font %q is not one of the embedded fonts", b.Font)
			d.Help = "choose " + strings.Join(quoteAll(FontNames()), " or ")
		}
	}
	s := c.Site.Social
	for _, kv := range [][2]string{{"accent", s.Accent}, {"background", s.Background}, {"foreground", s.Foreground}} {
		if kv[1] != "" {
			d := doc.Warnf(l, []any{"social", kv[0]}, "deprecated", "social.%s is deprecated: the cards take their colours from [brand]", kv[0])
			d.Help = `move the accent to [brand] accent; the cards' background and foreground follow the theme`
		}
	}
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}

// Palette is the accent as the default theme uses it: the colour itself
// and the text drawn on it in light mode, and for dark mode the same hue
// lightened until it keeps AA contrast on the dark backgrounds.
type Palette struct {
	Accent, OnAccent         string
	DarkAccent, DarkOnAccent string
}

// BrandPalette is the palette of an accent checkBrand accepted; ok is false
// for none or a colour it refused.
func BrandPalette(accent string) (p Palette, ok bool) {
	c, ok := parseHex(accent)
	if !ok {
		return p, false
	}
	if _, r := worstContrast(accent, lightBackgrounds); r < MinContrast {
		return p, false
	}
	p.Accent = hexOf(c)
	p.OnAccent = onColour(c)
	dark := Lighten(accent, darkBackgrounds)
	dc, _ := parseHex(dark)
	p.DarkAccent, p.DarkOnAccent = dark, onColour(dc)
	return p, true
}

// onColour is white or near-black, whichever is the more legible on c.
func onColour(c [3]uint8) string {
	if contrast(c, [3]uint8{255, 255, 255}) >= contrast(c, [3]uint8{0x0b, 0x15, 0x20}) {
		return "#ffffff"
	}
	return "#0b1520"
}

// Darken mixes the colour with black in small steps until it keeps
// MinContrast on every background; Lighten mixes it with white.
func Darken(s string, bgs []string) string  { return mixUntil(s, bgs, [3]uint8{0, 0, 0}) }
func Lighten(s string, bgs []string) string { return mixUntil(s, bgs, [3]uint8{255, 255, 255}) }

func mixUntil(s string, bgs []string, to [3]uint8) string {
	c, ok := parseHex(s)
	if !ok {
		return s
	}
	for i := 0; i <= 100; i++ {
		var m [3]uint8
		for k := range m {
			m[k] = uint8(math.Round(float64(c[k])*(1-float64(i)/100) + float64(to[k])*float64(i)/100))
		}
		if _, r := worstContrast(hexOf(m), bgs); r >= MinContrast {
			return hexOf(m)
		}
	}
	return hexOf(to)
}

// worstContrast is the lowest contrast of the colour on the backgrounds,
// and that background.
func worstContrast(s string, bgs []string) (string, float64) {
	c, _ := parseHex(s)
	worst, at := math.Inf(1), ""
	for _, bg := range bgs {
		b, _ := parseHex(bg)
		if r := contrast(c, b); r < worst {
			worst, at = r, bg
		}
	}
	return at, worst
}

// parseHex reads "#rrggbb" or "#rgb".
func parseHex(s string) ([3]uint8, bool) {
	var c [3]uint8
	h, ok := strings.CutPrefix(strings.TrimSpace(s), "#")
	if !ok {
		return c, false
	}
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	b, err := hex.DecodeString(h)
	if err != nil || len(b) != 3 {
		return c, false
	}
	copy(c[:], b)
	return c, true
}

func hexOf(c [3]uint8) string { return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2]) }

// contrast is the WCAG 2 contrast ratio of two colours, from 1 to 21.
func contrast(a, b [3]uint8) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c [3]uint8) float64 {
	ch := func(v uint8) float64 {
		f := float64(v) / 255
		if f <= 0.03928 {
			return f / 12.92
		}
		return math.Pow((f+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(c[0]) + 0.7152*ch(c[1]) + 0.0722*ch(c[2])
}
