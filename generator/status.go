package generator

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
)

// StatusRow is one module's standing, as `rounds status` and the dev
// server's /_rounds/ page show it.
type StatusRow struct {
	Path    string        `json:"path"`
	URL     string        `json:"url"` // the module page, relative to the site root
	State   content.State `json:"state"`
	Digest  string        `json:"digest"`
	Detail  string        `json:"detail,omitempty"`
	Act     string        `json:"act,omitempty"`
	Roles   []RoleRow     `json:"roles"`
	Expires string        `json:"expires,omitempty"`
	// Allowances are the author's <!-- phi-ok --> exceptions, listed so a
	// reviewer sees every one.
	Allowances []Allowance `json:"phi_allowances,omitempty"`
	// Changed names the parts changed since a stale sign-off (front
	// matter, body, files, references, people), when `rounds status`
	// found its signed version in the site's history.
	Changed []string `json:"changed,omitempty"`
}

// Allowance is one phi-ok exception of a module.
type Allowance struct {
	Text   string `json:"text"`
	Reason string `json:"reason"`
	Line   int    `json:"line"`
}

// RoleRow is the standing of one required role of a module.
type RoleRow struct {
	Role     string   `json:"role"`
	OK       bool     `json:"ok"`
	Stale    bool     `json:"stale,omitempty"`
	Reviewer string   `json:"reviewer,omitempty"`
	Date     string   `json:"date,omitempty"`
	Reason   string   `json:"reason,omitempty"`
	Signers  []string `json:"signers,omitempty"`
}

// Status describes every module: its state, digest, what blocks it and
// who must act.
func (c *Checked) Status() []StatusRow { return c.StatusWith(nil) }

// StatusWith is Status after a build of the site found the problems in l
// (rounds status runs the gate as rounds build does, pages included): a
// module that one of the build's errors names beyond its own verdict (a
// broken link, a page the output check refuses, a file written twice) is
// refused, the first such error its detail, so no module build refuses
// is shown as published.
func (c *Checked) StatusWith(l diag.List) []StatusRow {
	rows := c.status()
	own := map[string]diag.List{}
	for _, v := range c.Verdicts {
		own[v.Module.Path] = v.Diags
	}
	at := map[string]int{}
	for i, r := range rows {
		at[r.Path] = i
	}
	for _, d := range l {
		i, ok := at[d.Path]
		if !ok || d.Severity != diag.Error || mentions(own[d.Path], d) {
			continue
		}
		r := &rows[i]
		if r.State == content.Draft {
			continue
		}
		if r.State != content.Refused {
			r.State, r.Detail, r.Act = content.Refused, "", ""
		}
		if !strings.Contains(r.Detail, d.Rule+": ") {
			if r.Detail != "" {
				r.Detail += "; "
			}
			r.Detail += d.Rule + ": " + d.Message
		}
		if r.Act == "" {
			r.Act = "the author to fix it (`rounds check` lists every problem)"
		}
	}
	return rows
}

// mentions reports whether l holds d.
func mentions(l diag.List, d diag.Diagnostic) bool {
	for _, x := range l {
		if x.Pos == d.Pos && x.Rule == d.Rule && x.Message == d.Message {
			return true
		}
	}
	return false
}

