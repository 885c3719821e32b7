package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"maps"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/rounds-dev/rounds/content/diag"
)

// Limits on TOML documents, checked before parsing: a front matter is a few
// kilobytes, so anything far larger or deeper is a mistake or an attack.
const (
	MaxDocSize  = 256 << 10
	MaxDocDepth = 16
)

// Doc is a TOML document inside a file: a whole rounds.toml or people.toml,
// or the front matter of a module. It keeps its source so that semantic
// errors can point at the key they are about.
type Doc struct {
	File   *diag.File
	Offset int            // byte offset of the document in File
	Raw    map[string]any // values normalised: string, int64, float64, bool, []any, map[string]any; dates as strings
	line0  int            // line of File where the document starts, minus one
	src    []byte
	size   int  // len(src), kept while the source is released
	yaml   bool // YAML front matter (ParseYAMLDoc), TOML otherwise

	mu    sync.Mutex          // guards exact and flagged: a section's Doc is shared by workers
	exact map[string]diag.Pos // KeyPos's index, built on first use, dropped by Compact
	// flagged holds the key paths (pathKey) whose values Decode reported
	// and left out, for Flagged.
	flagged map[string]bool
}

// Flagged reports whether Decode reported the value at key path p (of the
// wrong type, say) and left it out: a check that the value is set would
// report the same mistake again ("title = 5" is not also "the site needs
// a title").
func (d *Doc) Flagged(p ...any) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.flagged[pathKey(p)]
}

// flag records that the value at p was reported and left out.
func (d *Doc) flag(p []any) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.flagged == nil {
		d.flagged = map[string]bool{}
	}
	d.flagged[pathKey(p)] = true
}

// setSrc points the document at its file's source again after the module
// let it go, or lets it go (nil). Positions already indexed stay when it
// is let go; given back, it is indexed again, since an index made while
// it was gone placed nothing.
func (d *Doc) setSrc(fileSrc []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if fileSrc != nil {
		d.exact = nil
	}
	if fileSrc == nil {
		d.src = nil
	} else {
		d.src = fileSrc[d.Offset : d.Offset+d.size]
	}
}

// ParseDoc parses File.Src[offset:end] as TOML. Syntax errors carry the
// position in File. The document's values are normalised so that they
// encode as canonical JSON (see CanonicalJSON).
func ParseDoc(f *diag.File, offset, end int) (*Doc, diag.List) {
	d := &Doc{File: f, Offset: offset, src: f.Src[offset:end], size: end - offset, line0: f.Pos(offset).Line - 1}
	var l diag.List
	if len(d.src) > MaxDocSize {
		f.Errorf(&l, offset, "syntax", "TOML of %d bytes is over the limit of %d", len(d.src), MaxDocSize)
		return nil, l
	}
	if depth, at := nesting(d.src); depth > MaxDocDepth {
		f.Errorf(&l, offset+at, "syntax", "TOML nested %d levels deep, over the limit of %d", depth, MaxDocDepth)
		return nil, l
	}
	// Into an interface, the decoder hands over the table it parsed; into
	// a map it would copy the top level and note each key as decoded.
	var raw any
	if _, err := toml.NewDecoder(bytes.NewReader(d.src)).Decode(&raw); err != nil {
		var pe toml.ParseError
		pos := diag.Pos{Line: d.line0 + 1, Col: 1}
		msg := err.Error()
		if errors.As(err, &pe) {
			// Start is a byte offset; BurntSushi's Line and Col are not
			// always consistent with it.
			pos = f.Pos(offset + pe.Position.Start)
			msg = pe.Message
		}
		msg = strings.ReplaceAll(strings.TrimPrefix(msg, "toml: "), "\n", `\n`)
		d.File.At(&l, pos, diag.Error, "syntax", "%s", msg)
		l[len(l)-1].Help = "fix the TOML syntax; strings need quotes, dates are written 2026-11-01"
		return nil, l
	}
	norm, err := normalise(raw)
	if err != nil {
		var ve valueError
		p := []any(nil)
		if errors.As(err, &ve) {
			p = ve.path
		}
		d.File.At(&l, d.KeyPos(p...), diag.Error, "syntax", "%v", err)
		return nil, l
	}
	d.Raw = norm.(map[string]any)
	return d, l
}

