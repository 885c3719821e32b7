package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	got := strings.Join(Tokens("Sepsis-3: the <b>qSOFA</b> score, 2 of 3; Ame\u0301rique a b12 "+strings.Repeat("x", 40)), " ")
	if want := "sepsis the qsofa score of am\u00e9rique b12"; got != want {
		t.Errorf("Tokens = %q, want %q", got, want)
	}
}

func TestTermsOf(t *testing.T) {
	terms := TermsOf([]string{"Fluids in sepsis", "Give fluids early"}, "<p>Give <em>30&nbsp;mL/kg</em> of crystalloid &amp; reassess.</p>")
	if got := strings.Join(terms.Meta, " "); got != "early fluids give in sepsis" {
		t.Errorf("meta %q", got)
	}
	if got := strings.Join(terms.Body, " "); got != "30 crystalloid kg ml of reassess" {
		t.Errorf("body %q", got)
	}
	if back := ParseTerms(terms.String()); strings.Join(back.Meta, " ") != strings.Join(terms.Meta, " ") || strings.Join(back.Body, " ") != strings.Join(terms.Body, " ") {
		t.Errorf("ParseTerms(String()) = %+v", back)
	}
}

// lookup finds the documents of term as search.js does: the shard whose
// key is the longest prefix of the term, then the term in it.
func lookup(t *testing.T, files map[string][]byte, term string) []int {
	t.Helper()
	var m Manifest
	if err := json.Unmarshal(files["index.json"], &m); err != nil {
		t.Fatal(err)
	}
	key := shardOf(m.Shards, term)
	var shard map[string]string
	if err := json.Unmarshal(files["t/"+shardFile(key)+".json"], &shard); err != nil {
		t.Fatalf("shard %q: %v", key, err)
	}
	var ids []int
	prev := 0
	if shard[term] == "" {
		return nil
	}
	for _, p := range strings.Split(shard[term], ",") {
		d, _ := strconv.ParseInt(p, 36, 64)
		prev += int(d)
		ids = append(ids, prev)
	}
	return ids
}

// A large vocabulary is split into shards under MaxShardBytes; every term
// is found in the shard its prefix names; a body-only word is marked so.
func TestFullTextShards(t *testing.T) {
	var docs []Doc
	for i := 0; i < 3000; i++ {
		var body []string
		for j := 0; j < 40; j++ {
			body = append(body, fmt.Sprintf("w%dx%d", (i*7+j*13)%5000, j%3), "common", fmt.Sprintf("s%d", i%50))
		}
		body = append(body, fmt.Sprintf("only%d", i))
		docs = append(docs, Doc{Title: fmt.Sprintf("Module %d", i), Path: fmt.Sprintf("c/m%d/", i), Course: fmt.Sprintf("Course %d", i/500),
			Terms: TermsOf([]string{fmt.Sprintf("Module %d title", i)}, strings.Join(body, " "))})
	}
	files, names := FullText(docs)
	files2, _ := FullText(docs)
	for _, n := range names {
		if !bytes.Equal(files[n], files2[n]) {
			t.Fatalf("%s differs between two builds", n)
		}
		if strings.HasPrefix(n, "t/") && len(files[n]) > MaxShardBytes+4096 {
			t.Errorf("%s: %d bytes", n, len(files[n]))
		}
	}
	if got := lookup(t, files, "only1234"); len(got) != 1 || got[0] != 1234*2 {
		t.Errorf("only1234: %v, want body-only posting of document 1234", got)
	}
	if got := lookup(t, files, "title"); len(got) != 3000 || got[5] != 5*2+1 {
		t.Errorf("title: %d postings", len(got))
	}
	if got := lookup(t, files, "common"); len(got) != 3000 {
		t.Errorf("common: %d postings", len(got))
	}
	var m Manifest
	_ = json.Unmarshal(files["index.json"], &m)
	if m.Docs != 3000 || len(m.Courses) != 6 || len(m.Shards) < 10 {
		t.Errorf("manifest: %d docs, %d courses, %d shards", m.Docs, len(m.Courses), len(m.Shards))
	}
	var rows [][]any
	if err := json.Unmarshal(files[fmt.Sprintf("d/%d.json", 1234/DocsPerShard)], &rows); err != nil {
		t.Fatal(err)
	}
	if r := rows[1234%DocsPerShard]; r[0] != "Module 1234" || r[1] != "c/m1234/" {
		t.Errorf("document 1234: %v", r)
	}
}

func TestShardFile(t *testing.T) {
	if got := shardFile("aé1"); got != "a_c3_a91" {
		t.Errorf("shardFile = %q", got)
	}
}

func FuzzTokens(f *testing.F) {
	f.Add("Sepsis-3 <b>qSOFA</b> Ame\u0301rique 敗血症")
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range Tokens(s) {
			if n := len([]rune(w)); n < 2 || n > maxTermLen {
				t.Fatalf("token %q", w)
			}
		}
		_ = TermsOf([]string{s}, s)
	})
}
