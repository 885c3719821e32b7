package generator

import (
	"context"
	"path"
	"strings"
	"sync"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator/output"
)

// Checked is a site with the gate's verdict on every module.
type Checked struct {
	*Site
	Today      content.Date
	Verdicts   []*content.Verdict // parallel to Site.Modules
	Diags      diag.List
	images     sync.Map // bundle file path -> its bytes with metadata removed
	imageDiags sync.Map // module -> what cleaning its images reported
	urlDiags   diag.List
	secDiags   diag.List           // what the gate said of the courses' own texts
	FrameRoles []content.RoleCheck // the frame's standing in each frame role
	langsOnce  sync.Once
	langs      map[string]map[string]*content.Module // source path -> language -> its published translation
}

// Gate returns the gate of the site for a day.
func (s *Site) Gate(today content.Date) *content.Gate {
	return &content.Gate{Config: &s.Config.Site, People: s.Config.People, Shared: s.Config.Shared, Today: today,
		Body: bodyRules(s.md), Trust: s.Trust}
}

// Check runs the publication gate on every module, and the site-wide rules.
func Check(ctx context.Context, site *Site, today content.Date, workers int) *Checked {
	return recheck(ctx, site, today, workers, nil)
}

// recheck is Check reusing the verdicts of an earlier check for modules
// that were reused as they were, when nothing else they depend on (the
// settings, people, shared references, the date) changed.
func recheck(ctx context.Context, site *Site, today content.Date, workers int, prev *Checked) *Checked {
	c := &Checked{Site: site, Today: today, Verdicts: make([]*content.Verdict, len(site.Modules))}
	// old[i] is the earlier verdict of site.Modules[i] when that module was
	// reused as it was. Both lists are sorted by path: one merge, no map.
	// sameURLs: the same modules as last time, each at the URL it had and
	// as much a draft as it was, so the URL check's answer stands.
	var old []*content.Verdict
	sameURLs := false
	if prev != nil && prev.Today == today && prev.Config == site.Config {
		old = make([]*content.Verdict, len(site.Modules))
		sameURLs = len(prev.Modules) == len(site.Modules)
		j := 0
		for i, m := range site.Modules {
			for j < len(prev.Modules) && prev.Modules[j].Path < m.Path {
				j++
			}
			if j >= len(prev.Modules) || prev.Modules[j].Path != m.Path {
				sameURLs = false
				continue
			}
			if pm := prev.Modules[j]; pm == m {
				old[i] = prev.Verdicts[j]
			} else if pm.URLPath() != m.URLPath() || pm.Meta.Draft != m.Meta.Draft || prev.urlDiags.Mentions(m.Path) {
				sameURLs = false // (a clash reported in m is reported again, at its new line)
			}
		}
	}
	oldOf := func(i int) *content.Verdict {
		if old == nil {
			return nil
		}
		return old[i]
	}
	gate := site.Gate(today)
	if site.earlyOn != today {
		site.early = nil
	}
	_ = parallel(ctx, len(site.Modules), workers, func(i int) {
		// A translation's verdict depends on its source's digest: it is
		// checked every time (a site has few), after its source.
		if site.Modules[i].Lang != "" {
			return
		}
		if v := oldOf(i); v != nil {
			c.Verdicts[i] = v
			return
		}
		if v := site.early[site.Modules[i]]; v != nil {
			c.Verdicts[i] = v
			return
		}
		c.Verdicts[i] = gate.Check(site.Modules[i])
	})
	site.early = nil
	c.checkTranslations(ctx, gate, workers)
	imageDiags := make([]diag.List, len(site.Modules))
	_ = parallel(ctx, len(site.Modules), workers, func(i int) {
		m := site.Modules[i]
		if len(m.Resources) == 0 {
			return
		}
		if oldOf(i) != nil {
			// The module was reused as it was: so were its cleaned images.
			if d, ok := prev.imageDiags.Load(m); ok {
				imageDiags[i] = d.(diag.List)
			}
			for _, r := range m.Resources {
				if b, ok := prev.images.Load(path.Dir(m.Path) + "/" + r.Name); ok {
					c.images.Store(path.Dir(m.Path)+"/"+r.Name, b)
				}
			}
			c.imageDiags.Store(m, imageDiags[i])
			return
		}
		imageDiags[i] = c.cleanImages(m)
		c.imageDiags.Store(m, imageDiags[i])
	})
	c.secDiags = append(c.checkSections(gate), c.checkPaths()...)
	frameDiags := c.checkFrame(gate)
	if sameURLs && prev.Frame == site.Frame && c.sameDiags(prev, old, imageDiags) && c.secDiags.Equal(prev.secDiags) {
		// An edit that changed no warning (the common case while writing)
		// costs no copy of a large site's tens of thousands of them.
		c.Diags, c.urlDiags = prev.Diags, prev.urlDiags
		return c
	}
	// Sized first: a large site can have tens of thousands of warnings.
	n := 0
	for i, v := range c.Verdicts {
		if v != nil {
			n += len(v.Diags)
		}
		n += len(imageDiags[i])
	}
	c.Diags = make(diag.List, 0, n)
	for i, v := range c.Verdicts {
		if v != nil {
			c.Diags = append(c.Diags, v.Diags...)
		}
		c.Diags = append(c.Diags, imageDiags[i]...)
	}
	if sameURLs {
		c.urlDiags = prev.urlDiags
	} else {
		c.urlDiags = c.uniqueURLs()
	}
	c.Diags = append(c.Diags, c.urlDiags...)
	c.Diags = append(c.Diags, c.secDiags...)
	c.Diags = append(c.Diags, frameDiags...)
	c.Diags.Sort()
	return c
}

