package main

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator"
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
	if !strings.HasPrefix(lines[0], "Title,Format,Start Date,End Date,Delivery Method,") || len(lines) != 7 || // 4 modules, and 2 translations: each reviewed in its own right
		!strings.Contains(string(csv), "\nFluid resuscitation in sepsis,Enduring Material,11/01/2026,11/01/2028,Internet,https://learn.example.org/sepsis/sepsis/fluids/,") ||
		!strings.Contains(string(csv), ",Yes,Acme Pharma,Monetary,6000,,,\n") {
		t.Errorf("activities.csv:\n%s", csv)
	}
	// Every person in control of content with every relationship
	// people.toml gives them, and every sign-off, module by module.
	site2, l := generator.Load(context.Background(), os.DirFS(site), generator.LoadOptions{})
	if site2 == nil {
		t.Fatal(l)
	}
	want := map[string]*content.Module{}
	for _, m := range site2.Modules {
		want[m.Path] = m
	}
	recs, _ := filepath.Glob(filepath.Join(report, "activities", "*.json"))
	if len(recs) != 6 {
		t.Fatalf("%d records", len(recs))
	}
	signOffs := 0
	for _, f := range recs {
		data, _ := os.ReadFile(f)
		var rec auditRecord
		if err := json.Unmarshal(data, &rec); err != nil {
			t.Fatal(err)
		}
		m := want[rec.Path]
		if m == nil {
			t.Fatalf("%s: no module %s", f, rec.Path)
		}
		ids := map[string]bool{}
		for _, id := range append(append([]string{}, m.Meta.Authors...), m.Meta.Planners...) {
			ids[id] = true
		}
		for _, r := range m.Meta.Reviews {
			ids[r.Reviewer] = true
		}
		if len(rec.People) != len(ids) || len(rec.SignOffs) != len(m.Meta.Reviews) || len(rec.SignOffs) != 2 {
			t.Errorf("%s: %d people (want %d), %d sign-offs (want %d)", f, len(rec.People), len(ids), len(rec.SignOffs), len(m.Meta.Reviews))
		}
		for _, p := range rec.People {
			pp := site2.Config.People.ByID[p.ID]
			if !ids[p.ID] || pp == nil || p.Name != pp.Name || len(p.Roles) == 0 || !reflect.DeepEqual(p.Relationships, append([]content.Relationship{}, pp.Relationships...)) {
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
	// The frame's sign-offs are in it too (frame.json lists them).
	if frame := len(site2.Frame.Reviews); n != signOffs+frame || frame == 0 {
		t.Errorf("VERIFY.txt has %d commands for %d sign-offs of modules and %d of the frame", n, signOffs, frame)
	}
}
