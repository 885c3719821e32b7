package card

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/go-text/typesetting/di"
	otf "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// glyphsOf is every glyph drawn on lines of a kind, in drawing order.
func glyphsOf(l Layout, kind string) []Glyph {
	var out []Glyph
	for _, ln := range l.Lines {
		if ln.Kind == kind {
			out = append(out, ln.Glyphs...)
		}
	}
	return out
}

// reference shapes text with go-text alone, as the library would on its
// own: the glyph ids a correct card must draw.
func reference(t *testing.T, ttf []byte, text string, dir di.Direction, script language.Script) []sfnt.GlyphIndex {
	t.Helper()
	face, err := otf.ParseTTF(bytes.NewReader(ttf))
	if err != nil {
		t.Fatal(err)
	}
	rs := []rune(text)
	var sh shaping.HarfbuzzShaper
	out := sh.Shape(shaping.Input{Text: rs, RunEnd: len(rs), Direction: dir, Face: face, Size: fixed.I(40), Script: script, Language: language.NewLanguage("ar")})
	var ids []sfnt.GlyphIndex
	for _, g := range out.Glyphs {
		ids = append(ids, sfnt.GlyphIndex(g.GlyphID))
	}
	return ids
}

// An Arabic title is drawn with the glyphs the shaping library gives for
// it (joined forms, right to left), not the letters' isolated forms.
func TestArabicTitleIsShaped(t *testing.T) {
	d := drawer(t)
	c := sample()
	c.Title = "علاج الصدمة"
	l := d.Layout(c)
	var got []sfnt.GlyphIndex
	for _, g := range glyphsOf(l, "title") {
		if g.Face != ArabicBold {
			t.Errorf("%q drawn with %v, want %v", g.Rune, g.Face, ArabicBold)
		}
		got = append(got, g.Index)
	}
	// The reference shapes each word on its own; the card draws the words
	// right to left, so the second word comes first.
	want := append(reference(t, arabicBold, "الصدمة", di.DirectionRTL, language.Arabic), reference(t, arabicBold, "علاج", di.DirectionRTL, language.Arabic)...)
	if !slices.Equal(got, want) {
		t.Errorf("drawn glyphs %v, want the shaper's %v", got, want)
	}
	// Joined: the shaped glyphs are not the letters' nominal (isolated) ones.
	f, _ := otf.ParseTTF(bytes.NewReader(arabicBold))
	nominal := 0
	for _, r := range "علاجالصدمة" {
		gid, _ := f.NominalGlyph(r)
		if slices.Contains(got, sfnt.GlyphIndex(gid)) {
			nominal++
		}
	}
	// Only letters that cannot join on both sides (alef, a final jeem after
	// alef) may keep their isolated form.
	if nominal*2 >= len(got) {
		t.Errorf("%d of %d glyphs are isolated forms: the letters are not joined", nominal, len(got))
	}
	// Glyphs advance from right to left in drawing order: x increases.
	gs := glyphsOf(l, "title")
	for i := 1; i < len(gs); i++ {
		if gs[i].X < gs[i-1].X-40 {
			t.Errorf("glyph %d at x=%d before glyph %d at x=%d", i, gs[i].X, i-1, gs[i-1].X)
		}
	}
	// Set flush right.
	for _, ln := range l.Lines {
		if ln.Kind == "title" && (!ln.RTL || ln.X+ln.Width < Width-Margin-slack-2) {
			t.Errorf("arabic title line not flush right: x=%d w=%d rtl=%v", ln.X, ln.Width, ln.RTL)
		}
	}
	if len(l.Warnings) != 0 {
		t.Errorf("warnings %q", l.Warnings)
	}
}

// An Arabic title with a Latin drug name: the Latin word reads left to
// right, and stands where the bidi algorithm puts it (at the end of the
// right-to-left line, so at its left).
func TestMixedDirections(t *testing.T) {
	d := drawer(t)
	c := sample()
	c.Title = "جرعة Acmezolid للبالغين"
	l := d.Layout(c)
	gs := glyphsOf(l, "title")
	var latin []Glyph
	minArabic, maxArabic := 1<<30, -1
	for _, g := range gs {
		if g.Face == Bold {
			latin = append(latin, g)
		} else {
			minArabic, maxArabic = min(minArabic, g.X), max(maxArabic, g.X)
		}
	}
	var word []rune
	for i, g := range latin {
		word = append(word, g.Rune)
		if i > 0 && g.X <= latin[i-1].X {
			t.Errorf("latin glyphs not left to right: %q at %d after %d", g.Rune, g.X, latin[i-1].X)
		}
	}
	if string(word) != "Acmezolid" {
		t.Errorf("latin word drawn as %q", string(word))
	}
	// "جرعة" is the first word: rightmost. "Acmezolid" sits between the two Arabic words.
	if len(latin) == 0 || !(latin[0].X > minArabic && latin[len(latin)-1].X < maxArabic) {
		t.Errorf("latin word at %d..%d, arabic spans %d..%d: want it between the arabic words", latin[0].X, latin[len(latin)-1].X, minArabic, maxArabic)
	}
	if got := textOf(l, "title"); got != c.Title {
		t.Errorf("text %q, want the logical order %q", got, c.Title)
	}
}

