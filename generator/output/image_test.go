package output

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// Strings that must never survive cleaning: they are only in metadata.
var imgtSecrets = []string{
	"Jane Doe", "SECRET", "http://ns.adobe.com", "Photoshop 3.0", "MOTION-VIDEO",
	string(binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(nil, 2592), 100)), // GPS seconds 2592/100
}

func imgtNoSecrets(t *testing.T, out []byte) {
	t.Helper()
	for _, s := range imgtSecrets {
		if bytes.Contains(out, []byte(s)) {
			t.Errorf("output still holds %q", s)
		}
	}
}

// imgtErrStyle checks an error is one line, starts with the file name and
// a lower-case word, and says what to do.
func imgtErrStyle(t *testing.T, name string, err error) {
	t.Helper()
	msg := err.Error()
	rest, ok := strings.CutPrefix(msg, name+": ")
	if !ok {
		t.Errorf("error %q does not start with %q", msg, name+": ")
		return
	}
	if strings.ContainsAny(msg, "\n\r") {
		t.Errorf("error %q is not one line", msg)
	}
	if r := []rune(rest)[0]; unicode.IsUpper(r) && !strings.HasPrefix(rest, "SVG") && !strings.HasPrefix(rest, "PNG") {
		t.Errorf("error %q does not start in lower case", msg)
	}
	if !strings.Contains(rest, "; ") {
		t.Errorf("error %q does not say what to do", msg)
	}
}

func imgtGradient(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.Set(x, y, color.RGBA{uint8(x * 7), uint8(y * 11), uint8(x*y + 3), 255})
		}
	}
	return m
}

func imgtReadFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "images", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// --- JPEG builders ------------------------------------------------------------

func imgtJPEG(t testing.TB, m image.Image, quality int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: quality}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// imgtSeg is a JPEG marker segment: FF, marker, length, payload.
func imgtSeg(marker byte, payload []byte) []byte {
	s := []byte{0xFF, marker}
	s = binary.BigEndian.AppendUint16(s, uint16(2+len(payload)))
	return append(s, payload...)
}

// imgtSpliceJPEG puts segments right after SOI and appends trailer after EOI.
func imgtSpliceJPEG(jpg []byte, trailer []byte, segs ...[]byte) []byte {
	out := append([]byte(nil), jpg[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	out = append(out, jpg[2:]...)
	return append(out, trailer...)
}

type imgtTag struct {
	tag, typ uint16
	count    uint32
	value    []byte
}

func imgtIFDSize(tags []imgtTag) int {
	n := 2 + 12*len(tags) + 4
	for _, t := range tags {
		if len(t.value) > 4 {
			n += len(t.value) + len(t.value)&1
		}
	}
	return n
}

func imgtIFD(bo binary.AppendByteOrder, off int, tags []imgtTag, next int) []byte {
	b := bo.AppendUint16(nil, uint16(len(tags)))
	dataOff := off + 2 + 12*len(tags) + 4
	var data []byte
	for _, t := range tags {
		b = bo.AppendUint16(b, t.tag)
		b = bo.AppendUint16(b, t.typ)
		b = bo.AppendUint32(b, t.count)
		if len(t.value) <= 4 {
			v := make([]byte, 4)
			copy(v, t.value)
			b = append(b, v...)
		} else {
			b = bo.AppendUint32(b, uint32(dataOff+len(data)))
			data = append(data, t.value...)
			if len(t.value)&1 == 1 {
				data = append(data, 0)
			}
		}
	}
	b = bo.AppendUint32(b, uint32(next))
	return append(b, data...)
}

// imgtExif builds a TIFF structure as cameras write it: IFD0 with Make,
// Orientation (when orientation > 0) and a GPS IFD pointer, the GPS IFD
// with latitude and longitude, and IFD1 with a JPEG thumbnail (when thumb
// is not nil).
func imgtExif(bo binary.AppendByteOrder, orientation int, gps bool, thumb []byte) []byte {
	u16 := func(v int) []byte { return bo.AppendUint16(nil, uint16(v)) }
	u32 := func(v int) []byte { return bo.AppendUint32(nil, uint32(v)) }
	rat := func(vs ...int) []byte {
		var b []byte
		for _, v := range vs {
			b = bo.AppendUint32(b, uint32(v))
		}
		return b
	}
	ifd0 := []imgtTag{{0x010F, 2, 10, []byte("SECRETCAM\x00")}}
	if orientation > 0 {
		ifd0 = append(ifd0, imgtTag{0x0112, 3, 1, u16(orientation)})
	}
	gpsAt := len(ifd0)
	if gps {
		ifd0 = append(ifd0, imgtTag{0x8825, 4, 1, nil}) // filled below
	}
	gpsTags := []imgtTag{
		{0x0001, 2, 2, []byte("N\x00")},
		{0x0002, 5, 3, rat(51, 1, 30, 1, 2592, 100)},
		{0x0003, 2, 2, []byte("W\x00")},
		{0x0004, 5, 3, rat(0, 1, 7, 1, 3936, 100)},
	}
	offGPS := 8 + imgtIFDSize(ifd0)
	offIFD1 := offGPS
	if gps {
		ifd0[gpsAt].value = u32(offGPS)
		offIFD1 += imgtIFDSize(gpsTags)
	}
	next := 0
	if thumb != nil {
		next = offIFD1
	}
	var t []byte
	if bo == binary.LittleEndian {
		t = append(t, 'I', 'I')
	} else {
		t = append(t, 'M', 'M')
	}
	t = bo.AppendUint16(t, 42)
	t = bo.AppendUint32(t, 8)
	t = append(t, imgtIFD(bo, 8, ifd0, next)...)
	if gps {
		t = append(t, imgtIFD(bo, offGPS, gpsTags, 0)...)
	}
	if thumb != nil {
		ifd1 := []imgtTag{{0x0103, 3, 1, u16(6)}, {0x0201, 4, 1, nil}, {0x0202, 4, 1, u32(len(thumb))}}
		ifd1[1].value = u32(offIFD1 + imgtIFDSize(ifd1))
		t = append(t, imgtIFD(bo, offIFD1, ifd1, 0)...)
		t = append(t, thumb...)
	}
	return t
}

// imgtThumb is a small JPEG carrying a secret in a comment, as a camera
// thumbnail might carry the picture itself.
func imgtThumb(t testing.TB) []byte {
	return imgtSpliceJPEG(imgtJPEG(t, imgtGradient(8, 6), 50), nil, imgtSeg(0xFE, []byte("THUMB-SECRET")))
}

var (
	imgtXMP   = imgtSeg(0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><dc:creator>Jane Doe</dc:creator></x:xmpmeta>"))
	imgtCOM   = imgtSeg(0xFE, []byte("Patient: Jane Doe, MRN 123456"))
	imgtIPTC  = imgtSeg(0xED, []byte("Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0c\x1c\x02\x50\x00\x08Jane Doe"))
	imgtICC   = imgtSeg(0xE2, append([]byte("ICC_PROFILE\x00\x01\x01"), imgtICCProfile...))
	imgtMPF   = imgtSeg(0xE2, []byte("MPF\x00SECRET-second-image-index"))
	imgtAdobe = imgtSeg(0xEE, []byte("Adobe\x00\x64\x00\x00\x00\x00\x01")) // transform 1: YCbCr
	imgtDucky = imgtSeg(0xEC, []byte("Ducky\x00SECRET"))
	// JFIF 1.01 with a 2x1 RGB thumbnail.
	imgtJFIFThumb = imgtSeg(0xE0, []byte("JFIF\x00\x01\x01\x01\x00\x48\x00\x48\x02\x01SECRET"))
	imgtJFXX      = imgtSeg(0xE0, []byte("JFXX\x00\x10SECRET-thumbnail"))
)

// imgtICCProfile is an ICC profile with a header and one tag, enough for
// a reader to accept it.
var imgtICCProfile = func() []byte {
	p := make([]byte, 128)
	binary.BigEndian.PutUint32(p, 156)
	copy(p[12:], "mntrRGB XYZ ")
	copy(p[36:], "acsp")
	p = binary.BigEndian.AppendUint32(p, 1) // one tag: cprt at 144, 12 bytes
	p = append(p, "cprt"...)
	p = binary.BigEndian.AppendUint32(p, 144)
	p = binary.BigEndian.AppendUint32(p, 12)
	return append(p, "text\x00\x00\x00\x00CC0\x00"...)
}()

func imgtExifSeg(tiff []byte) []byte { return imgtSeg(0xE1, append([]byte("Exif\x00\x00"), tiff...)) }

// imgtMinimalExif is the APP1 payload CleanImage writes for an orientation:
// spelled out here byte by byte rather than built by the code under test.
func imgtMinimalExif(o int) []byte {
	return []byte{'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(o), 0, 0, 0, 0, 0, 0}
}

type imgtJSeg struct {
	marker  byte
	payload []byte
}

// imgtJPEGSegments lists the marker segments of a JPEG, scans skipped, and
// reports whether the file ends right after EOI.
func imgtJPEGSegments(t *testing.T, b []byte) (segs []imgtJSeg, endsAtEOI bool) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte{0xFF, 0xD8}) {
		t.Fatalf("no SOI")
	}
	p := 2
	for p+1 < len(b) {
		if b[p] != 0xFF {
			t.Fatalf("byte 0x%02X at %d is not a marker", b[p], p)
		}
		m := b[p+1]
		p += 2
		if m == 0xD9 {
			return segs, p == len(b)
		}
		if m >= 0xD0 && m <= 0xD7 {
			continue
		}
		n := int(binary.BigEndian.Uint16(b[p:]))
		segs = append(segs, imgtJSeg{m, b[p+2 : p+n]})
		p += n
		if m == 0xDA {
			for p+1 < len(b) && !(b[p] == 0xFF && b[p+1] != 0 && (b[p+1] < 0xD0 || b[p+1] > 0xD7)) {
				p++
			}
		}
	}
	t.Fatalf("no EOI")
	return nil, false
}

func imgtDecode(t *testing.T, b []byte) image.Image {
	t.Helper()
	m, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("output does not decode: %v", err)
	}
	return m
}

func imgtSamePixels(t *testing.T, in, out []byte) {
	t.Helper()
	a, b := imgtDecode(t, in), imgtDecode(t, out)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("pixels changed")
	}
}

