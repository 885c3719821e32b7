package lms

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func course() *Course {
	return &Course{
		ID: "https://learn.example.org/sepsis/", Path: "sepsis/", Title: "Sepsis & shock", Description: "Four modules.", Language: "en",
		Modules: []Module{
			{ID: "https://learn.example.org/sepsis/intro/", Path: "sepsis/intro/", Title: "Intro", Description: "Start here.", Launch: "sepsis/intro/index.html"},
			{ID: "https://learn.example.org/sepsis/fluids/", Path: "sepsis/fluids/", Title: "Fluids <30 mL/kg>", Description: "How much.", Launch: "sepsis/fluids/index.html", Credit: true, Pass: 0.7,
				Questions: []Question{{ID: "q1", Stem: "<p>How much?</p>", Choices: []Choice{{Text: "<p>30 mL/kg</p>", Correct: true}, {Text: "<p>None</p>", Feedback: "<p>No.</p>"}},
					Rationale: `<p>The guideline <sup class="cite"><span>1</span></sup>.</p>`, References: []string{"Evans L. <i>Title</i>. 2021."}}}},
		},
		Files: map[string][]byte{
			"sepsis/intro/index.html": []byte("<p>intro</p>"), "sepsis/fluids/index.html": []byte("<p>fluids</p>"),
			"sepsis/fluids/chart.png": {1, 2, 3}, "css/rounds.css": []byte("a{}"),
		},
	}
}

func TestName(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"sepsis/", "sepsis-en-scorm12.zip"},
		{"sepsis/shock/fluids/", "sepsis-shock-fluids-en-scorm12.zip"},
		{"", "site-en-scorm12.zip"},
	} {
		if got := Name(tc.path, "en", SCORM12); got != tc.want {
			t.Errorf("Name(%q) = %s, want %s", tc.path, got, tc.want)
		}
	}
}

// TestZipDeterministic: the same course gives the same bytes, entries in
// path order, every one at the same fixed time.
func TestZipDeterministic(t *testing.T) {
	for _, f := range Formats() {
		var a, b bytes.Buffer
		if err := Write(&a, f, course()); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := Write(&b, f, course()); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two writes differ", f)
		}
		zr, err := zip.NewReader(bytes.NewReader(a.Bytes()), int64(a.Len()))
		if err != nil {
			t.Fatal(err)
		}
		prev := ""
		for _, e := range zr.File {
			if e.Name <= prev {
				t.Errorf("%s: %s after %s", f, e.Name, prev)
			}
			prev = e.Name
			if !e.Modified.Equal(zipTime) {
				t.Errorf("%s: %s dated %v", f, e.Name, e.Modified)
			}
		}
	}
}

func TestSCORM12Manifest(t *testing.T) {
	m := string(scorm12Manifest(course()))
	for _, want := range []string{
		`<title>Sepsis &amp; shock</title>`,
		`<item identifier="ITEM-sepsis_fluids" identifierref="RES-sepsis_fluids" isvisible="true">
        <title>Fluids &lt;30 mL/kg&gt;</title>
        <adlcp:masteryscore>70</adlcp:masteryscore>`,
		`<resource identifier="RES-sepsis_fluids" type="webcontent" adlcp:scormtype="sco" href="sepsis/fluids/index.html">
      <file href="sepsis/fluids/chart.png"/>
      <file href="sepsis/fluids/index.html"/>
      <dependency identifierref="RES-SHARED"/>`,
		`<file href="css/rounds.css"/>`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("manifest lacks\n%s\nin\n%s", want, m)
		}
	}
	// Course order, and no mastery score for a module without credit.
	if i, j := strings.Index(m, "ITEM-sepsis_intro"), strings.Index(m, "ITEM-sepsis_fluids"); i > j {
		t.Error("items out of course order")
	}
	if strings.Count(m, "masteryscore") != 2 {
		t.Error("a module without credit has a mastery score")
	}
}

