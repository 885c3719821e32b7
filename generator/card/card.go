package card

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"sync"

	"golang.org/x/image/font/sfnt"
)

// layoutVersion is part of every Hash. Bump it whenever the drawing changes
// (layout, sizes, fonts, palette, encoder), so that cached cards are redrawn.
const layoutVersion = 4

// Card is everything a module card shows. Its Hash covers all of it (and the
// layout version), so a cache keyed by Hash is safe.
//
// Title, Summary and Course are inline Markdown (see Inline); the other
// texts are drawn as they are.
type Card struct {
	SiteName, Course, Title, Summary string
	Credit                           string // badge, e.g. "0.25 AMA PRA Category 1 Credit™", "" for none
	Support                          string // full line, e.g. "Supported by an educational grant from Acme Pharma", "" for none
	Colors                           Colors
	Shape                            Shape
	// Label is a short line above the title: "Video · 6 min", "Course ·
	// 4 modules · 1 credit".
	Label string
	// Reviewed is the peer-review line, e.g. "Peer reviewed 10 November
	// 2026", drawn above the disclosure; "" for none.
	Reviewed string
	// Logo is the provider's logo (PNG or JPEG bytes), drawn at the top
	// left beside SiteName; Image the module's own picture, drawn beside
	// (landscape) or above (other shapes) the text.
	Logo, Image []byte
	// Font names the brand's font choice; cards are drawn in FontName
	// whatever it says, but it is part of the Hash so that a change redraws.
	Font string
}

// Question is a card for one quiz or post-test question: the stem and the
// choices, never the answer, and where to answer it.
type Question struct {
	SiteName, Title, Stem string
	Choices               []string // in order; drawn as "A. ...", "B. ..."
	Link                  string   // short link, drawn as "Answer at <Link>"
	// AnswerAt is the link line in the card's language ("Responda en
	// <Link>"); "" draws it in English.
	AnswerAt string
	// Labels name the choices as the card's language letters them ("A.",
	// "أ."); a choice without one is lettered A., B., ...
	Labels []string
	// RTL sets the card right to left, as its language is written: every
	// line flush right, a choice's label on its right, whatever script
	// the line's text starts with (a stem may open with a drug's name).
	RTL     bool
	Support string // full disclosure line, "" for none
	Colors  Colors
	// Shape is the card's format, as for a module card: the stem and the
	// choices are set larger and centred in the room of the tall shapes.
	Shape Shape
}

// Colors are "#rrggbb" (or "#rgb"); an empty field means the default theme's
// colour.
type Colors struct{ Background, Foreground, Accent string }

// The default theme's light colours (themes/default).
const (
	DefaultBackground = "#ffffff"
	DefaultForeground = "#1b1f23"
	DefaultAccent     = "#0b5cad"
)

// ErrSupportTooLong is returned by Draw for a support line too long to fit
// on a card whole at a legible size: it is never shortened.
var ErrSupportTooLong = errors.New("card: the support line is too long to fit on a card whole (it is never shortened)")

// MinContrast is WCAG 2's AA ratio for normal text.
const MinContrast = 4.5

// Hash is the hex SHA-256 of a canonical encoding of every field and the
// layout version: equal hashes draw equal bytes.
func (c Card) Hash() string {
	h := newHasher("card")
	h.str(c.SiteName, c.Course, c.Title, c.Summary, c.Credit, c.Support)
	h.str(c.Colors.Background, c.Colors.Foreground, c.Colors.Accent)
	h.str(c.Shape.String(), c.Label, c.Reviewed, c.Font, FontName)
	h.bytes(c.Logo, c.Image)
	return h.sum()
}

// Hash is the hex SHA-256 of a canonical encoding of every field and the
// layout version.
func (q Question) Hash() string {
	h := newHasher("question")
	h.str(q.SiteName, q.Title, q.Stem)
	h.b = binary.AppendUvarint(h.b, uint64(len(q.Choices)))
	h.str(q.Choices...)
	h.str(q.Link, q.AnswerAt, q.Support)
	h.b = binary.AppendUvarint(h.b, uint64(len(q.Labels)))
	h.str(q.Labels...)
	h.str(fmt.Sprint(q.RTL))
	h.str(q.Colors.Background, q.Colors.Foreground, q.Colors.Accent, FontName, q.Shape.String())
	return h.sum()
}

