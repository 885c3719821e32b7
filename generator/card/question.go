package card

import (
	"image"
	"strings"
)

// Question cards: the stem and the choices shrink together, step by step,
// from the first size at which they fit. The sizes are the landscape
// card's; the tall shapes start three steps larger (a short question
// would otherwise stand small in the middle of a tall card) and scale
// them all by the shape's qScale (a square card is seen at about the
// width of a landscape one in a feed, but 1080 pixels wide instead of
// 1200, and a story fills a phone's screen).
var (
	qLarger = [...][2]int{{60, 38}, {54, 36}, {48, 32}}
	qBase   = [...][2]int{{44, 30}, {40, 28}, {36, 28}, {32, 26}, {30, 24}}
)

// qSteps is how many sizes the stem and the choices may take.
func (s *state) qSteps() int {
	if s.g.vertical {
		return len(qLarger) + len(qBase)
	}
	return len(qBase)
}

// qSizes is the stem's and the choices' size at a step, in the card's
// shape; the last step is the floor.
func (s *state) qSizes(step int) (stem, choice int) {
	if s.g.vertical {
		if step < len(qLarger) {
			return s.qScaled(qLarger[step][0]), s.qScaled(qLarger[step][1])
		}
		step -= len(qLarger)
	}
	return s.qScaled(qBase[step][0]), s.qScaled(qBase[step][1])
}

// qScaled is a landscape question card's size in the card's shape.
func (s *state) qScaled(size int) int { return (size*s.g.qScale + 50) / 100 }

const (
	qTitleSize    = 28
	linkSize      = 28
	linkLines     = 2
	choiceMaxWrap = 2 // lines per choice before a choice is ellipsised
)

// LayoutQuestion lays out a question card in its shape: the stem and the
// choices lettered A., B., ... and "Answer at <Link>". Nothing on it marks
// an answer: a Question has no field that could say which choice is right.
//
// From the bottom up: the disclosure (laid out first, so it keeps its
// room) and the link; from the top down: the site's name and the module's
// title, then the stem and the choices. The landscape card has the accent
// bar on the left and the question right under the header; the tall
// shapes have the bar at the top, as a module card does, type scaled up
// by the shape's qScale and the question centred in the room it has (a
// story keeps the platform's bars clear).
func (d *Drawer) LayoutQuestion(q Question) Layout {
	s := d.newState()
	s.rtl = q.RTL
	s.g = geometry(q.Shape, false)
	if s.g.vertical {
		s.out.Boxes = append(s.out.Boxes, Box{Kind: "bar", Rect: image.Rect(0, 0, s.g.w, barW)})
	} else {
		s.out.Boxes = append(s.out.Boxes, Box{Kind: "bar", Rect: image.Rect(0, 0, barW, s.g.h)})
	}

	bottom := s.support(q.Support, s.g.h-s.g.bot)
	if bottom < s.g.h-s.g.bot {
		bottom -= 16
	}
	if strings.TrimSpace(q.Link) == "" {
		s.warnf("question card has no link to the answer")
	} else {
		line := q.AnswerAt
		if line == "" {
			line = "Answer at " + q.Link
		}
		lp := s.prepare(line, Bold)
		// The tall shapes' larger link gives way, down to the landscape
		// card's size, before the link is ever shortened.
		var lines [][]unit
		size := s.qScaled(linkSize)
		for ; ; size -= 2 {
			lines, _, _ = s.wrap(lp, size, s.g.cw, true) // a long link may break anywhere
			if len(lines) <= linkLines || size-2 < linkSize {
				break
			}
		}
		lh := lineHeight(size, false)
		if l, cut := s.truncate(lp, lines, linkLines, size, s.g.cw); cut {
			lines = l
			s.warnf("answer link shortened with an ellipsis to fit in %d lines: use a short link", linkLines)
		}
		bottom -= len(lines) * lh
		s.block(lp, lines, "link", 0, s.g.x0, bottom, size, lh, s.g.cw, Bold)
		bottom -= s.qScaled(24)
	}

	y := s.oneLine(q.SiteName, "site", "site name", s.g.x0, s.g.top, s.g.site, s.g.cw, Bold)
	if s.g.vertical {
		// Set larger on a narrower card, the module's title may take two lines.
		y = s.lines(q.Title, "title", "module title", s.g.x0, y+4, s.qScaled(qTitleSize), s.g.cw, 2, Regular)
	} else {
		y = s.oneLine(q.Title, "title", "module title", s.g.x0, y+4, s.qScaled(qTitleSize), s.g.cw, Regular)
	}
	top := y + s.qScaled(24)
	first := len(s.out.Lines)
	end := s.questionBody(q, top, bottom)
	// On the tall shapes the question stands in the middle of its room
	// (a little above it, where the eye falls first), not at its top.
	if s.g.vertical && end < bottom {
		s.shift(first, (bottom-end)*2/5)
	}
	return s.done()
}

// choice is one prepared choice: its letter and its text.
type choice struct {
	prefix unit
	text   *para
	lines  [][]unit
}

func letter(i int) string {
	if i < 26 {
		return string(rune('A'+i)) + "."
	}
	return letter(i/26-1) + string(rune('A'+i%26)) + "."
}

