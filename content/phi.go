package content

import (
	"bytes"
	"fmt"
	"net/netip"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/rounds-dev/rounds/content/diag"
)

// PHIFinding is text that looks like a HIPAA Safe Harbor identifier
// (45 CFR 164.514(b)(2)(i)): Start and End are byte offsets into the
// scanned text, as written (full-width digits and invisible characters
// included); Text is text[Start:End]; Kind names the identifier, such as
// "phone number" or "date tied to a person".
type PHIFinding struct {
	Start, End int
	Kind       string
	Text       string
}

// The kinds of PHIFinding, after the Safe Harbor list of 45 CFR
// 164.514(b)(2)(i): (B) geographic subdivisions, (C) dates and ages, (D)
// telephone and (E) fax numbers, (F) e-mail addresses, (G) social security,
// (H) medical record, (I) health plan beneficiary, (J) account, (K)
// certificate/licence, (M) device identifiers and serial numbers, (N) URLs
// and (O) IP addresses.
const (
	phiPhone   = "phone number"
	phiMRN     = "medical record number"
	phiEmail   = "e-mail address"
	phiDate    = "date tied to a person"
	phiAge     = "age over 89"
	phiIP      = "IP address"
	phiStreet  = "street address"
	phiZIP     = "ZIP code"
	phiZIP4    = "ZIP+4 code"
	phiSSN     = "social security number"
	phiPlan    = "health plan number"
	phiAccount = "account number"
	phiLicence = "licence number"
	phiDevice  = "device or serial number"
	phiURL     = "URL with an identifier"
)

// FindPHI scans text (Markdown) for anything that looks like a HIPAA Safe
// Harbor identifier (45 CFR 164.514(b)(2)) and returns the findings in
// order of Start, then End. Before matching it folds full-width forms and
// other decimal digits to ASCII, folds no-break spaces and hyphen-like
// dashes, and removes zero-width and other invisible characters (U+200B to
// U+200D, U+2060, U+FEFF, the soft hyphen, bidirectional marks), so that
// none of them hides an identifier; offsets are in the original text.
//
// It does not flag what a reference or a clinical text is made of: DOIs,
// PMIDs, trial ids, doses, lab values, blood pressures, ICD codes, years,
// publication dates, ages up to 89 or the Safe Harbor category "90 or
// older", percentages, ranges, versions, times and public URLs; nor the
// text of a well-formed `<!-- phi-ok: "text" reason -->` comment, wherever
// it is. FindPHI is pure and safe for concurrent use.
func FindPHI(text string) []PHIFinding {
	return phiDefault.find(text).findings
}

// PHIAllowance is an author's `<!-- phi-ok: "exact text" reason -->` in a
// module's body: it allows one occurrence of Text that the no-phi rule
// would refuse. Offset is that of "<!--" in the body.
type PHIAllowance struct {
	Text, Reason string
	Offset       int
}

// PHIAllowances lists the well-formed allowances of a body in order, for
// `rounds status`. The text is in double quotes (\" and \\ escape a quote
// and a backslash) or single quotes; the reason is the rest of the comment.
// A comment inside a code span or fenced code block is an example, not an
// allowance, and is not listed.
func PHIAllowances(body []byte) []PHIAllowance {
	s := string(body)
	cs := parsePHIOK(s)
	if len(cs) == 0 {
		return nil
	}
	code := phiCode(s)
	var out []PHIAllowance
	for _, c := range cs {
		if c.problem == "" && !phiInRanges(code, c.start) {
			out = append(out, PHIAllowance{Text: c.text, Reason: c.reason, Offset: c.start})
		}
	}
	return out
}

// noPHI: HIPAA Privacy Rule, 45 CFR 164.514(b)(2) (Safe Harbor) — a page
// that shows a patient's identifiers discloses protected health
// information, so a module is refused when its body (quizzes, alt text and
// image paths included), its title, summary and objectives, or the names
// of its bundle files look like one. Each finding is an error at its exact
// place. An author allows one occurrence with `<!-- phi-ok: "text" reason
// -->`: each allowance covers the first occurrence of its text, in the
// order title, summary, objectives, body, file names, that holds a finding
// not yet allowed; an allowance that allows nothing, a malformed one and
// one without a reason are warnings (rule "phi-ok"). Text of the
// provider's contact is not patient data and is not flagged.
func (g *Gate) noPHI(m *Module, l *diag.List) {
	body := string(m.Body)
	var allows []*phiAllow
	if cs := parsePHIOK(body); len(cs) > 0 {
		code := phiCode(body)
		for _, c := range cs {
			if phiInRanges(code, c.start) {
				continue // an example of the syntax, shown as code
			}
			if c.problem != "" {
				d := m.File.At(l, m.File.Pos(m.BodyOffset+c.start), diag.Warning, "phi-ok", "malformed phi-ok comment: %s", c.problem)
				d.Help = `write it as <!-- phi-ok: "exact text" reason -->`
				continue
			}
			if strings.TrimSpace(c.reason) == "" {
				d := m.File.At(l, m.File.Pos(m.BodyOffset+c.start), diag.Warning, "phi-ok", "the allowance of %q gives no reason", c.text)
				d.Help = fmt.Sprintf(`say why it is not patient data: <!-- phi-ok: %s reason -->`, phiQuote(c.text))
			}
			allows = append(allows, &phiAllow{c: c, norm: normalizePHI(c.text).norm})
		}
	}

	var contact string
	if g.Config != nil && g.Config.Provider != nil {
		contact = strings.ToLower(normalizePHI(g.Config.Provider.Contact).norm)
	}
	var units []*phiUnit
	unit := func(text string, report func(u *phiUnit, i int)) *phiUnit {
		u := &phiUnit{res: phiDefault.find(text), report: report}
		if contact != "" {
			u.dropContact(contact)
		}
		u.allowed = make([]bool, len(u.res.findings))
		units = append(units, u)
		return u
	}

	// Where a field's value is written is only looked up when it holds a
	// finding: finding it means indexing the front matter's keys.
	field := func(key []any, name, text string, from func() int) {
		if text == "" {
			return
		}
		unit(text, func(u *phiUnit, i int) {
			f, valueAt := phiValueOffset(m, key, text, from())
			pf := u.res.findings[i]
			msg := fmt.Sprintf("the %s looks like %s: %q", name, phiArticle(pf.Kind), pf.Text)
			help := phiHelp(u.res.normOf(i)) + " in the body"
			var d *diag.Diagnostic
			if valueAt >= 0 {
				d = f.At(l, f.Pos(valueAt+pf.Start), diag.Error, "no-phi", "%s", msg)
			} else {
				d = m.Errorf(l, key, "no-phi", "%s", msg)
			}
			d.Help = help
		})
	}
	start := func() int { return 0 }
	field([]any{"title"}, "title", m.Meta.Title, start)
	field([]any{"summary"}, "summary", m.Meta.Summary, start)
	// Objective i is looked for after objective i-1: two may read alike.
	after := func(i int) int {
		from := 0
		for j, o := range m.Meta.Objectives[:i] {
			if f, at := phiValueOffset(m, []any{"objectives", j}, o, from); at >= 0 && f == m.File {
				from = at + len(o)
			}
		}
		return from
	}
	for i, o := range m.Meta.Objectives {
		field([]any{"objectives", i}, fmt.Sprintf("objective %d", i+1), o, func() int { return after(i) })
	}

	bodyUnit := unit(body, func(u *phiUnit, i int) {
		pf := u.res.findings[i]
		d := m.File.Errorf(l, m.BodyOffset+pf.Start, "no-phi", "looks like %s: %q", phiArticle(pf.Kind), pf.Text)
		d.Help = phiHelp(u.res.normOf(i))
	})

	for _, r := range m.Resources {
		name := r.Name
		if name == "" {
			continue
		}
		at := strings.Index(body, name)
		u := unit(name, func(u *phiUnit, i int) {
			pf := u.res.findings[i]
			msg := fmt.Sprintf("bundle file %q: its name looks like %s: %q", name, phiArticle(pf.Kind), pf.Text)
			off := 0
			if at >= 0 {
				off = m.BodyOffset + at + pf.Start
			}
			d := m.File.Errorf(l, off, "no-phi", "%s", msg)
			d.Help = "rename the file, or if it is not patient data " + strings.TrimPrefix(phiHelp(u.res.normOf(i)), "remove it, or if it is not patient data ")
		})
		if at >= 0 {
			// Where the body refers to the file, the body's own findings
			// there (allowed or not) already speak for its name.
			u.dropCoveredBy(bodyUnit, at)
		}
	}

	for _, a := range allows {
		if !a.consume(units) {
			d := m.File.At(l, m.File.Pos(m.BodyOffset+a.c.start), diag.Warning, "phi-ok", "phi-ok allows nothing: no flagged text is %q", a.c.text)
			d.Help = "remove the comment, or write the exact text that the no-phi rule flags"
		}
	}
	for _, u := range units {
		for i := range u.res.findings {
			if !u.allowed[i] {
				u.report(u, i)
			}
		}
	}
}

