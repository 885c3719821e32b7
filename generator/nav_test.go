package generator_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/generator/lms"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// A module page links the previous and next modules of its course and
// lists the course beside it; a neighbour's commercial support goes with
// its title there too.
func TestPreviousNextAndOutline(t *testing.T) {
	files := sitetest.Parse(accreditedSite)
	for i, name := range []string{"a", "z"} {
		files["content/c/"+name+".md"] = []byte(fmt.Sprintf("+++\ntitle = \"Module %s\"\ndate = 2026-10-0%d\nweight = %d\n+++\nBody %s.\n", strings.ToUpper(name), i+2, 10*i-5, name))
	}
	b := sitetest.BuildOK(t, files)
	b.AssertFile("c/m/index.html",
		`rel="prev"`, "Module A", `rel="next"`, "Module Z",
		`aria-label="Previous and next module"`, `<nav class="outline"`, `aria-current="page">Module</a>`, "module 2 of 3")
	// Module A's next is the supported module: its disclosure goes with it.
	page := string(b.Files["c/a/index.html"])
	pager := page[strings.Index(page, `class="pager"`):]
	pager = pager[:strings.Index(pager, "</nav>")]
	if !strings.Contains(pager, "Module</span>") || !strings.Contains(pager, "Supported by an educational grant from Acme Pharma.") {
		t.Errorf("the next link names the supported module without its disclosure:\n%s", pager)
	}
	b.AssertFileNot("c/a/index.html", `rel="prev"`)
	b.AssertFileNot("c/z/index.html", `rel="next"`)
	b.AssertFile("c/z/index.html", "Course finished")
}

// In an LMS package the LMS moves the learner between modules: pages
// carry no previous/next links, no course outline and no search.
func TestPackageHasNoSiteNavigation(t *testing.T) {
	for _, b := range packageSepsis(t, nil, lms.SCORM12) {
		for name, data := range unzipBundle(t, b) {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			for _, bad := range []string{`class="pager"`, `class="outline"`, "search.js", "search.json", "share/"} {
				if strings.Contains(data, bad) {
					t.Errorf("%s has %q in package mode", name, bad)
				}
			}
		}
	}
}