// nesting returns the deepest bracket nesting outside strings and comments,
// and the offset where it was reached. It is a cheap guard, not a parser:
// it only needs to know strings (basic, literal and both multi-line forms)
// well enough that brackets inside them do not count.
func nesting(src []byte) (depth, at int) {
	cur := 0
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '"' || c == '\'':
			i = stringEnd(src, i)
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '[' || c == '{':
			cur++
			if cur > depth {
				depth, at = cur, i
			}
		case c == ']' || c == '}':
			cur = max(cur-1, 0)
		}
	}
	return depth, at
}

// stringEnd returns the offset of the last byte of the string starting at i.
func stringEnd(src []byte, i int) int {
	q := src[i]
	if bytes.HasPrefix(src[i:], []byte{q, q, q}) {
		end := bytes.Index(src[i+3:], []byte{q, q, q})
		if end < 0 {
			return len(src) - 1
		}
		j := i + 3 + end
		for q == '"' && j > i+3 && src[j-1] == '\\' && !escapedBackslash(src, j-1) {
			next := bytes.Index(src[j+1:], []byte{q, q, q})
			if next < 0 {
				return len(src) - 1
			}
			j += 1 + next
		}
		return j + 2
	}
	for j := i + 1; j < len(src); j++ {
		switch {
		case src[j] == '\\' && q == '"':
			j++
		case src[j] == q || src[j] == '\n':
			return j
		}
	}
	return len(src) - 1
}

// escapedBackslash reports whether the backslash at j is itself escaped.
func escapedBackslash(src []byte, j int) bool {
	n := 0
	for k := j - 1; k >= 0 && src[k] == '\\'; k-- {
		n++
	}
	return n%2 == 1
}

// valueError is a value that cannot be normalised, at its key path.
type valueError struct {
	path   []any
	reason string
}

func (e valueError) Error() string { return dotted(e.path) + ": " + e.reason }

// within puts err, from a value under key k (a string or an index), at k.
func within(err error, k any) error {
	if ve, ok := err.(valueError); ok {
		ve.path = append([]any{k}, ve.path...)
		return ve
	}
	return err
}

// normalise turns decoded TOML into plain JSON-able values. Dates become
// strings in the form they were written (2026-11-01 stays a date), so that
// canonical JSON does not depend on the machine's time zone. Maps and
// lists are changed in place and a value already plain is returned as
// given: the decoder's result is ours, and copying every value of every
// module was a sixteenth of what a build allocated. The key path of a
// bad value is only put together when there is one.
func normalise(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			n, err := normalise(e)
			if err != nil {
				return nil, within(err, k)
			}
			x[k] = n
		}
		return x, nil
	case []map[string]any:
		out := make([]any, len(x))
		for i, e := range x {
			n, err := normalise(e)
			if err != nil {
				return nil, within(err, i)
			}
			out[i] = n
		}
		return out, nil
	case []any:
		for i, e := range x {
			n, err := normalise(e)
			if err != nil {
				return nil, within(err, i)
			}
			x[i] = n
		}
		return x, nil
	case time.Time:
		// BurntSushi marks local dates and times by their zone's name.
		switch x.Location().String() {
		case "date-local":
			return x.Format("2006-01-02"), nil
		case "datetime-local":
			return x.Format("2006-01-02T15:04:05.999999999"), nil
		case "time-local":
			return x.Format("15:04:05.999999999"), nil
		}
		return x.Format(time.RFC3339Nano), nil
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return nil, valueError{reason: "inf and nan are not allowed"}
		}
		return v, nil
	case string:
		// A multi-line string keeps the file's line endings; CRLF and LF
		// files must hash alike.
		if strings.Contains(x, "\r\n") {
			return strings.ReplaceAll(x, "\r\n", "\n"), nil
		}
		return v, nil
	case int64, bool:
		return v, nil
	}
	return nil, valueError{reason: fmt.Sprintf("unsupported TOML value %T", v)}
}

