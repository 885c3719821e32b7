package markdown

import (
	"bufio"
	"bytes"
	"html"
	"slices"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/rounds-dev/rounds/content/i18n"
	"github.com/rounds-dev/rounds/generator/markdown/mdast"
	"github.com/rounds-dev/rounds/generator/markdown/tex"
)

// Renderer converts Markdown to HTML. It is safe for concurrent use: build
// one and share it among workers.
type Renderer struct {
	md   goldmark.Markdown
	math *math // its converter, shared by Render and Inspect
}

// New returns a Renderer with every rounds extension.
func New() *Renderer { return NewCached(nil) }

// NewCached returns a Renderer that keeps highlighted code in cache (nil
// for none). Safe for concurrent use if the cache is.
func NewCached(cache Cache) *Renderer {
	exts := extensions(cache)
	md := goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		// Raw HTML stays off (goldmark's default): no html.WithUnsafe.
	)
	r := &Renderer{md: md}
	for _, e := range exts {
		if m, ok := e.(*math); ok {
			r.math = m
		}
	}
	return r
}

// Options adjust the rendering of one body.
type Options struct {
	// Known reports whether a citation key names a reference of the module;
	// nil accepts every key.
	Known func(key string) bool
	// NoPosttest leaves out post-test questions: an archived module
	// awards no credit, so it has no post-test.
	NoPosttest bool
	// Quizzes also renders the quizzes alone, for the embed page.
	Quizzes bool
	// Numbers, when set, numbers citations as given instead of by first
	// citation, and gives them no ids: a fragment rendered apart from its
	// page (a quiz rationale in quiz.json) keeps the page's numbers.
	Numbers map[string]int
	// RefBase goes before "#ref-..." in citation links: the page's
	// address, for a fragment read elsewhere.
	RefBase string
	// Evaluation is where an evaluation's form sends its answers and
	// what it sends with them; nil renders a form that goes nowhere.
	Evaluation *mdast.EvaluationForm
	// Files gives the bundle files a body shows the text of (a video's
	// transcript= file); nil for none.
	Files func(name string) ([]byte, bool)
	// Locale gives the words rounds adds around the author's (quiz
	// labels, the evaluation form, callout titles); nil for English.
	Locale *i18n.Locale
	// Images gives the size and smaller copies of an image by its address
	// as written; nil (or false) renders it without.
	Images func(dest string) (Image, bool)
	// Glossary are the site's terms: the first use of each on the page
	// links to its definition. Nil for none.
	Glossary []GlossaryEntry
}

// localeMeta is the document metadata key the renderers find the
// Locale under.
const localeMeta = "rounds-locale"

// tr is the Locale of the document n belongs to.
func tr(n ast.Node) *i18n.Locale {
	if d := n.OwnerDocument(); d != nil {
		if l, ok := d.Meta()[localeMeta].(*i18n.Locale); ok && l != nil {
			return l
		}
	}
	return i18n.English()
}

// extensions are goldmark's and ours, in the order they apply.
func extensions(cache Cache) []goldmark.Extender {
	return []goldmark.Extender{
		extension.GFM,
		extension.Footnote,
		extension.DefinitionList,
		extension.Typographer,
		&anchor{},
		&highlight{formatter: newFormatter(), cache: cache},
		&cite{},
		&quiz{},
		&evaluation{},
		&container{},
		&video{},
		&callout{},
		&images{},
		&math{conv: tex.New()},
		&diagram{},
		&glossary{},
	}
}

// Result is a rendered body.
type Result struct {
	HTML        []byte
	QuizzesHTML []byte // the quizzes alone, with Options.Quizzes
	Headings    []Heading
	Cited       []string // reference keys in order of first citation
	// Frames are the hosts the page's embedded players load from, sorted
	// and unique: the page's Content-Security-Policy frame-src.
	Frames []string
}

// Heading is a section heading of the body, for a table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Render converts one body. The document is parsed once, even when the
// quizzes are also rendered alone.
func (r *Renderer) Render(src []byte, opts Options) (Result, error) {
	pc := parser.NewContext()
	if opts.Known != nil {
		pc.Set(knownKey, opts.Known)
	}
	if opts.Evaluation != nil {
		pc.Set(evaluationFormKey, opts.Evaluation)
	}
	if opts.Numbers != nil || opts.RefBase != "" {
		pc.Set(fixedKey, fixedNumbers{numbers: opts.Numbers, base: opts.RefBase})
	}
	if opts.Files != nil {
		pc.Set(filesKey, opts.Files)
	}
	if opts.Glossary != nil {
		pc.Set(glossaryKey, opts.Glossary)
	}
	if opts.Images != nil {
		pc.Set(imagesKey, opts.Images)
	}
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	if d, ok := doc.(*ast.Document); ok && opts.Locale != nil {
		d.AddMeta(localeMeta, opts.Locale)
	}
	var out Result
	if opts.NoPosttest {
		keep(doc, func(n ast.Node) bool { q, ok := n.(*mdast.Quiz); return !ok || !q.Posttest })
	}
	out.Cited, _ = pc.Get(citedKey).([]string)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			id, _ := h.AttributeString("id")
			idb, _ := id.([]byte)
			out.Headings = append(out.Headings, Heading{Level: h.Level, ID: string(idb), Text: plainText(h, src)})
			return ast.WalkSkipChildren, nil
		}
		if v, ok := n.(*mdast.Video); ok && entering && v.FrameHost != "" && !slices.Contains(out.Frames, v.FrameHost) {
			out.Frames = append(out.Frames, v.FrameHost)
		}
		return ast.WalkContinue, nil
	})
	var b bytes.Buffer
	b.Grow(len(src) * 2)
	if err := r.render(&b, src, doc); err != nil {
		return Result{}, err
	}
	slices.Sort(out.Frames)
	out.HTML = b.Bytes()
	if opts.Quizzes {
		keep(doc, func(n ast.Node) bool { return n.Kind() == mdast.KindQuiz })
		var q bytes.Buffer
		if err := r.render(&q, src, doc); err != nil {
			return Result{}, err
		}
		out.QuizzesHTML = q.Bytes()
	}
	return out, nil
}

// render renders doc into b through a pooled buffered writer: goldmark
// makes a new 4 KB one for every call otherwise.
func (r *Renderer) render(b *bytes.Buffer, src []byte, doc ast.Node) error {
	w := bufWriters.Get().(*bufio.Writer)
	defer bufWriters.Put(w)
	w.Reset(b)
	if err := r.md.Renderer().Render(w, src, doc); err != nil {
		return err
	}
	return w.Flush()
}

var bufWriters = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 4096) }}

// keep removes the document's top-level blocks for which ok is false.
func keep(doc ast.Node, ok func(ast.Node) bool) {
	for c := doc.FirstChild(); c != nil; {
		next := c.NextSibling()
		if !ok(c) {
			doc.RemoveChild(doc, c)
		}
		c = next
	}
}

func plainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
		case *ast.String:
			// The typographer's curly quotes and dashes, as entities.
			b.WriteString(html.UnescapeString(string(t.Value)))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
