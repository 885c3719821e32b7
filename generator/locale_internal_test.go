package generator

import "testing"

func TestOGLocale(t *testing.T) {
	for in, want := range map[string]string{"en": "en_US", "en-GB": "en_GB", "es": "es_ES", "pt": "pt_BR", "fr-ca": "fr_CA", "xx": "xx", "": ""} {
		if got := ogLocale(in); got != want {
			t.Errorf("ogLocale(%q) = %q, want %q", in, got, want)
		}
	}
}
