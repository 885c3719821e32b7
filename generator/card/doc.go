// Package card draws social cards: 1200x630 PNGs of a module (site, course,
// title, summary, credit badge, disclosure) or of one quiz question (stem and
// lettered choices, never the answer), with the embedded Noto Sans family
// (Latin, Greek, Cyrillic, Arabic, Devanagari, Hebrew) and Droid Sans
// Fallback (CJK), shaped with go-text/typesetting: Arabic joined and right
// to left, Devanagari with its conjuncts, mixed directions in bidi order.
//
// Titles, summaries, question stems and choices are inline Markdown, drawn
// as text (Inline): code without backticks, citations dropped, emphasis as
// bold. Straight quotes, "--" and "..." are drawn as typographic quotes,
// dashes and the ellipsis; a hyphen stays the font's hyphen.
//
// Layout is the contract, exposed for tests and alt text: Drawer.Layout and
// Drawer.LayoutQuestion return every line with its text, position, size and
// drawn (ink) box. The disclosure ("Supported by ...") is laid out first, at
// the bottom, and is never dropped, cut or drawn below 24 px (one too long
// for four lines at 24 px makes Draw fail with ErrSupportTooLong); the title
// shrinks from 64 to 40 px to fit, wraps only between words (or between CJK
// characters), and is ellipsised at a word boundary, with a warning, when it
// still does not fit. Only a single word wider than the card at the floor
// size is broken by characters, also with a warning. No logos are drawn.
//
// Cards are deterministic: glyphs are rasterised with integer arithmetic,
// drawn on a paletted image and encoded at a fixed compression level, so the
// same Card gives the same bytes on every machine (built with the same Go
// release). Card.Hash and Question.Hash cover every field and a layout
// version, so a cache keyed by the hash is safe.
//
// Text is normalised to NFC (content.NFC) before it is shaped.
package card
