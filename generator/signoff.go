package generator

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator/history"
)

// SignOff is a sign-off to make: who signs, in which role, with which key,
// on which day (the Checked's Today). cmd/rounds finds the key (a file or
// the ssh-agent) and passes it in; everything else happens here, so that
// the dev server and tests sign exactly as `rounds review` does.
type SignOff struct {
	Reviewer string
	Role     string
	// Key finds the reviewer's key once the person is known (an agent
	// offers the one of theirs it holds). Its error is returned as is.
	Key  func(*content.Person) (content.Signer, error)
	Rand io.Reader // for signatures that need one (crypto/rand)
	// History, when set, is the site's history: a module whose digest at
	// the newest revision is the one signed gets that commit recorded in
	// its sign-off (`commit = "..."`), so `rounds diff` finds the signed
	// version at once. Committed and clean, in the only sense that
	// matters: the revision gives exactly what the reviewer read.
	History history.Repo
}

// SignedFile is a file a sign-off rewrites: its path in the site, its new
// bytes, and the digest that was signed. The caller writes it (atomically).
type SignedFile struct {
	Path   string
	Data   []byte
	Digest string
}

// SignOffError is a sign-off refused for a reason the reviewer can act on
// (not a failure of the machine): the person, the role or the key.
type SignOffError struct {
	Message string
	Help    string
}

func (e *SignOffError) Error() string {
	if e.Help == "" {
		return e.Message
	}
	return e.Message + "\n  help: " + e.Help
}

// Is makes a SignOffError an ErrRefused: content (or people.toml) refused it.
func (e *SignOffError) Is(target error) bool { return target == ErrRefused }

func refuse(help, format string, a ...any) error {
	return &SignOffError{Message: fmt.Sprintf(format, a...), Help: help}
}

// Signatory returns the person who signs as reviewer in role, or a
// SignOffError saying why they cannot. It is asked before the key is
// looked for: an agent offers the key of the person's that it holds.
func (c *Checked) Signatory(reviewer, role string) (*content.Person, error) {
	person := c.Config.People.ByID[reviewer]
	switch {
	case person == nil:
		return nil, refuse("", "%q is not in people.toml; add yourself as [[person]] with your key first", reviewer)
	case !person.HasRole(role):
		return nil, refuse("", "%s does not hold the role %q in people.toml (roles: %s)", reviewer, role, strings.Join(person.Roles, ", "))
	}
	return person, nil
}

// signer finds the key through s.Key and refuses one that cannot sign
// for person today: not theirs, revoked, retired or not yet valid.
func (c *Checked) signer(person *content.Person, s SignOff) (content.Signer, error) {
	signer, err := s.Key(person)
	if err != nil {
		return nil, err
	}
	key := signer.PublicKey()
	why := person.CanSign(key, c.Today)
	switch {
	case why == "":
		return signer, nil
	case person.Key(key) != nil:
		return nil, refuse(fmt.Sprintf("sign with one of %s's current keys; a new key is added to people.toml through review, like any change to the frame", s.Reviewer),
			"the key %s %s", content.KeyFingerprint(key), why)
	default:
		// Never "add this key": a key added to people.toml by whoever
		// holds it is how a hostile author would sign as a reviewer.
		return nil, refuse(fmt.Sprintf("sign with your own key (--key FILE, the private key of one of %s's keys); if your key is really new, "+
			"add it to people.toml and have that change reviewed like any change to the frame (rounds review --frame) before you sign with it", s.Reviewer),
			"the key %s is not one of %s's keys in people.toml", content.KeyFingerprint(key), s.Reviewer)
	}
}

// SignModules signs off targets as they stand: for each, a [[reviews]]
// entry (replacing the reviewer's older one in the role) signed with
// s.Signer, the rest of the file kept byte for byte. Each module is
// checked as it would stand after signing; anything still blocking
// besides other roles' sign-offs refuses the whole sign-off, and the
// problems come back (nothing signed). seen is what the build that made
// c reported: the links and output problems of the pages as shown.
// An error is a SignOffError (the person, the role, the key) or a
// failure to sign.
func (c *Checked) SignModules(ctx context.Context, targets []*content.Verdict, s SignOff, seen diag.List) ([]SignedFile, diag.List, error) {
	person, err := c.Signatory(s.Reviewer, s.Role)
	if err != nil {
		return nil, nil, err
	}
	signer, err := c.signer(person, s)
	if err != nil {
		return nil, nil, err
	}
	commits := committed(ctx, s, targets)
	gate := c.Gate(c.Today)
	var refused diag.List
	var out []SignedFile
	sources := map[string]*content.Verdict{}
	for _, sv := range c.Verdicts {
		if sv.Module.Lang == "" {
			sources[sv.Module.Path] = sv
		}
	}
	for i, v := range targets {
		m := v.Module
		src, digest := m.File.Src, v.Digest
		// A translation is signed against its source as it stands:
		// source_digest records which version, inside what is signed.
		var source *content.Source
		if sv := sources[m.SourcePath]; m.Lang != "" && sv != nil {
			source = &content.Source{Verdict: sv}
			if sv.Digest != "" && m.Meta.SourceDigest != sv.Digest {
				data, err := content.WithSourceDigest(m.Path, src, sv.Digest)
				if err != nil {
					return nil, nil, &SignOffError{Message: err.Error()}
				}
				mid, pl := content.ParseModuleIn(m.Path, m.Lang, data, m.Section, m.Resources)
				if mid == nil {
					refused = append(refused, pl...)
					continue
				}
				src, digest = data, gate.Check(mid).Digest
			}
		}
		r, err := content.Sign(signer, content.Review{Reviewer: s.Reviewer, Role: s.Role, Date: c.Today, Digest: digest, Commit: commits[i]}, s.Rand)
		if err != nil {
			return nil, nil, fmt.Errorf("signing %s: %v", m.Path, err)
		}
		data, err := content.WithReview(m.Path, src, r)
		if err != nil {
			return nil, nil, &SignOffError{Message: err.Error()}
		}
		after, pl := content.ParseModuleIn(m.Path, m.Lang, data, m.Section, m.Resources)
		if after == nil {
			refused = append(refused, pl...)
			continue
		}
		verdict := gate.Check(after)
		if m.Lang != "" {
			verdict = gate.CheckTranslation(verdict, source)
		}
		refused = append(refused, stillBlocking(verdict.Diags, v.Diags)...)
		// What the pages showed: broken links, refused addresses, files
		// written twice (warnings in a preview, errors for build).
		for _, d := range seen {
			if d.Path == m.Path && (d.Rule == "links" || d.Rule == "output") && !hasDiag(v.Diags, d) {
				d.Severity = diag.Error
				refused = append(refused, d)
			}
		}
		out = append(out, SignedFile{Path: m.Path, Data: data, Digest: digest})
	}
	if len(refused) > 0 {
		refused.Sort()
		return nil, refused, nil
	}
	return out, nil, nil
}

