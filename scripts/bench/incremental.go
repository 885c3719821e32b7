//go:build ignore

package main

// The incremental rows of issue 26: rounds build with the build state of
// the build before (.rounds/cache/build), after one edit made and signed
// off untimed, as a CI runner that restores .rounds/cache builds a commit.
// The edits pile up from run to run (each row's edit replaces its own
// last one), so the state each timed build finds is the one the build
// before it left, and the corpus stays signed; it is put back as it was,
// untimed, once its size is done.

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// incIDs are the incremental rows, in the order of the targets.
var incIDs = []string{"rounds-inc-body", "rounds-inc-ref", "rounds-inc-layout", "rounds-inc-day"}

// sharedRefID is the shared reference the bench adds to the corpus and
// has about 1% of its modules cite.
const sharedRefID = "benchshared2026"

// incState is what the incremental rows changed in a corpus, to put back.
type incState struct {
	dir      string
	original map[string][]byte // file -> bytes before the first edit (nil: it did not exist)
	citing   []string          // the modules that cite the shared reference
	modules  []string
}

var incStates = map[int]*incState{}

func incFor(cfg *config, n int) (*incState, error) {
	if s := incStates[n]; s != nil {
		return s, nil
	}
	s := &incState{dir: corpusDir(cfg, n), original: map[string][]byte{}}
	err := filepath.WalkDir(filepath.Join(s.dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && filepath.Base(p) != "_index.md" {
			s.modules = append(s.modules, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(s.modules)
	incStates[n] = s
	return s, nil
}

// save remembers a file's bytes before the first edit.
func (s *incState) save(p string) {
	if _, ok := s.original[p]; ok {
		return
	}
	b, err := os.ReadFile(p)
	if err != nil {
		b = nil
	}
	s.original[p] = b
}

// restore puts the corpus back as the incremental rows found it.
func (s *incState) restore(cfg *config, n int, log func(string, ...any)) {
	for p, b := range s.original {
		if b == nil {
			_ = os.Remove(p)
		} else {
			_ = os.WriteFile(p, b, 0o644)
		}
	}
	delete(incStates, n)
	log("corpus-%d put back as it was before the incremental rows", n)
}

// sign signs off the given modules (or the frame) as the corpus is signed.
func sign(cfg *config, n int, tag string, paths ...string) error {
	dir := corpusDir(cfg, n)
	args := []string{"review"}
	if len(paths) == 0 {
		args = append(args, "--frame")
	} else {
		args = append(args, paths...)
	}
	args = append(args, "--reviewer", "bench", "--role", "medical", "--key", filepath.Join(cfg.cache, "key"), "-s", dir, "--now", cfg.now)
	return logged(cfg, fmt.Sprintf("sign-%d-%s.log", n, tag), cfg.root, nil, cfg.rounds, args...)
}

// editBody changes the body of one module (always the same one) and signs
// it off again.
func editBody(cfg *config, n int, tag string) error {
	s, err := incFor(cfg, n)
	if err != nil {
		return err
	}
	p := s.modules[len(s.modules)/2]
	s.save(p)
	src := string(s.original[p])
	i := strings.Index(src[3:], "+++\n")
	if i < 0 {
		return fmt.Errorf("%s: no front matter", p)
	}
	at := 3 + i + 4
	edited := src[:at] + "\nA sentence edited for bench run " + tag + ".\n" + src[at:]
	if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
		return err
	}
	return sign(cfg, n, "body-"+tag, p)
}

// editRef changes the title of a shared reference cited by about 1% of
// the modules and signs those modules off again. The first time, it adds
// the reference and the citations (signed off, untimed too).
func editRef(cfg *config, n int, tag string) error {
	s, err := incFor(cfg, n)
	if err != nil {
		return err
	}
	refs := filepath.Join(s.dir, "data", "references.toml")
	if s.citing == nil {
		for i := 0; i < len(s.modules); i += 100 {
			s.citing = append(s.citing, s.modules[i])
		}
		for _, p := range s.citing {
			s.save(p)
			src := s.original[p]
			if err := os.WriteFile(p, append(slices.Clip(src), "\nAs the shared reference says [@"+sharedRefID+"].\n"...), 0o644); err != nil {
				return err
			}
		}
		s.save(refs)
		if _, err := os.Stat(refs); err == nil {
			return fmt.Errorf("%s exists already: the corpus has shared references of its own", refs)
		}
		if err := os.MkdirAll(filepath.Dir(refs), 0o755); err != nil {
			return err
		}
	}
	ref := fmt.Sprintf("[[references]]\nid      = %q\nauthors = [\"Bench A\"]\ntitle   = \"A shared reference, version %s\"\njournal = \"J Bench\"\nyear    = 2026\n", sharedRefID, tag)
	if err := os.WriteFile(refs, []byte(ref), 0o644); err != nil {
		return err
	}
	return sign(cfg, n, "ref-"+tag, s.citing...)
}

// editLayout changes a layout of the site (the pre-activity provider
// block, on every module page) and signs off the frame again.
func editLayout(cfg *config, n int, tag string) error {
	s, err := incFor(cfg, n)
	if err != nil {
		return err
	}
	base, err := os.ReadFile(filepath.Join(cfg.root, "themes", "default", "layouts", "partials", "provider.html"))
	if err != nil {
		return err
	}
	p := filepath.Join(s.dir, "layouts", "partials", "provider.html")
	s.save(p)
	s.save(filepath.Join(s.dir, "frame.toml"))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, append(base, "<p class=\"bench\">Layout of bench run "+tag+".</p>\n"...), 0o644); err != nil {
		return err
	}
	return sign(cfg, n, "layout-"+tag)
}

// nextDay is the day after the bench's date.
func nextDay(now string) string {
	t, err := time.Parse("2006-01-02", now)
	if err != nil {
		return now
	}
	return t.AddDate(0, 0, 1).Format("2006-01-02")
}

// incPrograms are the incremental rows.
func incPrograms(cfg *config) []program {
	build := func(now string) func(n int, out string) []string {
		return func(n int, out string) []string {
			return []string{cfg.rounds, "build", "-s", corpusDir(cfg, n), "-d", out, "--now", now}
		}
	}
	return []program{
		{id: "rounds-inc-body", label: "rounds build, incremental: one module's body edited", keepState: true,
			args: build(cfg.now), prepare: editBody},
		{id: "rounds-inc-ref", label: "rounds build, incremental: one shared reference edited (cited by 1% of modules)", keepState: true,
			args: build(cfg.now), prepare: editRef},
		{id: "rounds-inc-layout", label: "rounds build, incremental: one layout edited (every page)", keepState: true,
			args: build(cfg.now), prepare: editLayout},
		{id: "rounds-inc-day", label: "rounds build, incremental: nothing changed, the next day", keepState: true,
			args: build(nextDay(cfg.now))},
	}
}

// incTable is the table of issue 26's targets: each incremental row and
// the cold build, against Hugo's full rebuild.
func incTable(b *strings.Builder, r map[string]stats) {
	cold, ok := r["rounds"]
	if !ok {
		return
	}
	hugo, hasHugo := r["hugo"]
	capped, hasCapped := r["hugo-capped"]
	vsHugo := func(s stats) string {
		if !hasHugo {
			return "—"
		}
		return ratio(s.wall.Seconds(), hugo.wall.Seconds())
	}
	b.WriteString("\n| issue 26: build | wall | CPU | peak memory | ÷ Hugo `--minify` (a full rebuild) | target | met? |\n| --- | ---: | ---: | ---: | ---: | --- | --- |\n")
	rows := []struct {
		id, name, target string
		met              func(s stats) string
	}{
		{"rounds-inc-body", "one module's body edited", "wall ≤ 1.0 s (0.04× Hugo)", func(s stats) string { return yesNo(s.wall <= time.Second) }},
		{"rounds-inc-ref", "one shared reference edited (1% of modules)", "wall ≤ 2 s", func(s stats) string { return yesNo(s.wall <= 2*time.Second) }},
		{"rounds-inc-layout", "one layout edited", "wall ≤ 0.5× the cold build", func(s stats) string { return yesNo(s.wall.Seconds() <= 0.5*cold.wall.Seconds()) }},
		{"rounds-inc-day", "nothing changed, the next day", "wall ≤ 1.0 s", func(s stats) string { return yesNo(s.wall <= time.Second) }},
	}
	for _, row := range rows {
		s, ok := r[row.id]
		if !ok {
			continue
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s |\n", row.name, secs(s.wall), secs(s.cpu), mib(s.rss), vsHugo(s), row.target, row.met(s))
	}
	met := "—"
	if hasHugo {
		met = "wall " + yesNo(cold.wall.Seconds() <= 0.40*hugo.wall.Seconds()) + ", memory " + yesNo(float64(cold.rss) <= 0.1*float64(hugo.rss))
		if hasCapped {
			met += ", capped " + yesNo(cold.wall.Seconds() <= 0.70*capped.wall.Seconds())
		}
	}
	cappedRatio := ""
	if hasCapped {
		cappedRatio = " (" + ratio(cold.wall.Seconds(), capped.wall.Seconds()) + " capped)"
	}
	fmt.Fprintf(b, "| the cold build (no build state; cards kept) | %s | %s | %s | %s%s | wall ≤ 0.40× Hugo, ≤ 0.70× Hugo with feeds capped; memory ≤ 0.1× | %s |\n",
		secs(cold.wall), secs(cold.cpu), mib(cold.rss), vsHugo(cold), cappedRatio, met)
}
