package content

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
)

// Record is one entry of the digest's record stream (SPEC.md "The
// digest"): a kind byte, a length-prefixed name and length-prefixed data.
// Lengths make the encoding injective: no choice of names or bytes in one
// record can be read as the end of it and the start of another, which the
// first digest form (parts joined by zero bytes) allowed.
type Record struct {
	Kind byte
	Name string
	Data []byte
}

// The record kinds of a module's digest and of the frame's.
const (
	RecordFrontMatter byte = 'F' // effective front matter, URL and course
	RecordBody        byte = 'B' // the Markdown body, CRLF as LF
	RecordResource    byte = 'R' // a bundle file: path and bytes
	RecordCitation    byte = 'C' // a cited shared reference: id and canonical JSON
	RecordPerson      byte = 'P' // an author or planner: id and canonical JSON
	RecordFrame       byte = 'L' // a frame file: path and bytes
)

// recordHeader is the fixed part before a record's name and its data:
// kind (1), name length (uint32), then after the name the data length (uint64).
const maxRecordName = 1<<32 - 1

// AppendRecord appends r's encoding to dst.
func AppendRecord(dst []byte, r Record) []byte {
	dst = append(dst, r.Kind)
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(r.Name)))
	dst = append(dst, r.Name...)
	dst = binary.BigEndian.AppendUint64(dst, uint64(len(r.Data)))
	return append(dst, r.Data...)
}

// writeRecord writes r's encoding to h without copying its data.
func writeRecord(h hash.Hash, kind byte, name string, data []byte) {
	var n [8]byte
	h.Write([]byte{kind})
	binary.BigEndian.PutUint32(n[:4], uint32(len(name)))
	h.Write(n[:4])
	h.Write([]byte(name))
	binary.BigEndian.PutUint64(n[:], uint64(len(data)))
	h.Write(n[:])
	h.Write(data)
}

// ParseRecords decodes a record stream: the inverse of AppendRecord, used
// by tests that prove the encoding injective and by tools that show an
// auditor what a digest covered.
func ParseRecords(b []byte) ([]Record, error) {
	var out []Record
	for len(b) > 0 {
		if len(b) < 5 {
			return nil, errors.New("record: truncated header")
		}
		kind, nameLen := b[0], binary.BigEndian.Uint32(b[1:5])
		b = b[5:]
		if uint64(len(b)) < uint64(nameLen)+8 {
			return nil, fmt.Errorf("record %q: truncated name", kind)
		}
		name := string(b[:nameLen])
		b = b[nameLen:]
		dataLen := binary.BigEndian.Uint64(b[:8])
		b = b[8:]
		if uint64(len(b)) < dataLen {
			return nil, fmt.Errorf("record %q %q: truncated data", kind, name)
		}
		out = append(out, Record{Kind: kind, Name: name, Data: b[:dataLen:dataLen]})
		b = b[dataLen:]
	}
	return out, nil
}
