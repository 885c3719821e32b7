package generator_test

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/history"
	"github.com/rounds-dev/rounds/internal/sitetest"
)

// memRepo is a history held in memory, newest revision first.
type memRepo struct {
	revs  []history.Revision
	files map[string]map[string][]byte
}

func (r *memRepo) commit(id, subject string, files map[string][]byte) {
	r.revs = append([]history.Revision{{ID: id, Date: "2026-11-20", Subject: subject}}, r.revs...)
	r.files[id] = files
}

func (r *memRepo) Revisions(context.Context) ([]history.Revision, error) { return r.revs, nil }

func (r *memRepo) Files(_ context.Context, id string) (fs.FS, error) {
	f, ok := r.files[id]
	if !ok {
		return nil, fmt.Errorf("no commit %s", id)
	}
	return sitetest.FS(f), nil
}

func (r *memRepo) Revision(_ context.Context, id string) (history.Revision, error) {
	for _, rev := range r.revs {
		if rev.ID == id {
			return rev, nil
		}
	}
	return history.Revision{}, fmt.Errorf("no commit %s", id)
}

// Issue 21 item 2: the review page of an edited module shows the change
// since the sign-off marked in the rendered module, the front matter
// changed, who must sign and the command.
func TestReviewOf(t *testing.T) {
	key := sitetest.NewKey(7)
	day := content.ParseDate("2026-12-05")
	files := rotationSite(key.AuthorizedKey(), "")
	files["content/c/m.md"] = []byte(strings.Replace(string(files["content/c/m.md"]), "Body.", "In septic shock, give **30 mL/kg** of crystalloid.", 1))
	files = sitetest.Sign(t, files, "content/c/m.md", "rev", "medical", key, content.ParseDate("2026-11-20"))
	repo := &memRepo{files: map[string]map[string][]byte{}}
	repo.commit(strings.Repeat("a", 40), "Signed", files)
	edited := map[string][]byte{}
	for k, v := range files {
		edited[k] = v
	}
	edited["content/c/m.md"] = []byte(strings.NewReplacer("30 mL/kg", "20 mL/kg", `title = "M"`, `title = "Fluids"`).Replace(string(files["content/c/m.md"])))
	c := checkedAt(t, edited, day)
	rv, ok, err := c.ReviewOf(context.Background(), "content/c/m.md", repo)
	if err != nil || !ok {
		t.Fatalf("ReviewOf: %v %v", ok, err)
	}
	if len(rv.Roles) != 1 || rv.Roles[0].OK || rv.Roles[0].Command != "rounds review content/c/m.md --reviewer rev --role medical" || rv.Roles[0].Signed != "rev on 2026-11-20" {
		t.Errorf("roles: %+v", rv.Roles)
	}
	if len(rv.Versions) != 1 || !rv.Versions[0].Found || rv.Versions[0].Revision.Subject != "Signed" {
		t.Fatalf("versions: %+v", rv.Versions)
	}
	v := rv.Versions[0]
	if body := string(v.Body); !strings.Contains(body, "<strong><del>30</del><ins>20</ins> mL/kg</strong>") {
		t.Errorf("body: %s", body)
	}
	if fm := v.Changes.FrontMatter; len(fm) != 1 || fm[0].Name != "title" || fm[0].Old != `"M"` || fm[0].New != `"Fluids"` {
		t.Errorf("front matter: %+v", fm)
	}
	if _, ok, _ := c.ReviewOf(context.Background(), "content/c/none.md", repo); ok {
		t.Error("a page for a module that does not exist")
	}
	// Without a history the page says what it cannot show.
	rv, _, _ = c.ReviewOf(context.Background(), "content/c/m.md", nil)
	if len(rv.Versions) != 1 || !strings.Contains(rv.Versions[0].Problem, "not in a git repository") || !strings.Contains(string(rv.Body), "20 mL/kg") {
		t.Errorf("without history: %+v", rv.Versions)
	}
}
