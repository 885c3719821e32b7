package card

import (
	"fmt"
	"image"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/image/font/sfnt"
)

// Canvas geometry, in pixels.
const (
	Width  = 1200
	Height = 630
	Margin = 64 // no text is drawn closer than this to an edge

	contentW = Width - 2*Margin
	barW     = 16 // the accent bar along the left edge, inside the margin

	// slack is kept free at the end of every line for glyphs whose ink
	// reaches past their advance (side bearings, the fallback's synthetic
	// bold). Whatever still pokes out of the margins is clipped when drawn.
	slack = 4
)

// Type sizes, in pixels. Titles shrink step by step down to the floor.
const (
	titleSize    = 64
	titleFloor   = 40
	titleStep    = 4
	siteSize     = 26
	courseSize   = 30
	summarySize  = 28
	summaryLines = 3
	badgeSize    = 24
	badgeFloor   = 20
	badgeH       = 44
	badgePadX    = 20
	// The disclosure is laid out first, at supportSize, and may shrink to
	// supportFloor to stay within two lines; below that it would stop being
	// legible in a feed thumbnail, so it wraps instead and the title gives way.
	supportSize  = 28
	supportFloor = 24
	supportLines = 2
	// supportMax is the most lines the disclosure may take at the floor size.
	// One that needs more cannot be shown whole, and is never shortened:
	// Draw refuses it with ErrSupportTooLong.
	supportMax = 4
)

// inner is the box inside the margins: no text is drawn outside it.
func (g geom) inner() image.Rectangle { return image.Rect(g.m, g.top, g.w-g.m, g.h-g.bot) }

// Line is one line of text as laid out: what Draw draws, exposed so tests (and
// alt text) can check exactly what a card shows.
type Line struct {
	// Kind is where the line belongs: "site", "course", "title", "summary",
	// "credit", "support"; on question cards "site", "title", "stem",
	// "choice", "link", "support".
	Kind     string
	Item     int    // for "choice": which choice, from 0
	Text     string // the drawn text, "…" included when shortened
	X, Y     int    // top-left of the line box
	Width    int    // advance width, rounded up
	Height   int    // line box height
	Baseline int    // y of the baseline
	Size     int    // font size in pixels
	Style    Face   // Regular or Bold: the line's weight (glyphs come from the family that has them)
	RTL      bool   // the paragraph runs right to left: the line is set flush right
	// Ink is the box of pixels the glyphs cover, after rasterising. (Drawing
	// also clips to the margins, as a last safety net.)
	Ink image.Rectangle
	// Broken reports that the line ends inside a word that was broken by
	// characters because it was wider than the card at the floor size.
	Broken bool
	// SpaceBefore reports that the text has a space between the previous
	// line of the same kind and this one (not after a hyphen, a broken word
	// or between CJK characters): join lines with it to get the text back.
	SpaceBefore bool
	Glyphs      []Glyph
}

// Glyph is one drawn glyph.
type Glyph struct {
	Rune  rune
	Face  Face
	Index sfnt.GlyphIndex // never 0: a rune no font has is left out, with a warning
	X, Y  int             // top-left of the glyph's mask
	mask  *glyphMask
}

// Box is a filled shape: the accent bar or the credit badge.
type Box struct {
	Kind   string // "bar" or "badge"
	Rect   image.Rectangle
	Radius int
}

// Layout is a laid-out card.
type Layout struct {
	Lines    []Line
	Boxes    []Box
	Warnings []string
	W, H     int // the canvas
	Images   []Placed

	clip image.Rectangle // no text is drawn outside it

	supportCut bool // the disclosure did not fit whole: Draw refuses the card
}

// run is one shaped glyph. Offsets and advance are in font units; dy is
// upwards, as fonts have it.
type run struct {
	r       rune // the first rune of its cluster
	face    Face
	idx     sfnt.GlyphIndex
	adv     int32
	dx, dy  int32
	cluster int  // index of that rune in the paragraph; -1 for a space or the ellipsis
	heavy   bool // synthetic bold (the fallback font has no bold)
}

