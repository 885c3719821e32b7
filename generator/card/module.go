package card

import (
	"image"
)

// Shape is a card's format: the platform shapes social teams post in.
type Shape uint8

const (
	Landscape Shape = iota // 1200x630: link previews (Open Graph, X, LinkedIn, Facebook)
	Square                 // 1080x1080: Instagram and LinkedIn feeds
	Portrait               // 1080x1350: Instagram's tallest feed post
	Story                  // 1080x1920: stories and reels, with their safe zones kept clear
	numShapes
)

// Shapes is every shape, in the order the share kit lists them.
var Shapes = [...]Shape{Landscape, Square, Portrait, Story}

// Size is the shape's canvas in pixels.
func (s Shape) Size() (w, h int) {
	g := geometry(s, false)
	return g.w, g.h
}

// Suffix is what the shape adds to a card's file name: "" for the
// landscape card (cards/<section>/<slug>.png), "-square", "-portrait",
// "-story".
func (s Shape) Suffix() string {
	return [...]string{"", "-square", "-portrait", "-story", ""}[min(s, numShapes)]
}

func (s Shape) String() string {
	return [...]string{"landscape", "square", "portrait", "story", "shape?"}[min(s, numShapes)]
}

// geom is a shape's geometry: canvas, text column, margins and type sizes.
type geom struct {
	w, h     int
	m        int // side margin
	top, bot int // top and bottom margins (a story keeps the platform's bars clear)
	x0, cw   int // the text column

	title, titleFloor, site, course, label, summary, summaryLines int
	badge, badgeFloor, badgeH, badgePadX                          int
	support, supportFloor, reviewed                               int
	logoH, logoMaxW                                               int
	imgW, imgH                                                    int // the module's image: a panel (landscape) or a band (the others)
	vertical                                                      bool
	// qScale is the question card's type size in percent of the
	// landscape card's.
	qScale int
}

// geometry is the geometry of a shape, with room for the module's image.
func geometry(s Shape, withImage bool) geom {
	g := geom{w: Width, h: Height, m: Margin, top: Margin, bot: Margin,
		title: titleSize, titleFloor: titleFloor, site: siteSize, course: courseSize, label: 22,
		summary: summarySize, summaryLines: summaryLines,
		badge: badgeSize, badgeFloor: badgeFloor, badgeH: badgeH, badgePadX: badgePadX,
		support: supportSize, supportFloor: supportFloor, reviewed: 24,
		logoH: 56, logoMaxW: 240, imgW: 420, qScale: 100}
	switch s {
	case Square, Portrait, Story:
		g.w, g.h, g.m, g.top, g.bot, g.vertical = 1080, 1080, 80, 80, 80, true
		g.title, g.titleFloor, g.site, g.course, g.label = 88, 48, 32, 36, 26
		g.summary, g.summaryLines = 36, 4
		g.badge, g.badgeFloor, g.badgeH, g.badgePadX = 30, 24, 56, 26
		g.support, g.supportFloor, g.reviewed = 32, 26, 30
		g.logoH, g.logoMaxW, g.imgH, g.qScale = 72, 320, 300, 130
		switch s {
		case Portrait:
			g.h, g.title, g.summaryLines, g.imgH, g.qScale = 1350, 100, 5, 420, 140
		case Story:
			// Instagram and Facebook draw their own bars over the top 250 and
			// the bottom 340 pixels or so of a story: nothing is put there.
			g.h, g.top, g.bot, g.title, g.summaryLines, g.imgH, g.qScale = 1920, 250, 340, 120, 6, 520, 150
		}
	}
	g.x0, g.cw = g.m, g.w-2*g.m
	if withImage && !g.vertical {
		g.cw -= g.imgW
	}
	return g
}

// Placed is an image drawn on a card: the provider's logo (contained in
// its box) or the module's own image (covering its box, cropped at the
// centre).
type Placed struct {
	Kind string // "logo" or "image"
	Rect image.Rectangle
}

// imageSize is an encoded image's size, without decoding it; ok is false
// for no image or one that cannot be read (Draw then reports it).
func imageSize(b []byte) (w, h int, ok bool) {
	if len(b) == 0 {
		return 0, 0, false
	}
	cfg, _, err := decodeConfig(b)
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, 0, false
	}
	return cfg.Width, cfg.Height, true
}

