// Package tex converts TeX formulas to MathML, which browsers show
// natively, at build time: the page needs no script and no font of ours.
//
// The conversion is Temml's (temml.min.js, MIT, embedded with its licence
// in temml.LICENSE), run in goja, a JavaScript engine written in Go. Why
// not a Go library: no maintained Go converter from TeX to MathML exists
// (the few that do cover a small part of TeX, and none is kept up); Temml
// is the maintained, complete one (it is KaTeX's parser, writing MathML
// only), small (170 kB), and run by a pure-Go engine the build stays one
// static binary with no browser and no node.
package tex

import (
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
)

//go:embed temml.min.js
var temmlJS string

// MaxLen is the longest formula converted: a formula of a lesson is a line
// or a few, and Temml's time grows with its length.
const MaxLen = 4000

// Error is a formula Temml refused.
type Error struct {
	Offset  int    // byte offset in the formula of the problem, -1 when unknown
	Message string // one line, lower case first letter
}

func (e *Error) Error() string { return e.Message }

// Converter converts formulas. It is safe for concurrent use; the
// JavaScript engine is started on first use (a site without formulas never
// pays for it) and conversions are cached, so each distinct formula is
// converted once per Converter.
type Converter struct {
	once  sync.Once
	prog  *goja.Program
	err   error
	vms   sync.Pool // *engine
	cache sync.Map  // key -> result
}

type result struct {
	mathml string
	err    *Error
}

type engine struct {
	vm     *goja.Runtime
	render goja.Callable
}

// New returns a Converter.
func New() *Converter { return &Converter{} }

func (c *Converter) engine() (*engine, error) {
	c.once.Do(func() { c.prog, c.err = goja.Compile("temml.min.js", temmlJS, true) })
	if c.err != nil {
		return nil, c.err
	}
	if e, ok := c.vms.Get().(*engine); ok {
		return e, nil
	}
	vm := goja.New()
	if _, err := vm.RunProgram(c.prog); err != nil {
		return nil, err
	}
	fn, ok := goja.AssertFunction(vm.Get("temml").ToObject(vm).Get("renderToString"))
	if !ok {
		return nil, errors.New("temml.renderToString is not a function")
	}
	return &engine{vm: vm, render: fn}, nil
}

// Convert returns the MathML of a formula: a <math> element, display
// (a block) or inline. A formula Temml cannot read is an *Error.
func (c *Converter) Convert(formula string, display bool) (string, error) {
	key := formula
	if display {
		key = "\x00" + formula
	}
	if r, ok := c.cache.Load(key); ok {
		r := r.(result)
		if r.err != nil {
			return "", r.err
		}
		return r.mathml, nil
	}
	r := c.convert(formula, display)
	c.cache.Store(key, r)
	if r.err != nil {
		return "", r.err
	}
	return r.mathml, nil
}

func (c *Converter) convert(formula string, display bool) result {
	if len(formula) > MaxLen {
		return result{err: &Error{Offset: -1, Message: fmt.Sprintf("the formula is %d bytes long, over the limit of %d", len(formula), MaxLen)}}
	}
	if !utf8.ValidString(formula) || strings.ContainsRune(formula, 0) {
		return result{err: &Error{Offset: -1, Message: "the formula holds invalid UTF-8 or a zero byte"}}
	}
	e, err := c.engine()
	if err != nil {
		return result{err: &Error{Offset: -1, Message: "the TeX converter did not start: " + err.Error()}}
	}
	defer c.vms.Put(e)
	opts := e.vm.NewObject()
	_ = opts.Set("displayMode", display)
	_ = opts.Set("throwOnError", true)
	_ = opts.Set("trust", false) // no \href, \includegraphics, \class: a formula is not a way around the link checks
	v, err := e.render(goja.Undefined(), e.vm.ToValue(formula), opts)
	if err != nil {
		return result{err: parseError(e.vm, formula, err)}
	}
	return result{mathml: clean(v.String())}
}

// parseError turns Temml's ParseError into an Error with the byte offset
// of its position (Temml counts UTF-16 code units).
func parseError(vm *goja.Runtime, formula string, err error) *Error {
	out := &Error{Offset: -1, Message: err.Error()}
	var ex *goja.Exception
	if !errors.As(err, &ex) {
		return out
	}
	obj := ex.Value().ToObject(vm)
	if raw := obj.Get("rawMessage"); raw != nil && !goja.IsUndefined(raw) {
		out.Message = firstLine(raw.String())
	} else if msg := obj.Get("message"); msg != nil && !goja.IsUndefined(msg) {
		out.Message = firstLine(msg.String())
	}
	if pos := obj.Get("position"); pos != nil && !goja.IsUndefined(pos) && !goja.IsNull(pos) {
		out.Offset = byteOffset(formula, int(pos.ToInteger()))
	}
	// Temml's message ends with where it is and a copy of the formula,
	// which the caller shows better.
	msg := strings.TrimSpace(strings.TrimPrefix(out.Message, "ParseError:"))
	for _, cut := range []string{" at position ", " at end of input"} {
		if i := strings.Index(msg, cut); i > 0 {
			msg = msg[:i]
		}
	}
	out.Message = lowerFirst(strings.TrimSpace(msg))
	return out
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r >= 'A' && r <= 'Z' && (len(s) == n || s[n] < 'A' || s[n] > 'Z') {
		return string(r+'a'-'A') + s[n:]
	}
	return s
}

// byteOffset converts an offset in UTF-16 code units to one in bytes.
func byteOffset(s string, u16 int) int {
	if u16 < 0 {
		return -1
	}
	n := 0
	for i, r := range s {
		if n >= u16 {
			return i
		}
		n += len(utf16.Encode([]rune{r}))
	}
	return len(s)
}

// styleAttr matches the style attributes Temml writes (spacing, colour,
// display:block math): the pages' Content-Security-Policy allows no
// inline style, so they are left out rather than refused by the browser
// one by one. MathML's own attributes (display, mathvariant, width of
// <mspace>) carry the layout.
var styleAttr = regexp.MustCompile(` style="[^"]*"`)

func clean(mathml string) string { return styleAttr.ReplaceAllString(mathml, "") }
