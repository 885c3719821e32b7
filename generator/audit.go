package generator

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"html/template"
	"strconv"
	"strings"

	"github.com/rounds-dev/rounds/content"
)

// AuditRecord is one activity as an accreditor reads it (issue 21 item 6):
// what `rounds audit` writes as activities/NAME.json and prints as
// activities/NAME.html.
type AuditRecord struct {
	Path         string          `json:"path"`
	Title        string          `json:"title"`
	Summary      string          `json:"summary,omitempty"`
	URL          string          `json:"url"`
	Format       string          `json:"format"`
	State        string          `json:"state"`
	Released     string          `json:"release_date"`
	LastReviewed string          `json:"last_review_date"`
	Expires      string          `json:"termination_date"`
	Duration     string          `json:"duration,omitempty"`
	Credit       *content.Credit `json:"credit,omitempty"`
	Support      *AuditSupport   `json:"commercial_support,omitempty"`
	People       []AuditPerson   `json:"people"`
	SignOffs     []AuditSignOff  `json:"sign_offs"`
	Digest       string          `json:"digest"`
	hours        float64         // Duration in hours, for PARS; 0 when unknown
}

// AuditSupport is a module's commercial support ([support]): who gave
// it, its kind, the monetary amount (US dollars) and the nature of
// in-kind support, as PARS asks for each source.
type AuditSupport struct {
	Supporter string  `json:"supporter"`
	Kind      string  `json:"kind"`
	Amount    float64 `json:"amount,omitempty"`
	InKind    string  `json:"in_kind,omitempty"`
}

// AuditPerson is someone in control of content (ACCME Standard 3), with
// every relationship people.toml lists and its mitigation.
type AuditPerson struct {
	ID            string                 `json:"id"`
	Name          string                 `json:"name"`
	Credentials   string                 `json:"credentials,omitempty"`
	Roles         []string               `json:"roles"`
	Relationships []content.Relationship `json:"relationships"`
}

// AuditSignOff is one sign-off with the command that checks it.
type AuditSignOff struct {
	Reviewer string `json:"reviewer"`
	Role     string `json:"role"`
	Date     string `json:"date"`
	Digest   string `json:"digest"`
	Current  bool   `json:"current"` // the digest is the module's (or frame's) as it stands
	Verify   string `json:"verify"`  // the ssh-keygen command, run in the report's folder
}

// AuditFrame is the site's frame and its sign-offs: the layouts, strings,
// policy and people every page is made with (SPEC.md "The frame").
type AuditFrame struct {
	Digest   string         `json:"digest"`
	Files    []string       `json:"files"`
	SignOffs []AuditSignOff `json:"sign_offs"`
}

// Audit is the whole report: every file `rounds audit` writes, by its
// name in the report's folder.
type Audit struct {
	Records  []AuditRecord
	Frame    *AuditFrame
	Files    map[string][]byte
	SignOffs int      // sign-offs in VERIFY.txt, the frame's included
	Problems []string // sign-offs left out: their signature cannot be read
}

// Audit builds the report of targets (drafts left out); with frame, the
// frame's sign-offs too (an audit of the whole site).
func (c *Checked) Audit(targets []*content.Verdict, frame bool) (Audit, error) {
	a := Audit{Files: map[string][]byte{}}
	var rows [][]string
	var audited []*content.Verdict
	for _, v := range targets {
		if v.State == content.Draft {
			continue
		}
		audited = append(audited, v)
		rec := c.auditOf(v)
		base := "activities/" + ExportBase(v.Module.Path)
		js, _ := json.MarshalIndent(rec, "", "  ")
		var page bytes.Buffer
		if err := auditPage.Execute(&page, rec); err != nil {
			return a, err
		}
		a.Files[base+".json"] = append(js, '\n')
		a.Files[base+".html"] = page.Bytes()
		a.Records = append(a.Records, rec)
		rows = append(rows, parsRow(rec))
	}
	var csvb bytes.Buffer
	w := csv.NewWriter(&csvb)
	_ = w.Write(ParsHeader())
	_ = w.WriteAll(rows)
	a.Files["activities.csv"] = csvb.Bytes()
	ver := c.Verification(audited)
	if frame && c.Frame != nil {
		a.Frame = c.auditFrame()
		js, _ := json.MarshalIndent(a.Frame, "", "  ")
		a.Files["frame.json"] = append(js, '\n')
		ver = c.verification(audited, c.Frame.Reviews)
	}
	for name, data := range ver.Files {
		a.Files[name] = data
	}
	a.SignOffs, a.Problems = ver.SignOffs, ver.Problems
	return a, nil
}

