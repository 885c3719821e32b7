package config

import (
	"strings"
	"testing"
)

// An accent that fails WCAG AA on the theme's background is an error at
// its key, with a darker shade of it that passes in the help line; an
// unknown font is an error naming the choices; [social] colours warn.
func TestBrandErrors(t *testing.T) {
	cases := []struct {
		name, toml string
		want       []string
	}{
		{"light accent", "[brand]\naccent = \"#7fb3e0\"\n", []string{
			`rounds.toml:4:1: error: contrast: brand.accent #7fb3e0 has contrast 2.`,
			`on the theme's background #f2f5f8, below the 4.5:1 WCAG AA asks for links and buttons`,
			"help: choose a darker shade: #"}},
		{"not a colour", "[brand]\naccent = \"teal\"\n", []string{`rounds.toml:4:1: error: config: brand.accent "teal" is not a colour written #rrggbb`, `help: write the colour in hexadecimal`}},
		{"short hex passes", "[brand]\naccent = \"#066\"\n", nil},
		{"unknown font", "[brand]\naccent = \"#0b6e6e\"\nfont = \"Comic Sans\"\n", []string{`rounds.toml:5:1: error: config: brand.font "Comic Sans" is not one of the embedded fonts`, `help: choose "noto-sans" or "system"`}},
		{"noto-sans", "[brand]\nfont = \"noto-sans\"\n", nil},
		{"social colour", "[social]\naccent = \"#0b6e6e\"\n", []string{`rounds.toml:4:1: warning: deprecated: social.accent is deprecated`}},
	}
	for _, c := range cases {
		_, d := load(t, map[string]string{"rounds.toml": site + c.toml})
		if c.want == nil && strings.Contains(d, "brand") {
			t.Errorf("%s: want no diagnostics, got\n%s", c.name, d)
		}
		for _, w := range c.want {
			if !strings.Contains(d, w) {
				t.Errorf("%s: want %q in\n%s", c.name, w, d)
			}
		}
	}
}

// The help's darker shade passes; the dark-mode accent keeps AA contrast
// on both dark backgrounds, and the text on either accent too.
func TestBrandPalette(t *testing.T) {
	for _, accent := range []string{"#0b6e6e", "#0b5cad", "#000000", "#6b2c91", "#b3261e"} {
		p, ok := BrandPalette(accent)
		if !ok {
			t.Fatalf("%s refused", accent)
		}
		for _, bg := range lightBackgrounds {
			if r := ratio(p.Accent, bg); r < MinContrast {
				t.Errorf("%s on %s: %.2f", p.Accent, bg, r)
			}
		}
		for _, bg := range darkBackgrounds {
			if r := ratio(p.DarkAccent, bg); r < MinContrast {
				t.Errorf("dark %s (from %s) on %s: %.2f", p.DarkAccent, accent, bg, r)
			}
		}
		if r := ratio(p.OnAccent, p.Accent); r < MinContrast {
			t.Errorf("%s on %s: %.2f", p.OnAccent, p.Accent, r)
		}
		if r := ratio(p.DarkOnAccent, p.DarkAccent); r < MinContrast {
			t.Errorf("%s on %s: %.2f", p.DarkOnAccent, p.DarkAccent, r)
		}
	}
	if _, ok := BrandPalette("#7fb3e0"); ok {
		t.Error("a failing accent has a palette")
	}
	d := Darken("#7fb3e0", lightBackgrounds)
	if r := ratio(d, "#f2f5f8"); r < MinContrast || r > MinContrast+0.3 {
		t.Errorf("Darken(#7fb3e0) = %s at %.2f:1", d, r)
	}
}

func ratio(a, b string) float64 {
	x, _ := parseHex(a)
	y, _ := parseHex(b)
	return contrast(x, y)
}

func FuzzParseHex(f *testing.F) {
	for _, s := range []string{"#0b6e6e", "#066", "teal", "#", "#ggg", " #ABCDEF "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := parseHex(s)
		if ok {
			if back, ok2 := parseHex(hexOf(c)); !ok2 || back != c {
				t.Fatalf("%q: %v does not round-trip", s, c)
			}
			_ = Darken(s, lightBackgrounds)
			_, _ = BrandPalette(s)
		}
	})
}
