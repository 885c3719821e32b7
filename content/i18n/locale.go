package i18n

import (
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/themes"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Locale is rounds' interface in one language: its strings, plural rules,
// dates and numbers, and its writing direction.
type Locale struct {
	lang   string // as the site names it: "es", "zh-Hans", "ar"
	table  string // the built-in table it uses: "es", "zh"; "" when none (English strings)
	tag    language.Tag
	msgs   map[string]message
	en     map[string]message // the English table, for keys a table lacks
	meta   Meta
	cldr   cldr
	arab   bool // Arabic-Indic digits
	rtl    bool
	enOnly bool // "en": English is the language, not a fallback
}

// Meta describes a table: its language's own name and whether a native
// speaker has checked it.
type Meta struct {
	Code      string // the table's language code: "es", "zh"
	Name      string // "Español"
	Status    string // "checked", or "draft" while no native speaker has checked it
	CheckedBy string // who checked it, when checked
	Note      string // what a reader of the handbook should know
}

// Options are what Load needs besides the language.
type Options struct {
	// Override is the site's i18n/<lang>.toml, nil for none; its strings
	// replace the built-in ones key by key.
	Override []byte
	// OverridePath names Override in diagnostics ("i18n/es.toml").
	OverridePath string
	// Digits is "latn" (the default: Latin digits, also on Arabic pages)
	// or "arab" (Arabic-Indic digits, for a site that asks for them).
	Digits string
}

// rtlLanguages are written right to left (CLDR character order).
var rtlLanguages = map[string]bool{"ar": true, "he": true, "iw": true, "fa": true, "ur": true, "yi": true, "ps": true, "sd": true, "ug": true, "dv": true, "ckb": true}

// Shipped lists the built-in tables, English first, then by code.
func Shipped() []Meta {
	names, _ := fs.Glob(themes.Default(), "i18n/*.toml")
	var out []Meta
	for _, n := range names {
		code := strings.TrimSuffix(strings.TrimPrefix(n, "i18n/"), ".toml")
		t, err := builtinTable(code)
		if err != nil {
			continue // TestTables reports it
		}
		out = append(out, t.meta)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Code == "en") != (out[j].Code == "en") {
			return out[i].Code == "en"
		}
		return out[i].Code < out[j].Code
	})
	return out
}

// English is the English locale, the language of the default table.
func English() *Locale {
	l, _ := Load("en", Options{})
	return l
}

// Builtin is the locale of lang with the built-in strings only (no site
// override). A language without a table gets English strings, with its
// own dates, numbers and direction.
func Builtin(lang string) *Locale {
	l, _ := Load(lang, Options{})
	return l
}

// Load returns the locale of lang ("es", "pt-BR", "zh-Hans", "ar"), its
// strings from the built-in table of the language (English for a language
// rounds has no table for) with the site's overrides on top. Problems in
// the override are reported, and the override's bad entries left out: the
// locale returned is always usable.
func Load(lang string, opts Options) (*Locale, diag.List) {
	var l diag.List
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.English
	}
	code := tableCode(tag)
	en, err := builtinTable("en")
	if err != nil {
		panic("i18n: the built-in English table does not parse: " + err.Error()) // TestTables
	}
	loc := &Locale{lang: lang, tag: tag, en: en.msgs, msgs: en.msgs, meta: en.meta, enOnly: code == "en"}
	if code != "en" {
		if t, err := builtinTable(code); err == nil {
			loc.table, loc.msgs, loc.meta = code, t.msgs, t.meta
		}
	} else {
		loc.table = "en"
	}
	base, _ := tag.Base()
	loc.rtl = rtlLanguages[base.String()]
	loc.arab = opts.Digits == "arab" && base.String() == "ar"
	loc.cldr = cldrFor(tag)
	if opts.Override != nil {
		path := opts.OverridePath
		if path == "" {
			path = "i18n/" + lang + ".toml"
		}
		t, ds := parseTable(path, opts.Override, en.msgs)
		l = append(l, ds...)
		if len(t.msgs) > 0 {
			merged := make(map[string]message, len(loc.msgs)+len(t.msgs))
			for k, v := range loc.msgs {
				merged[k] = v
			}
			for k, v := range t.msgs {
				merged[k] = v
			}
			loc.msgs = merged
		}
	}
	return loc, l
}

