// Package generator builds a rounds site. The pipeline runs in one
// direction, like goldmark's text -> parser -> AST -> renderer and Zola's
// load() before build():
//
//	Load   read rounds.toml, people.toml, data/ and every module of content/
//	       (modules parsed on a bounded worker pool; results kept in input
//	       order, so output never depends on which worker finished first)
//	Check  the publication gate on every module, plus site-wide rules
//	       (two modules on one URL); every problem of every file collected
//	Render Markdown to HTML and views to pages, again on the worker pool
//	Write  every file to an output.Writer: a staging folder swapped in whole
//	       (output.Disk) or memory (output.Memory, for serve and tests)
//
// Every check runs before anything is rendered: if any error exists, Build
// returns ErrRefused and writes nothing. Pages are checked once more after
// rendering (every href and src against the scheme allowlist) before the
// staging folder may be committed. A loaded Site is never modified, so the
// dev server can reuse what did not change.
package generator
