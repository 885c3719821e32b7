package output

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxImagePixels bounds decoding: width*height above this is refused before
// any pixel is decoded.
const MaxImagePixels = 50_000_000

// CleanImage returns the image with its metadata removed, or an error a
// person can act on. name decides the format by extension (.jpg/.jpeg, .png,
// .webp, .gif, .svg, in any case); other extensions are returned unchanged
// with a nil error.
//
// Raster images are never re-encoded: the cleaners work on the container
// (JPEG markers, PNG chunks, RIFF chunks, GIF blocks), so pixels stay
// bit-for-bit what the author exported, and the work is a single copy.
//
//   - JPEG keeps SOI, the frame, tables, scans and EOI, the first JFIF APP0
//     (its thumbnail removed), APP2 ICC profiles and APP14 Adobe; it drops
//     every other APPn (Exif with GPS, serial numbers, dates and thumbnail,
//     XMP, IPTC/Photoshop APP13, MPF, FlashPix, maker segments), COM, and
//     anything after EOI (phone trailers, motion-photo video). An Exif
//     Orientation other than 1 is written back as a minimal APP1 Exif holding
//     only that tag.
//   - PNG keeps IHDR, PLTE, IDAT, IEND, tRNS, cHRM, gAMA, iCCP, sBIT, sRGB,
//     cICP and pHYs (CRCs checked, chunks copied whole); it drops tEXt, zTXt,
//     iTXt, eXIf, tIME and every other ancillary chunk. An eXIf Orientation
//     other than 1 is written back as a minimal eXIf before the image data.
//   - WebP keeps VP8X, ICCP, ANIM, ANMF, ALPH, VP8 and VP8L (in an ANMF
//     frame only ALPH, VP8 and VP8L); it drops EXIF, XMP and unknown
//     chunks, clears the XMP flag (and the EXIF flag unless a
//     minimal orientation-only EXIF is written back) and fixes the RIFF size.
//   - GIF keeps the header, colour tables, graphic control extensions and
//     images, and a NETSCAPE2.0 looping extension (rebuilt to its one
//     loop-count sub-block); it drops comment, plain-text and every other
//     application extension (XMP, ICC) and anything after the trailer.
//
// Every raster image has its size read from its header first and is refused
// when it is empty or over MaxImagePixels, and a truncated or malformed file
// is refused rather than passed through. SVG is checked, not rewritten: it is
// refused when it has a script, an event attribute, a link or embedded image
// that could run code or carry metadata, <foreignObject>, an external or
// markup-bearing entity, or a processing instruction; otherwise it is returned
// unchanged.
func CleanImage(name string, data []byte) ([]byte, error) {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg":
		return cleanJPEG(name, data)
	case ".png":
		return cleanPNG(name, data)
	case ".webp":
		return cleanWebP(name, data)
	case ".gif":
		return cleanGIF(name, data)
	case ".svg":
		if err := checkSVG(data); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return data, nil
	}
	return data, nil
}

// imgCheckSize refuses an empty image or one over MaxImagePixels.
func imgCheckSize(name string, w, h int) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("%s: the image has no pixels (%dx%d); export it again", name, w, h)
	}
	if uint64(w)*uint64(h) > MaxImagePixels {
		return fmt.Errorf("%s: the image is %dx%d pixels, over the limit of %d megapixels; resize it", name, w, h, MaxImagePixels/1_000_000)
	}
	return nil
}

// imgDamaged is the error for a file that cannot be read to its end.
func imgDamaged(name, format, detail string) error {
	return fmt.Errorf("%s: the %s file is truncated or damaged (%s); export it again", name, format, detail)
}

// imgSniff names the format the bytes are in, or "".
func imgSniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "JPEG"
	case bytes.HasPrefix(data, pngSignature):
		return "PNG"
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "WebP"
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "GIF"
	}
	head := data[:min(len(data), 1024)]
	if bytes.Contains(head, []byte("<svg")) {
		return "SVG"
	}
	return ""
}

var imgExtension = map[string]string{"JPEG": ".jpg", "PNG": ".png", "WebP": ".webp", "GIF": ".gif", "SVG": ".svg"}

// imgWrongFormat is the error for a file whose content does not match its
// extension.
func imgWrongFormat(name, want string, data []byte) error {
	if got := imgSniff(data); got != "" && got != want {
		return fmt.Errorf("%s: the file is a %s image, not %s; rename it to end in %s", name, got, want, imgExtension[got])
	}
	return fmt.Errorf("%s: the file is not a %s image (damaged, or another format); export it again as %s", name, want, want)
}

// --- Exif orientation -------------------------------------------------------

