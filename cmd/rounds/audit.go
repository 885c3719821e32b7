package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
)

// auditRecord is one activity as an accreditor reads it.
type auditRecord struct {
	Path         string          `json:"path"`
	Title        string          `json:"title"`
	URL          string          `json:"url"`
	Format       string          `json:"format"`
	State        string          `json:"state"`
	Released     string          `json:"release_date"`
	LastReviewed string          `json:"last_review_date"`
	Expires      string          `json:"termination_date"`
	Credit       *content.Credit `json:"credit,omitempty"`
	Support      *auditSupport   `json:"commercial_support,omitempty"`
	People       []auditPerson   `json:"people"`
	SignOffs     []auditSignOff  `json:"sign_offs"`
	Digest       string          `json:"digest"`
}

type auditSupport struct {
	Supporter string `json:"supporter"`
	Kind      string `json:"kind"`
}

// auditPerson is someone in control of content (ACCME Standard 3).
type auditPerson struct {
	ID            string                 `json:"id"`
	Name          string                 `json:"name"`
	Credentials   string                 `json:"credentials,omitempty"`
	Roles         []string               `json:"roles"`
	Relationships []content.Relationship `json:"relationships"`
}

type auditSignOff struct {
	Reviewer string `json:"reviewer"`
	Role     string `json:"role"`
	Date     string `json:"date"`
	Digest   string `json:"digest"`
	Current  bool   `json:"current"` // the digest is the module's as it stands
	Verify   string `json:"verify"`  // the ssh-keygen command, run in the output folder
}

// parsHeader is the columns of activities.csv, named as in ACCME's PARS
// activity upload for enduring materials, as far as rounds knows them;
// the learner counts stay empty (a static site cannot know them).
func parsHeader() []string {
	return []string{"Activity Title", "Activity Type", "Activity Start Date", "Activity End Date", "Hours of Instruction",
		"Designated for AMA PRA Category 1 Credit", "Commercial Support Received", "Commercial Supporters", "Number of Physician Learners", "Number of Other Learners"}
}

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
	if len(pos) == 0 {
		pos = []string{sf.dir}
	}
	targets, code := selectModules(e, "audit", &sf, c, pos)
	if targets == nil {
		return code
	}
	dir := filepath.Join(*out, "activities")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(e.stderr, "rounds audit: %v\n", err)
		return exitOther
	}
	var rows [][]string
	for _, v := range targets {
		if v.State == content.Draft {
			continue
		}
		rec := auditOf(c, v)
		base := generator.ExportBase(v.Module.Path)
		js, _ := json.MarshalIndent(rec, "", "  ")
		var page bytes.Buffer
		if err := auditPage().Execute(&page, rec); err != nil {
			fmt.Fprintf(e.stderr, "rounds audit: %v\n", err)
			return exitOther
		}
		if err := output.WriteFiles(dir, map[string][]byte{base + ".json": append(js, '\n'), base + ".html": page.Bytes()}); err != nil {
			fmt.Fprintf(e.stderr, "rounds audit: %v\n", err)
			return exitOther
		}
		rows = append(rows, parsRow(rec))
	}
	var csvb bytes.Buffer
	w := csv.NewWriter(&csvb)
	_ = w.Write(parsHeader())
	_ = w.WriteAll(rows)
	if err := output.WriteFiles(*out, map[string][]byte{"activities.csv": csvb.Bytes()}); err != nil {
		fmt.Fprintf(e.stderr, "rounds audit: %v\n", err)
		return exitOther
	}
	if code := writeVerification(e, c, targets, *out); code != exitOK {
		return code
	}
	fmt.Fprintf(e.stderr, "audit of %s written to %s\n", plural(len(rows), "activity"), *out)
	return exitOK
}

