package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
)

// loadChecked runs the gate as rounds build does, rendering every page
// into nothing (generator.Options.DryRun): what check, status and review
// share. Whatever build would refuse, the link rule and the output checks
// included, is in the list, with the same message. A failure of the
// machine (a file that cannot be read) is in it too, with exit 3.
func loadChecked(e *env, sf *siteFlags) (*generator.Checked, diag.List, int) {
	return runGate(e, sf, gateOptions{})
}

// gateOptions adjust runGate.
type gateOptions struct {
	strict bool
	// preview renders every module, refused ones too, as the dev server
	// does (review: a link to a module still waiting for its sign-off is
	// not held against the one being signed).
	preview bool
}

func runGate(e *env, sf *siteFlags, o gateOptions) (*generator.Checked, diag.List, int) {
	today, ok := sf.today(e)
	if !ok {
		return nil, nil, exitUsage
	}
	trust, ok := sf.trustRoot(e)
	if !ok {
		return nil, nil, exitUsage
	}
	var clock content.Date
	if e.clock != nil {
		clock = content.DateOf(e.clock())
	}
	root, ok := openSite(e, sf.dir)
	if !ok {
		return nil, nil, exitOther
	}
	defer root.Close()
	// A Session, not Build: it keeps each module's source, which review
	// signs and status reads.
	res, err := generator.NewSession(generator.Options{
		Site: root.FS(), Today: today, Clock: clock, Version: version, Minify: true, Strict: o.strict,
		Preview: o.preview, DryRun: true, Trust: trust,
		Code: output.NewPackCache(codeCache(sf.dir)), // read, never saved: check writes nothing
	}).Build(e.ctx, nil)
	l := res.Diags
	code := exitOK
	switch {
	case err == nil || errors.Is(err, generator.ErrRefused):
	default:
		l = append(l, diag.Diagnostic{Severity: diag.Error, Rule: "build", Message: err.Error()})
		code = exitOther
	}
	l.Sort()
	if res.Checked == nil {
		return nil, l, exitRefused
	}
	return res.Checked, l, code
}

func runCheck(e *env, args []string) int {
	f := newFlags(e, "check")
	var sf siteFlags
	sf.register(f, true)
	format := f.String("format", "text", "output `FORMAT`: text or json (to stdout)")
	strict := f.Bool("strict", false, "fail on warnings too")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(pos) > 0 || (*format != "text" && *format != "json") {
		f.Usage()
		return exitUsage
	}
	c, l, code := runGate(e, &sf, gateOptions{strict: *strict})
	if c == nil && l == nil {
		return code
	}
	failed := l.HasErrors() || (*strict && l.Warnings() > 0)
	if *format == "json" {
		writeJSON(e.stdout, map[string]any{"ok": !failed, "errors": l.Errors(), "warnings": l.Warnings(), "diagnostics": diagJSON(l)})
	} else {
		printDiags(e.stderr, l)
	}
	if code == exitOther {
		return code
	}
	if failed {
		return exitRefused
	}
	return exitOK
}

func diagJSON(l diag.List) []map[string]any {
	out := make([]map[string]any, 0, len(l))
	for _, d := range l {
		j := map[string]any{"path": d.Path, "line": d.Pos.Line, "column": d.Pos.Col,
			"severity": d.Severity.String(), "rule": d.Rule, "message": d.Message, "help": d.Help, "notes": d.Notes}
		if d.Omitted != [2]int{} {
			// The file's diagnostics after diag.MaxPerFile, counted only.
			j["omitted"] = map[string]int{"errors": d.Omitted[diag.Error], "warnings": d.Omitted[diag.Warning]}
		}
		out = append(out, j)
	}
	return out
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func runStatus(e *env, args []string) int {
	f := newFlags(e, "status")
	var sf siteFlags
	sf.register(f, true)
	format := f.String("format", "text", "output `FORMAT`: text or json (to stdout)")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		f.Usage()
		return exitUsage
	}
	c, l, code := loadChecked(e, &sf)
	if c == nil {
		if l != nil {
			printDiags(e.stderr, l)
		}
		return code
	}
	rows := c.StatusWith(l)
	if len(pos) > 0 {
		targets, code := selectModules(e, "status", &sf, c, pos)
		if targets == nil {
			return code
		}
		rows = filterRows(rows, targets)
	}
	changedParts(e, &sf, c, rows)
	if *format == "json" {
		writeJSON(e.stdout, rows)
	} else {
		for _, r := range rows {
			fmt.Fprintf(e.stdout, "%-13s%s  %s", r.State, r.Path, shortDigest(r.Digest))
			if r.Detail != "" {
				fmt.Fprintf(e.stdout, "  %s", r.Detail)
			}
			if r.Act != "" {
				fmt.Fprintf(e.stdout, "  -> %s", r.Act)
			}
			fmt.Fprintln(e.stdout)
			for _, a := range r.Allowances {
				fmt.Fprintf(e.stdout, "             phi-ok at line %d: %q (%s)\n", a.Line, a.Text, a.Reason)
			}
		}
		counts := map[content.State]int{}
		for _, r := range rows {
			counts[r.State]++
		}
		var parts []string
		for _, s := range []content.State{content.Published, content.Expiring, content.Archived, content.SourceChanged, content.Stale, content.Missing, content.Expired, content.Refused, content.Draft} {
			if counts[s] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
			}
		}
		if fr := c.FrameStatus(); fr.Roles != nil && len(pos) == 0 {
			fmt.Fprintf(e.stdout, "%-13s%s  %s", fr.State, fr.Path, shortDigest(fr.Digest))
			if fr.Detail != "" {
				fmt.Fprintf(e.stdout, "  %s  -> %s", fr.Detail, fr.Act)
			}
			fmt.Fprintln(e.stdout)
		}
		fmt.Fprintf(e.stderr, "%d modules: %s\n", len(rows), strings.Join(parts, ", "))
	}
	return exitOK
}

func shortDigest(d string) string {
	if len(d) > len("sha256:")+12 {
		return d[:len("sha256:")+12]
	}
	return d
}
