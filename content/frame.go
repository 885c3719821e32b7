package content

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/rounds-dev/rounds/content/diag"
)

// FramePath is the file that holds the frame's sign-offs, at the site root.
const FramePath = "frame.toml"

// frameDirs are the folders of the frame: whatever reaches a learner on
// every page or decides the gate, outside the modules (SPEC.md "Shared
// conventions: The frame and the trust root").
var frameDirs = []string{"layouts/", "themes/", "static/", "i18n/", "data/", "paths/"}

// InFrame reports whether a site file is part of the frame. Shared
// references are hashed into each module that cites them (C records), so
// they are not the frame's; frame.toml holds the frame's own sign-offs.
func InFrame(p string) bool {
	switch p {
	case "rounds.toml", "people.toml":
		return true
	case "data/references.toml", "data/references.json":
		return false
	}
	for _, d := range frameDirs {
		if strings.HasPrefix(p, d) {
			return true
		}
	}
	return false
}

// Frame is the site's frame: its files and their sign-offs.
type Frame struct {
	Digest  string
	Files   []string // paths, sorted
	Reviews []Review
	File    *diag.File // frame.toml, nil when there is none
	Doc     *Doc
}

// FrameFile is one file of the frame.
type FrameFile struct {
	Path string
	Data []byte
}

// FrameDigest is the frame's digest: "sha256v2:" and the SHA-256 of one
// L record per file (name = its path, data = its bytes) in path order,
// the same injective framing as a module's digest.
func FrameDigest(files []FrameFile) string {
	sorted := append([]FrameFile(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	h := sha256.New()
	for _, f := range sorted {
		writeRecord(h, RecordFrame, f.Path, f.Data)
	}
	return DigestPrefix + hex.EncodeToString(h.Sum(nil))
}

// ParseFrameReviews reads frame.toml: [[reviews]] tables, nothing else.
func ParseFrameReviews(f *diag.File) ([]Review, *Doc, diag.List) {
	var l diag.List
	if !CheckText(f, &l) {
		return nil, nil, l
	}
	doc, l := ParseDoc(f, 0, len(f.Src))
	if doc == nil {
		return nil, nil, l
	}
	var file struct {
		Reviews []Review `json:"reviews"`
	}
	doc.Decode(doc.Raw, &file, nil, &l)
	return file.Reviews, doc, l
}

// FrameTOML is frame.toml holding reviews, sorted by role and reviewer.
func FrameTOML(reviews []Review) []byte {
	rs := append([]Review(nil), reviews...)
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].Role != rs[j].Role {
			return rs[i].Role < rs[j].Role
		}
		return rs[i].Reviewer < rs[j].Reviewer
	})
	var b strings.Builder
	b.WriteString("# Sign-offs of the site's frame (rounds.toml, people.toml, layouts/, themes/,\n" +
		"# static/, i18n/, data/, paths/): written by `rounds review --frame`, never by hand.\n")
	for _, r := range rs {
		b.WriteString("\n")
		b.WriteString(ReviewTOML(r))
	}
	return []byte(b.String())
}

// WithFrameReview returns reviews with r added, replacing the same
// reviewer's earlier sign-off in the same role.
func WithFrameReview(reviews []Review, r Review) []Review {
	out := make([]Review, 0, len(reviews)+1)
	for _, o := range reviews {
		if o.Reviewer != r.Reviewer || o.Role != r.Role {
			out = append(out, o)
		}
	}
	return append(out, r)
}

// FrameRoles are the roles that must sign the frame: policy.frame_roles,
// or every required role.
func (g *Gate) FrameRoles() []string {
	if g.Config.Policy.FrameRoles != nil {
		return g.Config.Policy.FrameRoles
	}
	return g.Config.Policy.RequiredRoles
}

// CheckFrame applies the reviewed rule to the frame: each frame role needs
// a sign-off over the frame's current digest, by a person holding the
// role, in date, with a valid signature. A layout can add a sentence to
// every page or drop a disclosure, so an unreviewed frame refuses the
// build as an unreviewed module does. A site that publishes no module
// needs no signed frame, so that a new site builds at once.
func (g *Gate) CheckFrame(f *Frame, publishes bool) ([]RoleCheck, diag.List) {
	var l diag.List
	var checks []RoleCheck
	for _, role := range g.FrameRoles() {
		rc := RoleCheck{Role: role, Position: -1, Signers: g.signers(role)}
		for i := range f.Reviews {
			r := &f.Reviews[i]
			if r.Role != role {
				continue
			}
			reason, stale := g.reviewProblem(*r, f.Digest)
			if reason == "" {
				rc = RoleCheck{Role: role, OK: true, Review: r, Position: i, Signers: rc.Signers}
				break
			}
			rc.Review, rc.Reason, rc.Stale, rc.Position = r, reason, stale, i
		}
		checks = append(checks, rc)
		if rc.OK || !publishes {
			continue
		}
		id := "ID"
		if len(rc.Signers) == 1 {
			id = rc.Signers[0]
		}
		help := fmt.Sprintf("read what changed in rounds.toml, people.toml, layouts/, themes/, static/, i18n/, data/ and paths/, then ask the %s reviewer to run `rounds review --frame --reviewer %s --role %s --key KEY`", role, id, role)
		d := diag.Diagnostic{Path: FramePath, Pos: diag.Pos{Line: 1, Col: 1}, Severity: diag.Error, Rule: "reviewed", Help: help}
		switch {
		case rc.Review == nil:
			d.Message = fmt.Sprintf("the site's frame has no sign-off in role %q", role)
		default:
			d.Message = fmt.Sprintf("the site's frame has no valid sign-off in role %q (%s)", role, rc.Reason)
			if f.Doc != nil {
				d.Pos = f.Doc.KeyPos("reviews", rc.Position)
			}
		}
		l.Add(d)
	}
	return checks, l
}
