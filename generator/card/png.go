package card

import (
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"math/bits"
	"sync"
)

// A card PNG is written by this small encoder rather than image/png, for
// two reasons measured on the cards themselves:
//
//   - Speed. image/png with compress/flate at BestSpeed spent 3.4 ms on a
//     card, three quarters of the time to draw one; this encoder, which
//     only looks for runs of one colour (distance 1) and for the row above
//     (distance one row), both of which a card is made of, spends a tenth
//     of that.
//   - Bytes that never change. The output depends only on this code, not on
//     the Go release's compress/flate, so a card cached by its Hash stays
//     byte-identical across toolchains and machines.
//
// The stream is standard: 8-bit paletted PNG, filter type None on every row
// (filters rarely help paletted images), one zlib stream of one deflate
// block with the fixed Huffman codes of RFC 1951 §3.2.6.

const maxMatch = 258

// deflateTables are the fixed codes, bit-reversed for an LSB-first writer.
type deflateTables struct {
	lit     [286]uint16 // code for literals 0..255, end of block 256, lengths 257..285
	litLen  [286]uint8
	lenCode [maxMatch + 1]uint16 // length -> symbol 257..285
	lenBase [29]uint16
	lenXtra [29]uint8
}

var tables = sync.OnceValue(func() *deflateTables {
	t := &deflateTables{}
	for v := 0; v < 286; v++ {
		var code, n int
		switch {
		case v < 144:
			code, n = 0x30+v, 8
		case v < 256:
			code, n = 0x190+v-144, 9
		case v < 280:
			code, n = v-256, 7
		default:
			code, n = 0xC0+v-280, 8
		}
		t.lit[v] = bits.Reverse16(uint16(code)) >> (16 - n)
		t.litLen[v] = uint8(n)
	}
	base := 3
	for i := 0; i < 28; i++ {
		x := 0
		if i >= 8 {
			x = i/4 - 1
		}
		t.lenBase[i], t.lenXtra[i] = uint16(base), uint8(x)
		for l := base; l < base+1<<x && l <= maxMatch; l++ {
			t.lenCode[l] = uint16(257 + i)
		}
		base += 1 << x
	}
	t.lenBase[28], t.lenXtra[28], t.lenCode[maxMatch] = maxMatch, 0, 285
	return t
})

// bitWriter writes deflate's LSB-first bit stream.
type bitWriter struct {
	out  []byte
	acc  uint64
	nacc uint
}

func (w *bitWriter) put(v uint64, n uint) {
	w.acc |= v << w.nacc
	w.nacc += n
	if w.nacc >= 32 {
		w.out = binary.LittleEndian.AppendUint32(w.out, uint32(w.acc))
		w.acc >>= 32
		w.nacc -= 32
	}
}

func (w *bitWriter) flush() {
	for w.nacc > 0 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.nacc -= min(w.nacc, 8)
	}
}

// adler32 is the zlib checksum of p. A card is mostly background, palette
// index 0, so eight zero bytes at a time only move s2 by 8*s1.
func adler32(p []byte) uint32 {
	const mod = 65521
	s1, s2 := uint64(1), uint64(0)
	for len(p) > 0 {
		// uint64 sums cannot overflow within 1<<16 bytes.
		n := min(len(p), 1<<16)
		q := p[:n]
		for len(q) >= 8 {
			if binary.LittleEndian.Uint64(q) == 0 {
				s2 += 8 * s1
			} else {
				for _, b := range q[:8] {
					s1 += uint64(b)
					s2 += s1
				}
			}
			q = q[8:]
		}
		for _, b := range q {
			s1 += uint64(b)
			s2 += s1
		}
		s1 %= mod
		s2 %= mod
		p = p[n:]
	}
	return uint32(s2<<16 | s1)
}

// matchLen is how many bytes from p[i] equal those d bytes before, up to max.
func matchLen(p []byte, i, d, max int) int {
	n := 0
	for n+8 <= max {
		x := binary.LittleEndian.Uint64(p[i+n:]) ^ binary.LittleEndian.Uint64(p[i+n-d:])
		if x != 0 {
			return n + bits.TrailingZeros64(x)/8
		}
		n += 8
	}
	for n < max && p[i+n] == p[i+n-d] {
		n++
	}
	return n
}

