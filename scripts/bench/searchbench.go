//go:build ignore

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// searchCase measures the site search on a built corpus (issue 22): the
// index's size, its largest term shard, and per query the bytes
// js/search.js downloads before its first result and the time its own
// work takes, with node running the site's script over the files read
// into memory (scripts/bench/search.mjs). Without node it says so.
func searchCase(cfg *config, n int, out string, log func(string, ...any)) string {
	node, err := exec.LookPath("node")
	if err != nil {
		return fmt.Sprintf("\nSearch at %d modules: not measured (no node on PATH).\n", n)
	}
	raw, err := exec.Command(node, filepath.Join(cfg.root, "scripts", "bench", "search.mjs"), out).Output()
	if err != nil {
		log("search measurement failed on corpus-%d: %v", n, err)
		return fmt.Sprintf("\nSearch at %d modules: the measurement failed (%v).\n", n, err)
	}
	var r struct {
		Files, Bytes, LargestShard, Script int
		BodyWord                           string
		Queries                            []struct {
			Q     string
			Ms    float64
			Bytes int
			Hits  int
			First string
		}
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return fmt.Sprintf("\nSearch at %d modules: unreadable measurement (%v).\n", n, err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nSearch at %d modules (search/, js/search.js %.1f KB): index %d files, %.1f MB in all, largest term shard %.1f KB.\n\n",
		n, float64(r.Script)/1024, r.Files, float64(r.Bytes)/(1<<20), float64(r.LargestShard)/1024)
	b.WriteString("| query | modules found | KB before the first result | query time |\n|---|---:|---:|---:|\n")
	for _, q := range r.Queries {
		label := q.Q
		if q.Q == r.BodyWord {
			label += " (in one module's body only)"
		}
		kb := "–"
		if q.Bytes > 0 {
			kb = fmt.Sprintf("%.1f", float64(q.Bytes)/1024)
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %.1f ms |\n", label, q.Hits, kb, q.Ms)
	}
	return b.String()
}

// roundsOutput is a folder holding rounds's build of corpus n: the
// untimed first build's, or a timed run's.
func roundsOutput(cfg *config, n int) string {
	dir := outDir(cfg, "rounds", n)
	if _, err := os.Stat(filepath.Join(dir, "search", "index.json")); err == nil {
		return dir
	}
	runs, _ := filepath.Glob(dir + "-*")
	for _, r := range runs {
		if _, err := os.Stat(filepath.Join(r, "search", "index.json")); err == nil {
			return r
		}
	}
	return dir
}
