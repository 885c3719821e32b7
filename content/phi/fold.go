package phi

import (
	"html"
	"sort"
	"strings"
	"unicode/utf8"
)

// folded is a text prepared for matching: norm is text with character
// references and backslash escapes decoded, full-width forms and other
// decimal digits folded to ASCII, no-break spaces and hyphen-like dashes
// folded, and invisible characters removed. from and to
// map each byte of norm to the original bytes it comes from; both are nil
// when norm is text.
type folded struct {
	text, norm string
	from, to   []int32
}

// foldRune says what r becomes in the folded text: the byte b, nothing
// (drop), or itself (ok false).
func foldRune(r rune) (b byte, drop, ok bool) {
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

// fold prepares text for matching (see folded). Besides folding runes it
// decodes what Markdown and HTML decode before a reader sees the text:
// character references (`123&#45;45&#45;6789`, `&nbsp;`, `&#x2D;`), and
// backslash escapes of ASCII punctuation (`555\-123`), whose backslash
// the reader never sees. A backslash before '|' is kept: it keeps a pipe
// inside a table cell.
func fold(text string) folded {
	if !needsFold(text) {
		return folded{text: text, norm: text}
	}
	nb := make([]byte, 0, len(text))
	from := make([]int32, 0, len(text))
	to := make([]int32, 0, len(text))
	// emit appends the bytes of r, each coming from text[s:e].
	emit := func(r rune, s, e int) {
		if r >= utf8.RuneSelf {
			if b, drop, ok := foldRune(r); ok {
				if drop {
					return
				}
				r = rune(b)
			}
		}
		n := len(nb)
		nb = utf8.AppendRune(nb, r)
		for range len(nb) - n {
			from = append(from, int32(s))
			to = append(to, int32(e))
		}
	}
	for o := 0; o < len(text); {
		c := text[o]
		if c == '&' {
			if dec, n := entity(text[o:]); n > 0 {
				for _, r := range dec {
					emit(r, o, o+n)
				}
				o += n
				continue
			}
		}
		if c == '\\' && o+1 < len(text) && escapable(text[o+1]) {
			emit(rune(text[o+1]), o, o+2)
			o += 2
			continue
		}
		if c < utf8.RuneSelf {
			nb = append(nb, c)
			from = append(from, int32(o))
			to = append(to, int32(o+1))
			o++
			continue
		}
		r, sz := utf8.DecodeRuneInString(text[o:])
		if b, drop, ok := foldRune(r); ok {
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
	return folded{text: text, norm: string(nb), from: from, to: to}
}

// needsFold reports whether fold would change text.
func needsFold(text string) bool {
	for o := 0; o < len(text); {
		c := text[o]
		switch {
		case c == '&':
			if _, n := entity(text[o:]); n > 0 {
				return true
			}
		case c == '\\':
			if o+1 < len(text) && escapable(text[o+1]) {
				return true
			}
		case c >= utf8.RuneSelf:
			r, sz := utf8.DecodeRuneInString(text[o:])
			if _, _, ok := foldRune(r); ok {
				return true
			}
			o += sz
			continue
		}
		o++
	}
	return false
}

// escapable reports whether a backslash before c is a Markdown escape
// that the reader does not see ('|' excepted: see fold).
func escapable(c byte) bool {
	return c != '|' && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{}~", c) >= 0
}

// entity decodes the character reference at the start of s, as HTML and
// CommonMark read it (`&#45;`, `&#x2d;`, `&hyphen;`, always with the
// semicolon), and returns what it stands for and its length, or n = 0.
func entity(s string) (dec string, n int) {
	end := strings.IndexByte(s[:min(len(s), 34)], ';')
	if end < 2 {
		return "", 0
	}
	ref := s[:end+1]
	body := ref[1:end]
	if body[0] == '#' {
		digits := body[1:]
		hex := len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X')
		if hex {
			digits = digits[1:]
		}
		if len(digits) == 0 || len(digits) > 7 {
			return "", 0
		}
		for i := 0; i < len(digits); i++ {
			if !isDigit(digits[i]) && !(hex && isHex(digits[i])) {
				return "", 0
			}
		}
	} else {
		for i := 0; i < len(body); i++ {
			if !isAlnum(body[i]) {
				return "", 0
			}
		}
	}
	dec = html.UnescapeString(ref)
	// A name that is not an entity stays as it is; one that starts with a
	// legacy entity ("&notit;") decodes only in part.
	if dec == ref || strings.HasSuffix(dec, ";") {
		return "", 0
	}
	return dec, len(ref)
}

// orig maps a span of norm to the original text.
func (t *folded) orig(s, e int) (int, int) {
	if t.from == nil {
		return s, e
	}
	return int(t.from[s]), int(t.to[e-1])
}

// toNorm maps an original offset to the first byte of norm at or after it.
func (t *folded) toNorm(o int) int {
	if t.from == nil {
		return o
	}
	return sort.Search(len(t.from), func(i int) bool { return int(t.from[i]) >= o })
}
