package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxJSONDepth caps the nesting of a CSL-JSON file. An item is at most
// five levels deep (file, item, date, date-parts, part); "custom" may hold
// more, but not hundreds.
const maxJSONDepth = 32

type jsonKind byte

const (
	jsonNull jsonKind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

func (k jsonKind) String() string {
	return [...]string{"null", "true or false", "a number", "a string", "an array", "an object"}[k]
}

// jsonNode is a JSON value and the offset of its first byte in the file.
// Objects keep their members in file order, duplicates included: the
// reader of a signed file must see every key the file holds, not the one
// a decoder happened to keep.
type jsonNode struct {
	off     int
	kind    jsonKind
	text    string // a string's value, a number's literal
	members []jsonMember
	elems   []*jsonNode
}

type jsonMember struct {
	key    string
	keyOff int
	val    *jsonNode
}

// jsonError is a problem at a byte offset of the file.
type jsonError struct {
	off int
	msg string
}

func (e *jsonError) Error() string { return e.msg }

// parseJSON reads a whole JSON document into a tree with positions. It
// refuses invalid UTF-8 (a decoder would replace it silently), a NUL
// character in a string, nesting deeper than maxJSONDepth and anything
// after the value.
func parseJSON(src []byte) (*jsonNode, *jsonError) {
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, n := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return nil, &jsonError{off, "invalid UTF-8"}
	}
	p := &jsonParser{src: src, dec: json.NewDecoder(bytes.NewReader(src))}
	p.dec.UseNumber()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	off := p.next()
	if _, terr := p.dec.Token(); !errors.Is(terr, io.EOF) {
		return nil, &jsonError{off, "more data after the array"}
	}
	return v, nil
}

type jsonParser struct {
	src []byte
	dec *json.Decoder
}

// next returns the offset of the next token: the decoder's offset is the
// end of the last one, and only white space and separators lie between.
func (p *jsonParser) next() int {
	off := int(p.dec.InputOffset())
	for off < len(p.src) && strings.IndexByte(" \t\r\n,:", p.src[off]) >= 0 {
		off++
	}
	return off
}

func (p *jsonParser) token() (json.Token, int, *jsonError) {
	off := p.next()
	tok, err := p.dec.Token()
	if err != nil {
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se):
			return nil, int(se.Offset), &jsonError{int(se.Offset), strings.TrimPrefix(se.Error(), "json: ")}
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			return nil, len(p.src), &jsonError{len(p.src), "unexpected end of the file"}
		}
		return nil, off, &jsonError{off, strings.TrimPrefix(err.Error(), "json: ")}
	}
	return tok, off, nil
}

func (p *jsonParser) value(depth int) (*jsonNode, *jsonError) {
	tok, off, err := p.token()
	if err != nil {
		return nil, err
	}
	n := &jsonNode{off: off}
	switch t := tok.(type) {
	case json.Delim:
		if t != '{' && t != '[' {
			return nil, &jsonError{off, fmt.Sprintf("unexpected %q", rune(t))}
		}
		if depth >= maxJSONDepth {
			return nil, &jsonError{off, fmt.Sprintf("nested more than %d levels deep", maxJSONDepth)}
		}
		if err := p.container(n, t == '{', depth); err != nil {
			return nil, err
		}
	case string:
		if i := strings.IndexByte(t, 0); i >= 0 {
			return nil, &jsonError{off, "a string holds a NUL character (\\u0000)"}
		}
		n.kind, n.text = jsonString, t
	case json.Number:
		n.kind, n.text = jsonNumber, string(t)
	case bool:
		n.kind = jsonBool
		if t {
			n.text = "true"
		}
	case nil:
		n.kind = jsonNull
	}
	return n, nil
}

func (p *jsonParser) container(n *jsonNode, object bool, depth int) *jsonError {
	n.kind = jsonArray
	if object {
		n.kind = jsonObject
	}
	for p.dec.More() {
		if !object {
			v, err := p.value(depth + 1)
			if err != nil {
				return err
			}
			n.elems = append(n.elems, v)
			continue
		}
		tok, koff, err := p.token()
		if err != nil {
			return err
		}
		key, _ := tok.(string) // the decoder allows only strings here
		if strings.IndexByte(key, 0) >= 0 {
			return &jsonError{koff, "a key holds a NUL character (\\u0000)"}
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return err
		}
		n.members = append(n.members, jsonMember{key: key, keyOff: koff, val: v})
	}
	_, _, err := p.token() // the closing bracket
	return err
}

// foldKey is s with every letter replaced by the smallest letter it
// folds to: two keys fold alike exactly when strings.EqualFold says they
// are equal ("title", "TITLE", and "ſ" as "s" or "K" as "k", which
// encoding/json also matches).
func foldKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b.WriteRune(least)
	}
	return b.String()
}
