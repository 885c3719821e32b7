package content

import (
	"strings"
	"testing"
)

// day reads a PartialDate for the tables below.
func day(s string) PartialDate {
	d, ok := ParsePartialDate(s)
	if !ok {
		panic("bad test date " + s)
	}
	return d
}

// refCase is one reference and how a manual prints it.
type refCase struct {
	name string
	r    Reference
	want string
}

func checkRefs(t *testing.T, style string, cases []refCase) {
	t.Helper()
	for _, c := range cases {
		if got := PlainReference(c.r, style); got != c.want {
			t.Errorf("%s %s:\n got %s\nwant %s", style, c.name, got, c.want)
		}
	}
}

var evans = Reference{ID: "evans2021",
	Authors: []string{"Evans L", "Rhodes A", "Alhazzani W", "Antonelli M", "Coopersmith CM", "French C", "Machado FR"},
	Title:   "Surviving Sepsis Campaign: international guidelines for management of sepsis and septic shock 2021",
	Journal: "Intensive Care Med", Issued: day("2021-11"), Volume: "47", Issue: "11", Pages: "1181-1247",
	DOI: "10.1007/s00134-021-06506-y", PMID: "34599691"}

// TestVancouverCitingMedicine formats references as NLM's Citing Medicine
// (2nd ed., chapters 1-3, 23 and 25) and its "Samples of Formatted
// References" print them. Where an example carries an element rounds does
// not keep (an extent such as "24 p.", an "updated" date), the element is
// left out of the expected text and said so.
func TestVancouverCitingMedicine(t *testing.T) {
	seymour := Reference{Authors: []string{"Seymour CW", "Gesten F", "Prescott HC", "Friedrich ME", "Iwashyna TJ", "Phillips GS", "Lemeshow S", "Osborn T", "Terry KM", "Levy MM"},
		Title: "Time to treatment and mortality during mandated emergency care for sepsis", Journal: "N Engl J Med",
		Issued: day("2017-06-08"), Volume: "376", Issue: "23", Pages: "2235-2244"}
	checkRefs(t, StyleVancouver, []refCase{
		{"journal article, month", Reference{Authors: []string{"Petitti DB", "Crooks VC", "Buckwalter JG", "Chiu V"},
			Title: "Blood pressure levels before dementia", Journal: "Arch Neurol", Issued: day("2005-01"), Volume: "62", Issue: "1", Pages: "112-116"},
			"Petitti DB, Crooks VC, Buckwalter JG, Chiu V. Blood pressure levels before dementia. Arch Neurol. 2005 Jan;62(1):112-6."},
		{"journal article, day", Reference{Authors: []string{"Halpern SD", "Ubel PA", "Caplan AL"},
			Title: "Solid-organ transplantation in HIV-infected patients", Journal: "N Engl J Med", Issued: day("2002-07-25"), Volume: "347", Issue: "4", Pages: "284-287"},
			"Halpern SD, Ubel PA, Caplan AL. Solid-organ transplantation in HIV-infected patients. N Engl J Med. 2002 Jul 25;347(4):284-7."},
		{"day from a TOML date", seymour,
			"Seymour CW, Gesten F, Prescott HC, Friedrich ME, Iwashyna TJ, Phillips GS, et al. Time to treatment and mortality during mandated emergency care for sepsis. N Engl J Med. 2017 Jun 8;376(23):2235-44."},
		{"more than six authors, year only", Reference{Authors: []string{"Rose ME", "Huerbin MB", "Melick J", "Marion DW", "Palmer AM", "Schiding JK", "Kochanek PM", "Graham SH"},
			Title: "Regulation of interstitial excitatory amino acid concentrations after cortical contusion injury", Journal: "Brain Res", Year: 2002, Volume: "935", Issue: "1-2", Pages: "40-46"},
			"Rose ME, Huerbin MB, Melick J, Marion DW, Palmer AM, Schiding JK, et al. Regulation of interstitial excitatory amino acid concentrations after cortical contusion injury. Brain Res. 2002;935(1-2):40-6."},
		{"organization as author", Reference{Authors: []string{"Diabetes Prevention Program Research Group"},
			Title: "Hypertension, insulin, and proinsulin in participants with impaired glucose tolerance", Journal: "Hypertension", Year: 2002, Volume: "40", Issue: "5", Pages: "679-686"},
			"Diabetes Prevention Program Research Group. Hypertension, insulin, and proinsulin in participants with impaired glucose tolerance. Hypertension. 2002;40(5):679-86."},
		{"no author, one page", Reference{Title: "21st century heart solution may have a sting in the tail", Journal: "BMJ", Year: 2002, Volume: "325", Issue: "7357", Pages: "184"},
			"21st century heart solution may have a sting in the tail. BMJ. 2002;325(7357):184."},
		{"volume with supplement, lettered pages", Reference{Authors: []string{"Geraud G", "Spierings EL", "Keywood C"},
			Title:   "Tolerability and safety of frovatriptan with short- and long-term use for treatment of migraine and in comparison with sumatriptan",
			Journal: "Headache", Year: 2002, Volume: "42 Suppl 2", Pages: "S93-S99"},
			"Geraud G, Spierings EL, Keywood C. Tolerability and safety of frovatriptan with short- and long-term use for treatment of migraine and in comparison with sumatriptan. Headache. 2002;42 Suppl 2:S93-9."},
		{"issue with supplement", Reference{Authors: []string{"Glauser TA"}, Title: "Integrating clinical trial data into clinical practice",
			Journal: "Neurology", Year: 2002, Volume: "58", Issue: "12 Suppl 7", Pages: "S6-S12"},
			"Glauser TA. Integrating clinical trial data into clinical practice. Neurology. 2002;58(12 Suppl 7):S6-12."},
		{"roman page numbers", Reference{Authors: []string{"Chadwick R", "Schuklenk U"}, Title: "The politics of ethical consensus finding",
			Journal: "Bioethics", Year: 2002, Volume: "16", Issue: "2", Pages: "iii-v"},
			"Chadwick R, Schuklenk U. The politics of ethical consensus finding. Bioethics. 2002;16(2):iii-v."},
		{"volume with part", Reference{Authors: []string{"Ozben T", "Nacitarhan S", "Tuncer N"},
			Title: "Plasma and urine sialic acid in non-insulin dependent diabetes mellitus", Journal: "Ann Clin Biochem", Year: 1995, Volume: "32", Issue: "Pt 3", Pages: "303-306"},
			"Ozben T, Nacitarhan S, Tuncer N. Plasma and urine sialic acid in non-insulin dependent diabetes mellitus. Ann Clin Biochem. 1995;32(Pt 3):303-6."},
		{"pages across a thousand (MEDLINE 1199-205)", Reference{Authors: []string{"Doe J"}, Title: "Title", Journal: "J", Year: 2000, Volume: "1", Pages: "1199-1205"},
			"Doe J. Title. J. 2000;1:1199-205."},
		{"doi and pmid", evans,
			"Evans L, Rhodes A, Alhazzani W, Antonelli M, Coopersmith CM, French C, et al. Surviving Sepsis Campaign: international guidelines for management of sepsis and septic shock 2021. Intensive Care Med. 2021 Nov;47(11):1181-247. doi:10.1007/s00134-021-06506-y PMID: 34599691."},
		{"guideline published in a journal", Reference{Type: "guideline", Authors: []string{"Rhodes A", "Evans LE", "Alhazzani W", "Levy MM", "Antonelli M", "Ferrer R", "Kumar A"},
			Title:   "Surviving Sepsis Campaign: international guidelines for management of sepsis and septic shock: 2016",
			Journal: "Intensive Care Med", Issued: day("2017-03"), Volume: "43", Issue: "3", Pages: "304-377", URL: "https://link.springer.com/article/10.1007/s00134-017-4683-6", DOI: "10.1007/s00134-017-4683-6"},
			"Rhodes A, Evans LE, Alhazzani W, Levy MM, Antonelli M, Ferrer R, et al. Surviving Sepsis Campaign: international guidelines for management of sepsis and septic shock: 2016. Intensive Care Med. 2017 Mar;43(3):304-77. doi:10.1007/s00134-017-4683-6"},
		{"journal article on the Internet (chapter 23)", Reference{Authors: []string{"Abood S"},
			Title:   "Quality improvement initiative in nursing homes: the ANA acts in an advisory role",
			Journal: "Am J Nurs", Issued: day("2002-06"), Volume: "102", Issue: "6", Pages: "[about 1 p.]",
			URL: "http://www.nursingworld.org/AJN/2002/june/Wawatch.htmArticle", Accessed: ParseDate("2002-08-12")},
			"Abood S. Quality improvement initiative in nursing homes: the ANA acts in an advisory role. Am J Nurs [Internet]. 2002 Jun [cited 2002 Aug 12];102(6):[about 1 p.]. Available from: http://www.nursingworld.org/AJN/2002/june/Wawatch.htmArticle"},
		{"book", Reference{Type: "book", Authors: []string{"Murray PR", "Rosenthal KS", "Kobayashi GS", "Pfaller MA"},
			Title: "Medical microbiology", Edition: "4", Place: "St. Louis", Publisher: "Mosby", Year: 2002},
			"Murray PR, Rosenthal KS, Kobayashi GS, Pfaller MA. Medical microbiology. 4th ed. St. Louis: Mosby; 2002."},
		{"book, place with state", Reference{Type: "book", Authors: []string{"Speroff L", "Fritz MA"},
			Title: "Clinical gynecologic endocrinology and infertility", Edition: "7", Place: "Philadelphia (PA)", Publisher: "Lippincott Williams & Wilkins", Issued: day("2005")},
			"Speroff L, Fritz MA. Clinical gynecologic endocrinology and infertility. 7th ed. Philadelphia (PA): Lippincott Williams & Wilkins; 2005."},
		{"chapter, two editors", Reference{Type: "chapter", Authors: []string{"Meltzer PS", "Kallioniemi A", "Trent JM"},
			Title: "Chromosome alterations in human solid tumors", Editors: []string{"Vogelstein B", "Kinzler KW"},
			Book: "The genetic basis of human cancer", Place: "New York", Publisher: "McGraw-Hill", Year: 2002, Pages: "93-113"},
			"Meltzer PS, Kallioniemi A, Trent JM. Chromosome alterations in human solid tumors. In: Vogelstein B, Kinzler KW, editors. The genetic basis of human cancer. New York: McGraw-Hill; 2002. p. 93-113."},
		{"chapter, one editor", Reference{Type: "chapter", Authors: []string{"Rojko JL", "Hardy WD Jr"},
			Title: "Feline leukemia virus and other retroviruses", Editors: []string{"Sherding RG"},
			Book: "The cat: diseases and clinical management", Place: "New York", Publisher: "Churchill Livingstone", Year: 1989, Pages: "229-332"},
			"Rojko JL, Hardy WD Jr. Feline leukemia virus and other retroviruses. In: Sherding RG, editor. The cat: diseases and clinical management. New York: Churchill Livingstone; 1989. p. 229-332."},
		{"chapter, p. 112-20", Reference{Type: "chapter", Authors: []string{"Levy MM"}, Title: "Sepsis", Editors: []string{"Vincent JL", "Abraham E"},
			Book: "Textbook of Critical Care", Edition: "7", Publisher: "Elsevier", Year: 2017, Pages: "112-120"},
			"Levy MM. Sepsis. In: Vincent JL, Abraham E, editors. Textbook of Critical Care. 7th ed. Elsevier; 2017. p. 112-20."},
		{"technical report (chapter 3, without its extent)", Reference{Type: "report", Authors: []string{"Page E", "Harney JM"},
			Title: "Health hazard evaluation report", Place: "Cincinnati (OH)", Publisher: "National Institute for Occupational Safety and Health (US)",
			Issued: day("2001-02"), Number: "HETA2000-0139-2824"},
			"Page E, Harney JM. Health hazard evaluation report. Cincinnati (OH): National Institute for Occupational Safety and Health (US); 2001 Feb. Report No.: HETA2000-0139-2824."},
		{"guideline on the Internet", Reference{Type: "guideline", Authors: []string{"National Institute for Health and Care Excellence"},
			Title: "Sepsis: recognition, diagnosis and early management", Place: "London", Publisher: "National Institute for Health and Care Excellence",
			Issued: day("2016-07-13"), Number: "NG51", URL: "https://www.nice.org.uk/guidance/ng51", Accessed: ParseDate("2026-11-01")},
			"National Institute for Health and Care Excellence. Sepsis: recognition, diagnosis and early management [Internet]. London: National Institute for Health and Care Excellence; 2016 Jul [cited 2026 Nov 1]. Report No.: NG51. Available from: https://www.nice.org.uk/guidance/ng51"},
		{"homepage (chapter 25, without its updated date)", Reference{Type: "web", Authors: []string{"Hooper JF"},
			Title: "Psychiatry & the Law: Forensic Psychiatric Resource Page", Place: "Tuscaloosa (AL)", Publisher: "University of Alabama, Department of Psychiatry and Neurology",
			Issued: day("1999-01-01"), URL: "http://bama.ua.edu/~jhooper/", Accessed: ParseDate("2007-02-23")},
			"Hooper JF. Psychiatry & the Law: Forensic Psychiatric Resource Page [Internet]. Tuscaloosa (AL): University of Alabama, Department of Psychiatry and Neurology; 1999 Jan 1 [cited 2007 Feb 23]. Available from: http://bama.ua.edu/~jhooper/"},
		{"web page by an organization", Reference{Type: "web", Authors: []string{"Centers for Disease Control and Prevention"}, Title: "Sepsis: clinical information",
			Publisher: "CDC", Year: 2024, URL: "https://www.cdc.gov/sepsis/hcp/clinical-signs/", Accessed: ParseDate("2026-11-01")},
			"Centers for Disease Control and Prevention. Sepsis: clinical information [Internet]. CDC; 2024 [cited 2026 Nov 1]. Available from: https://www.cdc.gov/sepsis/hcp/clinical-signs/"},
		{"pmid only", Reference{Authors: []string{"Doe J"}, Title: "T", Journal: "JAMA", Year: 2020, PMID: "123"},
			"Doe J. T. JAMA. 2020. PMID: 123."},
	})
}

