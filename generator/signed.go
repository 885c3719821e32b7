package generator

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/history"
)

// SignedQuery asks for the version of a module a sign-off was made over.
type SignedQuery struct {
	Path   string // the module's file, relative to the site
	Digest string // the sign-off's digest
	// Commit is the commit the sign-off recorded (`commit = "..."`), ""
	// when none. It is read first; it is a hint, not trusted: it counts
	// only when the module's digest there is the sign-off's.
	Commit string
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
	left -= recorded(ctx, repo, out, opts)
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
		left -= matchAt(ctx, fsys, rev, out, func(SignedVersion) bool { return true })
	}
	return out, nil
}

// recorded answers the queries that carry the commit their sign-off
// recorded, reading each such commit once: the fast path of `rounds
// diff`. A commit the repository no longer holds (history rewritten) or
// at which the digest differs leaves its queries to the search. It
// returns how many it answered.
func recorded(ctx context.Context, repo history.Repo, out []SignedVersion, opts HistoryOptions) int {
	n := 0
	tried := map[string]bool{}
	for _, q := range out {
		id := q.Commit
		if q.Found || id == "" || tried[id] || !content.ValidCommit(id) || content.IsOldDigest(q.Digest) {
			continue
		}
		tried[id] = true
		rev, err := repo.Revision(ctx, id)
		if err != nil {
			continue
		}
		fsys, err := repo.Files(ctx, rev.ID)
		if err != nil {
			continue
		}
		if opts.Loaded != nil {
			opts.Loaded(rev)
		}
		n += matchAt(ctx, fsys, rev, out, func(v SignedVersion) bool { return v.Commit == id })
	}
	return n
}

// matchAt marks found the queries (those that want says) whose module,
// in the site as it stands in fsys, has their digest. It returns how
// many it found.
func matchAt(ctx context.Context, fsys fs.FS, rev history.Revision, out []SignedVersion, want func(SignedVersion) bool) int {
	site, _ := Load(ctx, fsys, LoadOptions{})
	if site == nil {
		return 0
	}
	n := 0
	for i := range out {
		if out[i].Found || content.IsOldDigest(out[i].Digest) || !want(out[i]) {
			continue
		}
		m := site.byPath[out[i].Path]
		if m == nil {
			continue
		}
		if recs := m.Records(site.Config.Shared, site.Config.People); content.DigestOfRecords(recs) == out[i].Digest {
			out[i].Found, out[i].Revision, out[i].Records = true, rev, recs
			n++
		}
	}
	return n
}