// unit is the smallest piece of text a line may not be broken inside: a
// word, a word up to and including a hyphen, or one CJK character with the
// punctuation that may not be separated from it.
type unit struct {
	runs   []run
	space  bool  // a space precedes it
	broken bool  // a piece of a word broken by characters; the rest follows
	pad    int32 // extra advance before it, in 26.6: a choice's hanging indent
	level  int   // bidi embedding level: odd is right to left
	src    *para // the paragraph it was cut from, for its text
}

// para is a text prepared for layout in one style.
type para struct {
	units      []unit
	space      run
	ellipsis   run
	runes      []rune // the normalised text
	clusterEnd []int  // see prepareSpans
	rtl        bool   // the paragraph's direction is right to left
}

// state carries one layout: the sfnt buffer and what is collected.
type state struct {
	g     geom
	d     *Drawer
	buf   *sfnt.Buffer
	out   Layout
	noted map[rune]bool
	rtl   bool // every paragraph runs right to left (Question.RTL)
}

func (d *Drawer) newState() *state {
	return &state{d: d, buf: d.buffer(), g: geometry(Landscape, false)}
}

// done returns the layout with its lines in reading order.
func (s *state) done() Layout {
	s.d.bufs.Put(s.buf)
	s.out.W, s.out.H, s.out.clip = s.g.w, s.g.h, s.g.inner()
	slices.SortStableFunc(s.out.Lines, func(a, b Line) int {
		if a.Y != b.Y {
			return a.Y - b.Y
		}
		return a.X - b.X
	})
	return s.out
}

func (s *state) warnf(format string, args ...any) {
	s.out.Warnings = append(s.out.Warnings, fmt.Sprintf(format, args...))
}

// adv is a run's advance at size, in 26.6.
func (s *state) adv(g run, size int) int32 { return s.scale(g, g.adv, size) }

// scale turns font units of g's font into 26.6 pixels at size.
func (s *state) scale(g run, v int32, size int) int32 {
	return int32(divRound(int64(v)*int64(size)*one, int64(s.d.fonts.upem[g.face])))
}

func (s *state) unitWidth(u unit, size int) int32 {
	var w int32
	for _, g := range u.runs {
		w += s.adv(g, size)
	}
	return w
}

func (s *state) lineWidth(p *para, line []unit, size int) int32 {
	var w int32
	for i, u := range line {
		if i > 0 && u.space {
			w += s.adv(p.space, size)
		}
		w += u.pad + s.unitWidth(u, size)
	}
	return w
}

// wrap breaks p into lines no wider than width pixels, greedily at unit
// boundaries. fits is false when a unit alone is wider than the line; with
// breakWords such a unit is broken by characters instead (broke reports it).
func (s *state) wrap(p *para, size, width int, breakWords bool) (lines [][]unit, fits, broke bool) {
	maxW := int32((width - slack) * one)
	spaceW := s.adv(p.space, size)
	fits = true
	var line []unit
	var lineW int32
	units := p.units
	for i := 0; i < len(units); i++ {
		u := units[i]
		uw := s.unitWidth(u, size)
		if uw > maxW {
			fits = false
			if breakWords && len(u.runs) > 1 {
				pieces := s.breakUnit(u, size, maxW)
				units = append(append(append([]unit(nil), units[:i]...), pieces...), units[i+1:]...)
				u, uw, broke = units[i], s.unitWidth(units[i], size), true
			}
		}
		add := uw
		if len(line) > 0 && u.space {
			add += spaceW
		}
		if len(line) > 0 && lineW+add > maxW {
			lines = append(lines, line)
			line, lineW, add = nil, 0, uw
		}
		line = append(line, u)
		lineW += add
	}
	if len(line) > 0 {
		lines = append(lines, line)
	}
	return lines, fits, broke
}

// breakUnit splits a unit wider than maxW into pieces that fit, never
// separating a combining mark from its base.
func (s *state) breakUnit(u unit, size int, maxW int32) []unit {
	var out []unit
	start, w := 0, int32(0)
	for i, g := range u.runs {
		gw := s.adv(g, size)
		mark := unicode.In(g.r, unicode.Mn, unicode.Me)
		if i > start && !mark && w+gw > maxW {
			out = append(out, unit{runs: u.runs[start:i:i], space: len(out) == 0 && u.space, broken: true, level: u.level, src: u.src})
			start, w = i, 0
		}
		w += gw
	}
	out = append(out, unit{runs: u.runs[start:], space: len(out) == 0 && u.space, broken: u.broken, level: u.level, src: u.src})
	return out
}

