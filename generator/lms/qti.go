package lms

import (
	"fmt"
	"strings"
)

// qtiFiles adds a QTI 2.1 item bank to out: one assessmentItem per
// post-test question (items/<module>-<id>.xml) and the IMS content
// package manifest that lists them, as LMSs import QTI 2.1. Each item is
// scored by its correct response; the learner sees, once answered, the
// feedback of each choice they chose and the rationale with its
// references. QTI 2.1 item content is a strict XHTML subset: the texts
// are written as plain paragraphs. Beside the items, test.xml is the
// post-test as an assessmentTest: a section per module asking what the
// page asks, its pool drawn by <selection>.
func qtiFiles(c *Course, out map[string][]byte) error {
	var items []string
	for _, m := range c.Modules {
		for _, q := range m.Questions {
			id := qtiItemID(m, q)
			name := "items/" + strings.TrimPrefix(id, "Q-") + ".xml"
			if _, dup := out[name]; dup {
				return fmt.Errorf("%s: two questions with the id %q", m.Title, q.ID)
			}
			out[name] = qtiItem(id, m, q)
			items = append(items, id, name)
		}
	}
	if len(items) == 0 {
		return fmt.Errorf("%s: no post-test question to export", c.Title)
	}
	out["test.xml"] = qtiTest(c)
	w := newXML()
	w.open("manifest", "identifier", ncName("MANIFEST-", c.Path),
		"xmlns", "http://www.imsglobal.org/xsd/imscp_v1p1",
		"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance",
		"xsi:schemaLocation", "http://www.imsglobal.org/xsd/imscp_v1p1 http://www.imsglobal.org/xsd/imscp_v1p1.xsd")
	w.open("metadata")
	w.text("schema", "QTIv2.1 Package")
	w.text("schemaversion", "1.0.0")
	w.close("metadata")
	w.empty("organizations")
	w.open("resources")
	w.open("resource", "identifier", ncName("TEST-", c.Path), "type", "imsqti_test_xmlv2p1", "href", "test.xml")
	w.empty("file", "href", "test.xml")
	for i := 0; i < len(items); i += 2 {
		w.empty("dependency", "identifierref", items[i])
	}
	w.close("resource")
	for i := 0; i < len(items); i += 2 {
		w.open("resource", "identifier", items[i], "type", "imsqti_item_xmlv2p1", "href", href(items[i+1]))
		w.empty("file", "href", href(items[i+1]))
		w.close("resource")
	}
	w.close("resources")
	w.close("manifest")
	out["imsmanifest.xml"] = w.bytes()
	return nil
}

// qtiItemID is the identifier of a question's item, unique in the bank.
func qtiItemID(m Module, q Question) string {
	return ncName("Q-", strings.ReplaceAll(strings.Trim(m.Path, "/"), "/", "-")+"-"+q.ID)
}

// qtiTest is the course's post-test as a QTI 2.1 assessmentTest: one
// section per module with questions, in course order, each question in
// the order of its page. A module's pool (pool=N) is a section of its
// own, in the place of its first question, from which <selection> draws
// N for each attempt, as the page does; the drawn questions keep their
// order, as on the page. SCORE is the number of questions answered
// right.
func qtiTest(c *Course) []byte {
	w := newXML()
	w.open("assessmentTest", "xmlns", "http://www.imsglobal.org/xsd/imsqti_v2p1",
		"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance",
		"xsi:schemaLocation", "http://www.imsglobal.org/xsd/imsqti_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
		"identifier", ncName("TEST-", c.Path), "title", c.Title)
	w.empty("outcomeDeclaration", "identifier", "SCORE", "cardinality", "single", "baseType", "float")
	w.open("testPart", "identifier", "POSTTEST", "navigationMode", "nonlinear", "submissionMode", "individual")
	for _, m := range c.Modules {
		if len(m.Questions) == 0 {
			continue
		}
		section := ncName("S-", m.Path)
		w.open("assessmentSection", "identifier", section, "title", m.Title, "visible", "true")
		pooled := false
		for _, q := range m.Questions {
			if q.Pool == 0 {
				w.empty("assessmentItemRef", "identifier", qtiItemID(m, q), "href", href("items/"+strings.TrimPrefix(qtiItemID(m, q), "Q-")+".xml"))
				continue
			}
			if pooled {
				continue
			}
			pooled = true
			w.open("assessmentSection", "identifier", "POOL-"+strings.TrimPrefix(section, "S-"), "title", m.Title+": pool", "visible", "false")
			w.empty("selection", "select", fmt.Sprint(q.Pool))
			for _, p := range m.Questions {
				if p.Pool > 0 {
					w.empty("assessmentItemRef", "identifier", qtiItemID(m, p), "href", href("items/"+strings.TrimPrefix(qtiItemID(m, p), "Q-")+".xml"))
				}
			}
			w.close("assessmentSection")
		}
		w.close("assessmentSection")
	}
	w.close("testPart")
	w.open("outcomeProcessing")
	w.open("setOutcomeValue", "identifier", "SCORE")
	w.open("sum")
	w.empty("testVariables", "variableIdentifier", "SCORE")
	w.close("sum")
	w.close("setOutcomeValue")
	w.close("outcomeProcessing")
	w.close("assessmentTest")
	return w.bytes()
}

