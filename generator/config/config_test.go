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
		{"evaluation over http", map[string]string{"rounds.toml": site + "[evaluation]\naction = \"http://forms.example.org/x\"\n"}, `rounds.toml:4:1: error: config: evaluation.action "http://forms.example.org/x" is not an absolute https address`},
		{"evaluation relative", map[string]string{"rounds.toml": site + "[evaluation]\naction = \"/eval\"\n"}, `rounds.toml:4:1: error: config: evaluation.action "/eval" is not an absolute https address`},
		{"missing logo", map[string]string{"rounds.toml": site + "[brand]\nlogo = \"logo.png\"\n"}, `rounds.toml:4:1: error: config: static/logo.png does not exist`},
		{"logo outside static", map[string]string{"rounds.toml": site + "[brand]\nlogo = \"../people.toml\"\n"}, `rounds.toml:4:1: error: config: "../people.toml" is not a file in static/`},
		{"bad doi", map[string]string{"rounds.toml": site, "data/references.toml": "[[references]]\nid = \"x\"\ndoi = \"doi.org/10.1/x\"\n"}, `data/references.toml:3:1: error: referenced: "doi.org/10.1/x" is not a DOI`},
	}
	for _, c := range cases {
		_, d := load(t, c.files)
		if !strings.Contains(d, c.want) {
			t.Errorf("%s: want %q in\n%s", c.name, c.want, d)
		}
	}
}

// One mistake, one error: a misspelt key or table is reported once, with a
// "did you mean", and read as the key it is one edit from, so that what
// depends on it is not reported too (issue 19: "[polcy]" also reported a
// missing title and baseURL; "role" for "roles" every reviewer without a
// role). A value of the wrong type is not also reported as missing.
func TestOneErrorPerMistake(t *testing.T) {
	reviewed := "[policy]\nrequired_roles = [\"medical\"]\n"
	people := "[[person]]\nid = \"a\"\nname = \"A\"\nroles = [\"medical\"]\n"
	cases := []struct {
		name  string
		files map[string]string
		want  string // the one diagnostic
		check func(*Config) bool
	}{
		{"misspelt table", map[string]string{"rounds.toml": site + "\n[polcy]\nrequired_roles = [\"medical\"]\n"},
			"rounds.toml:4:1: error: unknown-key: unknown key \"polcy\"\n    4 | [polcy]\n      | ^\n  help: did you mean \"policy\"?\n",
			func(c *Config) bool {
				return strings.Join(c.Site.Policy.RequiredRoles, ",") == "medical" && c.Unreviewed == ""
			}},
		{"misspelt key", map[string]string{"rounds.toml": "titel = \"T\"\nbaseURL = \"https://example.org/\"\n" + reviewed},
			`rounds.toml:1:1: error: unknown-key: unknown key "titel"`,
			func(c *Config) bool { return c.Site.Title == "T" }},
		{"misspelt key beside the right one", map[string]string{"rounds.toml": site + "titel = \"U\"\n" + reviewed},
			`rounds.toml:3:1: error: unknown-key: unknown key "titel"`,
			func(c *Config) bool { return c.Site.Title == "T" }},
		{"misspelt key in people.toml", map[string]string{"rounds.toml": site + reviewed, "people.toml": "[[person]]\nid = \"a\"\nname = \"A\"\nrole = [\"medical\"]\n"},
			`people.toml:4:1: error: unknown-key: unknown key "person[0].role"`,
			func(c *Config) bool {
				return c.People.ByID["a"] != nil && strings.Join(c.People.ByID["a"].Roles, ",") == "medical"
			}},
		{"title of the wrong type", map[string]string{"rounds.toml": "title = 5\nbaseURL = \"https://example.org/\"\n" + reviewed},
			`rounds.toml:1:1: error: type: title must be a string, not 5`, nil},
		{"baseURL of the wrong type", map[string]string{"rounds.toml": "title = \"T\"\nbaseURL = [\"x\"]\n" + reviewed},
			`rounds.toml:2:1: error: type: baseURL must be a string, not an array`, nil},
		{"id of the wrong type", map[string]string{"rounds.toml": site + reviewed, "people.toml": "[[person]]\nid = 5\n" + people},
			`people.toml:2:1: error: type: person[0].id must be a string, not 5`,
			func(c *Config) bool { return c.People.ByID["a"] != nil && c.People.ByID["a"].Index == 1 }},
		{"the rest of a table with a mistake is read", map[string]string{"rounds.toml": site + reviewed + "max_term = 3\n"},
			`rounds.toml:5:1: error: type: policy.max_term must be a duration like "365d", "6mo" or "3y", not 3`,
			func(c *Config) bool { return strings.Join(c.Site.Policy.RequiredRoles, ",") == "medical" }},
	}
	for _, c := range cases {
		if _, ok := c.files["people.toml"]; !ok {
			c.files["people.toml"] = people
		}
		cfg, out := load(t, c.files)
		if strings.Count(out, ": error: ")+strings.Count(out, ": warning: ") != 1 || !strings.Contains(out, c.want) {
			t.Errorf("%s: got\n%s\nwant only %q", c.name, out, c.want)
		}
		if c.check != nil && (cfg == nil || !c.check(cfg)) {
			t.Errorf("%s: the intended value was not read: %+v", c.name, cfg)
		}
	}
}