// A Devanagari title has no missing-glyph boxes: every glyph is a real one
// from the Devanagari font, and the shaper formed its conjuncts.
func TestDevanagariHasNoNotdef(t *testing.T) {
	d := drawer(t)
	c := sample()
	c.Title = "सेप्सिस की पहचान और प्रबंधन"
	c.Summary = "पहले घंटे में क्या करें"
	l := d.Layout(c)
	n := 0
	for _, kind := range []string{"title", "summary"} {
		for _, g := range glyphsOf(l, kind) {
			n++
			if g.Index == 0 {
				t.Errorf("%q drawn as .notdef", g.Rune)
			}
			if g.Face != DevanagariBold && g.Face != DevanagariRegular {
				t.Errorf("%q drawn with %v", g.Rune, g.Face)
			}
		}
	}
	if n == 0 || len(l.Warnings) != 0 {
		t.Errorf("%d glyphs, warnings %q", n, l.Warnings)
	}
	want := reference(t, devaBold, "सेप्सिस", di.DirectionLTR, language.Devanagari)
	var got []sfnt.GlyphIndex
	for _, g := range glyphsOf(l, "title")[:len(want)] {
		got = append(got, g.Index)
	}
	if !slices.Equal(got, want) {
		t.Errorf("first word drawn as %v, shaper gives %v", got, want)
	}
}

// Hyphens are drawn with the font's hyphen, not a dash; typewriter dashes
// and quotes become typographic ones.
func TestHyphensQuotesAndDashes(t *testing.T) {
	d := drawer(t)
	c := sample()
	c.Title = `Sepsis-3 and the "hour-one" bundle -- what's new`
	l := d.Layout(c)
	f, err := sfnt.Parse(notoBold)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	hyphen, _ := f.GlyphIndex(&buf, '-')
	endash, _ := f.GlyphIndex(&buf, '–')
	if hyphen == 0 || hyphen == endash {
		t.Fatalf("font: hyphen %d, en dash %d", hyphen, endash)
	}
	counts := map[rune]int{}
	for _, g := range glyphsOf(l, "title") {
		counts[g.Rune]++
		if g.Rune == '-' && g.Index != hyphen {
			t.Errorf("hyphen drawn with glyph %d, want the hyphen glyph %d", g.Index, hyphen)
		}
		if g.Rune == '–' && g.Index != endash {
			t.Errorf("en dash drawn with glyph %d, want %d", g.Index, endash)
		}
	}
	if counts['-'] != 2 || counts['–'] != 1 || counts['“'] != 1 || counts['”'] != 1 || counts['’'] != 1 || counts['"'] != 0 || counts['\''] != 0 {
		t.Errorf("drawn punctuation %v", counts)
	}
	if got, want := textOf(l, "title"), "Sepsis-3 and the “hour-one” bundle – what’s new"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
}

// Markdown in a question is drawn as text: code without backticks,
// citations dropped, emphasis as bold.
func TestQuestionMarkdownIsText(t *testing.T) {
	d := drawer(t)
	q := sampleQuestion()
	q.Title = "Reading `qSOFA` [@singer2016]"
	q.Stem = "Which score uses `RR >= 22` [@singer2016, p. 4], and *why* is it **not** a diagnosis [@a; @b]?"
	q.Choices = []string{"`qSOFA`", "SIRS [@bone1992]", "_NEWS2_"}
	l := d.LayoutQuestion(q)
	for _, ln := range l.Lines {
		if strings.ContainsAny(ln.Text, "`*_") || strings.Contains(ln.Text, "[@") || strings.Contains(ln.Text, "@") {
			t.Errorf("%s line shows Markdown: %q", ln.Kind, ln.Text)
		}
		for _, g := range ln.Glyphs {
			if g.Rune == '`' || g.Rune == '@' || g.Rune == '[' {
				t.Errorf("%s line draws %q", ln.Kind, g.Rune)
			}
		}
	}
	if got, want := textOf(l, "stem"), "Which score uses RR >= 22, and why is it not a diagnosis?"; got != want {
		t.Errorf("stem %q, want %q", got, want)
	}
	// Emphasis is weight: "why" in the regular choices would be bold; in
	// a choice, "NEWS2" is drawn with the bold face.
	for _, ln := range l.Lines {
		if ln.Kind == "choice" && ln.Item == 2 {
			bold := 0
			for _, g := range ln.Glyphs {
				if g.Face == Bold {
					bold++
				}
			}
			if bold != len("NEWS2") {
				t.Errorf("%d bold glyphs in %q, want 5", bold, ln.Text)
			}
		}
	}
}

