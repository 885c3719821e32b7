package generator_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/lms"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// packageSepsis packages examples/sepsis in the given formats.
func packageSepsis(t *testing.T, paths []string, formats ...lms.Format) []generator.Bundle {
	t.Helper()
	res, bundles, err := generator.Package(context.Background(), generator.PackageOptions{
		Options: generator.Options{Site: os.DirFS("../examples/sepsis"), Today: sitetest.Today, Minify: true},
		Formats: formats, Paths: paths,
	})
	if err != nil {
		var b bytes.Buffer
		res.Diags.Print(&b)
		t.Fatalf("%v\n%s", err, b.String())
	}
	return bundles
}

func unzipBundle(t *testing.T, b generator.Bundle) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b.Data), int64(len(b.Data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(data)
	}
	return out
}

// TestPackageCourse: one zip per course and format, named by course,
// language and format, byte-identical from one run to the next, holding
// the module pages in package mode and what they load, and nothing else.
func TestPackageCourse(t *testing.T) {
	first := packageSepsis(t, nil, lms.SCORM12, lms.CMI5)
	again := packageSepsis(t, nil, lms.SCORM12, lms.CMI5)
	var names []string
	for i, b := range first {
		names = append(names, b.Name)
		if !bytes.Equal(b.Data, again[i].Data) {
			t.Errorf("%s differs between two runs", b.Name)
		}
	}
	if got := strings.Join(names, " "); got != "sepsis-en-scorm12.zip sepsis-en-cmi5.zip" {
		t.Fatalf("packages = %s", got)
	}
	files := unzipBundle(t, first[0])
	for _, want := range []string{"imsmanifest.xml", "sepsis/fluids/index.html", "sepsis/recognition/qsofa-chart.png", "css/rounds.css", "js/rounds.js", lms.ScriptName} {
		if _, ok := files[want]; !ok {
			t.Errorf("no %s in the package", want)
		}
	}
	for name, data := range files {
		for _, bad := range []string{"sepsis/index.html", "quiz.json", "tags/", "cards/", "share/", "index.xml", "embed/"} {
			if strings.HasPrefix(name, bad) || strings.HasSuffix(name, bad) {
				t.Errorf("%s is in the package", name)
			}
		}
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, bad := range []string{"canonical", "og:", "twitter:", "ld+json", "https://", "http://", "tags/", "quiz.json"} {
			if strings.Contains(data, bad) {
				t.Errorf("%s has %q: package mode shows none", name, bad)
			}
		}
		// The runtime loads first, then the theme's script.
		if i, j := strings.Index(data, "rounds-lms.js"), strings.Index(data, "js/rounds.js"); i < 0 || j >= 0 && j < i {
			t.Errorf("%s: runtime at %d, theme script at %d", name, i, j)
		}
	}
	// A link to another host keeps its text (the privacy policy here).
	if p := files["sepsis/fluids/index.html"]; !strings.Contains(p, "Privacy policy") {
		t.Error("the privacy link's text is gone")
	}
	cmi5 := unzipBundle(t, first[1])["cmi5.xml"]
	for _, want := range []string{`<au id="https://learn.example.org/sepsis/sepsis/fluids/" moveOn="CompletedAndPassed" masteryScore="0.7"`, "<url>sepsis/fluids/index.html</url>"} {
		if !strings.Contains(cmi5, want) {
			t.Errorf("cmi5.xml lacks %s", want)
		}
	}
}

// TestPackageModule: a module PATH gets a package of its own, named by
// its path; a PATH that names nothing published refuses, writing nothing.
func TestPackageModule(t *testing.T) {
	b := packageSepsis(t, []string{"content/sepsis/recognition"}, lms.SCORM2004)
	if len(b) != 1 || b[0].Name != "sepsis-recognition-en-scorm2004.zip" || b[0].Modules != 1 {
		t.Fatalf("bundles = %+v", b)
	}
	files := unzipBundle(t, b[0])
	if _, ok := files["sepsis/fluids/index.html"]; ok {
		t.Error("a module's package holds another module")
	}
	if !strings.Contains(files["imsmanifest.xml"], `href="sepsis/recognition/index.html"`) {
		t.Error("the SCO is not the module's page")
	}

	res, bundles, err := generator.Package(context.Background(), generator.PackageOptions{
		Options: generator.Options{Site: os.DirFS("../examples/sepsis"), Today: sitetest.Today},
		Formats: []lms.Format{lms.SCORM12}, Paths: []string{"content/sepsis/nothing.md"},
	})
	if err != generator.ErrRefused || len(bundles) != 0 {
		t.Fatalf("err = %v, %d bundles", err, len(bundles))
	}
	var out bytes.Buffer
	res.Diags.Print(&out)
	if want := "content/sepsis/nothing.md: error: package: no published course, module or learning path here"; !strings.Contains(out.String(), want) {
		t.Errorf("diagnostics:\n%s\nwant %s", out.String(), want)
	}
}

