package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// startAgent starts a real ssh-agent on a socket of its own, in the
// foreground (-D) so the test owns the process and stops it at the end,
// and returns the socket. It waits for the agent's first line, which it
// prints once the socket listens: an event, not a sleep.
func startAgent(t *testing.T) string {
	t.Helper()
	for _, prog := range []string{"ssh-agent", "ssh-add", "ssh-keygen"} {
		if _, err := exec.LookPath(prog); err != nil {
			t.Skipf("%s is not installed", prog)
		}
	}
	// A short folder: a unix socket's path has at most about 100 bytes.
	dir, err := os.MkdirTemp("", "agent")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "s")
	cmd := exec.Command("ssh-agent", "-D", "-a", sock)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	if _, err := bufio.NewReader(out).ReadString('\n'); err != nil {
		t.Fatalf("ssh-agent: %v", err)
	}
	return sock
}

// TestReviewThroughAgent (issue 21 item 4): with no --key, rounds review
// signs with the reviewer's key held by a real ssh-agent (chosen among
// the agent's keys from people.toml), and ssh-keygen -Y verify accepts
// the exported signature.
func TestReviewThroughAgent(t *testing.T) {
	sock := startAgent(t)
	dir := diffSite(t)
	other := filepath.Join(dir, "keys", "other")
	gen := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other)
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	t.Setenv("SSH_AUTH_SOCK", sock)
	mod := "site/content/c/m"
	args := []string{"review", mod, "--reviewer", "medic", "--role", "medical", "-s", "site", "--now", "2026-11-20"}

	// The agent holds none of medic's keys: refused, saying what to do.
	add := func(key string) {
		t.Helper()
		cmd := exec.Command("ssh-add", key)
		cmd.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("ssh-add: %v\n%s", err, out)
		}
	}
	add(other)
	if _, errs, code := roundsIn(t, dir, args...); code == 0 || !strings.Contains(errs, "the ssh-agent holds 1 key(s)") || !strings.Contains(errs, "ssh-add FILE") {
		t.Fatalf("review with the wrong key in the agent: exit %d\n%s", code, errs)
	}
	if err := os.Chmod(filepath.Join(dir, "keys", "medic"), 0o600); err != nil {
		t.Fatal(err)
	}
	add(filepath.Join(dir, "keys", "medic"))
	if _, errs, code := roundsIn(t, dir, args...); code != 0 || !strings.Contains(errs, "signed content/c/m/index.md as medical") {
		t.Fatalf("review through the agent: exit %d\n%s", code, errs)
	}
	if _, errs, code := roundsIn(t, dir, "review", "--export", mod, "-o", "audit", "-s", "site"); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errs)
	}
	name := "c__m.medical.medic"
	cmd := exec.Command("ssh-keygen", "-Y", "verify", "-f", "allowed_signers", "-I", "medic", "-n", "rounds-review@v1", "-s", name+".sig")
	cmd.Dir = filepath.Join(dir, "audit")
	in, err := os.Open(filepath.Join(dir, "audit", name+".txt"))
	if err != nil {
		entries, _ := os.ReadDir(filepath.Join(dir, "audit"))
		t.Fatalf("%v (the export holds %v)", err, entries)
	}
	defer in.Close()
	cmd.Stdin = in
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), `Good "rounds-review@v1" signature for medic`) {
		t.Fatalf("ssh-keygen -Y verify: %v\n%s", err, out)
	}
}