func TestCleanImageJPEG(t *testing.T) {
	base := imgtJPEG(t, imgtGradient(40, 30), 90)
	thumb := imgtThumb(t)
	le, be := binary.LittleEndian, binary.BigEndian
	everything := func(exif []byte) [][]byte {
		return [][]byte{imgtJFIFThumb, exif, imgtXMP, imgtIPTC, imgtICC, imgtMPF, imgtAdobe, imgtDucky, imgtCOM, imgtJFXX}
	}
	cases := []struct {
		name        string
		segs        [][]byte
		trailer     []byte
		orientation int      // 0: no APP1 at all in the output
		keep        [][]byte // payloads that must survive as they are
	}{
		{name: "bare encoder output"},
		{name: "orientation 6, GPS, thumbnail, XMP, IPTC, COM, ICC, MPF, Adobe, trailer",
			segs: everything(imgtExifSeg(imgtExif(le, 6, true, thumb))), trailer: []byte("MOTION-VIDEO ftypmp42"),
			orientation: 6, keep: [][]byte{imgtICC[4:], imgtAdobe[4:]}},
		{name: "big-endian Exif, orientation 8", segs: [][]byte{imgtExifSeg(imgtExif(be, 8, true, thumb)), imgtXMP}, orientation: 8},
		{name: "orientation 1", segs: everything(imgtExifSeg(imgtExif(le, 1, true, thumb)))},
		{name: "no orientation, GPS", segs: [][]byte{imgtExifSeg(imgtExif(be, 0, true, nil)), imgtCOM}},
		{name: "orientation 9 is not an orientation", segs: [][]byte{imgtExifSeg(imgtExif(le, 9, true, nil))}},
		{name: "truncated Exif is dropped", segs: [][]byte{imgtExifSeg(imgtExif(le, 6, true, thumb)[:20])}},
		{name: "second Exif does not count", segs: [][]byte{imgtExifSeg(imgtExif(le, 0, true, nil)), imgtExifSeg(imgtExif(le, 3, false, nil))}},
		{name: "COM only", segs: [][]byte{imgtCOM}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := imgtSpliceJPEG(base, c.trailer, c.segs...)
			out, err := CleanImage("photo.jpg", in)
			if err != nil {
				t.Fatal(err)
			}
			imgtNoSecrets(t, out)
			if bytes.Contains(out, []byte("THUMB")) {
				t.Errorf("the Exif thumbnail survived")
			}
			segs, atEOI := imgtJPEGSegments(t, out)
			if !atEOI {
				t.Errorf("bytes after EOI survived")
			}
			var app1 [][]byte
			for _, s := range segs {
				switch {
				case s.marker == 0xE1:
					app1 = append(app1, s.payload)
				case s.marker == 0xE0:
					if len(s.payload) != 14 || !bytes.HasPrefix(s.payload, []byte("JFIF\x00")) || s.payload[12] != 0 || s.payload[13] != 0 {
						t.Errorf("APP0 %q kept with a thumbnail or not JFIF", s.payload)
					}
				case s.marker == 0xE2:
					if !bytes.HasPrefix(s.payload, []byte("ICC_PROFILE\x00")) {
						t.Errorf("APP2 %q kept", s.payload)
					}
				case s.marker == 0xEE:
				case s.marker >= 0xE0 && s.marker <= 0xEF || s.marker == 0xFE:
					t.Errorf("segment 0x%02X %q kept", s.marker, s.payload)
				}
			}
			for _, k := range c.keep {
				if !bytes.Contains(out, k) {
					t.Errorf("segment %q dropped", k)
				}
			}
			switch {
			case c.orientation == 0 && len(app1) > 0:
				t.Errorf("APP1 %q written for no orientation", app1)
			case c.orientation != 0 && (len(app1) != 1 || !bytes.Equal(app1[0], imgtMinimalExif(c.orientation))):
				t.Errorf("APP1 = %q, want only Orientation=%d", app1, c.orientation)
			}
			imgtSamePixels(t, in, out)
			// Cleaning is idempotent.
			again, err := CleanImage("photo.jpg", out)
			if err != nil || !bytes.Equal(again, out) {
				t.Errorf("cleaning twice changed the output (err %v)", err)
			}
		})
	}
}