// TestPackageRefused: the same gate as build; a refused site gets no
// package.
func TestPackageRefused(t *testing.T) {
	_, bundles, err := generator.Package(context.Background(), generator.PackageOptions{
		Options: generator.Options{Site: os.DirFS("../examples/unreviewed"), Today: sitetest.Today},
		Formats: []lms.Format{lms.SCORM12, lms.QTI},
	})
	if err != generator.ErrRefused || len(bundles) != 0 {
		t.Fatalf("err = %v, %d bundles; want ErrRefused and none", err, len(bundles))
	}
}

// TestPackageQuestionBanks: the post-test questions of the course, with
// rationales whose citations are rendered (numbers and the references
// they cite), never [@id]; practice questions stay out.
func TestPackageQuestionBanks(t *testing.T) {
	b := packageSepsis(t, nil, lms.QTI, lms.Moodle)
	if len(b) != 2 || b[0].Name != "sepsis-en-qti.zip" || b[1].Name != "sepsis-en-moodle.zip" {
		t.Fatalf("bundles = %v, %v", b[0].Name, b[1].Name)
	}
	qti := unzipBundle(t, b[0])
	item := qti["items/sepsis-vasopressors-q3.xml"]
	for _, want := range []string{"<value>B</value>", "µg/kg/min [1, 2].</p>", "<li>Evans L, Rhodes A, Alhazzani W, et al.", "<li>Russell JA"} {
		if !strings.Contains(item, want) {
			t.Errorf("QTI item lacks %q:\n%s", want, item)
		}
	}
	if strings.Contains(item, "De Backer") {
		t.Error("the rationale lists a reference it does not cite")
	}
	if _, ok := qti["items/sepsis-vasopressors-q1.xml"]; ok {
		t.Error("a practice question is in the bank")
	}
	moodle := unzipBundle(t, b[1])["questions.xml"]
	for name, data := range map[string]string{"qti": strings.Join(mapValues(qti), ""), "moodle": moodle} {
		if strings.Contains(data, "[@") {
			t.Errorf("%s: an unrendered citation", name)
		}
	}
	// 11: the hour-1 bundle's pool of 5 goes in whole; an attempt draws 4.
	if n := strings.Count(moodle, `<question type="multichoice">`); n != 11 {
		t.Errorf("Moodle XML has %d questions, want the 11 post-test questions", n)
	}
	// The pool as the LMS draws it: a QTI section with <selection>, a
	// Moodle category of its own.
	test := qti["test.xml"]
	for _, want := range []string{`<assessmentSection identifier="POOL-sepsis_hour-one-bundle" title="The hour-1 bundle: pool" visible="false">`, `<selection select="4"/>`} {
		if !strings.Contains(test, want) {
			t.Errorf("QTI test lacks %s:\n%s", want, test)
		}
	}
	if !strings.Contains(moodle, "/Pool: 4 of 5</text>") || !strings.Contains(moodle, "each attempt asks 4 of these 5 questions") {
		t.Errorf("Moodle XML has no pool category:\n%s", moodle)
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// TestPackageLRS: a cmi5 package's pages may connect to the LRS origins
// given, and to nothing else; other formats are not changed by them.
func TestPackageLRS(t *testing.T) {
	res, b, err := generator.Package(context.Background(), generator.PackageOptions{
		Options: generator.Options{Site: os.DirFS("../examples/sepsis"), Today: sitetest.Today, Minify: true},
		Formats: []lms.Format{lms.CMI5, lms.SCORM12}, LRS: []string{"https://lrs.example.org/"},
	})
	if err != nil {
		t.Fatalf("%v %v", err, res.Diags)
	}
	cmi5 := unzipBundle(t, b[0])["sepsis/fluids/index.html"]
	if !strings.Contains(cmi5, "connect-src 'self' https://lrs.example.org") {
		t.Errorf("cmi5 page CSP lacks the LRS:\n%s", cmi5[:min(len(cmi5), 600)])
	}
	if scorm := unzipBundle(t, b[1])["sepsis/fluids/index.html"]; strings.Contains(scorm, "lrs.example.org") {
		t.Error("a SCORM page may connect to the LRS")
	}
	for _, bad := range []string{"lrs.example.org", "https://lrs.example.org/statements", "ftp://lrs.example.org"} {
		_, _, err := generator.Package(context.Background(), generator.PackageOptions{
			Options: generator.Options{Site: os.DirFS("../examples/sepsis"), Today: sitetest.Today},
			Formats: []lms.Format{lms.CMI5}, LRS: []string{bad},
		})
		if err == nil || !strings.Contains(err.Error(), "give the LRS's origin") {
			t.Errorf("--lrs %s: err = %v", bad, err)
		}
	}
}

// TestPackagePrerequisite: a module's requires becomes a SCORM 2004
// precondition rule (disabled until the required module is passed), read
// from a shared objective the required module writes; choice and flow
// stay on.
func TestPackagePrerequisite(t *testing.T) {
	b := packageSepsis(t, nil, lms.SCORM2004)
	m := unzipBundle(t, b[0])["imsmanifest.xml"]
	item := func(id string) string {
		i := strings.Index(m, `<item identifier="`+id+`"`)
		if i < 0 {
			t.Fatalf("no item %s in\n%s", id, m)
		}
		j := strings.Index(m[i:], "</item>")
		return m[i : i+j]
	}
	global := "https://learn.example.org/sepsis/sepsis/#ITEM-sepsis_recognition"
	bundle := item("ITEM-sepsis_hour-one-bundle")
	for _, want := range []string{
		`<imsss:ruleCondition referencedObjective="REQ-ITEM-sepsis_recognition" operator="not" condition="satisfied"/>`,
		`<imsss:ruleCondition referencedObjective="REQ-ITEM-sepsis_recognition" operator="not" condition="objectiveStatusKnown"/>`,
		`<imsss:ruleAction action="disabled"/>`,
		`<imsss:objective objectiveID="REQ-ITEM-sepsis_recognition">`,
		`<imsss:mapInfo targetObjectiveID="` + global + `" readSatisfiedStatus="true" writeSatisfiedStatus="false"/>`,
	} {
		if !strings.Contains(bundle, want) {
			t.Errorf("the hour-1 bundle's item lacks %s:\n%s", want, bundle)
		}
	}
	if want := `<imsss:mapInfo targetObjectiveID="` + global + `" readSatisfiedStatus="false" writeSatisfiedStatus="true"/>`; !strings.Contains(item("ITEM-sepsis_recognition"), want) {
		t.Errorf("recognition does not share its pass:\n%s", item("ITEM-sepsis_recognition"))
	}
	if strings.Contains(item("ITEM-sepsis_fluids"), "preConditionRule") {
		t.Error("fluids requires nothing, yet has a precondition")
	}
	if !strings.Contains(m, `<imsss:controlMode choice="true" choiceExit="true" flow="true" forwardOnly="false"/>`) {
		t.Error("choice and flow are no longer on")
	}
}

// TestPackageProgramme: paths/<id> packages a learning path; in cmi5 its
// course is a block, every AU in the path's order with the moveOn its
// credit implies, and the hour-1 bundle names the module it requires.
func TestPackageProgramme(t *testing.T) {
	b := packageSepsis(t, []string{"paths/sepsis-first-hour"}, lms.CMI5)
	if len(b) != 1 || b[0].Name != "paths-sepsis-first-hour-en-cmi5.zip" || b[0].Modules != 4 {
		t.Fatalf("bundles = %+v", b)
	}
	x := unzipBundle(t, b[0])["cmi5.xml"]
	base := "https://learn.example.org/sepsis/"
	var at []int
	for _, want := range []string{
		`<course id="` + base + `paths/sepsis-first-hour/">`,
		`<block id="` + base + `sepsis/">`,
		`<au id="` + base + `sepsis/recognition/" moveOn="CompletedAndPassed"`,
		`<au id="` + base + `sepsis/hour-one-bundle/" moveOn="CompletedAndPassed"`,
		`<rounds:requires au="` + base + `sepsis/recognition/"/>`,
		`<au id="` + base + `sepsis/fluids/" moveOn="CompletedAndPassed"`,
		`<au id="` + base + `sepsis/vasopressors/" moveOn="CompletedAndPassed"`,
		`</block>`,
	} {
		i := strings.Index(x, want)
		if i < 0 {
			t.Fatalf("cmi5.xml lacks %s:\n%s", want, x)
		}
		at = append(at, i)
	}
	for i := 1; i < len(at); i++ {
		if at[i] < at[i-1] {
			t.Errorf("cmi5.xml out of order at %d:\n%s", i, x)
		}
	}
	_, bundles, err := generator.Package(context.Background(), generator.PackageOptions{
		Options: generator.Options{Site: os.DirFS("../examples/sepsis"), Today: sitetest.Today},
		Formats: []lms.Format{lms.CMI5}, Paths: []string{"paths/nothing"},
	})
	if err != generator.ErrRefused || len(bundles) != 0 {
		t.Fatalf("an unknown path: err = %v, %d bundles", err, len(bundles))
	}
}
