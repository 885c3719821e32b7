package generator_test

import (
	"context"
	"os"
	"runtime/pprof"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
)

func TestTmpEdit(t *testing.T) {
	site := os.Getenv("TMP_SITE")
	if site == "" {
		t.Skip()
	}
	mod := "content/cardiology/a-transition-medications-such-07600.md"
	mem := output.NewMemory()
	s := generator.NewSession(generator.Options{Site: os.DirFS(site), Out: mem, Today: content.ParseDate("2026-07-01"), Preview: true, Minify: true})
	if _, err := s.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	orig, _ := os.ReadFile(site + "/" + mod)
	defer os.WriteFile(site+"/"+mod, orig, 0o644)
	f, _ := os.Create("/tmp/edit.prof")
	pprof.StartCPUProfile(f)
	defer pprof.StopCPUProfile()
	var ds []time.Duration
	for i := 0; i < 30; i++ {
		os.WriteFile(site+"/"+mod, []byte(strings.Replace(string(orig), "\n+++\n", "\n+++\nEdit "+string(rune('a'+i))+".\n\n", 1)), 0o644)
		start := time.Now()
		if _, err := s.Build(context.Background(), []string{mod}); err != nil {
			t.Fatal(err)
		}
		ds = append(ds, time.Since(start))
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	t.Logf("median %v min %v max %v", ds[15], ds[0], ds[29])
}
