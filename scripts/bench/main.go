//go:build ignore

// Command bench is `make bench`: it times `rounds build` against Hugo
// v0.160.0 and the floor program on the shared benchmark corpus
// (../shared/bench/), side by side in one run, and writes the table to
// bench/results.md. See bench/README.md for what each figure means.
//
//	go run ./scripts/bench/main.go ./scripts/bench/incremental.go [-n "1000 10000"] [-runs 5] [-now 2026-07-01] [-no-hugo] [-only "rounds hugo floor"] [-rounds BIN] [-o bench/results.md]
//
// Every flag has an environment twin (BENCH_N, BENCH_RUNS, BENCH_NOW,
// BENCH_HUGO=0, BENCH_SERVE=0, BENCH_ONLY, BENCH_ROUNDS, BENCH_RESULTS,
// BENCH_SHARED); a flag wins
// over its twin.
//
// Standard library only, so a fresh machine needs nothing but Go and the
// module proxy. The file carries the "ignore" build tag so that `go list
// ./...` (and with it `make deps-check`, `go vet ./...`) does not see it as
// a package of the module; `go run FILE` builds it regardless.
//
// What it does, caching everything under .bench/ (gitignored):
//
//  1. go build -o bin/rounds ./cmd/rounds, copied to .bench/bin/rounds so
//     that a `make build` during the run cannot swap the binary being
//     timed (-rounds BIN times a binary built elsewhere instead)
//  2. .bench/key: a bench reviewer key (`rounds keygen`), made once
//  3. .bench/corpus-N: `go run gencorpus.go -n N -seed 1 -reviewer-key KEY`,
//     every module signed once with `rounds review` (dated -now), Hugo's
//     hugo.toml, hugo-capped.toml and layouts/ copied next to content/;
//     reused while gencorpus.go, N, the key and -now are unchanged
//  4. .bench/bin/hugo: `go install github.com/gohugoio/hugo@v0.160.0`, once;
//     on failure the run goes on with rounds and floor figures only
//  5. .bench/floor/floor: floor.go built in a module of its own
//  6. for each N: one untimed build by each program (checks that it
//     succeeds; rounds' refusal stops the run with its first 40 lines of
//     stderr), then -runs rounds of timed builds, the programs taking turns
//     in a rotating order; each child's wall time, CPU time (user+sys) and
//     peak RSS come from wait4's rusage (os.ProcessState.SysUsage)
//  7. prints the table of medians, ratios and per-module slopes, and writes
//     it between the markers of bench/results.md
package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const (
	hugoModule  = "github.com/gohugoio/hugo"
	hugoVersion = "v0.160.0"
	seed        = "1"
	// The corpus's release dates fall in 2024-01-01..2026-06-30 and its
	// credits end three years later, so a fixed "today" just after the last
	// release keeps every module in date (and every sign-off fresh) on any
	// future run; the real clock would refuse the whole corpus from 2027.
	defaultNow = "2026-07-01"

	beginMarker = "<!-- begin make bench: everything down to the end marker is rewritten by scripts/bench -->"
	endMarker   = "<!-- end make bench -->"
)

type config struct {
	root    string // the repository
	shared  string // ../shared
	cache   string // .bench
	rounds  string // the rounds binary timed: a copy of bin/rounds, or -rounds
	build   bool   // build bin/rounds first
	ns      []int
	runs    int
	now     string
	hugo    bool
	serve   bool            // also measure the dev servers' edit-to-page latency
	only    map[string]bool // the programs to time; nil for all
	results string
}

// programIDs are the ids of every program a run can time (BENCH_ONLY).
var programIDs = []string{"rounds", "rounds-cold", "rounds-rebuild", "rounds-inc-body", "rounds-inc-ref", "rounds-inc-layout", "rounds-inc-day", "hugo", "hugo-capped", "hugo-rebuild", "floor"}

// A program is one of the builds being timed.
type program struct {
	id      string // one of programIDs
	label   string
	args    func(n int, out string) []string // argv, out being the output folder
	rebuild bool                             // builds over its last output instead of an empty destination
	// keepState lets a rounds row use the build state the build before
	// left (.rounds/cache/build); every other rounds row builds without
	// it (held aside, untimed), as a cold build.
	keepState bool
	// prepare, when not nil, edits the corpus before each build, untimed.
	prepare func(cfg *config, n int, tag string) error
}

// A sample is one timed run of one program.
type sample struct {
	wall, cpu time.Duration
	rss       int64 // bytes
}

type stats struct {
	wall, cpu time.Duration // medians
	rss       int64
	minWall   time.Duration
	maxWall   time.Duration
	runs      int
}

func main() {
	log := func(format string, args ...any) { fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...) }
	cfg, err := configure()
	if err != nil {
		log("%v", err)
		os.Exit(2)
	}
	if err := run(cfg, log); err != nil {
		log("%v", err)
		os.Exit(1)
	}
}

func env(name, def string) string {
	if v := strings.TrimSpace(os.Getenv(name)); v != "" {
		return v
	}
	return def
}

