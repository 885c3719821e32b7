package card

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	otf "github.com/go-text/typesetting/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// The card fonts (fonts/README.md says where each comes from, and its
// licence is kept beside it). Noto Sans is a humanist sans serif with real
// typographic hyphens, quotes and dashes and unslashed figures; Noto Sans
// Arabic, Devanagari and Hebrew draw those scripts, shaped by go-text's
// HarfBuzz port; Droid Sans Fallback (Apache 2.0) draws Chinese and Japanese.
// They are only read, never written.
var (
	//go:embed fonts/NotoSans-Regular.ttf
	notoRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	notoBold []byte
	//go:embed fonts/NotoSansArabic-Regular.ttf
	arabicRegular []byte
	//go:embed fonts/NotoSansArabic-Bold.ttf
	arabicBold []byte
	//go:embed fonts/NotoSansDevanagari-Regular.ttf
	devaRegular []byte
	//go:embed fonts/NotoSansDevanagari-Bold.ttf
	devaBold []byte
	//go:embed fonts/NotoSansHebrew-Regular.ttf
	hebrewRegular []byte
	//go:embed fonts/NotoSansHebrew-Bold.ttf
	hebrewBold []byte
	//go:embed fonts/DroidSansFallbackFull.ttf
	fallbackTTF []byte
)

// Face says which embedded font drew a glyph. Each family has a regular
// face and, right after it, its bold one.
type Face uint8

const (
	Regular           Face = iota // Noto Sans Regular
	Bold                          // Noto Sans Bold
	ArabicRegular                 // Noto Sans Arabic
	ArabicBold                    //
	DevanagariRegular             // Noto Sans Devanagari
	DevanagariBold                //
	HebrewRegular                 // Noto Sans Hebrew
	HebrewBold                    //
	Fallback                      // Droid Sans Fallback, for CJK; bold is synthetic
	numFaces
)

// FontName is the card face's name, part of every Hash: a card drawn with
// another font is another card.
const FontName = "Noto Sans 2020-12 (Arabic, Devanagari, Hebrew) + Droid Sans Fallback"

func (f Face) String() string {
	names := [numFaces]string{"regular", "bold", "arabic", "arabic bold", "devanagari", "devanagari bold", "hebrew", "hebrew bold", "fallback"}
	if f < numFaces {
		return names[f]
	}
	return fmt.Sprintf("face(%d)", uint8(f))
}

// bold is the bold face of f's family (Fallback has none: it is emboldened).
func (f Face) bold() Face {
	if f == Fallback || f%2 == 1 {
		return f
	}
	return f + 1
}

// fontSet is the parsed fonts. It is immutable once built: sfnt.Font methods
// are safe for concurrent use as long as each goroutine has its own Buffer,
// and go-text's font.Font is read-only (its Faces are not, so each shaper
// makes its own).
type fontSet struct {
	fonts [numFaces]*sfnt.Font
	upem  [numFaces]int32
	// ot parses a font for shaping on first use: go-text reads a font's
	// tables whole, 19 MB of allocations for the CJK fallback, which a site
	// without CJK text never needs.
	ot [numFaces]func() (*otf.Font, error)
}

// parsedFonts parses the embedded fonts once per process. Parsing only reads
// the table directory, but there is no reason to do it per card.
var parsedFonts = sync.OnceValues(func() (*fontSet, error) {
	fs := &fontSet{}
	data := [numFaces][]byte{notoRegular, notoBold, arabicRegular, arabicBold, devaRegular, devaBold, hebrewRegular, hebrewBold, fallbackTTF}
	for i, b := range data {
		f, err := sfnt.Parse(b)
		if err != nil {
			return nil, fmt.Errorf("card: parsing the embedded %s font: %v", Face(i), err)
		}
		fs.fonts[i] = f
		fs.upem[i] = int32(f.UnitsPerEm())
		fs.ot[i] = sync.OnceValues(func() (*otf.Font, error) {
			face, err := otf.ParseTTF(bytes.NewReader(b))
			if err != nil {
				return nil, fmt.Errorf("card: parsing the embedded %s font for shaping: %v", Face(i), err)
			}
			return face.Font, nil
		})
	}
	return fs, nil
})