// TestCleanImageFixtures cleans images written by other tools.
func TestCleanImageFixtures(t *testing.T) {
	for _, name := range []string{"photo-exiftool.jpg", "progressive.jpg", "restart.jpg", "scan-exiftool.png", "anim-exiftool.gif", "photo-exiftool.webp", "lossy.webp", "lossless.webp", "anim.webp"} {
		t.Run(name, func(t *testing.T) {
			in := imgtReadFile(t, name)
			out, err := CleanImage(name, in)
			if err != nil {
				t.Fatal(err)
			}
			imgtNoSecrets(t, out)
			if len(out) >= len(in) && strings.Contains(name, "exiftool") {
				t.Errorf("output is %d bytes, input %d: nothing removed", len(out), len(in))
			}
			if !strings.HasSuffix(name, ".webp") {
				imgtSamePixels(t, in, out)
			}
			if name == "progressive.jpg" {
				segs, _ := imgtJPEGSegments(t, out)
				scans := 0
				for _, s := range segs {
					if s.marker == 0xDA {
						scans++
					}
				}
				if scans < 2 {
					t.Errorf("scans lost: %d left", scans)
				}
			}
			if name == "restart.jpg" && !bytes.Contains(out, []byte{0xFF, 0xD0}) {
				t.Errorf("restart markers lost")
			}
		})
	}
}

// --- PNG ----------------------------------------------------------------------

func imgtPNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func imgtChunk(typ string, body []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(body)))
	c = append(c, typ...)
	c = append(c, body...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// imgtSplicePNG puts chunks after IHDR and before IEND.
func imgtSplicePNG(p []byte, afterIHDR, beforeIEND [][]byte) []byte {
	out := append([]byte(nil), p[:8+25]...)
	for _, c := range afterIHDR {
		out = append(out, c...)
	}
	out = append(out, p[33:len(p)-12]...)
	for _, c := range beforeIEND {
		out = append(out, c...)
	}
	return append(out, p[len(p)-12:]...)
}

type imgtPChunk struct {
	typ  string
	body []byte
}

// imgtPNGChunks lists the chunks of a PNG, failing on a bad CRC.
func imgtPNGChunks(t *testing.T, b []byte) []imgtPChunk {
	t.Helper()
	var cs []imgtPChunk
	for p := 8; p < len(b); {
		n := int(binary.BigEndian.Uint32(b[p:]))
		c := b[p : p+12+n]
		if crc32.ChecksumIEEE(c[4:8+n]) != binary.BigEndian.Uint32(c[8+n:]) {
			t.Errorf("bad CRC in %s", c[4:8])
		}
		cs = append(cs, imgtPChunk{string(c[4:8]), c[8 : 8+n]})
		p += 12 + n
	}
	return cs
}

func TestCleanImagePNG(t *testing.T) {
	rgb := imgtPNG(t, imgtGradient(40, 30))
	pal := image.NewPaletted(image.Rect(0, 0, 20, 10), color.Palette{color.Transparent, color.Black, color.RGBA{200, 10, 10, 255}})
	for i := range pal.Pix {
		pal.Pix[i] = uint8(i % 3)
	}
	paletted := imgtPNG(t, pal)
	text := imgtChunk("tEXt", []byte("Patient\x00Jane Doe"))
	ztxt := imgtChunk("zTXt", []byte("Comment\x00\x00x\x9c\x0b\x76\x75\x0e\x72\x0d\x01\x00\x07\x0a\x01\xd5")) // "SECRET" deflated
	itxt := imgtChunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00<x:xmpmeta>Jane Doe</x:xmpmeta>"))
	tIME := imgtChunk("tIME", []byte{0x07, 0xE8, 3, 12, 9, 15, 0})
	exif6 := imgtChunk("eXIf", imgtExif(binary.BigEndian, 6, true, nil))
	exif1 := imgtChunk("eXIf", append([]byte("Exif\x00\x00"), imgtExif(binary.LittleEndian, 1, true, nil)...))
	private := imgtChunk("prVt", []byte("SECRET"))
	bkgd := imgtChunk("bKGD", []byte{0, 1, 0, 1, 0, 1})
	gama := imgtChunk("gAMA", []byte{0, 0, 0xB1, 0x8F})
	phys := imgtChunk("pHYs", []byte{0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1})
	iccp := imgtChunk("iCCP", []byte("ICC profile\x00\x00x\x9c\x03\x00\x00\x00\x00\x01"))
	cases := []struct {
		name             string
		in               []byte
		before, after    [][]byte
		want             []string // chunk types of the output, in order
		orientationChunk bool
	}{
		{name: "bare encoder output", in: rgb, want: []string{"IHDR", "IDAT", "IEND"}},
		{name: "text, time, exif with orientation 6, private, colour chunks", in: rgb,
			before: [][]byte{gama, text, phys, ztxt, iccp, exif6, itxt, tIME, private, bkgd}, after: [][]byte{text, itxt, tIME},
			want: []string{"IHDR", "gAMA", "pHYs", "iCCP", "eXIf", "IDAT", "IEND"}, orientationChunk: true},
		{name: "exif with orientation 1", in: rgb, before: [][]byte{exif1, text},
			want: []string{"IHDR", "IDAT", "IEND"}},
		{name: "eXIf after the image data is not read", in: rgb, after: [][]byte{exif6},
			want: []string{"IHDR", "IDAT", "IEND"}},
		{name: "paletted with tRNS", in: paletted, before: [][]byte{text}, after: [][]byte{tIME},
			want: []string{"IHDR", "PLTE", "tRNS", "IDAT", "IEND"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := imgtSplicePNG(c.in, c.before, c.after)
			out, err := CleanImage("scan.png", in)
			if err != nil {
				t.Fatal(err)
			}
			imgtNoSecrets(t, out)
			var got []string
			for _, ch := range imgtPNGChunks(t, out) {
				got = append(got, ch.typ)
				if ch.typ == "eXIf" && !bytes.Equal(ch.body, imgtMinimalExif(6)[6:]) {
					t.Errorf("eXIf = %q, want only Orientation=6", ch.body)
				}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("chunks %v, want %v", got, c.want)
			}
			imgtSamePixels(t, in, out)
			if again, err := CleanImage("scan.png", out); err != nil || !bytes.Equal(again, out) {
				t.Errorf("cleaning twice changed the output (err %v)", err)
			}
		})
	}
}

func TestCleanImagePNGRefused(t *testing.T) {
	rgb := imgtPNG(t, imgtGradient(10, 10))
	badCRC := append([]byte(nil), rgb...)
	badCRC[len(badCRC)-12-1] ^= 0xFF // last byte of the IDAT CRC
	cases := []struct {
		name string
		in   []byte
		want string
	}{
		{"unknown critical chunk", imgtSplicePNG(rgb, [][]byte{imgtChunk("ABCD", []byte("x"))}, nil), "chunk ABCD that browsers cannot show"},
		{"bad IDAT checksum", badCRC, "bad checksum in the IDAT chunk"},
		{"no IEND", rgb[:len(rgb)-12], "ends before the IEND chunk"},
		{"no IDAT", append(append([]byte(nil), rgb[:33]...), rgb[len(rgb)-12:]...), "no image data"},
		{"bad chunk name", imgtSplicePNG(rgb, [][]byte{imgtChunk("a b ", nil)}, nil), "bad name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := CleanImage("scan.png", c.in)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
			if out != nil {
				t.Errorf("output returned with the error")
			}
			imgtErrStyle(t, "scan.png", err)
		})
	}
}

// --- WebP ---------------------------------------------------------------------

func imgtRIFF(chunks ...[]byte) []byte {
	body := []byte("WEBP")
	for _, c := range chunks {
		body = append(body, c...)
	}
	out := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...)
	return append(out, body...)
}