// phiHelp is the help line of a finding whose folded text is norm.
func phiHelp(norm string) string {
	return fmt.Sprintf("remove it, or if it is not patient data allow this one occurrence with <!-- phi-ok: %s reason -->", phiQuote(norm))
}

// phiQuote writes s as the quoted text of a phi-ok comment.
func phiQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func phiArticle(kind string) string {
	if kind != "" && strings.ContainsRune("aeioAEIO", rune(kind[0])) {
		return "an " + kind
	}
	return "a " + kind
}

// phiValueOffset finds where a front matter string is written, so that an
// error can point into it: the file, and the offset of the value's first
// byte, or -1 when the value is not written verbatim (escapes). Objectives
// are searched from the offset from, so that equal texts are told apart.
func phiValueOffset(m *Module, key []any, value string, from int) (*diag.File, int) {
	f, pos := m.KeyPos(key...)
	if f == nil || pos.Line < 1 {
		return f, -1
	}
	start, line := 0, 1
	for start < len(f.Src) && line < pos.Line {
		if f.Src[start] == '\n' {
			line++
		}
		start++
	}
	start += pos.Col - 1
	end := len(f.Src)
	if f == m.File && m.BodyOffset > 0 {
		end = m.BodyOffset
	}
	if f == m.File {
		start = max(start, from)
	}
	if start < 0 || start >= end {
		return f, -1
	}
	i := bytes.Index(f.Src[start:end], []byte(value))
	if i < 0 {
		return f, -1
	}
	return f, start + i
}

// phiUnit is one scanned text of a module, with what the allowances took.
type phiUnit struct {
	res     phiResult
	allowed []bool
	claimed [][2]int       // occurrences (folded offsets) taken by allowances
	next    map[string]int // where to look for an allowance's text again
	report  func(u *phiUnit, i int)
}

// dropContact forgets findings that are part of the provider's contact.
func (u *phiUnit) dropContact(contact string) {
	u.res.filter(func(i int) bool {
		return !strings.Contains(contact, strings.ToLower(u.res.normOf(i)))
	})
}

// dropCoveredBy forgets findings that a finding of body covers, the unit's
// text being at offset at of the body.
func (u *phiUnit) dropCoveredBy(body *phiUnit, at int) {
	keep := func(i int) bool {
		f := u.res.findings[i]
		for _, b := range body.res.findings {
			if b.Start <= at+f.Start && at+f.End <= b.End {
				return false
			}
		}
		return true
	}
	u.res.filter(keep)
	u.allowed = u.allowed[:len(u.res.findings)]
}

type phiAllow struct {
	c    phiOKComment
	norm string
}

// consume lets a take the first occurrence of its text, in unit order,
// that covers a finding not yet allowed, and allows every finding inside
// it. It reports whether there was one.
func (a *phiAllow) consume(units []*phiUnit) bool {
	if a.norm == "" {
		return false
	}
	for _, u := range units {
		s, spans := u.res.t.norm, u.res.spans
		if len(spans) == 0 {
			continue
		}
		// An occurrence passed over stays useless: claims and allowed
		// findings only grow. So the search goes on where it stopped.
		pos := u.next[a.norm]
		for pos <= len(s) {
			k := strings.Index(s[pos:], a.norm)
			if k < 0 {
				pos = len(s) + 1
				break
			}
			os, oe := pos+k, pos+k+len(a.norm)
			pos = os + 1
			if u.claimedOverlap(os, oe) {
				continue
			}
			hit := false
			for i := sort.Search(len(spans), func(i int) bool { return spans[i].start >= os }); i < len(spans) && spans[i].start < oe; i++ {
				if !u.allowed[i] && spans[i].end <= oe {
					u.allowed[i] = true
					hit = true
				}
			}
			if hit {
				u.claimed = append(u.claimed, [2]int{os, oe})
				if u.next == nil {
					u.next = map[string]int{}
				}
				u.next[a.norm] = pos
				return true
			}
		}
		if u.next == nil {
			u.next = map[string]int{}
		}
		u.next[a.norm] = pos
	}
	return false
}

func (u *phiUnit) claimedOverlap(s, e int) bool {
	for _, c := range u.claimed {
		if s < c[1] && c[0] < e {
			return true
		}
	}
	return false
}

// ---- the allowance comments ----

// phiOKComment is one `<!-- phi-ok ... -->` of a text: its span, and its
// text and reason, or what is wrong with it.
type phiOKComment struct {
	start, end   int
	text, reason string
	problem      string
}

// parsePHIOK finds the phi-ok comments of s. Only comments written in
// plain ASCII syntax count: `<!--`, `phi-ok`, the quotes and `-->`.
func parsePHIOK(s string) []phiOKComment {
	var out []phiOKComment
	for pos := 0; pos < len(s); {
		k := strings.Index(s[pos:], "<!--")
		if k < 0 {
			break
		}
		start := pos + k
		inner := start + 4
		closeAt := strings.Index(s[inner:], "-->")
		rest := strings.TrimLeft(s[inner:], " \t\r\n")
		isOK := len(rest) >= 6 && strings.EqualFold(rest[:6], "phi-ok")
		if closeAt < 0 {
			if isOK {
				out = append(out, phiOKComment{start: start, end: len(s), problem: "it is not closed with -->"})
			}
			break // the rest of s is inside the comment
		}
		end := inner + closeAt + 3
		pos = end
		if !isOK {
			continue
		}
		c := phiOKComment{start: start, end: end}
		c.text, c.reason, c.problem = parsePHIOKInside(s[inner+(len(s[inner:])-len(rest))+6 : inner+closeAt])
		out = append(out, c)
	}
	return out
}

// parsePHIOKInside reads `: "text" reason` (what follows phi-ok).
func parsePHIOKInside(in string) (text, reason, problem string) {
	in = strings.TrimLeft(in, " \t\r\n")
	in = strings.TrimPrefix(in, ":")
	in = strings.TrimLeft(in, " \t\r\n")
	if in == "" {
		return "", "", "it names no text to allow"
	}
	var b strings.Builder
	i := 1
	switch q := in[0]; q {
	case '"':
		for ; i < len(in) && in[i] != '"'; i++ {
			if in[i] == '\\' && i+1 < len(in) && (in[i+1] == '"' || in[i+1] == '\\') {
				i++
			}
			b.WriteByte(in[i])
		}
	case '\'':
		for ; i < len(in) && in[i] != '\''; i++ {
			b.WriteByte(in[i])
		}
	default:
		return "", "", "the text to allow must be in double quotes"
	}
	if i >= len(in) {
		return "", "", "the quoted text is not closed"
	}
	text = b.String()
	if text == "" {
		return "", "", "the quoted text is empty"
	}
	return text, strings.Join(strings.Fields(in[i+1:]), " "), ""
}

