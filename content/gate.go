package content

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/rounds-dev/rounds/content/diag"
)

// Gate decides whether modules may be published (SPEC.md "The publication
// gate"). It holds the site-wide inputs; Check takes one module at a time,
// so modules can be checked in parallel.
type Gate struct {
	Config *SiteConfig
	People People
	Shared Bibliography
	Today  Date
	// Body, when set, reads a module's body as the renderer will and
	// returns what it refuses there (links with a refused scheme, raw
	// HTML, answers outside a quiz): the Markdown parser is not this
	// package's, but its verdict is part of the gate, so every command
	// that runs the gate refuses the same modules.
	Body func(body []byte) []BodyProblem
	// Trust, when set, is the only source of reviewers' keys (--trust);
	// nil trusts the keys in people.toml.
	Trust *Trust
}

// BodyProblem is a problem found in a module's body by Gate.Body, at a
// body offset.
type BodyProblem struct {
	Offset  int
	Rule    string
	Message string
	Help    string
	// Answer marks a ticked task item outside a quiz or a case: inside a
	// container with an unknown name (itself refused), it is that
	// container's mistake, not another.
	Answer bool
}

// State is a module's standing, as `rounds status` shows it.
type State string

// The states, from best to worst.
const (
	Published State = "published"
	Expiring  State = "expiring"
	Archived  State = "archived"
	Draft     State = "draft"
	Stale     State = "stale"
	Missing   State = "missing role"
	Expired   State = "expired"
	Refused   State = "refused"
)

// RoleCheck is the standing of one required role of one module.
type RoleCheck struct {
	Role    string
	OK      bool
	Stale   bool   // the role's latest sign-off is for an older version
	Reason  string // why it does not count, for people
	Review  *Review
	Signers []string // ids of people who may sign this module in this role
	// Ineligible are those who hold the role but may not sign this
	// module (ACCME Standards 1 and 4: an author, a planner, someone with
	// a relationship with its supporter), each with why: advice never
	// names them as signers.
	Ineligible []string
	Position   int // index of the review in [[reviews]], -1 if none
}

// Verdict is the gate's decision on one module.
type Verdict struct {
	Module     *Module
	Digest     string
	State      State
	Roles      []RoleCheck
	LastReview Date // the latest sign-off that counts
	Diags      diag.List
}

// Publishable reports whether the module goes into the build.
func (v *Verdict) Publishable() bool {
	return v.State != Draft && !v.Diags.HasErrors()
}

// Check runs every rule on m and collects every problem.
func (g *Gate) Check(m *Module) *Verdict {
	v := &Verdict{Module: m, Digest: m.Digest(g.Shared, g.People)}
	if m.Meta.Draft {
		// Drafts are never published and never block a build.
		v.State = Draft
		v.Roles = g.roles(m, v)
		return v
	}
	l := &v.Diags
	v.Roles = g.rolesInForce(m, v)
	g.reservedSlug(m, l)
	g.notTranslation(m, l)
	g.reviewed(m, v, l)
	g.independent(m, v, l)
	g.disclosed(m, v, l)
	expired, archived := g.inDate(m, v, l)
	g.referenced(m, l)
	g.quizzes(m, l)
	g.learning(m, l)
	g.media(m, l)
	if g.Body != nil {
		for _, p := range g.Body(m.Body) {
			if p.Answer && m.inUnknownContainer(p.Offset) {
				continue
			}
			d := m.File.Errorf(l, m.BodyOffset+p.Offset, p.Rule, "%s", p.Message)
			d.Help = p.Help
		}
	}
	g.noPHI(m, l)
	g.bundleFiles(m, l)
	sup := g.supporterOf(m)
	if sup != nil {
		g.noPromotion(m, sup, l)
	}
	g.biasWarnings(m, sup, l)
	v.State = g.state(v, expired, archived)
	m.Doc.Compact()
	return v
}

