package diag

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Severity says whether a diagnostic blocks publication.
type Severity int

const (
	// Error blocks publication; it can never be silenced.
	Error Severity = iota
	// Warning is reported, and blocks only with --strict.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Pos is a place in a file: 1-based line and column (in bytes, as compilers
// count). A zero line means the whole file.
type Pos struct {
	Line, Col int
}

// MaxPerFile is how many diagnostics of one file are kept and printed; the
// rest are counted and printed as "and N more". A module that repeats one
// mistake 200,000 times has one thing to fix, and a list of every instance
// would cost memory in proportion to the attack (SPEC.md, Shared
// conventions, Diagnostics).
const MaxPerFile = 100

// Diagnostic is one problem in one place.
type Diagnostic struct {
	Path     string // site-relative, slash-separated
	Pos      Pos
	Severity Severity
	Rule     string // "reviewed", "syntax", "unknown-key", ...
	Message  string
	// Source is the offending source line, without newline, or the part
	// of it around Pos (File.At keeps at most excerptWidth characters:
	// a diagnostic never holds a copy of a long line); may be empty.
	Source string
	// SourceStart is the byte offset in the line at which Source starts;
	// SourceCut says the line goes on after Source. Print marks both
	// cuts with "…".
	SourceStart int
	SourceCut   bool
	Notes       []string
	Help        string
	// Omitted counts the diagnostics of the same file that List.Add left
	// out after MaxPerFile, by severity: they are printed as "and N more"
	// and still counted by Errors and Warnings.
	Omitted [2]int
}

// String formats the first line: path:line:col: severity: rule: message.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Pos.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", d.Pos.Line, max(d.Pos.Col, 1))
	}
	fmt.Fprintf(&b, ": %s: ", d.Severity)
	if d.Rule != "" {
		b.WriteString(d.Rule)
		b.WriteString(": ")
	}
	b.WriteString(d.Message)
	return b.String()
}

// List is a collection of diagnostics.
type List []Diagnostic

// Add appends a diagnostic, unless the list ends with MaxPerFile of the
// same file already: then it is only counted, in the last of them.
func (l *List) Add(d Diagnostic) {
	if p := l.slot(d.Path, d.Severity); p != nil {
		*p = d
	}
}

// slot appends an empty diagnostic for path and returns it, or counts one
// more omitted diagnostic of sev and returns nil when the list ends with
// MaxPerFile diagnostics of path. Only the tail is looked at (at most
// MaxPerFile entries), so adding stays cheap on a site-wide list; a file
// whose diagnostics are interleaved with another's may keep more, and
// Print cuts those.
func (l *List) slot(path string, sev Severity) *Diagnostic {
	n := 0
	for i := len(*l) - 1; i >= 0 && (*l)[i].Path == path && n < MaxPerFile; i-- {
		n++
	}
	if n == MaxPerFile {
		(*l)[len(*l)-1].Omitted[sev]++
		return nil
	}
	*l = append(*l, Diagnostic{})
	return &(*l)[len(*l)-1]
}

// discard returns a diagnostic that is not in the list, for the callers of
// Errorf, Warnf and At to fill in when theirs was omitted: the place past
// the end of the list, which the next Add overwrites, so that omitting
// allocates nothing.
func (l *List) discard() *Diagnostic {
	*l = append(*l, Diagnostic{})
	*l = (*l)[:len(*l)-1]
	return &(*l)[:len(*l)+1][len(*l)]
}

// Errorf appends an error at pos.
func (l *List) Errorf(path string, pos Pos, rule, format string, args ...any) *Diagnostic {
	return l.add(path, pos, Error, rule, format, args)
}

// Warnf appends a warning at pos.
func (l *List) Warnf(path string, pos Pos, rule, format string, args ...any) *Diagnostic {
	return l.add(path, pos, Warning, rule, format, args)
}

// add appends a diagnostic (or counts it, see Add) and returns it for the
// caller to add help and notes; the message is formatted only when kept.
func (l *List) add(path string, pos Pos, sev Severity, rule, format string, args []any) *Diagnostic {
	d := l.slot(path, sev)
	if d == nil {
		return l.discard()
	}
	*d = Diagnostic{Path: path, Pos: pos, Severity: sev, Rule: rule, Message: fmt.Sprintf(format, args...)}
	return d
}

// Errors counts the errors, omitted ones included.
func (l List) Errors() int { return l.count(Error) }

// Warnings counts the warnings, omitted ones included.
func (l List) Warnings() int { return l.count(Warning) }

func (l List) count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
		n += d.Omitted[s]
	}
	return n
}

