// Package diag holds positions and diagnostics: what went wrong, where, and
// what a person should do about it.
//
// A diagnostic prints as one line, path:line:col: severity: rule: message,
// optionally followed by the source line with a caret, note: and help:
// lines. Like esbuild's log, a build collects every diagnostic of every file
// and prints them sorted at the end; nothing stops at the first problem.
//
// Errors carry no identifier, so nothing can turn them into warnings; only
// warnings have a rule name a site may silence or make strict.
package diag
