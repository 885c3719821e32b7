package content

import (
	"fmt"
	"testing"
)

func TestScratch(t *testing.T) {
	for _, s := range []string{"[@a]", "[@a.]", "see [@a].", "[@a; @b]", "[@a, p. 12]", "[@a:b-c_d]", "`[@a]` [@b]", "```\n[@a]\n```\n[@b]", "~~~\n[@a]\n~~~\n", "x@y.org", "[see @a]", "[a] [@b]", "[@a_]", "[@a p. 12]", "``x`` [@c]", "`\n[@a]\n`", "    [@a]", "[@a\n]", "````\n```\n[@a]\n````\n[@b]"} {
		c := ScanCitations([]byte(s))
		fmt.Printf("%q -> %+v\n", s, c)
	}
}
