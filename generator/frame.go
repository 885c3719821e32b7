package generator

import (
	"errors"
	"io/fs"
	"path"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator/config"
)

// loadFrame reads the site's frame: every file outside the modules that
// reaches a learner or decides the gate (content.InFrame), and the
// sign-offs of frame.toml.
func loadFrame(fsys fs.FS) (*content.Frame, diag.List) {
	var l diag.List
	var files []content.FrameFile
	read := func(p string) {
		b, err := readFile(fsys, p)
		if err != nil {
			l.Add(diag.Diagnostic{Path: p, Severity: diag.Error, Rule: "read", Message: err.Error()})
			return
		}
		files = append(files, content.FrameFile{Path: p, Data: b})
	}
	for _, p := range []string{"rounds.toml", "people.toml"} {
		if _, err := fs.Stat(fsys, p); err == nil {
			read(p)
		}
	}
	for _, dir := range []string{"data", "i18n", "layouts", "paths", "static", "themes"} {
		err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == dir {
					return fs.SkipDir
				}
				return err
			}
			if !d.IsDir() && content.InFrame(p) && !ignoredFrameFile(p) {
				read(p)
			}
			return nil
		})
		if err != nil {
			l.Add(diag.Diagnostic{Path: dir, Severity: diag.Error, Rule: "read", Message: explainRead(err).Error()})
		}
	}
	f := &content.Frame{Digest: content.FrameDigest(files)}
	for _, x := range files {
		f.Files = append(f.Files, x.Path)
	}
	if src, err := readFile(fsys, content.FramePath); err == nil {
		f.File = diag.NewFile(content.FramePath, src)
		reviews, doc, rl := content.ParseFrameReviews(f.File)
		f.Reviews, f.Doc = reviews, doc
		l = append(l, rl...)
	} else if !errors.Is(err, fs.ErrNotExist) {
		l.Add(diag.Diagnostic{Path: content.FramePath, Severity: diag.Error, Rule: "read", Message: err.Error()})
	}
	return f, l
}

// ignoredFrameFile: editors' and systems' litter, which the scan of the
// site ignores too and nothing publishes.
func ignoredFrameFile(p string) bool {
	b := path.Base(p)
	return b == ".DS_Store" || strings.HasSuffix(b, "~") || strings.HasPrefix(b, ".#") || strings.HasSuffix(b, ".swp")
}

// frameChanged reports whether a change touches the frame or its sign-offs.
func frameChanged(changed map[string]bool) bool {
	for p := range changed {
		if p == content.FramePath || content.InFrame(p) {
			return true
		}
	}
	return false
}

// checkFrame runs the gate on the frame once the modules are checked: it
// needs signing only when some module would be published.
func (c *Checked) checkFrame(gate *content.Gate) diag.List {
	if c.Frame == nil {
		return nil
	}
	publishes := false
	for _, v := range c.Verdicts {
		if v != nil && v.Publishable() {
			publishes = true
			break
		}
	}
	var l diag.List
	c.FrameRoles, l = gate.CheckFrame(c.Frame, publishes)
	return l
}

// FrameStatus is the frame's standing as a status row: published when
// every frame role signed its current digest, stale when a sign-off is for
// an older frame, missing role otherwise.
func (c *Checked) FrameStatus() StatusRow {
	row := StatusRow{Path: content.FramePath, State: content.Published}
	if c.Frame == nil {
		return row
	}
	row.Digest = c.Frame.Digest
	var waiting []string
	for _, rc := range c.FrameRoles {
		rr := RoleRow{Role: rc.Role, OK: rc.OK, Stale: rc.Stale, Reason: rc.Reason, Signers: rc.Signers}
		if rc.Review != nil {
			rr.Reviewer, rr.Date = rc.Review.Reviewer, rc.Review.Date.String()
		}
		row.Roles = append(row.Roles, rr)
		if rc.OK {
			continue
		}
		if rc.Stale && row.State == content.Published {
			row.State = content.Stale
		} else if row.State == content.Published {
			row.State = content.Missing
		}
		waiting = append(waiting, rc.Role)
	}
	if len(waiting) > 0 {
		row.Detail = "the frame (rounds.toml, people.toml, layouts/, themes/, static/, i18n/, data/, paths/) needs a sign-off in " + strings.Join(waiting, ", ")
		row.Act = "rounds review --frame"
	}
	return row
}

// trustWarning is the one line every check says when reviewers' keys come
// from people.toml, which an author can edit: a protected --trust file is
// the root of trust. It says nothing when no signature is checked.
func trustWarning(cfg *config.Config, trust *content.Trust) diag.List {
	pol := cfg.Site.Policy
	if trust != nil || !pol.RequireSignatures || len(pol.RequiredRoles) == 0 {
		return nil
	}
	return diag.List{{Path: "people.toml", Pos: diag.Pos{Line: 1, Col: 1}, Severity: diag.Warning, Rule: "trust",
		Message: "reviewers' keys are trusted from the repository (people.toml), which authors can edit",
		Help:    "pin them from outside it: --trust FILE, an OpenSSH allowed_signers file (principal = person id) kept where authors cannot write"}}
}