// questionBody fits the stem and the choices between top and bottom: both
// sizes step down together until everything fits whole; at the floor, long
// words are broken, choices clamped to two lines (then one), and the stem
// ellipsised, each with a warning. Choices are left out only when not even one
// line of each fits, also with a warning.
// It returns the y below the last choice.
func (s *state) questionBody(q Question, top, bottom int) int {
	stem := s.prepareMD(q.Stem, Bold)
	var choices []choice
	for i, c := range q.Choices {
		label := letter(i)
		if i < len(q.Labels) && strings.TrimSpace(q.Labels[i]) != "" {
			label = q.Labels[i]
		}
		// A label keeps its own order ("A." on a Hebrew card without
		// letters of its own), while it stands at the right of its choice.
		rtl := s.rtl
		s.rtl = false
		lp := s.prepare(label, Regular)
		s.rtl = rtl
		tp := s.prepareMD(c, Regular)
		if len(lp.units) == 0 {
			continue
		}
		choices = append(choices, choice{prefix: lp.units[0], text: tp})
	}
	box := bottom - top
	for step := range s.qSteps() {
		ss, cs := s.qSizes(step)
		indent := s.indent(choices, cs)
		lines, ok, _ := s.wrap(stem, ss, s.g.cw, false)
		h := len(lines)*lineHeight(ss, true) + s.qGap()
		for i := range choices {
			cl, fits, _ := s.wrap(choices[i].text, cs, s.g.cw-indent, false)
			choices[i].lines = cl
			ok = ok && fits
			h += max(1, len(cl))*lineHeight(cs, false) + s.choiceGap()
		}
		if ok && h <= box {
			y := s.block(stem, lines, "stem", 0, s.g.x0, top, ss, lineHeight(ss, true), s.g.cw, Bold)
			return s.choices(choices, y+s.qGap(), cs, indent)
		}
	}
	ss, cs := s.qSizes(s.qSteps() - 1)
	indent := s.indent(choices, cs)
	clh := lineHeight(cs, false)
	broke, cut := false, false
	for i := range choices {
		var b bool
		choices[i].lines, _, b = s.wrap(choices[i].text, cs, s.g.cw-indent, true)
		broke = broke || b
	}
	if broke {
		s.warnf("choices: a word wider than the card was broken by characters")
	}
	room := box - lineHeight(ss, true) - s.qGap()
	height := func() int {
		h := 0
		for _, c := range choices {
			h += max(1, len(c.lines))*clh + s.choiceGap()
		}
		return h
	}
	for _, n := range [...]int{choiceMaxWrap, 1} {
		if height() <= room {
			break
		}
		for i := range choices {
			var c bool
			choices[i].lines, c = s.truncate(choices[i].text, choices[i].lines, n, cs, s.g.cw-indent)
			cut = cut || c
		}
	}
	if cut {
		s.warnf("choices shortened with an ellipsis to fit")
	}
	if dropped := 0; height() > room {
		for len(choices) > 0 && height() > room {
			choices = choices[:len(choices)-1]
			dropped++
		}
		s.warnf("%d choices left out: no room on the card", dropped)
	}
	y := s.fitFloor(stem, "stem", s.g.x0, top, ss, box-height()-s.qGap(), Bold)
	return s.choices(choices, y+s.qGap(), cs, indent)
}

// qGap is the space between the stem and the choices; choiceGap the space
// between two choices.
func (s *state) qGap() int      { return s.qScaled(20) }
func (s *state) choiceGap() int { return s.qScaled(8) }

// indent is the hanging indent of the choices at a size: the widest letter
// and a space, so that every choice's text starts at the same x.
func (s *state) indent(choices []choice, size int) int {
	var w int32
	for _, c := range choices {
		w = max(w, s.unitWidth(c.prefix, size)+s.adv(c.text.space, size))
	}
	return int((w + one - 1) >> 6)
}

func (s *state) choices(choices []choice, y, size, indent int) int {
	lh := lineHeight(size, false)
	for i, c := range choices {
		lines := c.lines
		if len(lines) == 0 {
			lines = [][]unit{nil}
		}
		for j, l := range lines {
			// Every line of a choice but its first is indented by the
			// label's room: from the left, or from the right on a
			// right-to-left card, where the label stands on the right.
			x, width := s.g.x0+indent, s.g.cw-indent
			if c.text.rtl {
				x = s.g.x0
			}
			if j == 0 {
				first := append([]unit{c.prefix}, l...)
				if len(first) > 1 {
					first[1].space = true
					// The room left by a narrow label goes between it and
					// the text: drawn before the unit that follows the
					// label on the line, the label itself when that is
					// right to left.
					pad := int32(indent*one) - s.unitWidth(c.prefix, size) - s.adv(c.text.space, size)
					if c.text.rtl {
						first[0].pad = pad
						first[0].level = 1 // at the line's right end, whatever its script
					} else {
						first[1].pad = pad
					}
				}
				l, x, width = first, s.g.x0, s.g.cw
			}
			s.out.Lines = append(s.out.Lines, s.place(c.text, l, "choice", i, x, y, size, lh, width, Regular))
			y += lh
		}
		y += s.choiceGap()
	}
	return y - s.choiceGap()
}

// lines lays out text in at most n lines of the given width, ellipsised at
// a word boundary if it is longer (with a warning naming what).
func (s *state) lines(text, kind, what string, x, y, size, width, n int, style Face) int {
	p := s.prepareMD(text, style)
	if len(p.units) == 0 {
		return y
	}
	lines, _, _ := s.wrap(p, size, width, true)
	lines, cut := s.truncate(p, lines, n, size, width)
	if cut {
		s.warnf("%s shortened with an ellipsis to fit in %d lines", what, n)
	}
	return s.block(p, lines, kind, 0, x, y, size, lineHeight(size, false), width, style)
}
