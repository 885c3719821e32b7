package generator

import (
	"context"
	"fmt"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/history"
)

// SignedQuery asks for the version of a module a sign-off was made over.
type SignedQuery struct {
	Path   string // the module's file, relative to the site
	Digest string // the sign-off's digest
}

// SignedVersion is the answer to a SignedQuery: the newest revision of
// the site at which the module's digest was the sign-off's, and the
// records of the module there; Found is false when no revision gives it.
type SignedVersion struct {
	SignedQuery
	Found    bool
	Revision history.Revision
	Records  []content.Record
}

// HistoryOptions adjusts FindSigned.
type HistoryOptions struct {
	// MaxRevisions stops the search after this many revisions (0: the
	// whole history). `rounds status` bounds it; `rounds diff` does not.
	MaxRevisions int
	// Loaded, when set, is called with each revision read, so tests can
	// count the work.
	Loaded func(history.Revision)
}

// FindSigned looks for each query's signed version in the site's
// history, newest revision first, reading each revision once for all the
// queries and stopping as soon as every one is found. A revision at which
// the site cannot be read is skipped. Sign-offs of the first digest form
// ("sha256:") cannot be matched: nothing makes that digest any more.
func FindSigned(ctx context.Context, repo history.Repo, qs []SignedQuery, opts HistoryOptions) ([]SignedVersion, error) {
	out := make([]SignedVersion, len(qs))
	left := 0
	for i, q := range qs {
		out[i].SignedQuery = q
		if !content.IsOldDigest(q.Digest) {
			left++
		}
	}
	if left == 0 {
		return out, nil
	}
	revs, err := repo.Revisions(ctx)
	if err != nil {
		return nil, err
	}
	for n, rev := range revs {
		if left == 0 || (opts.MaxRevisions > 0 && n >= opts.MaxRevisions) {
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		fsys, err := repo.Files(ctx, rev.ID)
		if err != nil {
			return nil, fmt.Errorf("reading commit %s: %w", rev.Short(), err)
		}
		if opts.Loaded != nil {
			opts.Loaded(rev)
		}
		site, _ := Load(ctx, fsys, LoadOptions{})
		if site == nil {
			continue
		}
		for i := range out {
			if out[i].Found || content.IsOldDigest(out[i].Digest) {
				continue
			}
			m := site.byPath[out[i].Path]
			if m == nil {
				continue
			}
			if recs := m.Records(site.Config.Shared, site.Config.People); content.DigestOfRecords(recs) == out[i].Digest {
				out[i].Found, out[i].Revision, out[i].Records = true, rev, recs
				left--
			}
		}
	}
	return out, nil
}
