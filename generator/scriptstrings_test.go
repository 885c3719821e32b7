package generator_test

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content/i18n"
	"github.com/rounds-dev/rounds/generator/render"
	"github.com/rounds-dev/rounds/themes"
)

// scriptMessage is a call t('key', 'English', ...) in a theme script; the
// English is ” where the call gives plural forms ({ one: ..., other: ... }).
var scriptMessage = regexp.MustCompile(`\bt\('([a-z_.]+)', (?:'((?:[^'\\]|\\.)*)')?`)

// TestScriptMessages checks each message the theme's scripts write: its key
// is in the English table, every shipped language has its own text for it,
// the page's #rounds-strings carries it, and the English the script falls
// back on is the English table's.
func TestScriptMessages(t *testing.T) {
	theme := themes.Default()
	names, err := fs.Glob(theme, "static/js/*.js")
	if err != nil || len(names) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	en := i18n.English()
	used := 0
	for _, name := range names {
		b, err := fs.ReadFile(theme, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range scriptMessage.FindAllStringSubmatch(string(b), -1) {
			key, fallback := m[1], m[2]
			used++
			if !en.Has(key) {
				t.Errorf("%s: message %q is not in the English table", name, key)
				continue
			}
			if fallback != "" && fallback != strings.ReplaceAll(en.T(key), "'", `\'`) && fallback != en.Forms(key)["other"] {
				t.Errorf("%s: message %q falls back on %q; the English table has %q", name, key, fallback, en.Forms(key)["other"])
			}
			for _, meta := range i18n.Shipped() {
				loc := i18n.Builtin(meta.Code)
				if !loc.Translated(key) {
					t.Errorf("%s: message %q has no %s text", name, key, meta.Code)
				}
				if _, ok := (&render.Site{I18n: loc}).Strings()[key]; !ok {
					t.Errorf("%s: message %q is not given to the scripts", name, key)
				}
			}
		}
	}
	if used < 40 {
		t.Errorf("found only %d messages in the scripts", used)
	}
	// Every js.* message of the table is written by some script.
	var all strings.Builder
	for _, name := range names {
		b, _ := fs.ReadFile(theme, name)
		all.Write(b)
	}
	for _, k := range en.Keys() {
		if strings.HasPrefix(k, "js.") && !strings.Contains(all.String(), "t('"+k+"'") {
			t.Errorf("message %q is in the table but no script writes it", k)
		}
	}
}

// The scripts letter choices as the server does: a page carries
// quiz.letters only where they are not the scripts' own A, B, C.
func TestScriptLetters(t *testing.T) {
	en := i18n.English().T("quiz.letters")
	for _, name := range []string{"static/js/rounds.js", "static/js/practice.js"} {
		b, err := fs.ReadFile(themes.Default(), name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "STRINGS['quiz.letters'] || '"+en+"'") {
			t.Errorf("%s does not fall back on the English letters %q", name, en)
		}
	}
	if _, ok := (&render.Site{I18n: i18n.Builtin("es")}).Strings()["quiz.letters"]; ok {
		t.Error("a Spanish page carries the letters the scripts have already")
	}
	if got := (&render.Site{I18n: i18n.Builtin("ar")}).Strings()["quiz.letters"]; got != i18n.Builtin("ar").T("quiz.letters") {
		t.Errorf("an Arabic page gives the scripts the letters %q", got)
	}
}
