// Package history finds the version of a module a sign-off was made over
// in the site's version history, and says what changed since: the body as
// a word-level diff, front-matter fields, bundle files, cited shared
// references and the people whose disclosures the module shows.
//
// It does not run git: the history is read through Repo, which cmd/rounds
// implements by running the git command (STYLE.md: only cmd/rounds touches
// the process). It compares the records a digest covers
// (content.Module.Records), so a diff shows exactly what voided a sign-off.
package history
