package i18n

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/themes"
	"golang.org/x/text/feature/plural"
)

// message is one entry of a table: its text in each plural form it has.
type message struct {
	forms   [6]string // indexed by plural.Form; Other is always set
	english bool      // the text is the English table's, standing in
}

type table struct {
	msgs map[string]message
	meta Meta
}

var formByName = map[string]plural.Form{"other": plural.Other, "zero": plural.Zero, "one": plural.One, "two": plural.Two, "few": plural.Few, "many": plural.Many}

// builtins parses every built-in table, once per process: the tables are
// compiled in and never change, so the value is fixed (STYLE.md: no
// mutable package state).
var builtins = sync.OnceValues(func() (map[string]table, error) {
	names, err := fs.Glob(themes.Default(), "i18n/*.toml")
	if err != nil {
		return nil, err
	}
	read := func(code string, en map[string]message) (table, error) {
		name := "i18n/" + code + ".toml"
		b, err := fs.ReadFile(themes.Default(), name)
		if err != nil {
			return table{}, err
		}
		t, ds := parseTable("theme:"+name, b, en)
		if ds.HasErrors() {
			var sb strings.Builder
			ds.Print(&sb)
			return table{}, fmt.Errorf("%s", strings.TrimSpace(sb.String()))
		}
		t.meta.Code = code
		return t, nil
	}
	en, err := read("en", nil)
	if err != nil {
		return nil, err
	}
	out := map[string]table{"en": en}
	for _, n := range names {
		code := strings.TrimSuffix(strings.TrimPrefix(n, "i18n/"), ".toml")
		if code == "en" {
			continue
		}
		t, err := read(code, en.msgs)
		if err != nil {
			return nil, err
		}
		// A key the table lacks falls back to English, marked so.
		for k, m := range en.msgs {
			if _, ok := t.msgs[k]; !ok {
				m.english = true
				t.msgs[k] = m
			}
		}
		out[code] = t
	}
	return out, nil
})

// builtinTable returns the built-in table of code ("en", "es", "zh").
func builtinTable(code string) (table, error) {
	all, err := builtins()
	if err != nil {
		return table{}, err
	}
	t, ok := all[code]
	if !ok {
		return table{}, fmt.Errorf("no built-in table for %q", code)
	}
	return t, nil
}

var placeholder = regexp.MustCompile(`\{([a-z_][a-z0-9_]*)\}`)

// parseTable reads a table. With en given (an override, or a language's
// built-in table), every key must be one of en's and use only the
// placeholders en's message uses: a typo must not silently leave a string
// in English, and a translation cannot ask for a value rounds never gives.
func parseTable(path string, src []byte, en map[string]message) (table, diag.List) {
	var l diag.List
	t := table{msgs: map[string]message{}}
	var raw map[string]any
	if _, err := toml.Decode(string(src), &raw); err != nil {
		pos := diag.Pos{Line: 1, Col: 1}
		if pe, ok := err.(toml.ParseError); ok {
			// Start is a byte offset; BurntSushi's Line and Col are not
			// always consistent with it (line 0 for a newline in a string).
			pos = diag.NewFile(path, src).Pos(pe.Position.Start)
			err = fmt.Errorf("%s", pe.Message)
		}
		l.Errorf(path, pos, "i18n", "%v", err)
		return t, l
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var known []string
	if en != nil {
		for k := range en {
			known = append(known, k)
		}
		sort.Strings(known)
	}
	for _, k := range keys {
		v := raw[k]
		if k == "meta" {
			if m, ok := v.(map[string]any); ok {
				t.meta = readMeta(m)
				continue
			}
		}
		pos := keyPos(src, k)
		if en != nil {
			if _, ok := en[k]; !ok {
				d := l.Errorf(path, pos, "i18n", "unknown message %q", k)
				if s := closest(k, known); s != "" {
					d.Help = fmt.Sprintf("did you mean %q?", s)
				} else {
					d.Help = "the handbook's page on the translated interface lists every message"
				}
				continue
			}
		}
		var m message
		switch x := v.(type) {
		case string:
			m.forms[plural.Other] = x
		case map[string]any:
			bad := false
			for name, fv := range x {
				f, ok := formByName[name]
				s, isStr := fv.(string)
				if !ok || !isStr {
					l.Errorf(path, pos, "i18n", "message %q: %q is not a plural form (zero, one, two, few, many, other) with a string", k, name)
					bad = true
					continue
				}
				m.forms[f] = s
			}
			if m.forms[plural.Other] == "" && !bad {
				l.Errorf(path, pos, "i18n", "message %q has no \"other\" form", k)
				bad = true
			}
			if bad {
				continue
			}
		default:
			l.Errorf(path, pos, "i18n", "message %q is neither a string nor a table of plural forms", k)
			continue
		}
		if en != nil {
			allowed := placeholders(en[k])
			if slices.Contains(allowed, "a_kind") {
				// English needs the article ("an educational grant");
				// every other language is given the bare kind as well.
				allowed = append(allowed, "kind")
			}
			ok := true
			for _, s := range m.forms {
				for _, p := range placeholder.FindAllStringSubmatch(s, -1) {
					if !slices.Contains(allowed, p[1]) {
						d := l.Errorf(path, pos, "i18n", "message %q uses {%s}, which rounds does not give it", k, p[1])
						d.Help = "its placeholders are: {" + strings.Join(allowed, "}, {") + "}"
						ok = false
					}
				}
			}
			if !ok {
				continue
			}
		}
		t.msgs[k] = m
	}
	l.Sort()
	return t, l
}

func readMeta(m map[string]any) Meta {
	s := func(k string) string { v, _ := m[k].(string); return v }
	return Meta{Name: s("name"), Status: s("status"), CheckedBy: s("checked_by"), Note: s("note")}
}

func placeholders(m message) []string {
	var out []string
	for _, s := range m.forms {
		for _, p := range placeholder.FindAllStringSubmatch(s, -1) {
			if !slices.Contains(out, p[1]) {
				out = append(out, p[1])
			}
		}
	}
	sort.Strings(out)
	return out
}

// keyPos finds the line where key is written, for a diagnostic.
func keyPos(src []byte, key string) diag.Pos {
	for i, line := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, `"`+key+`"`) || strings.HasPrefix(t, key+" ") || strings.HasPrefix(t, key+"=") ||
			strings.HasPrefix(t, `["`+key+`"]`) || strings.HasPrefix(t, "["+key+"]") {
			return diag.Pos{Line: i + 1, Col: strings.Index(line, t) + 1}
		}
	}
	return diag.Pos{Line: 1, Col: 1}
}

// closest is the known key one edit away from k, "" for none.
func closest(k string, known []string) string {
	for _, c := range known {
		if oneEdit(k, c) {
			return c
		}
	}
	return ""
}

func oneEdit(a, b string) bool {
	if a == b {
		return false
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	if len(rb)-len(ra) > 1 {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	if len(ra) == len(rb) {
		if i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && string(ra[i+2:]) == string(rb[i+2:]) {
			return true // transposition
		}
		return string(ra[i+1:]) == string(rb[i+1:])
	}
	return string(ra[i:]) == string(rb[i+1:])
}
