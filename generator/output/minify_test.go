package output

import (
	"bytes"
	"sync"
	"testing"
)

// The minifier must not write to the bytes it is given, even past their
// length: they may be shared by goroutines that minify them at once (a
// bundle's SVG written by two modules of one folder). Under -race the
// parser's NUL written past the end was a data race; without it, the byte
// past the end must be what it was after each call.
func TestMinifierLeavesInputAlone(t *testing.T) {
	m := NewMinifier()
	backing := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>X`)
	data := backing[:len(backing)-1] // room past the end, holding 'X'
	html := []byte("<p>  a   <b>b</b> </p>Y")[:21]
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for range 50 {
				if _, err := m.MinifyTo(&buf, "a.svg", data); err != nil {
					t.Error(err)
					return
				}
				if _, err := m.HTML(html); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if backing[len(backing)-1] != 'X' {
		t.Errorf("the byte past the SVG's end is %q, want 'X'", backing[len(backing)-1])
	}
}