func configure() (*config, error) {
	nFlag := flag.String("n", env("BENCH_N", "1000 10000"), "corpus sizes, space- or comma-separated (env BENCH_N)")
	runsFlag := flag.Int("runs", 0, "timed runs of each program per size, at least 1 (env BENCH_RUNS, default 5)")
	nowFlag := flag.String("now", env("BENCH_NOW", defaultNow), "the date of the sign-offs and of every build's \"today\" (env BENCH_NOW)")
	noHugo := flag.Bool("no-hugo", env("BENCH_HUGO", "1") == "0", "skip Hugo (env BENCH_HUGO=0)")
	noServe := flag.Bool("no-serve", env("BENCH_SERVE", "1") == "0", "skip the dev-server latency case (env BENCH_SERVE=0)")
	sharedFlag := flag.String("shared", os.Getenv("BENCH_SHARED"), "the shared folder holding bench/ (env BENCH_SHARED, default ../shared from the repository)")
	roundsFlag := flag.String("rounds", os.Getenv("BENCH_ROUNDS"), "time this rounds binary instead of building bin/rounds (env BENCH_ROUNDS)")
	onlyFlag := flag.String("only", os.Getenv("BENCH_ONLY"), "time only these programs, e.g. \"rounds hugo floor\" (env BENCH_ONLY; rounds is always timed)")
	outFlag := flag.String("o", env("BENCH_RESULTS", filepath.Join("bench", "results.md")), "where to write the table (env BENCH_RESULTS; relative to the repository)")
	flag.Parse()
	if flag.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (sizes go in -n or BENCH_N)", flag.Arg(0))
	}

	root, err := repoRoot()
	if err != nil {
		return nil, err
	}
	cfg := &config{root: root, cache: filepath.Join(root, ".bench"), rounds: filepath.Join(root, ".bench", "bin", "rounds"),
		build: true, now: *nowFlag, hugo: !*noHugo, serve: !*noServe}
	if *roundsFlag != "" {
		if cfg.rounds, err = filepath.Abs(*roundsFlag); err != nil {
			return nil, err
		}
		if _, err := os.Stat(cfg.rounds); err != nil {
			return nil, fmt.Errorf("BENCH_ROUNDS/-rounds: %v", err)
		}
		cfg.build = false
	}
	for _, f := range strings.FieldsFunc(*nFlag, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }) {
		n, err := strconv.Atoi(strings.ReplaceAll(f, "_", ""))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("BENCH_N/-n: %q is not a number of modules", f)
		}
		cfg.ns = append(cfg.ns, n)
	}
	if len(cfg.ns) == 0 {
		return nil, errors.New("BENCH_N/-n: no sizes given")
	}
	for _, id := range strings.FieldsFunc(*onlyFlag, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }) {
		if !slices.Contains(programIDs, id) {
			return nil, fmt.Errorf("BENCH_ONLY/-only: no program %q (there are %s)", id, strings.Join(programIDs, ", "))
		}
		if cfg.only == nil {
			cfg.only = map[string]bool{"rounds": true}
		}
		cfg.only[id] = true
	}
	sort.Ints(cfg.ns)
	cfg.runs = *runsFlag
	if cfg.runs == 0 {
		cfg.runs, err = strconv.Atoi(env("BENCH_RUNS", "5"))
		if err != nil {
			return nil, fmt.Errorf("BENCH_RUNS: %v", err)
		}
	}
	if cfg.runs < 1 {
		return nil, errors.New("BENCH_RUNS/-runs must be at least 1")
	}
	if _, err := time.Parse("2006-01-02", cfg.now); err != nil {
		return nil, fmt.Errorf("BENCH_NOW/-now: %q is not a date YYYY-MM-DD", cfg.now)
	}
	cfg.shared = *sharedFlag
	if cfg.shared == "" {
		cfg.shared = filepath.Join(root, "..", "shared")
	}
	if cfg.shared, err = filepath.Abs(cfg.shared); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(cfg.shared, "bench", "gencorpus.go")); err != nil {
		return nil, fmt.Errorf("no bench/gencorpus.go in %s (set BENCH_SHARED to the shared folder): %v", cfg.shared, err)
	}
	cfg.results = *outFlag
	if !filepath.IsAbs(cfg.results) {
		cfg.results = filepath.Join(root, cfg.results)
	}
	return cfg, nil
}

// repoRoot is the nearest folder at or above the working directory with
// the project's go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.Contains(b, []byte("module github.com/rounds-dev/rounds")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run from inside the rounds repository (no go.mod of github.com/rounds-dev/rounds above the working directory)")
		}
		dir = parent
	}
}