func imgtWebPChunk(fourcc string, data []byte) []byte {
	c := append([]byte(fourcc), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
	c = append(c, data...)
	if len(data)%2 == 1 {
		c = append(c, 0)
	}
	return c
}

func imgtVP8X(flags byte, w, h int) []byte {
	d := []byte{flags, 0, 0, 0, byte(w - 1), byte((w - 1) >> 8), byte((w - 1) >> 16), byte(h - 1), byte((h - 1) >> 8), byte((h - 1) >> 16)}
	return imgtWebPChunk("VP8X", d)
}

type imgtWChunk struct {
	fourcc string
	data   []byte
}

// imgtWebPChunks checks the RIFF size and padding and lists the chunks.
func imgtWebPChunks(t *testing.T, b []byte) []imgtWChunk {
	t.Helper()
	if string(b[:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		t.Fatalf("not RIFF WEBP")
	}
	if size := binary.LittleEndian.Uint32(b[4:]); int(size) != len(b)-8 {
		t.Errorf("RIFF size %d, file has %d bytes after it", size, len(b)-8)
	}
	var cs []imgtWChunk
	for p := 12; p < len(b); {
		n := int(binary.LittleEndian.Uint32(b[p+4:]))
		cs = append(cs, imgtWChunk{string(b[p : p+4]), b[p+8 : p+8+n]})
		p += 8 + n + n%2
		if p > len(b) {
			t.Errorf("chunk %s runs past the end", cs[len(cs)-1].fourcc)
		}
	}
	return cs
}

// imgtWebPImage returns the first image chunk of a simple WebP fixture,
// with its padding.
func imgtWebPImage(t testing.TB, name string) []byte {
	b := imgtReadFile(t, name)
	n := int(binary.LittleEndian.Uint32(b[16:]))
	return b[12 : 12+8+n+n%2]
}

func TestCleanImageWebP(t *testing.T) {
	vp8l := imgtWebPImage(t, "lossless.webp") // whole chunk
	vp8 := imgtWebPImage(t, "lossy.webp")
	exif6 := imgtWebPChunk("EXIF", imgtExif(binary.LittleEndian, 6, true, imgtThumb(t)))
	exif0 := imgtWebPChunk("EXIF", append([]byte("Exif\x00\x00"), imgtExif(binary.BigEndian, 0, true, nil)...))
	xmp := imgtWebPChunk("XMP ", []byte("<x:xmpmeta>Jane Doe</x:xmpmeta>"))
	iccp := imgtWebPChunk("ICCP", []byte("fake-profile"))
	unknown := imgtWebPChunk("ABCD", []byte("SECRET!")) // odd length: padded
	const icc, exifFlag, xmpFlag, anim = 0x20, 0x08, 0x04, 0x02
	frameHeader := []byte{0, 0, 0, 0, 0, 0, 31, 0, 0, 23, 0, 0, 100, 0, 0, 0} // at 0,0, 32x24, 100 ms
	cases := []struct {
		name   string
		in     []byte
		want   []string
		flags  byte
		image  []byte // the image chunk that must survive byte for byte
		orient bool
	}{
		{name: "simple lossless", in: imgtRIFF(vp8l), want: []string{"VP8L"}, image: vp8l},
		{name: "simple lossy with chunks after it", in: imgtRIFF(vp8, exif6, xmp), want: []string{"VP8 "}, image: vp8},
		{name: "extended: ICC, EXIF orientation 6, XMP, unknown",
			in:   imgtRIFF(imgtVP8X(icc|exifFlag|xmpFlag, 32, 24), iccp, vp8l, exif6, xmp, unknown),
			want: []string{"VP8X", "ICCP", "VP8L", "EXIF"}, flags: icc | exifFlag, image: vp8l, orient: true},
		{name: "extended: EXIF without orientation, XMP",
			in:   imgtRIFF(imgtVP8X(exifFlag|xmpFlag, 32, 24), vp8, exif0, xmp),
			want: []string{"VP8X", "VP8 "}, image: vp8},
		{name: "animation with XMP and a chunk hidden in a frame",
			in: imgtRIFF(imgtVP8X(anim|xmpFlag, 32, 24), imgtWebPChunk("ANIM", make([]byte, 6)),
				imgtWebPChunk("ANMF", imgtCat(frameHeader, vp8l, unknown)), imgtWebPChunk("ANMF", imgtCat(frameHeader, vp8)), xmp),
			want: []string{"VP8X", "ANIM", "ANMF", "ANMF"}, flags: anim, image: imgtWebPChunk("ANMF", imgtCat(frameHeader, vp8l))},
		{name: "trailing bytes after the RIFF size",
			in:   append(imgtRIFF(vp8l), []byte("SECRET trailer")...),
			want: []string{"VP8L"}, image: vp8l},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := CleanImage("photo.webp", c.in)
			if err != nil {
				t.Fatal(err)
			}
			imgtNoSecrets(t, out)
			cs := imgtWebPChunks(t, out)
			var got []string
			for _, ch := range cs {
				got = append(got, ch.fourcc)
				switch ch.fourcc {
				case "VP8X":
					if ch.data[0] != c.flags {
						t.Errorf("VP8X flags %#x, want %#x", ch.data[0], c.flags)
					}
				case "EXIF":
					if !bytes.Equal(ch.data, imgtMinimalExif(6)[6:]) {
						t.Errorf("EXIF = %q, want only Orientation=6", ch.data)
					}
				}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("chunks %v, want %v", got, c.want)
			}
			if !bytes.Contains(out, c.image) {
				t.Errorf("the image chunk changed")
			}
			if again, err := CleanImage("photo.webp", out); err != nil || !bytes.Equal(again, out) {
				t.Errorf("cleaning twice changed the output (err %v)", err)
			}
		})
	}
}

// --- GIF ----------------------------------------------------------------------