// phiCode returns the byte ranges of s that Markdown shows as code:
// fenced code blocks and code spans.
func phiCode(s string) [][2]int {
	var out [][2]int
	var fenceChar byte
	fenceLen, fenceStart := 0, 0
	for off := 0; off < len(s); {
		end := strings.IndexByte(s[off:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += off + 1
		}
		line := s[off:end]
		trimmed := strings.TrimLeft(line, " ")
		indent := len(line) - len(trimmed)
		n := 0
		if indent < 4 && trimmed != "" && (trimmed[0] == '`' || trimmed[0] == '~') {
			for n < len(trimmed) && trimmed[n] == trimmed[0] {
				n++
			}
		}
		switch {
		case fenceLen > 0:
			if n >= fenceLen && trimmed[0] == fenceChar && strings.TrimSpace(trimmed[n:]) == "" {
				out = append(out, [2]int{fenceStart, end})
				fenceLen = 0
			}
		case n >= 3 && !(trimmed[0] == '`' && strings.Contains(trimmed[n:], "`")):
			fenceChar, fenceLen, fenceStart = trimmed[0], n, off
		default:
			out = phiCodeSpans(line, off, out)
		}
		off = end
	}
	if fenceLen > 0 {
		out = append(out, [2]int{fenceStart, len(s)})
	}
	return out
}

// phiCodeSpans adds the code spans of one line: a run of n backticks up to
// the next run of exactly n.
func phiCodeSpans(line string, base int, out [][2]int) [][2]int {
	if strings.IndexByte(line, '`') < 0 {
		return out
	}
	type run struct{ at, n int }
	var runs []run
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '`':
			n := 1
			for i+n < len(line) && line[i+n] == '`' {
				n++
			}
			runs = append(runs, run{i, n})
			i += n - 1
		}
	}
	// next[k] is the index of the next run as long as run k, or -1.
	next := make([]int, len(runs))
	last := map[int]int{}
	for k := len(runs) - 1; k >= 0; k-- {
		next[k] = -1
		if j, ok := last[runs[k].n]; ok {
			next[k] = j
		}
		last[runs[k].n] = k
	}
	for k := 0; k < len(runs); k++ {
		if j := next[k]; j >= 0 {
			out = append(out, [2]int{base + runs[k].at, base + runs[j].at + runs[j].n})
			k = j
		}
	}
	return out
}

func phiInRanges(rs [][2]int, at int) bool {
	for _, r := range rs {
		if r[0] <= at && at < r[1] {
			return true
		}
	}
	return false
}

// ---- folding ----

// phiText is a text prepared for matching: norm is text with full-width
// forms and other decimal digits folded to ASCII, no-break spaces and
// hyphen-like dashes folded, and invisible characters removed. from and to
// map each byte of norm to the original bytes it comes from; both are nil
// when norm is text.
type phiText struct {
	text, norm string
	from, to   []int32
}

// foldPHIRune says what r becomes in the folded text: the byte b, nothing
// (drop), or itself (ok false).
func foldPHIRune(r rune) (b byte, drop, ok bool) {
	switch {
	case r < 0x80:
		return 0, false, false
	case r == 0xAD, r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E,
		r >= 0x2060 && r <= 0x2064, r >= 0x2066 && r <= 0x2069, r == 0xFEFF, r == 0x180E:
		return 0, true, true
	case r >= 0xFF10 && r <= 0xFF19, r >= 0xFF21 && r <= 0xFF3A, r >= 0xFF41 && r <= 0xFF5A:
		return byte(r - 0xFEE0), false, true // full-width letters and digits
	case r == 0xFF20, r == 0xFF0E, r == 0xFF0D, r == 0xFF08, r == 0xFF09, r == 0xFF0B,
		r == 0xFF1A, r == 0xFF0F, r == 0xFF03, r == 0xFF3F, r == 0xFF1F, r == 0xFF1D, r == 0xFF06:
		return byte(r - 0xFEE0), false, true // ＠．－（）＋：／＃＿？＝＆
	case r == 0xA0, r >= 0x2000 && r <= 0x200A, r == 0x202F, r == 0x205F, r == 0x3000:
		return ' ', false, true
	case r >= 0x2010 && r <= 0x2013, r == 0x2212, r == 0xFE63:
		return '-', false, true
	case r >= 0x0660 && r <= 0x0669:
		return byte('0' + r - 0x0660), false, true
	case r >= 0x06F0 && r <= 0x06F9:
		return byte('0' + r - 0x06F0), false, true
	case r >= 0x0966 && r <= 0x096F:
		return byte('0' + r - 0x0966), false, true
	case r >= 0x1D7CE && r <= 0x1D7FF:
		return byte('0' + (r-0x1D7CE)%10), false, true
	}
	return 0, false, false
}

func normalizePHI(text string) phiText {
	i := 0
	for i < len(text) && text[i] < utf8.RuneSelf {
		i++
	}
	needed := false
	for o := i; o < len(text); {
		if text[o] < utf8.RuneSelf {
			o++
			continue
		}
		r, sz := utf8.DecodeRuneInString(text[o:])
		if _, _, ok := foldPHIRune(r); ok {
			needed = true
			break
		}
		o += sz
	}
	if !needed {
		return phiText{text: text, norm: text}
	}
	nb := make([]byte, 0, len(text))
	from := make([]int32, 0, len(text))
	to := make([]int32, 0, len(text))
	for o := 0; o < len(text); {
		if text[o] < utf8.RuneSelf {
			nb = append(nb, text[o])
			from = append(from, int32(o))
			to = append(to, int32(o+1))
			o++
			continue
		}
		r, sz := utf8.DecodeRuneInString(text[o:])
		if b, drop, ok := foldPHIRune(r); ok {
			if !drop {
				nb = append(nb, b)
				from = append(from, int32(o))
				to = append(to, int32(o+sz))
			}
		} else {
			for k := 0; k < sz; k++ {
				nb = append(nb, text[o+k])
				from = append(from, int32(o+k))
				to = append(to, int32(o+k+1))
			}
		}
		o += sz
	}
	return phiText{text: text, norm: string(nb), from: from, to: to}
}

// orig maps a span of norm to the original text.
func (t *phiText) orig(s, e int) (int, int) {
	if t.from == nil {
		return s, e
	}
	return int(t.from[s]), int(t.to[e-1])
}

// toNorm maps an original offset to the first byte of norm at or after it.
func (t *phiText) toNorm(o int) int {
	if t.from == nil {
		return o
	}
	return sort.Search(len(t.from), func(i int) bool { return int(t.from[i]) >= o })
}

// ---- the detector ----

// phiSpan is a finding in folded offsets.
type phiSpan struct {
	start, end int
	kind       string
}

// phiResult is a scanned text: its findings in folded and original offsets.
type phiResult struct {
	t        phiText
	spans    []phiSpan
	findings []PHIFinding
}

func (r *phiResult) normOf(i int) string { return r.t.norm[r.spans[i].start:r.spans[i].end] }

func (r *phiResult) filter(keep func(i int) bool) {
	n := 0
	for i := range r.findings {
		if keep(i) {
			r.findings[n], r.spans[n] = r.findings[i], r.spans[i]
			n++
		}
	}
	r.findings, r.spans = r.findings[:n], r.spans[:n]
}

// phiRule is a detector tried where one of its key words starts: an
// anchored regexp whose first non-empty group is the identifier.
type phiRule struct {
	kind      string
	re        *regexp.Regexp
	minDigits int
	maxDigits int
	bare      bool // refuse values that read as a year or a range of years
	window    int  // bytes after the key word that the regexp sees
	noDigit   bool // the identifier may have no digit ("ninety")
	check     func(sc *phiScanner, at, start, end int) bool
	fn        func(sc *phiScanner, at, wordEnd int) // a detector in code
}

// phiDetector holds the compiled detectors; it is built once and never
// changed, so one value serves every goroutine.
type phiDetector struct {
	words map[string][]*phiRule
	// lengths[c] has bit n set when a key word of n letters starts with
	// the letter 'a'+c: most words need no map look-up at all.
	lengths [26]uint32

	doi, usPhone, intlPhone, natPhone, ssn, zip4, ageNum, street,
	date, dateAfter, mac, rangeAfter, ageAfter *regexp.Regexp
}

var phiDefault = newPHIDetector()

