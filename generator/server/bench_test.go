package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rounds-dev/rounds/content"
)

// BenchmarkEditToReload measures the dev loop: a module file written, until
// the reload event is sent to the browser. ROUNDS_BENCH_SITE may name a
// large signed site (such as make bench's 10,000-module corpus) and
// ROUNDS_BENCH_MODULE the module to edit; otherwise a site of 2,000 small
// modules is made.
func BenchmarkEditToReload(b *testing.B) {
	site, module := os.Getenv("ROUNDS_BENCH_SITE"), os.Getenv("ROUNDS_BENCH_MODULE")
	if site == "" {
		site = b.TempDir()
		must(b, os.WriteFile(filepath.Join(site, "rounds.toml"), []byte(siteTOML), 0o644))
		for i := 0; i < 2000; i++ {
			p := filepath.Join(site, "content", fmt.Sprintf("c%02d", i%20), fmt.Sprintf("m%04d.md", i))
			must(b, os.MkdirAll(filepath.Dir(p), 0o755))
			must(b, os.WriteFile(p, []byte(module0(i, "Body of the module.")), 0o644))
		}
		module = "content/c00/m0000.md"
	}
	today := content.ParseDate("2026-11-22")
	if now := os.Getenv("ROUNDS_BENCH_NOW"); now != "" {
		today = content.ParseDate(now)
	}
	s, err := New(Options{Site: site, Port: 0, Today: today, Log: benchLog()})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = s.Run(ctx) }()
	for i := 0; s.checked == nil && i < 6000; i++ {
		time.Sleep(50 * time.Millisecond) // the first, full build
	}
	resp, err := http.Get(s.URL() + "_rounds/events")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan time.Time, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if sc.Text() == "event: reload" {
				events <- time.Now()
			}
		}
	}()
	path := filepath.Join(site, filepath.FromSlash(module))
	orig, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(path, orig, 0o644)
	time.Sleep(200 * time.Millisecond)
	var total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		edited := strings.Replace(string(orig), "\n+++\n", fmt.Sprintf("\n+++\nEdit %d.\n\n", i), 1)
		start := time.Now()
		must(b, os.WriteFile(path, []byte(edited), 0o644))
		select {
		case at := <-events:
			total += at.Sub(start)
		case <-time.After(time.Minute):
			b.Fatal("no reload event")
		}
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/edit")
}

func module0(i int, body string) string {
	return fmt.Sprintf("+++\ntitle = \"Module %d\"\ndate = 2026-10-01\ntags = [\"t%d\"]\n+++\n%s\n", i, i%50, body)
}

func must(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}

// benchLog is where the benchmarked server logs: nowhere, or stderr with
// ROUNDS_BENCH_LOG=1 (to see each rebuild's time and changed paths).
func benchLog() io.Writer {
	if os.Getenv("ROUNDS_BENCH_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}
