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
// are written as plain paragraphs.
func qtiFiles(c *Course, out map[string][]byte) error {
	var items []string
	for _, m := range c.Modules {
		for _, q := range m.Questions {
			id := ncName("Q-", strings.ReplaceAll(strings.Trim(m.Path, "/"), "/", "-")+"-"+q.ID)
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
	w.open("choiceInteraction", "responseIdentifier", "RESPONSE", "shuffle", "false", "maxChoices", maxChoices)
	w.text("prompt", strings.Join(paragraphs(plainText(q.Stem)), " "))
	for i, ch := range q.Choices {
		w.text("simpleChoice", strings.Join(paragraphs(plainText(ch.Text)), " "), "identifier", choiceID(i))
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
