package content

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content/diag"
)

func review(reviewer, role, date string) Review {
	return Review{Reviewer: reviewer, Role: role, Date: ParseDate(date),
		Digest: "sha256:" + strings.Repeat("ab", 32), Signature: "sshsig:U1NIU0lH" + reviewer + role}
}

// reviewsOf parses a module file and returns its sign-offs.
func reviewsOf(t *testing.T, src []byte) []Review {
	t.Helper()
	m, l := ParseModule("m.md", src, nil, nil)
	if m == nil || l.HasErrors() {
		t.Fatalf("result does not parse: %v\n%s", l, src)
	}
	return m.Meta.Reviews
}

const signedModule = `+++
title = "Fluids"   # keep this comment
weight  =  3
tags = [ "sepsis",
  "fluids" ]

[credit]
type = "AMA"
hours = 0.25

[[reviews]]
reviewer  = "asmith"
role      = "medical"
date      = 2026-01-10
digest    = "sha256:old"
signature = "sshsig:old"

[[reviews]]
reviewer  = "asmith"
role      = "compliance"
date      = 2026-01-11
digest    = "sha256:old"
signature = "sshsig:old"

[[reviews]]
reviewer  = "bkim"
role      = "medical"
date      = 2026-01-12
digest    = "sha256:old"
signature = "sshsig:old"

[[references]]
id = "a"
+++
Body [@a].
`

func TestWithReviewAppends(t *testing.T) {
	for _, src := range []string{
		module(`title = "Fluids"   # keep`, `weight  =  3`, ``, `[credit]`, `type = "AMA"`),
		signedModule,
	} {
		f := diag.NewFile("m.md", []byte(src))
		_, end, _, _ := SplitFrontMatter(f)
		r := review("cjones", "medical", "2026-11-10")
		out, err := WithReview("m.md", []byte(src), r)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(out, []byte(src[:end])) || !bytes.HasSuffix(out, []byte(src[end:])) || len(out) < len(src) {
			t.Fatalf("the file around the new entry changed:\n%s", out)
		}
		added := string(out[end : len(out)-len(src)+end])
		if added != "\n"+ReviewTOML(r) {
			t.Errorf("added %q, want a blank line then %q", added, ReviewTOML(r))
		}
		got := reviewsOf(t, out)
		if len(got) == 0 || got[len(got)-1] != r {
			t.Errorf("reviews %+v, want the last to be %+v", got, r)
		}
		if before := reviewsOf(t, []byte(src)); len(got) != len(before)+1 {
			t.Errorf("%d reviews, want %d", len(got), len(before)+1)
		}
	}
}

func TestWithReviewBlankLine(t *testing.T) {
	r := review("asmith", "medical", "2026-11-10")
	for _, c := range []struct{ src, want string }{
		{module(`title = "a"`, ``), "+++\ntitle = \"a\"\n\n" + ReviewTOML(r) + "+++\nBody.\n"},
		{module(`title = "a"`, `  `), "+++\ntitle = \"a\"\n  \n" + ReviewTOML(r) + "+++\nBody.\n"},
		{module(`title = "a"`), "+++\ntitle = \"a\"\n\n" + ReviewTOML(r) + "+++\nBody.\n"},
		{"+++\r\ntitle = \"a\"\r\n\r\n+++\r\n", "+++\r\ntitle = \"a\"\r\n\r\n" + strings.ReplaceAll(ReviewTOML(r), "\n", "\r\n") + "+++\r\n"},
	} {
		out, err := WithReview("m.md", []byte(c.src), r)
		if err != nil || string(out) != c.want {
			t.Errorf("WithReview(%q) = %q, %v; want %q", c.src, out, err, c.want)
		}
	}
}

