package content

import (
	"encoding/json"
	"reflect"
	"testing"
)

// A field written once keeps the JSON (and so the digest) it had as a
// string; one written per language reads per language, falling back to the
// default language's text and saying so.
func TestTranslated(t *testing.T) {
	var once Translated
	if err := json.Unmarshal([]byte(`"speaker"`), &once); err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(once); string(b) != `"speaker"` {
		t.Errorf("written once, it encodes as %s", b)
	}
	if s, ok := once.In("en", "en"); s != "speaker" || !ok {
		t.Errorf("In(en) = %q, %v", s, ok)
	}
	if s, ok := once.In("es", "en"); s != "speaker" || ok {
		t.Errorf("In(es) of a field written once = %q, %v; want the text, not in es", s, ok)
	}
	var per Translated
	if err := json.Unmarshal([]byte(`{"es":"ponente","en":"speaker"}`), &per); err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(per); string(b) != `{"en":"speaker","es":"ponente"}` {
		t.Errorf("per language, it encodes as %s", b)
	}
	for _, c := range []struct {
		lang, want string
		ok         bool
	}{{"es", "ponente", true}, {"en", "speaker", true}, {"", "speaker", true}, {"ar", "speaker", false}} {
		if s, ok := per.In(c.lang, "en"); s != c.want || ok != c.ok {
			t.Errorf("In(%q) = %q, %v; want %q, %v", c.lang, s, ok, c.want, c.ok)
		}
	}
	if got := per.Languages(); !reflect.DeepEqual(got, []string{"en", "es"}) {
		t.Errorf("Languages() = %v", got)
	}
	if err := json.Unmarshal([]byte(`{"en":1}`), &per); err == nil {
		t.Error("a number in a translated field was read")
	}
}

// FuzzTranslated: reading a translated field never panics, and what it
// reads encodes back to the same field.
func FuzzTranslated(f *testing.F) {
	for _, s := range []string{`"speaker"`, `{"en":"speaker","es":"ponente"}`, `{}`, `null`, `{"en":1}`, `[1]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var tr Translated
		if json.Unmarshal(b, &tr) != nil {
			return
		}
		out, err := json.Marshal(tr)
		if err != nil {
			t.Fatalf("%q read, not written: %v", b, err)
		}
		var again Translated
		if err := json.Unmarshal(out, &again); err != nil || !reflect.DeepEqual(tr, again) {
			t.Fatalf("%q: written as %s, read back as %#v (%v)", b, out, again, err)
		}
	})
}
