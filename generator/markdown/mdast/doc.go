// Package mdast holds the AST node kinds of rounds' Markdown extensions.
package mdast
