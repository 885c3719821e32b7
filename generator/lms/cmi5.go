package lms

import "fmt"

// cmi5Structure is the cmi5.xml course structure: one AU per module in
// course order. A module with credit moves on when completed and passed,
// at its pass mark; one without, when completed.
func cmi5Structure(c *Course) []byte {
	w := newXML()
	w.open("courseStructure", "xmlns", "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd")
	w.open("course", "id", c.ID)
	langText(w, "title", c.Language, c.Title)
	langText(w, "description", c.Language, c.Description)
	w.close("course")
	for _, m := range c.Modules {
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
		w.close("au")
	}
	w.close("courseStructure")
	return w.bytes()
}

// langText writes a cmi5 text element: one langstring.
func langText(w *xmlWriter, name, lang, text string) {
	w.open(name)
	w.text("langstring", text, "lang", lang)
	w.close(name)
}
