package generator

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/rounds-dev/rounds/content"
)

// Verification is what an auditor needs to check sign-offs with OpenSSH
// alone: for every sign-off the signed text (NAME.txt) and its armored
// signature (NAME.sig), allowed_signers with each reviewer's keys and
// their options, revoked_keys when some are, and VERIFY.txt with one
// `ssh-keygen -Y verify` command per sign-off. `rounds review --export`
// and `rounds audit` write it.
type Verification struct {
	Files    map[string][]byte // file name -> bytes, all in one folder
	SignOffs int               // how many sign-offs it holds
	Problems []string          // sign-offs left out: their signature cannot be read
}

// ExportBase names a module's files in an export: content/c/m.md and
// content/c/m/index.md are c__m.
func ExportBase(p string) string {
	if p == content.FramePath {
		return "frame"
	}
	base := strings.TrimSuffix(strings.TrimPrefix(p, "content/"), ".md")
	base = strings.TrimSuffix(base, "/index")
	return strings.ReplaceAll(base, "/", "__")
}

// SignOffName is the name (without .txt or .sig) of a sign-off's files
// in an export.
func SignOffName(modulePath string, r content.Review) string {
	return fmt.Sprintf("%s.%s.%s", ExportBase(modulePath), r.Role, r.Reviewer)
}

// VerifyCommand is the ssh-keygen command that checks the sign-off r of
// the module at modulePath, run in the export's folder. The signature's
// time is the sign-off's date (-O verify-time), so that a retired key is
// checked against its valid-before as the gate checks it.
func VerifyCommand(modulePath string, r content.Review) string {
	name := SignOffName(modulePath, r)
	return fmt.Sprintf("ssh-keygen -Y verify -f allowed_signers -I %s -n %s -O verify-time=%s -s %s.sig < %s.txt",
		r.Reviewer, content.SignatureNamespace, strings.ReplaceAll(r.Date.String(), "-", ""), name, name)
}

// Verification builds the export of the sign-offs of targets.
func (c *Checked) Verification(targets []*content.Verdict) Verification {
	return c.verification(targets, nil)
}

// verification is Verification, with the frame's sign-offs frame (of
// frame.toml) after the modules'.
func (c *Checked) verification(targets []*content.Verdict, frame []content.Review) Verification {
	out := Verification{Files: map[string][]byte{}}
	var verify strings.Builder
	verify.WriteString("Verifying rounds sign-offs with OpenSSH alone\n\n")
	verify.WriteString("Each NAME.txt below is the exact text a reviewer signed; NAME.sig is the signature.\n")
	verify.WriteString("allowed_signers lists every reviewer's public keys from people.toml, for the rounds-review@v1 namespace.\n")
	verify.WriteString("Run these commands in this folder; each prints \"Good \\\"rounds-review@v1\\\" signature for ...\".\n")
	verify.WriteString("The digest in each text must equal the module's current digest, shown by `rounds status`.\n\n")
	signers := map[string]bool{}
	add := func(p, what, current string, r content.Review) {
		name := SignOffName(p, r)
		sig, err := content.ArmoredSignature(r)
		if err != nil {
			out.Problems = append(out.Problems, fmt.Sprintf("%s: the %s sign-off by %s: %v", p, r.Role, r.Reviewer, err))
			return
		}
		out.Files[name+".txt"] = content.SignedText(r.Digest, r.Role, r.Reviewer, r.Date)
		out.Files[name+".sig"] = sig
		signers[r.Reviewer] = true
		state := "matches the " + what + " as it stands"
		if r.Digest != current {
			state = "is for an OLDER version of the " + what + " (current " + current + ")"
		}
		fmt.Fprintf(&verify, "# %s, %s sign-off by %s on %s: its digest %s\n%s\n\n", p, r.Role, r.Reviewer, r.Date, state, VerifyCommand(p, r))
		out.SignOffs++
	}
	for _, v := range targets {
		for _, r := range v.Module.Meta.Reviews {
			add(v.Module.Path, "module", v.Digest, r)
		}
	}
	for _, r := range frame {
		// The frame (layouts, strings, policy, people.toml): its digest
		// is shown by `rounds status`, on the frame.toml line.
		add(content.FramePath, "frame", c.Frame.Digest, r)
	}
	var allowed, revoked strings.Builder
	for _, id := range slices.Sorted(maps.Keys(signers)) {
		p := c.Config.People.ByID[id]
		if p == nil {
			continue
		}
		for _, k := range p.KeyInfo {
			// A retired key keeps its valid-before, so ssh-keygen checks
			// the window as the gate does (-Y verify takes the signature's
			// time from the signed text's date only with -Overify-time;
			// VERIFY.txt gives it).
			opts := k.AllowedSigner
			opts.Namespaces = []string{content.SignatureNamespace}
			fmt.Fprintf(&allowed, "%s %s %s\n", id, opts.Options(), k.AuthorizedKey())
			if k.Revoked {
				revoked.WriteString(k.AuthorizedKey() + "\n")
			}
		}
	}
	out.Files["allowed_signers"] = []byte(allowed.String())
	if revoked.Len() > 0 {
		// Keys listed in revoked_keys: `ssh-keygen -Y verify -r
		// revoked_keys` refuses their signatures.
		verify.WriteString("Keys listed in revoked_keys in people.toml are in the file revoked_keys: add -r revoked_keys to each command above; a signature by one of them must fail.\n")
		out.Files["revoked_keys"] = []byte(revoked.String())
	}
	out.Files["VERIFY.txt"] = []byte(verify.String())
	return out
}
