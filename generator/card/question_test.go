package card

import (
	"testing"
)

// An Arabic question card is set right to left whatever script a line
// starts with: each choice's label stands at the right edge, right of
// its text, and the text of every choice ends at the same x (the
// hanging indent, mirrored), its later lines included.
func TestRightToLeftQuestion(t *testing.T) {
	d := drawer(t)
	for _, shape := range Shapes {
		q := Question{SiteName: "CME Site", Title: "علاج الإنتان", Stem: "Acmezolid: ما الجرعة الأولى الموصى بها للبالغين؟",
			Choices: []string{"Acmezolid 500 mg كل 8 ساعات", "جرعة واحدة فقط عند الحاجة مع مراقبة الضغط الشرياني والنبض كل ساعة طوال الليلة الأولى من العلاج", "لا شيء", "IV fluids 30 mL/kg"},
			Labels:  []string{"أ.", "ب.", "ج.", "د."}, RTL: true, Link: "cme.example.org/ar/c/m/", Shape: shape}
		l := d.LayoutQuestion(q)
		right := 0 // the right edge of the lines
		textEdge := map[int]int{}
		lines := map[int]int{}
		for _, ln := range l.Lines {
			if !ln.RTL {
				t.Errorf("%s: %s line %q is set left to right", shape, ln.Kind, ln.Text)
			}
			if ln.Kind == "site" || ln.Kind == "stem" {
				right = max(right, ln.X+ln.Width)
			}
			if ln.Kind != "choice" || len(ln.Glyphs) == 0 {
				continue
			}
			gs := ln.Glyphs
			edge := 0 // the right edge of the choice's text on this line
			if lines[ln.Item] == 0 {
				// Glyphs are in visual order: the label's two last, at the right.
				label, text := gs[len(gs)-2:], gs[:len(gs)-2]
				if label[1].Rune != []rune(q.Labels[ln.Item])[0] {
					t.Errorf("%s: choice %d ends with %q, not its label", shape, ln.Item, label[1].Rune)
				}
				for _, g := range text {
					edge = max(edge, g.X+g.mask.ink[2])
				}
				if edge >= label[0].X {
					t.Errorf("%s: choice %d's text reaches %d, past its label at %d", shape, ln.Item, edge, label[0].X)
				}
				if r := ln.X + ln.Width; r < right-2 {
					t.Errorf("%s: choice %d ends at %d, not at the right edge %d", shape, ln.Item, r, right)
				}
			} else {
				edge = ln.X + ln.Width
			}
			lines[ln.Item]++
			if _, ok := textEdge[ln.Item]; !ok || lines[ln.Item] > 1 {
				textEdge[ln.Item] = max(textEdge[ln.Item], edge)
			}
		}
		if lines[1] < 2 {
			t.Fatalf("%s: the long choice took %d lines; the test needs it to wrap", shape, lines[1])
		}
		lo, hi := right, 0
		for _, e := range textEdge {
			lo, hi = min(lo, e), max(hi, e)
		}
		// Glyphs' side bearings differ by a few pixels; the label's room
		// is tens of pixels.
		if hi-lo > 8 {
			t.Errorf("%s: the choices' texts end between x=%d and %d, not aligned", shape, lo, hi)
		}
	}
}

// A right-to-left card without letters of its own (a Hebrew site has no
// table: A, B, C stand in) keeps "A." as it is written, at the right of
// its choice, whatever script the choice is in.
func TestLatinLabelOnRightToLeftCard(t *testing.T) {
	d := drawer(t)
	q := Question{SiteName: "S", Title: "t", Stem: "מה?", Choices: []string{"IV fluids", "שלום עולם"}, Link: "x.org/a", RTL: true}
	n := 0
	for _, ln := range d.LayoutQuestion(q).Lines {
		if ln.Kind != "choice" {
			continue
		}
		gs := ln.Glyphs
		want := []rune{'A', '.'}
		if ln.Item == 1 {
			want = []rune{'B', '.'}
		}
		if got := []rune{gs[len(gs)-2].Rune, gs[len(gs)-1].Rune}; string(got) != string(want) {
			t.Errorf("choice %d ends with %q, want the label %q at its right", ln.Item, string(got), string(want))
		}
		n++
	}
	if n != 2 {
		t.Fatalf("%d choice lines, want 2", n)
	}
}