func imgtGIF(t testing.TB) []byte {
	t.Helper()
	m := imgtGradient(24, 16)
	var frames []*image.Paletted
	for i := 0; i < 2; i++ {
		p := image.NewPaletted(m.Bounds(), palette.WebSafe)
		draw.Draw(p, p.Bounds(), m, image.Point{}, draw.Src)
		p.Pix[i] = 5
		frames = append(frames, p)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, &gif.GIF{Image: frames, Delay: []int{10, 20}, LoopCount: 3}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// imgtGIFHeader is the length of header, screen descriptor and global
// colour table.
func imgtGIFHeader(b []byte) int {
	n := 13
	if b[10]&0x80 != 0 {
		n += 3 << (b[10]&7 + 1)
	}
	return n
}

func imgtSubBlocks(data []byte) []byte {
	var out []byte
	for len(data) > 0 {
		n := min(len(data), 255)
		out = append(out, byte(n))
		out = append(out, data[:n]...)
		data = data[n:]
	}
	return append(out, 0)
}

// imgtGIFBlocks lists the blocks after the header: "ext F9", "image", ...
func imgtGIFBlocks(t *testing.T, b []byte) []string {
	t.Helper()
	var bs []string
	p := imgtGIFHeader(b)
	for p < len(b) {
		switch b[p] {
		case 0x3B:
			if p != len(b)-1 {
				t.Errorf("bytes after the trailer")
			}
			return append(bs, "trailer")
		case 0x21:
			name := fmt.Sprintf("ext %02X", b[p+1])
			if b[p+1] == 0xFF {
				name += " " + string(b[p+3:p+14])
			}
			bs = append(bs, name)
			p, _ = gifSkipSubBlocks(b, p+2)
		case 0x2C:
			bs = append(bs, "image")
			q := p + 10
			if b[p+9]&0x80 != 0 {
				q += 3 << (b[p+9]&7 + 1)
			}
			p, _ = gifSkipSubBlocks(b, q+1)
		default:
			t.Fatalf("bad block 0x%02X", b[p])
		}
	}
	t.Fatalf("no trailer")
	return nil
}

func TestCleanImageGIF(t *testing.T) {
	base := imgtGIF(t)
	h := imgtGIFHeader(base)
	comment := append([]byte{0x21, 0xFE}, imgtSubBlocks([]byte("Patient: Jane Doe"))...)
	xmp := append([]byte{0x21, 0xFF, 11}, "XMP DataXMP"...)
	xmp = append(xmp, imgtSubBlocks([]byte("<x:xmpmeta>Jane Doe</x:xmpmeta>"))...)
	gce := []byte{0x21, 0xF9, 4, 0, 0, 0, 0, 0}
	plain := append([]byte{0x21, 0x01, 12, 0, 0, 0, 0, 8, 0, 8, 0, 8, 8, 1, 0}, imgtSubBlocks([]byte("SECRET text"))...)
	unknown := append([]byte{0x21, 0x99}, imgtSubBlocks([]byte("SECRET"))...)
	// A looping extension with an extra sub-block smuggling data.
	netscapeExtra := append([]byte{0x21, 0xFF, 11}, "NETSCAPE2.0"...)
	netscapeExtra = append(netscapeExtra, 3, 1, 3, 0, 6)
	netscapeExtra = append(netscapeExtra, "SECRET"...)
	netscapeExtra = append(netscapeExtra, 0)
	stripNetscape := func(b []byte) []byte { // base without its own NETSCAPE2.0 block
		i := bytes.Index(b, []byte("\x21\xFF\x0BNETSCAPE2.0"))
		return append(append([]byte(nil), b[:i]...), b[i+19:]...)
	}
	cases := []struct {
		name string
		in   []byte
		want []string
	}{
		{"bare encoder output", base, []string{"ext FF NETSCAPE2.0", "ext F9", "image", "ext F9", "image", "trailer"}},
		{"comment, XMP, plain text, unknown, trailer bytes",
			imgtCat(base[:h], comment, xmp, gce, plain, unknown, base[h:len(base)-1], comment, []byte{0x3B}, []byte("SECRET")),
			[]string{"ext FF NETSCAPE2.0", "ext F9", "image", "ext F9", "image", "trailer"}},
		{"looping extension with an extra sub-block",
			func() []byte {
				b := stripNetscape(base)
				h := imgtGIFHeader(b)
				return imgtCat(b[:h], netscapeExtra, b[h:])
			}(),
			[]string{"ext FF NETSCAPE2.0", "ext F9", "image", "ext F9", "image", "trailer"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := CleanImage("anim.gif", c.in)
			if err != nil {
				t.Fatal(err)
			}
			imgtNoSecrets(t, out)
			if got := imgtGIFBlocks(t, out); !reflect.DeepEqual(got, c.want) {
				t.Errorf("blocks %v, want %v", got, c.want)
			}
			// Compared with the encoder's own file: image/gif refuses some of
			// the extensions spliced into the input.
			a, err1 := gif.DecodeAll(bytes.NewReader(base))
			b, err2 := gif.DecodeAll(bytes.NewReader(out))
			if err1 != nil || err2 != nil {
				t.Fatalf("decode: %v, %v", err1, err2)
			}
			if !reflect.DeepEqual(a.Image, b.Image) || !reflect.DeepEqual(a.Delay, b.Delay) || a.LoopCount != b.LoopCount {
				t.Errorf("frames, delays or loop count changed (loop %d -> %d)", a.LoopCount, b.LoopCount)
			}
		})
	}
}

func imgtCat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// --- Size limits, truncation, formats ---------------------------------------------

func TestCleanImageRefused(t *testing.T) {
	// A PNG that declares 100000x100000 pixels: IHDR with a valid CRC, then
	// IEND; no pixel data at all, so only the header can refuse it.
	ihdr := binary.BigEndian.AppendUint32(nil, 100000)
	ihdr = binary.BigEndian.AppendUint32(ihdr, 100000)
	ihdr = append(ihdr, 8, 2, 0, 0, 0)
	hugePNG := imgtCat(pngSignature, imgtChunk("IHDR", ihdr), imgtChunk("IEND", nil))
	zeroIHDR := append([]byte{0, 0, 0, 0, 0, 0, 0, 10}, ihdr[8:]...)
	zeroPNG := imgtCat(pngSignature, imgtChunk("IHDR", zeroIHDR), imgtChunk("IEND", nil))

	jpg := imgtJPEG(t, imgtGradient(16, 16), 80)
	sos, eoi := bytes.Index(jpg, []byte{0xFF, 0xDA}), len(jpg)-2
	progressive := imgtReadFile(t, "progressive.jpg")
	hugeJPEG := append([]byte(nil), jpg...)
	sof := bytes.Index(hugeJPEG, []byte{0xFF, 0xC0})
	binary.BigEndian.PutUint16(hugeJPEG[sof+5:], 20000)
	binary.BigEndian.PutUint16(hugeJPEG[sof+7:], 20000)

	g := imgtGIF(t)
	hugeGIF := append([]byte(nil), g...)
	binary.LittleEndian.PutUint16(hugeGIF[6:], 65535)
	binary.LittleEndian.PutUint16(hugeGIF[8:], 65535)
	hugeFrame := append([]byte(nil), g...)
	img := bytes.IndexByte(hugeFrame[imgtGIFHeader(g):], 0x2C) + imgtGIFHeader(g)
	binary.LittleEndian.PutUint16(hugeFrame[img+5:], 60000)
	binary.LittleEndian.PutUint16(hugeFrame[img+7:], 60000)

	vp8l := imgtWebPImage(t, "lossless.webp")
	vp8 := imgtWebPImage(t, "lossy.webp")
	hugeCanvas := imgtRIFF(imgtVP8X(0, 16384, 16384), vp8l)
	hugeVP8L := append([]byte(nil), vp8l...)
	binary.LittleEndian.PutUint32(hugeVP8L[9:], 0x3FFF|0x3FFF<<14) // 16384x16384, no alpha, version 0
	zeroVP8 := append([]byte(nil), vp8...)
	binary.LittleEndian.PutUint16(zeroVP8[8+6:], 0)
	mismatch := imgtRIFF(imgtVP8X(0, 33, 24), vp8l)

	cases := []struct {
		name string
		in   []byte
		want string
	}{
		{"huge.png", hugePNG, "100000x100000 pixels, over the limit of 50 megapixels; resize it"},
		{"zero.png", zeroPNG, "export it again"},
		{"huge.jpg", hugeJPEG, "20000x20000 pixels, over the limit of 50 megapixels"},
		{"huge.gif", hugeGIF, "65535x65535 pixels, over the limit"},
		{"frame.gif", hugeFrame, "a frame of the image is 60000x60000 pixels"},
		{"canvas.webp", hugeCanvas, "16384x16384 pixels, over the limit"},
		{"lossless.webp", imgtRIFF(hugeVP8L), "16384x16384 pixels, over the limit"},
		{"zero.webp", imgtRIFF(zeroVP8), "no pixels"},
		{"mismatch.webp", mismatch, "the image is 32x24 but the canvas 33x24"},
		{"no-image.webp", imgtRIFF(imgtVP8X(0, 32, 24), imgtWebPChunk("EXIF", imgtExif(binary.LittleEndian, 6, true, nil))), "no image data"},
		{"unknown.webp", imgtRIFF(imgtWebPChunk("ABCD", []byte("x"))), "unknown chunk ABCD"},
		{"empty.webp", imgtRIFF(), "no image data"},
		{"riff-size.webp", []byte("RIFF\x01\x00\x00\x00WEBP"), "the RIFF header has a bad size"}, // found by fuzzing
		{"png-named.jpg", hugePNG, "the file is a PNG image, not JPEG; rename it to end in .png"},
		{"jpeg-named.webp", jpg, "the file is a JPEG image, not WebP; rename it to end in .jpg"},
		{"text.png", []byte("hello, world"), "the file is not a PNG image"},
		{"svg-named.gif", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), "the file is a SVG image, not GIF; rename it to end in .svg"},
		{"empty.jpg", nil, "the file is not a JPEG image"},
		{"no-scan.jpg", imgtCat(jpg[:sos], []byte{0xFF, 0xD9}), "truncated or damaged"},
		{"cut-between-scans.jpg", progressive[:bytes.LastIndex(progressive, []byte{0xFF, 0xDA})], "it ends before the end-of-image marker"},
		// image/jpeg's DecodeConfig stops at the first scan: these are
		// after it, for the marker walk to find.
		{"second-soi.jpg", imgtCat(jpg[:eoi], []byte{0xFF, 0xD8}, jpg[eoi:]), "a second start-of-image marker"},
		{"reserved-marker.jpg", imgtCat(jpg[:eoi], []byte{0xFF, 0x02, 0, 2}, jpg[eoi:]), "unknown marker 0x02"},
		{"bad-length.jpg", imgtCat(jpg[:eoi], []byte{0xFF, 0xE5, 0, 1}, jpg[eoi:]), "bad length"},
		{"segment-past-end.jpg", imgtCat(jpg[:eoi], []byte{0xFF, 0xE5, 0, 200}, jpg[eoi:]), "it ends inside segment 0xE5"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := CleanImage(c.name, c.in)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
			if out != nil {
				t.Errorf("output returned with the error")
			}
			imgtErrStyle(t, c.name, err)
		})
	}
}

