package generator_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestUnreviewedExample: examples/unreviewed must be refused with exactly
// the diagnostics in its expected-diagnostics.txt.
func TestUnreviewedExample(t *testing.T) {
	dir := "../examples/unreviewed"
	mem := output.NewMemory()
	res, err := generator.Build(context.Background(), generator.Options{Site: os.DirFS(dir), Out: mem, Today: sitetest.Today})
	if err != generator.ErrRefused {
		t.Fatalf("err = %v, want ErrRefused", err)
	}
	if n := len(mem.Names()); n != 0 {
		t.Errorf("a refused build wrote %d files", n)
	}
	var got bytes.Buffer
	res.Diags.Print(&got)
	got.WriteString(res.Diags.Summary() + "\n")
	golden(t, filepath.Join(dir, "expected-diagnostics.txt"), got.Bytes())
}

// TestExamplesGolden builds each publishable example and compares every
// file with testdata/golden/NAME/ (rewrite with -update).
func TestExamplesGolden(t *testing.T) {
	for _, name := range []string{"sepsis", "handbook"} {
		t.Run(name, func(t *testing.T) {
			mem := output.NewMemory()
			res, err := generator.Build(context.Background(), generator.Options{Site: os.DirFS("../examples/" + name), Out: mem, Today: sitetest.Today})
			if err != nil {
				var b bytes.Buffer
				res.Diags.Print(&b)
				t.Fatalf("%v\n%s", err, b.String())
			}
			root := filepath.Join("testdata", "golden", name)
			files := mem.Files()
			if *update {
				_ = os.RemoveAll(root)
			}
			for _, n := range mem.Names() {
				golden(t, filepath.Join(root, filepath.FromSlash(n)), files[n])
			}
			// No golden file may be missing from the build.
			var extra []string
			_ = filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
				if err == nil && !info.IsDir() {
					rel, _ := filepath.Rel(root, p)
					if _, ok := files[filepath.ToSlash(rel)]; !ok {
						extra = append(extra, rel)
					}
				}
				return nil
			})
			sort.Strings(extra)
			if len(extra) > 0 {
				t.Errorf("golden files the build no longer writes: %v (run go test ./generator -update)", extra)
			}
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./generator -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the build (run go test ./generator -update and review the diff):\n%s", path, firstDiff(want, got))
	}
}

func firstDiff(a, b []byte) string {
	al, bl := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y []byte
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if !bytes.Equal(x, y) {
			// show a window around the first differing byte: minified lines are long
			c := 0
			for c < len(x) && c < len(y) && x[c] == y[c] {
				c++
			}
			from := max(c-60, 0)
			return "line " + itoa(i+1) + ", column " + itoa(c+1) + ":\n- " + string(x[from:min(len(x), c+80)]) + "\n+ " + string(y[from:min(len(y), c+80)])
		}
	}
	return ""
}

func itoa(i int) string { return strconv.Itoa(i) }
