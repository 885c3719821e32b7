package phi

import "testing"

func TestNationalIdentifiers(t *testing.T) {
	for _, c := range []struct {
		text, want string // want "" for no finding
	}{
		{"NHS number 943 476 5919 on file", "943 476 5919"},
		{"seen with 943 476 5919 today", "943 476 5919"},
		{"nhs 9434765919.", "9434765919"},
		{"lot 9434765918", ""}, // wrong check digit
		{"NIR : 1 84 12 76 451 089 46", "1 84 12 76 451 089 46"},
		{"numéro 184127645108946", "184127645108946"},
		{"1 84 12 76 451 089 47", ""},
		{"DNI 12345678Z", "12345678Z"},
		{"DNI 12345678-A", ""},
		{"NIE X1234567L", "X1234567L"},
		{"Paciente con fecha de nacimiento 03/04/1951 ingresó.", "03/04/1951"},
		{"Patiente née le 3 avril 1951.", "3 avril 1951"},
		{"geboren am 03.04.1951", "03.04.1951"},
		{"生年月日 1951年4月3日", "1951年4月3日"},
		{"تاريخ الميلاد 03/04/1951", "03/04/1951"},
		{"Publicado en 2021; 1181-1247; 0,25 horas", ""},
	} {
		var got []string
		for _, f := range Find(c.text) {
			got = append(got, c.text[f.Start:f.End])
		}
		switch {
		case c.want == "" && len(got) > 0:
			t.Errorf("%q: flagged %q", c.text, got)
		case c.want != "" && (len(got) != 1 || got[0] != c.want):
			t.Errorf("%q: got %q, want %q", c.text, got, c.want)
		}
	}
}