// encodePNG writes img as an 8-bit paletted PNG. raw is scratch space,
// returned for reuse.
func encodePNG(img *image.Paletted, raw []byte) (out, scratch []byte) {
	return encodeRaw(img.Pix, img.Rect.Dx(), img.Rect.Dy(), 1, img.Palette, raw)
}

// encodeRGB writes 8-bit RGB pixels (3 bytes each, rows w*3 long) as a PNG:
// cards with a logo or a photograph have more colours than a palette holds.
func encodeRGB(pix []byte, w, h int, raw []byte) (out, scratch []byte) {
	return encodeRaw(pix, w, h, 3, nil, raw)
}

// distSym is the fixed-code symbol of a deflate distance (1..32768), bit
// reversed for the LSB-first writer, and its extra bits.
func distSym(d int) (code uint64, nx uint, extra uint64) {
	base, c := 1, 0
	for c < 29 {
		x := 0
		if c >= 4 {
			x = c/2 - 1
		}
		if d < base+1<<x {
			return uint64(bits.Reverse16(uint16(c)) >> 11), uint(x), uint64(d - base)
		}
		base += 1 << x
		c++
	}
	return 0, 0, 0
}

func encodeRaw(pix []byte, w, h, bpp int, pal color.Palette, raw []byte) (out, scratch []byte) {
	t := tables()
	rowLen := w * bpp
	stride := rowLen + 1
	n := stride * h
	if cap(raw) < n {
		raw = make([]byte, n)
	}
	raw = raw[:n]
	for y := 0; y < h; y++ {
		raw[y*stride] = 0 // filter type None
		copy(raw[y*stride+1:(y+1)*stride], pix[y*rowLen:(y+1)*rowLen])
	}

	bw := bitWriter{out: make([]byte, 0, 64<<10)}
	bw.out = append(bw.out, 0x78, 0x01) // zlib: deflate, 32 KiB window, fastest
	bw.put(1|1<<1, 3)                   // BFINAL, BTYPE=01 (fixed codes)
	upCode, upN, upXtra := distSym(stride)
	if stride > 32768 {
		upCode = 0 // too far back for deflate: runs alone
	}
	runCode, runN, _ := distSym(bpp)
	lit := func(b byte) {
		bw.put(uint64(t.lit[b]), uint(t.litLen[b]))
	}
	length := func(l int) {
		s := t.lenCode[l]
		bw.put(uint64(t.lit[s]), uint(t.litLen[s]))
		if i := s - 257; t.lenXtra[i] > 0 {
			bw.put(uint64(l-int(t.lenBase[i])), uint(t.lenXtra[i]))
		}
	}
	for i := 0; i < n; {
		limit := min(maxMatch, n-i)
		run, up := 0, 0
		if i >= bpp {
			run = matchLen(raw, i, bpp, limit)
		}
		if upCode != 0 && i >= stride && run < limit {
			up = matchLen(raw, i, stride, limit)
		}
		switch {
		case run >= 3 && run >= up:
			length(run)
			bw.put(runCode, 5) // one pixel back
			bw.put(0, runN)
			i += run
		case up >= 3:
			length(up)
			bw.put(upCode, 5)
			bw.put(upXtra, upN)
			i += up
		default:
			lit(raw[i])
			i++
		}
	}
	bw.put(uint64(t.lit[256]), uint(t.litLen[256])) // end of block
	bw.flush()
	zdata := binary.BigEndian.AppendUint32(bw.out, adler32(raw))

	out = make([]byte, 0, len(zdata)+len(pal)*3+128)
	out = append(out, "\x89PNG\r\n\x1a\n"...)
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 3 // bit depth 8, colour type 3 (paletted)
	if pal == nil {
		ihdr[9] = 2 // truecolour
	}
	out = chunk(out, "IHDR", ihdr[:])
	if pal != nil {
		plte := make([]byte, 0, len(pal)*3)
		for _, c := range pal {
			r, g, b, _ := c.RGBA()
			plte = append(plte, byte(r>>8), byte(g>>8), byte(b>>8))
		}
		out = chunk(out, "PLTE", plte)
	}
	out = chunk(out, "IDAT", zdata)
	out = chunk(out, "IEND", nil)
	return out, raw
}

func chunk(out []byte, typ string, data []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
	start := len(out)
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
}