// truncate keeps at most maxLines lines, ending the last kept line with "…"
// after its last whole unit that leaves room for it. It reports whether
// anything was cut.
func (s *state) truncate(p *para, lines [][]unit, maxLines, size, width int) ([][]unit, bool) {
	if len(lines) <= maxLines {
		return lines, false
	}
	if maxLines <= 0 {
		return nil, true
	}
	maxW := int32((width - slack) * one)
	ellW := s.adv(p.ellipsis, size)
	last := append([]unit(nil), lines[maxLines-1]...)
	for len(last) > 1 && s.lineWidth(p, last, size)+ellW > maxW {
		last = last[:len(last)-1]
	}
	u := last[len(last)-1]
	runs := u.runs[:len(u.runs):len(u.runs)]
	// Only a piece of a word already broken by characters gets here too wide.
	for len(runs) > 1 && s.lineWidth(p, last[:len(last)-1], size)+s.unitWidth(unit{runs: runs}, size)+ellW > maxW {
		runs = runs[:len(runs)-1]
	}
	// "word…", not "word,…".
	for len(runs) > 1 && strings.ContainsRune(",;:、，-–—", runs[len(runs)-1].r) {
		runs = runs[:len(runs)-1]
	}
	u.runs, u.broken = append(runs, p.ellipsis), false
	last[len(last)-1] = u
	out := append([][]unit(nil), lines[:maxLines-1]...)
	return append(out, last), true
}

// lineHeight is the line box for a size: 1.18 em for titles, 1.3 em for
// running text.
func lineHeight(size int, tight bool) int {
	if tight {
		return (size*118 + 50) / 100
	}
	return (size*130 + 50) / 100
}

// place turns a line of units into a Line at (x, y), with glyphs rasterised
// (or taken from the cache). A line whose ink pokes out of [x, x+width] by a
// side bearing is nudged back inside.
func (s *state) place(p *para, units []unit, kind string, item, x, y, size, lh, width int, style Face) Line {
	asc, desc := (size*95+50)/100, (size*22+50)/100
	ln := Line{Kind: kind, Item: item, X: x, Y: y, Height: lh, Size: size, Style: style,
		Baseline: y + (lh-asc-desc)/2 + asc, RTL: p.rtl}
	var text strings.Builder
	ink := image.Rectangle{}
	if len(units) > 0 {
		ln.SpaceBefore = units[0].space
		ln.Broken = units[len(units)-1].broken
	}
	for i, u := range units {
		if i > 0 && u.space {
			text.WriteByte(' ')
		}
		if u.src != nil {
			text.WriteString(u.src.unitText(u.runs))
		}
	}
	// Words in visual order (bidi rule L2 at word level); a right-to-left
	// paragraph is set flush right.
	levels := make([]int, len(units))
	for i, u := range units {
		levels[i] = u.level
	}
	order := visualOrder(levels)
	pen := int32(x * one)
	if p.rtl {
		pen = int32((x+width-slack)*one) - s.lineWidth(p, units, size)
	}
	start := pen
	for vi, i := range order {
		u := units[i]
		if vi > 0 {
			j := order[vi-1]
			if (j == i-1 && u.space) || (i == j-1 && units[j].space) || (j != i-1 && i != j-1) {
				pen += s.adv(p.space, size)
			}
		}
		pen += u.pad
		for _, g := range u.runs {
			if g.cluster < 0 && g.r == ' ' {
				pen += s.adv(g, size)
				continue
			}
			q := (pen + s.scale(g, g.dx, size) + subpixel/2) &^ (subpixel - 1)
			m, err := s.d.mask(s.buf, g.face, g.idx, size, q&(one-1), g.heavy || (style == Bold && g.face == Fallback))
			pen += s.adv(g, size)
			if err != nil {
				s.warnf("glyph %U could not be drawn: %v", g.r, err)
				continue
			}
			gx, gy := int(q>>6)+m.dx, ln.Baseline+m.dy-int(divRound(int64(s.scale(g, g.dy, size)), one))
			ln.Glyphs = append(ln.Glyphs, Glyph{Rune: g.r, Face: g.face, Index: g.idx, X: gx, Y: gy, mask: m})
			if m.ink[2] > m.ink[0] {
				ink = ink.Union(image.Rect(gx+m.ink[0], gy+m.ink[1], gx+m.ink[2], gy+m.ink[3]))
			}
		}
	}
	box := x
	if p.rtl {
		x = int(start >> 6)
	}
	ln.X = x
	ln.Text = text.String()
	ln.Width = int((pen+one-1)>>6) - x
	shift := 0
	if ink.Min.X < box {
		shift = box - ink.Min.X
	} else if ink.Max.X > box+width && ink.Min.X-(ink.Max.X-box-width) >= box {
		shift = box + width - ink.Max.X
	}
	if shift != 0 {
		for i := range ln.Glyphs {
			ln.Glyphs[i].X += shift
		}
		ink = ink.Add(image.Pt(shift, 0))
	}
	ln.Ink = ink // not clipped: tests see any overflow; blit clips to the margins anyway
	return ln
}