// CanonicalJSON encodes a normalised value with sorted keys and no
// insignificant whitespace: the form the digest hashes.
func CanonicalJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// normalise admits only encodable values; reaching this is a bug.
		panic("content: canonical JSON: " + err.Error())
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// Decode checks raw against the shape of v (a pointer to a struct with json
// tags) and fills v. Every unknown key (with a "did you mean") and every
// value of the wrong type is reported at its position in d; v is filled
// from the rest, and a misspelt key is read as the key it is one edit
// from (see check), so that one mistake gives one error: "[polcy]" is not
// also "no review role is required", nor "role" for "roles" in
// people.toml every reviewer without their role. raw is usually d.Raw, or
// a part of it.
func (d *Doc) Decode(raw map[string]any, v any, path []any, l *diag.List) {
	kept := d.check(raw, reflect.TypeOf(v).Elem(), path, l)
	if err := json.Unmarshal(CanonicalJSON(kept), v); err != nil {
		d.Errorf(l, path, "type", "%v", err)
	}
}

// check walks raw against struct type t, reporting unknown keys and values
// of the wrong type, and returns what may be decoded: raw without those
// values, each misspelt key read as the key diag.Suggest finds for it
// (unless that key is set too). raw itself is returned when it is all
// right, so checking a valid front matter copies nothing.
func (d *Doc) check(raw map[string]any, t reflect.Type, path []any, l *diag.List) map[string]any {
	fields := jsonFieldsOf(t)
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	kept := raw
	edit := func() {
		if sameMap(kept, raw) {
			kept = maps.Clone(raw)
		}
	}
	for _, k := range keys {
		// The path grows in place, depth first: messages are made from
		// it at once and nothing keeps it.
		p := append(path, k)
		ft, ok := fields.types[k]
		if !ok {
			dg := d.Errorf(l, p, "unknown-key", "unknown key %q", dotted(p))
			s := diag.Suggest(k, fields.names)
			if s != "" {
				dg.Help = fmt.Sprintf("did you mean %q?", s)
			} else {
				dg.Help = "remove it, or see `rounds new module` for every key; a misspelled key must not silently drop a value"
			}
			edit()
			delete(kept, k)
			if _, set := raw[s]; s != "" && !set {
				if v, ok := d.checkValue(raw[k], fields.types[s], p, l); ok {
					kept[s] = v
				}
			}
			continue
		}
		if v, ok := d.checkValue(raw[k], ft, p, l); !ok {
			d.flag(p)
			edit()
			delete(kept, k)
		} else if !sameValue(v, raw[k]) {
			edit()
			kept[k] = v
		}
	}
	return kept
}

// sameMap reports whether two maps are the same map (not equal ones).
func sameMap(a, b map[string]any) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// sameValue reports whether checkValue returned v as it was: the same map
// or slice, or an equal scalar.
func sameValue(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		return ok && sameMap(a, b)
	case []any:
		b, ok := b.([]any)
		return ok && len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
	}
	return true // a scalar is returned unchanged or not at all
}

