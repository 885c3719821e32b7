package content

import (
	"fmt"
	"strings"
	"testing"
)

// cites formats citations as key@offset.
func cites(cs []Cite) string {
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s@%d", c.Key, c.Offset))
	}
	return strings.Join(out, " ")
}

func TestScanCitations(t *testing.T) {
	cases := []struct {
		name, body string
		want       string // key@offset of the '@', space-separated
		bug        string
	}{
		{"one", "See [@evans2021].", "evans2021@5", ""},
		{"several", "[@a; @b]", "a@1 b@5", ""},
		{"several, no spaces", "[@a;@b;  @c]", "a@1 b@4 c@9", ""},
		{"locator", "[@a, p. 12]", "a@1", ""},
		{"locator after several", "[@a; @b, pp. 3-4]", "a@1 b@5", ""},
		{"key punctuation", "[@smith-jones_2020:ch.2/a]", "smith-jones_2020:ch.2/a@1", ""},
		{"digits", "[@2021who]", "2021who@1", ""},
		{"period after the group", "as shown [@a].\nNext [@b], then", "a@10 b@21", ""},
		{"two groups on a line", "x [@a] y [@b]", "a@3 b@10", ""},
		{"an opener inside a group", "[@a [@b]", "b@5", ""},
		{"offsets on later lines", "line one\n\nline [@a]\n", "a@16", ""},
		{"crlf", "a\r\n[@a]\r\n", "a@4", ""},
		{"utf-8 before", "é [@a]", "a@4", ""},
		{"code span", "`[@a]` and [@b]", "b@12", ""},
		{"double backtick code span", "``x ` [@a]`` [@b]", "b@14", ""},
		{"unclosed backtick", "` [@a]", "a@3", ""},
		{"backtick fence", "```\n[@a]\n```\n[@b]", "b@14", ""},
		{"fence with info", "```markdown\n[@a]\n```\n[@b]", "b@22", ""},
		{"tilde fence", "~~~\n[@a]\n~~~\n[@b]", "b@14", ""},
		{"indented fence", "   ```\n[@a]\n   ```\n[@b]", "b@20", ""},
		{"longer closing fence", "```\n[@a]\n`````\n[@b]", "b@16", ""},
		{"shorter line does not close", "````\n```\n[@a]\n````\n[@b]", "b@20", ""},
		{"other fence char does not close", "```\n~~~\n[@a]\n```\n[@b]", "b@18", ""},
		{"unclosed fence", "```\n[@a]\n", "", ""},
		{"escaped", `\[@a] [@b]`, "b@7", ""},
		{"e-mail", "write to x@y.org or [x@y.org]", "", ""},
		{"prefix text", "[see @a]", "", ""},
		{"plain brackets", "[a] [b](http://x) [ @a]", "", ""},
		{"not at the start of a part", "[@a; see @b]", "", ""},
		{"empty part", "[@a;]", "", ""},
		{"empty key", "[@]", "", ""},
		{"unclosed", "[@a", "", ""},
		{"unclosed before close on next line", "[@a\n]", "", ""},
		{"key then junk", "[@a!]", "", ""},
		{"at sign in key", "[@a@b]", "", ""},
		{"trailing period in the key", "[@a.]", "a@1", ""},
		{"trailing punctuation before a locator", "[@a.:, p. 3; @b/]", "a@1 b@13", ""},
		{"punctuation inside the key", "[@a.b-c]", "a.b-c@1", ""},
		{"only punctuation", "[@.]", "", ""},
		{"code span across lines", "`a\n[@a]\nb`", "", ""},
		{"code span across lines, then a citation", "`a\n[@a]\nb` [@b]", "b@12", ""},
		{"a blank line ends the paragraph and the span", "`a\n\n[@a]\nb`", "a@5", ""},
		{"a heading ends the paragraph", "`a\n# [@a]\nb`", "a@6", ""},
		{"a fence ends the paragraph", "`a\n```\nx\n```\n[@a]`", "a@14", ""},
		{"closer of another length", "``a`\n[@a]", "a@6", ""},
		{"closer must be the whole run", "`a``\n[@a]`", "", ""},
		{"backtick runs of many lengths", "` `` ``` [@a]", "a@10", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := []byte(c.body)
			got := ScanCitations(body)
			var p problems
			if s := cites(got); s != c.want {
				p.errorf("ScanCitations(%q) = %q, want %q", c.body, s, c.want)
			}
			for _, ct := range got {
				if ct.Offset < 0 || ct.Offset >= len(body) || body[ct.Offset] != '@' {
					p.errorf("offset %d does not point at '@'", ct.Offset)
				}
			}
			p.report(t, c.bug)
		})
	}
}

func TestParseCiteGroup(t *testing.T) {
	cases := []struct {
		s    string
		want string
		n    int
	}{
		{"[@a] rest", "a@1", 4},
		{"[@a; @b] x", "a@1 b@5", 8},
		{"[@a, p. 12]", "a@1", 11},
		{"[  @a;  @b ]", "a@3 b@8", 12},
		{"[@a:b]", "a:b@1", 6},
		{"[@a] [@b]", "a@1", 4},
		{"[@a", "", 0},
		{"[a]", "", 0},
		{"[]", "", 0},
		{"[@]", "", 0},
		{"", "", 0},
		{"x[@a]", "", 0},
		{"[see @a]", "", 0},
		{"[@a; b]", "", 0},
	}
	for _, c := range cases {
		got, n := ParseCiteGroup([]byte(c.s))
		if s := cites(got); s != c.want || n != c.n {
			t.Errorf("ParseCiteGroup(%q) = %q, %d; want %q, %d", c.s, s, n, c.want, c.n)
		}
		if n > 0 && c.s[n-1] != ']' {
			t.Errorf("ParseCiteGroup(%q): length %d does not end at ']'", c.s, n)
		}
		for _, ct := range got {
			if c.s[ct.Offset] != '@' {
				t.Errorf("ParseCiteGroup(%q): offset %d does not point at '@'", c.s, ct.Offset)
			}
		}
	}
}
