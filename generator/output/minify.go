package output

import (
	"bytes"
	"path"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Minifier shrinks HTML, CSS, JS, JSON, SVG and XML by file extension. It
// is safe for concurrent use.
type Minifier struct {
	m      *minify.M
	types  map[string]string
	layout *html.Minifier // HTML with Go template actions left as they are
}

// NewMinifier returns a Minifier.
func NewMinifier() *Minifier {
	m := minify.New()
	page := html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepSpecialComments: false}
	layout := page
	layout.TemplateDelims = html.GoTemplateDelims
	m.Add("text/html", &page)
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("application/json", json.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("application/xml", xml.Minify)
	return &Minifier{m: m, layout: &layout, types: map[string]string{
		".html": "text/html", ".css": "text/css", ".js": "application/javascript",
		".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml",
	}}
}

// MinifyTo minifies data into dst (reset first) when name's extension is
// one it knows and returns dst's bytes; else it returns data unchanged.
func (m *Minifier) MinifyTo(dst *bytes.Buffer, name string, data []byte) ([]byte, error) {
	mime, ok := m.types[path.Ext(name)]
	if !ok {
		return data, nil
	}
	dst.Reset()
	// A bytes.Buffer is read in place (the minifier asks for its Bytes).
	if err := m.m.Minify(mime, dst, bytes.NewBuffer(readOnly(data))); err != nil {
		return nil, err
	}
	return dst.Bytes(), nil
}

// HTML minifies a piece of HTML: a module's rendered Markdown, printed
// into a page as it is.
func (m *Minifier) HTML(src []byte) ([]byte, error) {
	return m.m.Bytes("text/html", readOnly(src))
}

// readOnly clips b's capacity to its length. The minifier's parser, given
// a slice with room past its end, writes a NUL there while it reads and
// puts the old byte back after: a data race when the bytes are shared (a
// bundle's SVG that two modules of one folder write, a fragment printed in
// several pages). Clipped, the parser copies the input instead.
func readOnly(b []byte) []byte { return b[:len(b):len(b)] }

// Layout minifies an html/template layout, leaving its {{ }} actions as
// they are.
func (m *Minifier) Layout(src []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(src))
	if err := m.layout.Minify(m.m, &out, bytes.NewBuffer(src), nil); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
