package output

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// sidewaysJPEG is a w x h JPEG, left half red and right half blue, that
// says it is stored with orientation o.
func sidewaysJPEG(t *testing.T, w, h, o int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{255, 0, 0, 255}
			if x >= w/2 {
				c = color.RGBA{0, 0, 255, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	exif := append([]byte("Exif\x00\x00"), exifOrientationTIFF(o)...)
	seg := binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(len(exif)+2))
	return append(append(append([]byte{0xFF, 0xD8}, seg...), exif...), b.Bytes()[2:]...)
}

func TestImageSizeAndResizeFollowTheOrientation(t *testing.T) {
	raw := sidewaysJPEG(t, 400, 200, 6)
	clean, err := CleanImage("photo.jpg", raw)
	if err != nil {
		t.Fatal(err)
	}
	if o := Orientation("photo.jpg", clean); o != 6 {
		t.Fatalf("orientation %d, want 6 kept by CleanImage", o)
	}
	if w, h, ok := ImageSize("photo.jpg", clean); !ok || w != 200 || h != 400 {
		t.Fatalf("ImageSize = %d x %d (%v), want 200 x 400: shown upright", w, h, ok)
	}
	small, err := Resize("photo.jpg", clean, 100)
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(small))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 100 || b.Dy() != 200 {
		t.Fatalf("resized to %v, want 100 x 200", b)
	}
	if Orientation("photo.jpg", small) != 1 {
		t.Error("the resized copy carries an orientation: its pixels are already upright")
	}
	// Turned clockwise, the stored left (red) half is on top.
	top, bottom := img.At(50, 20), img.At(50, 180)
	if r, _, b, _ := top.RGBA(); r < b {
		t.Errorf("top pixel %v is not red: the pixels were not turned", top)
	}
	if r, _, b, _ := bottom.RGBA(); b < r {
		t.Errorf("bottom pixel %v is not blue", bottom)
	}
}

func TestResizePNGAveragesPixels(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 4, 2))
	for i := range img.Pix {
		if i%2 == 0 {
			img.Pix[i] = 255
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	out, err := Resize("a.png", b.Bytes(), 2)
	if err != nil {
		t.Fatal(err)
	}
	got, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds().Dx() != 2 || got.Bounds().Dy() != 1 {
		t.Fatalf("size %v, want 2 x 1", got.Bounds())
	}
	if r, _, _, _ := got.At(0, 0).RGBA(); r>>8 < 126 || r>>8 > 129 {
		t.Errorf("pixel %d, want the average of black and white (127 or 128)", r>>8)
	}
	if _, err := Resize("a.png", b.Bytes(), 4); err == nil {
		t.Error("resizing to the same width gave no error")
	}
	if _, err := Resize("a.svg", nil, 4); err == nil {
		t.Error("resizing an SVG gave no error")
	}
}
