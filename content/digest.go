package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strings"
)

// Bibliography is a set of shared references (data/references.toml or
// CSL-JSON), by id.
type Bibliography struct {
	ByID map[string]Reference
	Raw  map[string]map[string]any // unused by the digest: it hashes ByID, what is rendered
}

// DigestPrefix starts every digest of the current form; a sign-off over a
// digest without it (the first form, "sha256:") is refused.
const DigestPrefix = "sha256v2:"

// Digest is the sign-off digest of a module, as SPEC.md "The digest"
// defines it: "sha256v2:" and the hex SHA-256 of a stream of records
// (AppendRecord) — the effective front matter as decoded, with the
// module's URL and course title; the body with CRLF as LF; each bundle
// file in path order; each cited shared reference in id order; each
// author and planner in id order. Every record is length-prefixed, so no
// two different modules give the same stream, and every value hashed is
// the decoded value that is rendered, so no spelling of the source can
// show one thing and hash another. A sign-off thereby covers exactly what
// the reviewer read, including the disclosures shown with it.
func (m *Module) Digest(shared Bibliography, ppl People) string {
	if m.effective == nil {
		return "" // released (Module.Release): no sign-off can match
	}
	h := sha256.New()
	writeRecord(h, RecordFrontMatter, "", m.frontMatterRecord())
	writeRecord(h, RecordBody, "", crlfToLF(m.Body))
	for _, r := range m.Resources {
		writeRecord(h, RecordResource, r.Name, r.Data)
	}
	for _, id := range m.SharedCites(shared) {
		writeRecord(h, RecordCitation, id, CanonicalValue(shared.ByID[id]))
	}
	for _, id := range m.NamedPeople() {
		writeRecord(h, RecordPerson, id, CanonicalJSON(personJSON(ppl.ByID[id])))
	}
	return DigestPrefix + hex.EncodeToString(h.Sum(nil))
}

// IsOldDigest reports whether d is of the first digest form, which was not
// injective and is no longer accepted.
func IsOldDigest(d string) bool {
	return strings.HasPrefix(d, "sha256:")
}

// frontMatterRecord is the data of the F record: the decoded front matter
// without reviews, the module's site-relative URL (so a deploy preview's
// baseURL voids nothing, but a move does) and its course's title.
func (m *Module) frontMatterRecord() []byte {
	fm := m.Meta
	fm.Reviews = nil
	course := ""
	if m.Section != nil && m.Section.Dir != "" {
		course = m.Section.In(m.Lang).Title()
	}
	return CanonicalJSON(map[string]any{
		"frontMatter": canonicalAny(fm),
		"url":         m.URLPath(),
		"course":      course,
	})
}

// CanonicalValue is the canonical JSON of a decoded value (a struct with
// json tags): keys sorted, no insignificant whitespace, and unset fields
// (zero values) left out, so that adding an optional field to rounds
// voids no sign-off while every value that is set is covered.
func CanonicalValue(v any) []byte { return CanonicalJSON(canonicalAny(v)) }

func canonicalAny(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		panic("content: canonical value: " + err.Error()) // decoded values always encode
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		panic("content: canonical value: " + err.Error())
	}
	return dropZero(x)
}

// dropZero removes unset object members (null, "", false, 0, [] and {})
// recursively; array elements keep their places.
func dropZero(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			e = dropZero(e)
			if isZero(e) {
				delete(x, k)
			} else {
				x[k] = e
			}
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = dropZero(e)
		}
		return x
	}
	return v
}

func isZero(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case bool:
		return !x
	case json.Number:
		f, err := x.Float64()
		return err == nil && f == 0
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
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
			if _, ok := shared.ByID[c.Key]; ok {
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