// glyphMask is one rasterised glyph: coverage as palette ramp levels
// (0..levels-1), w*h, whose top-left pixel sits at (pen x + dx, baseline + dy).
// ink is the tight box of non-zero coverage, relative to the same origin.
type glyphMask struct {
	dx, dy, w, h int
	alpha        []uint8
	ink          [4]int // x0, y0, x1, y1
}

// glyphCache keeps rasterised glyphs across cards. The same key always
// produces the same mask, so sharing it cannot change any card's bytes.
type glyphCache struct {
	mu sync.RWMutex
	m  map[uint64]*glyphMask
}

// maxCachedGlyphs bounds the cache: a site in Japanese could otherwise keep
// thousands of ideographs at every title size. Past it, glyphs are still drawn,
// just not kept.
const maxCachedGlyphs = 20000

// subpixel is how finely a glyph's horizontal position is kept, in 1/64 px:
// 16 means quarter pixels, enough for even spacing with a small cache.
const subpixel = 16

func glyphKey(f Face, idx sfnt.GlyphIndex, size int, frac int32, heavy bool) uint64 {
	k := uint64(f)<<56 | uint64(frac)<<48 | uint64(uint16(size))<<32 | uint64(idx)
	if heavy {
		k |= 1 << 55
	}
	return k
}

// mask returns the rasterised glyph, from the cache or drawn now. heavy asks
// for a synthetic bold: the fallback font has no bold, and a bold title with
// regular ideographs in it looks broken.
func (d *Drawer) mask(buf *sfnt.Buffer, f Face, idx sfnt.GlyphIndex, size int, frac int32, heavy bool) (*glyphMask, error) {
	key := glyphKey(f, idx, size, frac, heavy)
	d.cache.mu.RLock()
	m, ok := d.cache.m[key]
	d.cache.mu.RUnlock()
	if ok {
		return m, nil
	}
	segs, err := d.fonts.fonts[f].LoadGlyph(buf, idx, fixed.I(size), nil)
	if err != nil {
		return nil, err
	}
	m = rasterize(segs, frac)
	if heavy {
		m = embolden(m, max(1, size/28))
	}
	d.cache.mu.Lock()
	if len(d.cache.m) < maxCachedGlyphs {
		d.cache.m[key] = m
	}
	d.cache.mu.Unlock()
	return m, nil
}

// Rasterising.
//
// Why not golang.org/x/image/vector: it flattens curves and accumulates
// coverage in float32 (with SIMD on amd64), and Go may fuse floating-point
// multiply-adds on arm64, so the same card could differ by a bit between
// machines. This rasteriser is all integers: sfnt gives outlines in 26.6 fixed
// point, curves are flattened at integer parameters, and coverage is
// accumulated per cell as in FreeType's "gray" and font-rs's accumulation
// buffer. The same outline gives the same bytes everywhere.

const (
	one     = 64            // one pixel in 26.6
	full    = one * 2 * one // accumulated value of a fully covered pixel
	flatTol = 8             // flattening tolerance, 1/8 px in 26.6
)

type raster struct {
	w, h, stride int
	acc          []int32
}

