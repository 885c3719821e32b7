package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"sort"
)

// Bibliography is a set of shared references (data/references.toml or
// CSL-JSON), by id. Raw keeps each entry's normalised values for the digest.
type Bibliography struct {
	ByID map[string]Reference
	Raw  map[string]map[string]any
}

// Digest is the sign-off digest of a module, as SPEC.md "The digest"
// defines it: "sha256:" and the hex SHA-256 of, in order, the effective
// front matter as canonical JSON without reviews; a zero byte and the body
// with CRLF as LF; for each bundle file in path order a zero byte, its
// path, a zero byte and its bytes; for each cited shared reference in id
// order a zero byte and its canonical JSON; for each author and planner in
// id order a zero byte and the canonical JSON of their name, credentials
// and relationships. A sign-off thereby covers exactly what the reviewer
// read, including the disclosures shown with it.
func (m *Module) Digest(shared Bibliography, ppl People) string {
	if m.effective == nil {
		return "" // released (Module.Release): no sign-off can match
	}
	h := sha256.New()
	h.Write(m.effective)
	h.Write([]byte{0})
	h.Write(crlfToLF(m.Body))
	for _, r := range m.Resources {
		h.Write([]byte{0})
		h.Write([]byte(r.Name))
		h.Write([]byte{0})
		h.Write(r.Data)
	}
	for _, id := range m.SharedCites(shared) {
		h.Write([]byte{0})
		h.Write(CanonicalJSON(shared.Raw[id]))
	}
	for _, id := range m.NamedPeople() {
		h.Write([]byte{0})
		h.Write(CanonicalJSON(personJSON(ppl.ByID[id])))
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// SharedCites is the sorted ids of shared references the module cites
// that it does not define itself.
func (m *Module) SharedCites(shared Bibliography) []string {
	own := map[string]bool{}
	for _, r := range m.Meta.References {
		own[r.ID] = true
	}
	seen := map[string]bool{}
	var ids []string
	for _, c := range m.Cites {
		if !own[c.Key] && !seen[c.Key] {
			if _, ok := shared.Raw[c.Key]; ok {
				seen[c.Key] = true
				ids = append(ids, c.Key)
			}
		}
	}
	sort.Strings(ids)
	return ids
}

// NamedPeople is the sorted, unique ids of the module's authors and planners.
func (m *Module) NamedPeople() []string {
	seen := map[string]bool{}
	var ids []string
	for _, id := range append(append([]string{}, m.Meta.Authors...), m.Meta.Planners...) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// personJSON is what the digest covers of a person; an unknown id hashes
// as null, so adding the person later voids the sign-off.
func personJSON(p *Person) any {
	if p == nil {
		return nil
	}
	rels := make([]any, len(p.Relationships))
	for i, r := range p.Relationships {
		rels[i] = map[string]any{"company": r.Company, "nature": r.Nature, "mitigated": r.Mitigated}
	}
	return map[string]any{"name": p.Name, "credentials": p.Credentials, "relationships": rels}
}

// crlfToLF returns b with CRLF line endings as LF, b itself when it has
// no CR (never written to: it is the module's source).
func crlfToLF(b []byte) []byte {
	if bytes.IndexByte(b, '\r') < 0 {
		return b // most files: no copy
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n' {
			continue
		}
		out = append(out, b[i])
	}
	return out
}
