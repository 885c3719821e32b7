package card

import (
	"slices"
	"strings"
	"unicode"

	"github.com/go-text/typesetting/di"
	otf "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/rounds-dev/rounds/content"
)

// Text shaping.
//
// Why a shaper: Arabic letters take a different form at the start, middle
// and end of a word and join; Devanagari reorders vowel signs and forms
// conjuncts; a title mixes directions ("علاج Acmezolid"). A rune-to-glyph
// map draws all of these wrong. go-text/typesetting is HarfBuzz ported to
// Go (pure Go, no cgo), with the Unicode bidi algorithm and script
// segmentation; its positions are integers, so cards stay deterministic.
//
// A paragraph is shaped once, in font units (the shaper is asked for a size
// equal to the font's units per em), and laid out at any size by scaling,
// as the title shrinks step by step. Lines break between words, after a
// hyphen and between CJK characters, as before; each line is then put in
// visual order, word by word, with the bidi levels the segmenter found.

// shaper is the per-goroutine shaping state: go-text's Faces and its
// HarfBuzz buffers are not safe for concurrent use.
type shaper struct {
	hb    shaping.HarfbuzzShaper
	seg   shaping.Segmenter
	faces [numFaces]*otf.Face
	fonts *fontSet
}

func (d *Drawer) shaper() *shaper {
	if sh, ok := d.shapers.Get().(*shaper); ok {
		return sh
	}
	return &shaper{fonts: d.fonts}
}

// face is the shaper's face of f, made on first use (nil if the embedded
// font cannot be parsed, which its tests rule out).
func (sh *shaper) face(f Face) *otf.Face {
	if sh.faces[f] == nil {
		font, err := sh.fonts.ot[f]()
		if err != nil {
			return nil
		}
		sh.faces[f] = otf.NewFace(font)
	}
	return sh.faces[f]
}

// fontmap picks the regular face of the first family that has a rune:
// Noto Sans, then Arabic, Devanagari, Hebrew, then the CJK fallback.
type fontmap struct{ sh *shaper }

var fontOrder = [...]Face{Regular, ArabicRegular, DevanagariRegular, HebrewRegular, Fallback}

func (m fontmap) ResolveFace(r rune) *otf.Face {
	for _, f := range fontOrder {
		if face := m.sh.face(f); face != nil {
			if _, ok := face.NominalGlyph(r); ok {
				return face
			}
		}
	}
	return m.sh.face(Regular)
}

func (sh *shaper) faceOf(f *otf.Face) Face {
	for i, x := range sh.faces {
		if x == f {
			return Face(i)
		}
	}
	return Regular
}

// typeset turns typewriter punctuation into typography: straight quotes
// into curly ones, "--" and a spaced hyphen into an en dash, "---" into an
// em dash, "..." into an ellipsis. A hyphen between letters or figures
// stays a hyphen ("Sepsis-3", "hour-one bundle").
func typeset(rs []rune) []rune {
	out := make([]rune, 0, len(rs))
	opens := func(i int) bool { // a quote at i opens when nothing, a space or an opening mark precedes it
		if i == 0 {
			return true
		}
		p := rs[i-1]
		return unicode.IsSpace(p) || strings.ContainsRune("([{“‘–—/-", p)
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '"':
			if opens(i) {
				r = '“'
			} else {
				r = '”'
			}
		case r == '\'':
			if opens(i) && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
				r = '‘'
			} else {
				r = '’' // the apostrophe too
			}
		case r == '-' && i+2 < len(rs) && rs[i+1] == '-' && rs[i+2] == '-':
			r, i = '—', i+2
		case r == '-' && i+1 < len(rs) && rs[i+1] == '-':
			r, i = '–', i+1
		case r == '-' && i > 0 && unicode.IsSpace(rs[i-1]) && (i+1 == len(rs) || unicode.IsSpace(rs[i+1])):
			r = '–'
		case r == '.' && i+2 < len(rs) && rs[i+1] == '.' && rs[i+2] == '.':
			r, i = '…', i+2
		}
		out = append(out, r)
	}
	return out
}