// tiffOrientation returns the Orientation tag (1 to 8) of IFD0 of a TIFF
// structure as found in Exif, or 0 when it is absent or unreadable.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	if bo.Uint16(t[2:]) != 42 {
		return 0
	}
	off := uint64(bo.Uint32(t[4:]))
	if off+2 > uint64(len(t)) {
		return 0
	}
	n := uint64(bo.Uint16(t[off:]))
	for i := uint64(0); i < n; i++ {
		e := off + 2 + 12*i
		if e+12 > uint64(len(t)) {
			return 0
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		typ, count := bo.Uint16(t[e+2:]), bo.Uint32(t[e+4:])
		var v int
		switch {
		case typ == 3 && count == 1: // SHORT
			v = int(bo.Uint16(t[e+8:]))
		case typ == 4 && count == 1: // LONG, seen from some writers
			v = int(bo.Uint32(t[e+8:]))
		default:
			return 0
		}
		if v < 1 || v > 8 {
			return 0
		}
		return v
	}
	return 0
}

// exifOrientationTIFF is a TIFF structure with one IFD holding one tag,
// Orientation: nothing else of the original Exif survives.
func exifOrientationTIFF(o int) []byte {
	t := []byte{
		'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian, IFD0 at 8
		0, 1, // one entry
		0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(o), 0, 0, // Orientation SHORT 1 = o
		0, 0, 0, 0, // no IFD1 (no thumbnail)
	}
	return t
}

// exifPayload strips the "Exif\0\0" prefix some writers put before the TIFF
// header in PNG eXIf and WebP EXIF chunks.
func exifPayload(b []byte) []byte {
	if bytes.HasPrefix(b, []byte("Exif\x00\x00")) {
		return b[6:]
	}
	return b
}

// --- JPEG -------------------------------------------------------------------

func cleanJPEG(name string, data []byte) ([]byte, error) {
	const format = "JPEG"
	if !bytes.HasPrefix(data, []byte{0xFF, 0xD8}) {
		return nil, imgWrongFormat(name, format, data)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, imgDamaged(name, format, imgReason(err))
	}
	if err := imgCheckSize(name, cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(data))
	out = append(out, 0xFF, 0xD8)
	p := 2
	var jfif, exif, scan bool
	for {
		if p >= len(data) {
			return nil, imgDamaged(name, format, "it ends before the end-of-image marker")
		}
		if data[p] != 0xFF {
			// Stray bytes between segments: decoders skip them, so do we
			// (they are not copied).
			i := bytes.IndexByte(data[p:], 0xFF)
			if i < 0 {
				return nil, imgDamaged(name, format, "it ends before the end-of-image marker")
			}
			p += i
		}
		for p < len(data) && data[p] == 0xFF { // fill bytes
			p++
		}
		if p >= len(data) {
			return nil, imgDamaged(name, format, "it ends before the end-of-image marker")
		}
		m := data[p]
		p++
		switch {
		case m == 0xD9: // EOI: anything after it (trailers, appended video) is dropped
			if !scan {
				return nil, imgDamaged(name, format, "it has no image data")
			}
			out = append(out, 0xFF, 0xD9)
			return imgVerify(name, format, out, cfg.Width, cfg.Height, jpeg.DecodeConfig)
		case m == 0x00, m == 0x01, m >= 0xD0 && m <= 0xD7:
			continue // stray stuffing, TEM or RSTn outside a scan: no content
		case m == 0xD8:
			return nil, imgDamaged(name, format, "a second start-of-image marker")
		case m < 0xC0:
			return nil, imgDamaged(name, format, fmt.Sprintf("unknown marker 0x%02X", m))
		}
		if p+2 > len(data) {
			return nil, imgDamaged(name, format, "it ends inside a segment header")
		}
		n := int(binary.BigEndian.Uint16(data[p:]))
		if n < 2 {
			return nil, imgDamaged(name, format, fmt.Sprintf("segment 0x%02X has a bad length", m))
		}
		if p+n > len(data) {
			return nil, imgDamaged(name, format, fmt.Sprintf("it ends inside segment 0x%02X", m))
		}
		seg := data[p : p+n] // length field and payload
		pay := seg[2:]
		p += n
		switch {
		case m == 0xDA: // SOS, then entropy-coded data up to the next real marker
			out = append(out, 0xFF, m)
			out = append(out, seg...)
			start := p
			for {
				i := bytes.IndexByte(data[p:], 0xFF)
				if i < 0 || p+i+1 >= len(data) {
					return nil, imgDamaged(name, format, "it ends inside the image data")
				}
				p += i
				if nx := data[p+1]; nx == 0x00 || nx >= 0xD0 && nx <= 0xD7 {
					p += 2
					continue
				}
				break
			}
			out = append(out, data[start:p]...)
			scan = true
		case m == 0xE0: // APP0: the first JFIF header, without its thumbnail
			if !jfif && len(pay) >= 14 && bytes.HasPrefix(pay, []byte("JFIF\x00")) {
				jfif = true
				out = append(out, 0xFF, 0xE0, 0, 16)
				out = append(out, pay[:12]...)
				out = append(out, 0, 0) // no thumbnail
			}
		case m == 0xE1: // APP1: Exif or XMP; only the orientation survives
			if !exif && bytes.HasPrefix(pay, []byte("Exif\x00")) && len(pay) >= 6 {
				exif = true
				if o := tiffOrientation(pay[6:]); o > 1 {
					t := exifOrientationTIFF(o)
					out = append(out, 0xFF, 0xE1)
					out = binary.BigEndian.AppendUint16(out, uint16(2+6+len(t)))
					out = append(out, "Exif\x00\x00"...)
					out = append(out, t...)
				}
			}
		case m == 0xE2 && bytes.HasPrefix(pay, []byte("ICC_PROFILE\x00")),
			m == 0xEE && bytes.HasPrefix(pay, []byte("Adobe")):
			out = append(out, 0xFF, m)
			out = append(out, seg...)
		case m >= 0xE0 && m <= 0xEF, m == 0xFE, m >= 0xF0 && m <= 0xFD:
			// Other APPn (IPTC, Photoshop, MPF, FlashPix, maker data), COM,
			// and JPEG extension segments: dropped.
		default: // SOFn, DHT, DAC, DQT, DNL, DRI, DHP, EXP
			out = append(out, 0xFF, m)
			out = append(out, seg...)
		}
	}
}