func run(cfg *config, log func(string, ...any)) error {
	for _, d := range []string{"bin", "logs", "out"} {
		if err := os.MkdirAll(filepath.Join(cfg.cache, d), 0o755); err != nil {
			return err
		}
	}
	loadStart, cpuStart := loadAvg(), readCPU()
	if cfg.build {
		log("building bin/rounds")
		bin := filepath.Join(cfg.root, "bin", "rounds")
		if err := command(cfg.root, nil, "go", "build", "-o", bin, "./cmd/rounds").Run(); err != nil {
			return fmt.Errorf("go build ./cmd/rounds: %v", err)
		}
		if err := copyFile(bin, cfg.rounds, 0o755); err != nil {
			return err
		}
	} else {
		log("timing %s (not building bin/rounds)", cfg.rounds)
	}
	key := filepath.Join(cfg.cache, "key")
	if _, err := os.Stat(key + ".pub"); err != nil {
		log("making the bench reviewer key .bench/key")
		_ = os.Remove(key)
		if out, err := exec.Command(cfg.rounds, "keygen", "--out", key, "--comment", "bench").CombinedOutput(); err != nil {
			return fmt.Errorf("rounds keygen: %v\n%s", err, out)
		}
	}
	pub, err := os.ReadFile(key + ".pub")
	if err != nil {
		return err
	}
	pubKey := strings.TrimSpace(string(pub))

	hugo := ""
	if cfg.hugo {
		hugo, err = installHugo(cfg, log)
		if err != nil {
			log("Hugo is not available, going on with rounds and floor figures only: %v", err)
			hugo = ""
		}
	}
	floor, err := buildFloor(cfg, log)
	if err != nil {
		log("the floor program could not be built, going on without it: %v", err)
		floor = ""
	}

	var progs []program
	progs = append(progs, program{id: "rounds", label: "rounds build (gate with signatures, all pages, minify)",
		args: func(n int, out string) []string {
			return []string{cfg.rounds, "build", "-s", corpusDir(cfg, n), "-d", out, "--now", cfg.now}
		}})
	// Cards cold: the same build with an empty card cache, so every card is
	// drawn (the row above reuses the cards of the untimed first build).
	progs = append(progs, program{id: "rounds-cold", label: "rounds build, cards cold (every card drawn)",
		args: func(n int, out string) []string {
			// A card cache of its own for each run, beside its fresh
			// output: nothing is deleted between timed runs (see settle).
			return []string{cfg.rounds, "build", "-s", corpusDir(cfg, n), "-d", out, "--now", cfg.now, "--card-cache", out + ".cards"}
		}})
	// Rebuilt over its last output, as an author rebuilds: the output a
	// build replaces is kept in the site's .rounds/cache/output and the
	// next build rewrites only what changed.
	progs = append(progs, program{id: "rounds-rebuild", label: "rounds build over its last output", rebuild: true,
		args: func(n int, out string) []string {
			return []string{cfg.rounds, "build", "-s", corpusDir(cfg, n), "-d", out, "--now", cfg.now}
		}})
	progs = append(progs, incPrograms(cfg)...)
	if hugo != "" {
		progs = append(progs,
			program{id: "hugo", label: "Hugo " + hugoVersion + " `--minify`",
				args: func(n int, out string) []string {
					return []string{hugo, "--minify", "--source", corpusDir(cfg, n), "--destination", out,
						"--cacheDir", filepath.Join(cfg.cache, "hugo-cache")}
				}},
			program{id: "hugo-capped", label: "Hugo " + hugoVersion + " `--minify`, feeds capped at 20",
				args: func(n int, out string) []string {
					dir := corpusDir(cfg, n)
					return []string{hugo, "--minify", "--source", dir, "--config", filepath.Join(dir, "hugo-capped.toml"),
						"--destination", out, "--cacheDir", filepath.Join(cfg.cache, "hugo-cache")}
				}},
			program{id: "hugo-rebuild", label: "Hugo " + hugoVersion + " `--minify` over its last output", rebuild: true,
				args: func(n int, out string) []string {
					return []string{hugo, "--minify", "--source", corpusDir(cfg, n), "--destination", out,
						"--cacheDir", filepath.Join(cfg.cache, "hugo-cache")}
				}})
	}
	if floor != "" {
		progs = append(progs, program{id: "floor", label: "floor (parse + render + write only)",
			args: func(n int, out string) []string {
				return []string{floor, "-in", corpusDir(cfg, n), "-out", out}
			}})
	}

	if cfg.only != nil {
		progs = slices.DeleteFunc(progs, func(p program) bool { return !cfg.only[p.id] })
	}

	results := map[int]map[string]stats{}
	searchReport := ""
	for _, n := range cfg.ns {
		fresh, err := prepareCorpus(cfg, n, pubKey, log)
		if err != nil {
			return err
		}
		// Untimed first build of each program: it proves the build works on
		// this corpus and warms the page cache (and any rounds cache, such as
		// cards) before the timed runs.
		live := []program{}
		for _, p := range progs {
			s, code, stderr, err := measure(cfg, p, n, "first")
			if err == nil && code == 0 && p.id == "rounds" {
				err = checkModules(stderr, n)
			}
			if p.id == "rounds" && (err != nil || code != 0) && !fresh {
				// Cached signatures may predate a change of the digest:
				// make the corpus again from scratch, once.
				log("rounds refused the cached corpus-%d; making it again from scratch", n)
				if err := os.RemoveAll(corpusDir(cfg, n)); err != nil {
					return err
				}
				if _, err := prepareCorpus(cfg, n, pubKey, log); err != nil {
					return err
				}
				s, code, stderr, err = measure(cfg, p, n, "first")
				if err == nil && code == 0 {
					err = checkModules(stderr, n)
				}
			}
			if err != nil || code != 0 {
				head := firstLines(stderr, 40)
				if p.id == "rounds" {
					if err == nil {
						err = fmt.Errorf("exit status %d", code)
					}
					return fmt.Errorf("rounds build failed on .bench/corpus-%d (%v); a product bug for the lead. First 40 lines of stderr:\n%s", n, err, head)
				}
				log("%s failed on corpus-%d (exit %d, %v), leaving it out; first 40 lines of its output:\n%s", p.id, n, code, err, head)
				continue
			}
			log("n=%d first %s: %s wall, %s CPU, %s", n, p.id, secs(s.wall), secs(s.cpu), mib(s.rss))
			if p.rebuild {
				// A second untimed build over the first: the timed ones
				// then find what a rebuild finds (for rounds, the output
				// kept by the build before).
				s, code, _, err := measure(cfg, p, n, "second")
				if err != nil || code != 0 {
					log("%s failed on corpus-%d when building again (exit %d, %v), leaving it out", p.id, n, code, err)
					continue
				}
				log("n=%d second %s: %s wall, %s CPU, %s", n, p.id, secs(s.wall), secs(s.cpu), mib(s.rss))
			}
			live = append(live, p)
		}
		settle(log)
		samples := map[string][]sample{}
		for r := 0; r < cfg.runs; r++ {
			for k := range live {
				// Rotate the order each round so no program always runs
				// first (or right after the heaviest one).
				p := live[(k+r)%len(live)]
				s, code, stderr, err := measure(cfg, p, n, fmt.Sprintf("run%d", r+1))
				if err != nil || code != 0 {
					return fmt.Errorf("%s failed on corpus-%d in run %d (exit %d, %v):\n%s", p.id, n, r+1, code, err, firstLines(stderr, 40))
				}
				samples[p.id] = append(samples[p.id], s)
				log("n=%d run %d/%d %-11s %7s wall %7s CPU %10s", n, r+1, cfg.runs, p.id, secs(s.wall), secs(s.cpu), mib(s.rss))
			}
		}
		results[n] = map[string]stats{}
		for id, ss := range samples {
			results[n][id] = summarize(ss)
		}
		// The site search on rounds's output (searchbench.go), before it goes.
		searchReport += searchCase(cfg, n, roundsOutput(cfg, n), log)
		// The outputs of the largest corpora take gigabytes; keep none.
		for _, p := range live {
			_ = os.RemoveAll(outDir(cfg, p.id, n))
			runs, _ := filepath.Glob(outDir(cfg, p.id, n) + "-*")
			for _, dir := range runs {
				_ = os.RemoveAll(dir)
			}
		}
		_ = os.RemoveAll(filepath.Join(corpusDir(cfg, n), ".rounds", "cache", "output"))
		if s := incStates[n]; s != nil {
			s.restore(cfg, n, log)
		}
	}

	other, steal, measured := otherWork(cpuStart, readCPU())
	report := table(cfg, progs, results, machine(cfg, hugo, loadStart, loadAvg(), other, steal, measured))
	if cfg.serve {
		report += serveCase(cfg, hugo, log)
	}
	if searchReport != "" {
		report += searchReport
	}
	fmt.Println(report)
	if err := writeResults(cfg.results, report); err != nil {
		return err
	}
	log("wrote %s", rel(cfg.root, cfg.results))
	return nil
}

// copyFile copies src to dst through a temporary file, so that dst is
// never half written.
func copyFile(src, dst string, mode os.FileMode) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	tmp := dst + ".tmp"
	if err := os.WriteFile(tmp, b, mode); err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}

// cpuTimes are the machine's busy and stolen CPU time so far (from
// /proc/stat) and the CPU time of this process and its children.
type cpuTimes struct {
	ok                bool
	at                time.Time
	busy, steal, ours time.Duration
}

// clockTick is Linux's USER_HZ, the unit of /proc/stat.
const clockTick = 10 * time.Millisecond

