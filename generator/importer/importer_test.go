package importer

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
)

// TestImportPage converts one Hugo page with YAML front matter and the
// shortcodes rounds knows, and checks the module it writes parses as a
// rounds module with no error.
func TestImportPage(t *testing.T) {
	src := "---\ntitle: \"Sepsis: \\\"first\\\" hour\"\ndate: 2026-10-01\nauthor: Jordan Doe\nrating: 4.5\nweird key: [1, two]\n---\nText.\n\n{{< youtube id=\"aqz-KE-bpKQ\" >}}\n\n{{< figure src=\"a.png\" caption=\"Volumes [by] weight\" >}}\n"
	res, err := Import(fstest.MapFS{"content/c/sepsis.md": {Data: []byte(src)}}, Options{Kind: "hugo"})
	if err != nil {
		t.Fatal(err)
	}
	out := string(res.Files["content/c/sepsis.md"])
	for _, want := range []string{
		"title = \"Sepsis: \\\"first\\\" hour\"\n",
		"date = 2026-10-01\n",
		"authors = [\"jordan-doe\"]\n",
		"[params]\nrating = 4.5\n\"weird key\" = [1, \"two\"]\n",
		"[Watch the video on YouTube](https://www.youtube.com/watch?v=aqz-KE-bpKQ)",
		"![Volumes \\[by\\] weight](a.png)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	checkModule(t, "content/c/sepsis.md", res.Files["content/c/sepsis.md"])
	var notes bytes.Buffer
	res.Notes.Print(&notes)
	for _, want := range []string{
		`content/c/sepsis.md:5:1: warning: import: front matter key "rating" has no rounds equivalent`,
		`content/c/sepsis.md:10:1: warning: import: YouTube video aqz-KE-bpKQ made a link`,
		`content/c/sepsis.md:12:1: warning: import: figure a.png has no alt: its caption is used`,
	} {
		if !strings.Contains(notes.String(), want) {
			t.Errorf("no %q in\n%s", want, notes.String())
		}
	}
}

// checkModule parses an imported page as rounds does and fails on an
// error in its front matter, which the importer writes (the body is the
// author's, errors and all: a byte that is not UTF-8 stays one).
func checkModule(t *testing.T, p string, src []byte) {
	t.Helper()
	end := bytes.Index(src[3:], []byte("\n+++\n"))
	if !bytes.HasPrefix(src, []byte("+++\n")) || end < 0 {
		t.Fatalf("no TOML front matter:\n%s", src)
	}
	fmLines := bytes.Count(src[:3+end+5], []byte("\n"))
	_, l := content.ParseModule(p, src, nil, nil)
	for _, d := range l {
		if d.Severity == diag.Error && d.Pos.Line <= fmLines {
			var b bytes.Buffer
			l.Print(&b)
			t.Fatalf("the imported front matter does not parse:\n%s\n%s", src, b.String())
		}
	}
}

// FuzzImport: any page, imported from Hugo or Jekyll, never panics, its
// notes point inside it, and what is written parses as a rounds module
// (front matter rounds reads, whatever the source's keys and values).
func FuzzImport(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: A\ndate: 2026-10-01\ntags: [a, b]\n---\nBody {{< youtube abc >}} {{% vimeo id=\"1\" %}}\n",
		"+++\ntitle = \"B\"\nauthors = [\"Jo Doe\", \"\"]\n[params]\nx = {y = 1.0}\n+++\n{{< figure src=\"a b.png\" >}}{{< /x >}}",
		"---\nlayout: post\nfoo.bar: 1e300\nexcerpt: \"x\\ny\"\n---\n{% include x.html %} {{ page.title }}",
		"no front matter {{< unknown \"q\" k=v >}}",
		"---\ntitle: [unclosed\n---\n",
		"---\ndate: not-a-date\ndraft: maybe\nweight: -3\n---\n",
		"{{< callout >}}\n{{< notice warning >}}\nx {{< figure src=\"a\" >}}\n{{< /notice >}}\n{{< /callout >}}",
		"{{< callout >}}\n{{< callout type=tip >}}a{{< /callout >}}\n{{< /callout >}} {{< /hint >}}{{< hint >}}",
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, page []byte, jekyll bool) {
		kind, name := "hugo", "content/c/p.md"
		if jekyll {
			kind, name = "jekyll", "_posts/2026-01-02-p.md"
		}
		res, err := Import(fstest.MapFS{name: {Data: page}}, Options{Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		lines := bytes.Count(page, []byte("\n")) + 1
		for _, d := range res.Notes {
			if d.Path != name || d.Pos.Line < 1 || d.Pos.Line > lines || d.Pos.Col < 1 || d.Severity != diag.Warning {
				t.Fatalf("note outside the page of %d lines: %s", lines, d)
			}
		}
		out := "content/c/p.md"
		if jekyll {
			out = "content/posts/p.md"
		}
		written, ok := res.Files[out]
		if !ok {
			t.Fatalf("nothing written at %s: %v", out, keys(res.Files))
		}
		checkModule(t, out, written)
	})
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestImportValues: values rounds would refuse are made right or left out
// with a note, never written as they are (found by FuzzImport).
func TestImportValues(t *testing.T) {
	src := "---\ntitle: 2024\nweight: heavy\nslug: \"no spaces allowed\"\ndate: 2026-13-45\n---\nText.\n"
	res, err := Import(fstest.MapFS{"_posts/2026-01-02-sepsis-signs.md": {Data: []byte(src)}}, Options{Kind: "jekyll"})
	if err != nil {
		t.Fatal(err)
	}
	out := string(res.Files["content/posts/sepsis-signs.md"])
	if !strings.Contains(out, "title = \"2024\"\n") || strings.Contains(out, "weight") || strings.Contains(out, "slug") || strings.Contains(out, "date") {
		t.Errorf("imported front matter:\n%s", out)
	}
	checkModule(t, "content/posts/sepsis-signs.md", res.Files["content/posts/sepsis-signs.md"])
	var notes bytes.Buffer
	res.Notes.Print(&notes)
	for _, want := range []string{":3:1: warning: import: weight heavy is not what rounds' weight holds: left out",
		":4:1: warning: import: slug no spaces allowed is not what rounds' slug holds: left out",
		":5:1: warning: import: date 2026-13-45 is not a date: left out"} {
		if !strings.Contains(notes.String(), want) {
			t.Errorf("no %q in\n%s", want, notes.String())
		}
	}

	res, err = Import(fstest.MapFS{"_posts/2026-01-02-sepsis-signs.md": {Data: []byte("Text.\n")}}, Options{Kind: "jekyll"})
	if err != nil {
		t.Fatal(err)
	}
	if out := string(res.Files["content/posts/sepsis-signs.md"]); !strings.Contains(out, "title = \"Sepsis signs\"\n") {
		t.Errorf("a post's title from its name, without its date:\n%s", out)
	}
}

// TestImportCallouts: the box shortcodes of Hugo's common themes become
// rounds callouts, their text converted too; one not at a line's start,
// or never closed, is left as text with a note.
func TestImportCallouts(t *testing.T) {
	src := "---\ntitle: A\ndate: 2026-10-01\n---\n" +
		"{{< callout type=\"warning\" >}}\nLook for **hypotension**.\n\n{{< figure src=\"a.png\" alt=\"A chart\" >}}\n{{< /callout >}}\n\n" +
		"{{% notice tip \"Remember\" %}}Lactate twice.{{% /notice %}}\n\n" +
		"{{< alert color=\"danger\" title=\"Stop\" >}}\nDo not wait.\n{{< /alert >}}\n\n" +
		"{{< hint >}}\nA hint.\n{{< /hint >}}\n\n" +
		"Inline {{< notice info >}}x{{< /notice >}}\n\n" +
		"{{< admonition warning >}}\nnever closed\n"
	res, err := Import(fstest.MapFS{"content/c/a.md": {Data: []byte(src)}}, Options{Kind: "hugo"})
	if err != nil {
		t.Fatal(err)
	}
	out := string(res.Files["content/c/a.md"])
	for _, want := range []string{
		"> [!WARNING]\n> Look for **hypotension**.\n>\n> ![A chart](a.png)\n\n",
		"> [!TIP]\n> Lactate twice.\n\n",
		"> [!CAUTION]\n> **Stop**\n>\n> Do not wait.\n\n",
		"> [!NOTE]\n> A hint.\n\n",
		"Inline {{< notice info >}}x{{< /notice >}}\n",
		"{{< admonition warning >}}\nnever closed\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	checkModule(t, "content/c/a.md", res.Files["content/c/a.md"])
	var notes bytes.Buffer
	res.Notes.Print(&notes)
	for _, want := range []string{
		"content/c/a.md:21:8: warning: import: shortcode {{< notice >}} does not start its line or is not closed: left as text; write a callout, > [!NOTE]",
		"content/c/a.md:23:1: warning: import: shortcode {{< admonition >}} does not start its line",
	} {
		if !strings.Contains(notes.String(), want) {
			t.Errorf("no %q in\n%s", want, notes.String())
		}
	}
}