func auditOf(c *generator.Checked, v *content.Verdict) auditRecord {
	m, fm := v.Module, v.Module.Meta
	rec := auditRecord{Path: m.Path, Title: fm.Title, URL: c.Config.AbsURL(m.URLPath()), Format: fm.Format, State: string(v.State),
		Released: fm.Date.String(), Expires: fm.Expires.String(), Credit: fm.Credit, Digest: v.Digest}
	if !v.LastReview.IsZero() {
		rec.LastReviewed = v.LastReview.String()
	}
	if fm.Support != nil {
		rec.Support = &auditSupport{Supporter: fm.Support.Supporter, Kind: fm.Support.Kind}
	}
	index := map[string]int{}
	add := func(id, role string) {
		p := c.Config.People.ByID[id]
		if p == nil {
			return
		}
		if i, ok := index[id]; ok {
			rec.People[i].Roles = append(rec.People[i].Roles, role)
			return
		}
		index[id] = len(rec.People)
		rec.People = append(rec.People, auditPerson{ID: id, Name: p.Name, Credentials: p.Credentials, Roles: []string{role}, Relationships: p.Relationships})
	}
	for _, id := range fm.Authors {
		add(id, "author")
	}
	for _, id := range fm.Planners {
		add(id, "planner")
	}
	for _, r := range fm.Reviews {
		add(r.Reviewer, r.Role+" reviewer")
		rec.SignOffs = append(rec.SignOffs, auditSignOff{Reviewer: r.Reviewer, Role: r.Role, Date: r.Date.String(), Digest: r.Digest,
			Current: r.Digest == v.Digest, Verify: generator.VerifyCommand(m.Path, r)})
	}
	return rec
}

func parsRow(r auditRecord) []string {
	hours, ama := "", "No"
	if r.Credit != nil {
		hours = strconv.FormatFloat(r.Credit.Hours, 'f', -1, 64)
		if strings.Contains(r.Credit.Type, "AMA PRA Category 1") {
			ama = "Yes"
		}
	}
	support, supporters := "No", ""
	if r.Support != nil {
		support, supporters = "Yes", r.Support.Supporter
	}
	return []string{r.Title, "Enduring Material", r.Released, r.Expires, hours, ama, support, supporters, "", ""}
}

// auditPage is the printable page of one activity.
func auditPage() *template.Template {
	return template.Must(template.New("audit").Parse(auditHTML))
}

const auditHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Audit: {{.Title}}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;max-width:50rem;margin:2rem auto}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3rem;text-align:left;vertical-align:top}code{font-size:12px;word-break:break-all}</style>
</head><body>
<h1>{{.Title}}</h1>
<table>
<tr><th>Module</th><td>{{.Path}} ({{.URL}})</td></tr>
<tr><th>Format</th><td>{{.Format}}</td></tr>
<tr><th>State</th><td>{{.State}}</td></tr>
<tr><th>Release date</th><td>{{.Released}}</td></tr>
<tr><th>Last review</th><td>{{.LastReviewed}}</td></tr>
<tr><th>Termination date</th><td>{{.Expires}}</td></tr>
<tr><th>Credit</th><td>{{with .Credit}}{{.Hours}} {{.Type}}{{else}}none{{end}}</td></tr>
<tr><th>Commercial support</th><td>{{with .Support}}{{.Supporter}} ({{.Kind}}){{else}}none{{end}}</td></tr>
<tr><th>Digest</th><td><code>{{.Digest}}</code></td></tr>
</table>
<h2>People in control of content</h2>
<table><tr><th>Person</th><th>Roles</th><th>Relationships and mitigation</th></tr>
{{range .People}}<tr><td>{{.Name}}{{with .Credentials}}, {{.}}{{end}} ({{.ID}})</td><td>{{range $i, $r := .Roles}}{{if $i}}, {{end}}{{$r}}{{end}}</td><td>{{range .Relationships}}<p>{{.Company}}: {{.Nature}}. Mitigated: {{.Mitigated}}</p>{{else}}none{{end}}</td></tr>
{{end}}</table>
<h2>Sign-offs</h2>
<table><tr><th>Reviewer</th><th>Role</th><th>Date</th><th>Digest</th><th>Verify with OpenSSH</th></tr>
{{range .SignOffs}}<tr><td>{{.Reviewer}}</td><td>{{.Role}}</td><td>{{.Date}}</td><td><code>{{.Digest}}</code>{{if not .Current}} (an older version){{end}}</td><td><code>{{.Verify}}</code></td></tr>
{{end}}</table>
</body></html>
`