// ignorable runes are invisible and never drawn: variation selectors, tags,
// byte-order marks, zero-width spaces. The joiners (U+200C, U+200D) are
// kept for the shaper: they choose forms in Arabic and Devanagari.
func ignorable(r rune) bool {
	return r == 0x200B || r == 0x2060 || r == 0xFEFF ||
		(r >= 0xFE00 && r <= 0xFE0F) || (r >= 0xE0000 && r <= 0xE007F) || (r >= 0xE0100 && r <= 0xE01EF)
}

func joiner(r rune) bool { return r == 0x200C || r == 0x200D }

func isCJK(r rune) bool {
	return (r >= 0x2E80 && r <= 0x9FFF) || (r >= 0xF900 && r <= 0xFAFF) ||
		(r >= 0xFF00 && r <= 0xFFEF) || (r >= 0x20000 && r <= 0x3FFFF)
}

func isRTL(r rune) bool {
	return unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko)
}

// Kinsoku: characters that may not start a line, and that may not end one.
const (
	noStart = "、。，．・：；？！ー）」』】〕〉》〙〗｝］ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々〻’”%)]}.,:;!?…"
	noEnd   = "（「『【〔〈《〘〖｛［‘“([{"
)

// flatten normalises spans into runes and their weights: NFC, typography,
// controls removed, spaces collapsed to one and trimmed.
func flatten(spans []Span) (rs []rune, strong []bool) {
	for _, sp := range spans {
		for _, r := range typeset([]rune(content.NFC(sp.Text))) {
			switch {
			case unicode.IsSpace(r):
				if len(rs) > 0 && rs[len(rs)-1] != ' ' {
					rs, strong = append(rs, ' '), append(strong, sp.Strong)
				}
				continue
			case (unicode.IsControl(r) || ignorable(r)) && !joiner(r):
				continue
			}
			rs, strong = append(rs, r), append(strong, sp.Strong)
		}
	}
	// A joiner only joins what stands on both sides of it: one beside a
	// space or an end joins nothing and would make a line that draws
	// nothing (FuzzLayout found a support line of a lone U+200D).
	keep, kept := make([]rune, 0, len(rs)), make([]bool, 0, len(rs))
	for i, r := range rs {
		if joiner(r) && (i == 0 || i == len(rs)-1 || rs[i-1] == ' ' || rs[i+1] == ' ' || joiner(rs[i+1])) {
			continue
		}
		if r == ' ' && (len(keep) == 0 || keep[len(keep)-1] == ' ') {
			continue
		}
		keep, kept = append(keep, r), append(kept, strong[i])
	}
	rs, strong = keep, kept
	for len(rs) > 0 && rs[len(rs)-1] == ' ' {
		rs, strong = rs[:len(rs)-1], strong[:len(strong)-1]
	}
	return rs, strong
}

// prepare lays out plain text (no Markdown) in one style.
func (s *state) prepare(text string, style Face) *para {
	return s.prepareSpans([]Span{{Text: text}}, style)
}

// prepareMD lays out inline Markdown (see Inline): emphasis is bold.
func (s *state) prepareMD(text string, style Face) *para {
	return s.prepareSpans(Inline(text), style)
}

// shaped is one glyph as the shaper placed it, before it is put in a unit.
type shaped struct {
	run
	seg   int // which segment (bidi, script, face, weight run) it came from
	level int
}

