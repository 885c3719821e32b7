package history

import (
	"context"
	"errors"
	"io/fs"
)

// Revision is one version of the site in its history.
type Revision struct {
	ID      string `json:"commit"`  // the commit id
	Date    string `json:"date"`    // the commit date, as the repository gives it
	Subject string `json:"subject"` // the first line of its message
}

// Short is the revision's id cut to 12 characters, as people quote it.
func (r Revision) Short() string {
	if len(r.ID) > 12 {
		return r.ID[:12]
	}
	return r.ID
}

// Repo is a site's version history.
type Repo interface {
	// Revisions lists the revisions that changed the site, newest first.
	Revisions(ctx context.Context) ([]Revision, error)
	// Files is the site folder as it stood at a revision, read-only.
	Files(ctx context.Context, rev string) (fs.FS, error)
	// Revision describes one revision by its id (the commit a sign-off
	// recorded); an error when the repository does not hold it.
	Revision(ctx context.Context, id string) (Revision, error)
}

// ErrNoRepo says the site is not in a repository whose history can be
// read; Repo implementations wrap it.
var ErrNoRepo = errors.New("the site is not in a git repository")
