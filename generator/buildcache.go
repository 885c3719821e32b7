package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/output"
	"github.com/rounds-dev/rounds/generator/render"
)

// The build state (Options.State) carries a one-shot build's module pages
// across processes: what each published module was built from, as one
// key, and what it produced (its files, stored by content in the state
// folder, the links and ids of its pages, and its list view). A module
// whose key is unchanged is not rendered again: its files are linked
// from the store, its view is decoded, its links go to the link check as
// if its pages had just been checked. See doc.go, "The build state".

// cachedState is the payload of the state file.
type cachedState struct {
	Site    string                   // the baseURL it was built for
	Names   []string                 // the links and ids of pages, numbered
	Modules map[string]*cachedModule // by moduleKey
}

// cachedModule is what one module's rendering produced.
type cachedModule struct {
	View  []byte // its list view as JSON, Section left out (set from this build)
	Pages int    // HTML pages among its files
	Files []cachedFile
}

// cachedFile is one file a module wrote.
type cachedFile struct {
	Name  string
	Blob  output.Blob // its bytes in the store, or:
	Card  string      // the hash of a social card, in the card cache
	Page  bool        // a page, with links and ids for the link check
	Links []uint32    // into cachedState.Names
	IDs   []uint32
}

// buildCache is the state as one build uses it: the last build's, read,
// and this build's, gathered as modules are rendered or reused.
type buildCache struct {
	dir       *output.StateDir
	global    [32]byte                 // what every module's pages depend on
	prev      map[string]*cachedModule // the last build's modules
	names     []uint32                 // prev's Names as numbers of the builder's nameTable
	prevNames []string                 // prev's Names
	remap     []int32                  // prev's Names as numbers of this build's (-1: not yet)
	next      map[string]*cachedModule // this build's
	record    bool                     // modules are being rendered: record what they write
	files     map[string]*cachedFile   // files written while recording, by name
	table     map[string]uint32        // this build's Names, being numbered
	list      []string
	note      string // why the last build's state was not used, "" when it was
	size      int    // the last state's size, to size this one's buffer
	reused    int    // modules of the last state this build reused
}

// openCache reads the last build's state; a state that cannot be used is
// left for this build to replace, with the reason in note.
func (b *builder) openCache() {
	st := b.opts.State
	if st == nil || !b.release || b.opts.DryRun || b.opts.Preview || b.opts.Package != "" || b.opts.Theme != nil {
		return
	}
	c := &buildCache{dir: st, next: map[string]*cachedModule{}, files: map[string]*cachedFile{}, table: map[string]uint32{}}
	b.state = c
	payload, why := st.Read()
	if payload == nil {
		c.note = why
		return
	}
	c.size = len(payload)
	var s cachedState
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&s); err != nil {
		c.note = "the build cache cannot be decoded (" + err.Error() + ")"
		return
	}
	if base := b.c.Config.Base.String(); s.Site != base {
		c.note = fmt.Sprintf("the build cache is of another site (%s, not %s)", s.Site, base)
		return
	}
	c.prev, c.prevNames = s.Modules, s.Names
	c.names = make([]uint32, len(s.Names))
	c.remap = make([]int32, len(s.Names))
	for i, n := range s.Names {
		c.names[i] = b.names.id(n)
		c.remap[i] = -1
	}
}

// cacheGlobal hashes what every module's pages depend on besides the
// module itself: the program (the state's salt), the options that change
// output, the frame (layouts, strings, static files, rounds.toml,
// people.toml, data files other than the bibliography), and the site's
// view as pages show it (title, provider, the courses with their totals).
// Call it once the site's courses are in b.site, before their module
// lists are.
func (b *builder) cacheGlobal() {
	c := b.state
	if c == nil {
		return
	}
	site, err := json.Marshal(b.site)
	if err != nil {
		b.state = nil // not a build that can be cached: render everything
		return
	}
	h := sha256.New()
	fmt.Fprintf(h, "rounds module key 1\x00%t\x00%t\x00%s\x00%t\x00", b.opts.Minify, b.opts.WholePages, b.opts.Package, b.tmpl.Minified())
	frame := ""
	if b.c.Frame != nil {
		frame = b.c.Frame.Digest
	}
	keyField(h, []byte(frame))
	keyField(h, []byte(b.c.Config.Base.String()))
	keyField(h, site)
	h.Sum(c.global[:0])
}

