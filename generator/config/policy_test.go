package config

import (
	"strings"
	"testing"
)

// The review policy fails closed: signatures are required unless turned
// off, and a policy that lets unreviewed modules through warns.
func TestPolicyDefaults(t *testing.T) {
	const head = "title = \"T\"\nbaseURL = \"https://example.org/\"\n"
	for _, c := range []struct {
		name, policy string
		signatures   bool
		warn         string // "" for none
		unreviewed   bool
	}{
		{"roles, signatures unset", "[policy]\nrequired_roles = [\"medical\"]\n", true, "", false},
		{"roles, signatures on", "[policy]\nrequired_roles = [\"medical\"]\nrequire_signatures = true\n", true, "", false},
		{"roles, signatures off", "[policy]\nrequired_roles = [\"medical\"]\nrequire_signatures = false\n", false,
			"rounds.toml:5:1: warning: unreviewed-policy: sign-offs need no signature", true},
		{"no roles", "[policy]\nrequired_roles = []\n", true,
			"rounds.toml:4:1: warning: unreviewed-policy: no review role is required", true},
		{"no policy", "", true, "rounds.toml:1:1: warning: unreviewed-policy: no review role is required", true},
		{"no frame roles", "[policy]\nrequired_roles = [\"medical\"]\nframe_roles = []\n", true,
			"rounds.toml:5:1: warning: unreviewed-policy: no role signs the frame", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, diags := load(t, map[string]string{"rounds.toml": head + c.policy})
			if cfg.Site.Policy.RequireSignatures != c.signatures {
				t.Errorf("require_signatures = %v, want %v", cfg.Site.Policy.RequireSignatures, c.signatures)
			}
			if c.warn == "" && diags != "" || c.warn != "" && !strings.Contains(diags, c.warn) {
				t.Errorf("diagnostics:\n%s\nwant %q", diags, c.warn)
			}
			if (cfg.Unreviewed != "") != c.unreviewed {
				t.Errorf("Unreviewed = %q", cfg.Unreviewed)
			}
		})
	}
}
