package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The digest attacks of issue 18, end to end through `rounds review` and
// `rounds build`: each edit after signing must leave the module stale and
// the output untouched.

const attackKey = `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACBas/AiTTMth2o96vc0UsSkbcv9UBLpQzGb2I80hF2/4gAAAJhArxRDQK8U
QwAAAAtzc2gtZWQyNTUxOQAAACBas/AiTTMth2o96vc0UsSkbcv9UBLpQzGb2I80hF2/4g
AAAECFIpspZvYc5w489PEf5aI/uNayTL3/XCRNHUMUFaeUpVqz8CJNMy2Haj3q9zRSxKRt
y/1QEulDMZvYjzSEXb/iAAAADm1lZGljQHRlc3Qta2V5AQIDBAUGBw==
-----END OPENSSH PRIVATE KEY-----
`

func attackSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	base := map[string]string{
		"keys/medic": attackKey,
		"site/rounds.toml": "title = \"S\"\nbaseURL = \"https://example.org/\"\n[policy]\nrequired_roles = [\"medical\"]\n" +
			"require_signatures = true\nmin_references = 0\n",
		"site/people.toml": "[[person]]\nid = \"medic\"\nname = \"Medic\"\nroles = [\"medical\"]\n" +
			"keys = [\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFqz8CJNMy2Haj3q9zRSxKRty/1QEulDMZvYjzSEXb/i medic@test-key\"]\n" +
			"[[person]]\nid = \"writer\"\nname = \"Writer\"\n",
	}
	for k, v := range files {
		base[k] = v
	}
	for name, data := range base {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		mode := os.FileMode(0o644)
		if strings.HasPrefix(name, "keys/") {
			mode = 0o600
		}
		if err := os.WriteFile(p, []byte(data), mode); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func attackRun(t *testing.T, dir string, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, errb.String()
}

func tinyPNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A bundle image whose bytes end in "\0zz.html\0<h1>..." is signed; split
// afterwards into the original image and a new zz.html, it must not keep
// the digest (the first form's zero-byte joins let it).
func TestAttackBundleSplit(t *testing.T) {
	img := tinyPNG(t)
	evil := "<h1>Give 10x the vasopressin dose</h1>"
	dir := attackSite(t, map[string]string{
		"site/content/c/m/index.md": "+++\ntitle = \"M\"\ndate = 2026-10-01\nauthors = [\"writer\"]\n+++\n![The screen](a.png)\n",
		"site/content/c/m/a.png":    string(img) + "\x00zz.html\x00" + evil,
	})
	if code, errs := attackRun(t, dir, "review", "site/content/c/m/index.md", "-s", "site", "--reviewer", "medic", "--role", "medical", "--key", "keys/medic", "--now", "2026-11-20"); code != 0 {
		t.Fatalf("review: exit %d\n%s", code, errs)
	}
	if code, errs := attackRun(t, dir, "review", "--frame", "-s", "site", "--reviewer", "medic", "--role", "medical", "--key", "keys/medic", "--now", "2026-11-20"); code != 0 {
		t.Fatalf("review --frame: exit %d\n%s", code, errs)
	}
	if code, errs := attackRun(t, dir, "build", "-s", "site", "-d", "out", "--now", "2026-11-20"); code != 0 {
		t.Fatalf("build of the signed bundle: exit %d\n%s", code, errs)
	}
	os.RemoveAll(filepath.Join(dir, "site/out"))
	os.WriteFile(filepath.Join(dir, "site/content/c/m/a.png"), img, 0o644)
	os.WriteFile(filepath.Join(dir, "site/content/c/m/zz.html"), []byte(evil), 0o644)
	code, errs := attackRun(t, dir, "build", "-s", "site", "-d", "out", "--now", "2026-11-20")
	if code != 1 || !strings.Contains(errs, "is for an older version") {
		t.Fatalf("build after splitting the image: exit %d, want 1 with a stale sign-off\n%s", code, errs)
	}
	if !strings.Contains(errs, "content/c/m/zz.html:1:1: error: bundle: a bundle cannot ship a page") {
		t.Errorf("the bundle's page is not refused on its own:\n%s", errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "site/out")); err == nil {
		t.Error("the refused build wrote its destination")
	}
}
