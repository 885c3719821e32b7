package render

// Programme is a learning path: an ordered programme of modules, with
// what each module needs done first. The learner's progress is read by
// the page's script from their own browser; the page itself is the same
// for everyone.
type Programme struct {
	ID          string
	Title       string
	Summary     string
	Path        string // "paths/<id>/"
	Objectives  []string
	Steps       []*Step
	TotalCredit string // "2 AMA PRA Category 1 Credits™", "" without credit
	Modules     int    // number of steps
	// Shares are the posts a learner who completed the programme may
	// share, per platform (the share kit's texts): no personal data.
	Shares []SharePost
}

// SharePost is one platform's post of a completion.
type SharePost struct {
	ID       string // "x", "linkedin", ...
	Platform string // "LinkedIn"
	Text     string
}

// Step is one module of a programme.
type Step struct {
	Module   *Module
	Requires []*Module // published modules it needs done first, in path order
	// RequiresPaths is Requires' page paths, space-separated, for the
	// script that shows what is unlocked.
	RequiresPaths string
}
