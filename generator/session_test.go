package generator_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

func TestSessionRebuildsOnlyWhatChanged(t *testing.T) {
	files := sitetest.FS(sitetest.Parse(openSite))
	files["content/cardio/second.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Second\"\ndate = 2026-10-02\ntags = [\"ecg\"]\n+++\nSecond body.\n")}
	mem := output.NewMemory()
	s := generator.NewSession(generator.Options{Site: files, Out: mem, Today: sitetest.Today})
	ctx := context.Background()
	build := func(changed []string) *generator.Result {
		t.Helper()
		res, err := s.Build(ctx, changed)
		if err != nil {
			t.Fatalf("%v\n%v", err, res.Diags)
		}
		return res
	}
	if r := build(nil); r.Rendered != 2 {
		t.Fatalf("first build rendered %d modules, want 2", r.Rendered)
	}
	get := func(name string) string {
		b, ok := mem.Get(name)
		if !ok {
			t.Fatalf("%s missing", name)
		}
		return string(b)
	}

	// One module's title edited: it is rendered again, and so is its
	// neighbour, whose next link and course outline name it; lists show
	// the change.
	files["content/cardio/second.md"].Data = []byte("+++\ntitle = \"Second, edited\"\ndate = 2026-10-02\ntags = [\"ecg\"]\n+++\nNew body.\n")
	if r := build([]string{"content/cardio/second.md"}); r.Rendered != 2 {
		t.Errorf("after a title edit rendered %d modules, want 2 (it and its neighbour)", r.Rendered)
	}
	if !strings.Contains(get("cardio/second/index.html"), "New body.") || !strings.Contains(get("cardio/index.html"), "Second, edited") ||
		!strings.Contains(get("cardio/afib/index.html"), "Second, edited") ||
		!strings.Contains(get("tags/ecg/index.html"), "Second, edited") {
		t.Error("the edit is not in the module page, its course page and its tag page")
	}

	// Nothing changed: nothing rendered.
	if r := build([]string{}); r.Rendered != 0 {
		t.Errorf("a build with no change rendered %d modules", r.Rendered)
	}

	// A body-only edit redraws no list page, and every one is still served.
	tagPage := get("tags/ecg/index.html")
	files["content/cardio/second.md"].Data = []byte("+++\ntitle = \"Second, edited\"\ndate = 2026-10-02\ntags = [\"ecg\"]\n+++\nNewer body.\n")
	if r := build([]string{"content/cardio/second.md"}); r.Rendered != 1 || r.Pages > 5 {
		t.Errorf("a body edit rendered %d modules and %d pages, want 1 and at most 5 (module, its share kit, home, share, 404)", r.Rendered, r.Pages)
	}
	for _, name := range []string{"tags/index.html", "tags/ecg/index.html", "cardio/index.html", "index.html", "index.xml", "sitemap.xml", "search.json"} {
		get(name)
	}
	if get("tags/ecg/index.html") != tagPage || !strings.Contains(get("cardio/second/index.html"), "Newer body.") {
		t.Error("a body edit changed a tag page, or did not reach the module page")
	}

	// people.toml changes what every page shows: everything is rendered.
	files["people.toml"].Data = []byte(strings.Replace(string(files["people.toml"].Data), "Jordan Doe", "Jordan Q. Doe", 1))
	if r := build([]string{"people.toml"}); r.Rendered != 2 {
		t.Errorf("after people.toml changed rendered %d modules, want 2", r.Rendered)
	}
	if !strings.Contains(get("cardio/afib/index.html"), "Jordan Q. Doe") {
		t.Error("faculty name not updated")
	}

	// A deleted module's files are removed.
	delete(files, "content/cardio/second.md")
	build([]string{"content/cardio/second.md"})
	if _, ok := mem.Get("cardio/second/index.html"); ok {
		t.Error("a deleted module's page is still served")
	}
	if strings.Contains(get("cardio/index.html"), "Second") {
		t.Error("a deleted module is still listed")
	}
}