// TestAMA11 formats references as the AMA Manual of Style, 11th edition
// (chapter 3), and the reference lists of AMA journals print them: journal
// and book titles in italics, page ranges in full, the year alone for
// articles, no PMID, reports with an italic title and "Publisher; year".
func TestAMA11(t *testing.T) {
	checkRefs(t, StyleAMA, []refCase{
		{"journal article, more than six authors, no pmid", evans,
			"Evans L, Rhodes A, Alhazzani W, et al. Surviving Sepsis Campaign: international guidelines for management of sepsis and septic shock 2021. Intensive Care Med. 2021;47(11):1181-1247. doi:10.1007/s00134-021-06506-y"},
		{"pages given short are printed in full", Reference{Authors: []string{"Seymour CW", "Gesten F", "Prescott HC", "Friedrich ME", "Iwashyna TJ", "Phillips GS", "Lemeshow S"},
			Title: "Time to treatment and mortality during mandated emergency care for sepsis", Journal: "N Engl J Med",
			Issued: day("2017-06-08"), Volume: "376", Issue: "23", Pages: "2235-44", DOI: "10.1056/NEJMoa1703058", PMID: "28528569"},
			"Seymour CW, Gesten F, Prescott HC, et al. Time to treatment and mortality during mandated emergency care for sepsis. N Engl J Med. 2017;376(23):2235-2244. doi:10.1056/NEJMoa1703058"},
		{"JAMA article", Reference{Authors: []string{"Singer M", "Deutschman CS", "Seymour CW", "Shankar-Hari M", "Annane D", "Bauer M", "Bellomo R"},
			Title: "The Third International Consensus Definitions for Sepsis and Septic Shock (Sepsis-3)", Journal: "JAMA", Issued: day("2016-02-23"),
			Volume: "315", Issue: "8", Pages: "801-810", DOI: "10.1001/jama.2016.0287"},
			"Singer M, Deutschman CS, Seymour CW, et al. The Third International Consensus Definitions for Sepsis and Septic Shock (Sepsis-3). JAMA. 2016;315(8):801-810. doi:10.1001/jama.2016.0287"},
		{"six authors, all listed", Reference{Authors: []string{"Rhee C", "Dantes R", "Epstein L", "Murphy DJ", "Seymour CW", "Iwashyna TJ"},
			Title: "Incidence and trends of sepsis in US hospitals using clinical vs claims data, 2009-2014", Journal: "JAMA", Year: 2017,
			Volume: "318", Issue: "13", Pages: "1241-1249", DOI: "10.1001/jama.2017.13836"},
			"Rhee C, Dantes R, Epstein L, Murphy DJ, Seymour CW, Iwashyna TJ. Incidence and trends of sepsis in US hospitals using clinical vs claims data, 2009-2014. JAMA. 2017;318(13):1241-1249. doi:10.1001/jama.2017.13836"},
		{"e-locator", Reference{Authors: []string{"Doe J", "Roe R"}, Title: "An open-access study", Journal: "JAMA Netw Open", Year: 2019,
			Volume: "2", Issue: "8", Pages: "e198398", DOI: "10.1001/jamanetworkopen.2019.8398"},
			"Doe J, Roe R. An open-access study. JAMA Netw Open. 2019;2(8):e198398. doi:10.1001/jamanetworkopen.2019.8398"},
		{"organization as author", Reference{Authors: []string{"Diabetes Prevention Program Research Group"},
			Title: "Hypertension, insulin, and proinsulin in participants with impaired glucose tolerance", Journal: "Hypertension", Year: 2002, Volume: "40", Issue: "5", Pages: "679-686"},
			"Diabetes Prevention Program Research Group. Hypertension, insulin, and proinsulin in participants with impaired glucose tolerance. Hypertension. 2002;40(5):679-686."},
		{"no author", Reference{Title: "21st century heart solution may have a sting in the tail", Journal: "BMJ", Year: 2002, Volume: "325", Issue: "7357", Pages: "184"},
			"21st century heart solution may have a sting in the tail. BMJ. 2002;325(7357):184."},
		{"supplement pages in full", Reference{Authors: []string{"Geraud G", "Spierings EL", "Keywood C"},
			Title:   "Tolerability and safety of frovatriptan with short- and long-term use for treatment of migraine and in comparison with sumatriptan",
			Journal: "Headache", Year: 2002, Volume: "42", Issue: "suppl 2", Pages: "S93-9"},
			"Geraud G, Spierings EL, Keywood C. Tolerability and safety of frovatriptan with short- and long-term use for treatment of migraine and in comparison with sumatriptan. Headache. 2002;42(suppl 2):S93-S99."},
		{"guideline published in a journal", Reference{Type: "guideline", Authors: []string{"Rhodes A", "Evans LE", "Alhazzani W", "Levy MM", "Antonelli M", "Ferrer R", "Kumar A"},
			Title:   "Surviving Sepsis Campaign: international guidelines for management of sepsis and septic shock: 2016",
			Journal: "Intensive Care Med", Year: 2017, Volume: "43", Issue: "3", Pages: "304-377", URL: "https://link.springer.com/article/10.1007/s00134-017-4683-6", DOI: "10.1007/s00134-017-4683-6"},
			"Rhodes A, Evans LE, Alhazzani W, et al. Surviving Sepsis Campaign: international guidelines for management of sepsis and septic shock: 2016. Intensive Care Med. 2017;43(3):304-377. doi:10.1007/s00134-017-4683-6"},
		{"online article without a doi", Reference{Authors: []string{"Doe J"}, Title: "A web-only article", Journal: "Online J Health", Year: 2020, Volume: "5", Pages: "1-9",
			URL: "https://example.org/a", Accessed: ParseDate("2026-11-01")},
			"Doe J. A web-only article. Online J Health. 2020;5:1-9. Accessed November 1, 2026. https://example.org/a"},
		{"book", Reference{Type: "book", Authors: []string{"Christiansen S", "Iverson C", "Flanagin A", "Livingston EH", "Fischer L", "Manno C", "Gregoline B"},
			Title: "AMA Manual of Style: A Guide for Authors and Editors", Edition: "11", Place: "New York, NY", Publisher: "Oxford University Press", Year: 2020},
			"Christiansen S, Iverson C, Flanagin A, et al. AMA Manual of Style: A Guide for Authors and Editors. 11th ed. Oxford University Press; 2020."},
		{"book, edition", Reference{Type: "book", Authors: []string{"Marino PL"}, Title: "Marino's The ICU Book", Edition: "4", Publisher: "Wolters Kluwer", Year: 2014},
			"Marino PL. Marino's The ICU Book. 4th ed. Wolters Kluwer; 2014."},
		{"book with a doi", Reference{Type: "book", Authors: []string{"Doe J"}, Title: "An Online Book", Publisher: "Press", Year: 2021,
			URL: "https://example.org/b", DOI: "10.1000/book"},
			"Doe J. An Online Book. Press; 2021. doi:10.1000/book"},
		{"chapter, two editors, pages in full", Reference{Type: "chapter", Authors: []string{"Levy MM"}, Title: "Sepsis", Editors: []string{"Vincent JL", "Abraham E"},
			Book: "Textbook of Critical Care", Edition: "7", Publisher: "Elsevier", Year: 2017, Pages: "112-20"},
			"Levy MM. Sepsis. In: Vincent JL, Abraham E, eds. Textbook of Critical Care. 7th ed. Elsevier; 2017:112-120."},
		{"chapter, one editor", Reference{Type: "chapter", Authors: []string{"Rojko JL", "Hardy WD Jr"},
			Title: "Feline leukemia virus and other retroviruses", Editors: []string{"Sherding RG"},
			Book: "The Cat: Diseases and Clinical Management", Place: "New York", Publisher: "Churchill Livingstone", Year: 1989, Pages: "229-332"},
			"Rojko JL, Hardy WD Jr. Feline leukemia virus and other retroviruses. In: Sherding RG, ed. The Cat: Diseases and Clinical Management. Churchill Livingstone; 1989:229-332."},
		{"web page, year", Reference{Type: "web", Authors: []string{"Centers for Disease Control and Prevention"}, Title: "Sepsis: clinical information",
			Publisher: "CDC", Year: 2024, URL: "https://www.cdc.gov/sepsis/hcp/clinical-signs/", Accessed: ParseDate("2026-11-01")},
			"Centers for Disease Control and Prevention. Sepsis: clinical information. CDC. Published 2024. Accessed November 1, 2026. https://www.cdc.gov/sepsis/hcp/clinical-signs/"},
		{"web page, full date", Reference{Type: "web", Authors: []string{"World Health Organization"}, Title: "Sepsis",
			Publisher: "WHO", Issued: day("2024-05-03"), URL: "https://www.who.int/news-room/fact-sheets/detail/sepsis", Accessed: ParseDate("2026-11-01")},
			"World Health Organization. Sepsis. WHO. Published May 3, 2024. Accessed November 1, 2026. https://www.who.int/news-room/fact-sheets/detail/sepsis"},
		{"web page, month", Reference{Type: "web", Title: "Sepsis alliance: sepsis and the ICU", Publisher: "Sepsis Alliance",
			Issued: day("2023-09"), URL: "https://www.sepsis.org/", Accessed: ParseDate("2026-11-01")},
			"Sepsis alliance: sepsis and the ICU. Sepsis Alliance. Published September 2023. Accessed November 1, 2026. https://www.sepsis.org/"},
		{"government report (3.13.2)", Reference{Type: "report", Authors: []string{"Villarroel MA", "Lucas JW"},
			Title:     "Telemedicine Use in Children Aged 0–17 Years: United States, July–December 2020",
			Publisher: "National Center for Health Statistics", Year: 2022, Number: "National Health Statistics Reports no. 170",
			URL: "https://www.cdc.gov/nchs/data/nhsr/nhsr170.pdf", Accessed: ParseDate("2022-08-11")},
			"Villarroel MA, Lucas JW. Telemedicine Use in Children Aged 0–17 Years: United States, July–December 2020. National Center for Health Statistics; 2022. National Health Statistics Reports no. 170. Accessed August 11, 2022. https://www.cdc.gov/nchs/data/nhsr/nhsr170.pdf"},
		{"organization report", Reference{Type: "report", Authors: []string{"Pan American Health Organization"},
			Title:     "The Strategic Importance of National Investment in Nursing Professionals in the Region of the Americas",
			Publisher: "World Health Organization", Issued: day("2022-03"), Number: "PAHO/HSS/HR/22-0012",
			URL: "https://iris.paho.org/handle/10665.2/55957", Accessed: ParseDate("2022-08-11")},
			"Pan American Health Organization. The Strategic Importance of National Investment in Nursing Professionals in the Region of the Americas. World Health Organization; 2022. PAHO/HSS/HR/22-0012. Accessed August 11, 2022. https://iris.paho.org/handle/10665.2/55957"},
		{"guideline with a url, as a report", Reference{Type: "guideline", Authors: []string{"National Institute for Health and Care Excellence"},
			Title: "Sepsis: Recognition, Diagnosis and Early Management", Place: "London", Publisher: "National Institute for Health and Care Excellence",
			Issued: day("2016-07-13"), Number: "NICE guideline NG51", URL: "https://www.nice.org.uk/guidance/ng51", Accessed: ParseDate("2026-11-01")},
			"National Institute for Health and Care Excellence. Sepsis: Recognition, Diagnosis and Early Management. National Institute for Health and Care Excellence; 2016. NICE guideline NG51. Accessed November 1, 2026. https://www.nice.org.uk/guidance/ng51"},
		{"report without a url", Reference{Type: "report", Authors: []string{"Page E", "Harney JM"}, Title: "Health Hazard Evaluation Report",
			Publisher: "National Institute for Occupational Safety and Health", Year: 2001, Number: "HETA2000-0139-2824"},
			"Page E, Harney JM. Health Hazard Evaluation Report. National Institute for Occupational Safety and Health; 2001. HETA2000-0139-2824."},
	})
}

