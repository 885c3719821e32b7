package config

import (
	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
)

// policyDefaults makes the review policy fail closed: signatures are
// required unless rounds.toml turns them off, and a policy that lets
// unreviewed modules through (no required roles, or sign-offs without
// signatures) is a warning on every build, an error under --strict, and
// is said on every page (Unreviewed, a message of the translation table,
// so each page says it in its own language).
func (c *Config) policyDefaults(doc *content.Doc, l *diag.List) {
	pol := &c.Site.Policy
	raw, _ := doc.Raw["policy"].(map[string]any)
	if _, set := raw["require_signatures"]; !set {
		pol.RequireSignatures = true
	}
	if len(pol.RequiredRoles) == 0 {
		d := doc.Warnf(l, []any{"policy", "required_roles"}, "unreviewed-policy", "no review role is required: every module is published without review")
		d.Help = `name the roles that must sign every module, e.g. required_roles = ["medical", "compliance"]`
		c.Unreviewed = "pre.unreviewed_policy"
	} else if pol.FrameRoles != nil && len(pol.FrameRoles) == 0 {
		d := doc.Warnf(l, []any{"policy", "frame_roles"}, "unreviewed-policy", "no role signs the frame: layouts, static files and people.toml reach learners unreviewed")
		d.Help = "leave frame_roles out (every required role signs the frame) or name the roles that sign it"
	}
	if len(pol.RequiredRoles) > 0 && !pol.RequireSignatures {
		d := doc.Warnf(l, []any{"policy", "require_signatures"}, "unreviewed-policy", "sign-offs need no signature: anyone can write one by hand")
		d.Help = "remove require_signatures = false so that every sign-off carries its reviewer's SSH signature"
		c.Unreviewed = "pre.unsigned_policy"
	}
}