// Layout lays out a module card in its shape. It never fails: whatever does
// not fit is shrunk, wrapped or ellipsised, and said so in Warnings.
//
// From the bottom up: the disclosure (laid out first, so it always keeps
// its room), the "Peer reviewed" line, and on the tall shapes the credit
// badge; from the top down: the logo and the site or provider's name (and
// on the landscape card the badge beside them), the module's image, the
// course, the label ("Video · 6 min"), the title and the summary.
func (d *Drawer) Layout(c Card) Layout {
	s := d.newState()
	_, _, hasImg := imageSize(c.Image)
	lw, lh, hasLogo := imageSize(c.Logo)
	s.g = geometry(c.Shape, hasImg)
	g := s.g
	if len(c.Image) > 0 && !hasImg {
		s.warnf("the card image cannot be read as PNG or JPEG; it is left out")
	}
	if len(c.Logo) > 0 && !hasLogo {
		s.warnf("the logo cannot be read as PNG or JPEG (an SVG logo is shown on pages, not on cards); it is left out")
	}
	if g.vertical {
		s.out.Boxes = append(s.out.Boxes, Box{Kind: "bar", Rect: image.Rect(0, 0, g.w, barW)})
	} else {
		s.out.Boxes = append(s.out.Boxes, Box{Kind: "bar", Rect: image.Rect(0, 0, barW, g.h)})
	}
	if hasImg && !g.vertical {
		s.out.Images = append(s.out.Images, Placed{Kind: "image", Rect: image.Rect(g.w-g.imgW, 0, g.w, g.h)})
	}

	// The disclosure first: whatever else happens, it keeps its room.
	bottom := s.support(c.Support, g.h-g.bot)
	if bottom < g.h-g.bot {
		bottom -= 16
	}
	if c.Reviewed != "" {
		rlh := lineHeight(g.reviewed, false)
		s.oneLine(c.Reviewed, "reviewed", "peer review line", g.x0, bottom-rlh, g.reviewed, g.cw, Bold)
		bottom -= rlh + 16
	}
	if g.vertical && c.Credit != "" {
		p, lines, size := s.badgeLines(c.Credit)
		bottom -= s.badgeHeight(lines, size)
		s.badgeAt(p, lines, size, g.x0, bottom)
		bottom -= 24
	}
	if bottom < g.h-g.bot {
		bottom -= 8
	}

	// The header: logo, site or provider name, and the badge on the landscape card.
	rowH := lineHeight(g.site, false)
	x := g.x0
	if hasLogo {
		h := g.logoH
		w := lw * h / lh
		if w > g.logoMaxW {
			w, h = g.logoMaxW, max(1, lh*g.logoMaxW/lw)
		}
		s.out.Images = append(s.out.Images, Placed{Kind: "logo", Rect: image.Rect(x, g.top, x+w, g.top+h)})
		rowH = max(rowH, h)
		x += w + 24
	}
	siteW := g.x0 + g.cw - x
	if c.Credit != "" && !g.vertical {
		if bw, bh := s.badge(c.Credit, -1, g.top+max(0, (rowH-g.badgeH)/2)); bw > 0 {
			rowH, siteW = max(rowH, g.badgeH, bh), siteW-bw-24
		}
	}
	y := g.top
	if siteW > 0 {
		y = s.oneLine(c.SiteName, "site", "site name", x, g.top+(rowH-lineHeight(g.site, false))/2, g.site, siteW, Bold)
	}
	y = max(y, g.top+rowH) + 12
	if hasImg && g.vertical {
		y += 16
		s.out.Images = append(s.out.Images, Placed{Kind: "image", Rect: image.Rect(0, y, g.w, y+g.imgH)})
		y += g.imgH + 32
	}
	first, blockTop := len(s.out.Lines), y
	y = s.oneLine(c.Course, "course", "course name", g.x0, y, g.course, g.cw, Regular)
	if c.Label != "" {
		y = s.oneLine(c.Label, "label", "label", g.x0, y+8, g.label, g.cw, Bold)
	}
	top := y + 24

	sp := s.prepareMD(c.Summary, Regular)
	sumLH := lineHeight(g.summary, false)
	reserve := 0
	if len(sp.units) > 0 {
		reserve = 16 + 2*sumLH
	}
	box := max(bottom-top-reserve, min(bottom-top, lineHeight(g.titleFloor, true)))
	y = s.title(c.Title, top, box)

	if len(sp.units) > 0 {
		if y > top {
			y += 16
		}
		lines, _, broke := s.wrap(sp, g.summary, g.cw, true)
		if broke {
			s.warnf("summary: a word wider than the card was broken by characters")
		}
		n := min(g.summaryLines, (bottom-y)/sumLH)
		if n <= 0 {
			s.warnf("summary left out: no room under the title")
		}
		lines, _ = s.truncate(sp, lines, n, g.summary, g.cw)
		y = s.block(sp, lines, "summary", 0, g.x0, y, g.summary, sumLH, g.cw, Regular)
	}
	// On the tall shapes the course, title and summary stand in the middle
	// of the room they have, not at its top.
	if g.vertical && y < bottom {
		s.shift(first, (bottom-y)*(bottom-blockTop)/(2*(bottom-blockTop)+1))
	}
	return s.done()
}

// shift moves the lines from index i on down by dy pixels.
func (s *state) shift(i, dy int) {
	for ; i < len(s.out.Lines); i++ {
		ln := &s.out.Lines[i]
		ln.Y, ln.Baseline, ln.Ink = ln.Y+dy, ln.Baseline+dy, ln.Ink.Add(image.Pt(0, dy))
		for j := range ln.Glyphs {
			ln.Glyphs[j].Y += dy
		}
	}
}