// prepareSpans normalises and shapes text and splits it into units. Each
// glyph keeps the rune index of its cluster, so units are cut in logical
// order while their glyphs stay in the shaper's visual order.
func (s *state) prepareSpans(spans []Span, style Face) *para {
	rs, strong := flatten(spans)
	p := &para{runes: rs}
	p.space = s.single(' ', style)
	p.ellipsis = s.single('…', style)
	if len(rs) == 0 {
		return p
	}
	dir := di.DirectionLTR
	if s.rtl {
		dir, p.rtl = di.DirectionRTL, true
	}
	for _, r := range rs {
		if p.rtl {
			break
		}
		if isRTL(r) {
			dir, p.rtl = di.DirectionRTL, true
			break
		}
		if unicode.IsLetter(r) {
			break
		}
	}
	paraLevel := 0
	if p.rtl {
		paraLevel = 1
	}
	glyphs := s.shapeRunes(rs, strong, style, dir, paraLevel)
	// clusterEnd[c] is where the cluster starting at rune c ends: at the
	// next cluster's start or at a space (a conjunct or a ligature covers
	// several runes).
	starts := make([]bool, len(rs)+1)
	for _, g := range glyphs {
		starts[g.cluster] = true
	}
	p.clusterEnd = make([]int, len(rs))
	for c := range rs {
		e := c + 1
		for e < len(rs) && !starts[e] && rs[e] != ' ' {
			e++
		}
		p.clusterEnd[c] = e
	}

	// Where units start: after spaces, after a hyphen between letters, and
	// around CJK characters (kinsoku permitting).
	unitOf := make([]int, len(rs))
	spaceBefore := map[int]bool{}
	u := -1
	var prev rune
	for i, r := range rs {
		if r == ' ' {
			unitOf[i] = -1
			prev = 0
			continue
		}
		start := prev == 0
		if !start && !unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc) && !joiner(r) {
			brk := (isCJK(r) || isCJK(prev)) && !strings.ContainsRune(noStart, r) && !strings.ContainsRune(noEnd, prev)
			if (prev == '-' || prev == '\u2010' || prev == '–' || prev == '—') && unicode.IsLetter(r) &&
				i >= 2 && unicode.IsLetter(rs[i-2]) {
				brk = true
			}
			start = brk
		}
		if start {
			u++
			if i > 0 && rs[i-1] == ' ' {
				spaceBefore[u] = true
			}
		}
		unitOf[i] = u
		prev = r
	}
	units := make([][]shaped, u+1)
	for _, g := range glyphs {
		k := unitOf[g.cluster]
		if k < 0 {
			continue // a space: units carry their spacing
		}
		units[k] = append(units[k], g)
	}
	for k, gs := range units {
		if len(gs) == 0 {
			continue
		}
		p.units = append(p.units, unit{runs: visualRuns(gs), space: spaceBefore[k] && len(p.units) > 0, level: gs[0].level, src: p})
	}
	return p
}

// visualRuns orders the glyphs of one unit: pieces from different segments
// (a Latin word followed by Arabic punctuation) by their bidi levels, each
// piece in the shaper's order.
func visualRuns(gs []shaped) []run {
	var pieces [][]shaped
	for i, g := range gs {
		if i == 0 || g.seg != gs[i-1].seg {
			pieces = append(pieces, nil)
		}
		pieces[len(pieces)-1] = append(pieces[len(pieces)-1], g)
	}
	levels := make([]int, len(pieces))
	for i, pc := range pieces {
		levels[i] = pc[0].level
	}
	var out []run
	for _, i := range visualOrder(levels) {
		for _, g := range pieces[i] {
			out = append(out, g.run)
		}
	}
	return out
}

// visualOrder is rule L2 of the Unicode bidi algorithm on items with
// resolved levels: from the highest level down to the lowest odd one,
// reverse every maximal sequence at that level or higher.
func visualOrder(levels []int) []int {
	order := make([]int, len(levels))
	for i := range order {
		order[i] = i
	}
	if len(levels) == 0 {
		return order
	}
	hi, lowOdd := 0, 1<<30
	for _, l := range levels {
		hi = max(hi, l)
		if l%2 == 1 {
			lowOdd = min(lowOdd, l)
		}
	}
	for lvl := hi; lvl >= lowOdd && lvl > 0; lvl-- {
		for i := 0; i < len(order); {
			if levels[order[i]] < lvl {
				i++
				continue
			}
			j := i
			for j < len(order) && levels[order[j]] >= lvl {
				j++
			}
			slices.Reverse(order[i:j])
			i = j
		}
	}
	return order
}

