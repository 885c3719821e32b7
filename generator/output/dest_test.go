//go:build unix

package output

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// CheckDestination grants a build only folders it may replace whole, and
// says why it refuses the others (issue 19, item 1: `-d ../precious`,
// `-d rounds.toml`, `-d .git` and `-d demo-keys` lost files).
func TestCheckDestination(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	files := map[string]string{
		"site/rounds.toml":           "title = 'x'",
		"site/content/a.md":          "+++\n+++\n",
		"site/demo-keys/k":           "key",
		"site/.git/HEAD":             "ref: refs/heads/main",
		"site/public/" + RecordName:  `{"baseURL":"https://example.org/"}`,
		"site/public/index.html":     "<!doctype html>",
		"precious/thesis.txt":        "years of work",
		"ours/" + RecordName:         `{"baseURL":"https://example.org/"}`,
		"ours/index.html":            "page",
		"preview/" + RecordName:      `{"baseURL":"https://preview.example/"}`,
		"broken/" + RecordName:       `{"baseURL":`,
		"old/index.html":             `<!doctype html><html><head><link rel="stylesheet" href="css/rounds.css"></head></html>`,
		"tagged/index.html":          `<html><head><meta name=generator content="rounds 1.2"></head></html>`,
		"lookalike/index.html":       `<html><head><meta name="generator" content="Hugo"></head></html>`,
		"repo/.git/HEAD":             "ref: refs/heads/gh-pages",
		"repo/index.html":            `<link rel="stylesheet" href="css/rounds.css">`,
		"afile":                      "a file",
		"home/notes.txt":             "notes",
		"site/public/sub/index.html": "x",
	}
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(root, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "ours"), filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	// A path through a link into the site is inside the site.
	if err := os.Symlink(site, filepath.Join(root, "sitelink")); err != nil {
		t.Fatal(err)
	}
	opts := DestOptions{Site: site, Output: filepath.Join(site, "public"), BaseURLs: []string{"https://example.org/"},
		Protect: []string{filepath.Join(root, "home")}}
	for _, c := range []struct {
		dest  string
		force bool
		want  Claim  // 0: refused
		why   string // in the refusal
		help  string // in its help
	}{
		{dest: "new", want: ClaimNew},
		{dest: "deeper/new", want: ClaimNew},
		{dest: "empty", want: ClaimNew},
		{dest: "ours", want: ClaimRecord},
		{dest: "site/public", want: ClaimRecord},
		{dest: "old", want: ClaimMigrated},
		{dest: "tagged", want: ClaimMigrated},
		{dest: "precious", why: "holds files that no rounds build of this site wrote (thesis.txt)", help: "--force replaces"},
		{dest: "precious", force: true, want: ClaimForced},
		{dest: "lookalike", why: "holds files that no rounds build"},
		{dest: "preview", why: "was written by a build for the baseURL https://preview.example/", help: "build with that --baseURL again"},
		{dest: "preview", force: true, want: ClaimForced},
		{dest: "broken", why: "cannot be read"},
		{dest: "repo", why: "holds .git", help: "rsync -a --delete --exclude .git"},
		{dest: "repo", force: true, why: "holds .git"},
		{dest: "afile", why: "is a file"},
		{dest: "afile", force: true, why: "is a file"},
		{dest: "link", why: "is a symbolic link", help: filepath.Join(root, "ours")},
		{dest: "site", why: "is the site itself"},
		{dest: ".", why: "holds the site"},
		{dest: "site/rounds.toml", why: "is the site's own rounds.toml; inside the site, a build writes only to " + filepath.Join(site, "public")},
		{dest: "site/content", force: true, why: "is the site's own content;"},
		{dest: "site/demo-keys", force: true, why: "is the site's own demo-keys;"},
		{dest: "site/.git", force: true, why: "is the site's own .git;"},
		{dest: "site/docs", force: true, why: "is inside the site (docs);"},
		{dest: "site/content/out", why: "is inside the site's content/;"},
		{dest: "site/public/sub", why: "is inside the site's public/;"},
		{dest: "sitelink/rounds.toml", why: "is the site's own rounds.toml"},
		{dest: "home", force: true, why: "holds " + filepath.Join(root, "home")},
	} {
		o := opts
		o.Force = c.force
		dest := filepath.Join(root, filepath.FromSlash(c.dest))
		got, err := CheckDestination(dest, o)
		if c.want != 0 {
			if err != nil || got != c.want {
				t.Errorf("%s (force %v): %v, %v; want claim %d", c.dest, c.force, got, err, c.want)
			}
			continue
		}
		var de *DestError
		if !errors.As(err, &de) {
			t.Errorf("%s (force %v): %v, %v; want a refusal", c.dest, c.force, got, err)
			continue
		}
		if !strings.Contains(de.Why, c.why) || !strings.Contains(de.Help, c.help) || de.Help == "" && c.help != "" {
			t.Errorf("%s (force %v):\nwhy  %s\nhelp %s\nwant %q, help with %q", c.dest, c.force, de.Why, de.Help, c.why, c.help)
		}
	}
}

// Until the site's baseURL is known, a folder with any build record
// passes; once it is known, only this site's does.
func TestCheckDestinationBaseURLUnknown(t *testing.T) {
	root := t.TempDir()
	site, dest := filepath.Join(root, "site"), filepath.Join(root, "out")
	if err := os.MkdirAll(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dest, RecordName), []byte(`{"baseURL":"https://other.example/"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if c, err := CheckDestination(dest, DestOptions{Site: site}); err != nil || c != ClaimRecord {
		t.Errorf("baseURL unknown: %v, %v", c, err)
	}
	if _, err := CheckDestination(dest, DestOptions{Site: site, BaseURLs: []string{"https://example.org/"}}); err == nil {
		t.Error("baseURL known: another site's output passed")
	}
}