// The pieces of the detectors' regexps.
const (
	reLabel     = `(?:\s*(?:numbers?|nos?\b\.?|nr\b\.?|num\b\.?|#|ids?\b|i\.d\.|identifier|code))`
	reSep       = `[\s:#=*_|.\-]*`
	reFill      = `(?:(?:is|was|of)\s+)?`
	reValueBody = `[A-Za-z]{0,5}[-/]?\d[A-Za-z0-9]*(?:[-/.][A-Za-z0-9]+|\s\d{3,}\b)*`
	reValue     = `(` + reValueBody + `)`

	reMonth     = `(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\b|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?)`
	reDay       = `(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?`
	reYear      = `(?:1[89]\d\d|20\d\d)`
	reDayMonth  = reDay + `(?:\s+of)?[\s-]+` + reMonth + `(?:,?[\s-]+` + reYear + `\b)?`
	reMonthDay  = reMonth + `\s+` + reDay + `\b(?:,?\s+` + reYear + `\b)?`
	reNumDate   = `\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|` + reYear + `[/.-]\d{1,2}[/.-]\d{1,2}`
	reFullDate  = `(?:` + reDayMonth + `|` + reMonthDay + `|` + reNumDate + `)`
	reMonthYear = reMonth + `,?\s+` + reYear + `\b`
	reCompact   = `(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])`
	reAnyDate   = `(` + reFullDate + `|` + reMonthYear + `|` + reCompact + `)`

	rePerson = `(?:he|she|the\s+(?:patient|man|woman|boy|girl|child|baby|infant|neonate|mother|father)|our\s+patient|(?:mr|mrs|ms|miss)\.?\s+[a-z]+|an?\s+\d{1,3}[\s-]*(?:year|yr|month|week|day)s?[\s-]*old(?:\s+[a-z]+)?)`
	reEvent  = `(?:born|admitted|readmitted|discharged|seen|transferred|intubated|diagnosed|operated|hospitali[sz]ed|died|presented|collapsed|arrived|attended|delivered|brought)`
)

func newPHIDetector() *phiDetector {
	d := &phiDetector{
		words:      map[string][]*phiRule{},
		doi:        regexp.MustCompile(`^10\.\d{4,9}(?:\.\d+)*/[^\s"<>\]\x60]+`),
		usPhone:    regexp.MustCompile(`^(?:\+?1[\s.-]?)?(?:\(\d{3}\)[\s.-]?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?`),
		intlPhone:  regexp.MustCompile(`^\+\d{1,3}(?:[\s.-]?(?:\(\d{1,4}\)|\d{1,4})){2,6}(?:\s*(?:x|ext\.?)\s*\d{1,5})?`),
		natPhone:   regexp.MustCompile(`^(?:(?:\(0\d{1,4}\)|0\d{1,4})(?:[\s-]\d{2,4}){2,4}|0\d{4}\s\d{6})`),
		ssn:        regexp.MustCompile(`^\d{3}-\d{2}-\d{4}`),
		zip4:       regexp.MustCompile(`^\d{5}-\d{4}`),
		ageNum:     regexp.MustCompile(`(?i)^\d{2,3}(?:[\s-]*(?:years?|yrs?|y)[\s-]*old\b|\s*(?:years?|yrs?)\s+of\s+age\b|\s*(?:yo\b|y/o\b|y\.o\.?))`),
		street:     regexp.MustCompile(`^(\d{1,6}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?,?\s+((?:(?:[A-Z][A-Za-z'’.-]*|\d{1,3}(?:st|nd|rd|th))\s+){1,4}?)((?:Street|Avenue|Road|Boulevard|Lane|Drive|Place|Terrace|Way|Parkway|Highway|Crescent|Plaza|Alley|Mews|Court)\b|(?:St|Ave|Rd|Blvd|Ln|Dr|Pl|Pkwy|Hwy|Ct)\b\.?)(?:\s+(?:NW|NE|SW|SE|N|S|E|W)\b)?)`),
		date:       regexp.MustCompile(`(?i)^` + reFullDate),
		dateAfter:  regexp.MustCompile(`(?i)^(?:,?\s+` + rePerson + `\s+(?:(?:was|had\s+been|has\s+been|is)\s+)?` + reEvent + `\b|\s*[:–-]\s*` + reEvent + `\b)`),
		mac:        regexp.MustCompile(`^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}$`),
		rangeAfter: regexp.MustCompile(`(?i)^\s*(?:-|–|to|until|through|and)\s+\d`),
		ageAfter:   regexp.MustCompile(`(?i)^(?:[\s-]*(?:years?|yrs?)(?:[\s-]+old)?)?\s*(?:\+|or\s+(?:older|over|above|more)|and\s+(?:older|over|above|up)|[-–]\s*\d|to\s+\d|%|\.\d)`),
	}
	add := func(words string, r *phiRule) {
		for _, w := range strings.Fields(words) {
			d.words[w] = append(d.words[w], r)
			d.lengths[w[0]-'a'] |= 1 << len(w)
		}
	}
	// kw compiles a rule: key is the phrase that names the identifier, rest
	// what may follow it up to the identifier (the first group).
	kw := func(key, rest string) *regexp.Regexp { return regexp.MustCompile(`(?i)^(?:` + key + `)` + rest) }
	value := reSep + reFill + reValue

	// (H) medical record numbers, with a label, or "medical record" and a long number.
	add("mrn m mr medical health hospital clinical case patient record records chart charts unit nhs ehr emr clinic", &phiRule{
		kind: phiMRN, minDigits: 3,
		re: kw(`(?:mrn|m\.r\.n\.?|mr\s*#)`+reLabel+`?|(?:(?:medical|health|hospital|clinical|case|patient)\s+)?(?:records?|charts?|hospital|patient|unit|nhs|ehr|emr|clinic)`+reLabel, value),
	})
	add("medical health hospital clinical", &phiRule{
		kind: phiMRN, minDigits: 5, bare: true,
		re: kw(`(?:medical|health|hospital|clinical)\s+records?`, value),
	})
	// (I) health plan beneficiary numbers.
	add("health healthcare insurance member members membership subscriber beneficiary policy policyholder medicaid medicare plan insurer medical group mbi hicn", &phiRule{
		kind: phiPlan, minDigits: 3, bare: true,
		re: kw(`(?:health\s*(?:care\s+)?(?:plan|insurance)|insurance|members?(?:hip)?|subscriber|beneficiary|policy(?:holder)?|medicaid|medicare|plan|insurer|medical\s+aid|group\s+health)(?:\s+(?:member|subscriber|beneficiary|policy|card|plan|insurance))*`+reLabel+`|(?:medicaid|medicare|mbi|hicn)\b`, value),
	})
	// (J) account numbers.
	add("account acct bank billing patient hospital customer guarantor", &phiRule{
		kind: phiAccount, minDigits: 4,
		re: kw(`(?:(?:bank|billing|patient|hospital|customer|guarantor)\s+)?(?:account|acct\b\.?)(?:`+reLabel+`|\s*:)|acct\b\.?`, value),
	})
	// (K) certificate and licence numbers, DEA and NPI numbers.
	add("licence license medical nursing driver drivers driving state professional pharmacy pharmacist physician practitioner prescriber dental provider dea npi gmc nmc upin ahpra hcpc", &phiRule{
		kind: phiLicence, minDigits: 4, bare: true,
		re: kw(`(?:(?:medical|nursing|driver'?s?|driving|state|professional|pharmacy|pharmacist|physician|practitioner|prescriber|dental|provider)\s+)?licen[cs]e(?:`+reLabel+`|\s*:)|(?:dea|npi|gmc|nmc|upin|ahpra|hcpc)\b(?:\s+registration)?`+reLabel+`?`, value),
	})
	// (M) device identifiers and serial numbers.
	add("device implant pacemaker defibrillator icd pump equipment product generator serial s sn imei meid udi esn", &phiRule{
		kind: phiDevice, minDigits: 3,
		re: kw(`(?:(?:device|implant|pacemaker|defibrillator|icd|pump|equipment|product|generator)\s+)?(?:serial(?:`+reLabel+`|\s*[:#])|s/n\b)|(?:device|implant|pacemaker|defibrillator|pump|equipment)(?:\s+(?:serial|udi))?`+reLabel+`|sn\s*[:#]|(?:imei|meid|udi(?:-di)?|esn)\b`+reLabel+`?`,
			reSep+reFill+`(\(\d{2}\)[0-9A-Za-z()]+|`+reValueBody+`)`),
	})
	// (G) social security numbers (and the UK's national insurance number).
	add("ssn ss social soc national ni", &phiRule{
		kind: phiSSN, minDigits: 6,
		re: kw(`ssn|ss\s*#|soc(?:ial)?\.?\s*sec(?:urity)?\.?`+reLabel+`?|national\s+insurance`+reLabel+`?|ni\s+(?:number|no\b\.?)`,
			reSep+reFill+`(\d{3}[\s-]?\d{2}[\s-]?\d{4}|[A-Za-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-Da-d]?)`),
	})
	// (D, E) telephone and fax numbers after a word that says so.
	add("tel telephone phone ph fax facsimile cell cellphone mobile mob pager bleep call text sms whatsapp", &phiRule{
		kind: phiPhone, minDigits: 7, maxDigits: 15,
		re: kw(`tel(?:ephone)?|phone|ph|fax|facsimile|cell(?:phone)?|mobile|mob|pager|bleep|call|text|sms|whatsapp`,
			`\b\.?(?:\s*(?:no\b\.?|number|#|nr\b\.?))?[\s:#=*_|.\-]*(?:(?:on|at|is)\s+)?(\+?\(?\d{1,12}\)?(?:[\s.-]{1,2}\(?\d{1,6}\)?){0,5})`),
	})
	// (B) post office boxes.
	add("po p post pob", &phiRule{
		kind: phiStreet,
		re:   regexp.MustCompile(`(?i)^((?:p\.?\s?o\.?\s*box|post\s+office\s+box|pob)\s*#?\s*\d{1,6})\b`),
	})
	// (C) dates tied to a person: after an event that only a person has.
	add("born admitted readmitted discharged died deceased passed", &phiRule{
		kind: phiDate, check: (*phiScanner).notCohort, window: 120,
		re: kw(`born|admitted|readmitted|discharged|died|deceased|passed\s+away`,
			`(?:[\s:,=_-]+(?:(?:on|in|at|dated|date|the)\b[\s:,]*)*`+reAnyDate+`|(?:\s+[a-z'’]+){1,5}?\s+on\s+(?:the\s+)?(`+reFullDate+`))`),
	})
	add("dob d dod date birth birthdate birthday death admission discharge", &phiRule{
		kind: phiDate,
		re: kw(`dob|d\.o\.b\b\.?|dod|date\s+of\s+(?:birth|death|admission|discharge|demise)|birth\s*(?:date|day)|death\s+date|admission\s+date|discharge\s+date|admission|discharge|death|birth`,
			`[\s:,=_#*|(-]*(?:(?:on|in|of|was|is|date|dated|the)\b[\s:,]*)*`+reAnyDate),
	})
	add("seen presented visited transferred operated diagnosed hospitalised hospitalized examined intubated extubated delivered arrived attended collapsed injured tested vaccinated brought found", &phiRule{
		kind: phiDate, check: (*phiScanner).personBefore, window: 120,
		re: kw(`seen|presented|visited|transferred|operated|diagnosed|hospitali[sz]ed|examined|intubated|extubated|delivered|arrived|attended|collapsed|injured|tested|vaccinated|brought|found`,
			`(?:\s+[a-z'’]+){0,5}?[\s,]+(?:on\s+(?:the\s+)?)?(`+reFullDate+`)`),
	})
	// A date, then the person and the event: "On 12 March 2024 she was admitted".
	add("january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec", &phiRule{
		kind: phiDate, fn: (*phiScanner).dateThenEvent,
	})
	// (C) ages over 89.
	add("age aged", &phiRule{
		kind: phiAge, check: (*phiScanner).ageOK, noDigit: true,
		re: kw(`aged?`, `(?:\s*[:=]\s*|\s+)(?:of\s+)?(\d{2,3}|ninety(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?)\b`),
	})
	add("ninety", &phiRule{
		kind: phiAge, check: (*phiScanner).ageOK, noDigit: true,
		re: regexp.MustCompile(`(?i)^(ninety(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?[\s-]+(?:years?[\s-]+old|year[\s-]old|yrs?[\s-]+old|years\s+of\s+age))\b`),
	})
	// (N) URLs.
	add("http https www ftp", &phiRule{kind: phiURL, fn: (*phiScanner).url})
	return d
}

