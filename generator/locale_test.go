package generator_test

import (
	"testing"

	"github.com/rounds-dev/rounds/internal/sitetest"
)

// Open Graph wants ll_TT: a site in "en" says en_US.
func TestOGLocaleOnPages(t *testing.T) {
	b := sitetest.BuildOK(t, sitetest.Parse(accreditedSite))
	for _, name := range []string{"index.html", "c/index.html", "c/m/index.html"} {
		b.AssertFile(name, `<meta property="og:locale" content="en_US">`)
	}
}