// keyField writes one length-prefixed field of a key.
func keyField(h interface{ Write([]byte) (int, error) }, data []byte) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(data)))
	h.Write(n[:])
	h.Write(data)
}

// moduleKey is what a module's files are built from: the global key, its
// digest (its effective front matter, body, bundle files, the shared
// references it cites and the people it names), its whole source (the
// sign-offs too), its place in its course, and the view its page shows
// without the body (the gate's dated verdict: state, last review, the
// reviewers who count). A change to any of them changes the key.
func (b *builder) moduleKey(v *content.Verdict, sec *render.Section) string {
	m := v.Module
	mv := b.c.moduleView(v, "", nil)
	view, err := json.Marshal(mv)
	if err != nil {
		return ""
	}
	h := sha256.New()
	h.Write(b.state.global[:])
	sum := m.SourceSum()
	keyField(h, sum[:])
	keyField(h, []byte(v.Digest))
	keyField(h, []byte(m.Path))
	keyField(h, []byte(fmt.Sprint(v.State)))
	keyField(h, []byte(navKey(navOf(b.places[v]))))
	if sec != nil {
		keyField(h, []byte(sec.Path))
	}
	keyField(h, view)
	return hex.EncodeToString(h.Sum(nil))
}

// reuseModule writes a module's files as the last build made them, when
// its key is unchanged and every file is still in the store; it reports
// false, having written nothing, otherwise.
func (b *builder) reuseModule(i int, key string, secs map[string]*render.Section) bool {
	c := b.state
	rec := c.prev[key]
	if rec == nil {
		return false
	}
	v := b.published[i]
	m := v.Module
	srcs := make([]string, len(rec.Files))
	for j, f := range rec.Files {
		if f.Card != "" {
			if !b.cardAvailable(f.Card) {
				return false
			}
			continue
		}
		p, ok := c.dir.File(f.Blob)
		if !ok {
			return false
		}
		srcs[j] = p
	}
	mv := &render.Module{}
	if err := json.Unmarshal(rec.View, mv); err != nil {
		return false
	}
	mv.Section = secs[m.Section.Dir]
	b.views[i] = mv
	names := make([]string, len(rec.Files))
	kept := &cachedModule{View: rec.View, Pages: rec.Pages, Files: make([]cachedFile, len(rec.Files))}
	b.mu.Lock()
	for j, f := range rec.Files {
		kept.Files[j] = f
		if f.Page {
			kept.Files[j].Links, kept.Files[j].IDs = c.renumber(f.Links), c.renumber(f.IDs)
		}
	}
	b.mu.Unlock()
	for j, f := range rec.Files {
		names[j] = f.Name
		if f.Card != "" {
			b.reuseCard(f.Name, f.Card)
			continue
		}
		c.dir.Use(f.Blob)
		var pl *pageLinks
		if f.Page {
			pl = &pageLinks{links: c.numbers(f.Links), ids: c.numbers(f.IDs)}
		}
		if !b.claim(f.Name, pl) {
			continue
		}
		b.linkFile(f.Name, srcs[j])
	}
	b.pages.Add(int64(rec.Pages))
	if b.release {
		b.c.forgetImages(m)
		m.Retire()
	}
	b.mu.Lock()
	out := &moduleOut{view: mv, files: names}
	b.outs[v] = out
	b.drawn = append(b.drawn, out)
	c.next[key] = kept
	c.reused++
	b.mu.Unlock()
	return true
}

// numbers turns the state's numbers of names into the nameTable's.
func (c *buildCache) numbers(in []uint32) []uint32 {
	out := make([]uint32, 0, len(in))
	for _, n := range in {
		if int(n) < len(c.names) {
			out = append(out, c.names[n])
		}
	}
	return out
}

// linkFile puts a stored file into the output: a hard link where the
// output can take one, else a copy of its bytes.
func (b *builder) linkFile(name, src string) {
	if l, ok := b.opts.Out.(output.Linker); ok {
		if err := l.Link(name, src); err != nil {
			b.fail(err)
		}
		return
	}
	data, err := os.ReadFile(src)
	if err != nil {
		b.fail(err)
		return
	}
	if err := b.opts.Out.WriteFile(name, data); err != nil {
		b.fail(err)
	}
}

