package main

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os/exec"
	"path"
	"strings"
	"testing/fstest"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/history"
)

// gitRepo reads a site's history by running the git command. The command,
// not a Go git library: it is what the site's authors already run, so it
// honours their configuration (worktrees, alternates, safe.directory,
// partial clones) and there is no second implementation of the repository
// format to keep in step with theirs; rounds adds no dependency for it.
type gitRepo struct {
	dir    string // the site folder
	top    string // the repository's top folder
	prefix string // the site folder's path inside the repository, "" or ending in "/"
}

// openGit finds the repository holding dir; the error wraps
// history.ErrNoRepo when there is none, or no git to run.
func openGit(ctx context.Context, dir string) (*gitRepo, error) {
	g := &gitRepo{dir: dir}
	out, err := g.git(ctx, "rev-parse", "--show-toplevel", "--show-prefix")
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", history.ErrNoRepo, err)
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) < 1 || lines[0] == "" {
		return nil, fmt.Errorf("%w (git gave no top folder)", history.ErrNoRepo)
	}
	g.top = lines[0]
	if len(lines) > 1 {
		g.prefix = lines[1]
	}
	return g, nil
}

func (g *gitRepo) git(ctx context.Context, args ...string) ([]byte, error) {
	return g.gitAt(ctx, g.dir, args...)
}

func (g *gitRepo) gitAt(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		if msg == "" {
			msg = err.Error()
		}
		return nil, errors.New(msg)
	}
	return out, nil
}

// Revisions lists the commits that changed the site folder, newest first.
func (g *gitRepo) Revisions(ctx context.Context) ([]history.Revision, error) {
	out, err := g.git(ctx, "log", "--format=%H%x1f%cs%x1f%s%x1e", "--", ".")
	if err != nil {
		if strings.Contains(err.Error(), "does not have any commits") {
			return nil, nil
		}
		return nil, err
	}
	var revs []history.Revision
	for _, rec := range strings.Split(string(out), "\x1e") {
		f := strings.Split(strings.TrimSpace(rec), "\x1f")
		if len(f) == 3 {
			revs = append(revs, history.Revision{ID: f[0], Date: f[1], Subject: f[2]})
		}
	}
	return revs, nil
}

// Revision describes the commit id, which must be a full commit id (a
// sign-off's recorded commit: never an option or a revision expression).
func (g *gitRepo) Revision(ctx context.Context, id string) (history.Revision, error) {
	if !content.ValidCommit(id) {
		return history.Revision{}, fmt.Errorf("%q is not a commit id", id)
	}
	out, err := g.git(ctx, "log", "-1", "--format=%H%x1f%cs%x1f%s", id, "--")
	if err != nil {
		return history.Revision{}, err
	}
	f := strings.Split(strings.TrimSpace(string(out)), "\x1f")
	if len(f) != 3 {
		return history.Revision{}, fmt.Errorf("git log gave no commit %s", id)
	}
	return history.Revision{ID: f[0], Date: f[1], Subject: f[2]}, nil
}

// Shallow reports whether the repository is a shallow clone, whose
// history stops short.
func (g *gitRepo) Shallow(ctx context.Context) bool {
	out, err := g.git(ctx, "rev-parse", "--is-shallow-repository")
	return err == nil && strings.TrimSpace(string(out)) == "true"
}

// Files is the site folder at a commit, read whole into memory from
// `git archive` (one process per commit, however many files).
func (g *gitRepo) Files(ctx context.Context, rev string) (fs.FS, error) {
	// From the top folder: in a subfolder, git archive takes paths as
	// relative to it.
	out, err := g.gitAt(ctx, g.top, "archive", "--format=tar", rev+":"+g.prefix)
	if err != nil {
		return nil, err
	}
	// fstest.MapFS is the standard library's in-memory fs.FS; it is read
	// only here, never written after it is filled.
	files := fstest.MapFS{}
	tr := tar.NewReader(bytes.NewReader(out))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg {
			continue // folders are implied; links are not followed (Load refuses them on disk too)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return nil, err
		}
		name := path.Clean(h.Name)
		if !fs.ValidPath(name) {
			continue
		}
		files[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return files, nil
}
