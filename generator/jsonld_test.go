package generator_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/internal/sitetest"
)

var ldPattern = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// The JSON-LD of a built page parses back with encoding/json, with the types
// and fields search engines and learning platforms read.
func TestModuleJSONLD(t *testing.T) {
	b := sitetest.BuildOK(t, sitetest.Parse(openSite+quizModule))
	page := string(b.Files["cardio/quiz/index.html"])
	m := ldPattern.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	var ld struct {
		Context  string   `json:"@context"`
		Type     []string `json:"@type"`
		Name     string
		URL      string
		Teaches  []string
		Instance struct {
			Type     string   `json:"@type"`
			Mode     []string `json:"courseMode"`
			Workload string   `json:"courseWorkload"`
		} `json:"hasCourseInstance"`
		Credential string `json:"educationalCredentialAwarded"`
		Quiz       struct {
			Type    string `json:"@type"`
			HasPart []struct {
				Type     string `json:"@type"`
				Name     string
				Accepted []struct{ Text string } `json:"acceptedAnswer"`
			}
		} `json:"hasPart"`
	}
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("%v\n%s", err, m[1])
	}
	if ld.Context != "https://schema.org" || strings.Join(ld.Type, ",") != "Course,LearningResource" || ld.Name != "Quiz module" ||
		ld.URL != "https://learn.example.org/sub/cardio/quiz/" || ld.Instance.Type != "CourseInstance" ||
		strings.Join(ld.Instance.Mode, ",") != "online,asynchronous" || ld.Credential != "0.5 AMA PRA Category 1 Credits™" ||
		ld.Quiz.Type != "Quiz" || len(ld.Quiz.HasPart) != 2 || ld.Quiz.HasPart[1].Type != "Question" || len(ld.Quiz.HasPart[1].Accepted) != 2 {
		t.Errorf("JSON-LD: %+v", ld)
	}
}

// Front matter text is escaped for its context: HTML, attributes, JSON in <script>.
func TestFrontMatterTextIsInert(t *testing.T) {
	files := sitetest.Parse(openSite)
	files["content/cardio/evil.md"] = []byte(`+++
title = "</script><script>alert(1)</script> \"quoted\" {{.Site}}"
summary = "x\" onmouseover=\"alert(2)"
date = 2026-10-01
objectives = ["</script><b>bold</b>"]
+++
Body.
`)
	b := sitetest.BuildOK(t, files)
	page := string(b.Files["cardio/evil/index.html"])
	for _, bad := range []string{"<script>alert(1)", "</script><b>", `" onmouseover="alert(2)`, "<b>bold</b>"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if !strings.Contains(page, "{{.Site}}") {
		t.Error("template syntax in front matter should appear as text")
	}
	for _, m := range ldPattern.FindAllStringSubmatch(page, -1) {
		var v any
		if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
			t.Errorf("JSON-LD does not parse: %v", err)
		}
	}
}