func TestInline(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"use `code` here", "use code here"},
		{"``a ` b``", "a ` b"},
		{"see [@evans2021].", "see."},
		{"dose [see @a, p. 4; @b] daily", "dose daily"},
		{"mail [me@example.org]", "mail [me@example.org]"},
		{"a [link](https://x.org) b", "a link b"},
		{"![alt text](img.png)", "alt text"},
		{"*em* and **strong** and _u_", "em and strong and u"},
		{"snake_case_name", "snake_case_name"},
		{"5 * 3 = 15", "5 * 3 = 15"},
		{`\*not em\*`, "*not em*"},
		{"dangling ` tick", "dangling  tick"},
		{"~~gone~~ kept", "gone kept"},
		{"<https://rounds.example>", "https://rounds.example"},
	} {
		var b strings.Builder
		for _, s := range Inline(tc.in) {
			b.WriteString(s.Text)
		}
		if b.String() != tc.want {
			t.Errorf("Inline(%q) = %q, want %q", tc.in, b.String(), tc.want)
		}
	}
	sp := Inline("a *b* c")
	if len(sp) != 3 || !sp[1].Strong || sp[0].Strong || sp[1].Text != "b" {
		t.Errorf("spans %+v", sp)
	}
	if got := PlainText("  Sepsis `qSOFA`  [@a] "); got != "Sepsis qSOFA" {
		t.Errorf("PlainText %q", got)
	}
}

func FuzzInline(f *testing.F) {
	for _, s := range []string{"a `b` [@c] *d* **e** _f_ [g](h) ![i](j) <https://k>", "``", "[[[@", "***a***", "\\", "[@a](", "*`*`*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sp := range Inline(s) {
			if strings.Contains(sp.Text, "`") && !strings.Contains(s, "``") && !strings.Contains(s, "\\`") {
				// a lone backtick is only kept inside a longer code span or escaped
				t.Errorf("Inline(%q) keeps a backtick: %q", s, sp.Text)
			}
		}
	})
}

func TestVisualOrder(t *testing.T) {
	for _, tc := range []struct {
		levels []int
		want   []int
	}{
		{[]int{0, 0, 0}, []int{0, 1, 2}},
		{[]int{1, 1, 1}, []int{2, 1, 0}},
		{[]int{1, 2, 2, 1}, []int{3, 1, 2, 0}},
		{[]int{0, 1, 1, 0}, []int{0, 2, 1, 3}},
	} {
		if got := visualOrder(tc.levels); !slices.Equal(got, tc.want) {
			t.Errorf("visualOrder(%v) = %v, want %v", tc.levels, got, tc.want)
		}
	}
}

// A link in a right-to-left line, set in a left-to-right isolate as the
// site sets it, keeps its trailing slash at its end (the right), not
// thrown to the line's start by the bidi algorithm; without the isolate
// it is (the test's own check).
func TestLinkInRightToLeftLine(t *testing.T) {
	d := drawer(t)
	lastIsSlash := func(line string) bool {
		q := sampleQuestion()
		q.AnswerAt = line
		for _, ln := range d.LayoutQuestion(q).Lines {
			if ln.Kind != "link" || !strings.ContainsRune(string(runesOf(ln.Glyphs)), 'x') {
				continue
			}
			// The rightmost glyph of the link itself (ASCII).
			right := Glyph{X: -1}
			for _, g := range ln.Glyphs {
				if g.Rune < 0x80 && g.Rune != ' ' && g.X > right.X {
					right = g
				}
			}
			return right.Rune == '/'
		}
		t.Fatalf("no link line in %q", line)
		return false
	}
	if !lastIsSlash("أجب على \u2066learn.example.org/x/\u2069") {
		t.Error("the isolated link's trailing slash is not at its right end")
	}
	if lastIsSlash("أجب على learn.example.org/x/") {
		t.Error("without the isolate the slash also stays at the end: the test cannot tell")
	}
}

func runesOf(gs []Glyph) []rune {
	var out []rune
	for _, g := range gs {
		out = append(out, g.Rune)
	}
	return out
}