func readCPU() cpuTimes {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuTimes{}
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return cpuTimes{}
	}
	n := make([]int64, 8)
	for i := range n {
		n[i], _ = strconv.ParseInt(f[i+1], 10, 64)
	}
	// user nice system idle iowait irq softirq steal
	t := cpuTimes{ok: true, at: time.Now(),
		busy:  time.Duration(n[0]+n[1]+n[2]+n[5]+n[6]) * clockTick,
		steal: time.Duration(n[7]) * clockTick}
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var ru syscall.Rusage
		if syscall.Getrusage(who, &ru) == nil {
			t.ours += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
	}
	return t
}

// otherWork is the share of the machine's CPU capacity over the run that
// went to anything but the bench and the builds it ran (other processes,
// and the kernel's own threads, such as writing back the outputs), and
// the share stolen by the host of a virtual machine. The load average
// cannot tell: after a run that kept every core busy it is high anyway.
func otherWork(start, end cpuTimes) (other, steal float64, ok bool) {
	if !start.ok || !end.ok {
		return 0, 0, false
	}
	capacity := float64(end.at.Sub(start.at)) * float64(runtime.NumCPU())
	others := float64((end.busy - start.busy) - (end.ours - start.ours))
	return max(others, 0) / capacity, float64(end.steal-start.steal) / capacity, true
}

// loadAvg is the one-minute load average, or -1 where /proc has none.
func loadAvg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	var l float64
	if _, err := fmt.Sscanf(string(b), "%g", &l); err != nil {
		return -1
	}
	return l
}

func corpusDir(cfg *config, n int) string {
	return filepath.Join(cfg.cache, fmt.Sprintf("corpus-%d", n))
}

func outDir(cfg *config, id string, n int) string {
	return filepath.Join(cfg.cache, "out", fmt.Sprintf("%s-%d", id, n))
}

// settle waits, before the timed runs of a corpus, until the files deleted
// before them are forgotten. ext4 does not give a new file an inode freed
// in the last minute (five, while its table block is dirty: hence the
// sync), and skipping them costs every file created: right after removing
// 10,000-module outputs, a rounds build took 21 s of system time instead
// of 4 (and Hugo, which makes fewer files, less). So nothing is deleted
// between timed runs: each writes into a folder of its own, all removed
// after the corpus is done.
func settle(log func(string, ...any)) {
	log("waiting 65 s for the file system to forget the files deleted before the timed runs")
	syscall.Sync()
	time.Sleep(65 * time.Second)
}

// command makes a command whose output goes to the terminal's stderr.
func command(dir string, extraEnv []string, name string, args ...string) *exec.Cmd {
	c := exec.Command(name, args...)
	c.Dir = dir
	c.Stdout = os.Stderr
	c.Stderr = os.Stderr
	c.Env = append(os.Environ(), extraEnv...)
	return c
}

// logged runs a command with its output in a log file under .bench/logs,
// and on failure returns an error holding the log's first 40 lines.
func logged(cfg *config, logName, dir string, extraEnv []string, name string, args ...string) error {
	path := filepath.Join(cfg.cache, "logs", logName)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	c := exec.Command(name, args...)
	c.Dir = dir
	c.Env = append(os.Environ(), extraEnv...)
	c.Stdout, c.Stderr = f, f
	err = c.Run()
	f.Close()
	if err != nil {
		b, _ := os.ReadFile(path)
		return fmt.Errorf("%s %s: %v (log: %s); first 40 lines:\n%s", filepath.Base(name), strings.Join(args, " "), err, rel(cfg.root, path), firstLines(b, 40))
	}
	return nil
}

// prepareCorpus makes .bench/corpus-N unless a complete one with the same
// inputs is there. It reports whether it made the corpus afresh.
func prepareCorpus(cfg *config, n int, pubKey string, log func(string, ...any)) (bool, error) {
	dir := corpusDir(cfg, n)
	gen := filepath.Join(cfg.shared, "bench", "gencorpus.go")
	src, err := os.ReadFile(gen)
	if err != nil {
		return false, err
	}
	h := sha256.New()
	// "signed" names how the corpus is signed: a corpus signed over an
	// older digest form, or without its frame, is made again.
	fmt.Fprintf(h, "gencorpus %x\nn %d\nseed %s\nkey %s\nnow %s\nposttest %s\nprivacy %s\nsigned sha256v2+frame\n", sha256.Sum256(src), n, seed, pubKey, cfg.now, posttest, privacyPage)
	stamp := hex.EncodeToString(h.Sum(nil))
	stampFile := filepath.Join(dir, ".bench-stamp")
	fresh := false
	if b, err := os.ReadFile(stampFile); err != nil || strings.TrimSpace(string(b)) != stamp {
		fresh = true
		log("generating .bench/corpus-%d", n)
		if err := os.RemoveAll(dir); err != nil {
			return false, err
		}
		start := time.Now()
		if err := logged(cfg, fmt.Sprintf("gencorpus-%d.log", n), cfg.root, nil, "go", "run", gen,
			"-n", strconv.Itoa(n), "-out", dir, "-seed", seed, "-reviewer-key", pubKey); err != nil {
			return false, err
		}
		if err := addPosttests(filepath.Join(dir, "content")); err != nil {
			return false, err
		}
		// The generated rounds.toml names a privacy page (provider.privacy =
		// "/privacy/") that the corpus does not have; the links rule refuses
		// a site whose every page links to a missing page, so the corpus
		// gets the page a real provider has.
		if err := os.MkdirAll(filepath.Join(dir, "static", "privacy"), 0o755); err != nil {
			return false, err
		}
		if err := os.WriteFile(filepath.Join(dir, "static", "privacy", "index.html"), []byte(privacyPage), 0o644); err != nil {
			return false, err
		}
		log("signing %d modules with rounds review (as bench, medical, on %s)", n, cfg.now)
		signStart := time.Now()
		if err := logged(cfg, fmt.Sprintf("review-%d.log", n), cfg.root, nil, cfg.rounds, "review",
			filepath.Join(dir, "content"), "--reviewer", "bench", "--role", "medical",
			"--key", filepath.Join(cfg.cache, "key"), "-s", dir, "--now", cfg.now); err != nil {
			return false, fmt.Errorf("signing the corpus failed, a product bug for the lead: %v", err)
		}
		log("corpus-%d: generated in %s, signed in %s", n, secs(signStart.Sub(start)), secs(time.Since(signStart)))
	}
	// Hugo's files next to content/; rounds only reads layouts named after
	// its own page kinds (home, section, module, ...), not single or list.
	hugoDir := filepath.Join(cfg.shared, "bench", "hugo")
	err = filepath.WalkDir(hugoDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(hugoDir, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, r), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, r), b, 0o644)
	})
	if err != nil {
		return false, fmt.Errorf("copying Hugo's files: %v", err)
	}
	if fresh {
		// The frame (rounds.toml, people.toml, static/, layouts/ with
		// Hugo's files) is signed last, once everything in it is there.
		if err := logged(cfg, fmt.Sprintf("review-frame-%d.log", n), cfg.root, nil, cfg.rounds, "review", "--frame",
			"--reviewer", "bench", "--role", "medical", "--key", filepath.Join(cfg.cache, "key"), "-s", dir, "--now", cfg.now); err != nil {
			return false, fmt.Errorf("signing the corpus's frame failed, a product bug for the lead: %v", err)
		}
		if err := os.WriteFile(stampFile, []byte(stamp+"\n"), 0o644); err != nil {
			return false, err
		}
	}
	return fresh, nil
}

