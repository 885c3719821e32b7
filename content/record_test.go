package content

import (
	"bytes"
	"testing"
)

// FuzzRecords: the record stream decodes back to exactly its inputs, so
// two different record lists never give the same bytes to hash.
func FuzzRecords(f *testing.F) {
	f.Add(byte('F'), "", []byte(`{"title":"T"}`), byte('R'), "zz.html", []byte("<h1>x</h1>"))
	f.Add(byte('R'), "a.png", []byte("\x89PNG\x00zz.html\x00<h1>"), byte('B'), "", []byte("\x00name\x00data"))
	f.Add(byte('B'), "", []byte{}, byte('C'), "\x00", []byte{0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, k1 byte, n1 string, d1 []byte, k2 byte, n2 string, d2 []byte) {
		in := []Record{{k1, n1, d1}, {k2, n2, d2}}
		var enc []byte
		for _, r := range in {
			enc = AppendRecord(enc, r)
		}
		out, err := ParseRecords(enc)
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		if len(out) != len(in) {
			t.Fatalf("decoded %d records, encoded %d", len(out), len(in))
		}
		for i := range in {
			if out[i].Kind != in[i].Kind || out[i].Name != in[i].Name || !bytes.Equal(out[i].Data, in[i].Data) {
				t.Fatalf("record %d: decoded %+v, encoded %+v", i, out[i], in[i])
			}
		}
		// Moving bytes from one record's data into the next record's name
		// (the attack on the first form) must change the encoding.
		if len(d1) > 0 {
			moved := []Record{{k1, n1, d1[:len(d1)-1]}, {k2, string(d1[len(d1)-1:]) + n2, d2}}
			var enc2 []byte
			for _, r := range moved {
				enc2 = AppendRecord(enc2, r)
			}
			if bytes.Equal(enc, enc2) {
				t.Fatal("two different record lists encode the same")
			}
		}
	})
}

func TestParseRecordsTruncated(t *testing.T) {
	enc := AppendRecord(nil, Record{'R', "a.png", []byte("data")})
	for n := 1; n < len(enc); n++ {
		if _, err := ParseRecords(enc[:n]); err == nil {
			t.Errorf("a stream cut at %d of %d bytes decoded", n, len(enc))
		}
	}
}

// TestDigestEveryByte: changing any byte of any input of a module changes
// its digest, and so does moving a byte from one input to the next.
func TestDigestEveryByte(t *testing.T) {
	body := "Body [@r].\n"
	parse := func(body string, res []Resource) string {
		src := "+++\ntitle = \"T\"\nauthors = [\"p\"]\n+++\n" + body
		m, l := ParseModule("content/c/m/index.md", []byte(src), nil, res)
		if m == nil || l.HasErrors() {
			t.Fatal(l)
		}
		return m.Digest(Bibliography{ByID: map[string]Reference{"r": {ID: "r", Title: "R"}}}, People{ByID: map[string]*Person{"p": {ID: "p", Name: "Pat"}}})
	}
	res := []Resource{{Name: "a.png", Data: []byte("PNGDATA")}, {Name: "b.txt", Data: []byte("notes")}}
	base := parse(body, res)
	seen := map[string]bool{base: true}
	for i := range body {
		b := []byte(body)
		b[i] ^= 0x01
		if d := parse(string(b), res); seen[d] {
			t.Errorf("body byte %d: digest unchanged or repeated", i)
		} else {
			seen[d] = true
		}
	}
	for ri := range res {
		for i := range res[ri].Data {
			c := []Resource{res[0], res[1]}
			data := append([]byte{}, c[ri].Data...)
			data[i] ^= 0x01
			c[ri].Data = data
			if d := parse(body, c); seen[d] {
				t.Errorf("resource %s byte %d: digest unchanged or repeated", c[ri].Name, i)
			} else {
				seen[d] = true
			}
		}
	}
	// The attack on the first form: the end of a file's bytes read as a
	// new file's name and data.
	joined := []Resource{{Name: "a.png", Data: []byte("PNGDATA\x00zz.html\x00<h1>")}}
	split := []Resource{{Name: "a.png", Data: []byte("PNGDATA")}, {Name: "zz.html", Data: []byte("<h1>")}}
	if parse(body, joined) == parse(body, split) {
		t.Error("a bundle file split in two keeps the digest")
	}
	if parse(body+"zz.html<h1>", nil) == parse(body, []Resource{{Name: "zz.html", Data: []byte("<h1>")}}) {
		t.Error("a body's tail read as a bundle file keeps the digest")
	}
}

// TestTextRefused: a zero byte or invalid UTF-8 in a module is refused at
// its position, before any digest is made.
func TestTextRefused(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"zero byte in body", "+++\ntitle = \"T\"\n+++\nBody\x00zz.html\x00<h1>\n", "content/m.md:4:5: error: text: a zero byte in a text file"},
		{"zero byte in front matter", "+++\ntitle = \"T\x00\"\n+++\n", "content/m.md:2:11: error: text: a zero byte in a text file"},
		{"latin-1 byte", "+++\ntitle = \"Caf\xe9\"\n+++\n", "content/m.md:2:13: error: text: byte 0xe9 is not UTF-8"},
		{"truncated rune", "+++\ntitle = \"T\"\n+++\nend \xe2\x82", "content/m.md:4:5: error: text: byte 0xe2 is not UTF-8"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, l := ParseModule("content/m.md", []byte(c.src), nil, nil)
			if m != nil {
				t.Fatal("the module was parsed")
			}
			if len(l) != 1 || l[0].String() != c.want {
				t.Errorf("got %v, want %s", l, c.want)
			}
		})
	}
}
