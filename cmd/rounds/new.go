package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func runNew(e *env, args []string) int {
	f := newFlags(e, "new")
	var sf siteFlags
	sf.register(f, false)
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(pos) != 2 || (pos[0] != "site" && pos[0] != "module") {
		fmt.Fprintln(e.stderr, "usage: rounds new site DIR | rounds new module PATH")
		return exitUsage
	}
	if pos[0] == "site" {
		return newSite(e, pos[1])
	}
	return newModule(e, sf.dir, pos[1])
}

func newSite(e *env, dir string) int {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		fmt.Fprintf(e.stderr, "rounds new site: %s exists and is not empty\n", dir)
		return exitOther
	}
	title := strings.ReplaceAll(filepath.Base(dir), "-", " ")
	files := map[string]string{
		"rounds.toml":               fmt.Sprintf(siteTOML, title),
		"people.toml":               peopleTOML,
		"content/course/_index.md":  courseIndex,
		"content/course/welcome.md": fmt.Sprintf(moduleTemplate, "Welcome", time.Now().Format("2006-01-02"), time.Now().AddDate(2, 0, 0).Format("2006-01-02")),
		"static/.keep":              "",
		// The output and rounds' own folder (caches, the build lock) are
		// made by builds, never committed.
		".gitignore": "/public/\n/.rounds/\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintf(e.stderr, "rounds new site: %v\n", err)
			return exitOther
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			fmt.Fprintf(e.stderr, "rounds new site: %v\n", err)
			return exitOther
		}
	}
	fmt.Fprintf(e.stderr, "made a site in %s\nnext:\n  cd %s\n  rounds build          # builds at once; the welcome module is a draft until it is reviewed\n  rounds new module content/course/my-first-module.md\n  rounds status        # what waits for review\n", dir, dir)
	return exitOK
}

func newModule(e *env, siteDir, p string) int {
	full := p
	if _, err := os.Stat(filepath.Join(siteDir, "rounds.toml")); err == nil && !filepath.IsAbs(p) && siteDir != "." {
		full = filepath.Join(siteDir, p)
	}
	if !strings.HasSuffix(full, ".md") {
		full = filepath.Join(full, "index.md") // a bundle
	}
	if _, err := os.Stat(full); err == nil {
		fmt.Fprintf(e.stderr, "rounds new module: %s exists; rounds never overwrites a module\n", full)
		return exitOther
	}
	name := strings.TrimSuffix(filepath.Base(full), ".md")
	if name == "index" {
		name = filepath.Base(filepath.Dir(full))
	}
	title := strings.ToUpper(name[:1]) + strings.ReplaceAll(name[1:], "-", " ")
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		fmt.Fprintf(e.stderr, "rounds new module: %v\n", err)
		return exitOther
	}
	now := time.Now()
	text := fmt.Sprintf(moduleTemplate, title, now.Format("2006-01-02"), now.AddDate(2, 0, 0).Format("2006-01-02"))
	if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
		fmt.Fprintf(e.stderr, "rounds new module: %v\n", err)
		return exitOther
	}
	fmt.Fprintf(e.stderr, "wrote %s: a draft with every field commented; set draft = false when it is ready for review\n", full)
	return exitOK
}

const siteTOML = `# rounds.toml: the site and its publication policy.
title    = %q
baseURL  = "https://example.org/"   # absolute: cards, feeds and canonical links need it
language = "en"
# citation_style = "ama"            # or "vancouver"

# [provider]                        # the accredited provider; omit for a site that awards no credit
# name          = "Example Health Continuing Education"
# accreditation = "Example Health is accredited by the ACCME to provide continuing medical education for physicians."
# contact       = "cme@example.org"
# privacy       = "https://example.org/privacy/"
# requirements  = "A current web browser; no plug-ins."

[policy]
required_roles     = ["medical"]   # every module needs a valid sign-off in each role
max_review_age     = "365d"        # an older sign-off no longer counts
require_signatures = true          # sign-offs must carry a valid SSH signature
max_term           = "3y"          # termination at most this long after the last review
min_references     = 0
expired            = "refuse"      # or "archive"

# [[supporters]]                    # ineligible companies that give commercial support
# name     = "Acme Pharma"
# domains  = ["acme.example"]
# products = ["Acmezolid"]

# [social]
# hashtags = ["MedEd"]

# [brand]                           # the provider's look on pages, certificate and cards
# logo   = "logo.png"               # a file in static/
# accent = "#0b6e6e"                # checked: 4.5:1 contrast on the theme's backgrounds
# font   = "system"                 # or "noto-sans", embedded and served with the site
`

const peopleTOML = `# people.toml: everyone in control of content (ACCME Standard 3).
# Make a key with "rounds keygen --out reviewer-key" and paste reviewer-key.pub into keys.

[[person]]
id          = "author"
name        = "Your Name"
credentials = "MD"
roles       = []

# [[person]]
# id          = "reviewer"
# name        = "Reviewer Name"
# credentials = "MD"
# roles       = ["medical"]
# keys        = ["ssh-ed25519 AAAA... reviewer@laptop"]
# [[person.relationships]]        # financial relationships with ineligible companies, last 24 months
# company   = "Acme Pharma"
# nature    = "consultant"
# mitigated = "Content peer reviewed by a reviewer without relationships."
`

const courseIndex = `+++
title   = "My first course"
summary = "What this course is about, in one sentence."
weight  = 1

[cascade]                 # values every module here inherits unless it sets its own
format   = "enduring material"
audience = ["Clinicians"]
+++

A few words about the course.
`

const moduleTemplate = `+++
title      = %q
summary    = "One sentence: what the learner will get from this module."
# slug     = "my-module"            # the URL name; the file or bundle name by default
weight     = 10                     # order within the course
date       = %s             # release date
expires    = %s             # termination date of the credit
draft      = true                   # drafts are never published and never block a build
authors    = ["author"]             # ids from people.toml
planners   = []
# audience = ["Emergency physicians"]   # inherited from the course's [cascade] when not set
objectives = ["State the first thing the learner will be able to do"]
tags       = []
duration   = "5min"                 # estimated time to complete: 30min, 1h
# format   = "enduring material"

# [credit]                          # omit for a module that awards no credit
# type  = "AMA PRA Category 1 Credit™"
# hours = 0.25
# pass  = 0.7                       # minimum share of post-test answers right

# [support]                         # commercial support, if any
# supporter = "Acme Pharma"         # a name from [[supporters]] in rounds.toml
# kind      = "educational grant"

# [[references]]
# id      = "evans2021"
# authors = ["Evans L", "Rhodes A"]
# title   = "Surviving Sepsis Campaign: international guidelines for management of sepsis and septic shock 2021"
# journal = "Intensive Care Med"
# year    = 2021
# volume  = "47"
# issue   = "11"
# pages   = "1181-1247"
# doi     = "10.1007/s00134-021-06506-y"
# pmid    = "34599691"

# [[reviews]] entries are written by "rounds review", never by hand.
+++

Write the module here, in Markdown. Cite a reference by its id, like ` + "`[@evans2021]`" + `.
`
