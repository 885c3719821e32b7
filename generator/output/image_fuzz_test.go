package output

import (
	"bytes"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"strings"
	"testing"
)

// The fuzz targets feed CleanImage arbitrary bytes under each extension.
// CleanImage must never panic; when it accepts a file, the output must be
// readable (DecodeConfig for JPEG, PNG and GIF, the RIFF structure for
// WebP) with the input's dimensions, hold no metadata container, be
// returned unchanged by a second cleaning, and not grow.

func imgtFuzzSeed(f *testing.F, ext string) {
	for _, s := range imgtSeeds(f)[ext] {
		f.Add(s)
	}
}

// imgtFuzzCommon checks what holds for every format and reports whether
// the input was accepted.
func imgtFuzzCommon(t *testing.T, name string, in []byte) ([]byte, bool) {
	out, err := CleanImage(name, in)
	if err != nil {
		if out != nil {
			t.Fatalf("output returned with the error %v", err)
		}
		if !strings.HasPrefix(err.Error(), name+": ") || strings.ContainsAny(err.Error(), "\n\r") {
			t.Fatalf("error %q is not one line naming the file", err)
		}
		return nil, false
	}
	if len(out) > len(in)+64 {
		t.Fatalf("output grew from %d to %d bytes", len(in), len(out))
	}
	again, err := CleanImage(name, out)
	if err != nil {
		t.Fatalf("the output is refused when cleaned again: %v", err)
	}
	if !bytes.Equal(again, out) {
		t.Fatalf("cleaning twice changed the output")
	}
	return out, true
}

// imgtFuzzSameConfig checks the output's header reads like the input's.
func imgtFuzzSameConfig(t *testing.T, in, out []byte, decodeConfig func(io.Reader) (image.Config, error)) {
	a, err := decodeConfig(bytes.NewReader(in))
	if err != nil {
		t.Fatalf("an input DecodeConfig refuses was accepted: %v", err)
	}
	b, err := decodeConfig(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("the output fails DecodeConfig: %v", err)
	}
	if a.Width != b.Width || a.Height != b.Height {
		t.Fatalf("size changed from %dx%d to %dx%d", a.Width, a.Height, b.Width, b.Height)
	}
	if _, _, err := image.DecodeConfig(bytes.NewReader(out)); err != nil {
		t.Fatalf("the output fails image.DecodeConfig: %v", err)
	}
}

func FuzzCleanImageJPEG(f *testing.F) {
	imgtFuzzSeed(f, ".jpg")
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xD9})
	f.Fuzz(func(t *testing.T, in []byte) {
		out, ok := imgtFuzzCommon(t, "photo.jpg", in)
		if !ok {
			return
		}
		imgtFuzzSameConfig(t, in, out, jpeg.DecodeConfig)
		segs, atEOI := imgtJPEGSegments(t, out)
		if !atEOI {
			t.Fatalf("bytes after EOI")
		}
		for _, s := range segs {
			switch m := s.marker; {
			case m == 0xE1:
				if len(s.payload) != 32 || !bytes.HasPrefix(s.payload, []byte("Exif\x00\x00MM")) {
					t.Fatalf("APP1 %q is not a minimal orientation", s.payload)
				}
			case m == 0xE0 && len(s.payload) != 14,
				m == 0xE2 && !bytes.HasPrefix(s.payload, []byte("ICC_PROFILE\x00")),
				m == 0xEE && !bytes.HasPrefix(s.payload, []byte("Adobe")),
				m > 0xE2 && m < 0xEE || m == 0xEF || m >= 0xF0 && m <= 0xFE:
				t.Fatalf("segment 0x%02X %q kept", m, s.payload)
			}
		}
	})
}

func FuzzCleanImagePNG(f *testing.F) {
	imgtFuzzSeed(f, ".png")
	f.Fuzz(func(t *testing.T, in []byte) {
		out, ok := imgtFuzzCommon(t, "scan.png", in)
		if !ok {
			return
		}
		imgtFuzzSameConfig(t, in, out, png.DecodeConfig)
		for _, c := range imgtPNGChunks(t, out) {
			if !pngKeep[c.typ] && !(c.typ == "eXIf" && len(c.body) == 26) {
				t.Fatalf("chunk %s kept", c.typ)
			}
		}
	})
}

