// Command depscheck enforces the import rules of STYLE.md ("Who may import
// whom"): each package may import the standard library and what its line
// below allows, nothing else. Each third-party module is used by one
// package, so it can be swapped; siblings under generator/ do not import
// each other. Run by `make deps-check`; it prints every violation.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

const module = "github.com/rounds-dev/rounds"

// allowed maps a package (relative to the module) to the import prefixes
// it may use besides the standard library.
var allowed = map[string][]string{
	"content/diag":   {},
	"content/sshsig": {"golang.org/x/crypto/ssh"},
	"content/phi":    {"golang.org/x/text"},
	// content/i18n: the interface's translation tables (compiled into
	// themes), TOML like every other file of a site, CLDR plural rules
	// (x/text) and CLDR dates and numbers (go-playground/locales: x/text
	// has no dates; issue 23).
	"content/i18n":             {"content/diag", "themes", "github.com/BurntSushi/toml", "golang.org/x/text", "github.com/go-playground/locales"},
	"content":                  {"content/diag", "content/sshsig", "content/phi", "content/i18n", "github.com/BurntSushi/toml", "go.yaml.in/yaml/v3", "golang.org/x/text/unicode/norm", "github.com/rivo/uniseg"},
	"themes":                   {},
	"generator/config":         {"content", "content/diag"},
	"generator/markdown/mdast": {"github.com/yuin/goldmark"},
	"generator/markdown":       {"content", "content/diag", "content/i18n", "generator/markdown/mdast", "generator/markdown/tex", "github.com/yuin/goldmark", "github.com/alecthomas/chroma/v2", "github.com/bep/goat"},
	// TeX to MathML: Temml (JavaScript, embedded) run in goja, a
	// JavaScript engine in pure Go: no maintained Go converter exists.
	"generator/markdown/tex": {"github.com/dop251/goja"},
	"generator/card":         {"content", "content/diag", "content/i18n", "golang.org/x/image", "github.com/go-text/typesetting"},
	"generator/output":       {"github.com/tdewolff/minify/v2", "golang.org/x/net/html", "golang.org/x/sys/unix"},
	"generator/render":       {"content", "content/diag", "content/i18n"},
	"generator/feed":         {"content", "content/diag"},
	"generator/search":       {"content", "content/diag"},
	"generator/lms":          {"content"},
	"generator/importer":     {"content", "content/diag"},
	"generator/history":      {"content"},
	"generator": {"content", "content/diag", "generator/config", "generator/markdown", "generator/card",
		"generator/output", "generator/render", "generator/feed", "generator/search", "generator/lms", "generator/history", "themes", "content/i18n"},
	"generator/server": {"generator", "generator/output", "content", "content/diag", "github.com/fsnotify/fsnotify"},
	"cmd/rounds": {"generator", "generator/server", "generator/output", "generator/lms", "generator/history", "generator/importer", "content", "content/diag", "content/sshsig",
		"themes", "golang.org/x/term"},
	"internal/sitetest": {"generator", "generator/output", "content", "content/diag", "content/sshsig"},
	"scripts/depscheck": {},
}

// testAllowed adds what a package's tests may import besides its own
// rules (and, for package x_test files, the package they test): the site
// builder for tests, where whole sites are built.
var testAllowed = map[string][]string{
	"generator":  {"internal/sitetest"},
	"cmd/rounds": {"internal/sitetest"},
}

type pkg struct {
	ImportPath   string
	Imports      []string
	TestImports  []string // of its _test.go files in the package itself
	XTestImports []string // of its _test.go files in package x_test
	Standard     bool
}

func main() {
	cmd := exec.Command("go", "list", "-json", "./...")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		fmt.Fprintln(os.Stderr, "depscheck: go list failed:", err)
		os.Exit(2)
	}
	std := stdlib()
	dec := json.NewDecoder(strings.NewReader(string(out)))
	bad := 0
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			fmt.Fprintln(os.Stderr, "depscheck:", err)
			os.Exit(2)
		}
		name := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		rules, known := allowed[name]
		if !known {
			fmt.Printf("%s: not in the import rules of scripts/depscheck (add it, following STYLE.md)\n", name)
			bad++
			continue
		}
		for _, v := range violations(p, name, rules, std) {
			fmt.Println(v)
			bad++
		}
	}
	if bad > 0 {
		fmt.Printf("deps-check: %d violations\n", bad)
		os.Exit(1)
	}
	fmt.Println("deps-check: ok")
}

// violations lists the imports of p, and of its tests, that its rules do
// not allow (STYLE.md: depscheck checks test imports too). A package's
// tests follow its rules, with testAllowed's additions; files of package
// x_test may also import the package they test.
func violations(p pkg, name string, rules []string, std map[string]bool) []string {
	var out []string
	check := func(imps []string, what string, rules []string) {
		for _, imp := range imps {
			if !std[imp] && !permitted(imp, rules) && imp != p.ImportPath {
				out = append(out, fmt.Sprintf("%s%s imports %s, which STYLE.md does not allow", name, what, imp))
			}
		}
	}
	check(p.Imports, "", rules)
	tests := append(append([]string{}, rules...), testAllowed[name]...)
	check(p.TestImports, " (tests)", tests)
	check(p.XTestImports, " (tests)", tests)
	return out
}

func permitted(imp string, rules []string) bool {
	for _, r := range rules {
		full := r
		if !strings.Contains(strings.SplitN(r, "/", 2)[0], ".") {
			full = module + "/" + r
		}
		if imp == full || strings.HasPrefix(imp, full+"/") && !strings.HasPrefix(full, module) {
			return true
		}
	}
	return false
}

func stdlib() map[string]bool {
	out, err := exec.Command("go", "list", "std").Output()
	if err != nil {
		fmt.Fprintln(os.Stderr, "depscheck: go list std failed:", err)
		os.Exit(2)
	}
	m := map[string]bool{}
	for _, l := range strings.Fields(string(out)) {
		m[l] = true
	}
	return m
}