// phiScanner scans one folded text.
type phiScanner struct {
	d      *phiDetector
	s      string
	found  []phiSpan
	quiet  [][2]int // DOIs: nothing inside them is a finding
	urlEnd int      // end of the last URL seen
}

func (d *phiDetector) find(text string) phiResult {
	t := normalizePHI(text)
	sc := phiScanner{d: d, s: t.norm}
	sc.scan()
	for _, c := range parsePHIOK(text) {
		if c.problem != "" {
			continue // not an allowance: scanned like any text
		}
		sc.quiet = append(sc.quiet, [2]int{t.toNorm(c.start), t.toNorm(c.end)})
	}
	spans := sc.result()
	r := phiResult{t: t, spans: spans}
	if len(spans) > 0 {
		r.findings = make([]PHIFinding, len(spans))
		for i, sp := range spans {
			s, e := t.orig(sp.start, sp.end)
			r.findings[i] = PHIFinding{Start: s, End: e, Kind: sp.kind, Text: text[s:e]}
		}
	}
	return r
}

func (sc *phiScanner) scan() {
	s := sc.s
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case phiDigit(c):
			j := i + 1
			for j < len(s) && phiDigit(s[j]) {
				j++
			}
			if i == 0 || !isAlnum(s[i-1]) {
				sc.number(i, j)
			}
			i = j
		case phiLetter(c):
			j := i + 1
			for j < len(s) && phiLetter(s[j]) {
				j++
			}
			if i == 0 || !isAlnum(s[i-1]) {
				sc.word(i, j)
			}
			i = j
		case c == '@':
			sc.email(i)
			i++
		case c == ':':
			sc.colon(i)
			i++
		default:
			i++
		}
	}
}

// result drops findings inside DOIs and phi-ok comments, sorts the rest and
// drops those inside another.
func (sc *phiScanner) result() []phiSpan {
	spans := sc.found
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].end > spans[j].end
	})
	// A finding overlaps a quiet span when one of the spans starting
	// before it ends reaches past its start: a binary search and the
	// furthest end so far tell.
	quiet := sc.quiet
	sort.Slice(quiet, func(i, j int) bool { return quiet[i][0] < quiet[j][0] })
	reach := make([]int, len(quiet))
	for k, q := range quiet {
		reach[k] = q[1]
		if k > 0 {
			reach[k] = max(reach[k], reach[k-1])
		}
	}
	out := spans[:0]
	maxEnd := -1
	for _, f := range spans {
		k := sort.Search(len(quiet), func(i int) bool { return quiet[i][0] >= f.end }) - 1
		if f.end <= maxEnd || f.start >= f.end || k >= 0 && reach[k] > f.start {
			continue // inside a finding already kept, or quiet
		}
		out = append(out, f)
		maxEnd = f.end
	}
	return out
}

func (sc *phiScanner) add(start, end int, kind string) {
	if kind == phiDate && listBreak(sc.s[start:end], sc.s[end:]) {
		return // "… may\n2. next item": a month word, then a numbered list
	}
	sc.found = append(sc.found, phiSpan{start, end, kind})
}

// listBreak reports whether a date-like match runs onto a new line that
// starts a numbered list item: its number is an item, not a day.
func listBreak(match, after string) bool {
	i := strings.LastIndexByte(match, '\n')
	if i < 0 {
		return false
	}
	rest := strings.TrimLeft(match[i+1:], " \t") + after
	j := 0
	for j < len(rest) && j < 3 && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	return j > 0 && j < len(rest) && (rest[j] == '.' || rest[j] == ')') && (j+1 == len(rest) || rest[j+1] == ' ' || rest[j+1] == '\t')
}

func phiWindow(s string, i, n int) string { return s[i:min(len(s), i+n)] }

func phiByteAt(s string, i int) byte {
	if i < 0 || i >= len(s) {
		return 0
	}
	return s[i]
}

func phiDigit(c byte) bool  { return c >= '0' && c <= '9' }
func phiLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func phiUpper(c byte) bool  { return c >= 'A' && c <= 'Z' }
func phiHex(c byte) bool    { return phiDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'f' }

// endOK reports whether an identifier may end at e: not inside a word or
// a longer number.
func (sc *phiScanner) endOK(e int) bool {
	c := phiByteAt(sc.s, e)
	if isAlnum(c) {
		return false
	}
	return !((c == '-' || c == '/' || c == '.') && phiDigit(phiByteAt(sc.s, e+1)))
}

func phiCountDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if phiDigit(s[i]) {
			n++
		}
	}
	return n
}

// prevWord is the lower-case word before i (skipping spaces and light
// punctuation), or "".
func (sc *phiScanner) prevWord(i int) string {
	s := sc.s
	k := i
	for k > 0 && i-k < 8 && strings.IndexByte(" \t\n:#.([*_", s[k-1]) >= 0 {
		k--
	}
	e := k
	for k > 0 && e-k < 16 && phiLetter(s[k-1]) {
		k--
	}
	if k == e || (k > 0 && phiDigit(s[k-1])) {
		return ""
	}
	return strings.ToLower(s[k:e])
}

