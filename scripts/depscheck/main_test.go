package main

import (
	"strings"
	"testing"
)

// Test imports follow the package's rules: a test of content may not use
// goldmark or build sites, one of generator may build sites, and an
// x_test package may import the package it tests.
func TestViolationsCoverTests(t *testing.T) {
	std := map[string]bool{"testing": true, "strings": true}
	cases := []struct {
		name string
		p    pkg
		want string // the violations, joined
	}{
		{"content test imports goldmark", pkg{ImportPath: module + "/content", TestImports: []string{"testing", "github.com/yuin/goldmark"}},
			"content (tests) imports github.com/yuin/goldmark, which STYLE.md does not allow"},
		{"content x_test builds sites", pkg{ImportPath: module + "/content", XTestImports: []string{module + "/content", module + "/internal/sitetest"}},
			"content (tests) imports " + module + "/internal/sitetest, which STYLE.md does not allow"},
		{"generator x_test builds sites", pkg{ImportPath: module + "/generator", XTestImports: []string{module + "/generator", module + "/internal/sitetest", module + "/content"}}, ""},
		{"a sibling in a test", pkg{ImportPath: module + "/generator/feed", TestImports: []string{module + "/generator/render"}},
			"generator/feed (tests) imports " + module + "/generator/render, which STYLE.md does not allow"},
		{"the package itself", pkg{ImportPath: module + "/generator/markdown", Imports: []string{"github.com/yuin/goldmark/ast"}, TestImports: []string{"github.com/yuin/goldmark/testutil"}}, ""},
	}
	for _, c := range cases {
		name := strings.TrimPrefix(c.p.ImportPath, module+"/")
		if got := strings.Join(violations(c.p, name, allowed[name], std), "\n"); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