func FuzzCleanImageGIF(f *testing.F) {
	imgtFuzzSeed(f, ".gif")
	f.Fuzz(func(t *testing.T, in []byte) {
		out, ok := imgtFuzzCommon(t, "anim.gif", in)
		if !ok {
			return
		}
		imgtFuzzSameConfig(t, in, out, gif.DecodeConfig)
		for _, b := range imgtGIFBlocks(t, out) {
			if b != "image" && b != "trailer" && b != "ext F9" && b != "ext FF NETSCAPE2.0" {
				t.Fatalf("block %s kept", b)
			}
		}
	})
}

func FuzzCleanImageWebP(f *testing.F) {
	imgtFuzzSeed(f, ".webp")
	f.Add([]byte("RIFF\x01\x00\x00\x00WEBP"))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, ok := imgtFuzzCommon(t, "photo.webp", in)
		if !ok {
			return
		}
		cs := imgtWebPChunks(t, out)
		if len(cs) == 0 {
			t.Fatalf("no chunks")
		}
		for i, c := range cs {
			switch c.fourcc {
			case "VP8X":
				if i != 0 || c.data[0]&0x04 != 0 {
					t.Fatalf("VP8X at %d with flags %#x", i, c.data[0])
				}
				if c.data[0]&0x08 != 0 && !bytes.Contains(out, []byte("EXIF\x1a\x00\x00\x00MM")) {
					t.Fatalf("EXIF flag without a minimal EXIF chunk")
				}
			case "EXIF":
				if len(c.data) != 26 {
					t.Fatalf("EXIF chunk of %d bytes kept", len(c.data))
				}
			case "VP8 ", "VP8L", "ICCP", "ANIM", "ANMF", "ALPH":
			default:
				t.Fatalf("chunk %q kept", c.fourcc)
			}
		}
		if cs[0].fourcc != "VP8X" && len(cs) != 1 {
			t.Fatalf("a simple WebP kept %d chunks", len(cs))
		}
		if cs[0].fourcc != "VP8X" {
			w, h, err := webpFrameSize(webpChunk{cs[0].fourcc, cs[0].data})
			if err != nil || uint64(w)*uint64(h) == 0 || uint64(w)*uint64(h) > MaxImagePixels {
				t.Fatalf("accepted a %dx%d image (%v)", w, h, err)
			}
		} else if d := cs[0].data; uint64(1+int(d[4])|int(d[5])<<8|int(d[6])<<16)*uint64(1+int(d[7])|int(d[8])<<8|int(d[9])<<16) > MaxImagePixels {
			t.Fatalf("accepted an oversized canvas")
		}
	})
}

func FuzzCleanImageSVG(f *testing.F) {
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>`))
	f.Add([]byte(`<!DOCTYPE svg [<!ENTITY a "x">]><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="https://e.org/&a;">&a;</a></svg>`))
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg"><a href="jav&#x61;script:alert(1)">x</a><set attributeName="href" to="#a"/></svg>`))
	f.Add([]byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="x()"><script>1</script></svg>`))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := CleanImage("chart.svg", in)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "chart.svg: ") || strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("error %q is not one line naming the file", err)
			}
			return
		}
		if !bytes.Equal(out, in) {
			t.Fatalf("an accepted SVG was changed")
		}
		low := bytes.ToLower(in)
		for _, bad := range []string{"<script", "<foreignobject"} {
			for rest := low; ; {
				i := bytes.Index(rest, []byte(bad))
				if i < 0 {
					break
				}
				rest = rest[i+len(bad):]
				if len(rest) == 0 || bytes.ContainsAny(rest[:1], " \t\r\n/>") {
					t.Fatalf("accepted an SVG with %s", bad)
				}
			}
		}
	})
}