func TestMissingLaunchPage(t *testing.T) {
	c := course()
	delete(c.Files, "sepsis/intro/index.html")
	if err := Write(&bytes.Buffer{}, SCORM2004, c); err == nil || !strings.Contains(err.Error(), "sepsis/intro/index.html") {
		t.Errorf("err = %v", err)
	}
}

// xmllint validates a document against a schema; without xmllint the
// test is skipped, except in CI, where .ci/run installs it.
func xmllint(t *testing.T, schema string, doc []byte) string {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("xmllint is missing: .ci/run installs libxml2-utils")
		}
		t.Skip("xmllint is not installed")
	}
	file := filepath.Join(t.TempDir(), "doc.xml")
	if err := os.WriteFile(file, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", schema, file).CombinedOutput()
	if err != nil {
		return string(out)
	}
	return ""
}

// TestCMI5Schema: cmi5.xml validates against the cmi5 CourseStructure
// schema (testdata/schema/cmi5, Apache 2.0, from the AICC's cmi5 spec
// repository), and the check can fail.
func TestCMI5Schema(t *testing.T) {
	doc := cmi5Structure(course())
	schema := "testdata/schema/cmi5/CourseStructure.xsd"
	if msg := xmllint(t, schema, doc); msg != "" {
		t.Fatalf("cmi5.xml does not validate:\n%s\n%s", msg, doc)
	}
	for _, want := range []string{`moveOn="Completed" launchMethod="AnyWindow"`, `moveOn="CompletedAndPassed" masteryScore="0.7"`, `<langstring lang="en">Fluids &lt;30 mL/kg&gt;</langstring>`} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("cmi5.xml lacks %s", want)
		}
	}
	bad := bytes.Replace(doc, []byte("<url>"), []byte("<link>"), 1)
	bad = bytes.Replace(bad, []byte("</url>"), []byte("</link>"), 1)
	if msg := xmllint(t, schema, bad); !strings.Contains(msg, "fails to validate") {
		t.Errorf("a broken cmi5.xml validated: %q", msg)
	}
}

// TestQTISchema: every item of the bank validates against the IMS QTI 2.1
// schema and the manifest against IMS CP 1.1 (testdata/schema/qti); the
// check can fail.
func TestQTISchema(t *testing.T) {
	files, err := Files(QTI, course())
	if err != nil {
		t.Fatal(err)
	}
	item := files["items/sepsis-fluids-q1.xml"]
	if item == nil {
		t.Fatalf("no item; files: %v", files)
	}
	if msg := xmllint(t, "testdata/schema/qti/qtiv2p1/imsqti_v2p1.xsd", item); msg != "" {
		t.Fatalf("item does not validate:\n%s\n%s", msg, item)
	}
	if msg := xmllint(t, "testdata/schema/qti/imscp_v1p1.xsd", files["imsmanifest.xml"]); msg != "" {
		t.Fatalf("manifest does not validate:\n%s\n%s", msg, files["imsmanifest.xml"])
	}
	for _, want := range []string{`<value>A</value>`, `<prompt>How much?</prompt>`, `identifier="B" showHide="show" title="About B"`, `<p>The guideline [1].</p>`, `<li>Evans L. Title. 2021.</li>`} {
		if !bytes.Contains(item, []byte(want)) {
			t.Errorf("item lacks %s:\n%s", want, item)
		}
	}
	bad := bytes.Replace(item, []byte(`cardinality="single" baseType="identifier"`), []byte(`cardinality="one" baseType="identifier"`), 1)
	if msg := xmllint(t, "testdata/schema/qti/qtiv2p1/imsqti_v2p1.xsd", bad); !strings.Contains(msg, "fails to validate") {
		t.Errorf("a broken item validated: %q", msg)
	}
	c := course()
	c.Modules[1].Questions = nil
	if _, err := Files(QTI, c); err == nil || !strings.Contains(err.Error(), "no post-test question") {
		t.Errorf("a bank without questions: err = %v", err)
	}
}

