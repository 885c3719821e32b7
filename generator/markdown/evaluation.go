package markdown

import (
	"bytes"
	"fmt"
	"html/template"
	"regexp"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/markdown/mdast"
)

// evaluationTransformerPriority: after GFM's task lists and the quiz
// layout, which it does not touch.
const evaluationTransformerPriority = quizTransformerPriority + 1

// evaluation parses "::: evaluation" containers (issue 20: rating items
// from 1 to 5 and free-text items) and renders each as a form that works
// without JavaScript: native radio buttons in a fieldset per rating,
// a labelled textarea per free-text item, and, when the site names a
// form endpoint, a plain POST to it. Without an endpoint the page says
// that the answers go nowhere; in an LMS package the runtime script
// hands them to the LMS. What an item is, and every problem with it, is
// decided by the gate (content/evaluation.go); this file only lays out
// what the gate passed.
type evaluation struct{}

var evaluationFormKey = parser.NewContextKey()

func (e *evaluation) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(e, containerParserPriority)),
		parser.WithASTTransformers(util.Prioritized(evaluationLayout{}, evaluationTransformerPriority)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(e, containerParserPriority)))
}

func (e *evaluation) Trigger() []byte { return []byte{':'} }

func (e *evaluation) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	cl, ok := content.ParseContainerLine(line)
	if !ok || cl.Name != "evaluation" || !opensIn(parent, cl.Fence) {
		return nil, parser.NoChildren
	}
	reader.AdvanceToEOL()
	return &mdast.Evaluation{Fence: cl.Fence}, parser.HasChildren
}

func (e *evaluation) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if cl, ok := content.ParseContainerLine(line); ok && cl.Closes(node.(*mdast.Evaluation).Fence) {
		reader.AdvanceToEOL()
		return parser.Close
	}
	return parser.Continue | parser.HasChildren
}

func (e *evaluation) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (e *evaluation) CanInterruptParagraph() bool                                { return true }
func (e *evaluation) CanAcceptIndentedLine() bool                                { return false }

// evaluationLayout turns what goldmark parsed inside an evaluation (prose,
// then a list of "rate:" and "text:" items) into its intro and items.
type evaluationLayout struct{}

var (
	evalKindPrefix = regexp.MustCompile(`^(rate|text):\s*`)
	evalIDSuffix   = regexp.MustCompile(`\s*\{id=([^}\s]*)\}\s*$`)
)

func (evaluationLayout) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	form, _ := pc.Get(evaluationFormKey).(*mdast.EvaluationForm)
	var evals []*mdast.Evaluation
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if ev, ok := n.(*mdast.Evaluation); ok && entering {
			evals = append(evals, ev)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, ev := range evals {
		if form != nil {
			ev.Form = *form
		}
		layOutEvaluation(ev, src)
	}
}

func layOutEvaluation(ev *mdast.Evaluation, src []byte) {
	var blocks []ast.Node
	for c := ev.FirstChild(); c != nil; c = c.NextSibling() {
		blocks = append(blocks, c)
	}
	ev.RemoveChildren(ev)
	intro := &mdast.EvaluationIntro{}
	var items []ast.Node
	for _, b := range blocks {
		if l, ok := b.(*ast.List); ok && len(items) == 0 {
			for li := l.FirstChild(); li != nil; li = li.NextSibling() {
				if it := evalItemOf(li, len(items)+1, src); it != nil {
					items = append(items, it)
				}
			}
			if len(items) > 0 {
				continue
			}
		}
		if len(items) == 0 {
			intro.AppendChild(intro, b)
		}
	}
	if intro.HasChildren() {
		ev.AppendChild(ev, intro)
	}
	for _, it := range items {
		ev.AppendChild(ev, it)
	}
}

// evalItemOf reads a list item "rate: prompt {id=x}" as an item, or nil.
func evalItemOf(li ast.Node, n int, src []byte) *mdast.EvaluationItem {
	tb := li.FirstChild()
	if tb == nil {
		return nil
	}
	first, ok := tb.FirstChild().(*ast.Text)
	if !ok {
		return nil
	}
	m := evalKindPrefix.FindSubmatch(first.Segment.Value(src))
	if m == nil {
		return nil
	}
	it := &mdast.EvaluationItem{Rating: string(m[1]) == content.EvalRate, ID: fmt.Sprintf("e%d", n)}
	first.Segment = first.Segment.WithStart(first.Segment.Start + len(m[0]))
	trimID(tb, it, src)
	moveChildren(tb, it)
	return it
}

// trimID reads the "{id=NAME}" that ends an item's prompt and drops it.
// Goldmark may split it over several text nodes ("{id=bias" and
// "-comment}": the typographer reads dashes), so the trailing text nodes
// that lie end to end in the source are read as one.
func trimID(tb ast.Node, it *mdast.EvaluationItem, src []byte) {
	var tail []*ast.Text
	for c := tb.LastChild(); c != nil; c = c.PreviousSibling() {
		t, ok := c.(*ast.Text)
		if !ok || len(tail) > 0 && t.Segment.Stop != tail[len(tail)-1].Segment.Start {
			break
		}
		tail = append(tail, t)
	}
	if len(tail) == 0 {
		return
	}
	start, stop := tail[len(tail)-1].Segment.Start, tail[0].Segment.Stop
	m := evalIDSuffix.FindSubmatchIndex(src[start:stop])
	if m == nil {
		return
	}
	it.ID = string(src[start+m[2] : start+m[3]])
	cut := start + m[0]
	for _, t := range tail {
		switch {
		case t.Segment.Start >= cut:
			tb.RemoveChild(tb, t)
		case t.Segment.Stop > cut:
			t.Segment = t.Segment.WithStop(cut)
		}
	}
}

