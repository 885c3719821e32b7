package generator_test

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// checkedAt loads files and runs the gate on day.
func checkedAt(t *testing.T, files map[string][]byte, day content.Date) *generator.Checked {
	t.Helper()
	site, l := generator.Load(context.Background(), sitetest.FS(files), generator.LoadOptions{})
	if site == nil {
		t.Fatalf("%v", l)
	}
	return generator.Check(context.Background(), site, day, 0)
}

func keyOf(k sitetest.Key) func(*content.Person) (content.Signer, error) {
	return func(*content.Person) (content.Signer, error) { return k.Signer(), nil }
}

// Issue 21 item 7: the sign-off lives in the generator, where the dev
// server and tests use it as `rounds review` does: it signs, rewrites the
// front matter, and the module then passes the gate; the person, the role
// and the key are refused with a reason (ErrRefused), and a module that
// would still be blocked by another rule is not signed at all.
func TestSignModules(t *testing.T) {
	key, other := sitetest.NewKey(7), sitetest.NewKey(9)
	day := content.ParseDate("2026-12-05")
	files := rotationSite(key.AuthorizedKey(), "")
	c := checkedAt(t, files, day)
	sign := func(c *generator.Checked, reviewer, role string, k sitetest.Key) ([]generator.SignedFile, string, error) {
		out, refused, err := c.SignModules(context.Background(), c.Verdicts, generator.SignOff{Reviewer: reviewer, Role: role, Key: keyOf(k), Rand: rand.Reader}, nil)
		var b strings.Builder
		refused.Print(&b)
		return out, b.String(), err
	}

	out, refused, err := sign(c, "rev", "medical", key)
	if err != nil || refused != "" || len(out) != 1 {
		t.Fatalf("sign: %v, %q, %d files", err, refused, len(out))
	}
	if out[0].Path != "content/c/m.md" || out[0].Digest != c.Verdicts[0].Digest {
		t.Errorf("signed %s %s, want content/c/m.md %s", out[0].Path, out[0].Digest, c.Verdicts[0].Digest)
	}
	if !strings.HasPrefix(string(out[0].Data), string(files["content/c/m.md"][:len("+++\ntitle = \"M\"\n")])) {
		t.Errorf("the file was not kept byte for byte:\n%s", out[0].Data)
	}
	files["content/c/m.md"] = out[0].Data
	if r := statusOf(t, files, day); r.State != content.Published {
		t.Errorf("after signing: %s (%s)", r.State, r.Detail)
	}
	// A commit that is not a commit id is an error at its line: it would
	// be passed to git by rounds diff.
	bad := map[string][]byte{}
	for k, v := range files {
		bad[k] = v
	}
	bad["content/c/m.md"] = []byte(strings.Replace(string(files["content/c/m.md"]), "signature = ", "commit    = \"--output=x\"\nsignature = ", 1))
	if b := sitetest.Build(t, bad); !strings.Contains(b.Diags(), `content/c/m.md:11:1: error: reviewed: the commit of the medical sign-off by rev is not a git commit id: "--output=x"`) {
		t.Errorf("a bad commit:\n%s", b.Diags())
	}

	for _, tc := range []struct {
		name, reviewer, role string
		key                  sitetest.Key
		people               string
		want                 string
	}{
		{"not in people.toml", "nobody", "medical", key, "", `"nobody" is not in people.toml`},
		{"wrong role", "rev", "compliance", key, "", `rev does not hold the role "compliance"`},
		{"another key", "rev", "medical", other, "", "is not one of rev's keys in people.toml"},
		{"retired key", "rev", "medical", key, `valid-before="20261201" ` + key.AuthorizedKey(), "was retired on 2026-12-01"},
	} {
		f := rotationSite(key.AuthorizedKey(), "")
		if tc.people != "" {
			f = rotationSite(tc.people, "")
		}
		out, _, err := sign(checkedAt(t, f, day), tc.reviewer, tc.role, tc.key)
		if !errors.Is(err, generator.ErrRefused) || !strings.Contains(err.Error(), tc.want) || out != nil {
			t.Errorf("%s: %v (%d files), want a refusal saying %q", tc.name, err, len(out), tc.want)
		}
	}

	// A module that another rule still blocks is not signed.
	f := rotationSite(key.AuthorizedKey(), "")
	f["rounds.toml"] = []byte(strings.Replace(string(f["rounds.toml"]), "min_references = 0", "min_references = 1", 1))
	out, refused, err = sign(checkedAt(t, f, day), "rev", "medical", key)
	if err != nil || out != nil || !strings.Contains(refused, "referenced") {
		t.Errorf("a module without references: %v, %d files, refused %q", err, len(out), refused)
	}
}
