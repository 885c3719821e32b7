package markdown

import (
	"strings"
	"testing"
)

func TestGlossaryMarksFirstUse(t *testing.T) {
	g := []GlossaryEntry{
		{Names: []string{"qSOFA", "quick SOFA"}, Expansion: "quick Sequential Organ Failure Assessment", Definition: "A bedside score.", Href: "../glossary/#term-qsofa"},
		{Names: []string{"lactate"}, Definition: "A marker of tissue hypoperfusion.", Href: "../glossary/#term-lactate"},
	}
	src := "## qSOFA\n\nCalculate the qSOFA, then `qSOFA` and the qSOFA again; qSOFAs and [qSOFA](x) are not it. Measure lactate.\n"
	r := New()
	res, err := r.Render([]byte(src), Options{Glossary: g})
	if err != nil {
		t.Fatal(err)
	}
	got := string(res.HTML)
	want := `<p>Calculate the <a class="term" href="../glossary/#term-qsofa" title="quick Sequential Organ Failure Assessment: A bedside score."><abbr>qSOFA</abbr></a>, then <code>qSOFA</code> and the qSOFA again; qSOFAs and <a href="x">qSOFA</a> are not it. Measure <a class="term" href="../glossary/#term-lactate" title="A marker of tissue hypoperfusion."><dfn>lactate</dfn></a>.</p>`
	if !strings.Contains(got, want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if !strings.Contains(got, `<h2 id="qsofa">qSOFA<a class="anchor"`) {
		t.Errorf("the heading was marked:\n%s", got)
	}
}