// hasher builds a length-prefixed encoding, so that no two different cards
// encode alike ("ab"+"c" differs from "a"+"bc").
type hasher struct{ b []byte }

func newHasher(kind string) *hasher {
	h := &hasher{b: binary.AppendUvarint(nil, layoutVersion)}
	h.str("rounds/" + kind)
	return h
}

func (h *hasher) str(ss ...string) {
	for _, s := range ss {
		h.b = binary.AppendUvarint(h.b, uint64(len(s)))
		h.b = append(h.b, s...)
	}
}

// bytes adds files by their SHA-256, so that hashing a card does not copy
// a photograph.
func (h *hasher) bytes(bs ...[]byte) {
	for _, b := range bs {
		s := sha256.Sum256(b)
		h.b = binary.AppendUvarint(h.b, uint64(len(b)))
		h.b = append(h.b, s[:]...)
	}
}

func (h *hasher) sum() string {
	s := sha256.Sum256(h.b)
	return hex.EncodeToString(s[:])
}

// Drawer draws cards. It holds the parsed fonts and a cache of rasterised
// glyphs, and is safe for concurrent use: make one per build and share it
// between workers.
type Drawer struct {
	fonts *fontSet
	cache glyphCache
	bufs  sync.Pool // *sfnt.Buffer
	// shapers holds *shaper: go-text faces and buffers, one per goroutine.
	shapers sync.Pool
	pix     sync.Pool // *[]byte: the pixels of a card, and the encoder's scratch
}

// NewDrawer returns a Drawer. The embedded fonts are parsed once per process.
func NewDrawer() (*Drawer, error) {
	fs, err := parsedFonts()
	if err != nil {
		return nil, err
	}
	return &Drawer{fonts: fs, cache: glyphCache{m: map[uint64]*glyphMask{}}}, nil
}

func (d *Drawer) buffer() *sfnt.Buffer {
	if b, ok := d.bufs.Get().(*sfnt.Buffer); ok {
		return b
	}
	return new(sfnt.Buffer)
}

func (d *Drawer) scratch() []byte {
	if b, ok := d.pix.Get().(*[]byte); ok {
		return *b
	}
	return nil
}

func (d *Drawer) release(b []byte) { d.pix.Put(&b) }

// Draw draws a module card as a 1200x630 PNG, with a new Drawer. Use a shared
// Drawer to draw many cards: it keeps rasterised glyphs between cards.
func Draw(c Card) ([]byte, []string, error) {
	d, err := NewDrawer()
	if err != nil {
		return nil, nil, err
	}
	return d.Draw(c)
}

// DrawQuestion draws a question card in its shape (1200x630 by default),
// with a new Drawer.
func DrawQuestion(q Question) ([]byte, []string, error) {
	d, err := NewDrawer()
	if err != nil {
		return nil, nil, err
	}
	return d.DrawQuestion(q)
}

// Draw draws a module card as a 1200x630 PNG. Warnings (a title ellipsised,
// low contrast, a missing glyph) are returned, not printed; the error is only
// for unusable colours and for ErrSupportTooLong. The same Card gives the
// same bytes on every machine.
func (d *Drawer) Draw(c Card) ([]byte, []string, error) {
	pal, warns, err := newPalette(c.Colors, c.Credit != "")
	if err != nil {
		return nil, nil, err
	}
	l := d.Layout(c)
	if l.supportCut {
		return nil, append(warns, l.Warnings...), ErrSupportTooLong
	}
	warns = append(warns, l.Warnings...)
	if len(l.Images) == 0 {
		return d.encode(l, pal), warns, nil
	}
	// A logo or a photograph: the card is drawn as usual, then in RGB.
	img := render(l, pal, d.scratch())
	rgb := toRGB(img)
	d.release(img.Pix)
	for _, p := range l.Images {
		data := c.Image
		if p.Kind == "logo" {
			data = c.Logo
		}
		im, err := decode(data)
		if err != nil {
			warns = append(warns, "the "+p.Kind+" is left out: "+err.Error())
			continue
		}
		drawScaled(rgb, l.W, p.Rect, im, p.Kind == "image")
	}
	out, raw := encodeRGB(rgb, l.W, l.H, d.scratch())
	d.release(raw)
	return out, warns, nil
}