// posttest is one post-test question, added to every module of the corpus
// before it is signed. The generated modules award credit without a
// post-test, which rule quizzes of SPEC.md refuses; adding one keeps the
// comparison fair to Hugo: rounds gets strictly more work (a quiz, its
// quiz.json, its embed page and its question card), Hugo's copy of the
// corpus gets the same text as a plain paragraph.
const posttest = "\n::: quiz posttest\nWhich statement matches this module?\n\n- [x] The one it teaches\n- [ ] Another one\n  > Read the module again.\n\nWhy: It is what the module says.\n:::\n"

const privacyPage = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Privacy</title></head><body><main><h1>Privacy</h1><p>This site keeps no personal data.</p></main></body></html>\n"

func addPosttests(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || filepath.Base(p) == "_index.md" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil || strings.Contains(string(b), "::: quiz") {
			return err
		}
		return os.WriteFile(p, append(b, posttest...), 0o644)
	})
}

// installHugo returns .bench/bin/hugo, installing Hugo with go install when
// it is missing or another version.
func installHugo(cfg *config, log func(string, ...any)) (string, error) {
	bin := filepath.Join(cfg.cache, "bin", "hugo")
	if out, err := exec.Command(bin, "version").Output(); err == nil && bytes.Contains(out, []byte(hugoVersion)) {
		return bin, nil
	}
	log("installing Hugo %s into .bench/bin (go install; several minutes, once)", hugoVersion)
	start := time.Now()
	err := logged(cfg, "hugo-install.log", cfg.root, []string{"GOBIN=" + filepath.Join(cfg.cache, "bin")},
		"go", "install", hugoModule+"@"+hugoVersion)
	if err != nil {
		return "", err
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		return "", fmt.Errorf("%s version: %v", bin, err)
	}
	if !bytes.Contains(out, []byte(hugoVersion)) {
		return "", fmt.Errorf("installed Hugo says %q, not %s", strings.TrimSpace(string(out)), hugoVersion)
	}
	log("Hugo installed in %s", secs(time.Since(start)))
	return bin, nil
}

var goGet = regexp.MustCompile(`go get ((?:\S+@\S+\s*)+)`)

// buildFloor builds floor.go in a module of its own under .bench/floor, as
// its header says, with the module versions its header names.
func buildFloor(cfg *config, log func(string, ...any)) (string, error) {
	src, err := os.ReadFile(filepath.Join(cfg.shared, "bench", "floor.go"))
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cfg.cache, "floor")
	bin := filepath.Join(dir, "floor")
	old, _ := os.ReadFile(filepath.Join(dir, "floor.go"))
	if bytes.Equal(old, src) {
		if _, err := os.Stat(bin); err == nil {
			return bin, nil
		}
	}
	log("building the floor program in .bench/floor")
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "floor.go"), src, 0o644); err != nil {
		return "", err
	}
	mods := []string{"github.com/yuin/goldmark@v1.8.7", "github.com/BurntSushi/toml@v1.6.0"}
	if m := goGet.FindSubmatch(src); m != nil {
		mods = strings.Fields(string(m[1]))
	}
	steps := [][]string{
		{"go", "mod", "init", "floor"},
		append([]string{"go", "get"}, mods...),
		{"go", "build", "-o", "floor", "floor.go"},
	}
	for _, s := range steps {
		if err := logged(cfg, "floor-build.log", dir, []string{"GOWORK=off"}, s[0], s[1:]...); err != nil {
			return "", err
		}
	}
	return bin, nil
}

// measure runs one build of p on corpus n into a fresh output folder and
// returns its wall time, CPU time and peak RSS, its exit code and the head
// of its output.
func measure(cfg *config, p program, n int, tag string) (sample, int, []byte, error) {
	out := outDir(cfg, p.id, n)
	// Every program but the rebuild rows starts from an empty destination
	// of its own, made for this run (see settle): removing the last
	// build is not part of anyone's time.
	if !p.rebuild {
		out += "-" + tag
		if err := os.RemoveAll(out); err != nil { // a run repeated, or an earlier bench stopped
			return sample{}, -1, nil, err
		}
		if strings.HasPrefix(p.id, "rounds") {
			// Nor does the output kept for rounds-rebuild help them: it is
			// put aside while they run (untimed).
			spare := filepath.Join(corpusDir(cfg, n), ".rounds", "cache", "output")
			held := spare + ".held"
			_ = os.RemoveAll(held)
			if err := os.Rename(spare, held); err == nil {
				defer func() {
					_ = os.RemoveAll(spare)
					_ = os.Rename(held, spare)
				}()
			}
		}
	}
	if strings.HasPrefix(p.id, "rounds") && !p.keepState {
		// A cold build: the build state of the incremental rows is put
		// aside while it runs (untimed), as --no-cache would, but the
		// card cache stays (issue 26: cards are timed on their own row).
		state := filepath.Join(corpusDir(cfg, n), ".rounds", "cache", "build")
		held := state + ".held"
		_ = os.RemoveAll(held)
		if err := os.Rename(state, held); err == nil {
			defer func() {
				_ = os.RemoveAll(state)
				_ = os.Rename(held, state)
			}()
		}
	}
	if p.prepare != nil {
		if err := p.prepare(cfg, n, tag); err != nil {
			return sample{}, -1, nil, fmt.Errorf("preparing %s: %v", p.id, err)
		}
	}
	logPath := filepath.Join(cfg.cache, "logs", fmt.Sprintf("%d-%s-%s.log", n, p.id, tag))
	f, err := os.Create(logPath)
	if err != nil {
		return sample{}, -1, nil, err
	}
	defer f.Close()
	argv := p.args(n, out)
	c := exec.Command(argv[0], argv[1:]...)
	c.Dir = cfg.root
	c.Stdout, c.Stderr = f, f
	start := time.Now()
	err = c.Run()
	wall := time.Since(start)
	head := readHead(logPath, 64<<10)
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return sample{}, -1, head, err
	}
	ps := c.ProcessState
	s := sample{wall: wall}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		s.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		s.rss = int64(ru.Maxrss)
		if runtime.GOOS != "darwin" { // Linux and the BSDs count KiB, macOS bytes
			s.rss *= 1024
		}
	} else {
		s.cpu = ps.UserTime() + ps.SystemTime()
	}
	return s, ps.ExitCode(), head, nil
}

