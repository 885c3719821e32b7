package content

import (
	"github.com/rounds-dev/rounds/content/i18n"
	"strings"
	"testing"
)

func TestXLength(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       int
	}{
		{"empty", "", 0},
		{"ascii", "hello world", 11},
		{"hashtag", "#ad", 3},
		{"newline", "a\nb", 3},

		// URLs count 23 whatever their length.
		{"url", "Read https://rounds.dev/sepsis/vasopressors/ now", 5 + 23 + 4},
		{"long url", "https://example.com/" + strings.Repeat("x", 200), 23},
		{"two urls", "http://a.com https://b.org/x?y=1#z", 23 + 1 + 23},
		{"bare domain with path", "see rounds.dev/x", 4 + 23},
		{"bare domain, full stop after", "see example.com.", 4 + 23 + 1},
		{"upper case", "Visit EXAMPLE.COM", 6 + 23},
		{"short ccTLD domain without path", "t.co", 4},
		{"short ccTLD domain with path", "t.co/abc", 23},
		{"url in parentheses", "(https://x.com/a)", 1 + 23 + 1},
		{"balanced parentheses in path", "https://en.wikipedia.org/wiki/Sepsis_(disease)", 23},
		{"abbreviation", "e.g. this", 9},
		{"decimal", "0.25 credits", 12},
		{"email", "user@example.com", 16},

		// Emoji count 2, a whole sequence once.
		{"emoji", "😀", 2},
		{"emoji in text", "a😀b", 4},
		{"skin tone", "👍🏽", 2},
		{"ZWJ family", "👨\u200d👩\u200d👧\u200d👦", 2},
		{"ZWJ profession with skin tone", "👩🏽\u200d⚕\ufe0f", 2},
		{"flag", "🇯🇵", 2},
		{"two flags", "🇯🇵🇬🇧", 4},
		{"heart with presentation selector", "❤\ufe0f", 2},
		{"heart", "❤", 2},
		{"keycap", "1\ufe0f\u20e3", 2},
		{"hash keycap", "#\ufe0f\u20e3", 2},
		{"subdivision flag", "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", 2},

		// CJK counts 2 per character.
		{"kanji", "日本語", 6},
		{"hiragana", "こんにちは", 10},
		{"hangul", "한국어", 6},
		{"mixed", "MRI検査", 3 + 4},
		{"ideographic full stop", "。", 2},

		// Text is NFC-normalised first.
		{"NFD e acute", "e\u0301", 1},
		{"NFD word", "Ame\u0301rique", 8},
		{"NFD hangul syllable", "\u1112\u1161\u11ab", 2},
		{"combining mark without composition", "q\u0301", 2},
		{"NFC e acute", "\u00e9", 1},

		// The General Punctuation ranges.
		{"ellipsis", "…", 2},
		{"em dash", "—", 1},
		{"right quote", "’", 1},
		{"bullet", "•", 2},
		{"trade mark", "™", 2},
		{"copyright", "©", 1},
		{"copyright emoji", "©\ufe0f", 2},
		{"disclosure", "#ad Supported by an educational grant from Acme Pharma.", 55},
	} {
		if got := XLength(tc.text); got != tc.want {
			t.Errorf("%s: XLength(%q) = %d, want %d", tc.name, tc.text, got, tc.want)
		}
	}
}

const (
	testURL   = "https://rounds.dev/sepsis/vasopressors/"
	testTitle = "Vasopressors in septic shock"
	xDisc     = "#ad Supported by an educational grant from Acme Pharma."
	otherDisc = "Sponsored: supported by an educational grant from Acme Pharma."
)

func posts(t *testing.T, in ShareInput) (x, linkedin, facebook string) {
	t.Helper()
	ps := PostTexts(in)
	if len(ps) != 9 || ps[0].Platform != "x" || ps[1].Platform != "linkedin" || ps[2].Platform != "facebook" {
		t.Fatalf("platforms: %+v", ps)
	}
	return ps[0].Text, ps[1].Text, ps[2].Text
}

