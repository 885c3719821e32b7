// Package phi finds text that looks like one of the identifiers of HIPAA's
// Safe Harbor method (45 CFR 164.514(b)(2)): the detectors behind the
// publication gate's no-phi rule. It is pure: it takes text and returns
// findings with their byte offsets in that text.
//
// Find scans one text. A Scan scans the texts of one module together, so
// that an author's `<!-- phi-ok: "text" reason -->` comments (Comments,
// Allowances) may allow a finding in any of them, one occurrence each.
//
// The detectors work on a folded copy of the text (full-width forms,
// other decimal digits, dashes and no-break spaces folded to ASCII,
// invisible characters removed) and map what they find back to the
// original offsets. Each starts at a key word ("MRN", "born", "serial"), a
// number, an '@' or a ':', so that most of a text is looked at once.
package phi