// block lays out lines from y down and returns the y below them.
func (s *state) block(p *para, lines [][]unit, kind string, item, x, y, size, lh, width int, style Face) int {
	for _, l := range lines {
		s.out.Lines = append(s.out.Lines, s.place(p, l, kind, item, x, y, size, lh, width, style))
		y += lh
	}
	return y
}

// oneLine lays out text on a single line of the given width, ellipsised at a
// word boundary if it is longer (with a warning naming what).
func (s *state) oneLine(text, kind, what string, x, y, size, width int, style Face) int {
	p := s.prepareMD(text, style)
	if len(p.units) == 0 {
		return y
	}
	lh := lineHeight(size, false)
	lines, _, _ := s.wrap(p, size, width, true)
	lines, cut := s.truncate(p, lines, 1, size, width)
	if cut {
		s.warnf("%s shortened with an ellipsis to fit on one line", what)
	}
	return s.block(p, lines, kind, 0, x, y, size, lh, width, style)
}

// support lays out the disclosure at the bottom, before anything else, and
// returns the top of the space it took (bottom if there is none). It is never
// dropped, never cut and never drawn below supportFloor.
func (s *state) support(text string, bottom int) int {
	p := s.prepare(text, Regular)
	if len(p.units) == 0 {
		return bottom
	}
	var lines [][]unit
	size := s.g.support
	for ; size >= s.g.supportFloor; size -= 2 {
		var fits bool
		lines, fits, _ = s.wrap(p, size, s.g.cw, false)
		if fits && len(lines) <= supportLines {
			break
		}
		if size == s.g.supportFloor {
			var broke bool
			if lines, _, broke = s.wrap(p, size, s.g.cw, true); broke {
				s.warnf("support line: a word wider than the card was broken by characters")
			}
			if len(lines) > supportMax {
				// Laid out cut so that the layout stays inside the card, but
				// Draw refuses it.
				lines, _ = s.truncate(p, lines, supportMax, size, s.g.cw)
				s.out.supportCut = true
				s.warnf("support line needs more than %d lines; it is never shortened, so the card is not drawn", supportMax)
			}
			break
		}
	}
	lh := lineHeight(size, false)
	top := bottom - len(lines)*lh
	first := len(s.out.Lines)
	s.block(p, lines, "support", 0, s.g.x0, top, size, lh, s.g.cw, Regular)
	// A glyph may reach deeper than the line's descent (Arabic ghain after
	// figures): the disclosure rises by that much rather than leave the
	// margins.
	low := bottom
	for _, ln := range s.out.Lines[first:] {
		low = max(low, ln.Ink.Max.Y)
	}
	if low > bottom {
		s.shift(first, bottom-low)
		top -= low - bottom
	}
	return top
}

