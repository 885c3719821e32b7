package generator

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator/config"
	"github.com/rounds-dev/rounds/generator/output"
)

// Record is the build record, rounds-build.json at the root of the output
// (SPEC.md "Shared conventions: Build record"): what was published, as of
// which date, by which rounds, for which site. An auditor reads in it the
// date a build took as today, which --now may have moved, and the digest
// each published module's sign-offs were checked against. It is made of
// the site and that date only (and rounds' version), so two builds of a
// site on one day write the same bytes. It is also the marker by which a
// later build knows the folder as this site's output (output.CheckDestination).
type Record struct {
	BaseURL string `json:"baseURL"` // the one the build used (rounds.toml's, or --baseURL's)
	Date    string `json:"date"`    // "today" for the gate: --now, or the clock's date
	Version string `json:"version"` // rounds' version
	// Frame is the digest of the site's frame (SPEC.md "Shared
	// conventions: The frame"), signed in frame.toml.
	Frame   string         `json:"frame"`
	Modules []RecordModule `json:"modules"` // every published module, by path
}

// RecordModule is one published module in the build record.
type RecordModule struct {
	Path   string `json:"path"`   // its source, in the site
	URL    string `json:"url"`    // its page, relative to baseURL
	Digest string `json:"digest"` // the digest its sign-offs were checked against
}

// frameDigest is the digest of the site's frame for the record, "" when
// the site has none (it was not read).
func frameDigest(c *Checked) string {
	if c.Frame == nil {
		return ""
	}
	return c.Frame.Digest
}

// record makes the build record of the modules a build publishes.
func record(c *Checked, published []*content.Verdict, opts Options) *Record {
	r := &Record{
		BaseURL: c.Config.Base.String(),
		Date:    opts.Today.String(),
		Version: cmp.Or(opts.Version, "dev"),
		Frame:   frameDigest(c),
		Modules: make([]RecordModule, 0, len(published)),
	}
	for _, v := range published {
		r.Modules = append(r.Modules, RecordModule{Path: v.Module.Path, URL: v.Module.URLPath(), Digest: v.Digest})
	}
	slices.SortFunc(r.Modules, func(a, b RecordModule) int { return cmp.Compare(a.Path, b.Path) })
	return r
}

// Encode writes the record as indented JSON, one key a line: it is read by
// people (an auditor) as much as by programs.
func (r *Record) Encode() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(r) // strings and slices only: cannot fail
	return b.Bytes()
}

// writeRecord writes the build record at the root of the output, last.
// A file of the site's static/ with its name collides with it ("written
// twice") and fails the build.
func (b *builder) writeRecord() {
	if b.opts.Preview || b.opts.Package != "" {
		return // the dev server's view and an LMS package are no build of the site
	}
	b.put(output.RecordName, record(b.c, append(slices.Clone(b.published), b.translated...), b.opts).Encode())
}

// SiteBaseURL reads the baseURL a build of the site uses (override, when
// not "", in place of rounds.toml's), as the build record writes it; ok
// is false when rounds.toml cannot give one. rounds build compares it
// with the record of the destination before building.
func SiteBaseURL(site fs.FS, override string) (baseURL string, ok bool) {
	c, l := config.Load(site, config.Options{BaseURL: override})
	if c == nil {
		return "", false
	}
	for _, d := range l {
		if d.Severity == diag.Error && d.Path == "rounds.toml" {
			return "", false
		}
	}
	return c.Base.String(), true
}

// backdated reports whether a build takes as today a date before the
// clock's (rounds build --now): what it publishes must then also be
// checked on the clock's date (clockWarnings).
func backdated(opts Options) bool {
	return !opts.Clock.IsZero() && opts.Today.Before(opts.Clock)
}

// clockWarnings checks again, on the clock's date, every module a
// backdated build publishes, and the frame, and warns of each that the
// gate refuses (or archives) on that date: a build with --now 2024-12-01 must not quietly
// publish a module whose credit ended on 2025-01-10. Each warning stands
// at the position of the first problem found on the clock's date. Under
// --strict, as every warning, they refuse the build. Only the date rules
// run again (Gate.CheckDates), which need no module's source: a source
// let go after the first check is read again only for a module found
// wanting, to place its warning.
func clockWarnings(ctx context.Context, c *Checked, opts Options) diag.List {
	if !backdated(opts) {
		return nil
	}
	var published []*content.Verdict
	for _, v := range c.Verdicts {
		if v != nil && v.Publishable() {
			published = append(published, v)
		}
	}
	gate := c.Gate(opts.Clock)
	found := make([]*diag.Diagnostic, len(published))
	_ = parallel(ctx, len(published), opts.Workers, func(i int) {
		v := published[i]
		late := gate.CheckDates(v)
		if m := v.Module; m.Released() && (!late.Publishable() || late.State == content.Archived) {
			src, err := readFile(c.FS, m.Path)
			if err == nil && m.Restore(src) == nil {
				late = gate.CheckDates(v) // again, with the source for the warning's position
				m.Release()
			}
		}
		var what string
		var at diag.Diagnostic
		switch {
		case !late.Publishable():
			what = "refuses it"
			for _, d := range late.Diags {
				if d.Severity == diag.Error {
					at = d
					break
				}
			}
		case late.State == content.Archived && v.State != content.Archived:
			what = "archives it"
			at = diag.Diagnostic{Path: v.Module.Path, Rule: string(content.Archived), Message: "its credit has ended"}
		default:
			return
		}
		d := &diag.Diagnostic{
			Path: at.Path, Pos: at.Pos, Source: at.Source, SourceStart: at.SourceStart, SourceCut: at.SourceCut, Severity: diag.Warning, Rule: "backdated",
			Message: fmt.Sprintf("published because --now is %s, but on today's date (%s) the gate %s: %s: %s", opts.Today, opts.Clock, what, at.Rule, at.Message),
			Help:    "build without --now to publish what may be published today; --strict refuses a build like this one",
		}
		if d.Path == "" {
			d.Path = v.Module.Path
		}
		found[i] = d
	})
	var l diag.List
	for _, d := range found {
		if d != nil {
			l.Add(*d)
		}
	}
	// The frame's sign-offs age too: a lapsed one refuses every build.
	if c.Frame != nil && len(published) > 0 {
		_, fl := gate.CheckFrame(c.Frame, true)
		for _, d := range fl {
			if d.Severity == diag.Error {
				l.Add(diag.Diagnostic{Path: d.Path, Pos: d.Pos, Source: d.Source, SourceStart: d.SourceStart, SourceCut: d.SourceCut, Severity: diag.Warning, Rule: "backdated",
					Message: fmt.Sprintf("the site is published because --now is %s, but on today's date (%s) the gate refuses its frame: %s: %s", opts.Today, opts.Clock, d.Rule, d.Message),
					Help:    "build without --now to publish what may be published today; --strict refuses a build like this one"})
				break
			}
		}
	}
	return l
}