// imgVerify reads the header of the cleaned image back, as a guard against
// a cleaner bug producing a file browsers cannot show.
func imgVerify(name, format string, out []byte, w, h int, decodeConfig func(io.Reader) (image.Config, error)) ([]byte, error) {
	cfg, err := decodeConfig(bytes.NewReader(out))
	if err != nil || cfg.Width != w || cfg.Height != h {
		return nil, imgDamaged(name, format, "its structure could not be kept intact")
	}
	return out, nil
}

// imgReason turns a decoder error into a short phrase.
func imgReason(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "it ends too early"
	}
	return strings.TrimPrefix(err.Error(), "image: ")
}

// --- PNG --------------------------------------------------------------------

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// pngKeep are the chunks a browser needs to show the image in its colours.
var pngKeep = map[string]bool{
	"IHDR": true, "PLTE": true, "IDAT": true, "IEND": true,
	"tRNS": true, "cHRM": true, "gAMA": true, "iCCP": true, "sBIT": true, "sRGB": true, "cICP": true, "pHYs": true,
}

func cleanPNG(name string, data []byte) ([]byte, error) {
	const format = "PNG"
	if !bytes.HasPrefix(data, pngSignature) {
		return nil, imgWrongFormat(name, format, data)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, imgDamaged(name, format, imgReason(err))
	}
	if err := imgCheckSize(name, cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(data))
	out = append(out, pngSignature...)
	p := len(pngSignature)
	orientation := 0
	idat := false
	for first := true; ; first = false {
		if p+12 > len(data) {
			return nil, imgDamaged(name, format, "it ends before the IEND chunk")
		}
		n := uint64(binary.BigEndian.Uint32(data[p:]))
		typ := data[p+4 : p+8]
		if n > 1<<31-1 {
			return nil, imgDamaged(name, format, "a chunk has a bad length")
		}
		if uint64(p)+12+n > uint64(len(data)) {
			return nil, imgDamaged(name, format, fmt.Sprintf("it ends inside the %s chunk", imgQuote(typ)))
		}
		for _, c := range typ {
			if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
				return nil, imgDamaged(name, format, "a chunk has a bad name")
			}
		}
		chunk := data[p : p+12+int(n)]
		body := chunk[8 : 8+n]
		p += len(chunk)
		t := string(typ)
		if first && t != "IHDR" {
			return nil, imgDamaged(name, format, "it does not start with IHDR")
		}
		switch {
		case t == "eXIf":
			if !idat && orientation == 0 {
				orientation = tiffOrientation(exifPayload(body))
			}
		case pngKeep[t]:
			if crc32.ChecksumIEEE(chunk[4:8+n]) != binary.BigEndian.Uint32(chunk[8+n:]) {
				return nil, imgDamaged(name, format, fmt.Sprintf("bad checksum in the %s chunk", t))
			}
			if t == "IDAT" && !idat {
				idat = true
				if orientation > 1 {
					out = pngAppendChunk(out, "eXIf", exifOrientationTIFF(orientation))
				}
			}
			out = append(out, chunk...)
			if t == "IEND" {
				if !idat {
					return nil, imgDamaged(name, format, "it has no image data")
				}
				return imgVerify(name, format, out, cfg.Width, cfg.Height, png.DecodeConfig)
			}
		case typ[0]&0x20 == 0: // critical chunk unknown to browsers
			return nil, fmt.Errorf("%s: the PNG has a chunk %s that browsers cannot show; export it again as a plain PNG", name, t)
		default:
			// tEXt, zTXt, iTXt, tIME, bKGD, hIST, sPLT, APNG frames, private
			// chunks: dropped.
		}
	}
}