// moodleQuiz is Moodle XML as Moodle's documentation describes it
// (docs.moodle.org, "Moodle XML format"): the elements a multichoice
// question needs.
type moodleQuiz struct {
	Questions []struct {
		Type     string `xml:"type,attr"`
		Category string `xml:"category>text"`
		Info     string `xml:"info>text"`
		Name     string `xml:"name>text"`
		Text     struct {
			Format string `xml:"format,attr"`
			Text   string `xml:"text"`
		} `xml:"questiontext"`
		General   string `xml:"generalfeedback>text"`
		Grade     string `xml:"defaultgrade"`
		IDNumber  string `xml:"idnumber"`
		Single    string `xml:"single"`
		Shuffle   string `xml:"shuffleanswers"`
		Numbering string `xml:"answernumbering"`
		Answers   []struct {
			Fraction string `xml:"fraction,attr"`
			Format   string `xml:"format,attr"`
			Text     string `xml:"text"`
			Feedback string `xml:"feedback>text"`
		} `xml:"answer"`
	} `xml:"question"`
}

// moodleFractions are the grades Moodle accepts for an answer
// (question/format/xml and the multichoice editor's list).
var moodleFractions = map[string]bool{"100": true, "90": true, "83.33333": true, "80": true, "75": true, "70": true,
	"66.66667": true, "60": true, "50": true, "40": true, "33.33333": true, "30": true, "25": true, "20": true,
	"16.66667": true, "14.28571": true, "12.5": true, "11.11111": true, "10": true, "5": true, "0": true}

func parseMoodle(t *testing.T, c *Course) moodleQuiz {
	t.Helper()
	data, err := moodleXML(c)
	if err != nil {
		t.Fatal(err)
	}
	var q moodleQuiz
	if err := xml.Unmarshal(data, &q); err != nil {
		t.Fatalf("Moodle XML does not parse: %v\n%s", err, data)
	}
	return q
}

func TestMoodleXML(t *testing.T) {
	c := course()
	c.Modules[1].Questions = append(c.Modules[1].Questions, Question{ID: "q2", Multi: true, Stem: "<p>Pick <b>two</b></p>",
		Choices: []Choice{{Text: "a", Correct: true}, {Text: "b", Correct: true}, {Text: "c"}}})
	q := parseMoodle(t, c)
	if len(q.Questions) != 3 || q.Questions[0].Type != "category" || q.Questions[0].Category != "$course$/top/Sepsis & shock/Fluids <30 mL//kg>" {
		t.Fatalf("questions = %+v", q.Questions)
	}
	one, two := q.Questions[1], q.Questions[2]
	if one.Type != "multichoice" || one.Single != "true" || one.Text.Format != "html" || one.Text.Text != "<p>How much?</p>" || one.IDNumber != "sepsis/fluids/q1" || one.Grade != "1" || one.Numbering != "ABCD" || one.Shuffle != "false" {
		t.Errorf("question = %+v", one)
	}
	if !strings.Contains(one.General, `<sup class="cite"><span>1</span></sup>`) || !strings.Contains(one.General, "<li>Evans L. <i>Title</i>. 2021.</li>") {
		t.Errorf("general feedback = %s", one.General)
	}
	if one.Answers[0].Fraction != "100" || one.Answers[1].Fraction != "0" || one.Answers[1].Feedback != "<p>No.</p>" {
		t.Errorf("answers = %+v", one.Answers)
	}
	if two.Single != "false" || two.Answers[0].Fraction != "50" || two.Answers[1].Fraction != "50" || two.Answers[2].Fraction != "-100" {
		t.Errorf("choose all that apply: %+v", two.Answers)
	}
	for _, qq := range q.Questions[1:] {
		for _, a := range qq.Answers {
			if !moodleFractions[strings.TrimPrefix(a.Fraction, "-")] {
				t.Errorf("fraction %s is not one Moodle accepts", a.Fraction)
			}
		}
	}
	// CDATA cannot hold "]]>": it is split, and the text comes back whole.
	c.Modules[1].Questions[0].Stem = "<p>a ]]> b</p>"
	if got := parseMoodle(t, c).Questions[1].Text.Text; got != "<p>a ]]> b</p>" {
		t.Errorf("stem = %q", got)
	}
}