func (c *Checked) auditOf(v *content.Verdict) AuditRecord {
	m, fm := v.Module, v.Module.Meta
	rec := AuditRecord{Path: m.Path, Title: fm.Title, Summary: fm.Summary, URL: c.Config.AbsURL(m.URLPath()), Format: fm.Format, State: string(v.State),
		Released: fm.Date.String(), Expires: fm.Expires.String(), Duration: fm.Duration, Credit: fm.Credit, Digest: v.Digest}
	if d, err := content.ParseDuration(fm.Duration); err == nil {
		switch d.Unit {
		case 'i':
			rec.hours = float64(d.N) / 60
		case 'h':
			rec.hours = float64(d.N)
		}
	}
	if !v.LastReview.IsZero() {
		rec.LastReviewed = v.LastReview.String()
	}
	if s := fm.Support; s != nil {
		rec.Support = &AuditSupport{Supporter: s.Supporter, Kind: s.Kind, Amount: s.Amount, InKind: s.InKind}
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
		rels := p.Relationships
		if rels == nil {
			rels = []content.Relationship{}
		}
		rec.People = append(rec.People, AuditPerson{ID: id, Name: p.Name, Credentials: p.Credentials, Roles: []string{role}, Relationships: rels})
	}
	for _, id := range fm.Authors {
		add(id, "author")
	}
	for _, id := range fm.Planners {
		add(id, "planner")
	}
	for _, r := range fm.Reviews {
		add(r.Reviewer, r.Role+" reviewer")
		rec.SignOffs = append(rec.SignOffs, AuditSignOff{Reviewer: r.Reviewer, Role: r.Role, Date: r.Date.String(), Digest: r.Digest,
			Current: r.Digest == v.Digest, Verify: VerifyCommand(m.Path, r)})
	}
	return rec
}

func (c *Checked) auditFrame() *AuditFrame {
	f := &AuditFrame{Digest: c.Frame.Digest, Files: []string{}, SignOffs: []AuditSignOff{}}
	f.Files = append(f.Files, c.Frame.Files...)
	for _, r := range c.Frame.Reviews {
		f.SignOffs = append(f.SignOffs, AuditSignOff{Reviewer: r.Reviewer, Role: r.Role, Date: r.Date.String(), Digest: r.Digest,
			Current: r.Digest == c.Frame.Digest, Verify: VerifyCommand(content.FramePath, r)})
	}
	return f
}

// ParsHeader is the columns of activities.csv: the fields ACCME's
// Program and Activity Reporting System asks of an activity, named as
// PARS names them (ACCME, "What activity data are providers required to
// enter into PARS?"), one row per enduring activity. Those a static site
// cannot know stay empty, and the handbook lists them: providership,
// learner counts (PARS asks for totals of physician and other learners).
func ParsHeader() []string {
	return []string{"Title", "Format", "Start Date", "End Date", "Delivery Method", "Activity URL", "Activity Description",
		"Providership", "Hours of Instruction", "AMA PRA Category 1 Credits Designated",
		"Commercial Support Received", "Commercial Support Source", "Monetary or In-Kind", "Monetary Amount", "Nature of In-Kind Support",
		"Total Physician Learners", "Total Other Learners"}
}

