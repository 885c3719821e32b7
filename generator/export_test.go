package generator

import "github.com/rounds-dev/rounds/generator/render"

// SetPageHook lets the external benchmarks see every page a build renders
// (see pageHook); nil stops it.
func SetPageHook(f func(t *render.Templates, p *render.Page, file string)) { pageHook = f }

// SetWholePages makes builds minify every page whole, as for a site with
// its own layouts, instead of minifying the built-in theme's layouts once.
func SetWholePages(on bool) { wholePages = on }
