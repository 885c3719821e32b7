package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/internal/sitetest"
)

// TestOneGate builds every site among the repository's fixtures (the
// examples, the sites of the CLI scripts and of generator/testdata/sites)
// with rounds build and runs rounds check and rounds status on it: check
// refuses exactly what build refuses, with the same messages (18 D5), and
// a module build refuses is never "published" in status.
func TestOneGate(t *testing.T) {
	sites := map[string]map[string][]byte{}
	for _, name := range []string{"sepsis", "handbook", "unreviewed"} {
		sites["examples/"+name] = siteTree(t, filepath.Join("..", "..", "examples", name))
	}
	scripts, _ := filepath.Glob("testdata/script/*.txt")
	for _, f := range scripts {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		site := map[string][]byte{}
		for name, data := range sitetest.Parse(string(src)) {
			if rest, ok := strings.CutPrefix(name, "site/"); ok {
				site[rest] = data
			}
		}
		if len(site) > 0 {
			sites["script/"+filepath.Base(f)] = site
		}
	}
	fixtures, _ := filepath.Glob("../../generator/testdata/sites/*.txtar")
	for _, f := range fixtures {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sites["sites/"+filepath.Base(f)] = sitetest.Parse(string(src))
	}
	if len(sites) < 10 {
		t.Fatalf("only %d sites found", len(sites))
	}
	for name, files := range sites {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, files)
			now := "--now=2026-11-22"
			bcode, bout := rounds(t, "build", "-s", dir, "-d", filepath.Join(t.TempDir(), "out"), now)
			ccode, cout := rounds(t, "check", "-s", dir, now)
			if bcode != ccode {
				t.Errorf("build exits %d, check %d\nbuild:\n%s\ncheck:\n%s", bcode, ccode, bout, cout)
			}
			if b, c := diagnostics(bout), diagnostics(cout); b != c {
				t.Errorf("check does not print what build prints\nbuild:\n%s\ncheck:\n%s", b, c)
			}
			_, sout := rounds(t, "status", "-s", dir, now)
			if bcode == exitRefused {
				for _, m := range refusedModules(bout) {
					if regexp.MustCompile(`(?m)^published +` + regexp.QuoteMeta(m) + ` `).MatchString(sout) {
						t.Errorf("build refuses %s, status says it is published:\n%s", m, sout)
					}
				}
			}
		})
	}
}

// rounds runs rounds in process and returns its exit code and what it
// printed, stdout then stderr.
func rounds(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runEnv(&env{ctx: context.Background(), stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, args)
	return code, out.String() + errb.String()
}

// diagnostics is what a command printed, less its closing summary.
func diagnostics(s string) string {
	var keep []string
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "refused: ") || strings.HasPrefix(line, "built ") || strings.HasPrefix(line, "rounds build: note: ") ||
			regexp.MustCompile(`^\d+ errors?, \d+ warnings?$`).MatchString(line) {
			continue
		}
		keep = append(keep, line)
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}

// refusedModules are the module files that build's errors name.
func refusedModules(s string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?m)^(content/\S+\.md):\d+:\d+: error: `).FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

func siteTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			if rel == "public" || strings.HasPrefix(d.Name(), ".") && rel != "." {
				return filepath.SkipDir
			}
			return nil
		}
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func writeTree(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
