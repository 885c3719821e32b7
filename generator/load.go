package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/rounds-dev/rounds/content/i18n"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator/config"
	"github.com/rounds-dev/rounds/generator/markdown"
)

// Site is a loaded site. It is never modified after Load.
type Site struct {
	FS       fs.FS
	Config   *config.Config
	Sections []*content.Section // sorted by Dir; the root section first
	Modules  []*content.Module  // sorted by Path
	Static   []string           // files under static/, sorted
	Frame    *content.Frame     // the frame's files, digest and sign-offs
	Trust    *content.Trust     // the keys pinned from outside the repository, nil for people.toml's

	byPath     map[string]*content.Module           // modules by file path
	fileDiag   map[string]diag.List                 // what reading each content file reported, kept for reuse
	early      map[*content.Module]*content.Verdict // verdicts given while loading (LoadOptions.CheckOn)
	tree       *tree                                // the files scanned, reused while only known files are edited
	treeDiag   diag.List                            // what the scan reported
	configDiag diag.List                            // what reading rounds.toml, people.toml and data/ reported
	frameDiag  diag.List                            // what reading the frame reported
	locale     *i18n.Locale                         // the interface in the site's language
	locales    map[string]*i18n.Locale              // the interface in each other language of the site
	earlyOn    content.Date
	md         *markdown.Renderer // reads bodies for the gate's rules on Markdown (bodyRules)
}

// Section returns the section of a folder, or nil.
func (s *Site) Section(dir string) *content.Section {
	i := sort.Search(len(s.Sections), func(i int) bool { return s.Sections[i].Dir >= dir })
	if i < len(s.Sections) && s.Sections[i].Dir == dir {
		return s.Sections[i]
	}
	return nil
}

// LoadOptions adjusts Load.
type LoadOptions struct {
	BaseURL string
	Workers int
	// Prev is an earlier load of the same site and Changed the site paths
	// written since (from a watcher): sections and modules whose files did
	// not change are reused as they are, parsed once. A change to
	// rounds.toml, people.toml or data/ reloads everything.
	Prev    *Site
	Changed map[string]bool
	// CheckOn, when set, runs the gate on each module as soon as it is
	// parsed, dated that day, in the same worker, and lets its source go
	// (content.Module.Release): a build of many modules then never holds
	// every source at once. Check reuses those verdicts.
	CheckOn *content.Date
	// Trust pins reviewers' keys from outside the repository (--trust);
	// nil trusts people.toml, with a warning.
	Trust *content.Trust
}

