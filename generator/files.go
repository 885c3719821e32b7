package generator

import "strings"

// fileSet is the set of files a build writes, with each page's links and
// ids for the site-wide link check (nil for a file that is not a page).
//
// An incremental build starts from the last build's set and records only
// what it takes away and adds: the dev server's edit then costs what it
// touches, not one map insert per file of a site of thousands. The last
// build's set is read, never written, until this build succeeds and calls
// commit; a failed build leaves it whole for the next one.
type fileSet struct {
	base  map[string]*pageLinks // the last build's files; read only until commit
	add   map[string]*pageLinks // written (or kept) by this build
	taken map[string]bool       // files of base this build does not carry over unless it adds them again
	n     int                   // files in base
	cards int                   // of which social cards
}

func newFileSet(prev *fileSet) *fileSet {
	f := &fileSet{add: map[string]*pageLinks{}, taken: map[string]bool{}}
	if prev != nil {
		f.base, f.n, f.cards = prev.base, prev.n, prev.cards
	}
	if f.base == nil {
		f.base = map[string]*pageLinks{}
	}
	return f
}

// has reports whether the build writes name.
func (f *fileSet) has(name string) bool {
	if _, ok := f.add[name]; ok {
		return true
	}
	if f.taken[name] {
		return false
	}
	_, ok := f.base[name]
	return ok
}

// links returns the links and ids of a page the build writes.
func (f *fileSet) links(name string) *pageLinks {
	if pl, ok := f.add[name]; ok {
		return pl
	}
	if f.taken[name] {
		return nil
	}
	return f.base[name]
}

// put records name as written, with its links when it is a page; it
// reports false when the build wrote it already.
func (f *fileSet) put(name string, pl *pageLinks) bool {
	dup := f.has(name)
	f.add[name] = pl
	return !dup
}

// take removes a file of the last build from this one; put adds it back.
func (f *fileSet) take(name string) { f.taken[name] = true }

// removed lists the last build's files this build does not write.
func (f *fileSet) removed() []string {
	var out []string
	for name := range f.taken {
		if _, ok := f.add[name]; !ok {
			if _, ok := f.base[name]; ok {
				out = append(out, name)
			}
		}
	}
	return out
}

// each calls fn for every page the build writes.
func (f *fileSet) each(fn func(name string, pl *pageLinks)) {
	for name, pl := range f.base {
		if _, ok := f.add[name]; !ok && !f.taken[name] && pl != nil {
			fn(name, pl)
		}
	}
	for name, pl := range f.add {
		if pl != nil {
			fn(name, pl)
		}
	}
}

// commit folds this build's changes into the set, which becomes the base
// of the next build. Only a build that succeeded commits: the base is
// changed in place.
func (f *fileSet) commit() *fileSet {
	if len(f.base) == 0 {
		// A first build: its files are the set.
		f.base, f.n, f.cards = f.add, len(f.add), 0
		for name := range f.add {
			if isCard(name) {
				f.cards++
			}
		}
		return &fileSet{base: f.base, n: f.n, cards: f.cards}
	}
	for name := range f.taken {
		if _, ok := f.add[name]; ok {
			continue
		}
		if _, ok := f.base[name]; ok {
			delete(f.base, name)
			f.n--
			if isCard(name) {
				f.cards--
			}
		}
	}
	for name, pl := range f.add {
		if _, ok := f.base[name]; !ok {
			f.n++
			if isCard(name) {
				f.cards++
			}
		}
		f.base[name] = pl
	}
	return &fileSet{base: f.base, n: f.n, cards: f.cards}
}

func isCard(name string) bool { return strings.HasPrefix(name, "cards/") }