// parsDate is a date as PARS' upload templates write it (MM/DD/YYYY).
func parsDate(iso string) string {
	if len(iso) != 10 {
		return ""
	}
	return iso[5:7] + "/" + iso[8:10] + "/" + iso[:4]
}

func number(f float64) string {
	if f == 0 {
		return ""
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func parsRow(r AuditRecord) []string {
	ama := ""
	if r.Credit != nil && strings.Contains(r.Credit.Type, "AMA PRA Category 1") {
		ama = strconv.FormatFloat(r.Credit.Hours, 'f', -1, 64)
	}
	hours := strconv.FormatFloat(float64(int(r.hours*100+0.5))/100, 'f', -1, 64)
	if r.hours == 0 {
		hours = ""
	}
	format := "Enduring Material"
	if r.Format != "" && !strings.Contains(strings.ToLower(r.Format), "enduring") {
		format = r.Format
	}
	received, source, kind, amount, inKind := "No", "", "", "", ""
	if s := r.Support; s != nil {
		received, source, amount, inKind = "Yes", s.Supporter, number(s.Amount), s.InKind
		// The kind names in-kind support as "in-kind: what" (SPEC.md);
		// in_kind says it for PARS on its own.
		if rest, ok := cutFold(s.Kind, "in-kind"); ok && inKind == "" {
			inKind = strings.TrimSpace(strings.TrimLeft(rest, ":"))
			if inKind == "" {
				inKind = s.Kind
			}
		}
		switch {
		case inKind != "" && (s.Amount > 0 || !strings.HasPrefix(strings.ToLower(s.Kind), "in-kind")):
			kind = "Monetary and In-Kind"
		case inKind != "":
			kind = "In-Kind"
		default:
			kind = "Monetary"
		}
	}
	return []string{r.Title, format, parsDate(r.Released), parsDate(r.Expires), "Internet", r.URL, r.Summary,
		"", hours, ama, received, source, kind, amount, inKind, "", ""}
}

// cutFold is strings.CutPrefix ignoring case.
func cutFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// auditPage is the printable page of one activity.
var auditPage = template.Must(template.New("audit").Funcs(template.FuncMap{"join": strings.Join}).Parse(`<!doctype html>
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
<tr><th>Estimated time</th><td>{{.Duration}}</td></tr>
<tr><th>Credit</th><td>{{with .Credit}}{{.Hours}} {{.Type}}{{else}}none{{end}}</td></tr>
<tr><th>Commercial support</th><td>{{with .Support}}{{.Supporter}} ({{.Kind}}){{if .Amount}}; monetary: {{.Amount}} US dollars{{end}}{{with .InKind}}; in kind: {{.}}{{end}}{{else}}none{{end}}</td></tr>
<tr><th>Digest</th><td><code>{{.Digest}}</code></td></tr>
</table>
<h2>People in control of content</h2>
<table><tr><th>Person</th><th>Roles</th><th>Relationships and mitigation</th></tr>
{{range .People}}<tr><td>{{.Name}}{{with .Credentials}}, {{.}}{{end}} ({{.ID}})</td><td>{{join .Roles ", "}}</td><td>{{range .Relationships}}<p>{{.Company}}: {{.Nature}}. Mitigated: {{.Mitigated}}</p>{{else}}none{{end}}</td></tr>
{{end}}</table>
<h2>Sign-offs</h2>
<table><tr><th>Reviewer</th><th>Role</th><th>Date</th><th>Digest</th><th>Verify with OpenSSH</th></tr>
{{range .SignOffs}}<tr><td>{{.Reviewer}}</td><td>{{.Role}}</td><td>{{.Date}}</td><td><code>{{.Digest}}</code>{{if not .Current}} (an older version){{end}}</td><td><code>{{.Verify}}</code></td></tr>
{{end}}</table>
</body></html>
`))