func TestPreviewShowsWhatBuildRefuses(t *testing.T) {
	files := sitetest.Parse(strings.Replace(openSite, "required_roles = []", `required_roles = ["medical"]`, 1))
	b := sitetest.Build(t, files)
	if b.Err == nil {
		t.Fatal("the unsigned site was not refused by build")
	}
	mem := output.NewMemory()
	res, err := generator.Build(context.Background(), generator.Options{Site: sitetest.FS(files), Out: mem, Today: sitetest.Today, Preview: true})
	if err != nil {
		t.Fatalf("preview: %v\n%v", err, res.Diags)
	}
	page, _ := mem.Get("cardio/afib/index.html")
	for _, want := range []string{`<meta name="robots" content="noindex">`, "Not publishable", `reviewed: no sign-off in role &#34;medical&#34;`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("preview page lacks %q", want)
		}
	}
	draft, _ := mem.Get("cardio/draft/index.html")
	if !strings.Contains(string(draft), "Draft: this module is not published") {
		t.Error("a draft has no draft banner in preview")
	}
}

func TestPreviewStillFailsOnUnreadableModule(t *testing.T) {
	files := sitetest.Parse(openSite)
	files["content/cardio/bad.md"] = []byte("+++\ntitle = = 1\n+++\n")
	res, err := generator.Build(context.Background(), generator.Options{Site: sitetest.FS(files), Out: output.NewMemory(), Today: sitetest.Today, Preview: true})
	if err != generator.ErrRefused || !strings.Contains(res.Diags[0].String(), "content/cardio/bad.md:2:") {
		t.Fatalf("err %v, diags %v", err, res.Diags)
	}
}

func TestStatusListsPHIAllowances(t *testing.T) {
	files := sitetest.Parse(openSite)
	files["content/cardio/phi.md"] = []byte("+++\ntitle = \"P\"\ndate = 2026-10-01\n+++\nCall 555-123-4567. <!-- phi-ok: \"555-123-4567\" the public switchboard -->\n")
	b := sitetest.BuildOK(t, files)
	for _, r := range b.Result.Checked.Status() {
		if r.Path == "content/cardio/phi.md" {
			if len(r.Allowances) != 1 || r.Allowances[0].Text != "555-123-4567" || r.Allowances[0].Reason != "the public switchboard" || r.Allowances[0].Line != 5 {
				t.Errorf("allowances: %+v", r.Allowances)
			}
			return
		}
	}
	t.Fatal("module missing from status")
}

// editingFS serves one file with other bytes from its second read on: an
// author saving while a build runs.
type editingFS struct {
	fstest.MapFS
	path  string
	reads int
}

func (e *editingFS) Open(name string) (fs.File, error) {
	if name != e.path {
		return e.MapFS.Open(name)
	}
	f := *e.MapFS[name]
	if e.reads++; e.reads > 1 {
		f.Data = bytes.Replace(f.Data, []byte("Rate control"), []byte("Rate kontrol"), 1)
	}
	return fstest.MapFS{name: &f}.Open(name)
}

// rounds build lets a module's source go after the gate and reads it again
// to render it; a module edited in between is not rendered unchecked.
func TestBuildRefusesAModuleEditedAfterTheGate(t *testing.T) {
	files := sitetest.Parse(openSite)
	fsys := &editingFS{MapFS: sitetest.FS(files), path: "content/cardio/afib.md"}
	mem := output.NewMemory()
	_, err := generator.Build(context.Background(), generator.Options{Site: fsys, Out: mem, Today: sitetest.Today})
	if err == nil || !strings.Contains(err.Error(), "content/cardio/afib.md changed while the site was being built; build again") {
		t.Fatalf("err = %v", err)
	}
	if fsys.reads != 2 {
		t.Errorf("the module was read %d times, want 2 (checked, then rendered)", fsys.reads)
	}
}