// Load reads a whole site. It returns the site whenever rounds.toml could
// be read, with every problem found in l.
func Load(ctx context.Context, fsys fs.FS, opts LoadOptions) (*Site, diag.List) {
	prev := opts.Prev
	if prev != nil && worldChanged(opts.Changed) {
		prev = nil
	}
	var cfg *config.Config
	var l diag.List
	if prev != nil {
		// Problems of the config (warnings: an error refuses it) stand
		// until it is read again.
		cfg, l = prev.Config, append(l, prev.configDiag...)
	} else {
		cfg, l = config.Load(fsys, config.Options{BaseURL: opts.BaseURL})
		if cfg == nil {
			return nil, l
		}
	}
	site := &Site{FS: fsys, Config: cfg, byPath: map[string]*content.Module{}, fileDiag: map[string]diag.List{}, configDiag: l[:len(l):len(l)]}
	if prev != nil && prev.Frame != nil && !frameChanged(opts.Changed) {
		site.Frame, site.frameDiag, site.locale, site.locales = prev.Frame, prev.frameDiag, prev.locale, prev.locales
	} else {
		site.Frame, site.frameDiag = loadFrame(fsys)
		var ds diag.List
		site.locale, ds = loadLocale(fsys, cfg.Site.Language, cfg.Site.Digits)
		site.frameDiag = append(site.frameDiag, ds...)
		site.locales = map[string]*i18n.Locale{}
		for _, lang := range cfg.Site.Translations() {
			site.locales[lang], ds = loadLocale(fsys, lang, cfg.Site.Digits)
			site.frameDiag = append(site.frameDiag, ds...)
		}
	}
	l = append(l, site.frameDiag...)
	if prev != nil {
		site.md = prev.md
	} else {
		site.md = markdown.New()
	}
	site.Trust = opts.Trust
	l = append(l, trustWarning(cfg, opts.Trust)...)
	var tree *tree
	var tl diag.List
	if prev != nil && prev.tree != nil && sameFiles(fsys, prev.tree, opts.Changed) {
		tree, tl = prev.tree, prev.treeDiag // only known files were edited
	} else {
		tree, tl = scan(fsys, cfg.Site.Translations())
	}
	site.tree, site.treeDiag = tree, tl
	// The same files as last time: start from the last maps and change
	// only the entries of what was read again.
	cloned := prev != nil && tree == prev.tree
	if cloned {
		site.byPath, site.fileDiag = maps.Clone(prev.byPath), maps.Clone(prev.fileDiag)
	}
	l = append(l, tl...)
	reusable := func(p string) bool { return prev != nil && !opts.Changed[p] }

	// Sections first, parents before children, so cascades can chain.
	for _, dir := range tree.dirs {
		var parent *content.Section
		if dir != "" {
			parent = site.Section(parentDir(dir))
		}
		idx := path.Join("content", dir, "_index.md")
		if old := prev.section(dir); old != nil && old.Parent == parent && reusable(idx) && (old.Path != "") == tree.files[idx] && !langIndexChanged(dir, opts.Changed) {
			site.Sections = append(site.Sections, old)
			l = append(l, prev.fileDiag[idx]...)
			site.fileDiag[idx] = prev.fileDiag[idx]
			continue
		}
		var src []byte
		if tree.files[idx] {
			b, err := readFile(fsys, idx)
			if err != nil {
				l.Add(diag.Diagnostic{Path: idx, Rule: "read", Message: err.Error()})
			} else {
				src = b
			}
		}
		if src == nil {
			idx = ""
		}
		sec, sl := content.ParseSection(dir, idx, src, parent)
		if dir != "" {
			content.CheckSectionDir(dir, append([]string{cfg.Site.Language}, cfg.Site.Languages...), &sl)
		}
		sl = append(sl, loadSectionLangs(fsys, tree, sec, cfg.Site.Translations())...)
		l = append(l, sl...)
		site.fileDiag[path.Join("content", dir, "_index.md")] = sl
		site.Sections = append(site.Sections, sec)
	}

	mods := make([]*content.Module, len(tree.modules))
	diags := make([]diag.List, len(tree.modules))
	var gate *content.Gate
	var verdicts []*content.Verdict
	if opts.CheckOn != nil {
		gate, verdicts = site.Gate(*opts.CheckOn), make([]*content.Verdict, len(tree.modules))
	}
	err := parallel(ctx, len(tree.modules), opts.Workers, func(i int) {
		p := tree.modules[i]
		if prev != nil && reusable(p) && !tree.resourcesChanged(p, opts.Changed) {
			if _, seen := prev.fileDiag[p]; seen {
				old := prev.byPath[p]
				if old == nil || site.Section(old.Section.Dir) == old.Section {
					mods[i], diags[i] = old, prev.fileDiag[p]
					return
				}
			}
		}
		mods[i], diags[i] = loadModule(fsys, site, tree, p)
		// A translation is checked with its source (Check): not early.
		if gate != nil && mods[i] != nil && mods[i].Lang == "" {
			verdicts[i] = gate.Check(mods[i])
			mods[i].Release()
		}
	})
	if err != nil {
		l.Add(diag.Diagnostic{Rule: "cancelled", Message: err.Error()})
	}
	for i, m := range mods {
		p := tree.modules[i]
		l = append(l, diags[i]...)
		if !cloned || m == nil || prev.byPath[p] != m {
			site.fileDiag[p] = diags[i]
			if m != nil {
				site.byPath[p] = m
			} else {
				delete(site.byPath, p)
			}
		}
		if m != nil {
			site.Modules = append(site.Modules, m)
			if gate != nil {
				if site.early == nil {
					site.early, site.earlyOn = map[*content.Module]*content.Verdict{}, *opts.CheckOn
				}
				site.early[m] = verdicts[i]
			}
		}
	}
	site.Static = tree.static
	return site, l
}

// worldChanged reports whether a change touches what every page depends
// on: the site's settings, its people or its shared data.
func worldChanged(changed map[string]bool) bool {
	for p := range changed {
		if p == "rounds.toml" || p == "people.toml" || strings.HasPrefix(p, "data/") {
			return true
		}
	}
	return false
}

// section returns the section of a folder in an earlier load, or nil.
func (s *Site) section(dir string) *content.Section {
	if s == nil {
		return nil
	}
	return s.Section(dir)
}

// resourcesChanged reports whether a bundle's files changed.
func (t *tree) resourcesChanged(module string, changed map[string]bool) bool {
	if path.Base(module) != "index.md" {
		return false
	}
	dir := path.Dir(module)
	for p := range changed {
		if strings.HasPrefix(p, dir+"/") {
			return true
		}
	}
	return false
}