// nextWord is the lower-case word after e, or "".
func (sc *phiScanner) nextWord(e int) string {
	s := sc.s
	k := e
	for k < len(s) && k-e < 4 && (s[k] == ' ' || s[k] == '-') {
		k++
	}
	b := k
	for k < len(s) && k-b < 16 && phiLetter(s[k]) {
		k++
	}
	return strings.ToLower(s[b:k])
}

var (
	phiNotPhoneBefore = phiSet("isbn issn pages page pp p doi pmid pmcid nct ref refs vol volume issue chapter table figure fig")
	phiUnits          = phiSet("mg mcg ug g kg ml l dl mmol mol meq iu units unit u mmhg bpm min mins h hr hrs hours days weeks months years cm mm m km mcl nmol pmol patients cases")
	phiNotIPBefore    = phiSet("v version ver release section sect step table figure fig chapter rule appendix item clause paragraph para oid")
	phiCohort         = phiSet("patients people adults children participants those subjects cases individuals women men were all who infants neonates")
	phiMeanWords      = phiSet("mean median average avg")
	phiOverWords      = phiSet("over above than least beyond under between from")
	phiNotPerson      = phiSet("hospital building tradition institution drug treatment technique method practice law guideline test rule journal society tree house church school company theory question debate problem disease vaccine medicine remedy textbook trial study")
	phiStreetWords    = phiSet("Street Avenue Road Boulevard Lane Drive Place Terrace Way Parkway Highway Crescent Plaza Alley Mews Court St Ave Rd Blvd Ln Dr Pl Pkwy Hwy Ct")
	phiEventStarts    = phiSet("he she the our mr mrs ms miss a an")
	phiMonths         = phiSet("january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec")
	phiStreetStop     = phiSet("the a an of in on and to for with this that our his her per by at from is was are")
	phiPersonWords    = phiSet("he she him her his hers patient pt man woman boy girl child infant baby neonate newborn toddler adolescent teenager teen mother father son daughter wife husband brother sister grandmother grandfather mr mrs ms miss gentleman lady male female")
	phiFileExts       = phiSet("png jpg jpeg gif svg webp pdf md html htm css js json txt csv mp4 mp3 zip tif tiff bmp heic docx xlsx pptx")
	phiStates         = phiSet("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI")
	phiURLKeys        = phiSet("mrn mr mrno mrnumber medicalrecord medicalrecordnumber patient patientid patid pid ptid ssn socialsecurity dob dateofbirth birthdate memberid member subscriberid accountid account acct accountnumber recordid record recordnumber chart chartid encounter encounterid visitid admissionid healthplanid planid policyid insuranceid deviceid serial serialnumber email phone tel fax license licence licenseid npi dea")
	phiURLSegments    = phiSet("patient patients pt mrn mrns record records medicalrecord medicalrecords chart charts member members account accounts encounter encounters subject subjects person persons ehr emr")
	phiURLID          = regexp.MustCompile(`^[A-Za-z]{0,4}[-_]?\d[\d-]{2,}[A-Za-z]?$`)
	phiURLSegID       = regexp.MustCompile(`(?i)^(?:mrn|patient|pt|record|chart)[-_]?\d{3,}$`)
)

func phiSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

func (sc *phiScanner) word(i, j int) {
	if j-i > 16 || sc.d.lengths[(sc.s[i]|0x20)-'a']&(1<<(j-i)) == 0 {
		return
	}
	var buf [16]byte
	for k := i; k < j; k++ {
		buf[k-i] = sc.s[k] | 0x20
	}
	for _, r := range sc.d.words[string(buf[:j-i])] {
		if r.fn != nil {
			r.fn(sc, i, j)
			continue
		}
		sc.apply(r, i)
	}
}

// apply tries rule r at the key word starting at i.
func (sc *phiScanner) apply(r *phiRule, i int) {
	n := r.window
	if n == 0 {
		n = 80
	}
	w := phiWindow(sc.s, i, n)
	if !r.noDigit && strings.IndexAny(w, "0123456789") < 0 {
		return // every other identifier has a digit: spare the regexp
	}
	m := r.re.FindStringSubmatchIndex(w)
	if m == nil {
		return
	}
	start, end := -1, -1
	for g := 2; g+1 < len(m); g += 2 {
		if m[g] >= 0 && m[g+1] > m[g] {
			start, end = i+m[g], i+m[g+1]
			break
		}
	}
	if start < 0 {
		return
	}
	v := sc.s[start:end]
	if k := strings.LastIndexByte(v, '.'); k > 0 && phiFileExts[strings.ToLower(v[k+1:])] {
		end, v = start+k, v[:k] // "mrn12345678.png"
	}
	if d := phiCountDigits(v); d < r.minDigits || (r.maxDigits > 0 && d > r.maxDigits) {
		return
	}
	if r.bare && phiYearish(v) {
		return
	}
	if r.kind != phiDate && phiMeasurement(v) {
		return // "| Patient no | 94.8 |": a value in a table, not a record number
	}
	if r.kind == phiDate && !sc.dateOK(start, end) {
		return
	}
	if r.kind != phiStreet && !sc.endOK(end) {
		return
	}
	if r.check != nil && !r.check(sc, i, start, end) {
		return
	}
	sc.add(start, end, r.kind)
}

// phiMeasurement reports whether v is a short decimal number, such as
// 94.8 or 120.25: a measurement, never an identifier (those are whole
// numbers, or groups joined by dashes, slashes or several dots).
func phiMeasurement(v string) bool {
	whole, frac, ok := strings.Cut(v, ".")
	return ok && len(whole) >= 1 && len(whole) <= 4 && len(frac) >= 1 && len(frac) <= 2 &&
		phiCountDigits(whole) == len(whole) && phiCountDigits(frac) == len(frac)
}

// phiYearish reports whether v is a year or a range of years.
func phiYearish(v string) bool {
	if len(v) == 4 && (strings.HasPrefix(v, "19") || strings.HasPrefix(v, "20")) && phiCountDigits(v) == 4 {
		return true
	}
	if a, b, ok := strings.Cut(v, "-"); ok {
		return phiYearish(a) && (phiYearish(b) || len(b) == 2 && phiCountDigits(b) == 2)
	}
	return false
}

