package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/history"
)

// signOffDiff is what `rounds diff` reports of one module's sign-offs
// that share a digest.
type signOffDiff struct {
	Path     string            `json:"path"`
	SignOffs []string          `json:"sign_offs"` // "medical by asmith on 2026-11-10"
	Digest   string            `json:"digest"`
	Current  bool              `json:"current"` // the sign-off is for the module as it stands
	Found    bool              `json:"found"`
	Revision *history.Revision `json:"revision,omitempty"`
	Changes  *history.Changes  `json:"changes,omitempty"`
	Problem  string            `json:"problem,omitempty"`
	// Translation is set on the diff of a translation's source since the
	// version the translation recorded (source_digest): its path.
	Translation string `json:"translation,omitempty"`
}

func runDiff(e *env, args []string) int {
	f := newFlags(e, "diff")
	var sf siteFlags
	sf.register(f, true)
	role := f.String("role", "", "only the sign-offs in `ROLE`")
	reviewer := f.String("reviewer", "", "only the sign-offs by `ID`")
	format := f.String("format", "text", "output `FORMAT`: text or json (to stdout)")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(pos) == 0 || (*format != "text" && *format != "json") {
		fmt.Fprintln(e.stderr, "rounds diff: give the modules to compare with their signed versions")
		f.Usage()
		return exitUsage
	}
	c, l, code := loadChecked(e, &sf)
	if c == nil {
		printDiags(e.stderr, l)
		return code
	}
	targets, code := selectModules(e, "diff", &sf, c, pos)
	if targets == nil {
		return code
	}
	var out []*signOffDiff
	var queries []generator.SignedQuery
	var pending []*signOffDiff
	queryOf := map[*signOffDiff]int{}
	for _, v := range targets {
		m := v.Module
		byDigest := map[string]*signOffDiff{}
		for _, r := range m.Meta.Reviews {
			if (*role != "" && r.Role != *role) || (*reviewer != "" && r.Reviewer != *reviewer) {
				continue
			}
			d := byDigest[r.Digest]
			if d == nil {
				d = &signOffDiff{Path: m.Path, Digest: r.Digest, Current: r.Digest == v.Digest}
				byDigest[r.Digest] = d
				out = append(out, d)
				switch {
				case d.Current:
				case content.IsOldDigest(r.Digest):
					d.Problem = "it was made over the first digest form (sha256:), which rounds no longer computes; it must be signed again, and the reviewer reads the module whole"
				default:
					queries = append(queries, generator.SignedQuery{Path: m.Path, Digest: r.Digest})
					pending = append(pending, d)
					queryOf[d] = len(queries) - 1
				}
			}
			// The commit a sign-off recorded is read first (the fast
			// path); without one, the history is searched.
			if q, ok := queryOf[d]; ok && queries[q].Commit == "" {
				queries[q].Commit = r.Commit
			}
			d.SignOffs = append(d.SignOffs, fmt.Sprintf("%s by %s on %s", r.Role, r.Reviewer, r.Date))
		}
		if sd := sourceSince(c, m); sd != nil {
			out = append(out, sd)
			if !sd.Current && sd.Problem == "" {
				queries = append(queries, generator.SignedQuery{Path: sd.Path, Digest: sd.Digest})
				pending = append(pending, sd)
			}
		}
		if len(byDigest) == 0 {
			which := "no sign-off"
			if *role != "" {
				which += " in role " + *role
			}
			if *reviewer != "" {
				which += " by " + *reviewer
			}
			out = append(out, &signOffDiff{Path: m.Path, Digest: v.Digest, Problem: which + ": there is no signed version to compare with; the reviewer reads the module whole"})
		}
	}
	if len(queries) > 0 {
		if err := findSigned(e, sf.dir, queries, pending, c, 0); err != nil {
			fmt.Fprintf(e.stderr, "rounds diff: %v\n", err)
			return exitOther
		}
	}
	if *format == "json" {
		writeJSON(e.stdout, out)
	} else {
		for _, d := range out {
			printSignOffDiff(e.stdout, d, c)
		}
	}
	for _, d := range out {
		if d.Problem != "" && !d.Current {
			return exitRefused
		}
	}
	return exitOK
}

