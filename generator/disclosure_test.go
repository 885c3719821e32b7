package generator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// supported is a module whose page acknowledges commercial support: the
// texts that name it elsewhere, and the disclosure they must carry.
type supported struct {
	path, title string
	stems       []string // the start of each question
	disclosure  string   // "supported by an educational grant from acme pharma", lower case
}

var (
	h1Re = regexp.MustCompile(`<h1[^>]*>([^<]+)`)
	// The pre-activity block's support line, in the page's language:
	// the sepsis example has English, Spanish and Arabic pages.
	supportRe = regexp.MustCompile(`(?:Commercial support|Apoyo comercial|الدعم التجاري)(?:</dt>)?\s*<dd>([^<]+)`)
	// The items of a list: a card, a share entry, a feed item. Each that
	// names a supported module must carry its disclosure itself, not
	// leave it to another item of the page.
	itemRes = []*regexp.Regexp{
		regexp.MustCompile(`(?s)<article\b.*?</article>`),
		regexp.MustCompile(`(?s)<section class="?share-entry.*?</section>`),
		regexp.MustCompile(`(?s)<item>.*?</item>`),
	}
)

// ACCME Standard 4 and SPEC.md "Social cards": the disclosure follows the
// content. Every page and file of the built sepsis example (every module
// supported) that shows a supported module's title or one of its
// questions shows its disclosure too, and so does each card, share entry,
// feed item and search entry that names one.
func TestDisclosureFollowsTheContent(t *testing.T) {
	mem := output.NewMemory()
	res, err := generator.Build(context.Background(), generator.Options{Site: os.DirFS("../examples/sepsis"), Out: mem, Today: sitetest.Today})
	if err != nil {
		var b bytes.Buffer
		res.Diags.Print(&b)
		t.Fatalf("%v\n%s", err, b.String())
	}
	files := mem.Files()
	mods := supportedModules(t, files)
	if len(mods) != 6 { // 4 modules, and the Spanish and Arabic translations of one
		t.Fatalf("found %d supported modules in the sepsis example, want 6: %+v", len(mods), mods)
	}
	checked := map[string]bool{}
	for _, name := range mem.Names() {
		if strings.HasSuffix(name, ".png") || strings.HasSuffix(name, ".css") || strings.HasSuffix(name, ".js") || strings.HasSuffix(name, ".svg") {
			continue
		}
		text := plain(name, files[name])
		for _, m := range mods {
			if what := names(text, m); what != "" {
				checked[name] = true
				if !strings.Contains(strings.ToLower(text), m.disclosure) {
					t.Errorf("%s shows %s of %s without its disclosure (%q)", name, what, m.path, m.disclosure)
				}
			}
		}
		for _, item := range items(name, files[name]) {
			for _, m := range mods {
				if what := names(item, m); what != "" && !strings.Contains(strings.ToLower(item), m.disclosure) {
					t.Errorf("%s: an item shows %s of %s without its disclosure: %.200s", name, what, m.path, item)
				}
			}
		}
	}
	// A course of supported modules discloses their support wherever it is
	// listed (the home page's course card, its entry on its share page)
	// and on its own card, whose alt text says what the card shows.
	course := supported{title: "Sepsis: the first hour"}
	for _, m := range mods {
		if m.path == "sepsis/fluids/" { // the English course's
			course.disclosure = m.disclosure
		}
	}
	for _, name := range []string{"index.html", "share/sepsis/index.html"} {
		n := 0
		for _, item := range items(name, files[name]) {
			if names(item, course) != "" {
				n++
				if !strings.Contains(strings.ToLower(item), course.disclosure) {
					t.Errorf("%s: the course is listed without its disclosure: %.200s", name, item)
				}
			}
		}
		if n == 0 {
			t.Errorf("%s does not list the course", name)
		}
	}
	alt := regexp.MustCompile(`og:image:alt" content="([^"]*)`).FindSubmatch(files["sepsis/index.html"])
	if alt == nil || !strings.Contains(strings.ToLower(html.UnescapeString(string(alt[1]))), course.disclosure) {
		t.Errorf("the course card's alt text %q does not disclose the support", alt)
	}
	share := html.UnescapeString(string(files["share/sepsis/index.html"]))
	if want := ">#ad Supported by an educational grant from Acme Pharma.\n\nSepsis: the first hour"; !strings.Contains(share, want) {
		t.Errorf("share/sepsis/ has no course post starting with its disclosure (%q)", want)
	}

	// The outputs the issue names, so that a renamed file cannot make the
	// walk pass by checking nothing.
	for _, name := range []string{"index.html", "sepsis/index.html", "embed/sepsis/fluids/index.html", "sepsis/fluids/quiz.json",
		"index.xml", "search.json", "tags/sepsis/index.html", "audience/hospitalists/index.html", "share/sepsis/index.html"} {
		if !checked[name] {
			t.Errorf("%s names no supported module: the walk checked nothing there", name)
		}
	}
}

