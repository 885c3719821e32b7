// Package markdown turns module bodies into HTML: goldmark with GFM,
// footnotes, typographer and heading ids, plus rounds' own extensions, one
// file each (highlight.go: fenced code through chroma). Raw HTML is always
// off: module text is untrusted.
package markdown
