package main

import (
	"crypto/rand"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/content/sshsig"
)

// reviewFrame signs off the site's frame (rounds.toml, people.toml,
// layouts/, themes/, static/, i18n/, data/, paths/) as it stands, in frame.toml.
func reviewFrame(e *env, sf *siteFlags, reviewer, role, keyFile string) int {
	today, ok := sf.today(e)
	if !ok {
		return exitUsage
	}
	c, l, code := loadChecked(e, sf)
	if c == nil {
		printDiags(e.stderr, l)
		return code
	}
	var broken diag.List
	for _, d := range l {
		if d.Severity == diag.Error && (content.InFrame(d.Path) || d.Path == content.FramePath && d.Rule != "reviewed") {
			broken = append(broken, d)
		}
	}
	if len(broken) > 0 {
		broken.Print(e.stderr)
		fmt.Fprintf(e.stderr, "rounds review: the frame was not signed: %s must be fixed first\n", plural(broken.Errors(), "problem"))
		return exitRefused
	}
	gate := c.Gate(today)
	person := c.Config.People.ByID[reviewer]
	roles := gate.FrameRoles()
	switch {
	case person == nil:
		fmt.Fprintf(e.stderr, "rounds review: %q is not in people.toml\n", reviewer)
		return exitRefused
	case !person.HasRole(role):
		fmt.Fprintf(e.stderr, "rounds review: %s does not hold the role %q in people.toml (roles: %s)\n", reviewer, role, strings.Join(person.Roles, ", "))
		return exitRefused
	case !slices.Contains(roles, role):
		fmt.Fprintf(e.stderr, "rounds review: %q is not a role that signs the frame (policy.frame_roles, or else required_roles: %s)\n", role, strings.Join(roles, ", "))
		return exitRefused
	}
	signer, done, err := loadSigner(e, keyFile, person)
	if err != nil {
		fmt.Fprintf(e.stderr, "rounds review: %v\n", err)
		return exitOther
	}
	defer done()
	if why := person.CanSign(signer.PublicKey(), today); why != "" && person.Key(signer.PublicKey()) != nil {
		fmt.Fprintf(e.stderr, "rounds review: the key you gave %s\n  help: sign with one of %s's current keys\n", why, reviewer)
		return exitRefused
	} else if why != "" {
		fmt.Fprintf(e.stderr, "rounds review: the key you gave is not one of %s's keys in people.toml\n  help: sign with your own key; a new key is added to people.toml through review, like any change to the frame\n", reviewer)
		return exitRefused
	}
	r := content.Review{Reviewer: reviewer, Role: role, Date: today, Digest: c.Frame.Digest}
	blob, err := sshsig.Sign(signer, sshsig.Namespace, content.SignedText(r.Digest, r.Role, r.Reviewer, r.Date), rand.Reader)
	if err != nil {
		fmt.Fprintf(e.stderr, "rounds review: signing the frame: %v\n", err)
		return exitOther
	}
	r.Signature = content.EncodeSignature(blob)
	data := content.FrameTOML(content.WithFrameReview(c.Frame.Reviews, r))
	if err := writeAtomic(filepath.Join(sf.dir, content.FramePath), data); err != nil {
		fmt.Fprintf(e.stderr, "rounds review: %v\n", err)
		return exitOther
	}
	fmt.Fprintf(e.stderr, "signed the frame (%d files) as %s (%s)\n", len(c.Frame.Files), role, shortDigest(r.Digest))
	return exitOK
}