// choiceID is the identifier of the i-th choice: A, B, ... Z, C27, ...
func choiceID(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return fmt.Sprintf("C%d", i+1)
}

func qtiItem(id string, m Module, q Question) []byte {
	w := newXML()
	card, maxChoices := "single", "1"
	if q.Multi {
		card, maxChoices = "multiple", "0"
	}
	w.open("assessmentItem", "xmlns", "http://www.imsglobal.org/xsd/imsqti_v2p1",
		"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance",
		"xsi:schemaLocation", "http://www.imsglobal.org/xsd/imsqti_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
		"identifier", id, "title", m.Title+": "+q.ID, "adaptive", "false", "timeDependent", "false")
	w.open("responseDeclaration", "identifier", "RESPONSE", "cardinality", card, "baseType", "identifier")
	w.open("correctResponse")
	for i, ch := range q.Choices {
		if ch.Correct {
			w.text("value", choiceID(i))
		}
	}
	w.close("correctResponse")
	w.close("responseDeclaration")
	w.open("outcomeDeclaration", "identifier", "SCORE", "cardinality", "single", "baseType", "float")
	w.open("defaultValue")
	w.text("value", "0")
	w.close("defaultValue")
	w.close("outcomeDeclaration")
	w.empty("outcomeDeclaration", "identifier", "FEEDBACK", "cardinality", "multiple", "baseType", "identifier")
	w.open("itemBody")
	// shuffle: the delivery engine orders the choices anew for each
	// attempt, keeping a pinned choice ("All of the above") in place.
	w.open("choiceInteraction", "responseIdentifier", "RESPONSE", "shuffle", fmt.Sprint(q.Shuffle), "maxChoices", maxChoices)
	w.text("prompt", strings.Join(paragraphs(plainText(q.Stem)), " "))
	for i, ch := range q.Choices {
		attrs := []string{"identifier", choiceID(i)}
		if q.Shuffle && ch.Pin {
			attrs = append(attrs, "fixed", "true")
		}
		w.text("simpleChoice", strings.Join(paragraphs(plainText(ch.Text)), " "), attrs...)
	}
	w.close("choiceInteraction")
	w.close("itemBody")
	// Right or wrong as a whole scores 1 or 0; FEEDBACK holds the chosen
	// choices and RATIONALE, which the modal feedbacks below show.
	w.open("responseProcessing")
	w.open("responseCondition")
	w.open("responseIf")
	w.open("match")
	w.empty("variable", "identifier", "RESPONSE")
	w.empty("correct", "identifier", "RESPONSE")
	w.close("match")
	w.open("setOutcomeValue", "identifier", "SCORE")
	w.text("baseValue", "1", "baseType", "float")
	w.close("setOutcomeValue")
	w.close("responseIf")
	w.close("responseCondition")
	w.open("setOutcomeValue", "identifier", "FEEDBACK")
	w.open("multiple")
	w.empty("variable", "identifier", "RESPONSE")
	w.text("baseValue", "RATIONALE", "baseType", "identifier")
	w.close("multiple")
	w.close("setOutcomeValue")
	w.close("responseProcessing")
	for i, ch := range q.Choices {
		if strings.TrimSpace(ch.Feedback) == "" {
			continue
		}
		w.open("modalFeedback", "outcomeIdentifier", "FEEDBACK", "identifier", choiceID(i), "showHide", "show", "title", "About "+choiceID(i))
		for _, p := range paragraphs(plainText(ch.Feedback)) {
			w.text("p", p)
		}
		w.close("modalFeedback")
	}
	if strings.TrimSpace(q.Rationale) != "" || len(q.References) > 0 {
		w.open("modalFeedback", "outcomeIdentifier", "FEEDBACK", "identifier", "RATIONALE", "showHide", "show", "title", "Why")
		for _, p := range paragraphs(plainText(q.Rationale)) {
			w.text("p", p)
		}
		if len(q.References) > 0 {
			w.open("ol")
			for _, r := range q.References {
				w.text("li", strings.Join(paragraphs(plainText(r)), " "))
			}
			w.close("ol")
		}
		w.close("modalFeedback")
	}
	w.close("assessmentItem")
	return w.bytes()
}