// rasterize draws segs (26.6, y down, origin at the pen on the baseline)
// shifted right by frac/64 px.
func rasterize(segs sfnt.Segments, frac int32) *glyphMask {
	if len(segs) == 0 {
		return &glyphMask{}
	}
	minX, minY := int32(1<<30), int32(1<<30)
	maxX, maxY := int32(-1<<30), int32(-1<<30)
	for _, s := range segs {
		n := 1
		switch s.Op {
		case sfnt.SegmentOpQuadTo:
			n = 2
		case sfnt.SegmentOpCubeTo:
			n = 3
		}
		for _, p := range s.Args[:n] {
			x, y := int32(p.X)+frac, int32(p.Y)
			minX, maxX = min(minX, x), max(maxX, x)
			minY, maxY = min(minY, y), max(maxY, y)
		}
	}
	// One pixel of padding on each side keeps every cell index in range.
	ox := floorDiv(minX, one) - 1
	oy := floorDiv(minY, one) - 1
	w := int(floorDiv(maxX+one-1, one) - ox + 1)
	h := int(floorDiv(maxY+one-1, one) - oy + 1)
	r := &raster{w: w, h: h, stride: w + 2}
	r.acc = make([]int32, r.stride*h)
	tx, ty := frac-ox*one, -oy*one
	var cx, cy, sx, sy int32 // current point, contour start
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			if cx != sx || cy != sy {
				r.line(cx, cy, sx, sy)
			}
			cx, cy = int32(s.Args[0].X)+tx, int32(s.Args[0].Y)+ty
			sx, sy = cx, cy
		case sfnt.SegmentOpLineTo:
			x, y := int32(s.Args[0].X)+tx, int32(s.Args[0].Y)+ty
			r.line(cx, cy, x, y)
			cx, cy = x, y
		case sfnt.SegmentOpQuadTo:
			x1, y1 := int32(s.Args[0].X)+tx, int32(s.Args[0].Y)+ty
			x2, y2 := int32(s.Args[1].X)+tx, int32(s.Args[1].Y)+ty
			r.quad(cx, cy, x1, y1, x2, y2)
			cx, cy = x2, y2
		case sfnt.SegmentOpCubeTo:
			x1, y1 := int32(s.Args[0].X)+tx, int32(s.Args[0].Y)+ty
			x2, y2 := int32(s.Args[1].X)+tx, int32(s.Args[1].Y)+ty
			x3, y3 := int32(s.Args[2].X)+tx, int32(s.Args[2].Y)+ty
			r.cube(cx, cy, x1, y1, x2, y2, x3, y3)
			cx, cy = x3, y3
		}
	}
	if cx != sx || cy != sy {
		r.line(cx, cy, sx, sy)
	}
	m := &glyphMask{dx: int(ox), dy: int(oy), w: w, h: h, alpha: make([]uint8, w*h)}
	m.ink = [4]int{w, h, 0, 0}
	for y := 0; y < h; y++ {
		var s int32
		row := r.acc[y*r.stride:]
		for x := 0; x < w; x++ {
			s += row[x]
			v := s
			if v < 0 {
				v = -v
			}
			if v > full {
				v = full
			}
			a := uint8((v*(levels-1) + full/2) / full)
			if a == 0 {
				continue
			}
			m.alpha[y*w+x] = a
			m.ink[0], m.ink[1] = min(m.ink[0], x), min(m.ink[1], y)
			m.ink[2], m.ink[3] = max(m.ink[2], x+1), max(m.ink[3], y+1)
		}
	}
	if m.ink[2] == 0 {
		m.ink = [4]int{}
	}
	return m
}

// embolden widens a glyph by k pixels to the right: each pixel takes the
// largest alpha of itself and the k pixels to its left.
func embolden(m *glyphMask, k int) *glyphMask {
	if m.w == 0 {
		return m
	}
	w := m.w + k
	out := &glyphMask{dx: m.dx, dy: m.dy, w: w, h: m.h, alpha: make([]uint8, w*m.h)}
	for y := 0; y < m.h; y++ {
		src, dst := m.alpha[y*m.w:(y+1)*m.w], out.alpha[y*w:(y+1)*w]
		for x := range dst {
			var a uint8
			for j := max(0, x-k); j <= min(x, m.w-1); j++ {
				a = max(a, src[j])
			}
			dst[x] = a
		}
	}
	out.ink = m.ink
	if m.ink[2] > m.ink[0] {
		out.ink[2] += k
	}
	return out
}

// line accumulates the edge from (x0,y0) to (x1,y1), in 26.6 inside the raster.
func (r *raster) line(x0, y0, x1, y1 int32) {
	if y0 == y1 {
		return
	}
	dir := int32(1)
	if y0 > y1 {
		x0, y0, x1, y1 = x1, y1, x0, y0
		dir = -1
	}
	xAt := func(y int32) int32 {
		if y == y0 {
			return x0
		}
		if y == y1 {
			return x1
		}
		return x0 + int32(divRound(int64(x1-x0)*int64(y-y0), int64(y1-y0)))
	}
	for row := y0 / one; row*one < y1 && int(row) < r.h; row++ {
		ya, yb := max(y0, row*one), min(y1, row*one+one)
		r.cell(int(row), xAt(ya), ya-row*one, xAt(yb), yb-row*one, dir)
	}
}