// checkValue checks v against type t, reporting what is wrong at p, and
// returns what may be decoded of it; false when nothing may.
func (d *Doc) checkValue(v any, t reflect.Type, p []any, l *diag.List) (any, bool) {
	want := ""
	switch {
	case t == reflect.TypeOf(Translated{}):
		// A string, or a table of strings keyed by language code.
		switch x := v.(type) {
		case string:
		case map[string]any:
			if len(x) == 0 {
				want = "a string or a table of strings by language"
			}
			for _, k := range slices.Sorted(maps.Keys(x)) {
				if _, ok := x[k].(string); !ok {
					d.Errorf(l, append(p, k), "type", "%s must be a string, not %s", dotted(append(p, k)), describe(x[k]))
					return nil, false
				}
				if !languageKey(k) {
					dg := d.Errorf(l, append(p, k), "type", "%s: %q is not a language code", dotted(p), k)
					dg.Help = `key each text by its language: { en = "speaker", es = "ponente" }`
					return nil, false
				}
			}
		default:
			want = `a string or a table of strings by language ({ en = "...", es = "..." })`
		}
	case t == reflect.TypeOf(Date{}):
		if s, ok := v.(string); !ok || ParseDate(s) == (Date{}) {
			want = "a date like 2026-11-01"
		}
	case t == reflect.TypeOf(PartialDate{}):
		if s, ok := v.(string); !ok {
			want = "a date like 2017-06-08, \"2017-06\" or \"2017\""
		} else if _, ok := ParsePartialDate(s); !ok {
			want = "a date like 2017-06-08, \"2017-06\" or \"2017\""
		}
	case t == reflect.TypeOf(Duration{}):
		// Durations of the policy: the time between dates.
		if s, ok := v.(string); !ok {
			want = `a duration like "365d", "6mo" or "3y"`
		} else if du, err := ParseDuration(s); err != nil {
			d.Errorf(l, p, "type", "%s: %v", dotted(p), err)
			return nil, false
		} else if !du.Calendar() {
			dg := d.Errorf(l, p, "type", "%s: %q is shorter than a day, and sign-offs and terms are counted in days", dotted(p), s)
			dg.Help = `write it in days, weeks, months or years: "365d", "8w", "6mo", "3y"`
			return nil, false
		}
	case t.Kind() == reflect.Pointer:
		return d.checkValue(v, t.Elem(), p, l)
	case t.Kind() == reflect.String:
		_, ok := v.(string)
		want = ifNot(ok, "a string")
	case t.Kind() == reflect.Bool:
		_, ok := v.(bool)
		want = ifNot(ok, "true or false")
	case t.Kind() == reflect.Int:
		_, ok := v.(int64)
		want = ifNot(ok, "a whole number")
	case t.Kind() == reflect.Float64:
		_, ok := v.(int64)
		_, ok2 := v.(float64)
		want = ifNot(ok || ok2, "a number")
	case t.Kind() == reflect.Map:
		_, ok := v.(map[string]any)
		want = ifNot(ok, "a table")
	case t.Kind() == reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			want = "an array"
			break
		}
		return d.checkArray(arr, t.Elem(), p, l)
	case t.Kind() == reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			want = "a table"
			break
		}
		return d.check(m, t, p, l), true
	}
	if want != "" {
		d.Errorf(l, p, "type", "%s must be %s, not %s", dotted(p), want, describe(v))
		return nil, false
	}
	return v, true
}

// checkArray checks each element of an array. A table of an array of
// tables keeps its place whatever is wrong in it (an empty table if it is
// not one), because later problems are reported by index; an array of
// values with a wrong one is not decoded at all.
func (d *Doc) checkArray(arr []any, elem reflect.Type, p []any, l *diag.List) (any, bool) {
	tables := elem.Kind() == reflect.Struct || elem.Kind() == reflect.Pointer && elem.Elem().Kind() == reflect.Struct
	kept, all := arr, true
	for i, x := range arr {
		v, ok := d.checkValue(x, elem, append(p, i), l)
		switch {
		case !ok && !tables:
			all = false
			continue
		case !ok:
			d.flag(append(p, i))
			v = map[string]any{}
		case sameValue(v, x):
			continue
		}
		if len(kept) > 0 && len(arr) > 0 && &kept[0] == &arr[0] {
			kept = slices.Clone(arr)
		}
		kept[i] = v
	}
	return kept, all
}

