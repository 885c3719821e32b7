package generator

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/rounds-dev/rounds/generator/output"
)

// pageLinks are a page's links inside the site, and its ids, as numbers
// in the Session's nameTable: the link check keeps them for every page
// until the end, and the same few hundred recur on thousands of pages.
type pageLinks struct {
	links []uint32
	ids   []uint32
}

// nameTable numbers the links and ids of pages. It only grows: the dev
// server's pages keep their numbers from build to build.
type nameTable struct {
	mu    sync.Mutex
	index map[string]uint32
	names []string
}

// id returns the number of s, giving it one if it has none.
func (t *nameTable) id(s string) uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if i, ok := t.index[s]; ok {
		return i
	}
	if t.index == nil {
		t.index = map[string]uint32{}
	}
	i := uint32(len(t.names))
	t.index[s] = i
	t.names = append(t.names, s)
	return i
}

// lookup returns the number of s, if it has one.
func (t *nameTable) lookup(s string) (uint32, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	i, ok := t.index[s]
	return i, ok
}

// name returns the string numbered i.
func (t *nameTable) name(i uint32) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.names[i]
}

// takePrevious takes out of this build the last build's files that it
// does not carry over: those of the modules it renders again or no
// longer publishes, and those of no one module (list pages, feeds,
// assets), which it writes or keeps again. Call it after the reused
// modules are in b.outs and before any file is written.
func (b *builder) takePrevious() {
	for v, out := range b.prevOuts {
		if b.outs[v] != out {
			for _, f := range out.files {
				b.files.take(f)
			}
		}
	}
	for _, f := range b.prevGlobals {
		b.files.take(f)
	}
}

// globals lists the files this build wrote that are of no one module:
// the next build takes them all out and writes or keeps each again.
func (b *builder) globals() []string {
	own := map[string]bool{}
	for _, out := range b.drawn {
		for _, f := range out.files {
			own[f] = true
		}
	}
	var out []string
	for name := range b.files.add {
		if !own[name] {
			out = append(out, name)
		}
	}
	return out
}

// pageBuffers hold rendered pages until they are minified: a page is tens
// of kilobytes, and growing a fresh buffer for each of thousands of pages
// was a tenth of what a build allocated.
var pageBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 64<<10)) }}

// minifyBuffers hold pages minified until they are written: minifying
// into a new slice per page was a tenth of what a build allocated.
var minifyBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 64<<10)) }}

// write minifies, checks and writes one file. data is not kept: it may
// be a buffer the caller reuses.
func (b *builder) write(name string, data []byte) {
	if b.min != nil {
		buf := minifyBuffers.Get().(*bytes.Buffer)
		defer minifyBuffers.Put(buf)
		m, err := b.min.MinifyTo(buf, name, data)
		if err != nil {
			b.fail(fmt.Errorf("minifying %s: %v", name, err))
			return
		}
		data = m
	}
	b.put(name, data)
}

// put checks and writes one file as it is.
func (b *builder) put(name string, data []byte) {
	var pl *pageLinks
	if strings.HasSuffix(name, ".html") {
		// SPEC "Safety": after rendering, every href/src is decoded and
		// checked against the scheme allowlist; the build fails otherwise.
		errs, links, ids := output.CheckPage(name, data)
		if len(errs) > 0 {
			// Nothing unsafe is written, not even to the dev server.
			b.refusePage(name, errs)
			return
		}
		pl = &pageLinks{ids: make([]uint32, len(ids))}
		for i, id := range ids {
			pl.ids[i] = b.names.id(id)
		}
		internal := make([]uint32, 0, len(links))
		var urls []string // for the build state
		for _, l := range links {
			if output.Internal(l.URL, b.c.Config.Base.Path) {
				internal = append(internal, b.names.id(l.URL))
				if b.state != nil {
					urls = append(urls, l.URL)
				}
			}
		}
		pl.links = slices.Clone(internal) // no room to spare: it is kept to the end
		if !b.claim(name, pl) {
			return
		}
		if b.storeFile(name, data, ids, urls) {
			return
		}
	} else {
		if !b.claim(name, pl) {
			return
		}
		if b.storeFile(name, data, nil, nil) {
			return
		}
	}
	if err := b.opts.Out.WriteFile(name, data); err != nil {
		b.fail(err)
	}
}

// claim records that this build writes name (with its links, for a page),
// and fails the build if it was written already.
func (b *builder) claim(name string, pl *pageLinks) bool {
	b.mu.Lock()
	dup := !b.files.put(name, pl)
	if pl != nil {
		b.fresh[name] = true
	}
	b.mu.Unlock()
	if dup {
		b.collision(name)
		return false
	}
	return true
}

// discard is the output of a dry run: every file is checked, none kept.
type discard struct{}

func (discard) WriteFile(name string, data []byte) error { return output.CleanName(name) }
