package lms

import _ "embed"

//go:embed runtime.js
var runtime []byte

// ScriptName is where the runtime script sits in a package.
const ScriptName = "js/rounds-lms.js"

// Script returns the runtime script that every page of a SCORM or cmi5
// package loads before the theme's own: it finds the LMS (SCORM 1.2's
// API, SCORM 2004's API_1484_11, or a cmi5 launch), hands the answers the
// LMS kept to the theme's quiz script, and reports each post-test answer,
// the score, completion and pass or fail. Without an LMS it does nothing.
func Script() []byte { return append([]byte(nil), runtime...) }
