package generator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

const recordSite = `
-- rounds.toml --
title   = "Record"
baseURL = "https://example.org/learn"
[policy]
required_roles = []
-- content/c/_index.md --
+++
title = "C"
+++
-- content/c/b.md --
+++
title = "B"
date = 2026-10-01
+++
Text of B.
-- content/c/a.md --
+++
title = "A"
date = 2026-10-01
expires = 2027-01-10
+++
Text of A.
-- content/c/draft.md --
+++
title = "Draft"
date = 2026-10-01
draft = true
+++
Not published.
`

// recordOf builds the site into memory and returns its build record.
func recordOf(t *testing.T, opts generator.Options) (*generator.Result, []byte, generator.Record) {
	t.Helper()
	mem := output.NewMemory()
	opts.Site, opts.Out = sitetest.FS(sitetest.Parse(recordSite)), mem
	res, err := generator.Build(context.Background(), opts)
	if err != nil {
		var b bytes.Buffer
		res.Diags.Print(&b)
		t.Fatalf("%v\n%s", err, b.String())
	}
	data, ok := mem.Get(output.RecordName)
	if !ok {
		t.Fatalf("no %s in the output", output.RecordName)
	}
	var r generator.Record
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	return res, data, r
}

// Every build writes its record: the baseURL it used, its date, the
// version, the frame's digest, and every
// published module with the digest its sign-offs were checked against.
// Two builds of the site on one date write the same bytes.
func TestBuildRecord(t *testing.T) {
	res, data, r := recordOf(t, generator.Options{Today: sitetest.Today, Version: "v1.2.3"})
	if res.Checked.Frame == nil || !strings.HasPrefix(res.Checked.Frame.Digest, "sha256v2:") {
		t.Fatalf("the checked site has no frame digest: %+v", res.Checked.Frame)
	}
	want := generator.Record{BaseURL: "https://example.org/learn/", Date: "2026-11-22", Version: "v1.2.3", Frame: res.Checked.Frame.Digest}
	if r.BaseURL != want.BaseURL || r.Date != want.Date || r.Version != want.Version || r.Frame != want.Frame {
		t.Errorf("record %+v, want %+v", r, want)
	}
	byPath := map[string]*content.Verdict{}
	for _, v := range res.Checked.Verdicts {
		byPath[v.Module.Path] = v
	}
	if len(r.Modules) != 2 || r.Modules[0].Path != "content/c/a.md" || r.Modules[1].Path != "content/c/b.md" {
		t.Fatalf("modules %+v, want a and b, by path (no draft)", r.Modules)
	}
	for _, m := range r.Modules {
		v := byPath[m.Path]
		if v == nil || m.Digest != v.Digest || !strings.HasPrefix(m.Digest, "sha256") || m.URL != v.Module.URLPath() {
			t.Errorf("module %+v: want digest %v and URL of the gate's verdict", m, v)
		}
	}
	_, again, _ := recordOf(t, generator.Options{Today: sitetest.Today, Version: "v1.2.3"})
	if !bytes.Equal(data, again) {
		t.Errorf("two builds wrote different records:\n%s\n%s", data, again)
	}
	// --baseURL is the URL the output uses: the record says so.
	_, _, r = recordOf(t, generator.Options{Today: sitetest.Today, BaseURL: "https://preview.example/"})
	if r.BaseURL != "https://preview.example/" || r.Version != "dev" {
		t.Errorf("with --baseURL: %+v", r)
	}
}

// A build dated before the clock (--now) warns of each module it
// publishes that the gate refuses on the clock's date, at the position of
// that refusal; the record keeps the date the build took.
func TestBackdatedBuildWarns(t *testing.T) {
	clock := content.ParseDate("2027-02-01")
	res, _, r := recordOf(t, generator.Options{Today: sitetest.Today, Clock: clock})
	if r.Date != "2026-11-22" || len(r.Modules) != 2 {
		t.Errorf("record %+v", r)
	}
	var got []string
	for _, d := range res.Diags {
		if d.Rule == "backdated" {
			got = append(got, d.String())
		}
	}
	want := "content/c/a.md:4:1: warning: backdated: published because --now is 2026-11-22, but on today's date (2027-02-01) the gate refuses it: in-date: expired on 2027-01-10"
	if len(got) != 1 || got[0] != want {
		t.Errorf("backdated warnings %q, want [%q]", got, want)
	}
	// Not backdated: no second check, no warning.
	for _, opts := range []generator.Options{{Today: sitetest.Today}, {Today: content.ParseDate("2026-12-01"), Clock: sitetest.Today}} {
		res, _, _ := recordOf(t, opts)
		for _, d := range res.Diags {
			if d.Rule == "backdated" {
				t.Errorf("today %s, clock %s: %s", opts.Today, opts.Clock, d)
			}
		}
	}
	// --strict refuses the build, and nothing is written.
	mem := output.NewMemory()
	_, err := generator.Build(context.Background(), generator.Options{Site: sitetest.FS(sitetest.Parse(recordSite)), Out: mem, Today: sitetest.Today, Clock: clock, Strict: true})
	if err != generator.ErrRefused || len(mem.Names()) != 0 {
		t.Errorf("strict: %v, %d files written", err, len(mem.Names()))
	}
}