func TestWithReviewReplaces(t *testing.T) {
	r := review("asmith", "medical", "2026-11-10")
	out, err := WithReview("m.md", []byte(signedModule), r)
	if err != nil {
		t.Fatal(err)
	}
	oldEntry := "reviewer  = \"asmith\"\nrole      = \"medical\"\ndate      = 2026-01-10\ndigest    = \"sha256:old\"\nsignature = \"sshsig:old\"\n"
	i := strings.Index(signedModule, "[[reviews]]\n"+oldEntry)
	if i < 0 {
		t.Fatal("fixture changed")
	}
	j := i + len("[[reviews]]\n"+oldEntry)
	want := signedModule[:i] + ReviewTOML(r) + signedModule[j:]
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	got := reviewsOf(t, out)
	wantReviews := []Review{r,
		{Reviewer: "asmith", Role: "compliance", Date: ParseDate("2026-01-11"), Digest: "sha256:old", Signature: "sshsig:old"},
		{Reviewer: "bkim", Role: "medical", Date: ParseDate("2026-01-12"), Digest: "sha256:old", Signature: "sshsig:old"},
	}
	if len(got) != len(wantReviews) {
		t.Fatalf("reviews %+v", got)
	}
	for i := range got {
		if got[i] != wantReviews[i] {
			t.Errorf("review %d: %+v, want %+v", i, got[i], wantReviews[i])
		}
	}

	// signing again with the same values changes nothing
	again, err := WithReview("m.md", out, r)
	if err != nil || !bytes.Equal(again, out) {
		t.Errorf("second signature changed the file (%v):\n%s", err, again)
	}

	// the replaced entry is the last table of the front matter
	last := "+++\ntitle = \"a\"\n\n[[reviews]]\nreviewer = \"asmith\"\nrole = \"medical\"\ndate = 2026-01-01\n\n+++\nBody.\n"
	out, err = WithReview("m.md", []byte(last), r)
	if err != nil {
		t.Fatal(err)
	}
	if want := "+++\ntitle = \"a\"\n\n" + ReviewTOML(r) + "\n+++\nBody.\n"; string(out) != want {
		t.Errorf("got %q\nwant %q", out, want)
	}
}

func TestWithReviewCRLF(t *testing.T) {
	crlf := strings.ReplaceAll(signedModule, "\n", "\r\n")
	for _, r := range []Review{review("cjones", "medical", "2026-11-10"), review("bkim", "medical", "2026-11-10")} {
		out, err := WithReview("m.md", []byte(crlf), r)
		if err != nil {
			t.Fatal(err)
		}
		if n, m := bytes.Count(out, []byte("\n")), bytes.Count(out, []byte("\r\n")); n != m {
			t.Errorf("%d LF, %d CRLF: a line ends in a bare LF\n%q", n, m, out)
		}
		if !bytes.Contains(out, []byte(strings.ReplaceAll(ReviewTOML(r), "\n", "\r\n"))) {
			t.Errorf("entry not written with CRLF:\n%q", out)
		}
		got := reviewsOf(t, out)
		found := 0
		for _, g := range got {
			if g == r {
				found++
			}
		}
		if found != 1 {
			t.Errorf("reviews %+v, want %+v once", got, r)
		}
	}
	// an LF body does not make the entry CRLF, nor the reverse
	mixed := "+++\ntitle = \"a\"\n+++\r\nBody.\r\n"
	out, err := WithReview("m.md", []byte(mixed), review("a", "medical", "2026-11-10"))
	if err != nil || bytes.Contains(out[:len(out)-len("+++\r\nBody.\r\n")], []byte("\r")) {
		t.Errorf("LF front matter got CR (%v): %q", err, out)
	}
}

func TestWithReviewEmptyFrontMatter(t *testing.T) {
	r := review("asmith", "medical", "2026-11-10")
	out, err := WithReview("m.md", []byte("+++\n+++\nBody.\n"), r)
	if err != nil {
		t.Fatal(err)
	}
	if want := "+++\n" + ReviewTOML(r) + "+++\nBody.\n"; string(out) != want {
		t.Errorf("got %q, want %q", out, want)
	}
	if got := reviewsOf(t, out); len(got) != 1 || got[0] != r {
		t.Errorf("reviews %+v", got)
	}
}

func TestWithReviewRefuses(t *testing.T) {
	r := review("asmith", "medical", "2026-11-10")
	cases := []struct {
		name, src, err string
	}{
		{"inline reviews", module(`title = "a"`, `reviews = [{ reviewer = "bkim", role = "medical", date = 2026-01-01 }]`), "inline"},
		{"inline empty reviews", module(`reviews = []`), "inline"},
		{"inline multi-line reviews", module(`reviews = [`, `  { reviewer = "bkim", role = "medical" },`, `]`), "inline"},
		{"no front matter", "title = \"a\"\n", "missing front matter"},
		{"unclosed", "+++\ntitle = \"a\"\n", "never closed"},
		{"syntax error", module(`title = "a`), "syntax"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := WithReview("m.md", []byte(c.src), r)
			if err == nil || out != nil {
				t.Fatalf("accepted:\n%s", out)
			}
			if !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), "m.md") {
				t.Errorf("error %q, want it to name m.md and contain %q", err, c.err)
			}
		})
	}
}