// TestFormatSpans checks what plain text cannot show: italics, links, and
// that AMA leaves the PMID to a link of its own.
func TestFormatSpans(t *testing.T) {
	r := Reference{Authors: []string{"Doe J"}, Title: "T", Journal: "JAMA", Year: 2020, DOI: "10.1000/a<b>#c d", PMID: "123"}
	spans := FormatReference(r, StyleAMA)
	var italic, doi, pmid bool
	for _, s := range spans {
		italic = italic || s.Italic && s.Text == "JAMA"
		doi = doi || s.Link == "https://doi.org/10.1000/a%3Cb%3E%23c%20d" && s.Text == "10.1000/a<b>#c d"
		pmid = pmid || strings.Contains(s.Link, "pubmed") || strings.Contains(s.Text, "123")
	}
	if !italic || !doi || pmid {
		t.Errorf("AMA: italic journal %v, encoded doi link %v, pmid inside %v: %+v", italic, doi, pmid, spans)
	}
	if got := PubMedURL(r, StyleAMA); got != "https://pubmed.ncbi.nlm.nih.gov/123/" {
		t.Errorf("AMA PubMed link %q", got)
	}
	if got := PubMedURL(r, StyleVancouver); got != "" {
		t.Errorf("Vancouver prints its PMID inside the reference, but a link follows it too: %q", got)
	}
	var vpmid bool
	for _, s := range FormatReference(r, StyleVancouver) {
		vpmid = vpmid || s.Text == "123" && s.Link == "https://pubmed.ncbi.nlm.nih.gov/123/"
		if s.Italic {
			t.Errorf("Vancouver sets nothing in italics: %+v", s)
		}
	}
	if !vpmid {
		t.Error("Vancouver: no linked PMID")
	}
	report := Reference{Type: "guideline", Title: "A Guideline", Publisher: "Society", Year: 2020, URL: "https://example.org/g"}
	var titled bool
	for _, s := range FormatReference(report, StyleAMA) {
		titled = titled || s.Italic && s.Text == "A Guideline"
		if s.Link == "https://example.org/g" && s.Text != "https://example.org/g" {
			t.Errorf("URL span: %+v", s)
		}
	}
	if !titled {
		t.Errorf("AMA report title not in italics: %+v", FormatReference(report, StyleAMA))
	}
}

