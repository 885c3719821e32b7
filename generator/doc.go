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
//
// The files follow the pipeline: load.go and check.go, then build.go (the
// builder and its phases), session.go (builds again and again), modulepage.go
// (a module's page and files), listpages.go (home, courses, taxonomies,
// feeds), names.go (what is written under which name, and the links kept
// for the link check), buildcache.go (the build state).
//
// # What is kept, for how long, and why
//
// Three lifetimes, from shortest to longest, in the manner of esbuild's
// architecture notes (whose rule we follow: most of the time should be
// spent in fully parallel work, and nothing should be kept that is not read
// again).
//
// Within one build (Build, a Session used once, as rounds build runs it):
//
//   - Each module's source is read and checked in the worker that parses
//     it, then released (content.Module.Release): only its digest and a
//     SHA-256 of its bytes stay. It is read again, and compared, to be
//     rendered. At 10,000 modules, keeping every source was half the peak.
//   - Once a module's pages are written, its rendered HTML, references,
//     objectives, quizzes and bundle files go (Module.Retire); what list
//     pages need (title, summary, dates, tags, credit, support: its list
//     view, about 2 KB) stays to the end, as do the links and ids of every
//     page, as numbers into one name table, for the link check, which can
//     only run when every page exists. That is the heap at the peak, and
//     the build's memory is linear in the site (about 22-24 MiB per 1,000
//     modules).
//   - The list phase (list pages, feeds, the link check) is where the
//     peak falls. The library does not decide how hard the garbage
//     collector works: Options.ListPhase lets the process (cmd/rounds)
//     tighten it there, which cuts the peak by about a sixth.
//
// Within one Session (rounds serve): everything above is kept instead of
// released, so that an edit costs what it touches: the last build's Site,
// verdicts, templates, each module's view, files and the list pages that
// show it (snapshot). A change of one module re-parses and re-checks that
// module, re-renders it and the neighbours whose course outline names it,
// and redraws the list pages whose view of it changed (touchedLists).
//
// Across processes (Options.State, the site's .rounds/cache/build/): the
// build state. For each published module it keeps one key, what its files
// were built from, and what they were:
//
//   - The key is a SHA-256 over the program (rounds' version and the hash of
//     its executable, so a rebuilt "dev" binary starts cold), the options
//     that change output (minify, package), the frame digest (every layout,
//     string, static file, rounds.toml, people.toml and data file other
//     than the bibliography), the site's view as every page shows it
//     (title, provider, the courses and their totals), the module's digest
//     (its effective front matter after the cascade, body, bundle files, the
//     shared references it cites and the people it names: exactly what a
//     sign-off covers), its whole source (the sign-offs too), its place in
//     its course (previous, next, the outline), and its view without the
//     body. The view is what makes dates safe: it carries the gate's dated
//     verdict (published or archived, the last review, the reviewers who
//     count), so a new day re-renders exactly the modules whose verdict
//     the day changed.
//   - What a module produced is kept as files in a content-addressed store
//     (its page, embed page, quiz.json and bundle files; cards stay in the
//     card cache and are named by their hash), the links and ids of its
//     pages, and its list view as JSON. A module whose key matches, and
//     whose stored files are still there with the size and time they were
//     stored with, is neither restored, rendered, minified nor checked
//     again: its files are hard-linked into the staging folder (a link
//     costs one system call; the disk output never writes into a file with
//     more than one link), its links join the link check as recorded, and
//     its list view is decoded for the list pages.
//   - What is never kept: a verdict. Every build loads and checks every
//     module, so every signature is verified again (a cache never vouches
//     for a signature) and every date rule is evaluated on the build's date.
//     The list pages, feeds, sitemap and search index are drawn on every
//     build, from the views.
//   - A missing, truncated, damaged or foreign state (another program,
//     another baseURL) is detected by its magic line, salt and checksum, and
//     the build renders everything, with Result.CacheNote saying why. The
//     state is written whole, after a build that succeeded, and stored
//     files that build did not use are evicted: the store holds one build's
//     module files at most (about the size of the output's pages; cards
//     are counted in the card cache).
//
// The rule that keeps incremental output byte for byte a cold build's: a
// module's files may depend only on what its key covers. Whoever makes a
// module page show something new from outside the module (another module,
// a site-wide file, the date) must make it part of the key: through the
// module view, the site view, the digest or the frame. TestIncrementalEqualsCold
// checks the rule with 200 random edits of every kind, each built both ways.
package generator