// committed is, for each target, the commit its sign-off records: the
// one the reviewer's earlier sign-off in the role recorded when it was
// over the same digest (signing the same text again moves nothing, so
// re-signing never churns the file); else the newest revision of
// s.History when the module's digest there is its digest now; else "".
func committed(ctx context.Context, s SignOff, targets []*content.Verdict) []string {
	out := make([]string, len(targets))
	var qs []SignedQuery
	var at []int
	for i, v := range targets {
		for _, r := range v.Module.Meta.Reviews {
			if r.Reviewer == s.Reviewer && r.Role == s.Role && r.Digest == v.Digest && content.ValidCommit(r.Commit) {
				out[i] = r.Commit
			}
		}
		if out[i] == "" {
			qs = append(qs, SignedQuery{Path: v.Module.Path, Digest: v.Digest})
			at = append(at, i)
		}
	}
	if s.History == nil || len(qs) == 0 {
		return out
	}
	found, err := FindSigned(ctx, s.History, qs, HistoryOptions{MaxRevisions: 1})
	if err != nil {
		// The commit only saves `rounds diff` a search: a history that
		// cannot be read records none, and signs all the same.
		return out
	}
	for j, f := range found {
		if f.Found && content.ValidCommit(f.Revision.ID) {
			out[at[j]] = f.Revision.ID
		}
	}
	return out
}

// stillBlocking is what the gate says of a module after signing besides
// the reviewed rule, each at its place in the file before signing when
// the module had it then (lines move with the [[reviews]] entry).
func stillBlocking(after, before diag.List) diag.List {
	var out diag.List
	for _, d := range after {
		if d.Severity != diag.Error || d.Rule == "reviewed" {
			continue
		}
		for _, was := range before {
			if was.Rule == d.Rule && was.Message == d.Message {
				d = was
				break
			}
		}
		out = append(out, d)
	}
	return out
}

// hasDiag reports whether l holds d (at the same place, rule and message).
func hasDiag(l diag.List, d diag.Diagnostic) bool {
	for _, x := range l {
		if x.Pos == d.Pos && x.Rule == d.Rule && x.Message == d.Message {
			return true
		}
	}
	return false
}

// SignFrame signs off the site's frame (rounds.toml, people.toml,
// layouts/, themes/, static/, i18n/, data/, paths/) as it stands: the new
// frame.toml. seen is what the build that made c reported; an error in
// the frame's own files refuses the sign-off (the problems come back).
func (c *Checked) SignFrame(s SignOff, seen diag.List) (SignedFile, diag.List, error) {
	var broken diag.List
	for _, d := range seen {
		if d.Severity == diag.Error && (content.InFrame(d.Path) || d.Path == content.FramePath && d.Rule != "reviewed") {
			broken = append(broken, d)
		}
	}
	if len(broken) > 0 {
		return SignedFile{}, broken, nil
	}
	person, err := c.Signatory(s.Reviewer, s.Role)
	if err != nil {
		return SignedFile{}, nil, err
	}
	if roles := c.Gate(c.Today).FrameRoles(); !slices.Contains(roles, s.Role) {
		return SignedFile{}, nil, refuse("", "%q is not a role that signs the frame (policy.frame_roles, or else required_roles: %s)", s.Role, strings.Join(roles, ", "))
	}
	signer, err := c.signer(person, s)
	if err != nil {
		return SignedFile{}, nil, err
	}
	r, err := content.Sign(signer, content.Review{Reviewer: s.Reviewer, Role: s.Role, Date: c.Today, Digest: c.Frame.Digest}, s.Rand)
	if err != nil {
		return SignedFile{}, nil, fmt.Errorf("signing the frame: %v", err)
	}
	return SignedFile{Path: content.FramePath, Data: content.FrameTOML(content.WithFrameReview(c.Frame.Reviews, r)), Digest: r.Digest}, nil, nil
}
