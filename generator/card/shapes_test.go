package card

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

// testLogo is a 200x80 PNG: a red block on transparency.
func testLogo(t testing.TB) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 200, 80))
	for y := 10; y < 70; y++ {
		for x := 10; x < 190; x++ {
			img.Set(x, y, color.NRGBA{0xd0, 0x10, 0x20, 0xff})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func branded(t testing.TB, shape Shape) Card {
	c := sample()
	c.Shape = shape
	c.Logo = testLogo(t)
	c.Reviewed = "Peer reviewed 10 November 2026"
	c.Label = "Video · 6 min"
	return c
}

// Every shape draws at its platform size.
func TestShapeSizes(t *testing.T) {
	d := drawer(t)
	want := map[Shape][2]int{Landscape: {1200, 630}, Square: {1080, 1080}, Portrait: {1080, 1350}, Story: {1080, 1920}}
	for _, shape := range Shapes {
		for name, c := range map[string]Card{"plain": func() Card { c := sample(); c.Shape = shape; return c }(), "branded": branded(t, shape)} {
			b, warns, err := d.Draw(c)
			if err != nil {
				t.Fatalf("%v %s: %v", shape, name, err)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(b))
			if err != nil || cfg.Width != want[shape][0] || cfg.Height != want[shape][1] {
				t.Errorf("%v %s: %v %dx%d, want %v", shape, name, err, cfg.Width, cfg.Height, want[shape])
			}
			if _, err := png.Decode(bytes.NewReader(b)); err != nil {
				t.Errorf("%v %s: does not decode: %v", shape, name, err)
			}
			if len(warns) != 0 {
				t.Errorf("%v %s: warnings %q", shape, name, warns)
			}
		}
		if w, h := shape.Size(); w != want[shape][0] || h != want[shape][1] {
			t.Errorf("%v.Size() = %dx%d", shape, w, h)
		}
	}
}

// The logo is drawn where the layout puts it, and the peer-review line
// is on the card, in every shape.
func TestLogoAndPeerReviewed(t *testing.T) {
	d := drawer(t)
	for _, shape := range Shapes {
		c := branded(t, shape)
		l := d.Layout(c)
		checkInside(t, shape.String(), l)
		if textOf(l, "reviewed") != "Peer reviewed 10 November 2026" {
			t.Errorf("%v: reviewed line %q", shape, textOf(l, "reviewed"))
		}
		var logo image.Rectangle
		for _, p := range l.Images {
			if p.Kind == "logo" {
				logo = p.Rect
			}
		}
		if logo.Empty() {
			t.Fatalf("%v: no logo placed", shape)
		}
		b, _, err := d.Draw(c)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		mid := image.Pt((logo.Min.X+logo.Max.X)/2, (logo.Min.Y+logo.Max.Y)/2)
		if r, g, b, _ := img.At(mid.X, mid.Y).RGBA(); r>>8 < 0xc0 || g>>8 > 0x30 || b>>8 > 0x40 {
			t.Errorf("%v: logo centre %v is #%02x%02x%02x, want the logo's red", shape, mid, r>>8, g>>8, b>>8)
		}
		// Its transparent corner shows the card's background.
		if r, g, b, _ := img.At(logo.Min.X+1, logo.Min.Y+1).RGBA(); r>>8 != 0xff || g>>8 != 0xff || b>>8 != 0xff {
			t.Errorf("%v: logo's transparent corner is #%02x%02x%02x, want the white background", shape, r>>8, g>>8, b>>8)
		}
	}
}

// A supported module's card carries the whole supporter line in every
// shape, however long the title, summary and credit.
func TestSupportLineInEveryShape(t *testing.T) {
	d := drawer(t)
	for _, shape := range Shapes {
		for _, c := range []Card{branded(t, shape), {Shape: shape, Title: longTitle, Summary: strings.Repeat("Summary words ", 60), Credit: "1 AMA PRA Category 1 Credit™", Support: support, Reviewed: "Peer reviewed 1 May 2026"}} {
			l := d.Layout(c)
			if got := textOf(l, "support"); got != support {
				t.Errorf("%v: support line %q, want %q", shape, got, support)
			}
			checkInside(t, shape.String(), l)
			if _, _, err := d.Draw(c); err != nil {
				t.Errorf("%v: %v", shape, err)
			}
		}
	}
}

// The hash, the cache key, covers the shape, the brand and the font.
func TestHashCoversShapeAndBrand(t *testing.T) {
	base := sample()
	seen := map[string]string{base.Hash(): "base"}
	for name, f := range map[string]func(*Card){
		"shape":    func(c *Card) { c.Shape = Square },
		"logo":     func(c *Card) { c.Logo = []byte("x") },
		"image":    func(c *Card) { c.Image = []byte("x") },
		"font":     func(c *Card) { c.Font = "serif" },
		"accent":   func(c *Card) { c.Colors.Accent = "#aa0000" },
		"reviewed": func(c *Card) { c.Reviewed = "Peer reviewed 1 May 2026" },
		"label":    func(c *Card) { c.Label = "Video" },
	} {
		c := sample()
		f(&c)
		if prev, ok := seen[c.Hash()]; ok {
			t.Errorf("%s hashes like %s", name, prev)
		}
		seen[c.Hash()] = name
	}
}

// A photograph (the module's card_image) is drawn in its box, in RGB.
func TestCardImage(t *testing.T) {
	d := drawer(t)
	photo := image.NewRGBA(image.Rect(0, 0, 800, 600))
	for y := 0; y < 600; y++ {
		for x := 0; x < 800; x++ {
			photo.Set(x, y, color.RGBA{uint8(x / 4), 0x80, uint8(y / 3), 0xff})
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, photo)
	for _, shape := range Shapes {
		c := branded(t, shape)
		c.Image = buf.Bytes()
		l := d.Layout(c)
		checkInside(t, shape.String()+" with image", l)
		var box image.Rectangle
		for _, p := range l.Images {
			if p.Kind == "image" {
				box = p.Rect
			}
		}
		if box.Empty() {
			t.Fatalf("%v: image not placed", shape)
		}
		for _, ln := range l.Lines {
			if image.Rect(ln.X, ln.Y, ln.X+ln.Width, ln.Y+ln.Height).Overlaps(box) {
				t.Errorf("%v: %s line %q overlaps the image %v", shape, ln.Kind, ln.Text, box)
			}
		}
		b, _, err := d.Draw(c)
		if err != nil {
			t.Fatal(err)
		}
		img, _ := png.Decode(bytes.NewReader(b))
		if _, g, _, _ := img.At((box.Min.X+box.Max.X)/2, (box.Min.Y+box.Max.Y)/2).RGBA(); g>>8 != 0x80 {
			t.Errorf("%v: image centre green %#x, want 0x80", shape, g>>8)
		}
	}
}

// A question card comes in every shape, at the platform's size, with the
// stem, every choice, the link and the disclosure whole, inside the
// margins (a story's inside its safe zone), and drawn larger on the tall
// shapes than on the link preview.
func TestQuestionShapes(t *testing.T) {
	d := drawer(t)
	want := map[Shape][2]int{Landscape: {1200, 630}, Square: {1080, 1080}, Portrait: {1080, 1350}, Story: {1080, 1920}}
	stemSize := map[Shape]int{}
	for _, shape := range Shapes {
		q := sampleQuestion()
		q.Shape = shape
		b, warns, err := d.DrawQuestion(q)
		if err != nil {
			t.Fatalf("%v: %v", shape, err)
		}
		if len(warns) != 0 {
			t.Errorf("%v: warnings %q", shape, warns)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil || cfg.Width != want[shape][0] || cfg.Height != want[shape][1] {
			t.Errorf("%v: %v %dx%d, want %v", shape, err, cfg.Width, cfg.Height, want[shape])
		}
		l := d.LayoutQuestion(q)
		checkInside(t, "question "+shape.String(), l)
		if got := textOf(l, "stem"); got != q.Stem {
			t.Errorf("%v: stem %q", shape, got)
		}
		if got := textOf(l, "support"); got != support {
			t.Errorf("%v: support %q", shape, got)
		}
		if got := textOf(l, "link"); got != "Answer at "+q.Link {
			t.Errorf("%v: link %q", shape, got)
		}
		items := map[int]bool{}
		for _, ln := range l.Lines {
			if ln.Kind == "choice" {
				items[ln.Item] = true
			}
			if ln.Kind == "stem" {
				stemSize[shape] = ln.Size
			}
		}
		if len(items) != len(q.Choices) {
			t.Errorf("%v: %d choices drawn, want %d", shape, len(items), len(q.Choices))
		}
		// Reading order: the header, the question, the link, the disclosure.
		var kinds []string
		for _, ln := range l.Lines {
			if len(kinds) == 0 || kinds[len(kinds)-1] != ln.Kind {
				kinds = append(kinds, ln.Kind)
			}
		}
		if got := strings.Join(kinds, " "); got != "site title stem choice link support" {
			t.Errorf("%v: lines in the order %s", shape, got)
		}
		if shape != Landscape {
			if l.Boxes[0].Kind != "bar" || l.Boxes[0].Rect != image.Rect(0, 0, 1080, barW) {
				t.Errorf("%v: accent bar %v, want along the top", shape, l.Boxes[0].Rect)
			}
		}
	}
	for _, shape := range []Shape{Square, Portrait, Story} {
		if stemSize[shape] <= stemSize[Landscape] {
			t.Errorf("%v: stem at %d px, not larger than the link preview's %d", shape, stemSize[shape], stemSize[Landscape])
		}
	}
	// A long question still fits every shape, shortened with warnings.
	for _, shape := range Shapes {
		q := sampleQuestion()
		q.Shape = shape
		q.Stem = strings.Repeat("A very long question stem with many words. ", 20)
		q.Choices = []string{longWord, strings.Repeat("choice ", 60), "B", "C", "D", "E", "F", "G"}
		checkInside(t, "long question "+shape.String(), d.LayoutQuestion(q))
	}
}

// The question card's hash, its cache key, covers the shape: no two shapes
// of one question share a cached card.
func TestQuestionHashCoversShape(t *testing.T) {
	seen := map[string]Shape{}
	for _, shape := range Shapes {
		q := sampleQuestion()
		q.Shape = shape
		if prev, ok := seen[q.Hash()]; ok {
			t.Errorf("%v hashes like %v", shape, prev)
		}
		seen[q.Hash()] = shape
	}
}

// A jointly accredited course's credit (four credits) is drawn whole in
// every shape, on as many badge lines as it takes, never cut with an
// ellipsis; the badge grows with its lines and the card's other text
// stays clear of it.
func TestLongCreditDrawnWhole(t *testing.T) {
	d := drawer(t)
	credit := "7.5 AAPA Category 1 CME; 8.5 ACPE knowledge-based; 10 AMA PRA Category 1 Credits™; 7.5 ANCC contact hours"
	for _, shape := range Shapes {
		c := sample()
		c.Shape, c.Credit = shape, credit
		l := d.Layout(c)
		checkInside(t, shape.String(), l)
		if hasWarning(l.Warnings, "credit badge") {
			t.Errorf("%s: %q", shape, l.Warnings)
		}
		if got := textOf(l, "credit"); got != credit {
			t.Errorf("%s: credit drawn as %q", shape, got)
		}
		var badge image.Rectangle
		for _, b := range l.Boxes {
			if b.Kind == "badge" {
				badge = b.Rect
			}
		}
		if badge.Dy() <= badgeH {
			t.Errorf("%s: badge %v is one line high for a credit of several lines", shape, badge)
		}
		for _, ln := range l.Lines {
			box := image.Rect(ln.X, ln.Y, ln.X+ln.Width, ln.Y+ln.Height)
			if ln.Kind != "credit" && box.Overlaps(badge) {
				t.Errorf("%s: %s line %q overlaps the badge %v", shape, ln.Kind, ln.Text, badge)
			}
		}
	}
}
