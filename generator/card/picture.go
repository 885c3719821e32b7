package card

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
)

// maxPixels bounds an image a card decodes (SPEC.md, Safety: sizes are
// checked with DecodeConfig before decoding).
const maxPixels = 40 << 20

func decodeConfig(b []byte) (image.Config, string, error) {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		c, err := png.DecodeConfig(bytes.NewReader(b))
		return c, "png", err
	case bytes.HasPrefix(b, []byte("\xff\xd8")):
		c, err := jpeg.DecodeConfig(bytes.NewReader(b))
		return c, "jpeg", err
	}
	return image.Config{}, "", errors.New("not a PNG or JPEG image")
}

func decode(b []byte) (image.Image, error) {
	cfg, kind, err := decodeConfig(b)
	if err != nil {
		return nil, err
	}
	if cfg.Width*cfg.Height > maxPixels {
		return nil, errors.New("image too large to draw on a card")
	}
	if kind == "png" {
		return png.Decode(bytes.NewReader(b))
	}
	return jpeg.Decode(bytes.NewReader(b))
}

// toRGB expands a paletted card into 8-bit RGB.
func toRGB(img *image.Paletted) []byte {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	lut := make([][3]byte, len(img.Palette))
	for i, c := range img.Palette {
		r, g, b, _ := c.RGBA()
		lut[i] = [3]byte{byte(r >> 8), byte(g >> 8), byte(b >> 8)}
	}
	out := make([]byte, 3*w*h)
	for i, p := range img.Pix[:w*h] {
		copy(out[3*i:], lut[p][:])
	}
	return out
}

// drawScaled draws src into dst (RGB, w wide) inside r, scaled with a box
// filter in integers (the same bytes on every machine): contained in r
// (cover false: a logo, centred vertically, left-aligned) or covering r,
// cropped at the centre (cover true: a photograph). Transparent pixels
// show the card beneath.
func drawScaled(dst []byte, w int, r image.Rectangle, src image.Image, cover bool) {
	sb := src.Bounds()
	sw, sh := sb.Dx(), sb.Dy()
	if sw <= 0 || sh <= 0 || r.Empty() {
		return
	}
	// The part of src shown (crop) and where it goes (to).
	crop, to := sb, r
	if cover {
		// Crop src to r's aspect ratio.
		if sw*r.Dy() > sh*r.Dx() {
			cw := sh * r.Dx() / r.Dy()
			crop = image.Rect(sb.Min.X+(sw-cw)/2, sb.Min.Y, sb.Min.X+(sw-cw)/2+cw, sb.Max.Y)
		} else {
			ch := sw * r.Dy() / r.Dx()
			crop = image.Rect(sb.Min.X, sb.Min.Y+(sh-ch)/2, sb.Max.X, sb.Min.Y+(sh-ch)/2+ch)
		}
	} else {
		tw, th := r.Dx(), r.Dx()*sh/sw
		if th > r.Dy() {
			tw, th = r.Dy()*sw/sh, r.Dy()
		}
		to = image.Rect(r.Min.X, r.Min.Y+(r.Dy()-th)/2, r.Min.X+tw, r.Min.Y+(r.Dy()-th)/2+th)
	}
	cw, ch := crop.Dx(), crop.Dy()
	tw, th := to.Dx(), to.Dy()
	if cw <= 0 || ch <= 0 || tw <= 0 || th <= 0 {
		return
	}
	for y := 0; y < th; y++ {
		sy0 := crop.Min.Y + y*ch/th
		sy1 := max(sy0+1, crop.Min.Y+(y+1)*ch/th)
		for x := 0; x < tw; x++ {
			sx0 := crop.Min.X + x*cw/tw
			sx1 := max(sx0+1, crop.Min.X+(x+1)*cw/tw)
			var r, g, b, a, n uint64
			for sy := sy0; sy < sy1; sy++ {
				for sx := sx0; sx < sx1; sx++ {
					pr, pg, pb, pa := src.At(sx, sy).RGBA() // premultiplied, 16 bits
					r, g, b, a, n = r+uint64(pr), g+uint64(pg), b+uint64(pb), a+uint64(pa), n+1
				}
			}
			r, g, b, a = r/n, g/n, b/n, a/n
			i := 3 * ((to.Min.Y+y)*w + to.Min.X + x)
			if i < 0 || i+3 > len(dst) {
				continue
			}
			inv := 0xffff - a
			dst[i] = byte((r + uint64(dst[i])*0x101*inv/0xffff) >> 8)
			dst[i+1] = byte((g + uint64(dst[i+1])*0x101*inv/0xffff) >> 8)
			dst[i+2] = byte((b + uint64(dst[i+2])*0x101*inv/0xffff) >> 8)
		}
	}
}