// imgtSeeds are whole files of every raster format, for the truncation
// test and the fuzz corpora.
func imgtSeeds(t testing.TB) map[string][][]byte {
	jpg := imgtJPEG(t, imgtGradient(24, 16), 80)
	return map[string][][]byte{
		".jpg": {
			jpg,
			imgtSpliceJPEG(jpg, nil, imgtJFIFThumb, imgtExifSeg(imgtExif(binary.LittleEndian, 6, true, imgtThumb(t))), imgtXMP, imgtICC, imgtCOM),
			imgtReadFile(t, "photo-exiftool.jpg"),
			imgtReadFile(t, "progressive.jpg"),
			imgtReadFile(t, "restart.jpg"),
		},
		".png": {
			imgtPNG(t, imgtGradient(12, 8)),
			imgtSplicePNG(imgtPNG(t, imgtGradient(12, 8)), [][]byte{imgtChunk("tEXt", []byte("Patient\x00Jane Doe")), imgtChunk("eXIf", imgtExif(binary.BigEndian, 6, true, nil))}, nil),
			imgtReadFile(t, "scan-exiftool.png"),
		},
		".webp": {
			imgtReadFile(t, "lossless.webp"),
			imgtReadFile(t, "lossy.webp"),
			imgtReadFile(t, "photo-exiftool.webp"),
			imgtReadFile(t, "anim.webp"),
			imgtRIFF(imgtVP8X(0x2C, 32, 24), imgtWebPChunk("ICCP", []byte("p")), imgtWebPImage(t, "lossless.webp"), imgtWebPChunk("EXIF", imgtExif(binary.LittleEndian, 6, true, nil)), imgtWebPChunk("XMP ", []byte("x"))),
		},
		".gif": {
			imgtGIF(t),
			imgtReadFile(t, "anim-exiftool.gif"),
		},
	}
}

func TestCleanImageTruncated(t *testing.T) {
	for ext, files := range imgtSeeds(t) {
		for i, f := range files {
			for _, n := range []int{len(f) - 1, len(f) - 2, len(f) * 3 / 4, len(f) / 2, 20, 11, 4} {
				name := fmt.Sprintf("cut%d-%d%s", i, n, ext)
				t.Run(name, func(t *testing.T) {
					out, err := CleanImage(name, f[:n])
					if err == nil {
						t.Fatalf("a file cut to %d of %d bytes was accepted (%d bytes out)", n, len(f), len(out))
					}
					imgtErrStyle(t, name, err)
				})
			}
		}
	}
}

func TestCleanImageOtherFiles(t *testing.T) {
	jpg := imgtReadFile(t, "photo-exiftool.jpg")
	for _, name := range []string{"notes.txt", "handout.pdf", "photo.jpg.orig", "README", "data.json"} {
		out, err := CleanImage(name, jpg)
		if err != nil || !bytes.Equal(out, jpg) {
			t.Errorf("%s: changed or refused (%v)", name, err)
		}
	}
	// The extension is matched in any case.
	out, err := CleanImage("static/IMG_0001.JPEG", jpg)
	if err != nil || bytes.Contains(out, []byte("Jane Doe")) {
		t.Errorf("IMG_0001.JPEG not cleaned (%v)", err)
	}
}

// --- SVG ----------------------------------------------------------------------

