package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rounds-dev/rounds/internal/sitetest"
)

// TestScripts runs testdata/script/*.txt: txtar archives whose "script"
// file lists commands and expectations, run against run() in process, in a
// temporary folder holding the archive's other files. Like Hugo's
// testscripts, but with a tiny language:
//
//	rounds ARGS...      run rounds; "exit N" after it checks the code (default 0)
//	exit N              the last rounds command exited with N
//	stdout RE / stderr RE, ! stdout RE / ! stderr RE
//	exists PATH / ! exists PATH
//	grep RE PATH / ! grep RE PATH
//	snapshot DIR        remember every byte of DIR
//	unchanged DIR       DIR is byte for byte as at its snapshot
//	rm PATH / append PATH TEXT (\n for newlines) / replace PATH OLD NEW
//	chmod 600 PATH / symlink TARGET NAME
//	exec PROG ARGS... [< FILE]   run a program (skipped when it is missing); exit N checks it
//	clock DATE          the clock reads DATE for the rounds commands after it
//	                    (before it, rounds has no clock to compare --now with)
func TestScripts(t *testing.T) {
	files, _ := filepath.Glob("testdata/script/*.txt")
	if len(files) == 0 {
		t.Fatal("no scripts")
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txt"), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			runScript(t, sitetest.Parse(string(src)))
		})
	}
}

type scriptState struct {
	t              *testing.T
	dir            string
	stdout, stderr string
	code           int
	snaps          map[string]map[string][]byte
	line           int
	clock          func() time.Time
}

func runScript(t *testing.T, files map[string][]byte) {
	dir := t.TempDir()
	for name, data := range files {
		if name == "script" {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	s := &scriptState{t: t, dir: dir, snaps: map[string]map[string][]byte{}}
	for i, line := range strings.Split(string(files["script"]), "\n") {
		s.line = i + 1
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s.step(line)
	}
}

func (s *scriptState) fail(format string, args ...any) {
	s.t.Helper()
	s.t.Fatalf("script line %d: %s\nstdout:\n%s\nstderr:\n%s", s.line, fmt.Sprintf(format, args...), s.stdout, s.stderr)
}

func (s *scriptState) step(line string) {
	s.t.Helper()
	neg := false
	if strings.HasPrefix(line, "! ") {
		neg, line = true, strings.TrimSpace(line[2:])
	}
	args := splitArgs(line)
	switch args[0] {
	case "rounds":
		var out, errb bytes.Buffer
		e := &env{ctx: context.Background(), stdin: strings.NewReader(""), stdout: &out, stderr: &errb, clock: s.clock}
		s.code = runEnv(e, args[1:])
		s.stdout, s.stderr = out.String(), errb.String()
	case "clock":
		at, err := time.Parse("2006-01-02", args[1])
		if err != nil {
			s.fail("clock: %v", err)
		}
		s.clock = func() time.Time { return at }
	case "exit":
		want, _ := strconv.Atoi(args[1])
		if s.code != want {
			s.fail("exit code %d, want %d", s.code, want)
		}
	case "stdout", "stderr":
		text := s.stdout
		if args[0] == "stderr" {
			text = s.stderr
		}
		re := regexp.MustCompile("(?m)" + args[1])
		if re.MatchString(text) == neg {
			s.fail("%s: %s%q", args[0], map[bool]string{true: "unexpected ", false: "no match for "}[neg], args[1])
		}
	case "exists":
		_, err := os.Stat(args[1])
		if (err == nil) == neg {
			s.fail("exists %s: %v", args[1], err)
		}
	case "grep":
		data, err := os.ReadFile(args[2])
		if err != nil {
			s.fail("grep: %v", err)
		}
		if regexp.MustCompile("(?m)"+args[1]).Match(data) == neg {
			s.fail("grep %q %s: negated=%v", args[1], args[2], neg)
		}
	case "snapshot":
		s.snaps[args[1]] = readTree(s.t, args[1])
	case "unchanged":
		before, now := s.snaps[args[1]], readTree(s.t, args[1])
		if len(before) != len(now) {
			s.fail("%s had %d files, now %d", args[1], len(before), len(now))
		}
		for name, data := range before {
			if !bytes.Equal(data, now[name]) {
				s.fail("%s changed", name)
			}
		}
	case "rm":
		if err := os.RemoveAll(args[1]); err != nil {
			s.fail("rm: %v", err)
		}
	case "append", "replace":
		data, err := os.ReadFile(args[1])
		if err != nil && !(args[0] == "append" && os.IsNotExist(err)) {
			s.fail("%s: %v", args[0], err)
		}
		if args[0] == "append" {
			data = append(data, unescape(args[2])...)
		} else {
			if !bytes.Contains(data, []byte(unescape(args[2]))) {
				s.fail("replace: %s does not contain %q", args[1], args[2])
			}
			data = bytes.Replace(data, []byte(unescape(args[2])), []byte(unescape(args[3])), 1)
		}
		if err := os.WriteFile(args[1], data, 0o644); err != nil {
			s.fail("%v", err)
		}
	case "symlink":
		if err := os.Symlink(args[1], args[2]); err != nil {
			s.fail("symlink: %v", err)
		}
	case "chmod":
		mode, _ := strconv.ParseUint(args[1], 8, 32)
		if err := os.Chmod(args[2], os.FileMode(mode)); err != nil {
			s.fail("chmod: %v", err)
		}
	case "exec":
		prog, err := exec.LookPath(args[1])
		if err != nil {
			s.t.Skipf("%s is not installed", args[1])
		}
		var stdin []byte
		cmdArgs := args[2:]
		if n := len(cmdArgs); n >= 2 && cmdArgs[n-2] == "<" {
			stdin, _ = os.ReadFile(cmdArgs[n-1])
			cmdArgs = cmdArgs[:n-2]
		}
		cmd := exec.Command(prog, cmdArgs...)
		cmd.Stdin = bytes.NewReader(stdin)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err = cmd.Run()
		s.stdout, s.stderr, s.code = out.String(), errb.String(), 0
		if ee, ok := err.(*exec.ExitError); ok {
			s.code = ee.ExitCode()
		} else if err != nil {
			s.fail("exec: %v", err)
		}
	default:
		s.fail("unknown command %q", args[0])
	}
}

func unescape(s string) string { return strings.ReplaceAll(s, `\n`, "\n") }

// splitArgs splits on spaces, keeping 'single-quoted' words whole.
func splitArgs(line string) []string {
	var out []string
	var cur strings.Builder
	inQuote, has := false, false
	for _, r := range line {
		switch {
		case r == '\'':
			inQuote, has = !inQuote, true
		case r == ' ' && !inQuote:
			if has {
				out = append(out, cur.String())
				cur.Reset()
				has = false
			}
		default:
			cur.WriteRune(r)
			has = true
		}
	}
	if has {
		out = append(out, cur.String())
	}
	return out
}

func readTree(t *testing.T, dir string) map[string][]byte {
	out := map[string][]byte{}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			out[p] = b
		}
		return nil
	})
	return out
}
