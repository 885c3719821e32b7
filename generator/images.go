package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/markdown"
	"github.com/rounds-dev/rounds/generator/output"
)

// imageWidths are the widths of the smaller copies of a large bundle
// image: a phone (1x and 2x of a 390 px screen), a tablet, the theme's
// measure at 2x. A copy is made only below the image's own width.
var imageWidths = [...]int{480, 800, 1200, 1600}

// bundleImages answers the renderer's questions about a module's images
// (size, smaller copies) and writes the copies a page uses. Its lookup is
// called from one goroutine, the module's render.
type bundleImages struct {
	b      *builder
	m      *content.Module
	dir    string // the module's output folder, "cardio/echo/"
	byName map[string]content.Resource
	copies []string // files written
}

func (b *builder) bundleImages(m *content.Module, dir string) *bundleImages {
	bi := &bundleImages{b: b, m: m, dir: dir, byName: map[string]content.Resource{}}
	for _, r := range m.Resources {
		bi.byName[r.Name] = r
	}
	return bi
}

// lookup is markdown.Options.Images: an image of the bundle, written as
// its plain name ("echo.png", "./echo.png"), gets its size and, when it is
// a JPEG or PNG wider than the smallest copy, a srcset.
func (bi *bundleImages) lookup(dest string) (markdown.Image, bool) {
	name := strings.TrimPrefix(dest, "./")
	r, ok := bi.byName[name]
	if !ok || strings.Contains(name, "/") {
		return markdown.Image{}, false
	}
	data := bi.b.c.image(bi.m, r)
	w, h, ok := output.ImageSize(name, data)
	if !ok {
		return markdown.Image{}, false
	}
	img := markdown.Image{Width: w, Height: h}
	// A srcset is a comma-separated list of "URL width": a name with a
	// space or a comma would split.
	if !output.Resizable(name) || strings.ContainsAny(name, " ,") || w <= imageWidths[0] {
		return img, true
	}
	var set []string
	for _, cw := range imageWidths {
		if cw >= w {
			break
		}
		cn := copyName(name, cw)
		if _, taken := bi.byName[cn]; taken {
			continue
		}
		if !bi.writeCopy(cn, name, data, cw) {
			continue
		}
		set = append(set, cn+" "+strconv.Itoa(cw)+"w")
	}
	if len(set) > 0 {
		img.Srcset = strings.Join(append(set, name+" "+strconv.Itoa(w)+"w"), ", ")
	}
	return img, true
}

// copyName is the file of a copy cw pixels wide: "echo.800w.png".
func copyName(name string, cw int) string {
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + strconv.Itoa(cw) + "w" + ext
}

// writeCopy writes a smaller copy, taken from the cards' cache when the
// same image was resized to the same width before (resizing a photo is
// the slowest step of a build after drawing cards).
func (bi *bundleImages) writeCopy(cn, name string, data []byte, cw int) bool {
	b := bi.b
	if b.opts.DryRun {
		b.claim(bi.dir+cn, nil) // for the link check, as cards are
		return true
	}
	sum := sha256.Sum256(data)
	key := "img-" + hex.EncodeToString(sum[:]) + "-" + strconv.Itoa(cw) + strings.ToLower(path.Ext(name))
	var out []byte
	cached := false
	if b.cards != nil {
		out, cached = b.cards.cache.Get(key)
	}
	if !cached {
		var err error
		out, err = output.Resize(name, data, cw)
		if err != nil {
			b.warn(bi.m.Path, "image", fmt.Sprintf("no %d px copy of %s: %v", cw, name, err))
			return false
		}
		if b.cards != nil {
			b.cards.cache.Put(key, out)
		}
	}
	b.write(bi.dir+cn, out)
	bi.copies = append(bi.copies, bi.dir+cn)
	return true
}
