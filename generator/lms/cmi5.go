package lms

import (
	"fmt"
	"slices"
)

// cmi5Namespace is rounds' own namespace in cmi5.xml. The course
// structure schema lets any element or attribute of another namespace
// stand at the end of an AU (processContents="lax"): rounds writes each
// prerequisite there, where an LMS that knows it may enforce it and any
// other skips it.
const cmi5Namespace = "https://rounds.dev/xsd/cmi5/v1"

// cmi5Structure is the cmi5.xml course structure: one AU per module, in
// course order with every module after the modules it requires. A module
// with credit moves on when completed and passed, at its pass mark; one
// without, when completed. In a programme package each course is a block
// holding its modules.
//
// cmi5 has no sequencing: the LMS decides what a learner may launch
// (cmi5 section 5: "the LMS controls the launch of AUs"). What the course
// structure can carry is order, blocks and each AU's moveOn; a
// prerequisite is written as <rounds:requires au="..."/> in the AU, for
// an LMS that reads it, and the order puts it first for those that do
// not.
func cmi5Structure(c *Course) []byte {
	w := newXML()
	w.open("courseStructure", "xmlns", "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd", "xmlns:rounds", cmi5Namespace)
	w.open("course", "id", c.ID)
	langText(w, "title", c.Language, c.Title)
	langText(w, "description", c.Language, c.Description)
	w.close("course")
	blocks := map[string]Block{}
	for _, b := range c.Blocks {
		blocks[b.Path] = b
	}
	ids := map[string]string{}
	for _, m := range c.Modules {
		ids[m.Path] = m.ID
	}
	open, seen := "", map[string]int{}
	for _, m := range launchOrder(c.Modules) {
		if b, ok := blocks[m.Block]; (ok && m.Block != open) || (!ok && open != "") {
			if open != "" {
				w.close("block")
				open = ""
			}
			if ok {
				// A course a programme visits twice (its modules apart)
				// is two blocks: a block's id must be unique.
				seen[b.Path]++
				id := b.ID
				if n := seen[b.Path]; n > 1 {
					id = fmt.Sprintf("%s#part-%d", b.ID, n)
				}
				w.open("block", "id", id)
				langText(w, "title", c.Language, b.Title)
				langText(w, "description", c.Language, b.Description)
				open = b.Path
			}
		}
		cmi5AU(w, c, m, ids)
	}
	if open != "" {
		w.close("block")
	}
	w.close("courseStructure")
	return w.bytes()
}

// cmi5AU writes one module's AU.
func cmi5AU(w *xmlWriter, c *Course, m Module, ids map[string]string) {
	attrs := []string{"id", m.ID, "moveOn", "Completed"}
	if m.Credit && m.Pass > 0 {
		attrs = []string{"id", m.ID, "moveOn", "CompletedAndPassed", "masteryScore", fmt.Sprintf("%g", m.Pass)}
	}
	// The module page is a whole page, as on the site: it may be
	// opened in the LMS's frame or a window of its own.
	attrs = append(attrs, "launchMethod", "AnyWindow")
	w.open("au", attrs...)
	langText(w, "title", c.Language, m.Title)
	langText(w, "description", c.Language, m.Description)
	w.text("url", href(m.Launch))
	for _, p := range m.Requires {
		if id, ok := ids[p]; ok && p != m.Path {
			w.empty("rounds:requires", "au", id)
		}
	}
	w.close("au")
}

// launchOrder is the modules in their order, except that a module comes
// after every module of the package it requires: the first module whose
// requirements are all placed goes next. Requirements are acyclic (the
// gate refuses cycles); should one remain, the rest keep their order.
func launchOrder(ms []Module) []Module {
	at := map[string]bool{}
	for _, m := range ms {
		at[m.Path] = true
	}
	placed := map[string]bool{}
	out := make([]Module, 0, len(ms))
	left := slices.Clone(ms)
	for len(left) > 0 {
		next := 0
		for i, m := range left {
			ready := true
			for _, p := range m.Requires {
				if at[p] && p != m.Path && !placed[p] {
					ready = false
					break
				}
			}
			if ready {
				next = i
				break
			}
		}
		placed[left[next].Path] = true
		out = append(out, left[next])
		left = slices.Delete(left, next, next+1)
	}
	return out
}

// langText writes a cmi5 text element: one langstring.
func langText(w *xmlWriter, name, lang, text string) {
	w.open(name)
	w.text("langstring", text, "lang", lang)
	w.close(name)
}
