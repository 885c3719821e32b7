// Package lms writes a course as a package for a learning management
// system: SCORM 1.2, SCORM 2004 4th edition and cmi5 packages (the site's
// own pages, with a runtime script that reports the post-test to the LMS),
// and QTI 2.1 and Moodle XML question banks (the post-test alone, for an
// LMS quiz engine that keeps the answers secret).
//
// The package is given a Course: its modules in course order, their
// post-test questions, and the files its pages need, already rendered in
// package mode by the generator. It writes the manifest of the format and
// a zip whose bytes depend on nothing but the Course: entries sorted, fixed
// times, no extra fields. It reads no file and knows no clock.
package lms