func loadModule(fsys fs.FS, site *Site, tree *tree, p string) (*content.Module, diag.List) {
	src, err := readFile(fsys, p)
	if err != nil {
		return nil, diag.List{{Path: p, Rule: "read", Message: err.Error()}}
	}
	dir := path.Dir(p)
	var res []content.Resource
	var l diag.List
	_, lang := content.TranslationOf(p, site.Config.Site.Languages, site.Config.Site.Language)
	if path.Base(p) == "index.md" || (lang != "" && path.Base(p) == "index."+lang+".md") {
		for _, r := range tree.resources[dir] {
			data, err := readFile(fsys, r)
			if err != nil {
				l.Add(diag.Diagnostic{Path: r, Rule: "read", Message: err.Error()})
				continue
			}
			res = append(res, content.Resource{Name: strings.TrimPrefix(r, dir+"/"), Data: data})
		}
		dir = path.Dir(dir)
	}
	secDir := strings.TrimPrefix(strings.TrimPrefix(dir, "content"), "/")
	m, ml := content.ParseModuleIn(p, lang, src, site.Section(secDir), res)
	return m, append(l, ml...)
}

// restore reads again the source of a module that Release let go (the
// build then renders exactly the bytes that were checked, or fails).
func (c *Checked) restore(m *content.Module) error {
	if !m.Released() {
		return nil
	}
	src, err := readFile(c.Site.FS, m.Path)
	if err != nil {
		return fmt.Errorf("%s: %v", m.Path, err)
	}
	return m.Restore(src)
}

// readFile reads a file of the site, refusing files over the size limit
// before reading them.
func readFile(fsys fs.FS, name string) ([]byte, error) {
	// One open, its size from the open file: through an os.Root, a
	// separate Stat walks the path's folders again (two system calls per
	// folder, twice per module on a build).
	f, err := fsys.Open(name)
	if err != nil {
		return nil, explainRead(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, explainRead(err)
	}
	if info.Size() > content.MaxFileSize {
		return nil, fmt.Errorf("file of %d bytes is over the limit of %d bytes", info.Size(), content.MaxFileSize)
	}
	// Read to one byte over the limit, into a buffer of the file's size:
	// a file that grew since the Stat is still held to the limit.
	var buf bytes.Buffer
	buf.Grow(int(info.Size()) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(f, content.MaxFileSize+1)); err != nil {
		return nil, explainRead(err)
	}
	if buf.Len() > content.MaxFileSize {
		return nil, fmt.Errorf("file of more than %d bytes is over the limit", content.MaxFileSize)
	}
	return buf.Bytes(), nil
}

func explainRead(err error) error {
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "escapes") {
		return fmt.Errorf("a symbolic link here leads outside the site; rounds reads only the site's own files")
	}
	return err
}

func parentDir(dir string) string {
	if i := strings.LastIndexByte(dir, '/'); i >= 0 {
		return dir[:i]
	}
	return ""
}

// tree is the file list of a site, before anything is parsed.
type tree struct {
	files     map[string]bool
	dirs      []string            // section folders relative to content/, sorted, "" first
	modules   []string            // module files, sorted
	resources map[string][]string // bundle folder -> its files, sorted
	static    []string
}