func (c *Checked) status() []StatusRow {
	var rows []StatusRow
	pol := c.Config.Site.Policy
	for _, v := range c.Verdicts {
		m := v.Module
		r := StatusRow{Path: m.Path, URL: m.URLPath(), State: v.State, Digest: v.Digest, Expires: m.Meta.Expires.String()}
		var stale, oldForm, missing, reasons, acts []string
		for _, rc := range v.Roles {
			rr := RoleRow{Role: rc.Role, OK: rc.OK, Stale: rc.Stale, Reason: rc.Reason, Signers: rc.Signers}
			if rc.Review != nil {
				rr.Reviewer, rr.Date = rc.Review.Reviewer, rc.Review.Date.String()
			}
			r.Roles = append(r.Roles, rr)
			if rc.OK {
				continue
			}
			if rc.Stale && rc.Review != nil && content.IsOldDigest(rc.Review.Digest) {
				oldForm = append(oldForm, rc.Role)
			} else if rc.Stale {
				stale = append(stale, rc.Role)
			} else {
				missing = append(missing, rc.Role)
				if rc.Reason != "" && !slices.Contains(reasons, rc.Reason) {
					reasons = append(reasons, rc.Reason)
				}
			}
			acts = append(acts, signAct(rc, m))
		}
		switch {
		case len(oldForm) > 0:
			// The first digest form is no longer accepted: nothing changed,
			// but the sign-off must be made again (rounds review re-signs).
			r.Detail = "the " + strings.Join(oldForm, " and ") + " sign-off is over the old digest form (sha256:): sign again"
			if len(stale) > 0 {
				r.Detail += "; changed since the " + strings.Join(stale, " and ") + " sign-off"
			}
			if len(missing) > 0 {
				r.Detail += "; no " + strings.Join(missing, ", ") + " sign-off"
			}
		case len(stale) > 0:
			r.Detail = "changed since the " + strings.Join(stale, " and ") + " sign-off"
			if len(missing) > 0 {
				r.Detail += "; no " + strings.Join(missing, ", ") + " sign-off"
			}
		case len(missing) > 0:
			r.Detail = "no valid " + strings.Join(missing, ", ") + " sign-off"
			if len(reasons) > 0 {
				r.Detail += " (" + strings.Join(reasons, "; ") + ")"
			}
		case v.State == content.Expiring || v.State == content.Published:
			r.Detail, r.Act = nextCause(v, pol)
		case v.State == content.SourceChanged:
			r.Detail = m.SourcePath + " changed after this translation was signed"
			if v.Diags.HasErrors() {
				r.Detail += " (refused: policy.strict names translations)"
			}
			r.Act = "the translator to update it (`rounds diff " + m.Path + "` shows the source's changes), then its reviewers to sign it again"
		case v.State == content.Expired:
			r.Detail = "credit ended " + m.Meta.Expires.String()
		case v.State == content.Archived:
			r.Detail = "credit ended " + m.Meta.Expires.String() + ": published as an archive, without credit or post-test"
		}
		if len(acts) > 0 && v.State != content.Draft {
			r.Act = strings.Join(acts, "; ")
		}
		if v.State == content.Expired {
			r.Act = planners(m) + " to have it reviewed again and set a new expires, or to archive it (policy.expired = \"archive\")"
		}
		if v.State == content.Refused {
			for _, d := range v.Diags {
				if d.Severity == diag.Error && d.Rule != "reviewed" {
					if r.Detail != "" {
						r.Detail += "; "
					}
					r.Detail += d.Rule + ": " + d.Message
					if r.Act == "" && d.Rule == "in-date" && d.Help != "" {
						r.Act = planners(m) + " to " + d.Help
					}
					break
				}
			}
			if r.Act == "" {
				r.Act = "the author to fix it (`rounds check` lists every problem)"
			}
		}
		if c.restore(m) != nil {
			rows = append(rows, r)
			continue
		}
		for _, a := range content.PHIAllowances(m.Body) {
			r.Allowances = append(r.Allowances, Allowance{Text: a.Text, Reason: a.Reason, Line: m.File.Pos(m.BodyOffset + a.Offset).Line})
		}
		rows = append(rows, r)
	}
	return rows
}

// signAct says who must sign a role: its eligible signers, never one
// the gate would refuse; when no one may, the planners must find one.
func signAct(rc content.RoleCheck, m *content.Module) string {
	if len(rc.Signers) > 0 {
		return fmt.Sprintf("%s to sign as %s", strings.Join(rc.Signers, " or "), rc.Role)
	}
	act := fmt.Sprintf("%s to add a %s reviewer to people.toml who may sign it", planners(m), rc.Role)
	if len(rc.Ineligible) > 0 {
		act += " (" + strings.Join(rc.Ineligible, "; ") + ")"
	}
	return act
}

// planners names who answers for a module's dates and reviewers.
func planners(m *content.Module) string {
	if len(m.Meta.Planners) > 0 {
		return "the planners (" + strings.Join(m.Meta.Planners, ", ") + ")"
	}
	return "the planners"
}

// nextCause names what ends a published module's standing first, and who
// must act before then: a sign-off that stops counting (max_review_age)
// or the end of its credit (expires). The gate's "expiring" warning
// speaks of whichever comes within content.ExpiringWithin days; status
// names the earliest, so a lapse in 51 days is not blamed on an expiry
// in a year.
func nextCause(v *content.Verdict, pol content.Policy) (detail, act string) {
	type lapse struct {
		on    content.Date
		roles []string
		who   []string
	}
	var first lapse
	if !pol.MaxReviewAge.IsZero() {
		for _, rc := range v.Roles {
			if !rc.OK || rc.Review == nil {
				continue
			}
			on := pol.MaxReviewAge.AddTo(rc.Review.Date)
			switch {
			case first.on.IsZero() || on.Before(first.on):
				first = lapse{on: on}
				fallthrough
			case on == first.on:
				first.roles = append(first.roles, rc.Role)
				first.who = append(first.who, signAct(rc, v.Module))
			}
		}
	}
	end := v.Module.Meta.Expires
	if !first.on.IsZero() && (end.IsZero() || first.on.Before(end)) {
		detail = fmt.Sprintf("the %s sign-off%s stop%s counting on %s (max_review_age %s)", strings.Join(first.roles, " and "),
			map[bool]string{true: "s", false: ""}[len(first.roles) > 1], map[bool]string{true: "", false: "s"}[len(first.roles) > 1], first.on, pol.MaxReviewAge)
		if !end.IsZero() {
			detail += "; credit ends " + end.String()
		}
		if v.State == content.Expiring {
			act = strings.Join(first.who, " and ") + " again before " + first.on.String()
		}
		return detail, act
	}
	if end.IsZero() {
		return "", ""
	}
	detail = "credit ends " + end.String()
	if v.State == content.Expiring {
		act = planners(v.Module) + " to have it reviewed again and set a new expires before " + end.String()
		if pol.Expired == "archive" {
			act += ", or let it be archived"
		}
	}
	return detail, act
}