// findSigned fills in each pending diff from the site's git history.
func findSigned(e *env, dir string, qs []generator.SignedQuery, pending []*signOffDiff, c *generator.Checked, max int) error {
	repo, err := openGit(e.ctx, dir)
	if err != nil {
		if errors.Is(err, history.ErrNoRepo) {
			for _, d := range pending {
				d.Problem = "cannot find the signed version: " + err.Error() + "; rounds diff reads the versions a sign-off was made over from git"
			}
			return nil
		}
		return err
	}
	found, err := generator.FindSigned(e.ctx, repo, qs, generator.HistoryOptions{MaxRevisions: max})
	if err != nil {
		return err
	}
	cur := map[string][]content.Record{}
	for _, v := range c.Verdicts {
		cur[v.Module.Path] = nil
	}
	for i, fv := range found {
		d := pending[i]
		if !fv.Found {
			d.Problem = "cannot find the signed version: no commit of the site's history gives the digest " + shortDigest(fv.Digest) +
				" (the history was rewritten, or the module was signed before it was committed)"
			if max > 0 {
				d.Problem = "not found in the last " + plural(max, "commit")
			} else if repo.Shallow(e.ctx) {
				d.Problem += "; this is a shallow clone: fetch the whole history with `git fetch --unshallow`"
			}
			continue
		}
		d.Found = true
		rev := fv.Revision
		d.Revision = &rev
		d.Changes = history.Compare(fv.Records, moduleRecords(c, fv.Path))
	}
	return nil
}

// moduleRecords is what the digest of the module at p covers as it stands.
func moduleRecords(c *generator.Checked, p string) []content.Record {
	for _, v := range c.Verdicts {
		if v.Module.Path == p {
			return v.Module.Records(c.Config.Shared, c.Config.People)
		}
	}
	return nil
}

// sourceSince is the diff to make of a translation's source: from the
// version its source_digest records to the source as it stands; nil for
// a module that is not a translation or whose source is missing.
func sourceSince(c *generator.Checked, m *content.Module) *signOffDiff {
	if m.Lang == "" {
		return nil
	}
	for _, v := range c.Verdicts {
		if v.Module.Path != m.SourcePath {
			continue
		}
		d := &signOffDiff{Path: v.Module.Path, Translation: m.Path, Digest: m.Meta.SourceDigest, Current: m.Meta.SourceDigest == v.Digest}
		if d.Digest == "" {
			d.Problem = "the translation records no source_digest (rounds review writes it): there is no source version to compare with"
		}
		return d
	}
	return nil
}

func printSignOffDiff(w io.Writer, d *signOffDiff, c *generator.Checked) {
	head := fmt.Sprintf("%s: the sign-off in %s", d.Path, strings.Join(d.SignOffs, " and the sign-off in "))
	if len(d.SignOffs) == 0 {
		head = d.Path
	}
	if d.Translation != "" {
		head = fmt.Sprintf("%s: the source version %s was signed against", d.Path, d.Translation)
	}
	switch {
	case d.Current && d.Translation != "":
		fmt.Fprintf(w, "%s is the source as it stands: nothing changed\n", head)
		return
	case d.Current:
		fmt.Fprintf(w, "%s is for the module as it stands: nothing changed\n", head)
		return
	case d.Problem != "":
		fmt.Fprintf(w, "%s: %s\n", head, d.Problem)
		return
	}
	fmt.Fprintf(w, "%s was made over commit %s (%s, %q); changed since:\n", head, d.Revision.Short(), d.Revision.Date, d.Revision.Subject)
	ch := d.Changes
	if ch.Empty() {
		// The digest differs but no record does: cannot happen while
		// Records and Digest agree (content.TestRecordsGiveDigest).
		fmt.Fprintln(w, "  nothing rounds can show")
		return
	}
	if len(ch.FrontMatter) > 0 {
		fmt.Fprintln(w, "front matter:")
		for _, f := range ch.FrontMatter {
			fmt.Fprintf(w, "  %s: %s -> %s\n", f.Name, orUnset(f.Old), orUnset(f.New))
		}
	}
	if ch.Body != nil {
		fmt.Fprintln(w, "body:")
		first := 1
		for _, v := range c.Verdicts {
			if v.Module.Path == d.Path && v.Module.File != nil {
				first = v.Module.File.Pos(v.Module.BodyOffset).Line
			}
		}
		for _, l := range history.Lines(ch.Body, first) {
			fmt.Fprintf(w, "  %4d | %s\n", l.N, l.Text)
		}
	}
	if len(ch.Files) > 0 {
		fmt.Fprintln(w, "files:")
		for _, f := range ch.Files {
			switch f.Change {
			case "added":
				fmt.Fprintf(w, "  added   %s (%s)\n", f.Name, plural(f.NewSize, "byte"))
			case "removed":
				fmt.Fprintf(w, "  removed %s (%s)\n", f.Name, plural(f.OldSize, "byte"))
			default:
				fmt.Fprintf(w, "  changed %s (%s -> %s)\n", f.Name, plural(f.OldSize, "byte"), plural(f.NewSize, "byte"))
			}
		}
	}
	for _, part := range []struct {
		name string
		list []history.Entry
	}{{"shared references", ch.References}, {"people (disclosures)", ch.People}} {
		if len(part.list) == 0 {
			continue
		}
		fmt.Fprintf(w, "%s:\n", part.name)
		for _, en := range part.list {
			if en.Change != "changed" {
				fmt.Fprintf(w, "  %s %s\n", en.Change, en.ID)
				continue
			}
			for _, f := range en.Fields {
				fmt.Fprintf(w, "  %s: %s: %s -> %s\n", en.ID, f.Name, orUnset(f.Old), orUnset(f.New))
			}
		}
	}
}

