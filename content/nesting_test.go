package content

import (
	"strings"
	"testing"
)

func TestNestingDepth(t *testing.T) {
	cases := []struct {
		name, body string
		depth      int
		at         int // offset of the marker that first reached depth
	}{
		{"none", "Text.\n", 0, -1},
		{"one list", "- a\n- b\n", 1, 0},
		{"nested by indent", "- a\n  - b\n    - c\n", 3, 14},
		{"markers on one line", "- - - a\n", 3, 4},
		{"ordered", "1. a\n   2) b\n", 1, 0},
		{"ordered nested", "1. 1. a\n", 2, 3},
		{"quotes", "> > a\n", 2, 2},
		{"quotes without spaces", ">>>a\n", 3, 2},
		{"a quote in a list", "- a\n  > b\n", 2, 6},
		{"not indented enough: a new list", "- a\n - b\n", 1, 0},
		{"a blank line inside a list item", "- a\n\n  - b\n", 2, 7},
		{"a blank line ends a quote", "> a\n\n> b\n", 1, 0},
		{"lazy continuation keeps containers open", "> > a\nb\n> > - c\n", 3, 12},
		{"no lazy continuation after a blank line", "> > a\n\n- c\n", 2, 2},
		{"thematic break is not a list", "- - -\n", 0, -1},
		{"thematic break inside a list", "- * * *\n", 1, 0},
		{"fenced code opens nothing", "```\n- - - a\n```\n", 0, -1},
		{"fenced code in a list", "- ```\n  > > a\n  ```\n", 1, 0},
		{"a fence closes with its containers", "> ```\n- - a\n", 2, 8},
		{"indented code opens nothing", "    - - a\n", 0, -1},
		{"four spaces after a marker", "-     - a\n", 1, 0},
		{"marker needs a space", "-a *b +c 1.d\n", 0, -1},
		{"ten digits is not a marker", "1234567890. a\n", 0, -1},
		{"empty item", "-\n  - a\n", 2, 4},
		{"only 1. interrupts a paragraph", "- a\n  2. b\n  1. c\n", 2, 13},
		{"an empty item does not interrupt a paragraph", "- a\n  -\n  - c\n", 2, 10},
		{"after a blank line any number starts a list", "- a\n\n  2. b\n", 2, 7},
		{"tabs", "-\t-\ta\n", 2, 2},
		{"crlf", "- a\r\n  - b\r\n", 2, 7},
	}
	for _, c := range cases {
		depth, at := NestingDepth([]byte(c.body), 1000)
		if depth != c.depth || at != c.at {
			t.Errorf("%s: NestingDepth(%q) = %d at %d, want %d at %d", c.name, c.body, depth, at, c.depth, c.at)
		}
	}
}

// Past the limit, NestingDepth stops at the first marker deeper than it.
func TestNestingDepthStopsPastTheLimit(t *testing.T) {
	body := strings.Repeat("- ", 100) + "a\n"
	depth, at := NestingDepth([]byte(body), MaxNesting)
	if depth != MaxNesting+1 || at != 2*MaxNesting {
		t.Errorf("got %d at %d, want %d at %d", depth, at, MaxNesting+1, 2*MaxNesting)
	}
}

// A module nested deeper than MaxNesting is refused at the opening marker
// of the first level too many; one at the limit is read.
func TestParseModuleNestingLimit(t *testing.T) {
	head := "+++\ntitle = \"T\"\n+++\n"
	ok := head + "Intro.\n\n" + strings.Repeat("> ", MaxNesting) + "a\n"
	if _, l := ParseModule("m.md", []byte(ok), nil, nil); l.HasErrors() {
		t.Errorf("%d levels refused: %v", MaxNesting, l)
	}
	for _, body := range []string{
		strings.Repeat("- ", 32000) + "x\n",
		strings.Repeat("> ", MaxNesting) + "- a\n",
	} {
		src := head + "Intro.\n\n" + body
		m, l := ParseModule("m.md", []byte(src), nil, nil)
		want := "m.md:6:65: error: size: lists and block quotes nested 33 deep, over the limit of 32"
		if m != nil || len(l) != 1 || l[0].String() != want {
			t.Errorf("%.20q...: module %v, diagnostics %v, want %q", body, m != nil, l, want)
		}
	}
}
