package config

import (
	"io/fs"
	"net/url"
	"path"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
)

// checkEvaluation checks [evaluation] action: an absolute https address
// (http only on a loopback host, for testing), since learners' answers
// travel to it and the pages' Content-Security-Policy names its origin.
func (c *Config) checkEvaluation(doc *content.Doc, l *diag.List) {
	a := c.Site.Evaluation.Action
	if a == "" {
		return
	}
	if EvaluationOrigin(a) == "" {
		d := doc.Errorf(l, []any{"evaluation", "action"}, "config", "evaluation.action %q is not an absolute https address", a)
		d.Help = `write the full address of the form endpoint, such as action = "https://forms.example.org/rounds"`
	}
}

// EvaluationOrigin is the origin of an evaluation endpoint
// ("https://forms.example.org"), "" when the address is not one rounds
// sends learners' answers to.
func EvaluationOrigin(action string) string {
	u, err := url.Parse(action)
	if err != nil || u.Host == "" || u.User != nil || u.Fragment != "" || strings.ContainsAny(action, " \t\r\n\"'<>`\\") {
		return ""
	}
	loopback := u.Hostname() == "localhost" || u.Hostname() == "127.0.0.1" || u.Hostname() == "::1"
	if u.Scheme != "https" && !(u.Scheme == "http" && loopback) {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// checkStaticFiles checks that [brand] logo and [provider] signature name
// files in static/: the certificate shows them, and a missing one would
// print as a broken image.
func (c *Config) checkStaticFiles(fsys fs.FS, doc *content.Doc, l *diag.List) {
	check := func(name string, key ...any) {
		if name == "" {
			return
		}
		clean := path.Clean(strings.TrimPrefix(name, "/"))
		if !fs.ValidPath(clean) || strings.HasPrefix(clean, "../") {
			doc.Errorf(l, key, "config", "%q is not a file in static/", name)
			return
		}
		if _, err := fs.Stat(fsys, "static/"+clean); err != nil {
			d := doc.Errorf(l, key, "config", "static/%s does not exist", clean)
			d.Help = "put the image in static/ and name it relative to that folder"
		}
	}
	check(c.Site.Brand.Logo, "brand", "logo")
	if p := c.Site.Provider; p != nil {
		check(p.Signature, "provider", "signature")
	}
}
