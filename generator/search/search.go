package search

import (
	"bytes"
	"encoding/json"

	"github.com/rounds-dev/rounds/content"
)

// Entry is one module in the index.
type Entry struct {
	Title   string `json:"title"`
	Summary string `json:"summary,omitempty"`
	Path    string `json:"path"` // the module's site path, written percent-encoded
	Course  string `json:"course,omitempty"`
	// Disclosure is a supported module's commercial support, to show
	// with its title: "Supported by an educational grant from Acme Pharma."
	Disclosure string   `json:"disclosure,omitempty"`
	Tags       []string `json:"tags,omitempty"`
}

// Index renders the entries, in the order given, as JSON. Each path is
// written as a URL path, percent-encoded (content.EscapePath).
func Index(entries []Entry) []byte {
	entries = append([]Entry(nil), entries...)
	for i := range entries {
		entries[i].Path = content.EscapePath(entries[i].Path)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if entries == nil {
		entries = []Entry{}
	}
	_ = enc.Encode(entries)
	return b.Bytes()
}
