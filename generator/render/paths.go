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
	// Card is the programme's completion card (a site path), CardAlt its
	// text; "" when none is drawn.
	Card, CardAlt string
	// Courses are the courses the path visits, in the order it first
	// does: the programme record links each one's completion card and
	// posts once its modules are done.
	Courses []*CourseCompletion
}

// CourseCompletion is a course as a programme record shows it once the
// learner completed it: its completion card and posts.
type CourseCompletion struct {
	ID      string // "sepsis-shock": the course path, for element ids
	Title   string
	Path    string // the course page, "sepsis/shock/"
	Card    string // its completion card, "cards/sepsis/shock/_completed.png"
	CardAlt string
	// Modules are the page paths of the course's published modules,
	// space-separated: the course is completed when each is done.
	Modules string
	Shares  []SharePost
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