// Policy durations have the grammar of every duration; a bare "m"
// (months, or minutes?) is refused at its position, and so is anything
// shorter than a day, which sign-off dates cannot measure.
func TestPolicyDurations(t *testing.T) {
	cases := []struct{ value, want string }{
		{`"6mo"`, ""},
		{`"365d"`, ""},
		{`"8w"`, ""},
		{`"3y"`, ""},
		{`"6m"`, `rounds.toml:5:1: error: type: policy.max_review_age: "6m" is ambiguous: write "6mo" for months or "6min" for minutes`},
		{`"12h"`, `rounds.toml:5:1: error: type: policy.max_review_age: "12h" is shorter than a day`},
		{`"1 year"`, `rounds.toml:5:1: error: type: policy.max_review_age: "1 year" is not a duration like "30min", "6h", "90d", "6mo" or "3y"`},
		{`"-1d"`, `is not a duration`},
		{`"1.5y"`, `is not a duration`},
	}
	for _, c := range cases {
		cfg, out := load(t, map[string]string{"rounds.toml": site + "[policy]\nrequired_roles = [\"medical\"]\nmax_review_age = " + c.value + "\n"})
		switch {
		case c.want == "" && out != "":
			t.Errorf("%s: %s", c.value, out)
		case c.want != "" && (!strings.Contains(out, c.want) || strings.Count(out, "error:") != 1):
			t.Errorf("%s: got\n%s\nwant %q", c.value, out, c.want)
		case c.want == "" && cfg.Site.Policy.MaxReviewAge.String() != strings.Trim(c.value, `"`):
			t.Errorf("%s read as %s", c.value, cfg.Site.Policy.MaxReviewAge)
		}
	}
}

func TestEvaluationOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"https://forms.example.org/rounds?x=1": "https://forms.example.org",
		"https://forms.example.org:8443/":      "https://forms.example.org:8443",
		"http://127.0.0.1:9000/eval":           "http://127.0.0.1:9000",
		"http://forms.example.org/":            "",
		"javascript:alert(1)":                  "",
		"https://user@forms.example.org/":      "",
		"https://forms.example.org/a b":        "",
		"//forms.example.org/":                 "",
	} {
		if got := EvaluationOrigin(in); got != want {
			t.Errorf("EvaluationOrigin(%q) = %q, want %q", in, got, want)
		}
	}
}

// Issue 23 item 2: languages names the site's languages, the default
// first; policy.strict names only warnings rounds knows.
func TestLanguages(t *testing.T) {
	for _, tc := range []struct{ toml, lang, want string }{
		{`languages = ["es", "en"]`, "es", ""},
		{`language = "en"` + "\n" + `languages = ["es", "en"]`, "es", `rounds.toml:3:1: error: config: language "en" is not the first of languages ("es")`},
		{`languages = ["en", "e s"]`, "en", `rounds.toml:3:1: error: config: "e s" is not a language code`},
		{`languages = ["en", "es", "es"]`, "en", `language "es" is listed twice`},
		{"languages = [\"en\"]\n[policy]\nstrict = [\"translation\"]", "en", `rounds.toml:5:1: error: config: policy.strict names "translation", which is not a warning rounds can make strict`},
	} {
		src := "title = \"T\"\nbaseURL = \"https://e.org/\"\n" + tc.toml + "\n"
		c, l := Load(fstest.MapFS{"rounds.toml": {Data: []byte(src)}}, Options{})
		var out strings.Builder
		l.Print(&out)
		if c == nil || c.Site.Language != tc.lang {
			t.Errorf("%s: language %v\n%s", tc.toml, c, out.String())
			continue
		}
		if tc.want == "" && l.HasErrors() || tc.want != "" && !strings.Contains(out.String(), tc.want) {
			t.Errorf("%s: diagnostics\n%s\nwant %q", tc.toml, out.String(), tc.want)
		}
	}
}