func ifNot(ok bool, s string) string {
	if ok {
		return ""
	}
	return s
}

func describe(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprint(v)
}

// jsonFields are the json names of a struct type's exported fields: their
// types, and the names sorted for "did you mean".
type jsonFields struct {
	types map[string]reflect.Type
	names []string
}

// fieldsByType caches jsonFields per type: every module's front matter,
// and each of its references and reviews, is checked against the same few.
var fieldsByType sync.Map // reflect.Type -> *jsonFields

func jsonFieldsOf(t reflect.Type) *jsonFields {
	if f, ok := fieldsByType.Load(t); ok {
		return f.(*jsonFields)
	}
	f := &jsonFields{types: map[string]reflect.Type{}}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" || !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		f.types[name] = sf.Type
		f.names = append(f.names, name)
	}
	sort.Strings(f.names)
	actual, _ := fieldsByType.LoadOrStore(t, f)
	return actual.(*jsonFields)
}

// dotted renders a key path as people write it: references[2].doi.
func dotted(p []any) string {
	var b strings.Builder
	for _, x := range p {
		switch x := x.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", x)
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(x)
		}
	}
	return b.String()
}

// Errorf reports an error at the key path p of d.
func (d *Doc) Errorf(l *diag.List, p []any, rule, format string, args ...any) *diag.Diagnostic {
	return d.File.At(l, d.KeyPos(p...), diag.Error, rule, format, args...)
}

// Warnf reports a warning at the key path p of d.
func (d *Doc) Warnf(l *diag.List, p []any, rule, format string, args ...any) *diag.Diagnostic {
	return d.File.At(l, d.KeyPos(p...), diag.Warning, rule, format, args...)
}

// KeyPos finds where the key path p (strings for keys, ints for indices
// into arrays of tables) is written in d: the key of a key = value line, or
// the header of a [table] or [[array]] entry. When the exact key is not
// written (it sits inside an inline table, say), it returns the closest
// enclosing key; failing that, the document's first line. The document is
// indexed once, so reporting many problems stays linear.
func (d *Doc) KeyPos(p ...any) diag.Pos {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.exact == nil {
		d.index()
	}
	// The key itself, or the closest enclosing key that is written.
	for k := pathKey(p); k != ""; k = parentKey(k) {
		if pos, ok := d.exact[k]; ok {
			return pos
		}
	}
	return diag.Pos{Line: d.line0 + 1, Col: 1}
}

// Compact drops KeyPos's index; it is built again if needed. A site keeps
// thousands of documents, and their problems are found once.
func (d *Doc) Compact() {
	d.mu.Lock()
	d.exact = nil
	d.mu.Unlock()
}

// index records where every key and table header of d is written. Paths
// are kept as pathKey strings from the start: one index is built per
// module with a warning, and building []any paths line by line was a
// twelfth of everything a 10,000-module build allocated.
func (d *Doc) index() {
	if d.yaml {
		d.indexYAML()
		return
	}
	// About one key per line.
	d.exact = make(map[string]diag.Pos, bytes.Count(d.src, []byte("\n"))+1)
	cur := ""                  // the pathKey of the table the lines are in
	arrays := map[string]int{} // entries so far of each array of tables, by pathKey
	inString := ""             // the delimiter of a multi-line string we are inside
	lineNo := -1
	for line := range strings.SplitSeq(string(d.src), "\n") {
		lineNo++
		text := strings.TrimRight(line, "\r")
		if inString != "" {
			if strings.Count(text, inString)%2 == 1 {
				inString = ""
			}
			continue
		}
		for _, delim := range [...]string{`"""`, "'''"} {
			if strings.Count(text, delim)%2 == 1 {
				inString = delim
			}
		}
		trimmed := strings.TrimLeft(text, " \t")
		col := len(text) - len(trimmed) + 1
		var here string
		switch {
		case strings.HasPrefix(trimmed, "[["):
			here = headerKey(headerName(trimmed[2:]), arrays, true)
			cur = here
		case strings.HasPrefix(trimmed, "["):
			here = headerKey(headerName(trimmed[1:]), arrays, false)
			cur = here
		default:
			key, ok := lineKey(trimmed)
			if !ok {
				continue
			}
			here = cur
			for part := range keyParts(key) {
				here += part + "\x00"
			}
		}
		pos := diag.Pos{Line: d.line0 + lineNo + 1, Col: col}
		// A path is found at the first line that writes it or anything
		// under it: "support" at "support.supporter = ...".
		for k := here; k != ""; k = parentKey(k) {
			if _, seen := d.exact[k]; !seen {
				d.exact[k] = pos
			}
		}
	}
}