func TestPageRange(t *testing.T) {
	cases := []struct{ in, minimal, full string }{
		{"12-19", "12-9", "12-19"},
		{"21-30", "21-30", "21-30"},
		{"304-310", "304-10", "304-310"},
		{"645-648", "645-8", "645-648"},
		{"1199-1205", "1199-205", "1199-1205"},
		{"1181-1247", "1181-247", "1181-1247"},
		{"1181-247", "1181-247", "1181-1247"},
		{"93-113", "93-113", "93-113"},
		{"112–120", "112-20", "112-120"}, // en dash
		{"S93-S99", "S93-9", "S93-S99"},
		{"S6-S12", "S6-12", "S6-S12"},
		{"e1-e12", "e1-12", "e1-e12"},
		{"124A-126A", "124A-126A", "124A-126A"},
		{"iii-v", "iii-v", "iii-v"},
		{"40-40", "40-40", "40-40"},
		{"50-40", "50-40", "50-40"},
		{"184", "184", "184"},
		{"A12-B15", "A12-B15", "A12-B15"},
		{"-5", "-5", "-5"},
		{"1-", "1-", "1-"},
	}
	for _, c := range cases {
		if got := pageRange(c.in, true); got != c.minimal {
			t.Errorf("minimal %q = %q, want %q", c.in, got, c.minimal)
		}
		if got := pageRange(c.in, false); got != c.full {
			t.Errorf("full %q = %q, want %q", c.in, got, c.full)
		}
	}
	f := refFormatter{vancouver: true}
	if got := f.pages("34-36, 87-91, 110-112"); got != "34-6, 87-91, 110-2" {
		t.Errorf("several ranges: %q", got)
	}
}