// dateOK checks a matched date: a real day and month, not part of a
// longer number, and not the start of a range.
func (sc *phiScanner) dateOK(start, end int) bool {
	if phiDigit(phiByteAt(sc.s, end)) {
		return false
	}
	v := sc.s[start:end]
	if len(v) > 0 && phiDigit(v[0]) && strings.ContainsAny(v, "/.-") && phiCountDigits(v) >= 4 {
		parts := strings.FieldsFunc(v, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
		if len(parts) != 3 {
			return false
		}
		num := func(p string) int {
			n := 0
			for i := 0; i < len(p) && i < 4; i++ {
				n = n*10 + int(p[i]-'0')
			}
			return n
		}
		a, b, c := num(parts[0]), num(parts[1]), num(parts[2])
		if len(parts[0]) == 4 {
			if b < 1 || b > 12 || c < 1 || c > 31 {
				return false
			}
		} else if a < 1 || b < 1 || a > 31 || b > 31 || (a > 12 && b > 12) {
			return false
		}
		if (end < len(sc.s)) && strings.IndexByte("/.-", sc.s[end]) >= 0 && phiDigit(phiByteAt(sc.s, end+1)) {
			return false
		}
	}
	return !sc.d.rangeAfter.MatchString(phiWindow(sc.s, end, 24))
}

// notCohort refuses "patients admitted on 1 March 2020": a study's
// inclusion date, not a person's.
func (sc *phiScanner) notCohort(at, start, end int) bool {
	return !phiCohort[sc.prevWord(at)]
}

// personBefore reports whether the sentence before at speaks of one
// person: "she", "the patient", "a 67-year-old man", "Mrs Jones".
func (sc *phiScanner) personBefore(at, start, end int) bool {
	s := sc.s
	lo := max(0, at-200)
	k := at
	for k > lo {
		c := s[k-1]
		if (c == '.' || c == '!' || c == '?') && k < len(s) && (s[k] == ' ' || s[k] == '\n') {
			w := sc.prevWord(k)
			if !(c == '.' && (w == "mr" || w == "mrs" || w == "ms" || w == "dr" || w == "st" || w == "vs" || w == "no")) {
				break
			}
		}
		if c == '\n' && k >= 2 && s[k-2] == '\n' {
			break
		}
		k--
	}
	prev := ""
	for i := k; i < at; {
		if !phiLetter(s[i]) {
			i++
			continue
		}
		j := i
		for j < at && phiLetter(s[j]) {
			j++
		}
		w := strings.ToLower(s[i:j])
		if phiPersonWords[w] || (w == "old" && (prev == "year" || prev == "years")) {
			return true
		}
		prev = w
		i = j
	}
	return false
}

// ageOK refuses the Safe Harbor category "90 or older", ranges, cohort
// statistics, and things that are old but not people.
func (sc *phiScanner) ageOK(at, start, end int) bool {
	v := sc.s[start:end]
	if phiDigit(v[0]) {
		n := 0
		for i := 0; i < len(v) && phiDigit(v[i]); i++ {
			n = n*10 + int(v[i]-'0')
		}
		if n < 90 || n > 125 {
			return false
		}
	}
	if sc.d.ageAfter.MatchString(phiWindow(sc.s, end, 40)) {
		return false
	}
	p := sc.prevWord(at)
	if phiMeanWords[p] || phiOverWords[p] || p == "to" || p == "and" {
		return false
	}
	b := strings.TrimRight(sc.s[max(0, at-8):at], " ")
	if strings.HasSuffix(b, ">") || strings.HasSuffix(b, "≥") || strings.HasSuffix(b, "+") ||
		strings.HasSuffix(b, "-") && len(b) >= 2 && phiDigit(b[len(b)-2]) {
		return false // "≥ 90", "80-95-year-old"
	}
	return !phiNotPerson[sc.nextWord(end)]
}

// number runs the detectors that start at a number.
func (sc *phiScanner) number(i, j int) {
	s := sc.s
	n := j - i
	next := phiByteAt(s, j)
	if n == 2 && s[i] == '1' && s[i+1] == '0' && next == '.' {
		if m := sc.d.doi.FindStringIndex(phiWindow(s, i, 400)); m != nil {
			e := i + m[1]
			for e > i && strings.IndexByte(".,;:'*_", s[e-1]) >= 0 {
				e--
			}
			if s[e-1] == ')' && !strings.Contains(s[i:e-1], "(") {
				e--
			}
			sc.quiet = append(sc.quiet, [2]int{i, e})
			return
		}
	}
	if n <= 3 && next == '.' {
		sc.ipv4(i)
	}
	sc.phone(i, n)
	if n == 3 && next == '-' {
		if m := sc.d.ssn.FindStringIndex(phiWindow(s, i, 12)); m != nil && sc.endOK(i+m[1]) && !phiNotPhoneBefore[sc.prevWord(i)] {
			sc.add(i, i+m[1], phiSSN)
		}
	}
	if n == 5 {
		sc.zip(i, j)
	}
	if n == 2 && s[i] == '9' || n == 3 && s[i] == '1' && (s[i+1] == '0' || s[i+1] == '1' || s[i+1] == '2' && s[i+2] <= '5') {
		if m := sc.d.ageNum.FindStringIndex(phiWindow(s, i, 40)); m != nil && !isAlnum(phiByteAt(s, i+m[1])) {
			if sc.ageOK(i, i, i+m[1]) {
				sc.add(i, i+m[1], phiAge)
			}
		}
	}
	if n <= 6 && sc.streetShape(j) {
		sc.street(i)
	}
	if n <= 4 && sc.dateShape(i, j) {
		sc.dateThenEvent(i, j)
	}
}

func (sc *phiScanner) ipv4(i int) {
	s := sc.s
	k := i
	for g := 0; g < 4; g++ {
		v, d := 0, 0
		for k < len(s) && d < 4 && phiDigit(s[k]) {
			v = v*10 + int(s[k]-'0')
			k++
			d++
		}
		if d == 0 || d > 3 || v > 255 {
			return
		}
		if g == 0 && (v == 127 || v == 0 || v == 255) {
			return // loopback, unspecified, netmasks: no one's address
		}
		if g < 3 {
			if phiByteAt(s, k) != '.' {
				return
			}
			k++
		}
	}
	if isAlnum(phiByteAt(s, k)) || (phiByteAt(s, k) == '.' && phiDigit(phiByteAt(s, k+1))) {
		return
	}
	if i >= 2 && s[i-1] == '.' && phiDigit(s[i-2]) {
		return
	}
	if phiNotIPBefore[sc.prevWord(i)] || phiByteAt(s, i-1) == '§' {
		return
	}
	sc.add(i, k, phiIP)
}

// phone finds telephone and fax numbers by their shape: North American,
// international with +, and national with a leading 0.
func (sc *phiScanner) phone(i, n int) {
	s := sc.s
	ws := i
	if i > 0 && (s[i-1] == '(' || s[i-1] == '+') {
		ws = i - 1
	}
	if ws > 0 && isAlnum(s[ws-1]) {
		return
	}
	w := phiWindow(s, ws, 48)
	var m []int
	if s[ws] == '+' {
		if m = sc.d.intlPhone.FindStringIndex(w); m != nil {
			if d := phiCountDigits(w[:m[1]]); d < 8 || d > 15 {
				m = nil
			}
		}
	}
	if m == nil && (n == 3 || n == 1 && s[i] == '1') {
		k := i + n
		if phiByteAt(s, k) == ')' {
			k++
		}
		if c := phiByteAt(s, k); c == ' ' || c == '.' || c == '-' {
			k++
		}
		if c := phiByteAt(s, k); phiDigit(c) || c == '(' {
			m = sc.d.usPhone.FindStringIndex(w)
		}
	}
	if m == nil && s[i] == '0' && n >= 2 {
		if m = sc.d.natPhone.FindStringIndex(w); m != nil {
			if d := phiCountDigits(w[:m[1]]); d < 10 || d > 11 {
				m = nil
			}
		}
	}
	if m == nil {
		return
	}
	e := ws + m[1]
	if !sc.endOK(e) || phiUnits[sc.nextWord(e)] || phiNotPhoneBefore[sc.prevWord(ws)] {
		return
	}
	sc.add(ws, e, phiPhone)
}

func (sc *phiScanner) zip(i, j int) {
	s := sc.s
	if phiNotPhoneBefore[sc.prevWord(i)] {
		return
	}
	if phiByteAt(s, j) == '-' {
		if m := sc.d.zip4.FindStringIndex(phiWindow(s, i, 10)); m != nil && sc.endOK(i+m[1]) && !phiUnits[sc.nextWord(i+m[1])] {
			sc.add(i, i+m[1], phiZIP4)
		}
		return
	}
	// "Springfield, IL 62704": a five-digit ZIP code after a state.
	if i >= 5 && s[i-1] == ' ' && s[i-4] == ' ' && s[i-5] == ',' && phiStates[s[i-3:i-1]] && sc.endOK(j) {
		sc.add(i, j, phiZIP)
	}
}

// streetShape reports whether the number ending at j may start a street
// address: "221B Baker", "12-14 Station", "7, Elm".
func (sc *phiScanner) streetShape(j int) bool {
	s := sc.s
	if phiLetter(phiByteAt(s, j)) && phiByteAt(s, j+1) == ' ' {
		j++
	}
	if c := phiByteAt(s, j); (c == '-' || c == '/') && phiDigit(phiByteAt(s, j+1)) {
		for j++; phiDigit(phiByteAt(s, j)); j++ {
		}
		if phiLetter(phiByteAt(s, j)) {
			j++
		}
	}
	if phiByteAt(s, j) == ',' {
		j++
	}
	if phiByteAt(s, j) != ' ' || !phiUpper(phiByteAt(s, j+1)) {
		return false
	}
	// One to four names, then a street word: "Baker Street", "5th Ave".
	for w, k := 0, j+1; w < 5; w++ {
		b := k
		for k < len(s) && k-b < 20 && (isAlnum(s[k]) || s[k] == '\'' || s[k] == '-') {
			k++
		}
		if k == b {
			return false
		}
		if w > 0 && phiStreetWords[s[b:k]] {
			return true
		}
		if !phiUpper(s[b]) && !(phiDigit(s[b]) && phiLetter(s[k-1])) {
			return false
		}
		if phiByteAt(s, k) == '.' {
			k++
		}
		if phiByteAt(s, k) != ' ' {
			return false
		}
		k++
	}
	return false
}

// dateShape reports whether the number from i to j may start a date:
// "12/03/2024", "2024-03-12", "12 March", "12th of March".
func (sc *phiScanner) dateShape(i, j int) bool {
	s := sc.s
	c := phiByteAt(s, j)
	if c == '/' || c == '.' || c == '-' {
		k := j + 1
		for k < len(s) && k-j <= 2 && phiDigit(s[k]) {
			k++
		}
		return k > j+1 && k < len(s) && s[k] == c && phiDigit(phiByteAt(s, k+1))
	}
	if j-i > 2 {
		return false
	}
	k := j
	if phiLetter(c) { // 12th
		for k < len(s) && k-j < 2 && phiLetter(s[k]) {
			k++
		}
	}
	w := sc.nextWord(k)
	if w == "of" {
		w = sc.nextWord(k + 1 + 2)
	}
	return phiMonths[w]
}

func (sc *phiScanner) street(i int) {
	m := sc.d.street.FindStringSubmatchIndex(phiWindow(sc.s, i, 120))
	if m == nil {
		return
	}
	for _, w := range strings.Fields(sc.s[i+m[4] : i+m[5]]) {
		if phiStreetStop[strings.ToLower(w)] {
			return
		}
	}
	end := i + m[3]
	if suffix := strings.TrimSuffix(sc.s[i+m[6]:i+m[7]], "."); suffix == "St" || suffix == "Dr" {
		// "12 St Thomas", "2 Dr Jones": a saint or a doctor, not a street.
		if phiByteAt(sc.s, end) == ' ' && phiUpper(phiByteAt(sc.s, end+1)) {
			return
		}
	}
	switch sc.prevWord(i) {
	case "grade", "stage", "figure", "fig", "table", "step", "type", "class", "level", "version", "page", "chapter", "section", "day", "week", "month", "year", "bed", "ward", "room", "box":
		return
	}
	sc.add(i, end, phiStreet)
}

// dateThenEvent finds a date followed by the person and an event: "On 12
// March 2024 she was admitted", "12/03/2024: admitted to ICU".
func (sc *phiScanner) dateThenEvent(i, j int) {
	if phiLetter(sc.s[i]) && !phiDigit(phiByteAt(sc.s, j+1)) && !phiDigit(phiByteAt(sc.s, j+2)) {
		return // a month name not followed by a day
	}
	m := sc.d.date.FindStringIndex(phiWindow(sc.s, i, 40))
	if m == nil {
		return
	}
	e := i + m[1]
	if !sc.dateOK(i, e) || isAlnum(phiByteAt(sc.s, e)) {
		return
	}
	k := e
	for k < len(sc.s) && k-e < 4 && (sc.s[k] == ',' || sc.s[k] == ' ') {
		k++
	}
	if c := phiByteAt(sc.s, k); c != ':' && c != '-' && c != 0xE2 && !phiEventStarts[sc.nextWord(k)] {
		return // neither "12 March: admitted" nor "12 March, she was admitted"
	}
	if sc.d.dateAfter.MatchString(phiWindow(sc.s, e, 120)) {
		sc.add(i, e, phiDate)
	}
}

// email finds an address around the '@' at i.
func (sc *phiScanner) email(at int) {
	s := sc.s
	k := at
	for k > 0 && at-k < 64 && (isAlnum(s[k-1]) || strings.IndexByte("._%+-'", s[k-1]) >= 0) {
		k--
	}
	for k < at && (s[k] == '.' || s[k] == '\'' || s[k] == '-') {
		k++
	}
	if k == at {
		return
	}
	e := at + 1
	for e < len(s) && e-at < 255 && (isAlnum(s[e]) || s[e] == '-' || s[e] == '.') {
		e++
	}
	for e > at+1 && (s[e-1] == '.' || s[e-1] == '-') {
		e--
	}
	dom := s[at+1 : e]
	dot := strings.LastIndexByte(dom, '.')
	if dot <= 0 || !isAlnum(dom[0]) {
		return
	}
	tld := dom[dot+1:]
	if len(tld) < 2 || phiFileExts[strings.ToLower(tld)] {
		return
	}
	for i := 0; i < len(tld); i++ {
		if !phiLetter(tld[i]) {
			return
		}
	}
	sc.add(k, e, phiEmail)
}

// colon finds IPv6 addresses and MAC addresses around the ':' at i.
func (sc *phiScanner) colon(i int) {
	s := sc.s
	if !(i > 0 && (phiHex(s[i-1]) || s[i-1] == ':') && i+1 < len(s) && (phiHex(s[i+1]) || s[i+1] == ':')) {
		return
	}
	if i >= 2 && s[i-1] == ':' && s[i-2] == ':' {
		return
	}
	a := i
	for a > 0 && i-a < 45 && (phiHex(s[a-1]) || s[a-1] == ':') {
		a--
	}
	if a > 0 && (isAlnum(s[a-1]) || s[a-1] == ':') {
		return
	}
	if a < i && strings.IndexByte(s[a:i], ':') >= 0 && !(a+1 < len(s) && s[a] == ':' && s[a+1] == ':') {
		return // an earlier colon of the same candidate did the work
	}
	b := i
	for b < len(s) && b-i < 45 && (phiHex(s[b]) || s[b] == ':' || s[b] == '.') {
		b++
	}
	for b > i && (s[b-1] == '.' || s[b-1] == ':') {
		b--
	}
	if b < len(s) && isAlnum(s[b]) {
		return
	}
	cand := s[a:b]
	if strings.Count(cand, ":") < 2 {
		return
	}
	if sc.d.mac.MatchString(cand) {
		sc.add(a, b, phiDevice)
		return
	}
	if addr, err := netip.ParseAddr(cand); err == nil && addr.Is6() && !addr.IsLoopback() && !addr.IsUnspecified() {
		sc.add(a, b, phiIP)
	}
}

// url finds a URL at the word http, https, ftp or www that carries an
// identifier: a query parameter such as mrn= or patient_id=, or a path
// such as /patients/12345.
func (sc *phiScanner) url(i, j int) {
	s := sc.s
	rest := s[j:]
	if i < sc.urlEnd {
		return // part of the URL before
	}
	if !strings.HasPrefix(rest, "://") && !(j-i == 3 && strings.EqualFold(s[i:j], "www") && strings.HasPrefix(rest, ".")) {
		return
	}
	e := j
	depth := 0
	for e < len(s) && e-i < 2048 {
		c := s[e]
		if c <= ' ' || strings.IndexByte("<>\"'`]", c) >= 0 {
			break
		}
		if c == '(' {
			depth++
		}
		if c == ')' {
			if depth == 0 {
				break
			}
			depth--
		}
		e++
	}
	for e > j && strings.IndexByte(".,;:!?*_", s[e-1]) >= 0 {
		e--
	}
	sc.urlEnd = e
	u := s[i:e]
	if k := strings.Index(u, "://"); k >= 0 {
		u = u[k+3:]
	}
	if phiURLHasID(u) {
		sc.add(i, e, phiURL)
	}
}

// phiURLHasID looks at a URL after its scheme.
func phiURLHasID(u string) bool {
	path, query := u, ""
	if k := strings.IndexAny(u, "?#"); k >= 0 {
		path, query = u[:k], u[k+1:]
	}
	for _, kv := range strings.FieldsFunc(query, func(r rune) bool { return r == '&' || r == ';' || r == '?' || r == '#' }) {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || len(v) < 3 {
			continue
		}
		key := strings.ToLower(strings.NewReplacer("-", "", "_", "", ".", "").Replace(k))
		switch strings.ToLower(v) {
		case "true", "false", "yes", "no", "all", "none", "null":
			continue
		}
		if phiURLKeys[key] {
			return true
		}
	}
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		if i == 0 {
			continue // the host
		}
		if phiURLSegID.MatchString(seg) {
			return true
		}
		if phiURLSegments[strings.ToLower(seg)] && i+1 < len(segs) && phiURLID.MatchString(segs[i+1]) {
			return true
		}
	}
	return false
}