func orUnset(s string) string {
	if s == "" {
		return "(unset)"
	}
	return s
}

// statusHistoryDepth bounds how far back `rounds status` looks for the
// versions stale sign-offs were made over: status must stay quick on a
// long history; `rounds diff` searches all of it.
const statusHistoryDepth = 50

// filterRows keeps the status rows of the modules given.
func filterRows(rows []generator.StatusRow, keep []*content.Verdict) []generator.StatusRow {
	want := map[string]bool{}
	for _, v := range keep {
		want[v.Module.Path] = true
	}
	var out []generator.StatusRow
	for _, r := range rows {
		if want[r.Path] {
			out = append(out, r)
		}
	}
	return out
}

// changedParts tells each stale row which parts of the module changed
// since its stale sign-offs, when the site is in git and the signed
// versions are among the last statusHistoryDepth commits; otherwise the
// rows stay as they are (`rounds diff` says why).
func changedParts(e *env, sf *siteFlags, c *generator.Checked, rows []generator.StatusRow) {
	var qs []generator.SignedQuery
	var owner []int
	for i, r := range rows {
		for _, rr := range r.Roles {
			if !rr.Stale {
				continue
			}
			for _, v := range c.Verdicts {
				if v.Module.Path != r.Path {
					continue
				}
				for _, rev := range v.Module.Meta.Reviews {
					if rev.Role == rr.Role && rev.Reviewer == rr.Reviewer && rev.Digest != v.Digest && !content.IsOldDigest(rev.Digest) {
						qs = append(qs, generator.SignedQuery{Path: r.Path, Digest: rev.Digest, Commit: rev.Commit})
						owner = append(owner, i)
					}
				}
			}
		}
	}
	if len(qs) == 0 {
		return
	}
	repo, err := openGit(e.ctx, sf.dir)
	if err != nil {
		return
	}
	found, err := generator.FindSigned(e.ctx, repo, qs, generator.HistoryOptions{MaxRevisions: statusHistoryDepth})
	if err != nil {
		fmt.Fprintf(e.stderr, "rounds status: reading the history: %v\n", err)
		return
	}
	for j, fv := range found {
		if !fv.Found {
			continue
		}
		r := &rows[owner[j]]
		for _, p := range history.Compare(fv.Records, moduleRecords(c, fv.Path)).Parts() {
			if !slices.Contains(r.Changed, p) {
				r.Changed = append(r.Changed, p)
			}
		}
	}
	for i := range rows {
		if r := &rows[i]; len(r.Changed) > 0 {
			r.Detail = strings.Replace(r.Detail, " sign-off", " sign-off (changed: "+strings.Join(r.Changed, ", ")+")", 1)
		}
	}
}