// DrawQuestion draws a question card as a PNG in its shape (1200x630 by
// default).
func (d *Drawer) DrawQuestion(q Question) ([]byte, []string, error) {
	pal, warns, err := newPalette(q.Colors, false)
	if err != nil {
		return nil, nil, err
	}
	l := d.LayoutQuestion(q)
	if l.supportCut {
		return nil, append(warns, l.Warnings...), ErrSupportTooLong
	}
	return d.encode(l, pal), append(warns, l.Warnings...), nil
}

// encode renders and encodes a layout. Why paletted: a card is three colours
// and their antialiasing ramps, so one byte per pixel holds it exactly, a
// quarter of NRGBA's data (BenchmarkEncode: image/png takes 3.4 ms paletted
// at BestSpeed, 23 ms NRGBA; encodePNG explains why it is used instead).
func (d *Drawer) encode(l Layout, pal palette) []byte {
	pix, raw := d.scratch(), d.scratch()
	img := render(l, pal, pix)
	out, raw := encodePNG(img, raw)
	d.release(img.Pix)
	d.release(raw)
	return out
}

// The palette is three ramps of `levels` entries: text on the background,
// accent on the background (edges of the badge, the bar), and badge text on
// the accent. Entry 0 is the background, so a new image is already filled.
const levels = 64

const (
	rampText  = 0 // foreground over background
	rampAccnt = 1 // accent over background
	rampBadge = 2 // badge text over accent; its level 0 is the solid accent
)

type palette struct{ colors color.Palette }

// newPalette resolves and checks the colours: contrast of the text on the
// background and, when there is a badge, of the badge text on the accent.
func newPalette(c Colors, badge bool) (palette, []string, error) {
	bg, err := parseColor(c.Background, DefaultBackground, "background")
	if err != nil {
		return palette{}, nil, err
	}
	fg, err := parseColor(c.Foreground, DefaultForeground, "foreground")
	if err != nil {
		return palette{}, nil, err
	}
	ac, err := parseColor(c.Accent, DefaultAccent, "accent")
	if err != nil {
		return palette{}, nil, err
	}
	var warns []string
	if r := contrast(fg, bg); r < MinContrast {
		warns = append(warns, fmt.Sprintf("foreground %s on background %s has contrast %.2f:1, below the %.1f:1 that WCAG AA asks for", hexColor(fg), hexColor(bg), r, MinContrast))
	}
	// The badge text is whichever of the two text colours reads better on the accent.
	bt := bg
	if contrast(fg, ac) > contrast(bg, ac) {
		bt = fg
	}
	if r := contrast(bt, ac); badge && r < MinContrast {
		warns = append(warns, fmt.Sprintf("credit badge text %s on accent %s has contrast %.2f:1, below the %.1f:1 that WCAG AA asks for", hexColor(bt), hexColor(ac), r, MinContrast))
	}
	pal := make(color.Palette, 0, 3*levels)
	for _, pair := range [3][2]color.RGBA{{fg, bg}, {ac, bg}, {bt, ac}} {
		for l := 0; l < levels; l++ {
			pal = append(pal, blend(pair[0], pair[1], l))
		}
	}
	return palette{colors: pal}, warns, nil
}

// blend is src over dst at level l of levels-1, in integers.
func blend(src, dst color.RGBA, l int) color.RGBA {
	mix := func(s, d uint8) uint8 {
		return uint8((int(s)*l + int(d)*(levels-1-l) + (levels-1)/2) / (levels - 1))
	}
	return color.RGBA{mix(src.R, dst.R), mix(src.G, dst.G), mix(src.B, dst.B), 255}
}

