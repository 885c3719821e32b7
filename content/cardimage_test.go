package content

import (
	"strings"
	"testing"
)

// card_image names a PNG or JPEG of the module's own bundle, so that the
// picture on its cards is in its digest; anything else is an error at the key.
func TestCardImage(t *testing.T) {
	res := []Resource{{Name: "monitor.jpg", Data: []byte("\xff\xd8jpeg")}, {Name: "notes.txt", Data: []byte("x")}}
	for _, tc := range []struct {
		name, path, value, want string
	}{
		{"a bundle file", "content/c/m/index.md", "monitor.jpg", ""},
		{"cleaned", "content/c/m/index.md", "./monitor.jpg", ""},
		{"missing", "content/c/m/index.md", "other.png", `content/c/m/index.md:3:1: error: card_image: card_image "other.png" is not a file of the module's bundle`},
		{"not a picture", "content/c/m/index.md", "notes.txt", `error: card_image: card_image "notes.txt" is not a PNG or JPEG`},
		{"not a bundle", "content/c/m.md", "monitor.jpg", "error: card_image: card_image needs a module bundle"},
	} {
		src := "+++\ntitle = \"T\"\ncard_image = \"" + tc.value + "\"\n+++\nBody.\n"
		m, l := ParseModule(tc.path, []byte(src), nil, res)
		var out strings.Builder
		l.Print(&out)
		if tc.want == "" {
			if l.HasErrors() || m == nil || m.Meta.CardImage != "monitor.jpg" {
				t.Errorf("%s: %s", tc.name, out.String())
			}
			continue
		}
		if !strings.Contains(out.String(), tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, out.String(), tc.want)
		}
	}
	// The picture's name is in the front matter record (and its bytes in a
	// resource record): changing it voids the sign-offs.
	a, _ := ParseModule("content/c/m/index.md", []byte("+++\ntitle = \"T\"\n+++\nBody.\n"), nil, res)
	b, _ := ParseModule("content/c/m/index.md", []byte("+++\ntitle = \"T\"\ncard_image = \"monitor.jpg\"\n+++\nBody.\n"), nil, res)
	if a.Digest(Bibliography{}, People{}) == b.Digest(Bibliography{}, People{}) {
		t.Error("card_image is not in the digest")
	}
}
