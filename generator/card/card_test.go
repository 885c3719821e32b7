package card

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"
)

var update = flag.Bool("update", false, "rewrite testdata/*.png")

const support = "Supported by an educational grant from Acme Pharma"

var (
	longTitle = strings.Repeat("Management of community-acquired pneumonia in adults ", 6)[:300]
	longWord  = "Pneumonoultramicroscopicsilicovolcanoconiosis" + strings.Repeat("x", 15)
)

func drawer(t testing.TB) *Drawer {
	t.Helper()
	d, err := NewDrawer()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func sample() Card {
	return Card{
		SiteName: "Sepsis Rounds",
		Course:   "Sepsis: the first hour",
		Title:    "Vasopressors in septic shock: when, which and how much",
		Summary:  "Norepinephrine first, vasopressin second: the evidence for timing, dosing targets and peripheral administration, in five minutes.",
		Credit:   "0.25 AMA PRA Category 1 Credit™",
		Support:  support,
	}
}

func sampleQuestion() Question {
	return Question{
		SiteName: "Sepsis Rounds",
		Title:    "Vasopressors in septic shock",
		Stem:     "A 64-year-old man with septic shock remains hypotensive after 30 mL/kg of crystalloid. Which vasopressor should be started first?",
		Choices:  []string{"Norepinephrine", "Dopamine", "Phenylephrine", "Vasopressin as the sole agent"},
		Link:     "rounds.dev/q/7f3a",
		Support:  support,
	}
}

func TestDrawIsA1200x630PNG(t *testing.T) {
	d := drawer(t)
	for name, draw := range map[string]func() ([]byte, []string, error){
		"module":   func() ([]byte, []string, error) { return d.Draw(sample()) },
		"question": func() ([]byte, []string, error) { return d.DrawQuestion(sampleQuestion()) },
		"package":  func() ([]byte, []string, error) { return Draw(sample()) },
	} {
		b, warns, err := draw()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(warns) != 0 {
			t.Errorf("%s: unexpected warnings %q", name, warns)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", name, err)
		}
		if got := img.Bounds(); got != image.Rect(0, 0, 1200, 630) {
			t.Errorf("%s: bounds %v, want 1200x630", name, got)
		}
	}
}

// The drawn output, pinned: a change in layout, rasteriser, palette or
// encoder shows up here. Rewrite with `go test ./generator/card -update` and
// bump layoutVersion so that cached cards are redrawn.
func TestGolden(t *testing.T) {
	d := drawer(t)
	for _, tc := range []struct {
		file string
		draw func() ([]byte, []string, error)
	}{
		{"module.png", func() ([]byte, []string, error) { return d.Draw(sample()) }},
		{"question.png", func() ([]byte, []string, error) { return d.DrawQuestion(sampleQuestion()) }},
	} {
		b, _, err := tc.draw()
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", tc.file)
		if *update {
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, want) {
			t.Errorf("%s: drawn bytes differ from the golden file (run with -update if the change is intended, and bump layoutVersion)", tc.file)
		}
	}
}

// checkInside asserts that every line box, every line's ink and every box is
// inside the margins (the bar is the one shape allowed at the edge).
func checkInside(t *testing.T, name string, l Layout) {
	t.Helper()
	inner := l.clip
	for _, ln := range l.Lines {
		box := image.Rect(ln.X, ln.Y, ln.X+ln.Width, ln.Y+ln.Height)
		if !box.In(inner) {
			t.Errorf("%s: %s line %q: box %v outside the margins %v", name, ln.Kind, ln.Text, box, inner)
		}
		if ln.Ink.Empty() {
			t.Errorf("%s: %s line %q draws nothing", name, ln.Kind, ln.Text)
		} else if !ln.Ink.In(inner) {
			t.Errorf("%s: %s line %q: drawn pixels %v outside the margins %v", name, ln.Kind, ln.Text, ln.Ink, inner)
		}
		for _, g := range ln.Glyphs {
			if g.Index == 0 {
				t.Errorf("%s: %q drawn with glyph 0 (a tofu box)", name, g.Rune)
			}
		}
	}
	for _, b := range l.Boxes {
		if b.Kind != "bar" && !b.Rect.In(inner) {
			t.Errorf("%s: %s %v outside the margins", name, b.Kind, b.Rect)
		}
	}
}

// textOf is the text of all lines of a kind, joined as the layout says.
func textOf(l Layout, kind string) string {
	var b strings.Builder
	for _, ln := range l.Lines {
		if ln.Kind == kind {
			if b.Len() > 0 && ln.SpaceBefore {
				b.WriteByte(' ')
			}
			b.WriteString(ln.Text)
		}
	}
	return b.String()
}

func hasWarning(warns []string, sub string) bool {
	for _, w := range warns {
		if strings.Contains(w, sub) {
			return true
		}
	}
	return false
}

func TestLayoutInsideMargins(t *testing.T) {
	d := drawer(t)
	with := func(f func(*Card)) Card { c := sample(); f(&c); return c }
	cases := map[string]Card{
		"sample":       sample(),
		"300-char":     with(func(c *Card) { c.Title = longTitle }),
		"60-char word": with(func(c *Card) { c.Title = longWord }),
		"greek": with(func(c *Card) {
			c.Title = "Οξύ στεφανιαίο σύνδρομο: διάγνωση και αρχική αντιμετώπιση στο τμήμα επειγόντων"
		}),
		"japanese": with(func(c *Card) {
			c.Title = "敗血症性ショックにおける昇圧薬の使い方：いつ、どれを、どれだけ使うか"
		}),
		"empty summary": with(func(c *Card) { c.Summary = "" }),
		"bare":          {Title: "Sepsis"},
		"long all": {SiteName: strings.Repeat("Very Long Site Name ", 10), Course: strings.Repeat("Course ", 40),
			Title: longTitle, Summary: strings.Repeat("Summary words ", 60), Credit: strings.Repeat("Credit ", 30),
			Support: support + strings.Repeat(" and Another Very Long Company Name", 6)},
	}
	for name, c := range cases {
		checkInside(t, name, d.Layout(c))
	}
	q := sampleQuestion()
	checkInside(t, "question", d.LayoutQuestion(q))
	q.Stem = strings.Repeat("A very long question stem with many words. ", 12)
	q.Choices = []string{longWord, strings.Repeat("choice ", 40), "B", "C", "D", "E", "F"}
	checkInside(t, "long question", d.LayoutQuestion(q))
}

func TestTitleNeverCutMidWord(t *testing.T) {
	d := drawer(t)
	c := sample()

	c.Title = longTitle
	l := d.Layout(c)
	title := textOf(l, "title")
	if !strings.HasSuffix(title, "…") {
		t.Fatalf("300-char title %q: want it ellipsised", title)
	}
	kept := strings.TrimSuffix(title, "…")
	if !strings.HasPrefix(longTitle, kept) || longTitle[len(kept)] != ' ' {
		t.Errorf("300-char title cut mid-word: %q", title)
	}
	if !hasWarning(l.Warnings, "title shortened with an ellipsis") {
		t.Errorf("no ellipsis warning: %q", l.Warnings)
	}
	for _, ln := range l.Lines {
		if ln.Broken {
			t.Errorf("line %q broken by characters", ln.Text)
		}
		if ln.Kind == "title" && ln.Size != titleFloor {
			t.Errorf("300-char title at %dpx, want the floor size", ln.Size)
		}
	}

	// A word wider than the card at the floor size is the one case broken by characters.
	c.Title = longWord
	l = d.Layout(c)
	var pieces []string
	for _, ln := range l.Lines {
		if ln.Kind != "title" {
			continue
		}
		pieces = append(pieces, ln.Text)
	}
	if got := strings.Join(pieces, ""); got != longWord || len(pieces) < 2 {
		t.Errorf("60-char word laid out as %q", pieces)
	}
	var broken []bool
	for _, ln := range l.Lines {
		if ln.Kind == "title" {
			broken = append(broken, ln.Broken)
		}
	}
	for i, b := range broken {
		if b != (i < len(broken)-1) {
			t.Errorf("title line %d: Broken=%v", i, b)
		}
	}
	if !hasWarning(l.Warnings, "title: a word wider than the card was broken") {
		t.Errorf("no warning for the broken word: %q", l.Warnings)
	}

	// A title that fits at a smaller size is shrunk, not cut, and not warned about.
	c.Title = "Norepinephrine, vasopressin, epinephrine, angiotensin II and methylene blue in refractory septic shock"
	l = d.Layout(c)
	if got := textOf(l, "title"); got != c.Title {
		t.Errorf("title %q, want it whole", got)
	}
	if len(l.Warnings) != 0 {
		t.Errorf("warnings %q", l.Warnings)
	}
}

func TestNonLatinTitles(t *testing.T) {
	d := drawer(t)
	c := sample()
	c.Title = "敗血症性ショックにおける昇圧薬の使い方：いつ、どれを、どれだけ使うか"
	l := d.Layout(c)
	if got := textOf(l, "title"); got != c.Title {
		t.Errorf("japanese title drawn as %q", got)
	}
	n := 0
	for _, ln := range l.Lines {
		for _, g := range ln.Glyphs {
			japanese := unicode.In(g.Rune, unicode.Han, unicode.Hiragana, unicode.Katakana) || g.Rune == '：' || g.Rune == '、'
			if japanese && g.Face != Fallback {
				t.Errorf("%q drawn with %v, want the fallback font", g.Rune, g.Face)
			}
			if !japanese && g.Rune < 0x2000 && g.Face == Fallback {
				t.Errorf("%q drawn with the fallback font", g.Rune)
			}
			if japanese {
				n++
			}
		}
		if ln.Kind == "title" && (strings.HasPrefix(ln.Text, "、") || strings.HasPrefix(ln.Text, "：")) {
			t.Errorf("title line starts with closing punctuation: %q", ln.Text)
		}
	}
	if n < len([]rune(c.Title)) {
		t.Errorf("%d japanese glyphs drawn, want %d", n, len([]rune(c.Title)))
	}
	if len(l.Warnings) != 0 {
		t.Errorf("warnings %q", l.Warnings)
	}

	c.Title = "Οξύ στεφανιαίο σύνδρομο"
	l = d.Layout(c)
	for _, ln := range l.Lines {
		for _, g := range ln.Glyphs {
			if g.Face == Fallback {
				t.Errorf("greek %q from the fallback font; Noto Sans has Greek", g.Rune)
			}
		}
	}
	// Decomposed (NFD) text is composed before drawing: the text is composed before shaping
	// but no combining acute.
	c.Title = "Sepsis in the Ame\u0301rique"
	if l = d.Layout(c); textOf(l, "title") != "Sepsis in the Amérique" || len(l.Warnings) != 0 {
		t.Errorf("NFD title: %q, warnings %q", textOf(l, "title"), l.Warnings)
	}
}

func TestMissingGlyphIsLeftOutNotTofu(t *testing.T) {
	d := drawer(t)
	c := sample()
	c.Title = "Sepsis 🩺 rounds"
	l := d.Layout(c)
	if got := textOf(l, "title"); got != "Sepsis rounds" {
		t.Errorf("title %q", got)
	}
	if !hasWarning(l.Warnings, "U+1FA7A") {
		t.Errorf("no warning for the missing glyph: %q", l.Warnings)
	}
	checkInside(t, "emoji", l)
}

func TestSupportLine(t *testing.T) {
	d := drawer(t)
	c := sample()
	for name, tc := range map[string]struct {
		title, support string
	}{
		"supported":     {c.Title, support},
		"300-char":      {longTitle, support},
		"60-char word":  {longWord, support},
		"long sponsor":  {longTitle, "Supported by an educational grant from " + strings.Repeat("Acme Pharmaceutical Holdings International ", 5)},
		"not supported": {c.Title, ""},
	} {
		c.Title, c.Support = tc.title, tc.support
		l := d.Layout(c)
		if got := textOf(l, "support"); got != strings.TrimSpace(tc.support) {
			t.Errorf("%s: support line %q, want %q", name, got, tc.support)
		}
		for _, ln := range l.Lines {
			if ln.Kind == "support" && ln.Size < supportFloor {
				t.Errorf("%s: support line at %dpx", name, ln.Size)
			}
		}
		checkInside(t, name, l)
	}
}

// A disclosure that cannot be shown whole is refused, never shortened.
func TestSupportTooLongIsRefused(t *testing.T) {
	d := drawer(t)
	c := sample()
	c.Support = "Supported by an educational grant from " + strings.Repeat("Acme Pharmaceutical Holdings International ", 12)
	if b, _, err := d.Draw(c); err != ErrSupportTooLong || b != nil {
		t.Errorf("Draw: %d bytes, err %v; want ErrSupportTooLong", len(b), err)
	}
	q := sampleQuestion()
	q.Support = c.Support
	if _, _, err := d.DrawQuestion(q); err != ErrSupportTooLong {
		t.Errorf("DrawQuestion: err %v; want ErrSupportTooLong", err)
	}
	checkInside(t, "too long", d.Layout(c))
}

func TestQuestionCardShowsNoAnswer(t *testing.T) {
	d := drawer(t)
	q := sampleQuestion()
	l := d.LayoutQuestion(q)
	if got := textOf(l, "stem"); got != q.Stem {
		t.Errorf("stem %q", got)
	}
	choices := map[int][]string{}
	for _, ln := range l.Lines {
		switch ln.Kind {
		case "site", "title", "stem", "link", "support":
		case "choice":
			choices[ln.Item] = append(choices[ln.Item], ln.Text)
		default:
			t.Errorf("unexpected %s line %q", ln.Kind, ln.Text)
		}
	}
	if len(choices) != len(q.Choices) {
		t.Fatalf("%d choices drawn, want %d", len(choices), len(q.Choices))
	}
	for i, c := range q.Choices {
		want := string(rune('A'+i)) + ". " + c
		if got := strings.Join(choices[i], " "); got != want {
			t.Errorf("choice %d drawn as %q, want %q", i, got, want)
		}
	}
	if got := textOf(l, "link"); got != "Answer at "+q.Link {
		t.Errorf("link line %q", got)
	}
	if got := textOf(l, "support"); got != support {
		t.Errorf("support line %q", got)
	}
	// Every drawn string, and nothing else.
	var drawn []string
	for _, ln := range l.Lines {
		drawn = append(drawn, ln.Text)
	}
	want := []string{q.SiteName, q.Title}
	for _, s := range []string{q.Stem, "A. Norepinephrine", "B. Dopamine", "C. Phenylephrine", "D. Vasopressin as the sole agent", "Answer at " + q.Link, support} {
		want = append(want, s)
	}
	if got := strings.Join(drawn, " "); got != strings.Join(want, " ") {
		t.Errorf("drawn strings:\n%q\nwant\n%q", got, strings.Join(want, " "))
	}
	// All the choices are drawn alike: nothing singles one out.
	var size, x int
	for _, ln := range l.Lines {
		if ln.Kind == "choice" {
			if size == 0 {
				size, x = ln.Size, ln.X
			}
			if ln.Size != size || ln.X != x || ln.Style != Regular {
				t.Errorf("choice line %q drawn differently (size %d, x %d, %v)", ln.Text, ln.Size, ln.X, ln.Style)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	want, _, err := drawer(t).Draw(sample())
	if err != nil {
		t.Fatal(err)
	}
	// A fresh Drawer, and one shared between goroutines after other cards,
	// give the same bytes.
	again, _, _ := drawer(t).Draw(sample())
	if !bytes.Equal(want, again) {
		t.Fatal("two drawers drew different bytes")
	}
	d := drawer(t)
	var wg sync.WaitGroup
	results := make([][]byte, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := sample()
			c.Title = fmt.Sprintf("Warm-up card %d", i)
			d.Draw(c)
			results[i], _, _ = d.Draw(sample())
		}()
	}
	wg.Wait()
	for i, b := range results {
		if !bytes.Equal(want, b) {
			t.Errorf("goroutine %d drew different bytes", i)
		}
	}
}

func TestHash(t *testing.T) {
	base := sample()
	seen := map[string]string{base.Hash(): "base"}
	for name, f := range map[string]func(*Card){
		"site":       func(c *Card) { c.SiteName += "!" },
		"course":     func(c *Card) { c.Course += "!" },
		"title":      func(c *Card) { c.Title += "!" },
		"summary":    func(c *Card) { c.Summary += "!" },
		"credit":     func(c *Card) { c.Credit = "" },
		"support":    func(c *Card) { c.Support = "" },
		"background": func(c *Card) { c.Colors.Background = "#000000" },
		"foreground": func(c *Card) { c.Colors.Foreground = "#ffffff" },
		"accent":     func(c *Card) { c.Colors.Accent = "#ff0000" },
		"shifted":    func(c *Card) { c.SiteName, c.Course = c.SiteName+c.Course[:1], c.Course[1:] },
	} {
		c := sample()
		f(&c)
		h := c.Hash()
		if prev, dup := seen[h]; dup {
			t.Errorf("%s: same hash as %s", name, prev)
		}
		seen[h] = name
	}
	if sample().Hash() != base.Hash() {
		t.Error("hash is not stable")
	}

	qbase := sampleQuestion()
	qseen := map[string]string{qbase.Hash(): "base"}
	for name, f := range map[string]func(*Question){
		"site":      func(q *Question) { q.SiteName += "!" },
		"title":     func(q *Question) { q.Title += "!" },
		"stem":      func(q *Question) { q.Stem += "!" },
		"choice":    func(q *Question) { q.Choices = append([]string{}, q.Choices...); q.Choices[1] += "!" },
		"order":     func(q *Question) { q.Choices = []string{q.Choices[1], q.Choices[0], q.Choices[2], q.Choices[3]} },
		"one less":  func(q *Question) { q.Choices = q.Choices[:3] },
		"merged":    func(q *Question) { q.Choices = []string{q.Choices[0] + q.Choices[1], q.Choices[2], q.Choices[3]} },
		"link":      func(q *Question) { q.Link += "x" },
		"support":   func(q *Question) { q.Support = "" },
		"colours":   func(q *Question) { q.Colors.Accent = "#ff0000" },
		"fg colour": func(q *Question) { q.Colors.Foreground = "#000000" },
		"labels":    func(q *Question) { q.Labels = []string{"أ.", "ب.", "ج.", "د."} },
		"rtl":       func(q *Question) { q.RTL = true },
	} {
		q := sampleQuestion()
		f(&q)
		h := q.Hash()
		if prev, dup := qseen[h]; dup {
			t.Errorf("question %s: same hash as %s", name, prev)
		}
		qseen[h] = name
	}
	if c := (Card{Title: "x"}); c.Hash() == (Question{Title: "x"}).Hash() {
		t.Error("a card and a question share a hash")
	}
}

func TestColors(t *testing.T) {
	for _, tc := range []struct {
		fg, bg string
		want   float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#777777", "#ffffff", 4.478},
		{"#1b1f23", "#ffffff", 16.576},
		{"#fff", "#000", 21},
	} {
		got, err := Contrast(tc.fg, tc.bg)
		if err != nil || got < tc.want-0.01 || got > tc.want+0.01 {
			t.Errorf("Contrast(%s, %s) = %.3f, %v; want %.3f", tc.fg, tc.bg, got, err, tc.want)
		}
	}
	if _, err := Contrast("red", "#ffffff"); err == nil {
		t.Error("Contrast accepted \"red\"")
	}

	d := drawer(t)
	c := sample()
	c.Colors = Colors{Background: "#ffffff", Foreground: "#aaaaaa", Accent: "#ffee00"}
	_, warns, err := d.Draw(c)
	if err != nil {
		t.Fatal(err)
	}
	if !hasWarning(warns, "foreground #aaaaaa on background #ffffff has contrast 2.32:1") {
		t.Errorf("no foreground contrast warning: %q", warns)
	}
	if !hasWarning(warns, "credit badge text") {
		t.Errorf("no badge contrast warning: %q", warns)
	}
	c.Colors = Colors{Background: "#12161b", Foreground: "#e8edf2", Accent: "#7db8ff"}
	if _, warns, _ = d.Draw(c); len(warns) != 0 {
		t.Errorf("dark theme colours: warnings %q", warns)
	}
	c.Colors = Colors{Accent: "0b5cad"}
	if _, _, err = d.Draw(c); err == nil || !strings.Contains(err.Error(), `accent colour "0b5cad" is not #rrggbb`) {
		t.Errorf("bad colour: err = %v", err)
	}
}

// FuzzLayout: any text lays out without panicking, inside the margins, with
// the disclosure whole.
func FuzzLayout(f *testing.F) {
	f.Add("Sepsis Rounds", "Vasopressors in septic shock", "Norepinephrine first.", "0.25 credit", support)
	f.Add("", longWord, "", "", "")
	f.Add("医療", "敗血症性ショック、「昇圧薬」。", "Οξύ στεφανιαίο", "単位", "e\u0301 \u200d 🩺")
	d := drawer(f)
	f.Fuzz(func(t *testing.T, site, title, summary, credit, sup string) {
		l := d.Layout(Card{SiteName: site, Title: title, Summary: summary, Credit: credit, Support: sup})
		checkInside(t, "fuzz", l)
		// Printable ASCII always has glyphs, so it must all be drawn,
		// typeset as every card text is (curly quotes, dashes): nothing
		// is dropped or cut.
		plain := strings.Join(strings.Fields(sup), " ")
		want := string(typeset([]rune(plain)))
		ascii := !strings.ContainsFunc(plain, func(r rune) bool { return r < 0x20 || r > 0x7e })
		if got := textOf(l, "support"); ascii && len(plain) < 300 && got != want {
			t.Errorf("support %q drawn as %q", want, got)
		}
		for _, shape := range Shapes {
			q := d.LayoutQuestion(Question{SiteName: site, Title: title, Stem: summary, Choices: []string{credit, sup}, Link: site, Support: sup, Shape: shape})
			checkInside(t, "fuzz question "+shape.String(), q)
		}
	})
}

// cards is a varied set, so that the benchmark measures layout and glyphs as
// a site would have them, not one card over and over.
func cards(n int) []Card {
	words := strings.Fields("sepsis shock fluids vasopressors lactate antibiotics cultures source control norepinephrine vasopressin steroids ventilation oxygen kidney injury delirium nutrition mobility")
	out := make([]Card, n)
	for i := range out {
		c := sample()
		var title []string
		for j := 0; j < 4+i%7; j++ {
			title = append(title, words[(i*7+j*3)%len(words)])
		}
		c.Title = strings.ToUpper(title[0][:1]) + strings.Join(title, " ")[1:]
		c.Summary = strings.Repeat(strings.Join(title, ", ")+". ", 1+i%3)
		out[i] = c
	}
	return out
}

// BenchmarkDraw draws with one shared Drawer, as a build does: glyphs are
// rasterised once and reused.
func BenchmarkDraw(b *testing.B) {
	d := drawer(b)
	cs := cards(64)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, _, err := d.Draw(cs[i%len(cs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cards/s")
}

// BenchmarkDrawCold draws every card with a new Drawer: every glyph is
// rasterised again (the fonts stay parsed, as they are once per process).
func BenchmarkDrawCold(b *testing.B) {
	cs := cards(64)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, _, err := drawer(b).Draw(cs[i%len(cs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cards/s")
}

func BenchmarkDrawQuestion(b *testing.B) {
	d := drawer(b)
	for b.Loop() {
		if _, _, err := d.DrawQuestion(sampleQuestion()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cards/s")
}

// The encoder's output decodes, with image/png, to exactly the pixels drawn:
// a card, an image of noise (every byte value, few matches) and flat images
// of other widths (runs only, no row matches).
func TestEncodePNGRoundTrip(t *testing.T) {
	d := drawer(t)
	pal, _, _ := newPalette(Colors{}, true)
	imgs := []*image.Paletted{render(d.Layout(sample()), pal, nil)}
	noise := image.NewPaletted(image.Rect(0, 0, Width, Height), pal.colors)
	x := uint32(1)
	for i := range noise.Pix {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		noise.Pix[i] = uint8(x % uint32(len(pal.colors)))
		if i%7 < 3 { // some runs and repeats too
			noise.Pix[i] = 0
		}
	}
	imgs = append(imgs, noise)
	for _, r := range []image.Rectangle{image.Rect(0, 0, 1, 1), image.Rect(0, 0, 3, 700), image.Rect(0, 0, 2000, 5)} {
		img := image.NewPaletted(r, pal.colors)
		for i := range img.Pix {
			img.Pix[i] = uint8(i / 500 % 3)
		}
		imgs = append(imgs, img)
	}
	for i, img := range imgs {
		b, _ := encodePNG(img, nil)
		got, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("image %d: %v", i, err)
		}
		p, ok := got.(*image.Paletted)
		if !ok || p.Rect != img.Rect || !bytes.Equal(p.Pix, img.Pix) || len(p.Palette) != len(img.Palette) {
			t.Errorf("image %d: decoded pixels differ", i)
		}
	}
}

// BenchmarkEncode compares the image kinds and compression levels that the
// encoder could use; the card uses paletted + BestSpeed.
func BenchmarkEncode(b *testing.B) {
	d := drawer(b)
	pal, _, _ := newPalette(Colors{}, true)
	img := render(d.Layout(sample()), pal, nil)
	nrgba := image.NewNRGBA(img.Bounds())
	draw.Draw(nrgba, nrgba.Bounds(), img, image.Point{}, draw.Src)
	b.Run("paletted/encodePNG", func(b *testing.B) {
		var out, raw []byte
		for b.Loop() {
			out, raw = encodePNG(img, raw)
		}
		b.ReportMetric(float64(len(out)), "bytes")
	})
	for _, tc := range []struct {
		name  string
		img   image.Image
		level png.CompressionLevel
	}{
		{"paletted/BestSpeed", img, png.BestSpeed},
		{"paletted/Default", img, png.DefaultCompression},
		{"nrgba/BestSpeed", nrgba, png.BestSpeed},
		{"nrgba/Default", nrgba, png.DefaultCompression},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var size int
			for b.Loop() {
				var buf bytes.Buffer
				enc := png.Encoder{CompressionLevel: tc.level}
				if err := enc.Encode(&buf, tc.img); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(size), "bytes")
		})
	}
}

// The link line is drawn in the card's language when the site gives it,
// and a card in another language is another card in the cache.
func TestQuestionLinkLineInLanguage(t *testing.T) {
	d := drawer(t)
	en := sampleQuestion()
	ar := sampleQuestion()
	ar.AnswerAt = "أجب على " + ar.Link
	if en.Hash() == ar.Hash() {
		t.Fatal("the link line is not in the question card's hash")
	}
	a, _, err := d.DrawQuestion(en)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := d.DrawQuestion(ar)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, b) {
		t.Error("the Arabic link line draws the English card")
	}
}