func parseColor(s, def, what string) (color.RGBA, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		s = def
	}
	h := strings.TrimPrefix(s, "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	b, err := hex.DecodeString(h)
	if err != nil || len(b) != 3 || !strings.HasPrefix(s, "#") {
		return color.RGBA{}, fmt.Errorf("card: %s colour %q is not #rrggbb", what, s)
	}
	return color.RGBA{b[0], b[1], b[2], 255}, nil
}

func hexColor(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// Contrast is the WCAG 2 contrast ratio of two "#rrggbb" colours, from 1 to 21.
func Contrast(fg, bg string) (float64, error) {
	f, err := parseColor(fg, "", "foreground")
	if err != nil {
		return 0, err
	}
	b, err := parseColor(bg, "", "background")
	if err != nil {
		return 0, err
	}
	return contrast(f, b), nil
}

func contrast(a, b color.RGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is WCAG 2's relative luminance.
func luminance(c color.RGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// render paints a layout. Everything here is integer arithmetic on a paletted
// image, so the bytes depend only on the layout and the colours.
func render(l Layout, pal palette, pix []byte) *image.Paletted {
	if cap(pix) < l.W*l.H {
		pix = make([]byte, l.W*l.H)
	}
	pix = pix[:l.W*l.H]
	clear(pix)
	img := &image.Paletted{Pix: pix, Stride: l.W, Rect: image.Rect(0, 0, l.W, l.H), Palette: pal.colors}
	for _, b := range l.Boxes {
		fillRounded(img, b.Rect, b.Radius)
	}
	for _, ln := range l.Lines {
		ramp := uint8(rampText)
		if ln.Kind == "credit" {
			ramp = rampBadge
		}
		for _, g := range ln.Glyphs {
			blit(img, g, ramp, l.clip)
		}
	}
	return img
}

// blit draws a glyph mask in a ramp, clipped to the margins. Where the pixel
// already holds that ramp, coverage is the larger of the two (glyphs that
// touch don't darken).
func blit(img *image.Paletted, g Glyph, ramp uint8, clip image.Rectangle) {
	m := g.mask
	base := ramp * levels
	x0, x1 := max(m.ink[0], clip.Min.X-g.X), min(m.ink[2], clip.Max.X-g.X)
	if x0 >= x1 {
		return
	}
	for y := max(m.ink[1], clip.Min.Y-g.Y); y < min(m.ink[3], clip.Max.Y-g.Y); y++ {
		src := m.alpha[y*m.w+x0 : y*m.w+x1]
		dst := img.Pix[(g.Y+y)*img.Stride+g.X+x0:]
		dst = dst[:len(src)]
		for x, lv := range src {
			if lv == 0 {
				continue
			}
			if cur := dst[x]; cur/levels != ramp || cur-base < lv {
				dst[x] = base + lv
			}
		}
	}
}

// fillRounded fills r with the accent, its corners of radius rad antialiased
// by 4x4 supersampling in integers.
func fillRounded(img *image.Paletted, r image.Rectangle, rad int) {
	solid := uint8(rampBadge * levels)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := img.Pix[y*img.Stride:]
		cy := -1 // centre of the corner circles this row crosses, if any
		switch {
		case y < r.Min.Y+rad:
			cy = r.Min.Y + rad
		case y >= r.Max.Y-rad:
			cy = r.Max.Y - rad
		}
		if cy < 0 {
			for x := r.Min.X; x < r.Max.X; x++ {
				row[x] = solid
			}
			continue
		}
		for x := r.Min.X; x < r.Max.X; x++ {
			cx := -1
			switch {
			case x < r.Min.X+rad:
				cx = r.Min.X + rad
			case x >= r.Max.X-rad:
				cx = r.Max.X - rad
			}
			if cx < 0 {
				row[x] = solid
				continue
			}
			n := 0
			for sy := 0; sy < 4; sy++ {
				for sx := 0; sx < 4; sx++ {
					dx, dy := 8*(x-cx)+2*sx+1, 8*(y-cy)+2*sy+1
					if dx*dx+dy*dy <= 64*rad*rad {
						n++
					}
				}
			}
			switch {
			case n == 16:
				row[x] = solid
			case n > 0:
				row[x] = rampAccnt*levels + uint8((n*(levels-1)+8)/16)
			}
		}
	}
}