var builtLine = regexp.MustCompile(`built .*?: (\d+) modules`)

// checkModules makes sure rounds published the whole corpus: a build that
// left modules out would not be comparable with Hugo's.
func checkModules(stderr []byte, n int) error {
	m := builtLine.FindSubmatch(stderr)
	if m == nil {
		// The summary comes last; the head read may not reach it.
		return nil
	}
	if got, _ := strconv.Atoi(string(m[1])); got != n {
		return fmt.Errorf("rounds published %d of the %d modules", got, n)
	}
	return nil
}

// readHead reads the first max bytes of a file and, when the file is
// longer, its last 4 KiB too (where rounds prints its summary).
func readHead(path string, max int64) []byte {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	head, _ := io.ReadAll(io.LimitReader(f, max))
	if info, err := f.Stat(); err == nil && info.Size() > max {
		tail := make([]byte, 4096)
		k, _ := f.ReadAt(tail, info.Size()-4096)
		head = append(head, "\n...\n"...)
		head = append(head, tail[:k]...)
	}
	return head
}

func firstLines(b []byte, n int) string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() && len(out) < n {
		out = append(out, "    "+sc.Text())
	}
	return strings.Join(out, "\n")
}

func summarize(ss []sample) stats {
	walls := make([]time.Duration, len(ss))
	cpus := make([]time.Duration, len(ss))
	rss := make([]int64, len(ss))
	for i, s := range ss {
		walls[i], cpus[i], rss[i] = s.wall, s.cpu, s.rss
	}
	st := stats{wall: median(walls), cpu: median(cpus), rss: median(rss), runs: len(ss)}
	sort.Slice(walls, func(i, j int) bool { return walls[i] < walls[j] })
	st.minWall, st.maxWall = walls[0], walls[len(walls)-1]
	return st
}

func median[T time.Duration | int64](xs []T) T {
	s := append([]T(nil), xs...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func secs(d time.Duration) string {
	s := d.Seconds()
	switch {
	case s < 10:
		return fmt.Sprintf("%.2f s", s)
	default:
		return fmt.Sprintf("%.1f s", s)
	}
}

func mib(b int64) string { return thousands(int64(float64(b)/(1<<20)+0.5)) + " MiB" }

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func ratio(a, b float64) string {
	if b == 0 {
		return "–"
	}
	r := a / b
	if r < 0.1 {
		return fmt.Sprintf("%.3f×", r)
	}
	return fmt.Sprintf("%.2f×", r)
}

// machine is the line that says where the figures come from.
func machine(cfg *config, hugo string, loadStart, loadEnd float64, other, steal float64, measured bool) string {
	model := runtime.GOARCH
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(b), "MemTotal: %d kB", &kb); err == nil {
			mem = fmt.Sprintf(", %.1f GiB RAM", float64(kb)/(1<<20))
		}
	}
	kernel := runtime.GOOS
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel += " " + strings.TrimSpace(string(b))
	}
	goVersion := runtime.Version()
	if out, err := exec.Command("go", "version").Output(); err == nil {
		goVersion = strings.TrimPrefix(strings.TrimSpace(string(out)), "go version ")
	}
	version := "unknown"
	if out, err := exec.Command("git", "-C", cfg.root, "describe", "--tags", "--always", "--dirty").Output(); err == nil {
		version = strings.TrimSpace(string(out))
	}
	h := "not measured"
	if hugo != "" {
		h = hugoVersion
	}
	if !cfg.build {
		version = "binary " + cfg.rounds
		if out, err := exec.Command(cfg.rounds, "version").Output(); err == nil {
			version += " (" + strings.TrimSpace(string(out)) + ")"
		}
	}
	load, warning := "", ""
	if loadStart >= 0 {
		load = fmt.Sprintf("; load average %.1f before, %.1f after", loadStart, loadEnd)
	}
	busy := fmt.Sprintf("load average above nproc/2 = %.1f", float64(runtime.NumCPU())/2)
	if measured {
		// What the CPU did besides the bench says more than the load
		// average, which the bench's own builds raise.
		load += fmt.Sprintf("; other work %.0f%% and steal %.0f%% of the CPU over the run", other*100, steal*100)
		busy = fmt.Sprintf("other work took %.0f%% of the CPU, the host stole %.0f%%", other*100, steal*100)
	}
	if (measured && other+steal > 0.10) || (!measured && max(loadStart, loadEnd) > float64(runtime.NumCPU())/2) {
		warning = fmt.Sprintf("\n\n**The machine was busy with other work during the run (%s): wall times are inflated and noisy, CPU times less so. Rerun on an idle machine before quoting wall figures.**", busy)
	}
	return fmt.Sprintf("Machine: %d × %s (nproc %d)%s, %s; %s; rounds %s; Hugo %s; %s; median of %d runs each, alternated; builds dated %s%s.%s",
		runtime.NumCPU(), model, runtime.NumCPU(), mem, kernel, goVersion, version, h,
		time.Now().UTC().Format("2006-01-02 15:04 MST"), cfg.runs, cfg.now, load, warning)
}

