package content

import (
	"strings"
	"testing"
)

func TestFormatReference(t *testing.T) {
	seven := []string{"Evans L", "Rhodes A", "Alhazzani W", "Antonelli M", "Coopersmith CM", "French C", "Machado FR"}
	article := Reference{ID: "evans2021", Authors: seven,
		Title:   "Surviving Sepsis Campaign: international guidelines for management of sepsis and septic shock 2021",
		Journal: "Intensive Care Med", Year: 2021, Volume: "47", Issue: "11", Pages: "1181-1247",
		DOI: "10.1007/s00134-021-06506-y", PMID: "34599691"}
	one := article
	one.Authors = seven[:1]
	six := article
	six.Authors = seven[:6]
	noDOI := article
	noDOI.DOI, noDOI.PMID, noDOI.Authors = "", "", seven[:2]
	book := Reference{Type: "book", Authors: []string{"Marino PL"}, Title: "Marino's The ICU Book", Edition: "4", Publisher: "Wolters Kluwer", Year: 2014}
	chapter := Reference{Type: "chapter", Authors: []string{"Levy MM"}, Title: "Sepsis", Editors: []string{"Vincent JL", "Abraham E"},
		Book: "Textbook of Critical Care", Edition: "7", Publisher: "Elsevier", Year: 2017, Pages: "112-120"}
	web := Reference{Type: "web", Authors: []string{"Centers for Disease Control and Prevention"}, Title: "Sepsis: clinical information",
		Publisher: "CDC", Year: 2024, URL: "https://www.cdc.gov/sepsis/hcp/clinical-signs/", Accessed: ParseDate("2026-11-01")}

	cases := []struct {
		name  string
		r     Reference
		style string
		want  string
	}{
		{"ama seven authors", article, StyleAMA, "Evans L, Rhodes A, Alhazzani W, et al. Surviving Sepsis Campaign: international guidelines for management of sepsis and septic shock 2021. Intensive Care Med. 2021;47(11):1181-1247. doi:10.1007/s00134-021-06506-y PMID: 34599691"},
		{"vancouver seven authors", article, StyleVancouver, "Evans L, Rhodes A, Alhazzani W, Antonelli M, Coopersmith CM, French C, et al. Surviving Sepsis Campaign: international guidelines for management of sepsis and septic shock 2021. Intensive Care Med. 2021;47(11):1181-1247. doi:10.1007/s00134-021-06506-y PMID: 34599691"},
		{"ama six authors", six, StyleAMA, "Evans L, Rhodes A, Alhazzani W, Antonelli M, Coopersmith CM, French C. Surviving"},
		{"vancouver six authors", six, StyleVancouver, "Evans L, Rhodes A, Alhazzani W, Antonelli M, Coopersmith CM, French C. Surviving"},
		{"one author", one, StyleAMA, "Evans L. Surviving"},
		{"no doi", noDOI, StyleAMA, "Evans L, Rhodes A. Surviving Sepsis Campaign: international guidelines for management of sepsis and septic shock 2021. Intensive Care Med. 2021;47(11):1181-1247."},
		{"ama book", book, StyleAMA, "Marino PL. Marino's The ICU Book. 4th ed. Wolters Kluwer; 2014."},
		{"vancouver book", book, StyleVancouver, "Marino PL. Marino's The ICU Book. 4th ed. Wolters Kluwer; 2014."},
		{"ama chapter", chapter, StyleAMA, "Levy MM. Sepsis. In: Vincent JL, Abraham E, eds. Textbook of Critical Care. 7th ed. Elsevier; 2017:112-120."},
		{"vancouver chapter", chapter, StyleVancouver, "Levy MM. Sepsis. In: Vincent JL, Abraham E, editors. Textbook of Critical Care. 7th ed. Elsevier; 2017. p. 112-120."},
		{"ama web", web, StyleAMA, "Centers for Disease Control and Prevention. Sepsis: clinical information. CDC. Published 2024. Accessed November 1, 2026. https://www.cdc.gov/sepsis/hcp/clinical-signs/"},
		{"vancouver web", web, StyleVancouver, "Centers for Disease Control and Prevention. Sepsis: clinical information [Internet]. CDC; 2024 [cited 2026 Nov 1]. Available from: https://www.cdc.gov/sepsis/hcp/clinical-signs/"},
	}
	for _, c := range cases {
		got := PlainReference(c.r, c.style)
		// short wants check the author list only; the others the whole entry
		if prefix := strings.HasSuffix(c.want, "Surviving"); (prefix && !strings.HasPrefix(got, c.want)) || (!prefix && got != c.want) {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestFormatReferenceSpans(t *testing.T) {
	r := Reference{Authors: []string{"Doe J"}, Title: "T", Journal: "JAMA", Year: 2020, DOI: "10.1000/a<b>#c d", PMID: "123"}
	spans := FormatReference(r, StyleAMA)
	var italic, doi, pmid bool
	for _, s := range spans {
		if s.Italic && s.Text == "JAMA" {
			italic = true
		}
		if s.Link == "https://doi.org/10.1000/a%3Cb%3E%23c%20d" && s.Text == "10.1000/a<b>#c d" {
			doi = true
		}
		if s.Link == "https://pubmed.ncbi.nlm.nih.gov/123/" {
			pmid = true
		}
	}
	if !italic || !doi || !pmid {
		t.Errorf("italic journal %v, encoded doi link %v, pmid link %v: %+v", italic, doi, pmid, spans)
	}
	if PlainReference(r, StyleVancouver) != "Doe J. T. JAMA. 2020. doi:10.1000/a<b>#c d PMID: 123" {
		t.Errorf("vancouver: %q", PlainReference(r, StyleVancouver))
	}
}
