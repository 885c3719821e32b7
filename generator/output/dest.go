package output

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// RecordName is the build record every build writes at the root of its
// output (SPEC.md "Shared conventions: Build record"). It is also the
// marker that says a folder was written by rounds, and for which site:
// the record's baseURL.
const RecordName = "rounds-build.json"

// ReadRecordBaseURL returns the baseURL named by the build record at the
// root of dir; ok is false when dir holds no record. A record that cannot
// be read or holds no baseURL is an error: the folder is not known to be
// a build of any site.
func ReadRecordBaseURL(dir string) (baseURL string, ok bool, err error) {
	f, err := os.Open(filepath.Join(dir, RecordName))
	if errors.Is(err, fs.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", true, err
	}
	defer f.Close()
	// A record names one URL per module: a 10,000-module site's is a few
	// megabytes. Read at most 64 MiB of whatever is there.
	var rec struct {
		BaseURL string `json:"baseURL"`
	}
	if err := json.NewDecoder(io.LimitReader(f, 64<<20)).Decode(&rec); err != nil {
		return "", true, fmt.Errorf("%s is not a build record: %v", RecordName, err)
	}
	if rec.BaseURL == "" {
		return "", true, fmt.Errorf("%s names no baseURL", RecordName)
	}
	return rec.BaseURL, true, nil
}

// Claim is why a destination may be replaced.
type Claim int

// The claims CheckDestination grants.
const (
	// ClaimNew: the destination does not exist, or is an empty folder.
	ClaimNew Claim = iota + 1
	// ClaimRecord: the destination holds the build record of an earlier
	// build of this site.
	ClaimRecord
	// ClaimMigrated: the destination holds no build record, but its
	// index.html was written by a rounds that wrote none (see
	// writtenByRounds). It is replaced once and gets a record.
	ClaimMigrated
	// ClaimForced: a folder of other files, outside the site and without
	// .git, replaced because --force said so.
	ClaimForced
)

// DestOptions are what CheckDestination knows of the build.
type DestOptions struct {
	Site   string // the site's folder
	Output string // the site's own output folder (the site's public/): the one place inside the site a build may go
	// BaseURLs are the baseURLs a build record may name for the folder to
	// count as this site's: the one the build uses and rounds.toml's. Nil
	// when the site's baseURL is not known yet (rounds.toml is broken, and
	// the build will say why): a folder with any record passes, and must be
	// checked again, with them, before it is replaced.
	BaseURLs []string
	Force    bool     // replace a folder of other files (outside the site, without .git)
	Protect  []string // folders never replaced nor held by the destination: the working folder, the home folder
}

// DestError is a destination CheckDestination refuses: why, and what to do.
type DestError struct {
	Dest string
	Why  string
	Help string
}

func (e *DestError) Error() string { return fmt.Sprintf("the destination %s %s", e.Dest, e.Why) }