func TestPostTexts(t *testing.T) {
	in := ShareInput{
		Title:    testTitle,
		Summary:  "Norepinephrine first,\n  vasopressin second.",
		URL:      testURL,
		Hashtags: []string{"MedEd", "#Sepsis", "med ed", "FOAMed!", ""},
	}
	want := testTitle + "\n\nNorepinephrine first, vasopressin second.\n\n" + testURL + "\n#MedEd #Sepsis #FOAMed"
	wantFB := testTitle + "\n\nNorepinephrine first, vasopressin second.\n\nStart here: " + testURL + "\n#MedEd #Sepsis"
	x, li, fb := posts(t, in)
	for name, tc := range map[string][2]string{"x": {x, want}, "linkedin": {li, want}, "facebook": {fb, wantFB}} {
		if tc[0] != tc[1] {
			t.Errorf("%s:\n%q\nwant\n%q", name, tc[0], tc[1])
		}
	}

	in.Supporter, in.SupportKind = "Acme Pharma", "educational grant"
	x, li, fb = posts(t, in)
	if x != xDisc+"\n\n"+want {
		t.Errorf("supported x:\n%q", x)
	}
	if li != otherDisc+"\n\n"+want || fb != otherDisc+"\n\n"+wantFB {
		t.Errorf("supported linkedin/facebook:\n%q\n%q", li, fb)
	}

	in.Title = "Ame\u0301rique"
	if x, _, _ = posts(t, in); !strings.Contains(x, "\n\nAm\u00e9rique\n\n") {
		t.Errorf("NFD title not composed: %q", x)
	}
}

func TestPostDisclosureWording(t *testing.T) {
	for _, tc := range []struct {
		supporter, kind, x, other string
	}{
		{"Acme Pharma", "grant", "#ad Supported by a grant from Acme Pharma.", "Sponsored: supported by a grant from Acme Pharma."},
		{"Acme Inc.", "unrestricted educational grant", "#ad Supported by an unrestricted educational grant from Acme Inc.", "Sponsored: supported by an unrestricted educational grant from Acme Inc."},
		{"Acme", "in-kind", "#ad In-kind support from Acme.", "Sponsored: in-kind support from Acme."},
		{"Acme", "in-kind: ultrasound machines", "#ad In-kind support (ultrasound machines) from Acme.", "Sponsored: in-kind support (ultrasound machines) from Acme."},
		{" Acme ", "", "#ad Supported by Acme.", "Sponsored: supported by Acme."},
		{"", "educational grant", "", ""},
	} {
		x, li, _ := posts(t, ShareInput{Title: "T", URL: testURL, Supporter: tc.supporter, SupportKind: tc.kind})
		if tc.x == "" {
			if x != "T\n\n"+testURL || li != x {
				t.Errorf("no supporter: %q, %q", x, li)
			}
			continue
		}
		if !strings.HasPrefix(x, tc.x+"\n\n") {
			t.Errorf("%s/%s: x %q, want it to start with %q", tc.supporter, tc.kind, x, tc.x)
		}
		if !strings.HasPrefix(li, tc.other+"\n\n") {
			t.Errorf("%s/%s: linkedin %q, want it to start with %q", tc.supporter, tc.kind, li, tc.other)
		}
	}
}