func (e *evaluation) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(mdast.KindEvaluation, e.renderEvaluation)
	reg.Register(mdast.KindEvaluationIntro, e.renderIntro)
	reg.Register(mdast.KindEvaluationItem, e.renderItem)
}

// scale names the ratings: a rating item asks "how well", "how likely",
// "how free of bias", and these words answer each.
var scale = [5]string{"eval.scale_1", "eval.scale_2", "eval.scale_3", "eval.scale_4", "eval.scale_5"}

func (e *evaluation) renderEvaluation(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	f := n.(*mdast.Evaluation).Form
	if entering {
		_, _ = w.WriteString(`<form class="evaluation" id="evaluation" data-evaluation`)
		if f.Action != "" && !f.Package {
			_, _ = w.WriteString(` method="post" action="`)
			esc(w, f.Action)
			_, _ = w.WriteString(`"`)
		}
		_, _ = w.WriteString(` data-module="`)
		esc(w, f.Module)
		_, _ = w.WriteString(`" data-course="`)
		esc(w, f.Course)
		_, _ = w.WriteString("\">\n<h2 class=\"evaluation-title\">")
		esc(w, tr(n).T("eval.title"))
		_, _ = w.WriteString("</h2>\n")
		return ast.WalkContinue, nil
	}
	// Fields every endpoint receives besides the items (their names
	// start with "_", which no item id may).
	hidden := func(name, value string) {
		_, _ = w.WriteString(`<input type="hidden" name="` + name + `" value="`)
		esc(w, value)
		_, _ = w.WriteString("\">\n")
	}
	hidden("_module", f.Module)
	hidden("_title", f.Title)
	hidden("_certificate", "")
	loc := tr(n)
	who := f.Provider
	if who == "" {
		who = loc.T("eval.provider_default")
	}
	_, _ = w.WriteString(`<p class="evaluation-privacy">`)
	switch {
	case f.Package:
		esc(w, loc.T("eval.privacy_lms"))
	case f.Action != "":
		esc(w, loc.T("eval.privacy_sent", "provider", who, "action", f.Action))
	default:
		esc(w, loc.T("eval.privacy_none"))
	}
	_, _ = w.WriteString("</p>\n")
	// The button works without JavaScript only when it posts to an
	// endpoint; otherwise the script unhides and enables it. Disabled, it
	// also stops an Enter key from submitting the form to the page's own
	// address, answers and all (HTML's implicit submission).
	hide := ""
	if f.Action == "" || f.Package {
		hide = " hidden disabled"
	}
	label := template.HTMLEscapeString(loc.T("eval.send"))
	if f.Action == "" && !f.Package {
		label = template.HTMLEscapeString(loc.T("eval.record"))
	}
	_, _ = w.WriteString(`<p class="evaluation-actions"><button type="submit"` + hide + ">" + label + "</button></p>\n")
	_, _ = w.WriteString("<p class=\"evaluation-result\" aria-live=\"polite\" tabindex=\"-1\"></p>\n</form>\n")
	return ast.WalkContinue, nil
}

func (e *evaluation) renderIntro(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<div class=\"evaluation-intro\">\n")
	} else {
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

func (e *evaluation) renderItem(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	it := n.(*mdast.EvaluationItem)
	id := "evaluation-" + it.ID
	if !it.Rating {
		if entering {
			_, _ = w.WriteString(`<p class="evaluation-item" data-item="`)
			esc(w, it.ID)
			_, _ = w.WriteString(`" data-kind="text"><label for="`)
			esc(w, id)
			_, _ = w.WriteString(`">`)
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString(`</label><br><textarea id="`)
		esc(w, id)
		_, _ = w.WriteString(`" name="`)
		esc(w, it.ID)
		_, _ = w.WriteString(`" rows="3" maxlength="` + strconv.Itoa(content.EvalTextMax) + "\"></textarea></p>\n")
		return ast.WalkContinue, nil
	}
	if entering {
		_, _ = w.WriteString(`<fieldset class="evaluation-item" data-item="`)
		esc(w, it.ID)
		_, _ = w.WriteString("\" data-kind=\"rate\"><legend>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("</legend>\n<ul class=\"evaluation-scale\">\n")
	for v := 1; v <= 5; v++ {
		var b bytes.Buffer
		fmt.Fprintf(&b, "%s-%d", id, v)
		_, _ = w.WriteString(`<li><input type="radio" required name="`)
		esc(w, it.ID)
		_, _ = w.WriteString(`" id="`)
		esc(w, b.String())
		_, _ = fmt.Fprintf(w, `" value="%d"> <label for="`, v)
		esc(w, b.String())
		_, _ = fmt.Fprintf(w, "\">%d <span class=\"evaluation-scale-label\">%s</span></label></li>\n", v, template.HTMLEscapeString(tr(n).T(scale[v-1])))
	}
	_, _ = w.WriteString("</ul>\n</fieldset>\n")
	return ast.WalkContinue, nil
}

// EvaluationForm is what an evaluation form posts and shows (Options.Evaluation);
// named here so that the generator composes this package without reaching
// into its AST kinds.
type EvaluationForm = mdast.EvaluationForm