// The dev server keeps the URL check's answer only while no module moved:
// a slug edited into a clash is caught, and cleared when fixed.
func TestSessionCatchesASlugClashAfterAnEdit(t *testing.T) {
	files := sitetest.FS(sitetest.Parse(openSite))
	files["content/cardio/second.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Second\"\ndate = 2026-10-02\n+++\nBody.\n")}
	s := generator.NewSession(generator.Options{Site: files, Out: output.NewMemory(), Today: sitetest.Today, Preview: true})
	clash := func(changed []string) bool {
		t.Helper()
		res, err := s.Build(context.Background(), changed)
		if err != nil && res == nil {
			t.Fatal(err)
		}
		for _, d := range res.Diags {
			if d.Rule == "slug" && strings.Contains(d.Message, "has the same URL") {
				return true
			}
		}
		return false
	}
	if clash(nil) {
		t.Fatal("a clash before any edit")
	}
	edit := func(body string) bool {
		files["content/cardio/second.md"].Data = []byte(body)
		return clash([]string{"content/cardio/second.md"})
	}
	if !edit("+++\ntitle = \"Second\"\nslug = \"afib\"\ndate = 2026-10-02\n+++\nBody.\n") {
		t.Error("a slug edited into a clash was not reported")
	}
	if !edit("+++\ntitle = \"Second\"\nslug = \"afib\"\ndate = 2026-10-02\n+++\nBody, edited.\n") {
		t.Error("the clash went away on a body edit")
	}
	if edit("+++\ntitle = \"Second\"\ndate = 2026-10-02\n+++\nBody, edited.\n") {
		t.Error("the clash stayed after the slug was fixed")
	}
	if edit("+++\ntitle = \"Second\"\ndate = 2026-10-02\n+++\nBody, edited again.\n") {
		t.Error("a clash came back on a body edit")
	}
}

// TestSessionMatchesAFreshBuild edits, adds, breaks and removes modules in
// one Session and checks after every step that its output is, file for
// file, what a fresh build of the same files makes, and that it counts its
// files right: an incremental build may skip work, never change a result.
func TestSessionMatchesAFreshBuild(t *testing.T) {
	files := sitetest.FS(sitetest.Parse(openSite))
	mod := func(title, tags, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("+++\ntitle = \"" + title + "\"\ndate = 2026-10-02\ntags = [" + tags + "]\n+++\n" + body + "\n")}
	}
	files["content/cardio/second.md"] = mod("Second", `"ecg", "lonely"`, "Second body, see [the first](../afib/).")
	mem := output.NewMemory()
	s := generator.NewSession(generator.Options{Site: files, Out: mem, Today: sitetest.Today, Preview: true})
	ctx := context.Background()
	step := func(what string, changed ...string) {
		t.Helper()
		res, err := s.Build(ctx, changed)
		if err != nil {
			t.Fatalf("%s: %v\n%v", what, err, res.Diags)
		}
		fresh := output.NewMemory()
		want, err := generator.NewSession(generator.Options{Site: files, Out: fresh, Today: sitetest.Today, Preview: true}).Build(ctx, nil)
		if err != nil {
			t.Fatalf("%s: fresh build: %v", what, err)
		}
		got, exp := mem.Files(), fresh.Files()
		for name, data := range exp {
			if g, ok := got[name]; !ok {
				t.Errorf("%s: %s is missing", what, name)
			} else if !bytes.Equal(withoutChangedCards(g), withoutChangedCards(data)) {
				t.Errorf("%s: %s differs from a fresh build's", what, name)
			}
		}
		for name := range got {
			if _, ok := exp[name]; !ok {
				t.Errorf("%s: %s is left over", what, name)
			}
		}
		if g, w := fmt.Sprint(res.Diags), fmt.Sprint(want.Diags); g != w {
			t.Errorf("%s: diagnostics\n%s\na fresh build's:\n%s", what, g, w)
		}
		if res.Files != want.Files || res.Files != len(got) || res.Cards != want.Cards || res.Pages > want.Pages {
			t.Errorf("%s: %d files, %d cards, %d pages; a fresh build: %d files, %d cards, %d pages (memory holds %d)",
				what, res.Files, res.Cards, res.Pages, want.Files, want.Cards, want.Pages, len(got))
		}
	}
	step("first build")
	files["content/cardio/second.md"] = mod("Second", `"ecg", "lonely"`, "A new body.")
	step("body edit", "content/cardio/second.md")
	files["content/cardio/second.md"] = mod("Second", `"ecg", "lonely"`, "A breakthrough drug.")
	step("promotional wording (a new warning)", "content/cardio/second.md")
	files["content/cardio/second.md"] = mod("Second", `"ecg", "lonely"`, "A breakthrough drug, again.")
	step("body edit keeping the warning where it was", "content/cardio/second.md")
	files["content/cardio/second.md"] = mod("Second", `"ecg", "lonely"`, "Now a breakthrough drug.")
	step("body edit moving the warning", "content/cardio/second.md")
	files["content/cardio/second.md"] = mod("Second", `"ecg", "lonely"`, "A new body.")
	step("the warning fixed", "content/cardio/second.md")
	files["content/cardio/second.md"] = mod("Second", `"ecg", "Lonely"`, "A new body.")
	step("a tag respelled (its page's title)", "content/cardio/second.md")
	files["content/cardio/second.md"] = mod("Second", `"ecg", "Lonely", "ECG"`, "A new body.")
	step("two tags of one page", "content/cardio/second.md")
	files["content/cardio/second.md"] = mod("Second", `"ecg"`, "A new body.")
	step("the only module with a tag drops it", "content/cardio/second.md")
	files["content/cardio/third.md"] = mod("Third", `"new-tag"`, "Third body.")
	step("module added", "content/cardio/third.md")
	files["content/cardio/third.md"] = mod("Third", `"new-tag"`, "Links to [nowhere](../missing/).")
	step("a broken link (a warning in preview)", "content/cardio/third.md")
	files["content/cardio/third.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = = \n+++\n")}
	if _, err := s.Build(ctx, []string{"content/cardio/third.md"}); err == nil {
		t.Fatal("a module that cannot be read did not fail the build")
	}
	files["content/cardio/third.md"] = mod("Third, fixed", `"new-tag"`, "Third body.")
	step("fixed after a failed build", "content/cardio/third.md")
	delete(files, "content/cardio/second.md")
	step("module removed", "content/cardio/second.md")
	step("nothing changed")
}