func pngAppendChunk(out []byte, typ string, body []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(body)))
	start := len(out)
	out = append(out, typ...)
	out = append(out, body...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
}

// imgQuote shows a chunk name that may hold any bytes.
func imgQuote(b []byte) string {
	s := fmt.Sprintf("%q", b)
	return s[1 : len(s)-1]
}

// --- WebP -------------------------------------------------------------------

// VP8X flags.
const (
	webpFlagAnimation = 0x02
	webpFlagXMP       = 0x04
	webpFlagEXIF      = 0x08
)

type webpChunk struct {
	fourcc string
	data   []byte
}

func cleanWebP(name string, data []byte) ([]byte, error) {
	const format = "WebP"
	if len(data) < 12 || string(data[:4]) != "RIFF" || string(data[8:12]) != "WEBP" {
		return nil, imgWrongFormat(name, format, data)
	}
	size := uint64(binary.LittleEndian.Uint32(data[4:]))
	if size < 4 {
		return nil, imgDamaged(name, format, "the RIFF header has a bad size")
	}
	if size+8 > uint64(len(data)) {
		return nil, imgDamaged(name, format, "it is shorter than its RIFF header says")
	}
	body := data[12 : 8+size] // bytes after the RIFF size are dropped
	var chunks []webpChunk
	for q := 0; q < len(body); {
		if q+8 > len(body) {
			return nil, imgDamaged(name, format, "it ends inside a chunk header")
		}
		fourcc := string(body[q : q+4])
		n := uint64(binary.LittleEndian.Uint32(body[q+4:]))
		if uint64(q)+8+n > uint64(len(body)) {
			return nil, imgDamaged(name, format, fmt.Sprintf("it ends inside the %s chunk", imgQuote(body[q:q+4])))
		}
		chunks = append(chunks, webpChunk{fourcc, body[q+8 : q+8+int(n)]})
		q += 8 + int(n) + int(n&1) // a missing final pad byte is tolerated
	}
	if len(chunks) == 0 {
		return nil, imgDamaged(name, format, "it has no image data")
	}
	var keep []webpChunk
	var w, h int
	var err error
	switch first := chunks[0]; first.fourcc {
	case "VP8 ", "VP8L": // simple format: the one image chunk; nothing else is read by decoders
		if w, h, err = webpFrameSize(first); err != nil {
			return nil, imgDamaged(name, format, err.Error())
		}
		keep = chunks[:1]
	case "VP8X":
		if len(first.data) < 10 {
			return nil, imgDamaged(name, format, "the VP8X chunk is too short")
		}
		flags := first.data[0]
		w = 1 + int(uint32(first.data[4])|uint32(first.data[5])<<8|uint32(first.data[6])<<16)
		h = 1 + int(uint32(first.data[7])|uint32(first.data[8])<<8|uint32(first.data[9])<<16)
		if err := imgCheckSize(name, w, h); err != nil {
			return nil, err
		}
		vp8x := append([]byte(nil), first.data...)
		vp8x[0] = flags &^ (webpFlagXMP | webpFlagEXIF)
		keep = append(keep, webpChunk{"VP8X", vp8x})
		images, exif := 0, false
		for _, c := range chunks[1:] {
			switch c.fourcc {
			case "VP8 ", "VP8L":
				fw, fh, err := webpFrameSize(c)
				if err != nil {
					return nil, imgDamaged(name, format, err.Error())
				}
				if flags&webpFlagAnimation == 0 && (fw != w || fh != h) {
					return nil, imgDamaged(name, format, fmt.Sprintf("the image is %dx%d but the canvas %dx%d", fw, fh, w, h))
				}
				images++
				keep = append(keep, c)
			case "ANMF":
				frame, err := webpCleanFrame(c.data)
				if err != nil {
					return nil, imgDamaged(name, format, err.Error())
				}
				images++
				keep = append(keep, webpChunk{"ANMF", frame})
			case "ICCP", "ANIM", "ALPH":
				keep = append(keep, c)
			case "EXIF":
				if !exif {
					exif = true
					if o := tiffOrientation(exifPayload(c.data)); o > 1 {
						vp8x[0] |= webpFlagEXIF
						keep = append(keep, webpChunk{"EXIF", exifOrientationTIFF(o)})
					}
				}
			default: // "XMP ", unknown chunks: dropped
			}
		}
		if images == 0 {
			return nil, imgDamaged(name, format, "it has no image data")
		}
	default:
		return nil, imgDamaged(name, format, fmt.Sprintf("it starts with an unknown chunk %s", imgQuote([]byte(first.fourcc))))
	}
	if err := imgCheckSize(name, w, h); err != nil {
		return nil, err
	}
	total := 4
	for _, c := range keep {
		total += 8 + len(c.data) + len(c.data)&1
	}
	out := make([]byte, 0, 8+total)
	out = append(out, "RIFF"...)
	out = binary.LittleEndian.AppendUint32(out, uint32(total))
	out = append(out, "WEBP"...)
	for _, c := range keep {
		out = append(out, c.fourcc...)
		out = binary.LittleEndian.AppendUint32(out, uint32(len(c.data)))
		out = append(out, c.data...)
		if len(c.data)&1 == 1 {
			out = append(out, 0)
		}
	}
	return out, nil
}