// headerKey is the pathKey of a [table] or [[array]] header: every array
// of tables on the way is at its latest entry, and an [[array]] header
// starts a new one.
func headerKey(name string, arrays map[string]int, isArray bool) string {
	parts := slices.Collect(keyParts(strings.TrimSpace(name)))
	k := ""
	for i, part := range parts {
		k += part + "\x00"
		if i == len(parts)-1 && isArray {
			arrays[k]++
			k += strconv.Itoa(arrays[k]-1) + "#\x00"
		} else if n, ok := arrays[k]; ok {
			k += strconv.Itoa(n-1) + "#\x00"
		}
	}
	return k
}

// lineKey returns the key of a "key = value" line.
func lineKey(s string) (string, bool) {
	if s == "" || s[0] == '#' {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"', '\'':
			i = quoteEnd(s, i)
		case '=':
			return strings.TrimSpace(s[:i]), true
		}
	}
	return "", false
}

// keyParts yields the parts of a dotted TOML key, quoted parts unquoted: a
// dot inside quotes ("a.b" = 1) is part of the key, not a separator.
func keyParts(k string) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := 0
		for i := 0; i <= len(k); i++ {
			if i < len(k) && k[i] != '.' {
				if k[i] == '"' || k[i] == '\'' {
					i = quoteEnd(k, i)
				}
				continue
			}
			part := strings.TrimSpace(k[start:i])
			if uq, err := strconv.Unquote(part); err == nil && strings.HasPrefix(part, `"`) {
				part = uq
			} else if len(part) >= 2 && part[0] == '\'' && part[len(part)-1] == '\'' {
				part = part[1 : len(part)-1]
			}
			if !yield(part) {
				return
			}
			start = i + 1
		}
	}
}

// quoteEnd returns the offset of the quote that closes the one at i in k
// (a basic string's backslash escapes count, a literal string has none),
// or the last offset of k when it is not closed.
func quoteEnd(k string, i int) int {
	q := k[i]
	for j := i + 1; j < len(k); j++ {
		switch {
		case q == '"' && k[j] == '\\':
			j++
		case k[j] == q:
			return j
		}
	}
	return len(k) - 1
}

// headerName returns the key of a table header's text after its opening
// bracket(s): up to the first closing bracket outside quotes.
func headerName(s string) string {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"', '\'':
			i = quoteEnd(s, i)
		case ']':
			return s[:i]
		}
	}
	return s
}

// parentKey is the pathKey of the path one element shorter: a prefix
// of k, so finding a key's closest written parent allocates nothing.
func parentKey(k string) string {
	return k[:strings.LastIndexByte(k[:len(k)-1], 0)+1]
}

// pathKey encodes a key path as a map key: keys and indices, separated by
// a byte no TOML key of ours contains.
func pathKey(p []any) string {
	var b strings.Builder
	for _, x := range p {
		switch x := x.(type) {
		case string:
			b.WriteString(x)
		case int:
			b.WriteString(strconv.Itoa(x))
			b.WriteByte('#')
		}
		b.WriteByte(0)
	}
	return b.String()
}
