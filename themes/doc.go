// Package themes embeds the default theme: its layouts (html/template),
// its static files, and the translation tables of rounds' interface
// (i18n/<lang>.toml, read by content/i18n). A site's layouts/ folder
// overrides a theme file of the same name, as in Hugo.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed default
var defaultTheme embed.FS

// Default returns the default theme, rooted at its folder: layouts/ and static/.
func Default() fs.FS {
	sub, err := fs.Sub(defaultTheme, "default")
	if err != nil {
		panic(err) // the embedded folder is always there
	}
	return sub
}