// shapeRunes shapes a paragraph: segments of one direction, script and
// font family (go-text's Segmenter), split again where the weight changes,
// each shaped with HarfBuzz in font units. A rune no font has is left out
// with a warning, never drawn as a box.
func (s *state) shapeRunes(rs []rune, strong []bool, style Face, dir di.Direction, paraLevel int) []shaped {
	sh := s.d.shaper()
	defer s.d.shapers.Put(sh)
	var out []shaped
	segs := sh.seg.Split(shaping.Input{Text: rs, RunStart: 0, RunEnd: len(rs), Direction: dir, Size: fixed.I(1000)}, fontmap{sh})
	seg := 0
	for _, in := range segs {
		level := paraLevel
		if (in.Direction.Progression() == di.TowardTopLeft) != (paraLevel == 1) {
			level++
		}
		base := sh.faceOf(in.Face)
		for start := in.RunStart; start < in.RunEnd; {
			end := start + 1
			for end < in.RunEnd && strong[end] == strong[start] {
				end++
			}
			f := base
			heavy := false
			if style == Bold || strong[start] {
				f = base.bold()
				heavy = base == Fallback
			}
			piece := in
			piece.RunStart, piece.RunEnd = start, end
			piece.Face = sh.face(f)
			if piece.Face == nil {
				seg, start = seg+1, end
				continue
			}
			piece.Size = fixed.I(int(s.d.fonts.upem[f]))
			o := sh.hb.Shape(piece)
			for _, g := range o.Glyphs {
				r := rs[g.ClusterIndex]
				if g.GlyphID == 0 {
					if !joiner(r) && r != ' ' {
						s.missing(r)
					}
					continue
				}
				out = append(out, shaped{run: run{r: r, face: f, idx: sfnt.GlyphIndex(g.GlyphID), adv: int32(g.Advance) >> 6,
					dx: int32(g.XOffset) >> 6, dy: int32(g.YOffset) >> 6, cluster: g.ClusterIndex, heavy: heavy}, seg: seg, level: level})
			}
			seg++
			start = end
		}
	}
	return out
}

func (s *state) missing(r rune) {
	if s.noted[r] {
		return
	}
	if s.noted == nil {
		s.noted = map[rune]bool{}
	}
	s.noted[r] = true
	s.warnf("no font has a glyph for %U %q; it is left out", r, r)
}

// single shapes one rune on its own (a space, the ellipsis) in a style.
func (s *state) single(r rune, style Face) run {
	sh := s.d.shaper()
	defer s.d.shapers.Put(sh)
	for _, f := range fontOrder {
		if style == Bold {
			f = f.bold()
		}
		face := sh.face(f)
		if face == nil {
			continue
		}
		gid, ok := face.NominalGlyph(r)
		if !ok {
			continue
		}
		return run{r: r, face: f, idx: sfnt.GlyphIndex(gid), adv: int32(face.HorizontalAdvance(gid)), cluster: -1}
	}
	return run{r: r, cluster: -1}
}

// unitText is the text of some of a unit's glyphs, in logical order: the
// runes of the clusters they come from.
func (p *para) unitText(runs []run) string {
	lo, hi := len(p.runes), -1
	ell := false
	for _, g := range runs {
		if g.cluster < 0 {
			ell = ell || g.r == '…'
			continue
		}
		lo, hi = min(lo, g.cluster), max(hi, g.cluster)
	}
	var b strings.Builder
	if hi >= lo {
		b.WriteString(string(p.runes[lo:p.clusterEnd[hi]]))
	}
	if ell {
		b.WriteRune('…')
	}
	return b.String()
}
