package lms

import (
	"archive/zip"
	"bytes"
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
					Rationale: "<p>The guideline <sup>1</sup>.</p>", References: []string{"Evans L. <i>Title</i>. 2021."}}}},
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
