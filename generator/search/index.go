package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/rounds-dev/rounds/content"
)

// The sharded full-text index (issue 22): what js/search.js downloads.
//
//	search/index.json      the manifest: shard keys, document count, courses
//	search/t/<key>.json    terms starting with key: {"term": "postings"}
//	search/d/<n>.json      documents n*DocsPerShard ...: [title, path, course, disclosure, summary]
//
// A query word is looked up in the one term shard whose key is the
// longest prefix of the word, so a first result needs the manifest, one
// term shard per word and the document shard of each result shown. Term
// shards are split by a longer prefix until each is under MaxShardBytes;
// at 10,000 modules (the bench corpus) a search downloads well under
// 300 KB before its first result (measured in make bench).
//
// Why built here and not a client-side library: lunr.js and its kin load
// one index for the whole site (megabytes at 10,000 modules) before any
// result; pagefind shards the same way but is a Rust binary to run
// after the build. This is ~250 lines of Go and ~5 KB of script.

// DocsPerShard is the number of documents in each document shard.
const DocsPerShard = 64

// MaxShardBytes is the size a term shard is split above.
const MaxShardBytes = 48 << 10

// maxKey is the longest shard key: a shard that is still too large at
// this prefix length stays large (a pathological vocabulary).
const maxKey = 6

// maxTermLen: longer tokens (hashes, long URLs) are not indexed.
const maxTermLen = 32

// Doc is one module in the full-text index.
type Doc struct {
	Title, Path, Course, Disclosure, Summary string
	Terms                                    Terms
}

// Terms are a module's distinct search terms: Meta from its title,
// summary, objectives and tags (ranked higher), Body from the rest.
// Both sorted; a term in Meta is not repeated in Body.
type Terms struct {
	Meta, Body []string
}

// Tokens splits text into search terms the way search.js splits a query:
// NFC, lower case, runs of letters and digits (a term of one character is
// dropped, as are terms over 32 characters).
func Tokens(text string) []string {
	text = strings.ToLower(content.NFC(text))
	var out []string
	start := -1
	flush := func(end int) {
		if start >= 0 {
			t := text[start:end]
			if n := len([]rune(t)); n >= 2 && n <= maxTermLen {
				out = append(out, t)
			}
		}
		start = -1
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
	return out
}

// TermsOf returns the terms of a module: meta is its title, summary,
// objectives and tags; bodyHTML its rendered body (tags are skipped,
// entities decoded).
func TermsOf(meta []string, bodyHTML string) Terms {
	set := map[string]bool{}
	var t Terms
	for _, s := range meta {
		for _, w := range Tokens(s) {
			if !set[w] {
				set[w] = true
				t.Meta = append(t.Meta, w)
			}
		}
	}
	for _, w := range Tokens(htmlText(bodyHTML)) {
		if !set[w] {
			set[w] = true
			t.Body = append(t.Body, w)
		}
	}
	sort.Strings(t.Meta)
	sort.Strings(t.Body)
	return t
}

// htmlText is the text of an HTML fragment: tags become spaces, entities
// are decoded. Script and style elements do not occur in rendered
// Markdown (raw HTML is off); quiz data is in the QuizzesHTML, not here.
func htmlText(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		b.WriteByte(' ')
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		s = s[i+j+1:]
	}
	return html.UnescapeString(b.String())
}

// Manifest is search/index.json.
type Manifest struct {
	Version int      `json:"v"`
	Docs    int      `json:"docs"`
	PerDoc  int      `json:"per"`     // documents per document shard
	Shards  []string `json:"shards"`  // term shard keys, sorted
	Courses []string `json:"courses"` // course titles, by the index in each document
}