// Mentions reports whether a diagnostic of l is in the file at path.
func (l List) Mentions(path string) bool {
	for _, d := range l {
		if d.Path == path {
			return true
		}
	}
	return false
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool { return l.Errors() > 0 }

// Sort orders by path, position, severity, rule and message, so output is
// the same on every run whatever order workers finished in. A list in
// order already (the dev server sorts tens of thousands of warnings on
// every edit) costs one pass.
func (l List) Sort() {
	less := func(i, j int) bool { return before(&l[i], &l[j]) }
	if !sort.SliceIsSorted(l, less) {
		sort.SliceStable(l, less)
	}
}

// Equal reports whether two lists hold the same diagnostics in the same
// order.
func (l List) Equal(m List) bool {
	return slices.EqualFunc(l, m, func(a, b Diagnostic) bool {
		return a.Path == b.Path && a.Pos == b.Pos && a.Severity == b.Severity && a.Rule == b.Rule &&
			a.Message == b.Message && a.Source == b.Source && a.SourceStart == b.SourceStart &&
			a.SourceCut == b.SourceCut && a.Help == b.Help && slices.Equal(a.Notes, b.Notes) && a.Omitted == b.Omitted
	})
}

func before(a, b *Diagnostic) bool {
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	if a.Pos.Line != b.Pos.Line {
		return a.Pos.Line < b.Pos.Line
	}
	if a.Pos.Col != b.Pos.Col {
		return a.Pos.Col < b.Pos.Col
	}
	if a.Severity != b.Severity {
		return a.Severity < b.Severity
	}
	if a.Rule != b.Rule {
		return a.Rule < b.Rule
	}
	return a.Message < b.Message
}

// Print writes every diagnostic with its source excerpt, notes and help,
// at most MaxPerFile of a file, then a line saying how many more there
// are; Summary gives the count line. Output is buffered: a large site can
// have tens of thousands of warnings. The list should be sorted: a file's
// diagnostics are then one run, and its "and N more" line follows it.
func (l List) Print(out io.Writer) {
	w := bufio.NewWriter(out)
	defer w.Flush()
	shown := map[string]int{}
	var more [2]int // of the current run's file
	for i, d := range l {
		more[0] += d.Omitted[0]
		more[1] += d.Omitted[1]
		if shown[d.Path] < MaxPerFile {
			shown[d.Path]++
			d.print(w)
		} else {
			more[d.Severity]++
		}
		if i+1 == len(l) || l[i+1].Path != d.Path {
			if n := more[0] + more[1]; n > 0 {
				fmt.Fprintf(w, "%s: and %d more (%s, %s)\n", d.Path, n, plural(more[0], "error"), plural(more[1], "warning"))
			}
			more = [2]int{}
		}
	}
}

// print writes one diagnostic: its line, the source excerpt with a caret
// under Pos, its notes and help.
func (d *Diagnostic) print(w io.Writer) {
	fmt.Fprintln(w, d.String())
	if d.Source != "" && d.Pos.Line > 0 {
		num := fmt.Sprint(d.Pos.Line)
		src, col := excerpt(strings.ReplaceAll(d.Source, "\t", " "), caretColumn(d.Source, d.Pos.Col-d.SourceStart), d.SourceStart > 0, d.SourceCut)
		fmt.Fprintf(w, "    %s | %s\n", num, src)
		fmt.Fprintf(w, "    %s | %s^\n", strings.Repeat(" ", len(num)), strings.Repeat(" ", col))
	}
	for _, n := range d.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	if d.Help != "" {
		fmt.Fprintf(w, "  help: %s\n", d.Help)
	}
}

// excerptWidth and excerptBefore shape what is shown of a source line: at
// most excerptWidth characters, the caret excerptBefore characters in when
// the line allows it.
const excerptWidth, excerptBefore = 100, 40

// excerpt clips a source line longer than a terminal's width to the part
// around the caret (which is caret runes in), marking each cut with "…",
// and returns the caret's place in what it kept: a minified or generated
// line can be megabytes long. cutBefore and cutAfter say that line is
// itself a part of a longer line (File.At keeps no more).
func excerpt(line string, caret int, cutBefore, cutAfter bool) (string, int) {
	// Invalid bytes print as U+FFFD, one for each, as the caret counts.
	if utf8.RuneCountInString(line) > excerptWidth || !utf8.ValidString(line) {
		runes := []rune(line)
		start := max(0, min(caret-excerptBefore, len(runes)-excerptWidth))
		end := min(len(runes), start+excerptWidth)
		line, caret = string(runes[start:end]), caret-start
		cutBefore = cutBefore || start > 0
		cutAfter = cutAfter || end < len(runes)
	}
	if cutBefore {
		line, caret = "…"+line, caret+1
	}
	if cutAfter {
		line += "…"
	}
	return line, caret
}

// caretColumn converts a 1-based byte column into the number of runes
// before it, so the caret sits under the right character: a column inside
// a character's bytes points at that character.
func caretColumn(line string, col int) int {
	if col <= 1 {
		return 0
	}
	if col-1 >= len(line) {
		return utf8.RuneCountInString(line)
	}
	return utf8.RuneCountInString(line[:runeStart(line, col-1)])
}

// runeStart returns the offset at which the character holding byte i of b
// starts, decoding as utf8.DecodeRune does (an invalid byte is a
// character of its own), looking back at most utf8.UTFMax-1 bytes: the
// nearest byte that can start a character always does.
func runeStart[T ~string | ~[]byte](b T, i int) int {
	for s := i; s >= 0 && s > i-utf8.UTFMax; s-- {
		if utf8.RuneStart(b[s]) {
			if _, size := utf8.DecodeRuneInString(string(b[s:min(len(b), s+utf8.UTFMax)])); s+size > i {
				return s
			}
			break
		}
	}
	return i
}

// Summary is the one-line count printed after the list.
func (l List) Summary() string {
	return fmt.Sprintf("%s, %s", plural(l.Errors(), "error"), plural(l.Warnings(), "warning"))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// File maps byte offsets of one file to lines and columns.
type File struct {
	Path string
	Src  []byte
	mu   sync.Mutex
	// lines is the offset of the start of each line, made on the first
	// lookup: most files never have a diagnostic, and a site holds
	// thousands of files.
	lines []int
}

// NewFile returns src for position lookups.
func NewFile(path string, src []byte) *File {
	return &File{Path: path, Src: src}
}

// index returns the line starts, making them once.
func (f *File) index() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.lines == nil {
		f.lines = []int{0}
		for i, c := range f.Src {
			if c == '\n' {
				f.lines = append(f.lines, i+1)
			}
		}
	}
	return f.lines
}

// SetSrc replaces the source (nil lets it go), forgetting the line index.
func (f *File) SetSrc(src []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Src, f.lines = src, nil
}

// Pos converts a byte offset into a position; offsets out of range are
// clamped into the file.
func (f *File) Pos(offset int) Pos {
	lines := f.index()
	offset = min(max(offset, 0), len(f.Src))
	i := sort.Search(len(lines), func(i int) bool { return lines[i] > offset }) - 1
	return Pos{Line: i + 1, Col: offset - lines[i] + 1}
}

// Line returns the text of 1-based line n without its line ending.
func (f *File) Line(n int) string {
	return string(f.line(n))
}

// line returns line n of the source, without a copy.
func (f *File) line(n int) []byte {
	lines := f.index()
	if n < 1 || n > len(lines) {
		return nil
	}
	start := lines[n-1]
	end := len(f.Src)
	if n < len(lines) {
		end = lines[n] - 1
	}
	return bytes.TrimRight(f.Src[start:end], "\r")
}

// Show sets d's position to pos and its source to the part of that line
// around it that Print shows: a diagnostic holds at most excerptWidth
// characters of source, whatever the line's length (16,000 diagnostics on
// one 350 KB line held a copy of it each: 12 GB). The work is in
// proportion to what is kept, not to the line.
func (f *File) Show(d *Diagnostic, pos Pos) {
	d.Pos = pos
	line := f.line(pos.Line)
	if len(line) <= excerptWidth { // then it has at most that many characters
		d.Source, d.SourceStart, d.SourceCut = string(line), 0, false
		return
	}
	caret := min(max(pos.Col-1, 0), len(line))
	if caret < len(line) {
		caret = runeStart(line, caret)
	}
	// Up to excerptBefore characters before the caret, the rest after it;
	// a caret near the end takes more before, as excerpt does.
	start, before := caret, 0
	for ; start > 0 && before < excerptBefore; before++ {
		start = runeStart(line, start-1)
	}
	end, n := caret, before
	for ; end < len(line) && n < excerptWidth; n++ {
		_, size := utf8.DecodeRune(line[end:])
		end += size
	}
	for ; start > 0 && n < excerptWidth; n++ {
		start = runeStart(line, start-1)
	}
	d.Source, d.SourceStart, d.SourceCut = string(line[start:end]), start, end < len(line)
}

// Errorf appends to l an error at offset in f, with the source around it.
func (f *File) Errorf(l *List, offset int, rule, format string, args ...any) *Diagnostic {
	return f.At(l, f.Pos(offset), Error, rule, format, args...)
}

// At appends a diagnostic at pos in f, with the source around it (see
// Show), unless l has MaxPerFile of f's already (see List.Add): then the
// diagnostic returned is not in l, and the message is not formatted.
func (f *File) At(l *List, pos Pos, sev Severity, rule, format string, args ...any) *Diagnostic {
	d := l.slot(f.Path, sev)
	if d == nil {
		return l.discard()
	}
	*d = Diagnostic{Path: f.Path, Severity: sev, Rule: rule, Message: fmt.Sprintf(format, args...)}
	f.Show(d, pos)
	return d
}
