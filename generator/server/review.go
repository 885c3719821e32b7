package server

import (
	"bytes"
	"html/template"
	"io"
	"net/http"
	"strings"
)

// reviewPrefix is where the review page of a module is served: the
// module's content path follows it (/_rounds/review/content/c/m.md).
const reviewPrefix = "_rounds/review/"

// ReviewURL is the dev server's review page of the module at p (its file,
// relative to the site).
func ReviewURL(p string) string { return "/" + reviewPrefix + p }

var reviewTemplate = template.Must(template.New("review").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Review: {{.Title}}</title>
<link rel="stylesheet" href="/css/rounds.css"><link rel="stylesheet" href="/_rounds/review.css"></head>
<body class="rounds-review"><main id="main" class="wrap">
<p><a href="/_rounds/">All modules</a> · <a href="/{{.URL}}">The module page</a></p>
<h1>Review: {{.Title}}</h1>
<p><code>{{.Path}}</code> is <strong>{{.State}}</strong>; its digest is <code>{{.Digest}}</code>.</p>
<h2>Who must sign</h2>
{{range .Roles}}<section class="role"><h3>{{.Role}}</h3>
<p>{{if .OK}}Signed for the module as it stands: nothing to do.{{else if .Reason}}{{.Reason}}.{{else}}Not signed.{{end}} Latest sign-off: {{with .Signed}}{{.}}{{else}}none{{end}}.</p>
{{if not .OK}}{{if .Signers}}<p>To sign, run:</p><pre class="command"><code>{{.Command}}</code></pre>{{if gt (len .Signers) 1}}<p>ID is one of: {{range $i, $s := .Signers}}{{if $i}}, {{end}}{{$s}}{{end}}.</p>{{end}}<p>It signs with your key in the ssh-agent; add <code>--key FILE</code> to sign with a key file.</p>{{else}}<p>No one in people.toml may sign this module in this role: the planners must add a reviewer.</p>{{end}}{{end}}
</section>
{{end}}
{{range .Versions}}<section class="signed-version">
<h2>Changed since the {{range $i, $s := .SignOffs}}{{if $i}} and the {{end}}{{$s}}{{end}} sign-off</h2>
{{if .Problem}}<p>{{.Problem}}.</p>{{else}}
<p>Signed over commit <code>{{.Revision.Short}}</code> ({{.Revision.Date}}, “{{.Revision.Subject}}”).</p>
{{with .Changes}}
{{if .FrontMatter}}<h3>Front matter</h3><table class="status"><thead><tr><th scope="col">Field</th><th scope="col">Signed</th><th scope="col">Now</th></tr></thead><tbody>
{{range .FrontMatter}}<tr><th scope="row"><code>{{.Name}}</code></th><td><del>{{.Old}}</del></td><td><ins>{{.New}}</ins></td></tr>{{end}}</tbody></table>{{end}}
{{if .People}}<h3>People and their disclosures</h3><ul>{{range .People}}{{$id := .ID}}{{if eq .Change "changed"}}{{range .Fields}}<li>{{$id}}: <code>{{.Name}}</code>: <del>{{.Old}}</del> → <ins>{{.New}}</ins></li>{{end}}{{else}}<li>{{.Change}} {{.ID}}</li>{{end}}{{end}}</ul>{{end}}
{{if .References}}<h3>Shared references</h3><ul>{{range .References}}{{$id := .ID}}{{if eq .Change "changed"}}{{range .Fields}}<li>{{$id}}: <code>{{.Name}}</code>: <del>{{.Old}}</del> → <ins>{{.New}}</ins></li>{{end}}{{else}}<li>{{.Change}} {{.ID}}</li>{{end}}{{end}}</ul>{{end}}
{{if .Files}}<h3>Bundle files</h3><ul>{{range .Files}}<li>{{.Change}} {{.Name}} ({{.OldSize}} → {{.NewSize}} bytes)</li>{{end}}</ul>{{end}}
{{if not .Body}}<p>The body did not change.</p>{{end}}
{{end}}
<h3>The module, changes marked</h3>
<p class="legend"><ins>inserted since the sign-off</ins> · <del>deleted since the sign-off</del></p>
<article class="module-body reviewed-body">{{.Body}}</article>
{{end}}
</section>{{end}}
{{if not .Versions}}<h2>The module as it stands</h2>
<p>There is no earlier signed version to compare with: read the module whole.</p>
<article class="module-body">{{.Body}}</article>{{end}}
</main></body></html>
`))

// reviewCSS marks insertions and deletions so that they read without
// colour too (underline, strike-through), with WCAG AA contrast.
const reviewCSS = `ins{background:#d7f5dd;color:#0a3d14;text-decoration:underline}
del{background:#fde2e1;color:#6b0f0c;text-decoration:line-through}
pre.command{white-space:pre-wrap;overflow-wrap:anywhere;margin:0 0 .5rem}
.rounds-review code{overflow-wrap:anywhere}
.rounds-review .role{border-left:4px solid currentColor;padding-left:1rem;margin:1rem 0}
.rounds-review table{width:100%}
.reviewed-body,.module-body{border-top:1px solid currentColor;padding-top:1rem}
`

// reviewPage serves the review page of the module whose content path
// follows /_rounds/review/.
func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request, p string) {
	s.mu.Lock()
	c := s.checked
	s.mu.Unlock()
	if c == nil {
		http.Error(w, "the site has not built yet", http.StatusServiceUnavailable)
		return
	}
	rv, ok, err := c.ReviewOf(r.Context(), strings.TrimSuffix(p, "/"), s.opts.History)
	if err != nil {
		http.Error(w, "reading the signed version: "+err.Error(), http.StatusInternalServerError)
		return
	}
	if !ok {
		http.Error(w, "no module at "+p+"; the review page of a module is /_rounds/review/ and its file, as /_rounds/ lists it", http.StatusNotFound)
		return
	}
	var b bytes.Buffer
	if err := reviewTemplate.Execute(&b, rv); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(inject(b.Bytes()))
}

func serveReviewCSS(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	_, _ = io.WriteString(w, reviewCSS)
}

// reviewBanner adds, to the page of a module that rounds build would
// refuse, a banner linking to its review page: before <main> (after the
// theme's own banners, which say why), or nowhere when a layout has no
// <main>. It is added when served, never built into the page: the build's
// link check would hold a link to a page only the dev server has.
func reviewBanner(page []byte, mod string) []byte {
	i := bytes.Index(page, []byte("<main"))
	if i < 0 {
		return page
	}
	var b bytes.Buffer
	b.Write(page[:i])
	_ = reviewBannerTemplate.Execute(&b, ReviewURL(mod))
	b.Write(page[i:])
	return b.Bytes()
}

var reviewBannerTemplate = template.Must(template.New("banner").Parse(
	`<div class="banner review-link"><a href="{{.}}">What changed since the last sign-off, who must sign, and the command to sign</a></div>`))
