package content

import (
	"crypto/sha256"
	"encoding/hex"
)

// Records is what a module's digest covers, as the records Digest hashes,
// in the same order: the front matter record, the body, each bundle file,
// each cited shared reference, each author and planner. `rounds diff`
// compares two versions of a module record by record, so it shows exactly
// the changes that voided a sign-off and nothing else. nil for a module
// whose text was let go (Release).
func (m *Module) Records(shared Bibliography, ppl People) []Record {
	if m.effective == nil {
		return nil
	}
	out := []Record{
		{Kind: RecordFrontMatter, Data: m.frontMatterRecord()},
		{Kind: RecordBody, Data: crlfToLF(m.Body)},
	}
	for _, r := range m.Resources {
		out = append(out, Record{Kind: RecordResource, Name: r.Name, Data: r.Data})
	}
	for _, id := range m.SharedCites(shared) {
		out = append(out, Record{Kind: RecordCitation, Name: id, Data: CanonicalValue(shared.ByID[id])})
	}
	for _, id := range m.NamedPeople() {
		out = append(out, Record{Kind: RecordPerson, Name: id, Data: CanonicalJSON(personJSON(ppl.ByID[id]))})
	}
	return out
}

// DigestOfRecords is the digest of a record stream: Digest(m) equals
// DigestOfRecords(m.Records(...)) for every module.
func DigestOfRecords(recs []Record) string {
	h := sha256.New()
	for _, r := range recs {
		writeRecord(h, r.Kind, r.Name, r.Data)
	}
	return DigestPrefix + hex.EncodeToString(h.Sum(nil))
}
