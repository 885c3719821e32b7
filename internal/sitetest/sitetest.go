// Package sitetest builds whole sites written inline as txtar archives, for
// tests: the way Hugo's hugolib.Test lets a test hold its site in one string.
//
//	-- rounds.toml --
//	title = "T"
//	-- content/c/a.md --
//	+++
//	...
package sitetest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
)

// Parse reads a txtar archive: "-- name --" lines start files. Text before
// the first file is a comment and ignored.
func Parse(archive string) map[string][]byte {
	files := map[string][]byte{}
	var name string
	var buf bytes.Buffer
	flush := func() {
		if name != "" {
			files[name] = append([]byte{}, buf.Bytes()...)
		}
		buf.Reset()
	}
	for _, line := range strings.SplitAfter(archive, "\n") {
		t := strings.TrimRight(line, "\r\n")
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			flush()
			name = strings.TrimSpace(t[3 : len(t)-3])
			continue
		}
		if name != "" {
			buf.WriteString(line)
		}
	}
	flush()
	return files
}

// Format writes files back as a txtar archive, sorted by name.
func Format(files map[string][]byte) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		b.WriteString("-- " + n + " --\n")
		b.Write(files[n])
		if len(files[n]) > 0 && !bytes.HasSuffix(files[n], []byte("\n")) {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// FS makes an fs.FS of files.
func FS(files map[string][]byte) fstest.MapFS {
	m := fstest.MapFS{}
	for n, d := range files {
		m[n] = &fstest.MapFile{Data: d, Mode: 0o644}
	}
	return m
}

// Today is the date tests build on unless they say otherwise.
var Today = content.ParseDate("2026-11-22")

// Built is the result of building a site into memory.
type Built struct {
	T      testing.TB
	Files  map[string][]byte
	Result *generator.Result
	Err    error
}

// Build builds the site in files into memory, with minification off so
// assertions can match the templates' text.
func Build(t testing.TB, files map[string][]byte) *Built {
	t.Helper()
	mem := output.NewMemory()
	res, err := generator.Build(context.Background(), generator.Options{Site: FS(files), Out: mem, Today: Today})
	return &Built{T: t, Files: mem.Files(), Result: res, Err: err}
}

// BuildOK builds and fails the test on any error.
func BuildOK(t testing.TB, files map[string][]byte) *Built {
	t.Helper()
	b := Build(t, files)
	if b.Err != nil {
		var out bytes.Buffer
		b.Result.Diags.Print(&out)
		t.Fatalf("build failed: %v\n%s", b.Err, out.String())
	}
	return b
}

// AssertFile checks that path was written and contains every substring.
func (b *Built) AssertFile(path string, substrings ...string) {
	b.T.Helper()
	data, ok := b.Files[path]
	if !ok {
		b.T.Fatalf("%s was not written; files: %s", path, strings.Join(b.names(), " "))
	}
	for _, s := range substrings {
		if !bytes.Contains(data, []byte(s)) {
			b.T.Errorf("%s does not contain %q", path, s)
		}
	}
}

// AssertFileNot checks that path was written and contains none of the substrings.
func (b *Built) AssertFileNot(path string, substrings ...string) {
	b.T.Helper()
	data, ok := b.Files[path]
	if !ok {
		b.T.Fatalf("%s was not written", path)
	}
	for _, s := range substrings {
		if bytes.Contains(data, []byte(s)) {
			b.T.Errorf("%s contains %q", path, s)
		}
	}
}

// AssertNoFile checks that path was not written.
func (b *Built) AssertNoFile(path string) {
	b.T.Helper()
	if _, ok := b.Files[path]; ok {
		b.T.Errorf("%s was written", path)
	}
}

// Diags returns the printed diagnostics.
func (b *Built) Diags() string {
	var out bytes.Buffer
	if b.Result != nil {
		b.Result.Diags.Print(&out)
	}
	return out.String()
}

func (b *Built) names() []string {
	out := make([]string, 0, len(b.Files))
	for n := range b.Files {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Key is a reviewer's test key, made from a fixed seed so tests are repeatable.
type Key struct {
	Private ed25519.PrivateKey
}

// NewKey makes a key from a one-byte seed.
func NewKey(seed byte) Key {
	s := bytes.Repeat([]byte{seed}, ed25519.SeedSize)
	return Key{Private: ed25519.NewKeyFromSeed(s)}
}

// Sign adds a sign-off by reviewer in role to the module at path, for the
// module as it stands in files, and returns the new files. It fails the
// test when the module cannot be read.
func Sign(t testing.TB, files map[string][]byte, path, reviewer, role string, key Key, date content.Date) map[string][]byte {
	t.Helper()
	site, l := generator.Load(context.Background(), FS(files), generator.LoadOptions{})
	if site == nil {
		t.Fatalf("cannot load the site: %v", l)
	}
	var m *content.Module
	for _, x := range site.Modules {
		if x.Path == path {
			m = x
		}
	}
	if m == nil {
		var out bytes.Buffer
		diag.List(l).Print(&out)
		t.Fatalf("no module %s:\n%s", path, out.String())
	}
	digest := m.Digest(site.Config.Shared, site.Config.People)
	blob, err := signText(key, content.SignedText(digest, role, reviewer, date))
	if err != nil {
		t.Fatal(err)
	}
	r := content.Review{Reviewer: reviewer, Role: role, Date: date, Digest: digest, Signature: content.EncodeSignature(blob)}
	src, err := content.WithReview(path, files[path], r)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string][]byte, len(files))
	for k, v := range files {
		out[k] = v
	}
	out[path] = src
	return out
}

// SignFrame adds a sign-off of the site's frame by reviewer in role (in
// frame.toml), for the frame as it stands in files, and returns the new files.
func SignFrame(t testing.TB, files map[string][]byte, reviewer, role string, key Key, date content.Date) map[string][]byte {
	t.Helper()
	site, l := generator.Load(context.Background(), FS(files), generator.LoadOptions{})
	if site == nil {
		t.Fatalf("cannot load the site: %v", l)
	}
	digest := site.Frame.Digest
	blob, err := signText(key, content.SignedText(digest, role, reviewer, date))
	if err != nil {
		t.Fatal(err)
	}
	r := content.Review{Reviewer: reviewer, Role: role, Date: date, Digest: digest, Signature: content.EncodeSignature(blob)}
	out := make(map[string][]byte, len(files)+1)
	for k, v := range files {
		out[k] = v
	}
	out[content.FramePath] = content.FrameTOML(content.WithFrameReview(site.Frame.Reviews, r))
	return out
}

// SetSourceDigest writes into the translation at path the digest of its
// source as it stands in files, as `rounds review` does before signing a
// translation, and returns the new files.
func SetSourceDigest(t testing.TB, files map[string][]byte, path string) map[string][]byte {
	t.Helper()
	site, l := generator.Load(context.Background(), FS(files), generator.LoadOptions{})
	if site == nil {
		t.Fatalf("cannot load the site: %v", l)
	}
	var tr, src *content.Module
	for _, x := range site.Modules {
		if x.Path == path {
			tr = x
		}
	}
	for _, x := range site.Modules {
		if tr != nil && x.Path == tr.SourcePath {
			src = x
		}
	}
	if tr == nil || src == nil {
		t.Fatalf("no translation %s with its source", path)
	}
	data, err := content.WithSourceDigest(path, files[path], src.Digest(site.Config.Shared, site.Config.People))
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string][]byte, len(files))
	for k, v := range files {
		out[k] = v
	}
	out[path] = data
	return out
}