// webpCleanFrame rebuilds the payload of an ANMF chunk (a 16-byte frame
// header, then chunks) with only its ALPH and one VP8 or VP8L chunk.
func webpCleanFrame(d []byte) ([]byte, error) {
	if len(d) < 16 {
		return nil, errors.New("an animation frame is too short")
	}
	out := append([]byte(nil), d[:16]...)
	images := 0
	for q := 16; q < len(d); {
		if q+8 > len(d) {
			return nil, errors.New("it ends inside an animation frame")
		}
		fourcc := string(d[q : q+4])
		n := uint64(binary.LittleEndian.Uint32(d[q+4:]))
		if uint64(q)+8+n > uint64(len(d)) {
			return nil, errors.New("it ends inside an animation frame")
		}
		c := webpChunk{fourcc, d[q+8 : q+8+int(n)]}
		q += 8 + int(n) + int(n&1)
		switch fourcc {
		case "VP8 ", "VP8L":
			if _, _, err := webpFrameSize(c); err != nil {
				return nil, err
			}
			images++
		case "ALPH":
		default:
			continue
		}
		out = append(out, fourcc...)
		out = binary.LittleEndian.AppendUint32(out, uint32(n))
		out = append(out, c.data...)
		if n&1 == 1 {
			out = append(out, 0)
		}
	}
	if images != 1 {
		return nil, errors.New("an animation frame has no single image")
	}
	return out, nil
}

// webpFrameSize reads the dimensions from the header of a VP8 (lossy) or
// VP8L (lossless) bitstream, without decoding it.
func webpFrameSize(c webpChunk) (w, h int, err error) {
	d := c.data
	if c.fourcc == "VP8L" {
		if len(d) < 5 {
			return 0, 0, errors.New("the VP8L chunk is too short")
		}
		if d[0] != 0x2F {
			return 0, 0, errors.New("the VP8L chunk has a bad signature")
		}
		bits := binary.LittleEndian.Uint32(d[1:])
		if bits>>29 != 0 {
			return 0, 0, errors.New("the VP8L chunk has an unknown version")
		}
		return 1 + int(bits&0x3FFF), 1 + int(bits>>14&0x3FFF), nil
	}
	if len(d) < 10 {
		return 0, 0, errors.New("the VP8 chunk is too short")
	}
	tag := uint32(d[0]) | uint32(d[1])<<8 | uint32(d[2])<<16
	if tag&1 != 0 {
		return 0, 0, errors.New("the VP8 chunk is not a key frame")
	}
	if d[3] != 0x9D || d[4] != 0x01 || d[5] != 0x2A {
		return 0, 0, errors.New("the VP8 chunk has a bad start code")
	}
	if int(tag>>5) > len(d)-10 {
		return 0, 0, errors.New("it ends inside the VP8 image data")
	}
	return int(binary.LittleEndian.Uint16(d[6:]) & 0x3FFF), int(binary.LittleEndian.Uint16(d[8:]) & 0x3FFF), nil
}

// --- GIF --------------------------------------------------------------------