// checkTranslations gives each translation its verdict: its own, as any
// module's, joined to its source's (content.Gate.CheckTranslation).
func (c *Checked) checkTranslations(ctx context.Context, gate *content.Gate, workers int) {
	var todo []int
	byPath := map[string]*content.Verdict{}
	others := map[string]string{}
	for i, m := range c.Modules {
		if m.Lang != "" {
			todo = append(todo, i)
			continue
		}
		byPath[m.Path] = c.Verdicts[i]
		if d := c.Verdicts[i].Digest; d != "" {
			others[d] = m.Path
		}
	}
	if len(todo) == 0 {
		return
	}
	_ = parallel(ctx, len(todo), workers, func(k int) {
		i := todo[k]
		m := c.Modules[i]
		own := gate.Check(m)
		var src *content.Source
		if sv := byPath[m.SourcePath]; sv != nil {
			src = &content.Source{Verdict: sv, Others: others}
		}
		c.Verdicts[i] = gate.CheckTranslation(own, src)
	})
}

// checkSections runs the gate on the courses' own texts (their folder
// names and _index.md): a few per site, checked every time.
func (c *Checked) checkSections(gate *content.Gate) diag.List {
	var l diag.List
	for _, sec := range c.Sections {
		l = append(l, gate.CheckSection(sec)...)
	}
	return l
}

// sameDiags reports whether every module that was checked again (old[i]
// is nil) got the diagnostics it had in prev, its images too; prev holds
// the same modules, in the same order (sameURLs).
func (c *Checked) sameDiags(prev *Checked, old []*content.Verdict, imageDiags []diag.List) bool {
	for i, v := range c.Verdicts {
		if old[i] != nil {
			continue
		}
		pv := prev.Verdicts[i]
		if (v == nil) != (pv == nil) || (v != nil && !v.Diags.Equal(pv.Diags)) {
			return false
		}
		var was diag.List
		if d, ok := prev.imageDiags.Load(prev.Modules[i]); ok {
			was = d.(diag.List)
		}
		if !imageDiags[i].Equal(was) {
			return false
		}
	}
	return true
}

// uniqueURLs: two modules on one URL would overwrite each other.
func (c *Checked) uniqueURLs() diag.List {
	var l diag.List
	first := map[string]*content.Module{}
	for _, m := range c.Modules {
		if m.Meta.Draft {
			continue
		}
		// Case-insensitive file systems (macOS, Windows) would merge
		// "Sepsis" and "sepsis" into one folder.
		u := strings.ToLower(m.URLPath())
		if other, dup := first[u]; dup {
			_ = c.restore(m) // for the position of the slug; a clash is rare
			d := m.Errorf(&l, []any{"slug"}, "slug", "%s has the same URL /%s as %s", m.Path, m.URLPath(), other.Path)
			d.Help = "give one of them another slug = \"...\" (URLs that differ only in case collide too)"
			continue
		}
		first[u] = m
	}
	return l
}

// Published returns the verdicts of the modules that go into the build.
func (c *Checked) Published() []*content.Verdict {
	var out []*content.Verdict
	for _, v := range c.Verdicts {
		if v != nil && v.Publishable() {
			out = append(out, v)
		}
	}
	return out
}

// cleanImages removes the metadata of a bundle's images (EXIF with GPS,
// XMP, text chunks, thumbnails: a photo's metadata can identify a patient)
// and refuses images it cannot clean, before anything is rendered.
func (c *Checked) cleanImages(m *content.Module) diag.List {
	var l diag.List
	dir := path.Dir(m.Path)
	for _, r := range m.Resources {
		name := dir + "/" + r.Name
		clean, err := output.CleanImage(r.Name, r.Data)
		if err != nil {
			l.Add(diag.Diagnostic{Path: name, Rule: "image", Message: err.Error()})
			continue
		}
		c.images.Store(name, clean)
	}
	return l
}

// image returns a bundle file as it is published.
func (c *Checked) image(m *content.Module, r content.Resource) []byte {
	if b, ok := c.images.Load(path.Dir(m.Path) + "/" + r.Name); ok {
		return b.([]byte)
	}
	return r.Data
}

// forgetImages lets a module's cleaned images go once they are written, in
// a build used once (the dev server keeps them for the next build).
func (c *Checked) forgetImages(m *content.Module) {
	for _, r := range m.Resources {
		c.images.Delete(path.Dir(m.Path) + "/" + r.Name)
	}
}
