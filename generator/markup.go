package generator

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator/markdown"
	"github.com/rounds-dev/rounds/generator/output"
)

// bodyRules returns the gate's rules on a module's Markdown (content.Gate
// Body): what the page would lose or the output check would refuse is
// refused at its place in the source, before anything is rendered.
//
//   - links: a link or image whose address uses a scheme other than http,
//     https or mailto (SPEC "Safety"): goldmark drops javascript: and its
//     kin from the page silently, and the output check refuses the rest
//     (java<TAB>script:) with no position; both answer here instead, by
//     the output check's own rule (output.Allowed).
//   - accessible: an image without alt text, or whose alt text is its
//     file name (WCAG 1.1.1), unless its title marks it as decorative.
//   - markup: raw HTML, which the page leaves out (raw HTML is off), and
//     a ticked task item outside a quiz or a case, which would show an
//     answer as prose.
func bodyRules(md *markdown.Renderer) func(body []byte) []content.BodyProblem {
	return func(body []byte) []content.BodyProblem {
		mk := md.Inspect(body)
		var out []content.BodyProblem
		for _, l := range mk.Links {
			attr, what := "href", "link"
			if l.Image {
				attr, what = "src", "image"
			}
			if l.Dropped || !output.Allowed(attr, l.Rendered) {
				out = append(out, content.BodyProblem{Offset: l.Offset, Rule: "links",
					Message: fmt.Sprintf("%s to %q uses a scheme other than http, https or mailto", what, l.Dest),
					Help:    "link to a page of the site or to an http(s) or mailto address; the page would drop this one or be refused"})
			}
		}
		for _, l := range mk.Links {
			if p, ok := altProblem(l); ok {
				out = append(out, p)
			}
		}
		for _, m := range mk.Math {
			out = append(out, content.BodyProblem{Offset: m.Offset, Rule: "math",
				Message: fmt.Sprintf("formula %s: %s", clip(m.Formula), m.Message),
				Help:    "write the formula in TeX as LaTeX's math mode reads it; a dollar sign that is not math is written \\$"})
		}
		for _, d := range mk.Diagrams {
			out = append(out, content.BodyProblem{Offset: d.Offset, Rule: "accessible", Message: d.Message,
				Help: "a diagram is an image: its title names it and its description says what it shows, for those who cannot see it"})
		}
		for _, h := range mk.RawHTML {
			out = append(out, content.BodyProblem{Offset: h.Offset, Rule: "markup",
				Message: fmt.Sprintf("raw HTML %s would be left out of the page", h.Text),
				Help:    "write it in Markdown (rounds publishes no raw HTML); an HTML comment <!-- ... --> is fine"})
		}
		for _, c := range mk.Callouts {
			help := "the callouts are [!" + strings.Join(markdown.CalloutKinds(), "], [!") + "]"
			if g := diag.Suggest(strings.ToUpper(c.Kind), markdown.CalloutKinds()); g != "" {
				help = fmt.Sprintf("did you mean [!%s]? (%s)", g, help)
			}
			out = append(out, content.BodyProblem{Offset: c.Offset, Rule: "markup",
				Message: fmt.Sprintf("unknown callout [!%s] would show as a plain quote", c.Kind), Help: help})
		}
		for _, at := range mk.Checked {
			out = append(out, content.BodyProblem{Offset: at, Rule: "markup", Answer: true,
				Message: "a ticked task item outside a quiz or a case shows an answer as plain text",
				Help:    "put the question in a ::: quiz container (or ::: case), or write - [ ] for an item that is not an answer"})
		}
		out = append(out, teaches(body, mk.Headings)...)
		return out
	}
}

// teaches: a question's teaches=#id names a heading of the body by the id
// the page gives it, so the review plan's link lands on its section.
func teaches(body []byte, headings []string) []content.BodyProblem {
	var out []content.BodyProblem
	quizzes, _ := content.ParseQuizzes(body)
	for _, q := range quizzes {
		if q.Teaches == "" || slices.Contains(headings, q.Teaches) {
			continue
		}
		p := content.BodyProblem{Offset: q.OptionOffset("teaches"), Rule: "links",
			Message: fmt.Sprintf("teaches=#%s names no heading of this module", q.Teaches)}
		if g := diag.Suggest(q.Teaches, headings); g != "" {
			p.Help = fmt.Sprintf("did you mean teaches=#%s?", g)
		} else if len(headings) > 0 {
			p.Help = "the headings' ids are #" + strings.Join(headings, ", #")
		} else {
			p.Help = "add a heading (## Title) for the section that teaches it: its id is the title in lower case, words joined by '-'"
		}
		out = append(out, p)
	}
	return out
}

// altProblem is the problem of an image whose text alternative says
// nothing: WCAG 1.1.1 asks for one on every image that is not decoration,
// and a screen reader reads a file name out letter by letter.
func altProblem(l markdown.LinkRef) (content.BodyProblem, bool) {
	if !l.Image {
		return content.BodyProblem{}, false
	}
	alt := strings.TrimSpace(l.Alt)
	switch {
	case l.Decorative && alt != "":
		return content.BodyProblem{Offset: l.Offset, Rule: "accessible",
			Message: fmt.Sprintf("image %q is marked decorative but has alt text %q", l.Dest, alt),
			Help:    "a decorative image is skipped by screen readers: remove the alt text, or the \"decorative\" title if the image carries meaning"}, true
	case l.Decorative:
		return content.BodyProblem{}, false
	case alt == "":
		return content.BodyProblem{Offset: l.Offset, Rule: "accessible",
			Message: fmt.Sprintf("image %q has no alt text", l.Dest),
			Help:    "say what the image shows for someone who cannot see it: ![A chest X-ray with bilateral infiltrates](xray.jpg); for pure decoration write ![](" + l.Dest + " \"decorative\")"}, true
	case fileNameAlt(alt, l.Dest):
		return content.BodyProblem{Offset: l.Offset, Rule: "accessible",
			Message: fmt.Sprintf("image %q has a file name as alt text (%q)", l.Dest, alt),
			Help:    "say what the image shows for someone who cannot see it, in words"}, true
	}
	return content.BodyProblem{}, false
}

// fileNameAlt reports whether alt text is a file name: the image's own,
// or any word with an image extension. ("chart" for chart.png may well be
// what the image is, and passes.)
func fileNameAlt(alt, dest string) bool {
	a := strings.ToLower(alt)
	if a == strings.ToLower(path.Base(dest)) {
		return true
	}
	if strings.ContainsAny(a, " \t") {
		return false
	}
	switch path.Ext(a) {
	case ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp", ".tif", ".tiff", ".heic":
		return true
	}
	return false
}

// clip quotes a formula for a message, cut after 40 bytes.
func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 40 {
		i := 40
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s = s[:i] + "…"
	}
	return fmt.Sprintf("%q", s)
}