func TestPartialDate(t *testing.T) {
	good := map[string]PartialDate{
		"2017": {2017, 0, 0}, "2017-06": {2017, 6, 0}, "2017-06-08": {2017, 6, 8},
		"2017-06-08T10:00:00Z": {2017, 6, 8}, "2016-02-29": {2016, 2, 29},
	}
	for in, want := range good {
		if got, ok := ParsePartialDate(in); !ok || got != want {
			t.Errorf("%q: %v %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "17", "+201", "2017-13", "2017-02-30", "2017-6", "June 2017", "0000", "2017-06-08x"} {
		if got, ok := ParsePartialDate(in); ok {
			t.Errorf("%q read as %v", in, got)
		}
	}
	for _, c := range [][3]int{{2017, 0, 1}, {2017, 2, 30}, {0, 1, 1}, {2017, 13, 0}, {10000, 1, 1}} {
		if _, ok := MakePartialDate(c[0], c[1], c[2]); ok {
			t.Errorf("%v accepted", c)
		}
	}
	r := Reference{Year: 2016, Issued: day("2017-06-08")}
	if r.DateConflict() == "" || r.Published() != day("2017-06-08") {
		t.Errorf("conflict %q, published %v", r.DateConflict(), r.Published())
	}
	if (Reference{Year: 2017, Issued: day("2017-06")}).DateConflict() != "" || (Reference{Year: 2017}).Published() != day("2017") {
		t.Error("year and issued that agree")
	}
}
