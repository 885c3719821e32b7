package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestAuditSepsis (issue 21 item 6): the audit of examples/sepsis lists
// every person with their relationships and every sign-off, and every
// command of its VERIFY.txt prints Good with OpenSSH alone.
func TestAuditSepsis(t *testing.T) {
	site, _ := filepath.Abs("../../examples/sepsis")
	out := t.TempDir()
	_, errs, code := roundsIn(t, out, "audit", "-s", site, "-o", "report", "--now", "2026-11-22")
	if code != 0 {
		t.Fatalf("audit: exit %d\n%s", code, errs)
	}
	report := filepath.Join(out, "report")
	csv, err := os.ReadFile(filepath.Join(report, "activities.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	if !strings.HasPrefix(lines[0], "Activity Title,Activity Type,") || len(lines) != 5 {
		t.Errorf("activities.csv:\n%s", csv)
	}
	recs, _ := filepath.Glob(filepath.Join(report, "activities", "*.json"))
	if len(recs) != 4 {
		t.Fatalf("%d records", len(recs))
	}
	signOffs := 0
	for _, f := range recs {
		data, _ := os.ReadFile(f)
		var rec auditRecord
		if err := json.Unmarshal(data, &rec); err != nil {
			t.Fatal(err)
		}
		if len(rec.People) == 0 || len(rec.SignOffs) != 2 {
			t.Errorf("%s: %d people, %d sign-offs", f, len(rec.People), len(rec.SignOffs))
		}
		for _, p := range rec.People {
			if p.Name == "" || len(p.Roles) == 0 {
				t.Errorf("%s: %+v", f, p)
			}
		}
		signOffs += len(rec.SignOffs)
		html, err := os.ReadFile(strings.TrimSuffix(f, ".json") + ".html")
		if err != nil || !strings.Contains(string(html), "People in control of content") || !strings.Contains(string(html), "ssh-keygen -Y verify") {
			t.Errorf("%s: the printable page: %v", f, err)
		}
	}
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		t.Skip("ssh-keygen is not installed")
	}
	verify, err := os.Open(filepath.Join(report, "VERIFY.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer verify.Close()
	n := 0
	sc := bufio.NewScanner(verify)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "ssh-keygen ") {
			continue
		}
		cmdline, in, _ := strings.Cut(line, " < ")
		stdin, err := os.Open(filepath.Join(report, in))
		if err != nil {
			t.Fatal(err)
		}
		f := strings.Fields(cmdline)
		cmd := exec.Command(f[0], f[1:]...)
		cmd.Dir, cmd.Stdin = report, stdin
		got, err := cmd.CombinedOutput()
		stdin.Close()
		if err != nil || !strings.HasPrefix(string(got), "Good ") {
			t.Errorf("%s: %v\n%s", line, err, got)
		}
		n++
	}
	if n != signOffs || n == 0 {
		t.Errorf("VERIFY.txt has %d commands for %d sign-offs", n, signOffs)
	}
}
