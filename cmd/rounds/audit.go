package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
)

func runAudit(e *env, args []string) int {
	f := newFlags(e, "audit")
	var sf siteFlags
	sf.register(f, true)
	out := f.String("o", "audit", "write the report to `DIR`")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	c, l, code := loadChecked(e, &sf)
	if c == nil {
		printDiags(e.stderr, l)
		return code
	}
	whole := len(pos) == 0
	if whole {
		pos = []string{sf.dir}
	}
	targets, code := selectModules(e, "audit", &sf, c, pos)
	if targets == nil {
		return code
	}
	// The frame's sign-offs belong to an audit of the whole site: every
	// page is made with it.
	a, err := c.Audit(targets, whole)
	if err != nil {
		fmt.Fprintf(e.stderr, "rounds audit: %v\n", err)
		return exitOther
	}
	for _, p := range a.Problems {
		fmt.Fprintf(e.stderr, "rounds audit: %s\n", p)
	}
	err = os.MkdirAll(filepath.Join(*out, "activities"), 0o755)
	if err == nil {
		err = output.WriteFiles(*out, a.Files)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "rounds audit: %v\n", err)
		return exitOther
	}
	frame := ""
	if a.Frame != nil {
		frame = " and the frame's"
	}
	fmt.Fprintf(e.stderr, "audit of %s written to %s: %s (the modules'%s), see %s\n", plural(len(a.Records), "activity"), *out,
		plural(a.SignOffs, "sign-off"), frame, filepath.Join(*out, "VERIFY.txt"))
	return exitOK
}

// auditRecord is what the report's activities/NAME.json hold.
type auditRecord = generator.AuditRecord