// badgeLines is the credit badge's text broken into lines: one line at
// the largest size from badge down to badgeFloor at which it fits; else,
// at the floor, as many lines as it takes, up to maxBadgeLines. A credit
// statement is never cut while it fits in that (a jointly accredited
// course names four credits: "7.5 AAPA Category 1 CME; 8.5 ACPE ...").
func (s *state) badgeLines(text string) (p *para, lines [][]unit, size int) {
	p = s.prepare(text, Bold)
	if len(p.units) == 0 {
		return p, nil, 0
	}
	g := s.g
	maxText := g.cw/2 - 2*g.badgePadX
	if g.vertical {
		maxText = g.cw - 2*g.badgePadX
	}
	for size = g.badge; size >= g.badgeFloor; size -= 2 {
		var fits bool
		lines, fits, _ = s.wrap(p, size, maxText, size == g.badgeFloor)
		if fits && len(lines) == 1 {
			return p, lines, size
		}
		if size == g.badgeFloor {
			if fits && len(lines) <= maxBadgeLines {
				return p, lines, size
			}
			var cut bool
			if lines, cut = s.truncate(p, lines, maxBadgeLines, size, maxText); cut {
				s.warnf("credit badge shortened with an ellipsis to fit")
			}
			return p, lines, size
		}
	}
	return p, lines, g.badgeFloor // not reached: the loop ends at the floor
}

// maxBadgeLines is how many lines the credit badge may take.
const maxBadgeLines = 4

// badgeHeight is the height of the badge of lines set at size: badgeH for
// one line, a line's height more for each further line.
func (s *state) badgeHeight(lines [][]unit, size int) int {
	if len(lines) == 0 {
		return 0
	}
	return s.g.badgeH + (len(lines)-1)*lineHeight(size, false)
}

// badge lays out the credit badge with its top at y, its left at x (or
// flush right in the text column when x < 0), and returns its width and
// height.
func (s *state) badge(text string, x, y int) (int, int) {
	p, lines, size := s.badgeLines(text)
	return s.badgeAt(p, lines, size, x, y)
}

// badgeAt lays out a badge of lines (badgeLines) as badge does.
func (s *state) badgeAt(p *para, lines [][]unit, size, x, y int) (int, int) {
	if len(lines) == 0 {
		return 0, 0
	}
	g := s.g
	lh := lineHeight(size, false)
	tw := 0
	for _, ln := range lines {
		tw = max(tw, int((s.lineWidth(p, ln, size)+one-1)>>6))
	}
	w, h := tw+2*g.badgePadX, s.badgeHeight(lines, size)
	if x < 0 {
		x = g.x0 + g.cw - w
	}
	s.out.Boxes = append(s.out.Boxes, Box{Kind: "badge", Rect: image.Rect(x, y, x+w, y+h), Radius: g.badgeH / 2})
	s.block(p, lines, "credit", 0, x+g.badgePadX, y+(g.badgeH-lh)/2, size, lh, tw, Bold)
	return w, h
}

// title lays out the title in a box of the given height from top: the largest
// size at which it fits whole; at the floor size a word wider than the card is
// broken by characters, and what still does not fit is ellipsised at a word
// boundary. Both are warnings. It returns the y below the title.
func (s *state) title(text string, top, box int) int {
	p := s.prepareMD(text, Bold)
	if len(p.units) == 0 {
		return top
	}
	for size := s.g.title; size >= s.g.titleFloor; size -= titleStep {
		lh := lineHeight(size, true)
		lines, fits, _ := s.wrap(p, size, s.g.cw, false)
		if fits && len(lines)*lh <= box {
			return s.block(p, lines, "title", 0, s.g.x0, top, size, lh, s.g.cw, Bold)
		}
	}
	return s.fitFloor(p, "title", s.g.x0, top, s.g.titleFloor, box, Bold)
}

// fitFloor lays out p at its floor size in a box: words wider than the width
// broken by characters, then lines past the box ellipsised, each with a
// warning naming what.
func (s *state) fitFloor(p *para, kind string, x, top, size, box int, style Face) int {
	lh := lineHeight(size, true)
	lines, _, broke := s.wrap(p, size, s.g.cw, true)
	if broke {
		s.warnf("%s: a word wider than the card was broken by characters", kind)
	}
	lines, cut := s.truncate(p, lines, max(1, box/lh), size, s.g.cw)
	if cut {
		s.warnf("%s shortened with an ellipsis to fit", kind)
	}
	return s.block(p, lines, kind, 0, x, top, size, lh, s.g.cw, style)
}