// CheckDates is Check for a module the whole gate already passed on
// another day (v, with no error): it runs again only the rules that read
// the date (the sign-offs' dates and age, the release and expiry dates).
// The rules that do not read it found nothing in v and would find
// nothing now, so the verdict is Check's (TestCheckDatesIsCheck), without
// reading the module's text again: `--now`'s check on the clock's date
// costs that much less. Any other v is checked whole.
func (g *Gate) CheckDates(v *Verdict) *Verdict {
	m := v.Module
	if v.State == Draft || m.Meta.Draft || v.Diags.HasErrors() {
		return g.Check(m)
	}
	late := &Verdict{Module: m, Digest: v.Digest}
	l := &late.Diags
	late.Roles = g.rolesInForce(m, late)
	g.reviewed(m, late, l)
	expired, archived := g.inDate(m, late, l)
	late.State = g.state(late, expired, archived)
	return late
}

func (g *Gate) state(v *Verdict, expired, archived bool) State {
	for _, r := range v.Roles {
		if !r.OK && r.Stale {
			return Stale
		}
	}
	for _, r := range v.Roles {
		if !r.OK {
			return Missing
		}
	}
	switch {
	case expired:
		return Expired
	case v.Diags.HasErrors():
		return Refused
	case archived:
		return Archived
	}
	for _, d := range v.Diags {
		if d.Rule == "expiring" {
			return Expiring
		}
	}
	return Published
}

// roles evaluates each required role's sign-offs. ACCME Standard 1 and
// AMA PRA rules: content is validated by qualified reviewers before release.
func (g *Gate) roles(m *Module, v *Verdict) []RoleCheck {
	var out []RoleCheck
	for _, role := range g.requiredRoles(m) {
		signers, ineligible := g.eligible(m, g.signers(role))
		rc := RoleCheck{Role: role, Position: -1, Signers: signers, Ineligible: ineligible}
		for i := range m.Meta.Reviews {
			r := &m.Meta.Reviews[i]
			if r.Role != role {
				continue
			}
			reason, stale := g.reviewProblem(*r, v.Digest)
			if reason == "" {
				rc = RoleCheck{Role: role, OK: true, Review: r, Position: i, Signers: rc.Signers, Ineligible: rc.Ineligible}
				if r.Date.After(v.LastReview) {
					v.LastReview = r.Date
				}
				break
			}
			rc.Review, rc.Reason, rc.Stale, rc.Position = r, reason, stale, i
		}
		out = append(out, rc)
	}
	return out
}