// sameFiles reports whether the changed paths leave the site's list of
// files as it was: each is outside content/ and static/, ignored by scan
// (hidden, or an editor's backup), or a known file that is still a plain
// file. The dev server then skips walking a tree of thousands of files on
// every save. Anything else (a new, removed or linked file, a folder) is
// scanned again.
func sameFiles(fsys fs.FS, t *tree, changed map[string]bool) bool {
	lfs, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return false
	}
	for p := range changed {
		if !strings.HasPrefix(p, "content/") && !strings.HasPrefix(p, "static/") {
			continue
		}
		if scanIgnores(p) {
			continue
		}
		known := t.files[p] || (strings.HasPrefix(p, "static/") && slices.Contains(t.static, p))
		if !known {
			return false
		}
		info, err := lfs.Lstat(p)
		if err != nil || !info.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// scanIgnores reports whether scan leaves a path out: a hidden file or
// folder, or an editor's backup, anywhere in it.
func scanIgnores(p string) bool {
	for _, part := range strings.Split(p, "/") {
		if strings.HasPrefix(part, ".") || strings.HasSuffix(part, "~") {
			return true
		}
	}
	return false
}

// scan lists the site's files. A folder with an index.md is a bundle: every
// file under it belongs to that module.
func scan(fsys fs.FS, translations []string) (*tree, diag.List) {
	t := &tree{files: map[string]bool{}, resources: map[string][]string{}}
	var l diag.List
	var all []string
	dirs := map[string]bool{"": true}
	walk := func(root string, visit func(p string)) {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p != root || !errors.Is(err, fs.ErrNotExist) {
					l.Add(diag.Diagnostic{Path: p, Rule: "read", Message: explainRead(err).Error()})
				}
				return nil
			}
			name := d.Name()
			if p != root && (strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil // hidden files and editor backups are not content
			}
			if d.Type()&fs.ModeSymlink != 0 {
				info, serr := fs.Stat(fsys, p)
				if serr != nil {
					l.Add(diag.Diagnostic{Path: p, Rule: "read", Message: explainRead(serr).Error(),
						Help: "replace the link with the file itself, or remove it"})
					return nil
				}
				if info.IsDir() {
					l.Add(diag.Diagnostic{Path: p, Severity: diag.Warning, Rule: "symlink", Message: "linked folders are not followed"})
					return nil
				}
			}
			if d.IsDir() {
				return nil
			}
			visit(p)
			return nil
		})
		if err != nil {
			l.Add(diag.Diagnostic{Path: root, Rule: "read", Message: err.Error()})
		}
	}
	walk("content", func(p string) {
		t.files[p] = true
		all = append(all, p)
	})
	walk("static", func(p string) { t.static = append(t.static, p) })
	sort.Strings(all)
	sort.Strings(t.static)

	bundles := map[string]bool{}
	for _, p := range all {
		if path.Base(p) == "index.md" {
			bundles[path.Dir(p)] = true
		}
	}
	for _, p := range all {
		if owner := bundleOf(p, bundles); owner != "" {
			if p == owner+"/index.md" || translatedIndex(p, owner, "index", translations) {
				t.modules = append(t.modules, p)
			} else {
				t.resources[owner] = append(t.resources[owner], p)
			}
			continue
		}
		dir := strings.TrimPrefix(strings.TrimPrefix(path.Dir(p), "content"), "/")
		for d := dir; ; d = parentDir(d) {
			dirs[d] = true
			if d == "" {
				break
			}
		}
		if strings.HasSuffix(p, ".md") && path.Base(p) != "_index.md" && !translatedIndex(p, path.Dir(p), "_index", translations) {
			t.modules = append(t.modules, p)
		}
	}
	for _, owner := range sortedKeys(bundles) {
		sec := strings.TrimPrefix(strings.TrimPrefix(path.Dir(owner), "content"), "/")
		for d := sec; ; d = parentDir(d) {
			dirs[d] = true
			if d == "" {
				break
			}
		}
	}
	t.dirs = sortedKeys(dirs)
	return t, l
}

// translatedIndex reports whether p is dir's NAME.<lang>.md for one of
// the site's translations: a bundle's index.es.md is a module (the
// bundle's translation), a course's _index.es.md its title in Spanish.
func translatedIndex(p, dir, name string, translations []string) bool {
	for _, lang := range translations {
		if p == dir+"/"+name+"."+lang+".md" {
			return true
		}
	}
	return false
}

// langIndexChanged reports whether a translation of a course's _index.md
// (_index.es.md) changed.
func langIndexChanged(dir string, changed map[string]bool) bool {
	prefix := path.Join("content", dir, "_index.")
	for p := range changed {
		if strings.HasPrefix(p, prefix) && strings.HasSuffix(p, ".md") && p != prefix+"md" {
			return true
		}
	}
	return false
}

// loadSectionLangs reads a course's translations (_index.es.md).
func loadSectionLangs(fsys fs.FS, t *tree, sec *content.Section, translations []string) diag.List {
	var l diag.List
	for _, lang := range translations {
		p := path.Join("content", sec.Dir, "_index."+lang+".md")
		if !t.files[p] {
			continue
		}
		src, err := readFile(fsys, p)
		if err != nil {
			l.Add(diag.Diagnostic{Path: p, Rule: "read", Message: err.Error()})
			continue
		}
		ts, tl := content.ParseSection(sec.Dir, p, src, sec.Parent)
		l = append(l, tl...)
		if sec.Langs == nil {
			sec.Langs = map[string]*content.Section{}
		}
		sec.Langs[lang] = ts
	}
	return l
}

// bundleOf returns the outermost bundle folder containing p, or "".
func bundleOf(p string, bundles map[string]bool) string {
	parts := strings.Split(p, "/")
	for i := 2; i < len(parts); i++ {
		dir := strings.Join(parts[:i], "/")
		if bundles[dir] {
			return dir
		}
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