// cardAvailable reports whether a card is in the card cache.
func (b *builder) cardAvailable(hash string) bool {
	if b.cards == nil {
		return false
	}
	if fc, ok := b.cards.cache.(FileCache); ok {
		_, ok := fc.File(hash)
		return ok
	}
	_, ok := b.cards.cache.Get(hash)
	return ok
}

// reuseCard writes a card from the card cache, as a build that finds it
// there does.
func (b *builder) reuseCard(name, hash string) {
	b.cards.hashes.Store(name, hash)
	if b.linkCached(name, hash) {
		return
	}
	data, ok := b.cards.cache.Get(hash)
	if !ok {
		b.fail(fmt.Errorf("card %s went from the cache during the build", name))
		return
	}
	if b.claim(name, nil) {
		if err := b.opts.Out.WriteFile(name, data); err != nil {
			b.fail(err)
		}
	}
}

// storeFile keeps a file a module writes in the store and writes it to
// the output (linked from the store where it can be). It reports false
// when the file is not recorded (no module is being rendered), and the
// caller writes it.
func (b *builder) storeFile(name string, data []byte, ids, links []string) bool {
	c := b.state
	if c == nil || !c.record || isCard(name) {
		return false
	}
	blob, src, err := c.dir.Store(data)
	if err != nil {
		return false // not kept: written as without a state
	}
	f := &cachedFile{Name: name, Blob: blob, Page: strings.HasSuffix(name, ".html")}
	b.mu.Lock()
	if f.Page {
		f.Links, f.IDs = c.number(links), c.number(ids)
	}
	c.files[name] = f
	b.mu.Unlock()
	b.linkFile(name, src)
	return true
}

// recordCard notes that a module wrote a card; the caller holds no lock.
func (b *builder) recordCard(name, hash string) {
	c := b.state
	if c == nil || !c.record {
		return
	}
	b.mu.Lock()
	c.files[name] = &cachedFile{Name: name, Card: hash}
	b.mu.Unlock()
}

// renumber turns the last state's numbers of names into this build's;
// the caller holds b.mu.
func (c *buildCache) renumber(in []uint32) []uint32 {
	out := make([]uint32, 0, len(in))
	for _, n := range in {
		if int(n) >= len(c.remap) {
			continue
		}
		if c.remap[n] < 0 {
			c.remap[n] = int32(c.number([]string{c.prevNames[n]})[0])
		}
		out = append(out, uint32(c.remap[n]))
	}
	return out
}

// number numbers names for the state; the caller holds b.mu.
func (c *buildCache) number(names []string) []uint32 {
	out := make([]uint32, len(names))
	for i, n := range names {
		k, ok := c.table[n]
		if !ok {
			k = uint32(len(c.list))
			c.table[n] = k
			c.list = append(c.list, n)
		}
		out[i] = k
	}
	return out
}

// keepModule records what a rendered module produced, for the next build.
func (b *builder) keepModule(key string, mv *render.Module, files []string, pages int) {
	c := b.state
	if c == nil || key == "" {
		return
	}
	view := *mv
	view.Section = nil
	data, err := json.Marshal(&view)
	if err != nil {
		return
	}
	rec := &cachedModule{View: data, Pages: pages}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, name := range files {
		f := c.files[name]
		if f == nil {
			return // written some other way: not kept
		}
		rec.Files = append(rec.Files, *f)
	}
	c.next[key] = rec
}

// saveCache writes this build's state for the next build.
func (b *builder) saveCache() error {
	c := b.state
	if c == nil {
		return nil
	}
	if c.prev != nil && c.reused == len(c.prev) && len(c.next) == c.reused {
		// Every module of the last state reused and no other kept: that
		// state describes this build's files, and stands (at 10,000
		// modules, 150 MB not encoded again).
		return nil
	}
	s := cachedState{Site: b.c.Config.Base.String(), Names: c.list, Modules: c.next}
	var buf bytes.Buffer
	buf.Grow(c.size + c.size/8) // grown once, not by doubling: 150 MB at 10,000 modules
	if err := gob.NewEncoder(&buf).Encode(&s); err != nil {
		return err
	}
	return c.dir.Write(buf.Bytes())
}