// CheckDestination decides whether a build may replace dest, whole, with
// its output (SPEC.md "Shared conventions: Build record"). A build may
// replace a new or empty folder, a folder holding the build record of an
// earlier build of this site, or once, a folder without a record whose
// index.html an older rounds wrote. It refuses, with a *DestError saying
// why and how to go on:
//
//   - a file, or a symbolic link (a swap would replace the link);
//   - the site, a folder holding it, or one of o.Protect;
//   - any path inside the site other than o.Output: the site's own files
//     (rounds.toml, content/, .git, its keys) are never an output;
//   - a folder holding .git, even with Force;
//   - a folder holding another site's build record, or other files,
//     unless Force is set and the folder is outside the site.
//
// It reads the folder, never writes it.
func CheckDestination(dest string, o DestOptions) (Claim, error) {
	refuse := func(why, help string) (Claim, error) {
		return 0, &DestError{Dest: dest, Why: why, Help: help}
	}
	d, err := realPath(dest)
	if err != nil {
		return refuse("cannot be resolved: "+err.Error(), "give a folder that can be created")
	}
	site, err := realPath(o.Site)
	if err != nil {
		return refuse("cannot be checked: the site "+o.Site+" cannot be resolved: "+err.Error(), "")
	}
	own := ""
	if o.Output != "" {
		if own, err = realPath(o.Output); err != nil {
			own = ""
		}
	}
	suggest := "choose a folder of its own, such as " + o.Output
	if d == site {
		return refuse("is the site itself, which a build would replace", suggest)
	}
	if within(site, d) {
		return refuse("holds the site, which a build would replace", suggest)
	}
	for _, p := range o.Protect {
		if rp, err := realPath(p); err == nil && within(rp, d) {
			return refuse("holds "+p+", which a build would replace", suggest)
		}
	}
	inside := within(d, site)
	if inside && d != own {
		what := "inside the site"
		if r, err := filepath.Rel(site, d); err == nil {
			r = filepath.ToSlash(r)
			if first, _, deeper := strings.Cut(r, "/"); deeper {
				what = "inside the site's " + first + "/"
			} else if _, err := os.Lstat(d); err == nil {
				what = "the site's own " + r
			} else {
				what = "inside the site (" + r + ")"
			}
		}
		return refuse("is "+what+"; inside the site, a build writes only to "+o.Output,
			"build into "+o.Output+" (the default), or a folder outside the site")
	}
	info, err := os.Lstat(d)
	if errors.Is(err, fs.ErrNotExist) {
		return ClaimNew, nil
	}
	if err != nil {
		return refuse("cannot be read: "+err.Error(), "")
	}
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		target, _ := filepath.EvalSymlinks(d)
		return refuse("is a symbolic link, which a build would replace with a folder",
			"give the folder it leads to ("+target+") as -d")
	case !info.IsDir():
		return refuse("is a file, which a build would replace with a folder",
			"choose a folder: -d names the folder the site is written to")
	}
	entries, err := os.ReadDir(d)
	if err != nil {
		return refuse("cannot be read: "+err.Error(), "")
	}
	if len(entries) == 0 {
		return ClaimNew, nil
	}
	for _, e := range entries {
		if e.Name() == ".git" {
			return refuse("holds .git, which a build would delete with the rest of the folder",
				"build into a folder of its own and copy it over, keeping .git: `rounds build -d OUT && rsync -a --delete --exclude .git OUT/ "+dest+"/`")
		}
	}
	force := func(why string) (Claim, error) {
		if o.Force && !inside {
			return ClaimForced, nil
		}
		help := "choose a new folder, or move those files elsewhere first"
		if !inside {
			help += "; --force replaces the folder and everything in it"
		}
		return refuse(why, help)
	}
	base, marked, err := ReadRecordBaseURL(d)
	switch {
	case err != nil:
		return force("holds a " + RecordName + " that cannot be read (" + err.Error() + ")")
	case marked && (o.BaseURLs == nil || slices.Contains(o.BaseURLs, base)):
		return ClaimRecord, nil
	case marked:
		if o.Force && !inside {
			return ClaimForced, nil
		}
		help := "if it is this site built with --baseURL " + base + ", build with that --baseURL again, or delete the folder; otherwise choose another folder"
		if !inside {
			help += "; --force replaces it"
		}
		return refuse("was written by a build for the baseURL "+base+" (its "+RecordName+" says so), not for "+strings.Join(o.BaseURLs, " or "), help)
	}
	if writtenByRounds(filepath.Join(d, "index.html")) {
		return ClaimMigrated, nil
	}
	return force("holds files that no rounds build of this site wrote (" + sample(entries) + ")")
}

// writtenByRounds reports whether an index.html was written by a rounds
// that wrote no build record: it carries rounds' generator meta tag, or,
// as every page of those versions' built-in theme did, links the theme's
// css/rounds.css. (rounds before the build record printed no generator
// tag, so the stylesheet is what recognises the outputs of its users.)
func writtenByRounds(index string) bool {
	f, err := os.Open(index)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16<<10)
	n, _ := io.ReadFull(f, head)
	return roundsSign.Match(head[:n])
}

// roundsSign is what an index.html written by rounds carries: the
// generator meta tag, or the built-in theme's stylesheet, quoted or not
// (minified).
var roundsSign = regexp.MustCompile(`(?i)<meta\s+name=["']?generator["']?\s+content=["']?rounds\b|<link\s[^>]*href=["']?css/rounds\.css["'\s>]`)

// sample names the first few entries of a folder, for a message.
func sample(entries []fs.DirEntry) string {
	var names []string
	for i, e := range entries {
		if i == 3 {
			names = append(names, fmt.Sprintf("and %d more", len(entries)-3))
			break
		}
		n := e.Name()
		if e.IsDir() {
			n += "/"
		}
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}

// realPath is p made absolute with every symbolic link resolved, in the
// part of it that exists; the rest is joined on as it is. The last
// element is not resolved: a destination that is a link is refused, not
// followed.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	dir, rest := filepath.Dir(abs), []string{filepath.Base(abs)}
	for {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(append([]string{r}, rest...)...), nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return abs, nil
		}
		rest = append([]string{filepath.Base(dir)}, rest...)
		dir = parent
	}
}