func (g *Gate) signers(role string) []string {
	var ids []string
	for id, p := range g.People.ByID {
		if p.HasRole(role) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// reviewProblem says why a sign-off does not count, or "" when it does.
func (g *Gate) reviewProblem(r Review, digest string) (reason string, stale bool) {
	p := g.People.ByID[r.Reviewer]
	pol := g.Config.Policy
	switch {
	case p == nil:
		return fmt.Sprintf("reviewer %q is not in people.toml", r.Reviewer), false
	case !p.HasRole(r.Role):
		return fmt.Sprintf("%s does not hold the role %q in people.toml", r.Reviewer, r.Role), false
	case digest == "":
		// Digest has nothing to hash once the text was let go (Release):
		// an empty digest written in the front matter must not match it.
		return fmt.Sprintf("the %s sign-off by %s cannot be checked: the module's text was let go before its sign-offs were; build again", r.Role, r.Reviewer), false
	case IsOldDigest(r.Digest):
		// The first digest form joined its parts with zero bytes and no
		// lengths, so files could be added to a signed bundle unseen.
		return fmt.Sprintf("the %s sign-off of %s by %s is over the old digest form (sha256:), which no longer counts", r.Role, r.Date, r.Reviewer), true
	case r.Digest != digest:
		return fmt.Sprintf("the %s sign-off of %s by %s is for an older version", r.Role, r.Date, r.Reviewer), true
	case r.Date.IsZero():
		return "the sign-off has no date", false
	case r.Date.After(g.Today):
		return fmt.Sprintf("the sign-off is dated %s, after today (%s)", r.Date, g.Today), false
	case !pol.MaxReviewAge.IsZero() && pol.MaxReviewAge.AddTo(r.Date).Before(g.Today):
		return fmt.Sprintf("the sign-off of %s is older than max_review_age (%s)", r.Date, pol.MaxReviewAge), false
	}
	if pol.RequireSignatures || r.Signature != "" {
		var err error
		if g.Trust != nil {
			err = g.Trust.verifyTrusted(r)
		} else {
			err = VerifyReview(r, p)
		}
		if err != nil {
			return fmt.Sprintf("the %s sign-off by %s %v", r.Role, r.Reviewer, err), false
		}
	}
	return "", false
}

func (g *Gate) reviewed(m *Module, v *Verdict, l *diag.List) {
	for i, r := range m.Meta.Reviews {
		if r.Commit != "" && !ValidCommit(r.Commit) {
			d := m.Errorf(l, []any{"reviews", i, "commit"}, "reviewed", "the commit of the %s sign-off by %s is not a git commit id: %q", r.Role, r.Reviewer, r.Commit)
			d.Help = "rounds review writes it (40 or 64 hex digits); remove the line, or sign again"
		}
	}
	for _, rc := range v.Roles {
		if rc.OK {
			continue
		}
		var d *diag.Diagnostic
		if rc.Review == nil {
			d = m.Errorf(l, []any{"title"}, "reviewed", "no sign-off in role %q", rc.Role)
		} else {
			d = m.Errorf(l, []any{"reviews", rc.Position}, "reviewed", "no valid sign-off in role %q (%s)", rc.Role, rc.Reason)
		}
		for _, who := range rc.Ineligible {
			d.Notes = append(d.Notes, fmt.Sprintf("%s holds the role %s but may not sign this module: %s", strings.SplitN(who, " ", 2)[0], rc.Role, strings.SplitN(who, " ", 2)[1]))
		}
		if len(rc.Signers) == 0 {
			// Never a signer the gate would refuse: the conflict is the
			// planners' to solve.
			d.Help = fmt.Sprintf("no one in people.toml may sign this module as %s: the planners must add a %s reviewer who is not its author or planner and has no relationship with its supporter", rc.Role, rc.Role)
			continue
		}
		who := fmt.Sprintf("the %s reviewer (%s)", rc.Role, strings.Join(rc.Signers, ", "))
		id := "ID"
		if len(rc.Signers) == 1 {
			id = rc.Signers[0]
		}
		cmd := fmt.Sprintf("`rounds review %s --reviewer %s --role %s --key KEY`", m.Path, id, rc.Role)
		switch {
		case rc.Review == nil:
			d.Help = fmt.Sprintf("ask %s to run %s", who, cmd)
		case rc.Stale && !IsOldDigest(rc.Review.Digest):
			d.Help = fmt.Sprintf("run `rounds diff %s --role %s` to see what changed, then ask %s to run %s", m.Path, rc.Role, who, cmd)
		default:
			d.Help = fmt.Sprintf("ask %s to sign again with %s", who, cmd)
		}
	}
}

// eligible splits the people who hold a role into those who may sign m
// and those who may not, with why (the rules of independent).
func (g *Gate) eligible(m *Module, ids []string) (ok, not []string) {
	supporter := ""
	if m.Meta.Support != nil {
		supporter = m.Meta.Support.Supporter
	}
	for _, id := range ids {
		why := ""
		switch {
		case slices.Contains(m.Meta.Authors, id):
			why = "the module's author"
		case slices.Contains(m.Meta.Planners, id):
			why = "the module's planner"
		}
		if p := g.People.ByID[id]; why == "" && p != nil && supporter != "" {
			for _, rel := range p.Relationships {
				if SameCompany(rel.Company, supporter) {
					why = "a financial relationship with the supporter " + supporter
					break
				}
			}
		}
		if why == "" {
			ok = append(ok, id)
		} else {
			not = append(not, id+" "+why)
		}
	}
	return ok, not
}

// signedAtEnd reports whether every required sign-off of m counted on
// the day its credit ended (what archiving needs).
func (g *Gate) signedAtEnd(m *Module, v *Verdict) bool {
	then := *g
	then.Today = m.Meta.Expires
	for _, rc := range then.roles(m, &Verdict{Module: m, Digest: v.Digest}) {
		if !rc.OK {
			return false
		}
	}
	return true
}

// rolesInForce evaluates the sign-offs on today's date, or, for a module
// whose credit has ended under policy.expired = "archive", on the day it
// ended: a module validly signed when its credit ended is archived, not
// refused because its sign-offs have since grown old (with a one-year
// max_review_age and a three-year max_term, they always would have).
func (g *Gate) rolesInForce(m *Module, v *Verdict) []RoleCheck {
	end := m.Meta.Expires
	if g.Config.Policy.Expired != "archive" || end.IsZero() || !end.Before(g.Today) {
		return g.roles(m, v)
	}
	then := *g
	then.Today = end
	return then.roles(m, v)
}

// independent: ACCME Standard 1 and 4 — a reviewer is neither an author nor a
// planner, and has no relationship with the supporter.
func (g *Gate) independent(m *Module, v *Verdict, l *diag.List) {
	supporter := ""
	if m.Meta.Support != nil {
		supporter = m.Meta.Support.Supporter
	}
	for i, r := range m.Meta.Reviews {
		if r.Digest != v.Digest {
			continue
		}
		for _, list := range []struct {
			name string
			ids  []string
		}{{"author", m.Meta.Authors}, {"planner", m.Meta.Planners}} {
			if slices.Contains(list.ids, r.Reviewer) {
				d := m.Errorf(l, []any{"reviews", i, "reviewer"}, "independent", "%s is the module's %s and cannot review it", r.Reviewer, list.name)
				d.Help = fmt.Sprintf("ask another %s reviewer to sign off", r.Role)
			}
		}
		if p := g.People.ByID[r.Reviewer]; p != nil && supporter != "" {
			for _, rel := range p.Relationships {
				if SameCompany(rel.Company, supporter) {
					d := m.Errorf(l, []any{"reviews", i, "reviewer"}, "independent", "%s has a financial relationship with the supporter %s (%s)", r.Reviewer, supporter, rel.Nature)
					d.Help = fmt.Sprintf("ask a %s reviewer without relationships with %s to sign off", r.Role, supporter)
				}
			}
		}
	}
}

// disclosed: ACCME Standard 3 — everyone in control of content is known,
// and each relevant relationship is mitigated; Standard 4 — a supporter is
// one the provider acknowledges.
func (g *Gate) disclosed(m *Module, v *Verdict, l *diag.List) {
	type named struct {
		id, role string
		at       []any
	}
	var people []named
	for _, id := range m.Meta.Authors {
		people = append(people, named{id, "author", []any{"authors"}})
	}
	for _, id := range m.Meta.Planners {
		people = append(people, named{id, "planner", []any{"planners"}})
	}
	for i, r := range m.Meta.Reviews {
		if r.Digest == v.Digest && g.People.ByID[r.Reviewer] != nil {
			people = append(people, named{r.Reviewer, "reviewer", []any{"reviews", i, "reviewer"}})
		}
	}
	for _, n := range people {
		p := g.People.ByID[n.id]
		if p == nil {
			d := m.Errorf(l, n.at, "disclosed", "%s %q is not in people.toml", n.role, n.id)
			d.Help = fmt.Sprintf("add [[person]] id = %q with their credentials and financial relationships to people.toml", n.id)
			continue
		}
		for j, rel := range p.Relationships {
			if strings.TrimSpace(rel.Mitigated.String()) != "" {
				continue
			}
			d := m.Errorf(l, n.at, "disclosed", "%s's relationship with %s has no mitigation", n.id, rel.Company)
			if f, pos := g.People.Pos(n.id, "relationships", j); f != nil {
				d.Notes = append(d.Notes, fmt.Sprintf("the relationship is at %s:%d:%d", f.Path, pos.Line, pos.Col))
			}
			d.Help = "the planners must mitigate it (for example peer review by someone without relationships) and record how in mitigated = \"...\""
		}
	}
	if s := m.Meta.Support; s != nil {
		if !g.knownSupporter(s.Supporter) {
			d := m.Errorf(l, []any{"support", "supporter"}, "disclosed", "supporter %q is not listed in [[supporters]] of rounds.toml", s.Supporter)
			d.Help = "add it to rounds.toml as [[supporters]] name = \"...\" with its domains and products"
		}
		if strings.TrimSpace(s.Kind) == "" {
			m.Errorf(l, []any{"support"}, "disclosed", "commercial support needs a kind, such as \"educational grant\"")
		}
		if s.Amount < 0 {
			d := m.Errorf(l, []any{"support", "amount"}, "disclosed", "the amount of commercial support is negative (%v)", s.Amount)
			d.Help = "amount is the monetary support received, in US dollars, as ACCME's PARS asks for it"
		}
	}
}

func (g *Gate) knownSupporter(name string) bool {
	for _, s := range g.Config.Supporters {
		if s.Name == name {
			return true
		}
	}
	return false
}

// ExpiringWithin is how soon an expiry becomes a warning.
const ExpiringWithin = 60

// inDate: AMA PRA rules — enduring material has a release date, a review
// at least every three years, and a termination date.
func (g *Gate) inDate(m *Module, v *Verdict, l *diag.List) (expired, archived bool) {
	fm, pol := m.Meta, g.Config.Policy
	switch {
	case fm.Date.IsZero():
		d := m.Errorf(l, []any{"date"}, "in-date", "no release date")
		d.Help = "add date = YYYY-MM-DD, the day the module is released"
	case fm.Date.After(g.Today):
		d := m.Errorf(l, []any{"date"}, "in-date", "release date %s is after today (%s)", fm.Date, g.Today)
		d.Help = "it is published from that day on; build with --now to preview a later date"
	}
	if fm.Credit != nil && fm.Expires.IsZero() {
		d := m.Errorf(l, []any{"credit"}, "in-date", "a module with credit needs a termination date")
		d.Help = "add expires = YYYY-MM-DD, at most max_term after the latest sign-off"
	}
	if !fm.Expires.IsZero() && !pol.MaxTerm.IsZero() && !v.LastReview.IsZero() {
		if limit := pol.MaxTerm.AddTo(v.LastReview); fm.Expires.After(limit) {
			d := m.Errorf(l, []any{"expires"}, "in-date", "expires %s is more than max_term (%s) after the latest sign-off (%s)", fm.Expires, pol.MaxTerm, v.LastReview)
			d.Help = fmt.Sprintf("set expires to %s or earlier", limit)
		}
	}
	if !fm.Expires.IsZero() {
		switch {
		case fm.Expires.Before(g.Today):
			if pol.Expired == "archive" {
				m.Warnf(l, []any{"expires"}, "archived", "expired on %s: published as an archive, without credit or post-test", fm.Expires)
				return false, true
			}
			d := m.Errorf(l, []any{"expires"}, "in-date", "expired on %s", fm.Expires)
			d.Help = "review the module again and set a new expires"
			if g.signedAtEnd(m, v) {
				// Archiving only helps a module whose sign-offs still
				// counted on the day its credit ended.
				d.Help += ", or set policy.expired = \"archive\" to publish it as an archive, without credit"
			}
			return true, false
		case g.Today.DaysUntil(fm.Expires) <= ExpiringWithin:
			m.Warnf(l, []any{"expires"}, "expiring", "expires on %s, in %d days", fm.Expires, g.Today.DaysUntil(fm.Expires))
		}
	}
	for _, rc := range v.Roles {
		if rc.OK && !pol.MaxReviewAge.IsZero() {
			end := pol.MaxReviewAge.AddTo(rc.Review.Date)
			if n := g.Today.DaysUntil(end); n <= ExpiringWithin {
				m.Warnf(l, []any{"reviews", rc.Position}, "expiring", "the %s sign-off stops counting on %s, in %d days", rc.Role, end, n)
			}
		}
	}
	return false, false
}

var (
	doiPattern  = regexp.MustCompile(`^10\.[0-9]{4,9}(\.[0-9]+)*/\S+$`)
	pmidPattern = regexp.MustCompile(`^[0-9]{1,8}$`)
)

// ValidDOI reports whether s is a DOI: 10.<registrant>/<suffix>.
func ValidDOI(s string) bool { return doiPattern.MatchString(s) }

// ValidWebURL reports whether s is an absolute http or https address
// with a host, as a reference's url must be: it is printed as a link and
// written into the page's JSON-LD, where no template would neutralise it.
func ValidWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.ContainsAny(s, " \t\n\r\"<>\\`")
}

// ValidPMID reports whether s is a PubMed id: 1 to 8 digits.
func ValidPMID(s string) bool { return pmidPattern.MatchString(s) }

// referenced: the evidence behind the content is cited and resolvable
// (ACCME Standard 1: content is based on current science).
func (g *Gate) referenced(m *Module, l *diag.List) {
	own := map[string]int{}
	for i, r := range m.Meta.References {
		if _, dup := own[r.ID]; dup {
			m.Errorf(l, []any{"references", i, "id"}, "referenced", "reference id %q is used twice", r.ID)
		}
		own[r.ID] = i
		if r.ID == "" {
			m.Errorf(l, []any{"references", i}, "referenced", "reference %d has no id", i+1)
		}
		if r.DOI != "" && !ValidDOI(r.DOI) {
			d := m.Errorf(l, []any{"references", i, "doi"}, "referenced", "%q is not a DOI", r.DOI)
			d.Help = "write it as 10.<registrant>/<suffix>, without https://doi.org/"
		}
		if r.PMID != "" && !ValidPMID(r.PMID) {
			m.Errorf(l, []any{"references", i, "pmid"}, "referenced", "%q is not a PMID (1 to 8 digits)", r.PMID)
		}
		if r.URL != "" && !ValidWebURL(r.URL) {
			d := m.Errorf(l, []any{"references", i, "url"}, "referenced", "%q is not an http or https address", r.URL)
			d.Help = "write the full address, such as https://www.who.int/publications/..."
		}
		if msg := r.DateConflict(); msg != "" {
			m.Errorf(l, []any{"references", i, "issued"}, "referenced", "%s", msg)
		}
		if _, clash := g.Shared.ByID[r.ID]; clash && r.ID != "" {
			d := m.Warnf(l, []any{"references", i, "id"}, "reference-clash", "reference %q is also in the shared bibliography; this module's own entry is used", r.ID)
			d.Help = "rename one of them if they are different works"
		}
	}
	cited := map[string]bool{}
	for _, c := range m.Cites {
		_, isOwn := own[c.Key]
		_, isShared := g.Shared.ByID[c.Key]
		if !isOwn && !isShared {
			d := m.File.Errorf(l, m.BodyOffset+c.Offset, "referenced", "citation @%s matches no reference", c.Key)
			if s := diag.Suggest(c.Key, g.referenceIDs(m)); s != "" {
				d.Help = fmt.Sprintf("did you mean @%s?", s)
			} else {
				d.Help = "add it to [[references]] or data/references.toml"
			}
		}
		cited[c.Key] = true
	}
	n := len(m.Meta.References) + len(m.SharedCites(g.Shared))
	if want := g.Config.Policy.MinReferences; n < want {
		d := m.Errorf(l, []any{"references"}, "referenced", "%d references, the policy asks for at least %d", n, want)
		d.Help = "add [[references]] for the evidence the module rests on, and cite them with [@id]"
	}
	for i, r := range m.Meta.References {
		if r.ID != "" && !cited[r.ID] {
			m.Warnf(l, []any{"references", i, "id"}, "uncited", "reference %q is never cited", r.ID)
		}
	}
}

func (g *Gate) referenceIDs(m *Module) []string {
	var ids []string
	for _, r := range m.Meta.References {
		ids = append(ids, r.ID)
	}
	for id := range g.Shared.ByID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// quizzes: every quiz parses and has a right answer; AMA PRA rules — a
// module that awards credit assesses learning with a post-test.
func (g *Gate) quizzes(m *Module, l *diag.List) {
	for _, p := range m.quizErrs {
		rule := p.Rule
		if rule == "" {
			rule = "quizzes"
		}
		d := m.File.Errorf(l, m.BodyOffset+p.Offset, rule, "%s", p.Message)
		d.Help = p.Help
	}
	if m.Meta.Credit == nil {
		return
	}
	for _, q := range m.Quizzes {
		if q.Posttest {
			return
		}
	}
	// Reported in the module's own file, where the post-test is missing,
	// even when its credit comes from its course's [cascade].
	at := []any{"credit"}
	if m.inherited["credit"] != nil {
		at = []any{"title"}
	}
	d := m.File.At(l, m.Doc.KeyPos(at...), diag.Error, "quizzes", "a module with credit needs a post-test")
	if s := m.inherited["credit"]; s != nil {
		f, pos := m.KeyPos("credit")
		d.Notes = append(d.Notes, fmt.Sprintf("its credit comes from the [cascade] of %s:%d:%d", f.Path, pos.Line, pos.Col))
	}
	d.Help = "add at least one question as ::: quiz posttest"
}