// supportedModules reads the modules from their own pages (their title
// and commercial support acknowledgment) and quiz.json (their questions).
func supportedModules(t *testing.T, files map[string][]byte) []supported {
	t.Helper()
	var out []supported
	for name, data := range files {
		dir, ok := strings.CutSuffix(name, "index.html")
		if !ok || strings.HasPrefix(name, "embed/") {
			continue
		}
		s := supportRe.FindSubmatch(data)
		h := h1Re.FindSubmatch(data)
		if s == nil || h == nil {
			continue
		}
		d := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(html.UnescapeString(string(s[1]))), "."))
		// The sentence's lead-in, which shorter lines (cards, posts, lists)
		// leave out: "supported by ..." stays.
		for _, p := range []string{"this activity is ", "this activity receives ", "esta actividad cuenta con el ", "يحظى هذا النشاط "} {
			d = strings.TrimPrefix(d, p)
		}
		m := supported{path: dir, title: strings.TrimSpace(html.UnescapeString(string(h[1]))), disclosure: d}
		var quiz struct {
			Questions []struct{ Question string }
		}
		if q, ok := files[dir+"quiz.json"]; ok {
			if err := json.Unmarshal(q, &quiz); err != nil {
				t.Fatalf("%squiz.json: %v", dir, err)
			}
		}
		for _, q := range quiz.Questions {
			stem := []rune(q.Question)
			m.stems = append(m.stems, string(stem[:min(len(stem), 40)]))
		}
		if len(m.stems) == 0 {
			t.Errorf("%s: no questions found", name)
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// names reports what of m the text shows: "the title" or "a question", or "".
func names(text string, m supported) string {
	if strings.Contains(text, m.title) {
		return "the title"
	}
	for _, s := range m.stems {
		if strings.Contains(text, s) {
			return "a question"
		}
	}
	return ""
}

// plain is a file's text as a reader sees it: entities decoded, and JSON
// strings unquoted.
func plain(name string, data []byte) string {
	if strings.HasSuffix(name, ".json") {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return string(data)
		}
		return strings.Join(jsonStrings(v, nil), "\n")
	}
	return html.UnescapeString(string(data))
}

func jsonStrings(v any, out []string) []string {
	switch v := v.(type) {
	case string:
		out = append(out, v)
	case []any:
		for _, e := range v {
			out = jsonStrings(e, out)
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out = jsonStrings(v[k], out)
		}
	}
	return out
}

// items are the list items of a file: each card, share entry and feed
// item of a page or feed, each entry of a JSON array (search.json).
func items(name string, data []byte) []string {
	var out []string
	if strings.HasSuffix(name, ".json") {
		var list []any
		if json.Unmarshal(data, &list) == nil {
			for _, e := range list {
				out = append(out, strings.Join(jsonStrings(e, nil), "\n"))
			}
		}
		return out
	}
	for _, re := range itemRes {
		for _, m := range re.FindAll(data, -1) {
			out = append(out, html.UnescapeString(string(m)))
		}
	}
	return out
}

// A course of modules with different support, and one without, says how
// many of its modules each kind of support covers: on its page, its card
// on the home page, its social card and its share posts. Each module's
// card carries its own line; the unsupported module's card carries none.
func TestCourseDisclosure(t *testing.T) {
	files := sitetest.Parse(accreditedSite)
	for name, support := range map[string]string{"n": "", "o": "[support]\nsupporter = \"Acme Pharma\"\nkind = \"in-kind: scanners\"\n"} {
		files["content/c/"+name+".md"] = []byte("+++\ntitle = \"Module " + strings.ToUpper(name) + "\"\nsummary = \"S.\"\ndate = 2026-10-02\n" + support + "+++\nBody.\n")
	}
	b := sitetest.BuildOK(t, files)
	const line = "1 of 3 modules is supported by an educational grant from Acme Pharma; 1 of 3 receives in-kind support (scanners) from Acme Pharma."
	b.AssertFile("c/index.html", `<p class="support">`+line+`</p>`,
		`og:image:alt" content="Example Health CE. Course. Course · 3 modules. 1 AMA PRA Category 1 Credit™. `+strings.TrimSuffix(line, "."),
		`<a href="../c/m/">Module</a></h3><p class="support">Supported by an educational grant from Acme Pharma.</p>`,
		`<a href="../c/n/">Module N</a></h3><p>S.</p>`,
		`<a href="../c/o/">Module O</a></h3><p class="support">In-kind support (scanners) from Acme Pharma.</p>`)
	b.AssertFile("index.html", `<a href="c/">Course</a></h3><p class="support">`+line+`</p>`)
	b.AssertFile("share/c/index.html", "#ad "+line+"\n\nCourse", "Sponsored: "+strings.ToLower(line[:1])+line[1:]+"\n\nCourse")
	b.AssertFile("search.json", `"title":"Module N","summary":"S.","path":"c/n/","course":"Course"}`)
	b.AssertFile("index.xml", "<description>In-kind support (scanners) from Acme Pharma. S.</description>")
}
