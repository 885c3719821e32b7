package generator_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// The built-in theme's layouts are minified as they are parsed, and each
// module's Markdown once: its pages are then not minified whole. They must
// mean exactly what the whole-page minified ones mean: minified whole
// again, each comes out byte for byte as a build that minifies pages whole
// wrote it.
func TestMinifiedLayoutsMatchWholePages(t *testing.T) {
	sites := []struct {
		name string
		fsys fs.FS
	}{
		{"sepsis", os.DirFS("../examples/sepsis")},
		{"handbook", os.DirFS("../examples/handbook")},
		{"fixture", sitetest.FS(sitetest.Parse(openSite))},
	}
	build := func(t *testing.T, fsys fs.FS, whole bool) map[string][]byte {
		mem := output.NewMemory()
		res, err := generator.Build(context.Background(), generator.Options{Site: fsys, Out: mem, Today: sitetest.Today, Minify: true, WholePages: whole})
		if err != nil {
			var b bytes.Buffer
			res.Diags.Print(&b)
			t.Fatalf("%v\n%s", err, b.String())
		}
		return mem.Files()
	}
	min := output.NewMinifier()
	for _, site := range sites {
		t.Run(site.name, func(t *testing.T) {
			whole := build(t, site.fsys, true)
			parts := build(t, site.fsys, false)
			var pages, wholeSize, partsSize int
			for name, want := range whole {
				got, ok := parts[name]
				if !ok {
					t.Errorf("%s: not written", name)
					continue
				}
				if strings.HasSuffix(name, ".html") {
					if len(bytes.TrimSpace(got)) != len(got) {
						t.Errorf("%s: starts or ends with whitespace", name)
					}
					pages++
					wholeSize += len(want)
					partsSize += len(got)
					var buf bytes.Buffer
					m, err := min.MinifyTo(&buf, name, got)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					got = m
				}
				if !bytes.Equal(got, want) {
					i := 0
					for i < len(got) && i < len(want) && got[i] == want[i] {
						i++
					}
					t.Errorf("%s differs from the whole-page minified one at byte %d:\n got …%s…\nwant …%s…", name, i, around(got, i), around(want, i))
				}
			}
			if len(parts) != len(whole) {
				t.Errorf("%d files, want %d", len(parts), len(whole))
			}
			// Minified by parts, pages keep a little whitespace (beside
			// actions), but not the layouts' indentation nor the newlines
			// between the Markdown's blocks (those alone are +0.7% on the
			// examples).
			if pages == 0 || partsSize*1000 > wholeSize*1005 {
				t.Errorf("%d pages: %d bytes, minified whole %d", pages, partsSize, wholeSize)
			}
		})
	}
}

func around(b []byte, i int) string {
	return string(b[max(i-60, 0):min(i+60, len(b))])
}
