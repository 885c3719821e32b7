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

// Diagnostic is one problem in one place.
type Diagnostic struct {
	Path     string // site-relative, slash-separated
	Pos      Pos
	Severity Severity
	Rule     string // "reviewed", "syntax", "unknown-key", ...
	Message  string
	Source   string // the offending source line, without newline; may be empty
	Notes    []string
	Help     string
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

// Add appends a diagnostic.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Errorf appends an error at pos.
func (l *List) Errorf(path string, pos Pos, rule, format string, args ...any) *Diagnostic {
	*l = append(*l, Diagnostic{Path: path, Pos: pos, Rule: rule, Message: fmt.Sprintf(format, args...)})
	return &(*l)[len(*l)-1]
}

// Warnf appends a warning at pos.
func (l *List) Warnf(path string, pos Pos, rule, format string, args ...any) *Diagnostic {
	*l = append(*l, Diagnostic{Path: path, Pos: pos, Severity: Warning, Rule: rule, Message: fmt.Sprintf(format, args...)})
	return &(*l)[len(*l)-1]
}

// Errors counts the errors.
func (l List) Errors() int { return l.count(Error) }

// Warnings counts the warnings.
func (l List) Warnings() int { return l.count(Warning) }

func (l List) count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
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
			a.Message == b.Message && a.Source == b.Source && a.Help == b.Help && slices.Equal(a.Notes, b.Notes)
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
// then nothing else; Summary gives the count line. Output is buffered: a
// large site can have tens of thousands of warnings.
func (l List) Print(out io.Writer) {
	w := bufio.NewWriter(out)
	defer w.Flush()
	for _, d := range l {
		fmt.Fprintln(w, d.String())
		if d.Source != "" && d.Pos.Line > 0 {
			num := fmt.Sprint(d.Pos.Line)
			src, col := excerpt(strings.ReplaceAll(d.Source, "\t", " "), caretColumn(d.Source, d.Pos.Col))
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
}

// excerpt clips a source line longer than a terminal's width to the part
// around the caret (which is caret runes in), marking each cut with "…",
// and returns the caret's place in what it kept: a minified or generated
// line can be megabytes long.
func excerpt(line string, caret int) (string, int) {
	const width, before = 100, 40
	if utf8.RuneCountInString(line) <= width {
		return line, caret
	}
	runes := []rune(line)
	start := max(0, min(caret-before, len(runes)-width))
	end := min(len(runes), start+width)
	out := string(runes[start:end])
	caret -= start
	if start > 0 {
		out, caret = "…"+out, caret+1
	}
	if end < len(runes) {
		out += "…"
	}
	return out, caret
}

// caretColumn converts a 1-based byte column into the number of runes
// before it, so the caret sits under the right character.
func caretColumn(line string, col int) int {
	if col <= 1 {
		return 0
	}
	if col-1 > len(line) {
		return utf8.RuneCountInString(line)
	}
	return utf8.RuneCountInString(line[:col-1])
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
	lines := f.index()
	if n < 1 || n > len(lines) {
		return ""
	}
	start := lines[n-1]
	end := len(f.Src)
	if n < len(lines) {
		end = lines[n] - 1
	}
	return string(bytes.TrimRight(f.Src[start:end], "\r"))
}

// Errorf appends to l an error at offset in f, with the source line.
func (f *File) Errorf(l *List, offset int, rule, format string, args ...any) *Diagnostic {
	return f.At(l, f.Pos(offset), Error, rule, format, args...)
}

// At appends a diagnostic at pos in f, with the source line.
func (f *File) At(l *List, pos Pos, sev Severity, rule, format string, args ...any) *Diagnostic {
	l.Add(Diagnostic{Path: f.Path, Pos: pos, Severity: sev, Rule: rule,
		Message: fmt.Sprintf(format, args...), Source: f.Line(pos.Line)})
	return &(*l)[len(*l)-1]
}
