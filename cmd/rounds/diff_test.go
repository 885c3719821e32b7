package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/internal/sitetest"
)

// diffSite writes testdata/diff/site.txtar into a new git repository (the
// site in a subfolder, as in a monorepo) and returns its folder.
func diffSite(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	src, err := os.ReadFile("testdata/diff/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range sitetest.Parse(string(src)) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	gitIn(t, dir, "init", "-q", "-b", "trunk", ".")
	return dir
}

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func roundsIn(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	e := &env{ctx: context.Background(), stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	code = runEnv(e, args)
	return out.String(), errb.String(), code
}

func editFile(t *testing.T, name, old, new string) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s holds no %q", name, old)
	}
	if err := os.WriteFile(name, bytes.Replace(data, []byte(old), []byte(new), 1), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestDiffFiveChanges: signed and committed, then one word of the body,
// one front-matter value, the bundle image, the shared reference and the
// author's relationship change (in a later commit and in the working
// tree): `rounds diff` shows exactly those five changes and nothing else.
func TestDiffFiveChanges(t *testing.T) {
	dir := diffSite(t)
	mod := "site/content/c/m"
	if out, _, code := roundsIn(t, dir, "diff", mod, "-s", "site", "--now", "2026-11-20"); code != exitRefused || !strings.Contains(out, "no sign-off: there is no signed version") {
		t.Fatalf("diff before any sign-off: exit %d\n%s", code, out)
	}
	if _, errs, code := roundsIn(t, dir, "review", mod, "--reviewer", "medic", "--role", "medical", "--key", "keys/medic", "-s", "site", "--now", "2026-11-20"); code != 0 {
		t.Fatalf("review: exit %d\n%s", code, errs)
	}
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "Fluids first, signed")
	if out, _, code := roundsIn(t, dir, "diff", mod, "-s", "site", "--now", "2026-11-20"); code != 0 || !strings.HasSuffix(out, "is for the module as it stands: nothing changed\n") {
		t.Fatalf("diff of the signed version: exit %d\n%s", code, out)
	}
	editFile(t, "site/content/c/m/index.md", "give 30 mL/kg", "give 20 mL/kg")
	editFile(t, "site/content/c/m/index.md", `duration = "5min"`, `duration = "6min"`)
	gitIn(t, dir, "commit", "-q", "-a", "-m", "20 mL/kg")
	editFile(t, "site/content/c/m/figure.svg", `fill="blue"`, `fill="darkblue"`)
	editFile(t, "site/data/references.toml", "year    = 2021", "year    = 2022")
	editFile(t, "site/people.toml", `nature    = "consultant"`, `nature    = "speakers bureau"`)
	out, errs, code := roundsIn(t, dir, "diff", mod, "-s", "site", "--now", "2026-11-20", "--role", "medical")
	if code != 0 {
		t.Fatalf("diff: exit %d\n%s%s", code, out, errs)
	}
	head, rest, _ := strings.Cut(out, "\n")
	if !strings.HasPrefix(head, "content/c/m/index.md: the sign-off in medical by medic on 2026-11-20 was made over commit ") || !strings.HasSuffix(head, `"Fluids first, signed"); changed since:`) {
		t.Errorf("first line: %s", head)
	}
	want := `front matter:
  duration: "5min" -> "6min"
body:
    14 | In septic shock, give [-30-]{+20+} mL/kg of crystalloid within three hours [@evans2021].
files:
  changed figure.svg (112 bytes -> 116 bytes)
shared references:
  evans2021: year: 2021 -> 2022
people (disclosures):
  writer: relationships[0].nature: "consultant" -> "speakers bureau"
`
	if rest != want {
		t.Errorf("diff:\n%s\nwant:\n%s", rest, want)
	}
	out, _, _ = roundsIn(t, dir, "status", mod, "-s", "site", "--now", "2026-11-20")
	if want := "stale        content/c/m/index.md  sha256v2:"; !strings.HasPrefix(out, want) || strings.Count(out, "\n") != 1 ||
		!strings.Contains(out, "changed since the medical sign-off (changed: front matter, body, files, references, people)  -> medic to sign as medical") {
		t.Errorf("status PATH:\n%s", out)
	}
	// After the history is rewritten, the signed version is gone.
	gitIn(t, dir, "checkout", "-q", "--orphan", "rewritten")
	gitIn(t, dir, "commit", "-q", "-a", "-m", "squashed")
	gitIn(t, dir, "branch", "-q", "-D", "trunk")
	gitIn(t, dir, "reflog", "expire", "--expire=now", "--all")
	gitIn(t, dir, "gc", "-q", "--prune=now")
	out, _, code = roundsIn(t, dir, "diff", mod, "-s", "site", "--now", "2026-11-20")
	if code != exitRefused || !strings.Contains(out, "cannot find the signed version: no commit of the site's history gives the digest") || !strings.Contains(out, "history was rewritten") {
		t.Errorf("diff after a rewrite: exit %d\n%s", code, out)
	}
}

// TestDiffNoRepo: outside a git repository diff says so, and what it needs.
func TestDiffNoRepo(t *testing.T) {
	dir := diffSite(t)
	if err := os.RemoveAll(filepath.Join(dir, ".git")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GIT_CEILING_DIRECTORIES", dir)
	if _, errs, code := roundsIn(t, dir, "review", "site/content/c/m", "--reviewer", "medic", "--role", "medical", "--key", "keys/medic", "-s", "site", "--now", "2026-11-20"); code != 0 {
		t.Fatalf("review: exit %d\n%s", code, errs)
	}
	editFile(t, "site/content/c/m/index.md", "Reassess", "Re-assess")
	out, _, code := roundsIn(t, dir, "diff", "site/content/c/m", "-s", "site", "--now", "2026-11-20")
	if code != exitRefused || !strings.Contains(out, "cannot find the signed version: the site is not in a git repository") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// gitOut runs git in dir and returns its output, trimmed.
func gitOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %v: %v", args, err)
	}
	return strings.TrimSpace(string(out))
}

// TestReviewRecordsCommit (issue 21, decisions): a module signed as it
// stands committed gets `commit = "..."` in its sign-off, and `rounds
// diff` reads that commit first: it names the commit the reviewer read,
// where the search would find the newer commit of the sign-off itself.
// A recorded commit that does not give the digest is not believed.
func TestReviewRecordsCommit(t *testing.T) {
	dir := diffSite(t)
	mod := "site/content/c/m"
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "Fluids first")
	read := gitOut(t, dir, "rev-parse", "HEAD")
	if _, errs, code := roundsIn(t, dir, "review", mod, "--reviewer", "medic", "--role", "medical", "--key", "keys/medic", "-s", "site", "--now", "2026-11-20"); code != 0 {
		t.Fatalf("review: exit %d\n%s", code, errs)
	}
	src, _ := os.ReadFile("site/content/c/m/index.md")
	if !strings.Contains(string(src), `commit    = "`+read+`"`) {
		t.Fatalf("the sign-off does not record %s:\n%s", read, src)
	}
	gitIn(t, dir, "commit", "-q", "-a", "-m", "Signed")
	signed := gitOut(t, dir, "rev-parse", "HEAD")
	editFile(t, "site/content/c/m/index.md", "give 30 mL/kg", "give 20 mL/kg")
	gitIn(t, dir, "commit", "-q", "-a", "-m", "20 mL/kg")
	out, errs, code := roundsIn(t, dir, "diff", mod, "-s", "site", "--now", "2026-11-20")
	if code != 0 || !strings.Contains(out, "was made over commit "+read[:12]+" (") || !strings.Contains(out, `"Fluids first"`) || !strings.Contains(out, "[-30-]{+20+}") {
		t.Errorf("diff with a recorded commit: exit %d\n%s%s", code, out, errs)
	}
	// Signing the same text again keeps the recorded commit (no churn).
	gitIn(t, dir, "revert", "--no-edit", "HEAD")
	if _, errs, code := roundsIn(t, dir, "review", mod, "--reviewer", "medic", "--role", "medical", "--key", "keys/medic", "-s", "site", "--now", "2026-11-20"); code != 0 {
		t.Fatalf("review again: exit %d\n%s", code, errs)
	}
	if again, _ := os.ReadFile("site/content/c/m/index.md"); string(again) != string(src) {
		t.Errorf("signing the same version again changed the file:\n%s", again)
	}
	// A recorded commit that does not give the digest: the history is
	// searched, and the newest commit that gives it is named.
	editFile(t, "site/content/c/m/index.md", `commit    = "`+read+`"`, `commit    = "`+gitOut(t, dir, "rev-parse", "HEAD~1")+`"`)
	gitIn(t, dir, "commit", "-q", "-a", "-m", "wrong commit")
	editFile(t, "site/content/c/m/index.md", "give 30 mL/kg", "give 25 mL/kg")
	out, errs, code = roundsIn(t, dir, "diff", mod, "-s", "site", "--now", "2026-11-20")
	if code != 0 || !strings.Contains(out, `"wrong commit"`) || !strings.Contains(out, "[-30-]{+25+}") {
		t.Errorf("diff with a wrong recorded commit (signed at %s): exit %d\n%s%s", signed[:12], code, out, errs)
	}
}