func cleanGIF(name string, data []byte) ([]byte, error) {
	const format = "GIF"
	if !bytes.HasPrefix(data, []byte("GIF87a")) && !bytes.HasPrefix(data, []byte("GIF89a")) {
		return nil, imgWrongFormat(name, format, data)
	}
	cfg, err := gif.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, imgDamaged(name, format, imgReason(err))
	}
	if err := imgCheckSize(name, cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	p := 13
	if len(data) < p {
		return nil, imgDamaged(name, format, "it ends inside the header")
	}
	if packed := data[10]; packed&0x80 != 0 {
		p += 3 << (packed&7 + 1)
	}
	if p > len(data) {
		return nil, imgDamaged(name, format, "it ends inside the colour table")
	}
	out := make([]byte, 0, len(data))
	out = append(out, data[:p]...)
	var gce []byte // a graphic control extension waiting for the block it controls
	frames := 0
	for {
		if p >= len(data) {
			return nil, imgDamaged(name, format, "it ends before the trailer")
		}
		switch data[p] {
		case 0x3B: // trailer; anything after it is dropped
			if frames == 0 {
				return nil, imgDamaged(name, format, "it has no image")
			}
			out = append(out, 0x3B)
			return imgVerify(name, format, out, cfg.Width, cfg.Height, gif.DecodeConfig)
		case 0x21: // extension
			if p+2 > len(data) {
				return nil, imgDamaged(name, format, "it ends inside an extension")
			}
			label := data[p+1]
			end, ok := gifSkipSubBlocks(data, p+2)
			if !ok {
				return nil, imgDamaged(name, format, "it ends inside an extension")
			}
			block := data[p:end]
			p = end
			switch label {
			case 0xF9: // graphic control: kept with the image that follows
				gce = block
			case 0x01: // plain text, and its graphic control
				gce = nil
			case 0xFF: // application: only NETSCAPE2.0 looping, rebuilt
				b := block[2:]
				if len(b) >= 12+4 && b[0] == 11 && string(b[1:12]) == "NETSCAPE2.0" && b[12] == 3 && b[13] == 1 {
					out = append(out, 0x21, 0xFF, 11)
					out = append(out, "NETSCAPE2.0"...)
					out = append(out, 3, 1, b[14], b[15], 0)
				}
			default: // comment and unknown extensions: dropped
			}
		case 0x2C: // image descriptor
			if p+10 > len(data) {
				return nil, imgDamaged(name, format, "it ends inside an image descriptor")
			}
			fw, fh := int(binary.LittleEndian.Uint16(data[p+5:])), int(binary.LittleEndian.Uint16(data[p+7:]))
			if uint64(fw)*uint64(fh) > MaxImagePixels {
				return nil, fmt.Errorf("%s: a frame of the image is %dx%d pixels, over the limit of %d megapixels; resize it", name, fw, fh, MaxImagePixels/1_000_000)
			}
			q := p + 10
			if packed := data[p+9]; packed&0x80 != 0 {
				q += 3 << (packed&7 + 1)
			}
			q++ // LZW minimum code size
			if q > len(data) {
				return nil, imgDamaged(name, format, "it ends inside an image")
			}
			end, ok := gifSkipSubBlocks(data, q)
			if !ok {
				return nil, imgDamaged(name, format, "it ends inside an image")
			}
			out = append(out, gce...)
			gce = nil
			out = append(out, data[p:end]...)
			p = end
			frames++
		default:
			return nil, imgDamaged(name, format, fmt.Sprintf("unknown block 0x%02X", data[p]))
		}
	}
}

// gifSkipSubBlocks returns the index after the sub-blocks starting at p
// and their zero terminator.
func gifSkipSubBlocks(data []byte, p int) (int, bool) {
	for {
		if p >= len(data) {
			return 0, false
		}
		n := int(data[p])
		p += 1 + n
		if n == 0 {
			return p, true
		}
	}
}

// --- SVG --------------------------------------------------------------------

// svgRefusedElements are elements that run code or embed another document.
var svgRefusedElements = map[string]string{
	"script":        "export it without scripts",
	"foreignobject": "export it without embedded HTML",
	"iframe":        "remove it",
	"embed":         "remove it",
	"object":        "remove it",
	"frame":         "remove it",
	"frameset":      "remove it",
	"applet":        "remove it",
	"handler":       "export it without scripts",
	"listener":      "export it without scripts",
	"base":          "remove it",
	"meta":          "remove it",
}

// svgURLAttrs are the attributes whose values are URLs.
var svgURLAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "base": true}

// svgAnimations are the elements that can set another attribute's value.
var svgAnimations = map[string]bool{"animate": true, "set": true, "animatemotion": true, "animatetransform": true, "animatecolor": true}

// svgMaxEntityExpansion bounds the text entity references add, and
// svgMaxEntityName the length of an entity's name.
const (
	svgMaxEntityExpansion = 1 << 20
	svgMaxEntityName      = 64
)

// svgRawRefused catches a refused element in bytes the XML parser might
// read differently from a browser (a comment, CDATA, a parser quirk).
var svgRawRefused = regexp.MustCompile(`(?i)<\s*(?:[^\s<>:/!?]+:)?(script|foreignobject)\b`)

// checkSVG returns an error when an SVG could run code or load something
// when opened.
func checkSVG(data []byte) error {
	if bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || !utf8.Valid(data) {
		return errors.New("the SVG is not UTF-8 text; save it as UTF-8")
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = map[string]string{}
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			msg := err.Error()
			if errors.As(err, &se) {
				msg = fmt.Sprintf("line %d: %s", se.Line, se.Msg)
			}
			return fmt.Errorf("the SVG is not well-formed XML (%s); export it again", msg)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			local := strings.ToLower(t.Name.Local)
			if root == "" {
				root = local
			}
			if todo, bad := svgRefusedElements[local]; bad {
				return fmt.Errorf("SVG with a <%s> element is refused; %s", t.Name.Local, todo)
			}
			for _, a := range t.Attr {
				if err := svgCheckAttr(t.Name.Local, a.Name.Local, a.Value); err != nil {
					return err
				}
			}
			if svgAnimations[local] {
				if err := svgCheckAnimation(t); err != nil {
					return err
				}
			}
		case xml.Directive:
			if err := svgCheckDirective(t, d.Entity); err != nil {
				return err
			}
			// Entities cannot nest, but one long entity used many times
			// still multiplies: bound what the references expand to.
			if expanded := svgEntityExpansion(data, d.Entity); expanded > svgMaxEntityExpansion {
				return fmt.Errorf("SVG whose entities expand to %d bytes is refused; remove the DOCTYPE", expanded)
			}
		case xml.ProcInst:
			if !strings.EqualFold(t.Target, "xml") {
				return fmt.Errorf("SVG with a processing instruction <?%s?> is refused; remove it", t.Target)
			}
		}
	}
	if root != "svg" {
		if root == "" {
			return errors.New("the file is not an SVG image (it has no elements); export it again")
		}
		return fmt.Errorf("the file is not an SVG image (its root element is <%s>); export it again as SVG", root)
	}
	if m := svgRawRefused.FindSubmatch(data); m != nil {
		return fmt.Errorf("SVG with a <%s> element is refused (also in a comment or CDATA); remove it", m[1])
	}
	return nil
}

