package generator_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// allocated returns the bytes allocated while f ran: an upper bound of
// the heap f needed at its peak, counted by the runtime rather than timed,
// so a loaded machine cannot change it. f runs once first to warm what a
// build keeps between builds (the card drawer's fonts and buffers), then
// is measured with the collector held off. No test of this package runs
// in parallel.
func allocated(f func()) uint64 {
	f()
	var before, after runtime.MemStats
	withoutCollector(func() {
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
	})
	return after.TotalAlloc - before.TotalAlloc
}

// skipUnderRace skips a test that counts allocation: the race detector
// makes sync.Pool drop a random share of its items, so the count is not
// the program's. make test runs these tests again without -race.
func skipUnderRace(t *testing.T) {
	if raceDetector {
		t.Skip("counts allocation, which -race randomises; make test runs it without -race")
	}
}

// withoutCollector runs f with the collector held off, so that what f
// allocates does not depend on when a collection emptied a sync.Pool:
// on a loaded machine under -race the same build allocated 16 MB in one
// run and 42 MB in the next, and a larger input met more collections.
// The memory limit still starts a collection long before a runaway f
// could take the machine down.
func withoutCollector(f func()) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(2 << 30))
	f()
}

// The attacks of issue 19: one small module used to take gigabytes
// (each diagnostic held a copy of its whole line) or seconds (goldmark
// on deep nesting). Each is built, as `rounds build` and as `rounds serve`
// (Preview) do, within a stated allocation bound; a module nested too deep
// is refused at its position and rendered by neither.
func TestAttacksHaveBoundedCost(t *testing.T) {
	skipUnderRace(t)
	const mb = 1 << 20
	cases := []struct {
		name  string
		body  string
		limit uint64 // bytes allocated by one build, at most
		want  []string
		// refused: even the preview renders nothing.
		refused bool
	}{
		{
			// 16,000 allowances on one 350 KB line: each a warning. Was 12 GB.
			// The build publishes, so it draws the module's, the home and
			// the course's cards, each in four shapes (46-49 MB measured).
			name:  "phi-ok comments on one line",
			body:  strings.Repeat(`<!-- phi-ok: "x" y -->`, 16000),
			limit: 56 * mb,
			want: []string{`content/cardio/p.md:5:1: warning: phi-ok: phi-ok allows nothing: no flagged text is "x"`,
				"    5 | <!-- phi-ok: \"x\" y --><!-- phi-ok:",
				"content/cardio/p.md: and 15900 more (0 errors, 15900 warnings)"},
		},
		{
			// 200,000 citations in 1 MB, each unresolved. Was over 14 GB;
			// the preview rendered them in 190 MB.
			name:    "citations",
			body:    strings.Repeat("[@x] ", 200000),
			limit:   32 * mb,
			want:    []string{"content/cardio/p.md:5:25002: error: size: 200000 citations is over the limit of 5000 for one module"},
			refused: true,
		},
		{
			// As many as a module may hold, each an error.
			name: "unresolved citations",
			body: strings.Repeat("[@x] ", content.MaxCitations),
			// The preview draws the module's cards, the home card and the
			// course's completion card in four shapes each: about 20 MB
			// of canvases whatever the module holds (40.8 MB measured).
			limit: 50 * mb,
			want: []string{"content/cardio/p.md:5:2: error: referenced: citation @x matches no reference",
				"content/cardio/p.md:5:497: error: referenced: citation @x matches no reference",
				"    5 | …@x] [@x]", "content/cardio/p.md: and 4900 more (4900 errors, 0 warnings)"},
		},
		{
			// goldmark: 12 s on 64 KB of "- - - … x".
			name:    "lists nested on one line",
			body:    strings.Repeat("- ", 32000) + "x",
			limit:   8 * mb,
			want:    []string{"content/cardio/p.md:5:65: error: size: lists and block quotes nested 33 deep, over the limit of 32"},
			refused: true,
		},
		{
			name: "lists nested by indent",
			body: func() string {
				var b strings.Builder
				for i := range 250 {
					b.WriteString(strings.Repeat("  ", i) + "- a\n")
				}
				return b.String()
			}(),
			limit:   8 * mb,
			want:    []string{"content/cardio/p.md:37:65: error: size: lists and block quotes nested 33 deep, over the limit of 32"},
			refused: true,
		},
		{
			name:    "block quotes and lists",
			body:    strings.Repeat("> - ", 16000) + "x",
			limit:   8 * mb,
			want:    []string{"content/cardio/p.md:5:65: error: size: lists and block quotes nested 33 deep"},
			refused: true,
		},
	}
	for _, c := range cases {
		for _, preview := range []bool{false, true} {
			name := fmt.Sprintf("%s, preview %v", c.name, preview)
			files := sitetest.Parse(openSite)
			files["content/cardio/p.md"] = []byte("+++\ntitle = \"P\"\ndate = 2026-10-01\n+++\n" + c.body + "\n")
			mem := output.NewMemory()
			var res *generator.Result
			var err error
			runtime.GC()
			n := allocated(func() {
				res, err = generator.Build(context.Background(), generator.Options{Site: sitetest.FS(files), Out: mem, Today: sitetest.Today, Preview: preview})
			})
			t.Logf("%s: %.1f MB allocated for a module of %d KB", name, float64(n)/mb, len(c.body)>>10)
			if n > c.limit {
				t.Errorf("%s: %d MB allocated, over the bound of %d MB", name, n/mb, c.limit/mb)
			}
			var out strings.Builder
			res.Diags.Print(&out)
			for _, w := range c.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("%s: no %q in\n%.3000s", name, w, out.String())
				}
			}
			if lines := strings.Count(out.String(), "\n"); lines > 6*diag.MaxPerFile {
				t.Errorf("%s: %d lines printed", name, lines)
			}
			if c.refused && (!errors.Is(err, generator.ErrRefused) || len(mem.Files()) > 0) {
				t.Errorf("%s: err %v, %d files written; want it refused and nothing written", name, err, len(mem.Files()))
			}
		}
	}
}