// withoutChangedCards drops the share page's list of the cards drawn since
// the Session's last build (which a fresh build has no last build for),
// with the white space around it.
func withoutChangedCards(page []byte) []byte {
	if i := bytes.Index(page, []byte(`<details class="changed">`)); i >= 0 {
		j := bytes.Index(page[i:], []byte("</details>"))
		page = append(page[:i:i], page[i+j+len("</details>"):]...)
	}
	return bytes.Join(bytes.Fields(page), []byte(" "))
}

// An edit of [brand] in rounds.toml reaches css/brand.css in the next
// build of a session, though static/ did not change.
func TestSessionRedrawsBrand(t *testing.T) {
	files := sitetest.FS(sitetest.Parse(openSite))
	toml := string(files["rounds.toml"].Data)
	files["rounds.toml"].Data = []byte(toml + "\n[brand]\naccent = \"#0b6e6e\"\n")
	mem := output.NewMemory()
	s := generator.NewSession(generator.Options{Site: files, Out: mem, Today: sitetest.Today})
	for i, accent := range []string{"#0b6e6e", "#6b2c91"} {
		files["rounds.toml"].Data = []byte(toml + "\n[brand]\naccent = \"" + accent + "\"\n")
		changed := []string{"rounds.toml"}
		if i == 0 {
			changed = nil
		}
		if res, err := s.Build(context.Background(), changed); err != nil {
			t.Fatalf("%v\n%v", err, res.Diags)
		}
		css, _ := mem.Get("css/brand.css")
		if !strings.Contains(string(css), "--accent: "+accent+";") {
			t.Errorf("build %d: css/brand.css is %q, want the accent %s", i+1, css, accent)
		}
	}
}
