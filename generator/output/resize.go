package output

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"path"
	"strings"
)

// ImageSize returns the size a browser shows a cleaned image at: its
// pixels' size, turned by its orientation (a phone photo stored on its side
// with orientation 6 is shown upright, so its width and height swap).
// ok is false for a format whose size rounds does not read (SVG, WebP) or
// a file it cannot read.
func ImageSize(name string, data []byte) (w, h int, ok bool) {
	var cfg image.Config
	var err error
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg":
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	case ".png":
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	case ".gif":
		cfg, err = gif.DecodeConfig(bytes.NewReader(data))
	default:
		return 0, 0, false
	}
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, 0, false
	}
	if o := Orientation(name, data); o >= 5 {
		return cfg.Height, cfg.Width, true
	}
	return cfg.Width, cfg.Height, true
}

// Resizable reports whether Resize makes smaller copies of a file of this
// name: JPEG and PNG. (GIF may be animated; WebP has no well-kept pure-Go
// encoder; SVG scales by itself.)
func Resizable(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png":
		return true
	}
	return false
}

// Resize returns a copy of a cleaned JPEG or PNG image width pixels wide,
// in the same format, its pixels turned upright by its orientation first
// (the copy carries no metadata at all, orientation included, so it must
// be upright in itself). Downscaling averages the source pixels each
// target pixel covers (a box filter with fractional edges): for reductions
// it is as sharp as a windowed filter needs to be and has no ringing.
// The caller has checked the size with CleanImage, so decoding is bounded.
func Resize(name string, data []byte, width int) ([]byte, error) {
	if !Resizable(name) {
		return nil, fmt.Errorf("%s: rounds resizes only JPEG and PNG images", name)
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %s", name, imgReason(err))
	}
	rgba := image.NewRGBA(image.Rect(0, 0, src.Bounds().Dx(), src.Bounds().Dy()))
	draw.Draw(rgba, rgba.Bounds(), src, src.Bounds().Min, draw.Src)
	up := orient(rgba, Orientation(name, data))
	w0, h0 := up.Bounds().Dx(), up.Bounds().Dy()
	if width <= 0 || width >= w0 {
		return nil, fmt.Errorf("%s: cannot resize a %d pixel wide image to %d", name, w0, width)
	}
	height := max(1, (h0*width+w0/2)/w0)
	dst := boxResize(up, width, height)
	var b bytes.Buffer
	if strings.ToLower(path.Ext(name)) == ".png" {
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, dst)
	} else {
		err = jpeg.Encode(&b, dst, &jpeg.Options{Quality: 82})
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return b.Bytes(), nil
}

// Orientation returns the Exif orientation (1 to 8) a cleaned JPEG or PNG
// keeps, 1 when it has none.
func Orientation(name string, data []byte) int {
	o := 0
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg":
		o = jpegOrientation(data)
	case ".png":
		o = pngOrientation(data)
	}
	if o < 1 || o > 8 {
		return 1
	}
	return o
}

// jpegOrientation reads the orientation of the first APP1 Exif segment
// before the first scan.
func jpegOrientation(d []byte) int {
	p := 2
	for p+4 <= len(d) && d[p] == 0xFF {
		m := d[p+1]
		if m == 0xDA || m == 0xD9 {
			return 0
		}
		n := int(binary.BigEndian.Uint16(d[p+2:]))
		if n < 2 || p+2+n > len(d) {
			return 0
		}
		seg := d[p+4 : p+2+n]
		if m == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		p += 2 + n
	}
	return 0
}

// pngOrientation reads the orientation of an eXIf chunk.
func pngOrientation(d []byte) int {
	p := len(pngSignature)
	for p+12 <= len(d) {
		n := int(binary.BigEndian.Uint32(d[p:]))
		if n < 0 || p+12+n > len(d) {
			return 0
		}
		typ := string(d[p+4 : p+8])
		if typ == "eXIf" {
			return tiffOrientation(exifPayload(d[p+8 : p+8+n]))
		}
		if typ == "IDAT" || typ == "IEND" {
			return 0
		}
		p += 12 + n
	}
	return 0
}

// orient turns pixels stored with Exif orientation o upright.
func orient(src *image.RGBA, o int) *image.RGBA {
	if o <= 1 || o > 8 {
		return src
	}
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range h {
		for x := range w {
			var dx, dy int
			switch o {
			case 2: // mirrored
				dx, dy = w-1-x, y
			case 3: // turned 180°
				dx, dy = w-1-x, h-1-y
			case 4: // mirrored vertically
				dx, dy = x, h-1-y
			case 5: // transposed
				dx, dy = y, x
			case 6: // stored turned 90° anticlockwise: turn clockwise
				dx, dy = h-1-y, x
			case 7: // transversed
				dx, dy = h-1-y, w-1-x
			case 8: // stored turned 90° clockwise: turn anticlockwise
				dx, dy = y, w-1-x
			}
			si, di := src.PixOffset(x, y), dst.PixOffset(dx, dy)
			copy(dst.Pix[di:di+4], src.Pix[si:si+4])
		}
	}
	return dst
}

// boxResize scales src down to w x h, each target pixel the average of
// the source area it covers, in two passes (rows, then columns).
func boxResize(src *image.RGBA, w, h int) *image.RGBA {
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	// Horizontal pass: sh rows of w pixels, 4 channels, as float32.
	tmp := make([]float32, sh*w*4)
	wx := weights(sw, w)
	for y := range sh {
		row := src.Pix[y*src.Stride:]
		for x := range w {
			var acc [4]float32
			for _, c := range wx[x] {
				for k := range 4 {
					acc[k] += float32(row[c.i*4+k]) * c.w
				}
			}
			copy(tmp[(y*w+x)*4:], acc[:])
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	wy := weights(sh, h)
	for y := range h {
		for x := range w {
			var acc [4]float32
			for _, c := range wy[y] {
				for k := range 4 {
					acc[k] += tmp[(c.i*w+x)*4+k] * c.w
				}
			}
			for k := range 4 {
				dst.Pix[y*dst.Stride+x*4+k] = uint8(min(255, max(0, acc[k]+0.5)))
			}
		}
	}
	return dst
}

type contribution struct {
	i int
	w float32
}

// weights gives, for each of n target pixels, the source pixels of a row
// (or column) of length m it covers and by how much, summing to 1.
func weights(m, n int) [][]contribution {
	out := make([][]contribution, n)
	scale := float64(m) / float64(n)
	for t := range n {
		lo, hi := float64(t)*scale, float64(t+1)*scale
		for i := int(lo); i < m && float64(i) < hi; i++ {
			cover := min(hi, float64(i+1)) - max(lo, float64(i))
			if cover > 0 {
				out[t] = append(out[t], contribution{i, float32(cover / scale)})
			}
		}
	}
	return out
}