// table renders the results as markdown.
func table(cfg *config, progs []program, res map[int]map[string]stats, machineLine string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", machineLine)
	only := ""
	if cfg.only != nil {
		var ids []string
		for _, id := range programIDs {
			if cfg.only[id] {
				ids = append(ids, id)
			}
		}
		only = fmt.Sprintf(" BENCH_ONLY=\"%s\"", strings.Join(ids, " "))
	}
	fmt.Fprintf(&b, "Reproduce: `BENCH_N=\"%s\" BENCH_RUNS=%d%s make bench`. Wall: elapsed time of the whole process; CPU: user + system time; memory: peak resident set (wait4 rusage).\n",
		joinInts(cfg.ns, " "), cfg.runs, only)
	for _, n := range cfg.ns {
		r := res[n]
		fmt.Fprintf(&b, "\n### %s modules\n\n", thousands(int64(n)))
		b.WriteString("| build | wall | wall range | CPU | peak memory | wall per 1,000 modules |\n| --- | ---: | ---: | ---: | ---: | ---: |\n")
		for _, p := range progs {
			s, ok := r[p.id]
			if !ok {
				continue
			}
			fmt.Fprintf(&b, "| %s | %s | %s – %s | %s | %s | %s |\n", p.label, secs(s.wall), secs(s.minWall), secs(s.maxWall),
				secs(s.cpu), mib(s.rss), fmt.Sprintf("%.2f s", s.wall.Seconds()*1000/float64(n)))
		}
		ro, ok := r["rounds"]
		if !ok {
			continue
		}
		b.WriteString("\n| the cold rounds build ÷ | wall | CPU | peak memory | target (issue 26) | met? |\n| --- | ---: | ---: | ---: | --- | --- |\n")
		for _, c := range []struct{ id, name, target string }{
			{"hugo", "Hugo `--minify`", "wall ≤ 0.40×, memory ≤ 0.1×"},
			{"hugo-capped", "Hugo `--minify`, feeds capped", "wall ≤ 0.70×"},
			{"floor", "floor", "— (issue 10's 2× withdrawn)"},
		} {
			o, ok := r[c.id]
			if !ok {
				continue
			}
			met := "—"
			switch c.id {
			case "hugo":
				met = "wall " + yesNo(ro.wall.Seconds() <= 0.40*o.wall.Seconds()) + ", memory " + yesNo(float64(ro.rss) <= 0.1*float64(o.rss))
			case "hugo-capped":
				met = "wall " + yesNo(ro.wall.Seconds() <= 0.70*o.wall.Seconds())
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", c.name, ratio(ro.wall.Seconds(), o.wall.Seconds()),
				ratio(ro.cpu.Seconds(), o.cpu.Seconds()), ratio(float64(ro.rss), float64(o.rss)), c.target, met)
		}
		incTable(&b, r)
		if rr, ok := r["rounds-rebuild"]; ok {
			if hr, ok := r["hugo-rebuild"]; ok {
				fmt.Fprintf(&b, "\nBuilt over their last output, rounds ÷ Hugo: %s wall, %s CPU, %s peak memory.\n",
					ratio(rr.wall.Seconds(), hr.wall.Seconds()), ratio(rr.cpu.Seconds(), hr.cpu.Seconds()), ratio(float64(rr.rss), float64(hr.rss)))
			}
		}
	}
	if len(cfg.ns) > 1 {
		b.WriteString("\n### Scaling: slope per 1,000 modules between sizes\n\n")
		b.WriteString("| build | sizes | wall | CPU | peak memory |\n| --- | --- | ---: | ---: | ---: |\n")
		for _, p := range progs {
			for i := 1; i < len(cfg.ns); i++ {
				lo, hi := cfg.ns[i-1], cfg.ns[i]
				a, ok1 := res[lo][p.id]
				z, ok2 := res[hi][p.id]
				if !ok1 || !ok2 {
					continue
				}
				k := float64(hi-lo) / 1000
				fmt.Fprintf(&b, "| %s | %s → %s | %.2f s | %.2f s | %.1f MiB |\n", p.label, thousands(int64(lo)), thousands(int64(hi)),
					(z.wall-a.wall).Seconds()/k, (z.cpu-a.cpu).Seconds()/k, float64(z.rss-a.rss)/(1<<20)/k)
			}
		}
		if len(cfg.ns) > 2 {
			var parts []string
			for _, p := range progs {
				first := slope(res, cfg.ns[0], cfg.ns[1], p.id)
				last := slope(res, cfg.ns[len(cfg.ns)-2], cfg.ns[len(cfg.ns)-1], p.id)
				if first[0] <= 0 || last[0] == 0 {
					continue
				}
				part := fmt.Sprintf("%s wall %.2f", p.id, last[0]/first[0])
				// A memory slope under 1 MiB per 1,000 modules (the floor's)
				// is noise; its ratio would mean nothing.
				if first[1] >= 1 {
					part += fmt.Sprintf(", memory %.2f", last[1]/first[1])
				}
				parts = append(parts, part)
			}
			if len(parts) > 0 {
				fmt.Fprintf(&b, "\nLinearity, the slope between the two largest sizes ÷ the slope between the two smallest (1.00 is linear): %s.\n", strings.Join(parts, "; "))
			}
		}
		lo, hi := cfg.ns[len(cfg.ns)-2], cfg.ns[len(cfg.ns)-1]
		if s := slope(res, lo, hi, "rounds"); s[0] > 0 {
			top := res[hi]["rounds"]
			extra := float64(1_000_000-hi) / 1000
			fmt.Fprintf(&b, "\nAt the rounds slope measured between %s and %s modules, one build of 1,000,000 modules on this machine would take about %.0f min of wall time and %.1f GiB of peak memory (extrapolated, not measured).\n",
				thousands(int64(lo)), thousands(int64(hi)), (top.wall.Seconds()+s[0]*extra)/60, (float64(top.rss)/(1<<20)+s[1]*extra)/1024)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// slope returns wall seconds and MiB of memory per 1,000 modules between sizes lo and hi.
func slope(res map[int]map[string]stats, lo, hi int, id string) [2]float64 {
	a, ok1 := res[lo][id]
	z, ok2 := res[hi][id]
	if !ok1 || !ok2 {
		return [2]float64{}
	}
	k := float64(hi-lo) / 1000
	return [2]float64{(z.wall - a.wall).Seconds() / k, float64(z.rss-a.rss) / (1 << 20) / k}
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

func joinInts(xs []int, sep string) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, sep)
}

// writeResults puts the report between the markers of the results file,
// keeping what is written around them by hand; a file without markers
// gets them appended.
func writeResults(path, report string) error {
	block := beginMarker + "\n\n" + report + "\n\n" + endMarker
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	s := string(old)
	var out string
	i := strings.Index(s, beginMarker)
	j := strings.Index(s, endMarker)
	switch {
	case i >= 0 && j > i:
		out = s[:i] + block + s[j+len(endMarker):]
	case len(s) == 0:
		out = "# Benchmark results\n\nWritten by `make bench` (see bench/README.md).\n\n" + block + "\n"
	default:
		out = strings.TrimRight(s, "\n") + "\n\n" + block + "\n"
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(out), 0o644)
}

func rel(root, p string) string {
	if r, err := filepath.Rel(root, p); err == nil {
		return r
	}
	return p
}

// serveLatency measures a dev server the way an author feels it: the time
// from a module file written until the server returns the edited page
// (polled every 5 ms), the median of runs edits. The same method is used
// for rounds serve and hugo server, so the two figures compare.
func serveLatency(cfg *config, argv []string, base, dir string, runs int, log func(string, ...any)) (time.Duration, error) {
	cmd := command(cfg.root, nil, argv[0], argv[1:]...)
	logf, err := os.Create(filepath.Join(cfg.cache, "logs", "serve-"+filepath.Base(argv[0])+".log"))
	if err != nil {
		return 0, err
	}
	defer logf.Close()
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	module, page, err := firstModule(dir)
	if err != nil {
		return 0, err
	}
	get := func() string {
		resp, err := http.Get(base + page)
		if err != nil {
			return ""
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	// The first, full build of the server.
	deadline := time.Now().Add(10 * time.Minute)
	for get() == "" {
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("%s did not serve %s within 10 minutes (see .bench/logs)", argv[0], page)
		}
		time.Sleep(200 * time.Millisecond)
	}
	orig, err := os.ReadFile(module)
	if err != nil {
		return 0, err
	}
	defer os.WriteFile(module, orig, 0o644)
	var ds []time.Duration
	for i := 0; i < runs; i++ {
		marker := fmt.Sprintf("Benchmark edit number %d.", i+1+int(time.Now().UnixNano()%1000)*100)
		edited := strings.Replace(string(orig), "\n+++\n", "\n+++\n\n"+marker+"\n\n", 1)
		time.Sleep(300 * time.Millisecond) // let the last rebuild settle
		start := time.Now()
		if err := os.WriteFile(module, []byte(edited), 0o644); err != nil {
			return 0, err
		}
		for !strings.Contains(get(), marker) {
			if time.Since(start) > 2*time.Minute {
				return 0, fmt.Errorf("%s did not serve the edit within 2 minutes", argv[0])
			}
			time.Sleep(5 * time.Millisecond)
		}
		ds = append(ds, time.Since(start))
		log("%s: edit %d/%d served after %s", filepath.Base(argv[0]), i+1, runs, ds[len(ds)-1].Round(time.Millisecond))
	}
	return median(ds), nil
}

// firstModule returns the first module file of a corpus (sorted) and its
// page's path, from its slug.
func firstModule(dir string) (file, page string, err error) {
	sections, err := os.ReadDir(filepath.Join(dir, "content"))
	if err != nil {
		return "", "", err
	}
	for _, s := range sections {
		if !s.IsDir() {
			continue
		}
		files, _ := filepath.Glob(filepath.Join(dir, "content", s.Name(), "*.md"))
		for _, f := range files {
			if filepath.Base(f) == "_index.md" {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				return "", "", err
			}
			slug := strings.TrimSuffix(filepath.Base(f), ".md")
			for _, line := range strings.Split(string(b), "\n") {
				if v, ok := strings.CutPrefix(line, "slug = "); ok {
					slug = strings.Trim(strings.TrimSpace(v), `"`)
					break
				}
			}
			return f, s.Name() + "/" + slug + "/", nil
		}
	}
	return "", "", fmt.Errorf("no module in %s", dir)
}

// freePort asks the system for a free loopback port.
func freePort() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 1313
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// serveCase measures rounds serve and hugo server on the largest corpus and
// returns the lines of the results table.
// serveTarget is the corpus size of issue 10's serve target.
const serveTarget = 10000

func serveCase(cfg *config, hugo string, log func(string, ...any)) string {
	// At 10,000 modules, the size issue 10's target is for, when that
	// corpus is among those measured; else at the largest.
	n := cfg.ns[len(cfg.ns)-1]
	if slices.Contains(cfg.ns, serveTarget) {
		n = serveTarget
	}
	dir := corpusDir(cfg, n)
	runs := max(cfg.runs, 3)
	var b strings.Builder
	fmt.Fprintf(&b, "\n\n### Dev server: edit to the edited page served, %s modules\n\n| server | median of %d edits |\n| --- | ---: |\n", thousands(int64(n)), runs)
	rp := freePort()
	rounds, err := serveLatency(cfg, []string{cfg.rounds, "serve", "-s", dir, "--port", strconv.Itoa(rp), "--now", cfg.now},
		fmt.Sprintf("http://127.0.0.1:%d/", rp), dir, runs, log)
	if err != nil {
		log("rounds serve: %v", err)
		return ""
	}
	fmt.Fprintf(&b, "| rounds serve | %s |\n", rounds.Round(time.Millisecond))
	if hugo != "" {
		hp := freePort()
		h, err := serveLatency(cfg, []string{hugo, "server", "--source", dir, "--port", strconv.Itoa(hp), "--bind", "127.0.0.1",
			"--baseURL", fmt.Sprintf("http://127.0.0.1:%d/", hp), "--cacheDir", filepath.Join(cfg.cache, "hugo-cache"), "--disableFastRender"},
			fmt.Sprintf("http://127.0.0.1:%d/", hp), dir, runs, log)
		if err != nil {
			log("hugo server: %v", err)
		} else {
			fmt.Fprintf(&b, "| hugo server | %s |\n\nrounds ÷ Hugo: %s.\n", h.Round(time.Millisecond), ratio(rounds.Seconds(), h.Seconds()))
		}
	}
	met := "**no**"
	switch {
	case n != serveTarget:
		met = "not measured here (its target is for 10,000 modules)"
	case rounds <= 50*time.Millisecond:
		met = "yes"
	}
	fmt.Fprintf(&b, "\nIssue 10 asks for at most 50 ms at 10,000 modules: %s.\n", met)
	return b.String()
}
