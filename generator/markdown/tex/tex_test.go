package tex

import (
	"strings"
	"testing"
)

func TestConvert(t *testing.T) {
	c := New()
	got, err := c.Convert(`\frac{a}{b} = \sqrt{x^2+1}`, false)
	if err != nil {
		t.Fatal(err)
	}
	want := `<math><mrow><mfrac><mi>a</mi><mi>b</mi></mfrac><mo>=</mo><msqrt><mrow><msup><mi>x</mi><mn class="tml-sml-pad">2</mn></msup><mo>+</mo><mn>1</mn></mrow></msqrt></mrow></math>`
	if got != want {
		t.Errorf("inline:\n got %s\nwant %s", got, want)
	}
	got, err = c.Convert(`x`, true)
	if err != nil || !strings.HasPrefix(got, `<math display="block" class="tml-display">`) || strings.Contains(got, "style=") {
		t.Errorf("display: %q, %v", got, err)
	}
}

func TestErrors(t *testing.T) {
	c := New()
	for _, tc := range []struct {
		tex    string
		offset int
		msg    string
	}{
		{`\frac{a}{`, -1, "unexpected end of input"},
		{`a + \badcommand x`, 4, `unsupported function name: \badcommand`},
		{`é + \nope`, 5, `\nope`},
		{`\href{javascript:alert(1)}{x}`, -2, ""},
	} {
		_, err := c.Convert(tc.tex, false)
		if tc.offset == -2 {
			continue // allowed either way, as long as it does not link (see TestNoLinks)
		}
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("%q: err %v, want an *Error", tc.tex, err)
			continue
		}
		if tc.offset >= 0 && e.Offset != tc.offset {
			t.Errorf("%q: offset %d, want %d (%s)", tc.tex, e.Offset, tc.offset, e.Message)
		}
		if !strings.Contains(strings.ToLower(e.Message), strings.ToLower(tc.msg)) {
			t.Errorf("%q: message %q, want %q in it", tc.tex, e.Message, tc.msg)
		}
	}
}

func TestNoLinks(t *testing.T) {
	c := New()
	for _, tex := range []string{`\href{javascript:alert(1)}{x}`, `\url{https://example.org}`, `\includegraphics{x.png}`, `\htmlClass{x}{y}`} {
		got, _ := c.Convert(tex, false)
		if strings.Contains(got, "href") || strings.Contains(got, "<img") || strings.Contains(got, "src=") {
			t.Errorf("%q gave %s", tex, got)
		}
	}
}

func FuzzConvert(f *testing.F) {
	for _, s := range []string{`\frac{a}{b}`, `x^2_3`, `\begin{matrix}a&b\\c&d\end{matrix}`, `\text{MAP} = \frac{SBP + 2 DBP}{3}`, `\left(\right.`, `\sqrt[3]{x}`, `\def\a{\a}\a`} {
		f.Add(s, false)
	}
	c := New()
	f.Fuzz(func(t *testing.T, s string, display bool) {
		out, err := c.Convert(s, display)
		if err != nil {
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("%q: error %T %v", s, err, err)
			}
			if e.Offset > len(s) {
				t.Fatalf("%q: offset %d beyond the formula", s, e.Offset)
			}
			return
		}
		// No style attribute (the CSP refuses inline styles); MathML's
		// displaystyle attribute is not one.
		if !strings.HasPrefix(out, "<math") || strings.Contains(out, " style=") {
			t.Fatalf("%q: %s", s, out)
		}
	})
}