func TestCleanImageSVG(t *testing.T) {
	const head = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">`
	cleanPNG := base64.StdEncoding.EncodeToString(imgtPNG(t, imgtGradient(4, 4)))
	dirtyPNG := base64.StdEncoding.EncodeToString(imgtSplicePNG(imgtPNG(t, imgtGradient(4, 4)), [][]byte{imgtChunk("tEXt", []byte("Patient\x00Jane Doe"))}, nil))
	gpsJPEG := base64.StdEncoding.EncodeToString(imgtSpliceJPEG(imgtJPEG(t, imgtGradient(4, 4), 80), nil, imgtExifSeg(imgtExif(binary.LittleEndian, 1, true, nil))))
	ok := []struct{ name, svg string }{
		{"plain", head + `<rect width="10" height="10" fill="red"/></svg>`},
		{"links", head + `<defs><linearGradient id="g"/></defs><a href="https://example.org/x"><text>on load</text></a>` +
			`<a xlink:href="mailto:cme@example.org">m</a><use href="#g"/><use xlink:href="  #g"/><image href="img/chart.png" width="2" height="2"/>` +
			`<a href="//cdn.example.org/x.png">x</a><a href="http://example.org">h</a><a href="">e</a></svg>`},
		{"xml declaration, doctype, comment, style", `<?xml version="1.0" encoding="UTF-8" standalone="no"?>` + "\n" +
			`<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">` + "\n" +
			`<!-- Generator: Inkscape -->` + head + `<style>.a{fill:#fff}</style><rect class="a" width="1" height="1"/></svg>`},
		{"illustrator entities", `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
	<!ENTITY ns_svg "http://www.w3.org/2000/svg">
	<!ENTITY ns_xlink "http://www.w3.org/1999/xlink">
	<!ELEMENT svg ANY>
]><svg xmlns="&ns_svg;" xmlns:xlink="&ns_xlink;"><rect width="1" height="1"/></svg>`},
		{"embedded clean PNG", head + `<image href="data:image/png;base64,` + cleanPNG + `" width="4" height="4"/></svg>`},
		{"byte order mark", "\xEF\xBB\xBF" + head + `</svg>`},
		{"animation of a safe attribute", head + `<rect width="1" height="1"><animate attributeName="width" from="1" to="5" dur="1s"/></rect></svg>`},
	}
	for _, c := range ok {
		t.Run(c.name, func(t *testing.T) {
			in := []byte(c.svg)
			out, err := CleanImage("chart.svg", in)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, in) {
				t.Errorf("a clean SVG was changed")
			}
		})
	}
	refused := []struct{ name, svg, want string }{
		{"script", head + `<script>alert(1)</script></svg>`, "SVG with a <script> element is refused; export it without scripts"},
		{"namespaced script", `<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></s:svg>`, "<script> element is refused"},
		{"xhtml script", head + `<g><script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></g></svg>`, "<script> element is refused"},
		{"upper-case script", head + `<SCRIPT>alert(1)</SCRIPT></svg>`, "<SCRIPT> element is refused"},
		{"script in a comment", head + `<!-- <script>alert(1)</script> --></svg>`, "<script> element is refused"},
		{"onload", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`, "SVG with an event attribute onload= on <svg> is refused"},
		{"onclick inside", head + `<g><rect onClick="alert(1)"/></g></svg>`, "event attribute onClick="},
		{"javascript href", head + `<a href="javascript:alert(1)"><text>x</text></a></svg>`, "(scheme javascript:)"},
		{"javascript xlink:href", head + `<a xlink:href="javascript:alert(1)">x</a></svg>`, "(scheme javascript:)"},
		{"entity-encoded javascript", head + `<a href="jav&#x61;script:alert(1)">x</a></svg>`, "(scheme javascript:)"},
		{"decimal-encoded J", head + `<a href="&#106;avascript:alert(1)">x</a></svg>`, "(scheme javascript:)"},
		{"tab inside", head + "<a href=\"java\tscript:alert(1)\">x</a></svg>", "(scheme javascript:)"},
		{"encoded tab inside", head + `<a href="java&#9;script:alert(1)">x</a></svg>`, "(scheme javascript:)"},
		{"encoded newline inside", head + `<a href="java&#x0A;script:alert(1)">x</a></svg>`, "(scheme javascript:)"},
		{"leading space and case", head + `<a href="  JaVaScRiPt:alert(1)">x</a></svg>`, "(scheme javascript:)"},
		{"zero-width space inside", head + `<a href="java&#x200B;script:alert(1)">x</a></svg>`, "(scheme javascript:)"},
		{"vbscript", head + `<a href="vbscript:msgbox(1)">x</a></svg>`, "(scheme vbscript:)"},
		{"data html", head + `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a></svg>`, `data: URL of type "text/html;base64"`},
		{"data svg", head + `<image href="data:image/svg+xml;base64,PHN2Zy8+"/></svg>`, `data: URL of type "image/svg+xml;base64"`},
		{"embedded PNG with text", head + `<image href="data:image/png;base64,` + dirtyPNG + `"/></svg>`, "carrying metadata (EXIF, GPS, text) is refused"},
		{"embedded JPEG with GPS", head + `<image xlink:href="data:image/jpeg;base64,` + gpsJPEG + `"/></svg>`, "carrying metadata"},
		{"set href to javascript", head + `<a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>`, "(scheme javascript:)"},
		{"animate xlink:href values", head + `<a><animate attributeName="xlink:href" values="#a;javascript:alert(1)"/></a></svg>`, "(scheme javascript:)"},
		{"animate an event attribute", head + `<set attributeName="onmouseover" to="alert(1)"/></svg>`, "sets the event attribute onmouseover"},
		{"xml:base", `<svg xmlns="http://www.w3.org/2000/svg" xml:base="javascript:alert(1)//"><a href="x">x</a></svg>`, "(scheme javascript:)"},
		{"foreignObject", head + `<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>`, "SVG with a <foreignObject> element is refused"},
		{"iframe", head + `<iframe xmlns="http://www.w3.org/1999/xhtml" src="https://example.org"/></svg>`, "<iframe> element is refused"},
		{"external entity", `<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>` + head + `<text>&x;</text></svg>`, "external entity (<!ENTITY x SYSTEM"},
		{"external entity unused", `<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>` + head + `</svg>`, "external entity"},
		{"public entity", `<!DOCTYPE svg [<!ENTITY x PUBLIC "-//x" "http://example.org/x">]>` + head + `</svg>`, "external entity (<!ENTITY x PUBLIC"},
		{"parameter entity", `<!DOCTYPE svg [<!ENTITY % p SYSTEM "http://example.org/x.dtd"> %p;]>` + head + `</svg>`, "parameter entity"},
		{"markup entity", `<!DOCTYPE svg [<!ENTITY s "<script>alert(1)</script>">]>` + head + `&s;</svg>`, "entity s holding markup"},
		{"nested entities", `<!DOCTYPE svg [<!ENTITY a "x"><!ENTITY b "&a;&a;">]>` + head + `&b;</svg>`, "entity b holding markup or references"},
		{"entity expansion", `<!DOCTYPE svg [<!ENTITY a "` + strings.Repeat("x", 1000) + `">]>` + head + strings.Repeat("&a;", 2000) + `</svg>`, "entities expand to 2000000 bytes"},
		{"attlist default onload", `<!DOCTYPE svg [<!ATTLIST svg onload CDATA "alert(1)">]>` + head + `</svg>`, "<!ATTLIST in its DOCTYPE is refused"},
		{"xsl stylesheet", `<?xml-stylesheet type="text/xsl" href="x.xsl"?>` + head + `</svg>`, "processing instruction <?xml-stylesheet?> is refused"},
		{"undefined entity", head + `<text>&nbsp;</text></svg>`, "not well-formed XML"},
		{"not closed", head + `<g>`, "not well-formed XML"},
		{"not svg", `<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>`, "its root element is <html>"},
		{"empty", ``, "it has no elements"},
		{"utf-16", "\xFF\xFE<\x00s\x00v\x00g\x00/\x00>\x00", "save it as UTF-8"},
		{"latin-1 declared", `<?xml version="1.0" encoding="ISO-8859-1"?>` + head + `</svg>`, "not well-formed XML"},
	}
	for _, c := range refused {
		t.Run(c.name, func(t *testing.T) {
			out, err := CleanImage("chart.svg", []byte(c.svg))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
			if out != nil {
				t.Errorf("output returned with the error")
			}
			imgtErrStyle(t, "chart.svg", err)
		})
	}
}

// --- Independent readers -------------------------------------------------------

// imgtTool finds a program from a Debian package; it skips the test
// without it, and fails instead when CI=true.
func imgtTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: install Debian's %s", name, pkg)
		}
		t.Skipf("%s is missing (Debian: %s)", name, pkg)
	}
	return p
}

// TestCleanImageWebpinfo has libwebp's webpinfo check the structure of
// cleaned WebP files: RIFF size, chunk sizes and padding, and VP8X flags
// that agree with the chunks present.
func TestCleanImageWebpinfo(t *testing.T) {
	webpinfo := imgtTool(t, "webpinfo", "webp")
	vp8l := imgtWebPImage(t, "lossless.webp")
	exif := imgtWebPChunk("EXIF", imgtExif(binary.LittleEndian, 6, true, imgtThumb(t)))
	xmp := imgtWebPChunk("XMP ", []byte("<x:xmpmeta>Jane Doe</x:xmpmeta>"))
	frame := imgtWebPChunk("ANMF", imgtCat([]byte{0, 0, 0, 0, 0, 0, 31, 0, 0, 23, 0, 0, 100, 0, 0, 0}, vp8l, imgtWebPChunk("ABCD", []byte("SECRET!"))))
	inputs := map[string][]byte{
		"orientation.webp": imgtRIFF(imgtVP8X(0x2C, 32, 24), imgtWebPChunk("ICCP", imgtICCProfile), vp8l, exif, xmp),
		"no-orientation.webp": imgtRIFF(imgtVP8X(0x0C, 32, 24), vp8l,
			imgtWebPChunk("EXIF", imgtExif(binary.BigEndian, 0, true, nil)), xmp, imgtWebPChunk("ABCD", []byte("SECRET"))),
		"animation.webp": imgtRIFF(imgtVP8X(0x0E, 32, 24), imgtWebPChunk("ANIM", make([]byte, 6)), frame, frame, exif, xmp),
	}
	for _, f := range []string{"lossy.webp", "lossless.webp", "photo-exiftool.webp", "anim.webp"} {
		inputs[f] = imgtReadFile(t, f)
	}
	dir := t.TempDir()
	for name, in := range inputs {
		out, err := CleanImage(name, in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, out, 0o644); err != nil {
			t.Fatal(err)
		}
		report, err := exec.Command(webpinfo, p).CombinedOutput()
		if err != nil || !bytes.Contains(report, []byte("No error detected.")) {
			t.Errorf("%s: webpinfo: %v\n%s", name, err, report)
		}
		if bytes.Contains(report, []byte("XMP: 1")) || bytes.Contains(report, []byte("Chunk XMP")) {
			t.Errorf("%s: webpinfo still finds XMP:\n%s", name, report)
		}
	}
}

// TestCleanImageExiftool has exiftool, an independent metadata reader, read
// the cleaned files: it must find no GPS, Exif sub-IFD, thumbnail, XMP,
// IPTC, comment or text, and the orientation where there was one. It skips
// without exiftool, and fails instead when CI=true.
func TestCleanImageExiftool(t *testing.T) {
	exiftool := imgtTool(t, "exiftool", "libimage-exiftool-perl")
	dir := t.TempDir()
	jpg := imgtJPEG(t, imgtGradient(24, 16), 80)
	inputs := map[string][]byte{
		"built.jpg": imgtSpliceJPEG(jpg, []byte("MOTION-VIDEO"), imgtJFIFThumb, imgtExifSeg(imgtExif(binary.LittleEndian, 6, true, imgtThumb(t))), imgtXMP, imgtIPTC, imgtICC, imgtMPF, imgtCOM),
		"built.png": imgtSplicePNG(imgtPNG(t, imgtGradient(12, 8)), [][]byte{imgtChunk("tEXt", []byte("Patient\x00Jane Doe")), imgtChunk("eXIf", imgtExif(binary.BigEndian, 6, true, nil)),
			imgtChunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00<x:xmpmeta xmlns:x='adobe:ns:meta/'>Jane Doe</x:xmpmeta>"))}, [][]byte{imgtChunk("tIME", []byte{0x07, 0xE8, 3, 12, 9, 15, 0})}),
		"built.webp": imgtRIFF(imgtVP8X(0x0C, 32, 24), imgtWebPImage(t, "lossless.webp"), imgtWebPChunk("EXIF", imgtExif(binary.LittleEndian, 6, true, imgtThumb(t))), imgtWebPChunk("XMP ", []byte("<x:xmpmeta xmlns:x='adobe:ns:meta/'>Jane Doe</x:xmpmeta>"))),
	}
	for _, f := range []string{"photo-exiftool.jpg", "progressive.jpg", "restart.jpg", "scan-exiftool.png", "photo-exiftool.webp", "anim.webp", "anim-exiftool.gif"} {
		inputs[f] = imgtReadFile(t, f)
	}
	orientation := map[string]float64{"built.jpg": 6, "built.png": 6, "built.webp": 6, "photo-exiftool.jpg": 6, "scan-exiftool.png": 6, "photo-exiftool.webp": 6}
	var paths []string
	for name, in := range inputs {
		out, err := CleanImage(name, in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, out, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	cmd := exec.Command(exiftool, append([]string{"-json", "-a", "-G1", "-n", "-u"}, paths...)...)
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("exiftool: %v\n%s", err, raw)
	}
	var reports []map[string]any
	if err := json.Unmarshal(raw, &reports); err != nil {
		t.Fatal(err)
	}
	if len(reports) != len(paths) {
		t.Fatalf("exiftool read %d files of %d", len(reports), len(paths))
	}
	allowed := map[string]bool{"SourceFile": true, "ExifTool": true, "System": true, "File": true, "JFIF": true, "ICC-header": true, "ICC_Profile": true,
		"PNG": true, "RIFF": true, "GIF": true, "Composite": true, "IFD0": true, "APP14": true, "Adobe": true}
	for _, r := range reports {
		name := filepath.Base(r["SourceFile"].(string))
		for k, v := range r {
			group, tag, _ := strings.Cut(k, ":")
			if !allowed[group] {
				t.Errorf("%s: exiftool found %s = %v", name, k, v)
			}
			switch {
			case group == "IFD0" && tag != "Orientation",
				strings.Contains(tag, "Warning"), strings.Contains(tag, "Error"),
				strings.HasPrefix(tag, "GPS"), strings.Contains(tag, "Thumbnail"), tag == "Comment",
				group == "PNG" && !pngStructural[tag]:
				t.Errorf("%s: exiftool found %s = %v", name, k, v)
			}
			if s, ok := v.(string); ok && (strings.Contains(s, "Jane Doe") || strings.Contains(s, "SECRET")) {
				t.Errorf("%s: exiftool found %s = %q", name, k, s)
			}
		}
		if got := r["IFD0:Orientation"]; got != nil || orientation[name] != 0 {
			if got != orientation[name] {
				t.Errorf("%s: orientation %v, want %v", name, got, orientation[name])
			}
		}
	}
}

var pngStructural = map[string]bool{"ImageWidth": true, "ImageHeight": true, "BitDepth": true, "ColorType": true, "Compression": true,
	"Filter": true, "Interlace": true, "Gamma": true, "PixelsPerUnitX": true, "PixelsPerUnitY": true, "PixelUnits": true, "SRGBRendering": true}

// --- Benchmark ----------------------------------------------------------------

// BenchmarkCleanImageJPEG cleans a JPEG of about 1 MB (900x900 noise) with a full Exif
// (GPS, thumbnail) and XMP: the cleaner only walks markers and copies, so it
// should run far under a millisecond per megabyte.
func BenchmarkCleanImageJPEG(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	m := image.NewRGBA(image.Rect(0, 0, 900, 900))
	for i := range m.Pix {
		m.Pix[i] = uint8(r.IntN(256))
	}
	jpg := imgtSpliceJPEG(imgtJPEG(b, m, 95), nil, imgtExifSeg(imgtExif(binary.LittleEndian, 6, true, imgtThumb(b))), imgtXMP, imgtCOM)
	b.SetBytes(int64(len(jpg)))
	for b.Loop() {
		if _, err := CleanImage("photo.jpg", jpg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(jpg))/1e6, "MB/file")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6/(float64(len(jpg))/1e6), "ms/MB")
}