// svgEntityExpansion adds up the lengths of the declared entities that
// the references in data expand to, in one pass.
func svgEntityExpansion(data []byte, entities map[string]string) int {
	total := 0
	for {
		i := bytes.IndexByte(data, '&')
		if i < 0 {
			return total
		}
		data = data[i+1:]
		j := bytes.IndexByte(data[:min(len(data), svgMaxEntityName+1)], ';')
		if j < 0 {
			continue
		}
		if v, ok := entities[string(data[:j])]; ok {
			total += len(v)
		}
	}
}

// svgCheckAttr refuses event handlers and URLs with a dangerous scheme.
func svgCheckAttr(elem, attr, value string) error {
	a := strings.ToLower(attr)
	if strings.HasPrefix(a, "on") {
		return fmt.Errorf("SVG with an event attribute %s= on <%s> is refused; export it without scripts", attr, elem)
	}
	if svgURLAttrs[a] {
		return svgCheckURL(elem, attr, value)
	}
	return nil
}

// svgCheckAnimation refuses an animation that sets an event handler, or a
// URL attribute to a dangerous value (<set attributeName="href"
// to="javascript:...">).
func svgCheckAnimation(t xml.StartElement) error {
	target := ""
	for _, a := range t.Attr {
		if a.Name.Local == "attributeName" {
			target = a.Value
			if i := strings.LastIndexByte(target, ':'); i >= 0 {
				target = target[i+1:]
			}
			target = strings.ToLower(strings.TrimSpace(target))
		}
	}
	if target == "" {
		return nil
	}
	if strings.HasPrefix(target, "on") {
		return fmt.Errorf("SVG with an <%s> that sets the event attribute %s is refused; export it without scripts", t.Name.Local, target)
	}
	if !svgURLAttrs[target] {
		return nil
	}
	for _, a := range t.Attr {
		switch a.Name.Local {
		case "to", "from", "by", "values":
			for _, v := range strings.Split(a.Value, ";") {
				if err := svgCheckURL(t.Name.Local, target, v); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// svgCheckURL allows relative URLs, fragments, http, https and mailto, and
// base64 PNG, JPEG, GIF and WebP data that carry no metadata.
func svgCheckURL(elem, attr, value string) error {
	u := svgStripURL(value)
	if u == "" || u[0] == '#' {
		return nil
	}
	i := strings.IndexAny(u, ":/?#")
	if i < 0 || u[i] != ':' {
		return nil // relative
	}
	scheme := strings.ToLower(u[:i])
	switch scheme {
	case "http", "https", "mailto":
		return nil
	case "data":
		return svgCheckDataURL(elem, u)
	}
	shown := value
	if len(shown) > 40 {
		shown = shown[:40] + "..."
	}
	return fmt.Errorf("SVG with a link %s=%q on <%s> is refused (scheme %s:); link with https:, http:, mailto:, # or a relative path", attr, shown, elem, scheme)
}

// svgStripURL removes what a browser's URL parser ignores or could be
// made to ignore: whitespace, controls, format characters.
func svgStripURL(v string) string {
	return strings.Map(func(r rune) rune {
		if r <= 0x20 || r >= 0x7F && r <= 0x9F || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, v)
}

// svgCheckDataURL allows an embedded raster image when it is base64 and
// already free of metadata: the SVG is returned unchanged, so a photo with
// GPS inside it must be refused.
func svgCheckDataURL(elem, u string) error {
	meta, payload, ok := strings.Cut(u[len("data:"):], ",")
	meta = strings.ToLower(meta)
	ext := map[string]string{"image/png;base64": ".png", "image/jpeg;base64": ".jpg", "image/jpg;base64": ".jpg", "image/gif;base64": ".gif", "image/webp;base64": ".webp"}[meta]
	if !ok || ext == "" {
		return fmt.Errorf("SVG with a data: URL of type %q on <%s> is refused; embed only base64 PNG, JPEG, GIF or WebP, or link the file", meta, elem)
	}
	raw, err := base64.StdEncoding.DecodeString(payload)
	if err != nil {
		if raw, err = base64.RawStdEncoding.DecodeString(payload); err != nil {
			return fmt.Errorf("SVG with a damaged embedded image on <%s> is refused; export it again", elem)
		}
	}
	clean, err := CleanImage("embedded"+ext, raw)
	if err != nil {
		return fmt.Errorf("SVG with an embedded image on <%s> is refused: %w", elem, err)
	}
	if !bytes.Equal(clean, raw) {
		return fmt.Errorf("SVG with an embedded image on <%s> carrying metadata (EXIF, GPS, text) is refused; link the image as a separate file instead", elem)
	}
	return nil
}

// svgCheckDirective reads a DOCTYPE: an external DTD is allowed (browsers
// do not load it), the internal subset may only declare elements and plain
// text entities, which are added to entities so the parser can expand them
// as the browser will.
func svgCheckDirective(dir xml.Directive, entities map[string]string) error {
	s := string(dir)
	if !strings.HasPrefix(s, "DOCTYPE") {
		return fmt.Errorf("SVG with a declaration <!%s> is refused; remove it", svgFirstWord(s))
	}
	// The internal subset is between the first [ outside quotes and the
	// last ].
	open := -1
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			open = i
		}
		if open >= 0 {
			break
		}
	}
	if open < 0 {
		return nil
	}
	end := strings.LastIndexByte(s, ']')
	if end < open {
		return errors.New("SVG with a malformed DOCTYPE is refused; remove the DOCTYPE")
	}
	sub := s[open+1 : end]
	for {
		sub = strings.TrimLeftFunc(sub, unicode.IsSpace)
		if sub == "" {
			return nil
		}
		switch {
		case strings.HasPrefix(sub, "<!ELEMENT"):
			rest, ok := svgSkipDecl(sub)
			if !ok {
				return errors.New("SVG with a malformed DOCTYPE is refused; remove the DOCTYPE")
			}
			sub = rest
		case strings.HasPrefix(sub, "<!ENTITY"):
			rest, err := svgEntity(sub[len("<!ENTITY"):], entities)
			if err != nil {
				return err
			}
			sub = rest
		default:
			word := sub
			if strings.HasPrefix(word, "<!") {
				word = "<!" + svgFirstWord(word[2:])
			} else {
				word = svgFirstWord(word)
			}
			return fmt.Errorf("SVG with %s in its DOCTYPE is refused; remove the DOCTYPE", word)
		}
	}
}

// svgEntity reads the rest of an <!ENTITY declaration: only a general
// entity with a quoted value free of markup and references is allowed.
func svgEntity(s string, entities map[string]string) (string, error) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	if strings.HasPrefix(s, "%") {
		return "", errors.New("SVG with a parameter entity (<!ENTITY % ...>) is refused; remove the DOCTYPE")
	}
	nameEnd := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '"' || r == '\'' || r == '>' })
	if nameEnd <= 0 {
		return "", errors.New("SVG with a malformed entity is refused; remove the DOCTYPE")
	}
	name := s[:nameEnd]
	if len(name) > svgMaxEntityName {
		return "", errors.New("SVG with an entity name over 64 characters is refused; remove the DOCTYPE")
	}
	s = strings.TrimLeftFunc(s[nameEnd:], unicode.IsSpace)
	if s == "" || s[0] != '"' && s[0] != '\'' {
		return "", fmt.Errorf("SVG with an external entity (<!ENTITY %s %s ...>) is refused; remove the DOCTYPE", name, svgFirstWord(s))
	}
	q := s[0]
	close := strings.IndexByte(s[1:], q)
	if close < 0 {
		return "", errors.New("SVG with a malformed entity is refused; remove the DOCTYPE")
	}
	value := s[1 : 1+close]
	if strings.ContainsAny(value, "<&%") {
		return "", fmt.Errorf("SVG with an entity %s holding markup or references is refused; remove the DOCTYPE", name)
	}
	s = strings.TrimLeftFunc(s[2+close:], unicode.IsSpace)
	if !strings.HasPrefix(s, ">") {
		return "", fmt.Errorf("SVG with an external entity (<!ENTITY %s ... %s>) is refused; remove the DOCTYPE", name, svgFirstWord(s))
	}
	if _, dup := entities[name]; !dup { // the first declaration wins in XML
		entities[name] = value
	}
	return s[1:], nil
}

// svgSkipDecl skips a declaration up to its closing > outside quotes.
func svgSkipDecl(s string) (string, bool) {
	var quote byte
	for i := 2; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '<':
			return "", false
		case c == '>':
			return s[i+1:], true
		}
	}
	return "", false
}

func svgFirstWord(s string) string {
	if i := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '>' || r == '[' }); i >= 0 {
		s = s[:i]
	}
	if len(s) > 20 {
		s = s[:20]
	}
	return s
}