// TestWithReviewKnownBugs lists what WithReview gets wrong today. Each case
// states what it should do.
func TestWithReviewKnownBugs(t *testing.T) {
	r := review("asmith", "medical", "2026-11-10")
	cases := []struct {
		name, src string
		r         Review
		check     func(out []byte, err error, p *problems)
		bug       string
	}{
		{
			name: "inline reviews with [[reviews]] in a comment",
			src:  module(`title = "a"`, `reviews = [] # not [[reviews]]`),
			check: func(out []byte, err error, p *problems) {
				if err == nil {
					p.errorf("accepted; the result does not parse: %s", parseErrors(out))
				}
			},
		},
		{
			name: "reviews that are not an array",
			src:  module(`title = "a"`, `reviews = "none"`),
			check: func(out []byte, err error, p *problems) {
				if err == nil {
					p.errorf("accepted; the result does not parse: %s", parseErrors(out))
				}
			},
		},
		{
			name: "a comment above the next table",
			src:  "+++\ntitle = \"a\"\n\n[[reviews]]\nreviewer = \"asmith\"\nrole = \"medical\"\ndate = 2026-01-01\n\n# Credit, as agreed with the provider\n[credit]\nhours = 1\n+++\nBody.\n",
			check: func(out []byte, err error, p *problems) {
				if err != nil || !bytes.Contains(out, []byte("# Credit, as agreed with the provider\n[credit]")) {
					p.errorf("the comment above [credit] was dropped (%v):\n%s", err, out)
				}
			},
		},
		{
			name: "a header with a comment",
			src:  module(`title = "a"`, `[[reviews]]   # medical sign-off`, `reviewer = "asmith"`, `role = "medical"`, `date = 2026-01-01`),
			check: func(out []byte, err error, p *problems) {
				if err != nil {
					p.errorf("%v", err)
					return
				}
				m, l := ParseModule("m.md", out, nil, nil)
				if m == nil || len(m.Meta.Reviews) != 1 {
					p.errorf("want the old entry replaced, got %v %s", l, out)
				}
			},
		},
		{
			name: "a zero date",
			src:  module(`title = "a"`),
			r:    Review{Reviewer: "asmith", Role: "medical", Digest: "sha256:00", Signature: "sshsig:00"},
			check: func(out []byte, err error, p *problems) {
				if err == nil {
					if msg := parseErrors(out); msg != "" {
						p.errorf("accepted; the result does not parse: %s", msg)
					}
				}
			},
		},
		{
			name: "a control character",
			src:  module(`title = "a"`),
			r:    Review{Reviewer: "a\x7fb", Role: "medical\a", Date: ParseDate("2026-11-10")},
			check: func(out []byte, err error, p *problems) {
				if err == nil {
					if msg := parseErrors(out); msg != "" {
						p.errorf("accepted; the result does not parse: %s", msg)
					}
				}
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rv := r
			if c.r != (Review{}) {
				rv = c.r
			}
			out, err := WithReview("m.md", []byte(c.src), rv)
			var p problems
			c.check(out, err, &p)
			p.report(t, c.bug)
		})
	}
}

// parseErrors is "" when src is a module whose front matter parses as TOML.
func parseErrors(src []byte) string {
	f := diag.NewFile("m.md", src)
	start, end, _, l := SplitFrontMatter(f)
	if l.HasErrors() {
		return l[0].String()
	}
	if _, l := ParseDoc(f, start, end); l.HasErrors() {
		return l[0].String()
	}
	return ""
}

// Issue 21, decisions: `rounds review` records the reviewed commit; it is
// read back from TOML and YAML, and a value that is not a commit id is an
// error at its line (it is never passed to git).
func TestReviewCommit(t *testing.T) {
	r := review("asmith", "medical", "2026-11-10")
	r.Commit = strings.Repeat("0123456789", 4)
	for _, src := range []string{module(`title = "a"`), "---\ntitle: a\n---\nBody.\n"} {
		out, err := WithReview("m.md", []byte(src), r)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), `commit`) {
			t.Errorf("no commit written:\n%s", out)
		}
		if got := reviewsOf(t, out); len(got) != 1 || got[0] != r {
			t.Errorf("read back %+v, want %+v", got, r)
		}
	}
	for _, c := range []struct {
		id string
		ok bool
	}{
		{strings.Repeat("a", 40), true}, {strings.Repeat("b", 64), true}, {"", false}, {strings.Repeat("a", 39), false},
		{"--output=/tmp/x" + strings.Repeat("a", 25), false}, {strings.Repeat("A", 40), false}, {"HEAD", false},
	} {
		if ValidCommit(c.id) != c.ok {
			t.Errorf("ValidCommit(%q) = %v", c.id, !c.ok)
		}
	}
}
