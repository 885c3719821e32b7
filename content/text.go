package content

import (
	"bytes"
	"unicode/utf8"

	"github.com/rounds-dev/rounds/content/diag"
)

// CheckText refuses a text source (Markdown, TOML, JSON, VTT, SVG) that
// holds a zero byte or bytes that are not UTF-8, at the first one. Such
// bytes show nothing a reviewer can read, yet decoders treat them
// differently (JSON turns bad UTF-8 into U+FFFD, a zero byte ended the
// first digest form's parts), so what was signed could differ from what
// is shown. Images and media are binary and are not checked here.
func CheckText(f *diag.File, l *diag.List) bool {
	src := f.Src
	if i := bytes.IndexByte(src, 0); i >= 0 && (utf8.Valid(src[:i])) {
		d := f.Errorf(l, i, "text", "a zero byte in a text file")
		d.Help = "remove it: a text file holds no zero bytes (a binary file belongs beside the module, not in it)"
		return false
	}
	if utf8.Valid(src) {
		return true
	}
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			d := f.Errorf(l, i, "text", "byte 0x%02x is not UTF-8", src[i])
			d.Help = "save the file as UTF-8"
			return false
		}
		if r == 0 {
			d := f.Errorf(l, i, "text", "a zero byte in a text file")
			d.Help = "remove it: a text file holds no zero bytes (a binary file belongs beside the module, not in it)"
			return false
		}
		i += n
	}
	return true
}
