package content

import (
	"path"
	"strings"

	"github.com/rounds-dev/rounds/content/diag"
)

// pageLike are the file types a browser renders as a page (or runs) when
// served from the module's folder. A bundle file of these types would be
// published beside the module with none of the checks a page gets (the
// pre-activity block, the disclosure, the URL rules), so it is refused.
var pageLike = map[string]bool{".html": true, ".htm": true, ".xhtml": true, ".shtml": true, ".xht": true, ".js": true, ".mjs": true}

// bundleFiles refuses bundle files that would publish a page of their own.
func (g *Gate) bundleFiles(m *Module, l *diag.List) {
	dir := path.Dir(m.Path)
	for _, r := range m.Resources {
		if pageLike[strings.ToLower(path.Ext(r.Name))] {
			l.Add(diag.Diagnostic{
				Path: path.Join(dir, r.Name), Pos: diag.Pos{Line: 1, Col: 1}, Severity: diag.Error, Rule: "bundle",
				Message: "a bundle cannot ship a page or a script of its own",
				Help:    "write it as a module (Markdown), or offer it as a download in another format such as PDF",
			})
		}
	}
}