// A module's disclosure line, as lists, feeds and indexes show it beside
// the title, is the post's disclosure phrase.
func TestSupportLine(t *testing.T) {
	for _, tc := range []struct {
		s    *Support
		want string
	}{
		{&Support{Supporter: "Acme Pharma", Kind: "educational grant"}, "Supported by an educational grant from Acme Pharma."},
		{&Support{Supporter: "Acme", Kind: "in-kind: scanners"}, "In-kind support (scanners) from Acme."},
		{&Support{Supporter: "Acme."}, "Supported by Acme."},
		{&Support{Kind: "grant"}, ""},
		{nil, ""},
	} {
		if got := SupportLine(tc.s); got != tc.want {
			t.Errorf("SupportLine(%+v) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

// A course discloses the support of every module it lists: one line when
// they share it, a count per kind of support otherwise; a course's posts
// start with it.
func grant(from string) *Support { return &Support{Supporter: from, Kind: "educational grant"} }

func TestCourseSupportLine(t *testing.T) {
	acme := &Support{Supporter: "Acme Pharma", Kind: "educational grant"}
	beta := &Support{Supporter: "Beta Labs", Kind: "in-kind: scanners"}
	for _, tc := range []struct {
		each []*Support
		want string
	}{
		{[]*Support{acme, acme, acme}, "Supported by an educational grant from Acme Pharma."},
		{[]*Support{acme, nil, acme}, "2 of 3 modules are supported by an educational grant from Acme Pharma."},
		{[]*Support{nil, acme}, "1 of 2 modules is supported by an educational grant from Acme Pharma."},
		{[]*Support{beta, acme, beta}, "2 of 3 modules receive in-kind support (scanners) from Beta Labs; 1 of 3 is supported by an educational grant from Acme Pharma."},
		{[]*Support{acme, beta}, "1 of 2 modules is supported by an educational grant from Acme Pharma; 1 of 2 receives in-kind support (scanners) from Beta Labs."},
		{[]*Support{nil, nil}, ""},
		{nil, ""},
		// One clause per kind of support, naming each supporter once: a
		// course with many supporters still fits its card.
		{[]*Support{acme, grant("Gamma Inc"), acme, grant("Delta AG"), nil}, "4 of 5 modules are supported by an educational grant from Acme Pharma, Gamma Inc, or Delta AG."},
		{[]*Support{acme, grant("Gamma Inc")}, "2 of 2 modules are supported by an educational grant from Acme Pharma or Gamma Inc."},
		{[]*Support{beta, {Supporter: "Omega", Kind: "in-kind: scanners"}, acme}, "2 of 3 modules receive in-kind support (scanners) from Beta Labs or Omega; 1 of 3 is supported by an educational grant from Acme Pharma."},
	} {
		if got := CourseSupportLine(tc.each); got != tc.want {
			t.Errorf("CourseSupportLine = %q, want %q", got, tc.want)
		}
	}
	x, li, _ := posts(t, ShareInput{Title: "Sepsis", URL: testURL, Course: []*Support{acme, nil}})
	if want := "#ad 1 of 2 modules is supported by an educational grant from Acme Pharma.\n\nSepsis"; !strings.HasPrefix(x, want) {
		t.Errorf("course x post %q, want it to start with %q", x, want)
	}
	if want := "Sponsored: 1 of 2 modules is supported"; !strings.HasPrefix(li, want) {
		t.Errorf("course linkedin post %q, want it to start with %q", li, want)
	}
}

// The hook is shortened at a word boundary to exactly fill 280, and the
// disclosure, the title, the link and the hashtags are kept whole.
func TestXShortensTheHook(t *testing.T) {
	summary := strings.TrimSpace(strings.Repeat("word ", 100))
	x, li, _ := posts(t, ShareInput{Title: testTitle, Summary: summary, URL: testURL, Hashtags: []string{"MedEd"},
		Supporter: "Acme Pharma", SupportKind: "educational grant"})
	// 55 + 2 + 28 + 2 + hook + 2 + 23 + 1 + 6 = 119 + hook; 32 words and "…" weigh 5*32-1+2 = 161.
	hook := strings.TrimSpace(strings.Repeat("word ", 32)) + "…"
	want := xDisc + "\n\n" + testTitle + "\n\n" + hook + "\n\n" + testURL + "\n#MedEd"
	if x != want {
		t.Errorf("x:\n%q\nwant\n%q", x, want)
	}
	if n := XLength(x); n != 280 {
		t.Errorf("XLength = %d, want 280", n)
	}
	// LinkedIn keeps a longer hook: 400 characters at most.
	if parts := strings.Split(li, "\n\n"); len(parts) != 4 || len([]rune(parts[2])) > 400 || !strings.HasSuffix(parts[2], "word…") {
		t.Errorf("linkedin: %q", li)
	}
}

// When the title alone is too long, the hook goes, then the title is
// shortened; the disclosure and the link are never touched.
func TestXShortensTheTitle(t *testing.T) {
	title := strings.TrimSpace(strings.Repeat("Management of community-acquired pneumonia ", 8))
	x, _, _ := posts(t, ShareInput{Title: title, Summary: "A hook.", URL: testURL, Hashtags: []string{"MedEd"},
		Supporter: "Acme Pharma", SupportKind: "educational grant"})
	parts := strings.Split(x, "\n\n")
	if len(parts) != 3 || parts[0] != xDisc || parts[2] != testURL+"\n#MedEd" {
		t.Fatalf("x: %q", parts)
	}
	kept := strings.TrimSuffix(parts[1], "…")
	if kept == parts[1] || !strings.HasPrefix(title, kept) || title[len(kept)] != ' ' {
		t.Errorf("title not cut at a word boundary: %q", parts[1])
	}
	if n := XLength(x); n > 280 || n < 270 {
		t.Errorf("XLength = %d", n)
	}

	// A long supporter name: the title shrinks to one word, the hashtags stay.
	sup := strings.TrimSpace(strings.Repeat("Acme ", 36)) // 179 characters
	x, _, _ = posts(t, ShareInput{Title: testTitle, Summary: "A hook.", URL: testURL, Hashtags: []string{"MedEd", "Sepsis"},
		Supporter: sup, SupportKind: "educational grant"})
	// 223 + 2 + title + 2 + 23 + 1 + 14: "Vasopressors…" (14) gives 279.
	want := "#ad Supported by an educational grant from " + sup + ".\n\nVasopressors…\n\n" + testURL + "\n#MedEd #Sepsis"
	if x != want || XLength(x) != 279 {
		t.Errorf("x (%d):\n%q\nwant\n%q", XLength(x), x, want)
	}

	// Too long even without a title: hashtags go; the disclosure and the
	// link stay whole even though the post is then over the limit.
	sup = strings.TrimSpace(strings.Repeat("Acme ", 45))
	x, _, _ = posts(t, ShareInput{Title: testTitle, URL: testURL, Hashtags: []string{"MedEd"}, Supporter: sup, SupportKind: "educational grant"})
	if want := "#ad Supported by an educational grant from " + sup + ".\n\n" + testURL; x != want {
		t.Errorf("x:\n%q\nwant\n%q", x, want)
	}
}

// CJK has no spaces: the hook is cut between characters, each weighing 2.
func TestXShortensCJK(t *testing.T) {
	summary := strings.Repeat("敗血症", 100)
	x, _, _ := posts(t, ShareInput{Title: "敗血症", Summary: summary, URL: testURL, Hashtags: []string{"MedEd"}})
	// 6 + 2 + hook + 2 + 23 + 1 + 6 = 40 + hook; 119 characters and "…" weigh 240.
	want := "敗血症\n\n" + string([]rune(summary)[:119]) + "…\n\n" + testURL + "\n#MedEd"
	if x != want || XLength(x) != 280 {
		t.Errorf("x (%d):\n%q\nwant\n%q", XLength(x), x, want)
	}
}

// Long input is measured in near-linear time: bisection over the cuts, and a
// cap on how far a host name is scanned.
func TestShareLargeInput(t *testing.T) {
	if n := XLength(strings.Repeat("a.", 100000)); n != 200000 {
		t.Errorf("XLength = %d", n)
	}
	x, _, _ := posts(t, ShareInput{Title: testTitle, Summary: strings.Repeat("word ", 50000), URL: testURL})
	// 28 + 2 + hook + 2 + 23: 44 words and "…" (221) are the most that fit.
	if n := XLength(x); n != 276 {
		t.Errorf("XLength = %d", n)
	}
}

// FuzzPostTexts: never panics; the X text keeps the disclosure first and the
// link whole, and fits 280 whenever the disclosure and link alone leave room.
func FuzzPostTexts(f *testing.F) {
	f.Add("Vasopressors in septic shock", "Norepinephrine first.", "Acme Pharma", "educational grant", "MedEd")
	f.Add("敗血症", strings.Repeat("敗血症", 100), "", "", "")
	f.Add("e\u0301 👨\u200d👩\u200d👧", "see https://x.com/a) and t.co/b.", "Acme", "in-kind: scanners", "#a b")
	f.Fuzz(func(t *testing.T, title, summary, supporter, kind, tag string) {
		ps := PostTexts(ShareInput{Title: title, Summary: summary, URL: testURL, Hashtags: []string{tag}, Supporter: supporter, SupportKind: kind})
		x := ps[0].Text
		phrase := supportPhrase(i18n.English(), supporter, kind)
		if phrase != "" && !strings.HasPrefix(x, "#ad ") {
			t.Fatalf("disclosure not first: %q", x)
		}
		if !strings.Contains(x, testURL) {
			t.Fatalf("link lost: %q", x)
		}
		if XLength("#ad "+phrase+"\n\n"+testURL) <= XMaxLength && XLength(x) > XMaxLength {
			t.Fatalf("XLength %d: %q", XLength(x), x)
		}
	})
}