// cell accumulates a piece of edge inside one pixel row, splitting it at pixel
// columns. ya < yb, both in [0, 64].
func (r *raster) cell(row int, xa, ya, xb, yb, dir int32) {
	acc := r.acc[row*r.stride : (row+1)*r.stride]
	add := func(x0, y0, x1, y1 int32) {
		c := min(x0, x1) / one
		fsum := x0 + x1 - 2*c*one
		d := dir * (y1 - y0)
		acc[c] += d * (2*one - fsum)
		acc[c+1] += d * fsum
	}
	if xa/one == xb/one || xa == xb {
		add(xa, ya, xb, yb)
		return
	}
	px, py := xa, ya
	if xa < xb {
		for X := (xa/one + 1) * one; X < xb; X += one {
			y := ya + int32(divRound(int64(yb-ya)*int64(X-xa), int64(xb-xa)))
			add(px, py, X, y)
			px, py = X, y
		}
	} else {
		for X := (xa - 1) / one * one; X > xb; X -= one {
			y := ya + int32(divRound(int64(yb-ya)*int64(xa-X), int64(xa-xb)))
			add(px, py, X, y)
			px, py = X, y
		}
	}
	add(px, py, xb, yb)
}

// quad flattens a quadratic Bézier into lines, at integer parameters i/n.
func (r *raster) quad(x0, y0, x1, y1, x2, y2 int32) {
	dev := max(abs32(x0-2*x1+x2), abs32(y0-2*y1+y2))
	// The chord's distance from the curve is dev/4 for one piece, dev/(4n²) for n.
	n := int64(isqrt(int64(dev)/(4*flatTol))) + 1
	n = min(n, 64)
	px, py := x0, y0
	for i := int64(1); i <= n; i++ {
		a, b, c := (n-i)*(n-i), 2*i*(n-i), i*i
		x := int32(divRound(a*int64(x0)+b*int64(x1)+c*int64(x2), n*n))
		y := int32(divRound(a*int64(y0)+b*int64(y1)+c*int64(y2), n*n))
		r.line(px, py, x, y)
		px, py = x, y
	}
}

// cube flattens a cubic Bézier (only CFF fonts have them) the same way.
func (r *raster) cube(x0, y0, x1, y1, x2, y2, x3, y3 int32) {
	dev := max(abs32(x0-2*x1+x2), abs32(y0-2*y1+y2), abs32(x1-2*x2+x3), abs32(y1-2*y2+y3))
	n := int64(isqrt(int64(dev)*3/(4*flatTol))) + 1
	n = min(n, 64)
	px, py := x0, y0
	for i := int64(1); i <= n; i++ {
		s, t := n-i, i
		a, b, c, e := s*s*s, 3*s*s*t, 3*s*t*t, t*t*t
		x := int32(divRound(a*int64(x0)+b*int64(x1)+c*int64(x2)+e*int64(x3), n*n*n))
		y := int32(divRound(a*int64(y0)+b*int64(y1)+c*int64(y2)+e*int64(y3), n*n*n))
		r.line(px, py, x, y)
		px, py = x, y
	}
}

// divRound is n/d rounded half away from zero, for d > 0.
func divRound(n, d int64) int64 {
	if n >= 0 {
		return (n + d/2) / d
	}
	return -((-n + d/2) / d)
}

func floorDiv(n, d int32) int32 {
	q := n / d
	if n%d != 0 && n < 0 {
		q--
	}
	return q
}

func abs32(v int32) int32 {
	if v < 0 {
		return -v
	}
	return v
}

func isqrt(v int64) int64 {
	if v <= 0 {
		return 0
	}
	x := int64(1)
	for x*x <= v {
		x++
	}
	return x - 1
}

//go:embed fonts/LICENSE-Noto-OFL.txt
var notoLicence []byte

// WebFonts are the embedded Noto Sans faces and their licence, for a site
// whose [brand] font is "noto-sans": file name to bytes, served from
// fonts/ beside the pages. Only read.
func WebFonts() map[string][]byte {
	return map[string][]byte{
		"NotoSans-Regular.ttf": notoRegular,
		"NotoSans-Bold.ttf":    notoBold,
		"LICENSE-Noto-OFL.txt": notoLicence,
	}
}
