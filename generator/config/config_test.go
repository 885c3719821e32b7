package config

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rounds-dev/rounds/content"
)

const site = "title = \"T\"\nbaseURL = \"https://example.org/\"\n"

func load(t *testing.T, files map[string]string) (*Config, string) {
	t.Helper()
	m := fstest.MapFS{}
	for n, d := range files {
		m[n] = &fstest.MapFile{Data: []byte(d)}
	}
	c, l := Load(m, Options{})
	var b strings.Builder
	l.Print(&b)
	return c, b.String()
}

// A CSL-JSON file as Zotero exports it formats exactly like its TOML twin.
func TestCSLJSONTwin(t *testing.T) {
	js, _ := os.ReadFile("testdata/zotero.json")
	tm, _ := os.ReadFile("testdata/twin.toml")
	reviewed := site + "[policy]\nrequired_roles = [\"medical\"]\n"
	fromJSON, dj := load(t, map[string]string{"rounds.toml": reviewed, "data/references.json": string(js)})
	fromTOML, dt := load(t, map[string]string{"rounds.toml": reviewed, "data/references.toml": string(tm)})
	if dj != "" || dt != "" {
		t.Fatalf("diagnostics:\n%s\n%s", dj, dt)
	}
	for _, id := range []string{"evans2021", "marino2014", "cdc2024"} {
		for _, style := range []string{content.StyleAMA, content.StyleVancouver} {
			a := content.PlainReference(fromJSON.Shared.ByID[id], style)
			b := content.PlainReference(fromTOML.Shared.ByID[id], style)
			if a != b || a == "" {
				t.Errorf("%s %s:\nCSL  %s\nTOML %s", id, style, a, b)
			}
		}
	}
}

func TestConfigErrors(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no rounds.toml", map[string]string{}, "rounds.toml: error: config: no rounds.toml"},
		{"unknown key", map[string]string{"rounds.toml": site + "titel = \"x\"\n"}, `rounds.toml:3:1: error: unknown-key: unknown key "titel"`},
		{"policy typo", map[string]string{"rounds.toml": site + "[policy]\nrequired_role = []\n"}, `did you mean "required_roles"?`},
		{"bad duration", map[string]string{"rounds.toml": site + "[policy]\nmax_term = \"3 years\"\n"}, `rounds.toml:4:1: error: type:`},
		{"relative baseURL", map[string]string{"rounds.toml": "title = \"T\"\nbaseURL = \"/x/\"\n"}, `rounds.toml:2:1: error: config: baseURL "/x/" is not an absolute http(s) URL`},
		{"bad key", map[string]string{"rounds.toml": site, "people.toml": "[[person]]\nid = \"a\"\nkeys = [\"ssh-ed25519 nope\"]\n"}, "people.toml:3:1: error: people: key 1 of \"a\" is not an SSH public key"},
		{"duplicate person", map[string]string{"rounds.toml": site, "people.toml": "[[person]]\nid = \"a\"\n[[person]]\nid = \"a\"\n"}, `people.toml:4:1: error: people: id "a" is used twice`},
		{"bad csl", map[string]string{"rounds.toml": site, "data/references.json": "{"}, "data/references.json:1:2: error: syntax:"},
		{"bad doi", map[string]string{"rounds.toml": site, "data/references.toml": "[[references]]\nid = \"x\"\ndoi = \"doi.org/10.1/x\"\n"}, `data/references.toml:3:1: error: referenced: "doi.org/10.1/x" is not a DOI`},
	}
	for _, c := range cases {
		_, d := load(t, c.files)
		if !strings.Contains(d, c.want) {
			t.Errorf("%s: want %q in\n%s", c.name, c.want, d)
		}
	}
}