// FullText builds the sharded index of docs, in the order given (course
// order keeps a query's results in few document shards). It returns the
// files by name relative to the index folder, and their names sorted.
func FullText(docs []Doc) (files map[string][]byte, names []string) {
	files = map[string][]byte{}
	// Postings: per term, the documents that have it, each as
	// id*2+1 when in its meta fields, id*2 when in the body only.
	post := map[string][]int{}
	for id, d := range docs {
		for _, w := range d.Terms.Meta {
			post[w] = append(post[w], id*2+1)
		}
		for _, w := range d.Terms.Body {
			post[w] = append(post[w], id*2)
		}
	}
	terms := make([]string, 0, len(post))
	enc := make(map[string]string, len(post))
	for w, ps := range post {
		terms = append(terms, w)
		enc[w] = encodePostings(ps)
	}
	sort.Strings(terms)
	keys := shardKeys(terms, enc)
	m := Manifest{Version: 1, Docs: len(docs), PerDoc: DocsPerShard}
	byKey := map[string][]string{}
	for _, w := range terms {
		k := shardOf(keys, w)
		byKey[k] = append(byKey[k], w)
	}
	for _, k := range keys {
		if len(byKey[k]) == 0 {
			continue
		}
		m.Shards = append(m.Shards, k)
		var b bytes.Buffer
		b.WriteByte('{')
		for i, w := range byKey[k] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(w))
			b.WriteString(`:"`)
			b.WriteString(enc[w])
			b.WriteByte('"')
		}
		b.WriteByte('}')
		files["t/"+shardFile(k)+".json"] = b.Bytes()
	}
	courses := map[string]int{}
	for n := 0; n*DocsPerShard < len(docs); n++ {
		var rows [][]any
		for _, d := range docs[n*DocsPerShard : min(len(docs), (n+1)*DocsPerShard)] {
			c, ok := courses[d.Course]
			if !ok {
				c = len(m.Courses)
				courses[d.Course] = c
				m.Courses = append(m.Courses, d.Course)
			}
			rows = append(rows, []any{d.Title, content.EscapePath(d.Path), c, d.Disclosure, shorten(d.Summary, 160)})
		}
		files[fmt.Sprintf("d/%d.json", n)] = marshal(rows)
	}
	files["index.json"] = marshal(m)
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	return files, names
}

// shardFile is a shard key as a file name: every byte outside [a-z0-9]
// written as _xx, so keys in any script are safe names.
func shardFile(k string) string {
	var b strings.Builder
	for i := 0; i < len(k); i++ {
		c := k[i]
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "_%02x", c)
		}
	}
	return b.String()
}

// encodePostings writes sorted postings as base-36 deltas joined by
// commas: "1,4,a" is 1, 5, 15.
func encodePostings(ps []int) string {
	sort.Ints(ps)
	var b strings.Builder
	prev := 0
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(int64(p-prev), 36))
		prev = p
	}
	return b.String()
}

// shardKeys chooses the shard keys: first letters, each split by one more
// letter while its terms weigh more than MaxShardBytes. A term shorter
// than its region's keys stays in the shard keyed by its whole self.
func shardKeys(terms []string, enc map[string]string) []string {
	var keys []string
	var split func(prefix []rune, ts []string)
	weight := func(ts []string) int {
		n := 0
		for _, w := range ts {
			n += len(w) + len(enc[w]) + 6
		}
		return n
	}
	split = func(prefix []rune, ts []string) {
		if len(prefix) > 0 && (weight(ts) <= MaxShardBytes || len(prefix) >= maxKey) {
			keys = append(keys, string(prefix))
			return
		}
		groups := map[rune][]string{}
		var order []rune
		for _, w := range ts {
			r := []rune(w)
			if len(r) <= len(prefix) { // the term is the prefix itself
				if len(prefix) > 0 {
					keys = append(keys, string(prefix))
				}
				continue
			}
			c := r[len(prefix)]
			if _, ok := groups[c]; !ok {
				order = append(order, c)
			}
			groups[c] = append(groups[c], w)
		}
		for _, c := range order {
			split(append(append([]rune{}, prefix...), c), groups[c])
		}
	}
	split(nil, terms)
	sort.Strings(keys)
	return compact(keys)
}

func compact(s []string) []string {
	var out []string
	for i, k := range s {
		if i == 0 || k != s[i-1] {
			out = append(out, k)
		}
	}
	return out
}

// shardOf is the longest key that is a prefix of w.
func shardOf(keys []string, w string) string {
	r := []rune(w)
	for n := min(len(r), maxKey); n > 0; n-- {
		k := string(r[:n])
		if i := sort.SearchStrings(keys, k); i < len(keys) && keys[i] == k {
			return k
		}
	}
	return ""
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}

func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// String writes the terms as one string, for a module's view (one
// allocation, kept until the index is written): meta terms, a newline,
// body terms, each space-separated.
func (t Terms) String() string {
	return strings.Join(t.Meta, " ") + "\n" + strings.Join(t.Body, " ")
}

// ParseTerms reads what Terms.String wrote.
func ParseTerms(s string) Terms {
	meta, body, _ := strings.Cut(s, "\n")
	return Terms{Meta: strings.Fields(meta), Body: strings.Fields(body)}
}
