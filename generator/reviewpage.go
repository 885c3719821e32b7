package generator

import (
	"context"
	"fmt"
	"html/template"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/history"
	"github.com/rounds-dev/rounds/generator/markdown"
)

// History is a site's version history as the generator reads it: what
// cmd/rounds implements by running git and hands to the dev server.
type History = history.Repo

// ReviewView is what the dev server's review page of one module shows a
// reviewer (issue 21, /_rounds/review/<content path>): what changed since
// each role's last sign-off, the module rendered with those changes
// marked, who must sign, and the command that signs.
type ReviewView struct {
	Path   string // the module's file, relative to the site
	Title  string
	URL    string // the module page, relative to the site root
	State  content.State
	Digest string
	Roles  []ReviewRole
	// Versions are the versions the required roles' latest sign-offs
	// were made over, when older than the module as it stands: one per
	// digest, so two roles that signed the same text share one.
	Versions []SignedChanges
	// Body is the module as it stands, rendered, for a reviewer who has
	// no earlier version to compare with.
	Body template.HTML
}

// ReviewRole is one required role's standing, and what to run to sign.
type ReviewRole struct {
	Role    string
	OK      bool
	Reason  string   // why its latest sign-off does not count
	Signed  string   // "asmith on 2026-11-10", "" when nobody signed
	Signers []string // who may sign this module in the role
	Command string   // the exact `rounds review` command
}

// SignedChanges is what changed since one signed version.
type SignedChanges struct {
	SignOffs []string // "medical by asmith on 2026-11-10"
	Digest   string
	Found    bool
	Revision history.Revision
	Problem  string // why the signed version cannot be shown
	Changes  *history.Changes
	// Body is the module as it stands, rendered, with the words
	// inserted since the signed version in <ins> and those deleted in
	// <del>.
	Body template.HTML
}

// ReviewOf builds the review page of the module at p (its file, relative
// to the site), reading the signed versions from repo (nil: no history;
// the page then says so). ok is false when no module is at p.
func (c *Checked) ReviewOf(ctx context.Context, p string, repo History) (*ReviewView, bool, error) {
	var v *content.Verdict
	for _, x := range c.Verdicts {
		if x.Module.Path == p {
			v = x
		}
	}
	if v == nil {
		return nil, false, nil
	}
	m := v.Module
	if err := c.restore(m); err != nil {
		return nil, true, err
	}
	rv := &ReviewView{Path: m.Path, Title: m.Meta.Title, URL: m.URLPath(), State: v.State, Digest: v.Digest}
	cur, err := c.renderBody(m, m.Body)
	if err != nil {
		return nil, true, err
	}
	rv.Body = template.HTML(cur) // #nosec: rounds' own rendering of Markdown with raw HTML off
	var queries []SignedQuery
	var pending []int
	byDigest := map[string]int{}
	for _, rc := range v.Roles {
		row := ReviewRole{Role: rc.Role, OK: rc.OK, Reason: rc.Reason, Signers: rc.Signers}
		id := "ID"
		if len(rc.Signers) == 1 {
			id = rc.Signers[0]
		}
		row.Command = fmt.Sprintf("rounds review %s --reviewer %s --role %s", m.Path, id, rc.Role)
		r := rc.Review
		if r != nil {
			row.Signed = fmt.Sprintf("%s on %s", r.Reviewer, r.Date)
		}
		rv.Roles = append(rv.Roles, row)
		if r == nil || r.Digest == v.Digest {
			continue
		}
		who := fmt.Sprintf("%s by %s on %s", r.Role, r.Reviewer, r.Date)
		if i, seen := byDigest[r.Digest]; seen {
			rv.Versions[i].SignOffs = append(rv.Versions[i].SignOffs, who)
			continue
		}
		byDigest[r.Digest] = len(rv.Versions)
		sc := SignedChanges{SignOffs: []string{who}, Digest: r.Digest}
		switch {
		case content.IsOldDigest(r.Digest):
			sc.Problem = "it was made over the first digest form (sha256:), which rounds no longer computes: read the module whole"
		case repo == nil:
			sc.Problem = "the site is not in a git repository, so the signed version cannot be found: read the module whole"
		default:
			queries = append(queries, SignedQuery{Path: m.Path, Digest: r.Digest, Commit: r.Commit})
			pending = append(pending, len(rv.Versions))
		}
		rv.Versions = append(rv.Versions, sc)
	}
	if len(queries) == 0 {
		return rv, true, nil
	}
	found, err := FindSigned(ctx, repo, queries, HistoryOptions{})
	if err != nil {
		return nil, true, err
	}
	for j, f := range found {
		sc := &rv.Versions[pending[j]]
		if !f.Found {
			sc.Problem = "no commit of the site's history gives the signed digest (the history was rewritten, or the module was signed before it was committed): read the module whole"
			continue
		}
		sc.Found, sc.Revision = true, f.Revision
		sc.Changes = history.Compare(f.Records, m.Records(c.Config.Shared, c.Config.People))
		var oldBody []byte
		for _, rec := range f.Records {
			if rec.Kind == content.RecordBody {
				oldBody = rec.Data
			}
		}
		old, err := c.renderBody(m, oldBody)
		if err != nil {
			// The signed text no longer renders with this rounds: show
			// the module as it stands, the changes listed above it.
			sc.Body = rv.Body
			continue
		}
		sc.Body = template.HTML(history.HTML(old, cur)) // #nosec: both renderings are rounds' own, every tag from cur
	}
	return rv, true, nil
}

// renderBody renders a module's body (as it stands, or as it was signed)
// as the module page does, for the review page.
func (c *Checked) renderBody(m *content.Module, body []byte) (string, error) {
	r, err := c.md.Render(body, markdown.Options{Known: c.knownRefs(m), Files: bundleFile(m)})
	if err != nil {
		return "", fmt.Errorf("%s: %v", m.Path, err)
	}
	return strings.TrimSpace(string(r.HTML)), nil
}