func TestPlainText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<p>First-line <sup class="cite"><span>1</span>,<span>2</span></sup>.</p>`, "First-line [1, 2]."},
		{"<p>a &amp; b &lt;c&gt;</p>\n<p>d\n e</p>", "a & b <c>\n\nd e"},
		{`<i>JAMA</i>. doi:<a href="https://doi.org/x">x</a>`, "JAMA. doi:x"},
	} {
		if got := plainText(tc.in); got != tc.want {
			t.Errorf("plainText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// programme is a two-course programme package: the shock course's
// vasopressors module requires the fluids module of the sepsis course,
// and is listed before it, so the structure must move it after.
func programme() *Course {
	c := course()
	c.ID, c.Path, c.Title = "https://learn.example.org/paths/core/", "paths/core/", "Core programme"
	for i := range c.Modules {
		c.Modules[i].Block = "sepsis/"
	}
	vaso := Module{ID: "https://learn.example.org/shock/vaso/", Path: "shock/vaso/", Title: "Vasopressors", Description: "When.", Launch: "shock/vaso/index.html",
		Credit: true, Pass: 0.8, Requires: []string{"sepsis/fluids/", "elsewhere/x/"}, Block: "shock/"}
	c.Modules = append([]Module{vaso}, c.Modules...)
	c.Files["shock/vaso/index.html"] = []byte("<p>vaso</p>")
	c.Blocks = []Block{
		{ID: "https://learn.example.org/sepsis/", Path: "sepsis/", Title: "Sepsis", Description: "Sepsis course."},
		{ID: "https://learn.example.org/shock/", Path: "shock/", Title: "Shock", Description: "Shock course."},
	}
	return c
}

// cmi5Doc is the part of cmi5.xml the tests read.
type cmi5Doc struct {
	Items []struct {
		XMLName xml.Name
		ID      string `xml:"id,attr"`
		AUs     []struct {
			ID       string `xml:"id,attr"`
			MoveOn   string `xml:"moveOn,attr"`
			Mastery  string `xml:"masteryScore,attr"`
			Requires []struct {
				AU string `xml:"au,attr"`
			} `xml:"https://rounds.dev/xsd/cmi5/v1 requires"`
		} `xml:"au"`
	} `xml:",any"`
}

// TestCMI5Blocks: a programme's courses become blocks, in an order that
// puts every module after the modules it requires; each AU has the
// moveOn its credit implies and names its prerequisites in rounds'
// namespace; the whole validates against the cmi5 schema.
func TestCMI5Blocks(t *testing.T) {
	doc := cmi5Structure(programme())
	if msg := xmllint(t, "testdata/schema/cmi5/CourseStructure.xsd", doc); msg != "" {
		t.Fatalf("cmi5.xml does not validate:\n%s\n%s", msg, doc)
	}
	var d cmi5Doc
	if err := xml.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range d.Items {
		if it.XMLName.Local != "block" {
			continue
		}
		var aus []string
		for _, au := range it.AUs {
			s := au.ID + " " + au.MoveOn + " " + au.Mastery
			for _, r := range au.Requires {
				s += " requires " + r.AU
			}
			aus = append(aus, s)
		}
		got = append(got, it.ID+": "+strings.Join(aus, ", "))
	}
	want := []string{
		"https://learn.example.org/sepsis/: https://learn.example.org/sepsis/intro/ Completed , https://learn.example.org/sepsis/fluids/ CompletedAndPassed 0.7",
		"https://learn.example.org/shock/: https://learn.example.org/shock/vaso/ CompletedAndPassed 0.8 requires https://learn.example.org/sepsis/fluids/",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("blocks:\n%s\nwant:\n%s\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), doc)
	}
	// A course's own package has no blocks; its prerequisites within it
	// are kept.
	c := course()
	c.Modules[1].Requires = []string{"sepsis/intro/"}
	one := cmi5Structure(c)
	if bytes.Contains(one, []byte("<block")) || !bytes.Contains(one, []byte(`<rounds:requires au="https://learn.example.org/sepsis/intro/"/>`)) {
		t.Errorf("course package:\n%s", one)
	}
	if msg := xmllint(t, "testdata/schema/cmi5/CourseStructure.xsd", one); msg != "" {
		t.Fatalf("cmi5.xml does not validate:\n%s\n%s", msg, one)
	}
}

// TestCMI5BlockTwice: a course a programme visits twice is two blocks
// with distinct ids.
func TestCMI5BlockTwice(t *testing.T) {
	c := programme()
	c.Modules[0].Requires = nil
	c.Modules[0], c.Modules[1] = c.Modules[1], c.Modules[0] // intro (sepsis), vaso (shock), fluids (sepsis)
	doc := cmi5Structure(c)
	if msg := xmllint(t, "testdata/schema/cmi5/CourseStructure.xsd", doc); msg != "" {
		t.Fatalf("cmi5.xml does not validate:\n%s\n%s", msg, doc)
	}
	for _, want := range []string{`<block id="https://learn.example.org/sepsis/">`, `<block id="https://learn.example.org/shock/">`, `<block id="https://learn.example.org/sepsis/#part-2">`} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("lacks %s:\n%s", want, doc)
		}
	}
}

// pooled is the course with a module of two fixed questions and a pool
// of three, of which two are drawn; the pool's questions shuffle their
// choices, the last one pinned.
func pooled() *Course {
	c := course()
	q := func(id string, pool int) Question {
		return Question{ID: id, Stem: "<p>" + id + "?</p>", Pool: pool, Shuffle: pool > 0,
			Choices: []Choice{{Text: "<p>yes</p>", Correct: true}, {Text: "<p>no</p>"}, {Text: "<p>All of the above</p>", Pin: true}}}
	}
	c.Modules[1].Questions = []Question{q("q1", 0), q("p1", 2), q("q2", 0), q("p2", 2), q("p3", 2)}
	return c
}

// TestQTIPool: the post-test is an assessmentTest with a section per
// module; its pool is a section of its own, in the place of its first
// question, with <selection select="2"/>; shuffled choices are shuffled
// by the engine with the pinned one fixed. Test, items and manifest
// validate against the QTI 2.1 and IMS CP schemas.
func TestQTIPool(t *testing.T) {
	files, err := Files(QTI, pooled())
	if err != nil {
		t.Fatal(err)
	}
	test := files["test.xml"]
	if msg := xmllint(t, "testdata/schema/qti/qtiv2p1/imsqti_v2p1.xsd", test); msg != "" {
		t.Fatalf("test.xml does not validate:\n%s\n%s", msg, test)
	}
	if msg := xmllint(t, "testdata/schema/qti/imscp_v1p1.xsd", files["imsmanifest.xml"]); msg != "" {
		t.Fatalf("manifest does not validate:\n%s\n%s", msg, files["imsmanifest.xml"])
	}
	item := files["items/sepsis-fluids-p1.xml"]
	if msg := xmllint(t, "testdata/schema/qti/qtiv2p1/imsqti_v2p1.xsd", item); msg != "" {
		t.Fatalf("item does not validate:\n%s\n%s", msg, item)
	}
	var d struct {
		Sections []struct {
			ID    string `xml:"identifier,attr"`
			Parts []struct {
				XMLName xml.Name
				ID      string `xml:"identifier,attr"`
				Href    string `xml:"href,attr"`
				Sel     struct {
					Select string `xml:"select,attr"`
				} `xml:"selection"`
				Items []struct {
					ID string `xml:"identifier,attr"`
				} `xml:"assessmentItemRef"`
			} `xml:",any"`
		} `xml:"testPart>assessmentSection"`
	}
	if err := xml.Unmarshal(test, &d); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range d.Sections {
		got = append(got, "section "+s.ID)
		for _, p := range s.Parts {
			line := p.XMLName.Local + " " + p.ID
			if p.Sel.Select != "" {
				line += " select " + p.Sel.Select + ":"
			}
			for _, it := range p.Items {
				line += " " + it.ID
			}
			got = append(got, line)
		}
	}
	want := []string{"section S-sepsis_fluids", "assessmentItemRef Q-sepsis-fluids-q1",
		"assessmentSection POOL-sepsis_fluids select 2: Q-sepsis-fluids-p1 Q-sepsis-fluids-p2 Q-sepsis-fluids-p3",
		"assessmentItemRef Q-sepsis-fluids-q2"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("test:\n%s\nwant\n%s\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), test)
	}
	for _, want := range []string{`shuffle="true" maxChoices="1"`, `<simpleChoice identifier="C" fixed="true">All of the above</simpleChoice>`} {
		if !bytes.Contains(item, []byte(want)) {
			t.Errorf("pooled item lacks %s:\n%s", want, item)
		}
	}
	if fixed := files["items/sepsis-fluids-q1.xml"]; !bytes.Contains(fixed, []byte(`shuffle="false"`)) || bytes.Contains(fixed, []byte(`fixed="true"`)) {
		t.Errorf("an unshuffled item:\n%s", fixed)
	}
	if !bytes.Contains(files["imsmanifest.xml"], []byte(`type="imsqti_test_xmlv2p1" href="test.xml"`)) {
		t.Errorf("the manifest does not list the test:\n%s", files["imsmanifest.xml"])
	}
	bad := bytes.Replace(test, []byte(`<selection select="2"/>`), []byte(`<selection select="two"/>`), 1)
	if msg := xmllint(t, "testdata/schema/qti/qtiv2p1/imsqti_v2p1.xsd", bad); !strings.Contains(msg, "fails to validate") {
		t.Errorf("a broken test validated: %q", msg)
	}
}

// TestMoodlePool: a module's pool is a category below the module's,
// holding the pooled questions, its description naming how many a quiz
// draws; the fixed questions stay in the module's category. A shuffled
// question shuffles its answers unless one is pinned.
func TestMoodlePool(t *testing.T) {
	c := pooled()
	c.Modules[1].Questions[4].Choices[2].Pin = false // p3: shuffled, nothing pinned
	q := parseMoodle(t, c)
	var got []string
	for _, qq := range q.Questions {
		if qq.Type == "category" {
			got = append(got, "category "+qq.Category+" "+qq.IDNumber)
			continue
		}
		got = append(got, qq.IDNumber+" shuffle="+qq.Shuffle)
	}
	want := []string{"category $course$/top/Sepsis & shock/Fluids <30 mL//kg> ",
		"sepsis/fluids/q1 shuffle=false", "sepsis/fluids/q2 shuffle=false",
		"category $course$/top/Sepsis & shock/Fluids <30 mL//kg>/Pool: 2 of 3 sepsis/fluids/pool",
		"sepsis/fluids/p1 shuffle=false", "sepsis/fluids/p2 shuffle=false", "sepsis/fluids/p3 shuffle=true"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Moodle XML:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if info := q.Questions[3].Info; !strings.Contains(info, "each attempt asks 2 of these 3 questions") || !strings.Contains(info, "Number of random questions: 2") || !strings.Contains(info, "Fluids &lt;30 mL/kg&gt;") {
		t.Errorf("pool category info = %s", info)
	}
}