// tableCode is the built-in table a language tag uses: its base language,
// except that Chinese in traditional script has no table yet.
func tableCode(tag language.Tag) string {
	base, _ := tag.Base()
	b := base.String()
	if b == "zh" {
		if s, conf := tag.Script(); conf != language.No && s.String() == "Hant" {
			return "zh-Hant"
		}
	}
	return b
}

// Lang is the language as the site names it ("es").
func (l *Locale) Lang() string { return l.lang }

// Table is the code of the built-in table the strings come from ("es",
// "zh"), "en" when the language has none and English stands in.
func (l *Locale) Table() string {
	if l.table == "" {
		return "en"
	}
	return l.table
}

// Meta describes the table the strings come from.
func (l *Locale) Meta() Meta { return l.meta }

// Dir is the writing direction of the language, for the page's dir
// attribute: "rtl" for Arabic, Hebrew and their kin, else "ltr".
func (l *Locale) Dir() string {
	if l.rtl {
		return "rtl"
	}
	return "ltr"
}

// RTL reports whether the language is written right to left.
func (l *Locale) RTL() bool { return l.rtl }

// Has reports whether key is a message of the interface.
func (l *Locale) Has(key string) bool { _, ok := l.en[key]; return ok }

// Keys lists every message key of the interface, sorted.
func (l *Locale) Keys() []string {
	out := make([]string, 0, len(l.en))
	for k := range l.en {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Translated reports whether key has its own text in this locale's
// language, rather than English standing in.
func (l *Locale) Translated(key string) bool {
	if l.enOnly {
		return true
	}
	m, ok := l.msgs[key]
	return ok && !m.english
}

// T returns the message key with its placeholders filled in from args,
// given as name, value pairs: T("posttest.count", "count", 3). An int or a
// float64 value is written as a number of the language; a value named
// "count" chooses the plural form. A key the interface lacks comes back
// as itself, so a typo in a layout shows on the page.
func (l *Locale) T(key string, args ...any) string {
	return l.format(key, args, func(s string) string { return s }, func(v any) string { return l.value(v) })
}

// Or joins items as the language writes a choice among them ("A, B, or
// C"; "A, B o C"), from the table's list.or_* patterns, which are CLDR's
// "or" list patterns.
func (l *Locale) Or(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	case 2:
		return l.T("list.or_pair", "a", items[0], "b", items[1])
	}
	head := items[0]
	for _, it := range items[1 : len(items)-1] {
		head = l.T("list.or_middle", "a", head, "b", it)
	}
	return l.T("list.or_end", "a", head, "b", items[len(items)-1])
}

// HTML is T for HTML output: the message's text and its string arguments
// are escaped, a template.HTML argument is inserted as it is.
func (l *Locale) HTML(key string, args ...any) template.HTML {
	esc := template.HTMLEscapeString
	return template.HTML(l.format(key, args, esc, func(v any) string {
		if h, ok := v.(template.HTML); ok {
			return string(h)
		}
		return esc(l.value(v))
	}))
}

func (l *Locale) format(key string, args []any, text func(string) string, val func(any) string) string {
	m, ok := l.msgs[key]
	if !ok {
		if m, ok = l.en[key]; !ok {
			return text(key)
		}
	}
	named := map[string]any{}
	for i := 0; i+1 < len(args); i += 2 {
		if name, ok := args[i].(string); ok {
			named[name] = args[i+1]
		}
	}
	form := plural.Other
	if c, ok := named["count"]; ok {
		form = l.pluralForm(c)
	}
	s := m.forms[form]
	if s == "" {
		s = m.forms[plural.Other]
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		name := s[i+1 : i+j]
		b.WriteString(text(s[:i]))
		if v, ok := named[name]; ok {
			b.WriteString(val(v))
		} else {
			b.WriteString(text(s[i : i+j+1]))
		}
		s = s[i+j+1:]
	}
	b.WriteString(text(s))
	return b.String()
}

// value writes a placeholder's value.
func (l *Locale) value(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case template.HTML:
		return string(x)
	case int:
		return l.Int(x)
	case float64:
		return l.Decimal(x)
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// PluralCategory is the CLDR plural category of n in the language:
// "zero", "one", "two", "few", "many" or "other".
func (l *Locale) PluralCategory(n any) string { return formNames[l.pluralForm(n)] }

func (l *Locale) pluralForm(n any) plural.Form {
	switch x := n.(type) {
	case int:
		if x < 0 {
			x = -x
		}
		return plural.Cardinal.MatchPlural(l.tag, x, 0, 0, 0, 0)
	case float64:
		// The visible digits decide, as the number is written: 0.25 has
		// i=0, v=2, w=2, f=25, t=25 (CLDR plural operands).
		s := strconv.FormatFloat(math.Abs(x), 'f', -1, 64)
		ip, fp, _ := strings.Cut(s, ".")
		i, _ := strconv.Atoi(ip)
		f, _ := strconv.Atoi(fp)
		t := strings.TrimRight(fp, "0")
		tv, _ := strconv.Atoi(t)
		return plural.Cardinal.MatchPlural(l.tag, i, len(fp), len(t), f, tv)
	}
	return plural.Other
}

// Forms returns a message's plural forms by CLDR category name, for a
// script that chooses among them in the browser (Intl.PluralRules).
func (l *Locale) Forms(key string) map[string]string {
	m, ok := l.msgs[key]
	if !ok {
		m = l.en[key]
	}
	out := map[string]string{}
	for f, s := range m.forms {
		if s != "" {
			out[formNames[plural.Form(f)]] = s
		}
	}
	return out
}

// Date writes a date the language's long way: "1 November 2026",
// "1 novembre 2026", "2026年11月1日". The zero time is "".
func (l *Locale) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return l.digits(l.cldr.date(t))
}

// Month is the month's name in the language, standing alone: "novembre".
func (l *Locale) Month(m time.Month) string { return l.cldr.month(m) }

// Letter names choice i (from 0) of a question as the language letters
// choices: A, B, C in most; أ, ب, ج in Arabic (the table's quiz.letters,
// in order). Past the last letter, or with letters that are not all
// different (a site's own table may say anything), a choice is named by
// its number, so no two choices share a name.
func (l *Locale) Letter(i int) string {
	letters := strings.Fields(l.T("quiz.letters"))
	if !distinct(letters) {
		letters = strings.Fields(English().T("quiz.letters"))
	}
	if i < len(letters) {
		return letters[i]
	}
	return l.Int(i + 1)
}

func distinct(ss []string) bool {
	seen := make(map[string]bool, len(ss))
	for _, s := range ss {
		if seen[s] {
			return false
		}
		seen[s] = true
	}
	return true
}

// Int writes a whole number with the language's grouping: "1,234",
// "1 234", "1.234".
func (l *Locale) Int(n int) string { return l.digits(l.cldr.number(float64(n), 0)) }

// Decimal writes a number with as many decimals as it needs, with the
// language's separators: 0.25 -> "0.25", "0,25".
func (l *Locale) Decimal(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	dec := 0
	if _, fp, ok := strings.Cut(s, "."); ok {
		dec = len(fp)
	}
	return l.digits(l.cldr.number(v, dec))
}

// Percent writes a share (0.7) as a percentage the language's way: "70%",
// "70 %".
func (l *Locale) Percent(share float64) string {
	p := share * 100
	s := strconv.FormatFloat(p, 'f', -1, 64)
	dec := 0
	if _, fp, ok := strings.Cut(s, "."); ok {
		dec = len(fp)
	}
	return l.digits(l.cldr.percent(p, dec))
}

// digits turns Latin digits into Arabic-Indic ones when the site asks for
// them; otherwise s is returned as it is.
func (l *Locale) digits(s string) string {
	if !l.arab {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return '٠' + (r - '0')
		case r == '.':
			return '٫'
		case r == ',':
			return '٬'
		}
		return r
	}, s)
}

var formNames = map[plural.Form]string{plural.Other: "other", plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few", plural.Many: "many"}
