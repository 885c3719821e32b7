package content

import "bytes"

// MaxNesting caps how deep lists and block quotes nest, counted together:
// goldmark parses deep nesting in time that grows with the square of the
// depth ("- - - … x" of 64 KB took 12 s: at each level it tries the rest
// of the line as a thematic break), and a module that nests more than a
// few levels is an outline better written as headings.
const MaxNesting = 32

// NestingDepth returns how deep lists and block quotes nest in a Markdown
// body, counted together, and the offset of the opening marker ("-",
// "1.", ">") that first reached that depth (-1 for none). It stops at the
// first marker deeper than limit: ParseModule refuses a module there, with
// MaxNesting.
//
// It follows CommonMark's block structure as far as nesting goes: each
// line continues the open containers it can (a block quote's ">", a list
// item's indent, a blank line inside a list item), opens those its markers
// start, and closes the rest unless it is a paragraph's lazy continuation.
// Fenced code opens nothing. It reads each line once.
func NestingDepth(body []byte, limit int) (depth, at int) {
	n := blockNesting{limit: limit}
	at = -1
	for off := 0; off < len(body); {
		end := bytes.IndexByte(body[off:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += off + 1
		}
		if d, a := n.line(body[off:end]); d > depth {
			depth, at = d, off+a
			if depth > limit {
				break
			}
		}
		off = end
	}
	return depth, at
}

// container is an open block quote or list item; indent is the column,
// relative to its parent's content, at which a list item's content starts.
type container struct {
	quote  bool
	indent int
}

// blockNesting is the state of NestingDepth between lines.
type blockNesting struct {
	limit      int
	open       []container
	inPara     bool // the last line was paragraph text: the next may be lazy
	fence      []byte
	fenceDepth int // containers open around the fenced code
}

// line reads one line (with its newline, if any) and returns the deepest
// container it opens and the offset of that container's marker (the first
// deeper than the limit, if any), or 0 and -1 when it opens none.
func (n *blockNesting) line(line []byte) (deepest, at int) {
	c := cursor{line: line}
	matched := 0
	for matched < len(n.open) {
		if n.open[matched].quote {
			if !c.quoteMarker() {
				break
			}
		} else if !c.blank() {
			if c.indent() < n.open[matched].indent {
				break
			}
			c.skipColumns(n.open[matched].indent)
		}
		matched++
	}
	if n.fence != nil {
		if matched >= n.fenceDepth {
			rest := bytes.TrimLeft(c.rest(), " ")
			if bytes.HasPrefix(rest, n.fence) && len(bytes.TrimSpace(rest[len(n.fence):])) == 0 {
				n.fence = nil
			}
			return 0, -1
		}
		n.fence = nil // the containers around it closed, and the code with them
		n.inPara = false
	}
	// New containers: markers at most three spaces in, one after another.
	depth := matched
	opened := false
	at = -1
	for c.indent() < 4 {
		save := c
		lead := c.indent()
		c.skipColumns(lead)
		marker := c.pos
		if c.quoteMarker() {
			n.open = append(n.open[:depth], container{quote: true})
		} else if w := c.listMarker(n.inPara && !opened); w > 0 {
			n.open = append(n.open[:depth], container{indent: lead + w})
		} else {
			c = save // back to before the indent
			break
		}
		depth++
		opened = true
		deepest, at = depth, marker
		if depth > n.limit {
			return deepest, at
		}
	}
	rest := bytes.TrimSpace(c.rest())
	switch {
	case opened:
		n.open = n.open[:depth]
	case matched < len(n.open) && n.inPara && len(rest) > 0 && !startsBlock(rest):
		// A lazy continuation line keeps every container open.
	default:
		n.open = n.open[:matched]
	}
	if f := fenceOf(rest); f != nil && c.indent() < 4 {
		n.fence, n.fenceDepth, n.inPara = f, len(n.open), false
		return deepest, at
	}
	n.inPara = len(rest) > 0 && !startsBlock(rest)
	return deepest, at
}

// startsBlock reports whether a line's text starts a block that is not a
// paragraph: a heading, a fence or a thematic break.
func startsBlock(rest []byte) bool {
	return isHeading(rest) || fenceOf(rest) != nil || thematicBreak(rest)
}

// thematicBreak reports whether s is a thematic break: three or more of
// one of '-', '*', '_', with spaces between.
func thematicBreak(s []byte) bool {
	var mark byte
	n := 0
	for _, b := range s {
		switch {
		case b == ' ' || b == '\t' || b == '\r' || b == '\n':
		case mark == 0 && (b == '-' || b == '*' || b == '_'):
			mark, n = b, 1
		case b == mark:
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// cursor walks a line by byte and by column (a tab reaches the next
// multiple of four, as CommonMark counts).
type cursor struct {
	line []byte
	pos  int
	col  int
	// partial is what is left of a tab that skipColumns went into.
	partial int
}

func (c *cursor) rest() []byte { return c.line[c.pos:] }

func (c *cursor) blank() bool { return len(bytes.TrimSpace(c.rest())) == 0 }

// indent is the width of the spaces and tabs at the cursor.
func (c *cursor) indent() int {
	w, col := c.partial, c.col+c.partial
	for i := c.pos; i < len(c.line); i++ {
		switch c.line[i] {
		case ' ':
			w, col = w+1, col+1
		case '\t':
			step := 4 - col%4
			w, col = w+step, col+step
		default:
			return w
		}
	}
	return w
}

// skipColumns moves past n columns of spaces and tabs.
func (c *cursor) skipColumns(n int) {
	for n > 0 {
		if c.partial > 0 {
			k := min(n, c.partial)
			c.partial, n, c.col = c.partial-k, n-k, c.col+k
			continue
		}
		if c.pos >= len(c.line) {
			return
		}
		switch c.line[c.pos] {
		case ' ':
			c.pos, c.col, n = c.pos+1, c.col+1, n-1
		case '\t':
			c.pos++
			c.partial = 4 - c.col%4
		default:
			return
		}
	}
}

// quoteMarker moves past "   > " (up to three spaces, '>', an optional
// space) and reports whether it was there.
func (c *cursor) quoteMarker() bool {
	if c.indent() >= 4 {
		return false
	}
	save := *c
	c.skipColumns(c.indent())
	if c.pos < len(c.line) && c.line[c.pos] == '>' {
		c.pos, c.col, c.partial = c.pos+1, c.col+1, 0
		if c.indent() > 0 {
			c.skipColumns(1)
		}
		return true
	}
	*c = save
	return false
}

// listMarker moves past a list item's marker ("-", "*", "+", "1." or "1)")
// and the spaces after it, and returns the item's content indent counted
// from the marker, or 0 (the cursor unmoved) when there is none. A marker
// that would interrupt a paragraph must be followed by text, and an
// ordered one must be 1.
func (c *cursor) listMarker(interrupting bool) int {
	s := c.rest()
	w := 0
	switch {
	case len(s) > 0 && (s[0] == '-' || s[0] == '*' || s[0] == '+'):
		if thematicBreak(s) {
			return 0
		}
		w = 1
	default:
		for w < len(s) && w < 9 && s[w] >= '0' && s[w] <= '9' {
			w++
		}
		if w == 0 || w == len(s) || (s[w] != '.' && s[w] != ')') || interrupting && string(s[:w]) != "1" {
			return 0
		}
		w++
	}
	if w < len(s) && s[w] != ' ' && s[w] != '\t' && s[w] != '\n' && s[w] != '\r' {
		return 0
	}
	empty := len(bytes.TrimSpace(s[w:])) == 0
	if empty && interrupting {
		return 0
	}
	c.pos, c.col, c.partial = c.pos+w, c.col+w, 0
	if empty {
		return w + 1
	}
	spaces := c.indent()
	if spaces > 4 { // indented code after the marker: the content starts after one space
		c.skipColumns(1)
		return w + 1
	}
	c.skipColumns(spaces)
	return w + spaces
}
