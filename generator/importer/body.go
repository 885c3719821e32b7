package importer

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/rounds-dev/rounds/content/diag"
)

// shortcode matches a Hugo shortcode, {{< name args >}} or {{% name args %}}.
var shortcode = regexp.MustCompile(`\{\{([<%])\s*(/?)\s*([\w.-]+)((?:[^>%}]|"[^"]*")*?)\s*[>%]\}\}`)

// liquid matches a Jekyll (Liquid) tag or output: {% ... %}, {{ ... }}.
var liquid = regexp.MustCompile(`\{%-?\s*([\w.-]+)[^%]*%\}|\{\{-?\s*[^}]+\}\}`)

// shortcodeArg reads one argument: key="value", key=value, "value" or value.
var shortcodeArg = regexp.MustCompile(`\s*(?:([\w-]+)=)?(?:"([^"]*)"|(\S+))`)

// body converts the page's body; offset is where it starts in the file.
func (im *importer) body(f *diag.File, body []byte, offset int) []byte {
	s := string(body)
	var out strings.Builder
	last := 0
	for _, m := range shortcode.FindAllStringSubmatchIndex(s, -1) {
		out.WriteString(s[last:m[0]])
		last = m[1]
		pos := f.Pos(offset + m[0])
		closing := m[4] < m[5]
		name := s[m[6]:m[7]]
		args := parseArgs(s[m[8]:m[9]])
		if closing {
			out.WriteString(s[m[0]:m[1]])
			continue
		}
		if rep, ok := im.convert(f, pos, name, args); ok {
			out.WriteString(rep)
			continue
		}
		out.WriteString(s[m[0]:m[1]])
		im.note(f, pos, "shortcode {{< %s >}} has no rounds equivalent: left as text", name)
	}
	out.WriteString(s[last:])
	converted := out.String()
	if im.kind == "jekyll" {
		for _, m := range liquid.FindAllStringIndex(string(body), -1) {
			tag := string(body[m[0]:m[1]])
			im.note(f, f.Pos(offset+m[0]), "Liquid %s has no rounds equivalent: left as text", clip(tag))
		}
	}
	return []byte(converted)
}

func clip(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return s
}

type args struct {
	pos   []string
	named map[string]string
}

func parseArgs(s string) args {
	a := args{named: map[string]string{}}
	for _, m := range shortcodeArg.FindAllStringSubmatch(s, -1) {
		v := m[2]
		if v == "" {
			v = m[3]
		}
		if m[1] != "" {
			a.named[m[1]] = v
		} else if v != "" {
			a.pos = append(a.pos, v)
		}
	}
	return a
}

func (a args) get(key string, i int) string {
	if v, ok := a.named[key]; ok {
		return v
	}
	if i >= 0 && i < len(a.pos) {
		return a.pos[i]
	}
	return ""
}

var videoID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// convert gives the Markdown for a shortcode rounds has an equivalent of.
// A YouTube or Vimeo video becomes a link to it: rounds shows a player
// only with a poster frame, a transcript and a length from the author
// (no request is made to the host, at build time or before play), which
// the shortcode does not carry; the note says what to add.
func (im *importer) convert(f *diag.File, pos diag.Pos, name string, a args) (string, bool) {
	switch name {
	case "youtube", "vimeo":
		id := a.get("id", 0)
		if !videoID.MatchString(id) {
			return "", false
		}
		host, u := "YouTube", "https://www.youtube.com/watch?v="+url.QueryEscape(id)
		if name == "vimeo" {
			host, u = "Vimeo", "https://vimeo.com/"+url.PathEscape(id)
		}
		title := a.get("title", -1)
		if title == "" {
			title = "Watch the video on " + host
		}
		im.note(f, pos, "%s video %s made a link: to show it on the page, write ::: video src=%s poster=FRAME.jpg length=... with a transcript (see the handbook's Video and audio)", host, id, u)
		return fmt.Sprintf("[%s](%s)", escapeText(title), u), true
	case "figure":
		src := a.get("src", -1)
		if src == "" {
			return "", false
		}
		alt := a.get("alt", -1)
		caption := a.get("caption", -1)
		title := a.get("title", -1)
		if alt == "" {
			alt = firstNonEmpty(caption, title)
			if alt != "" {
				im.note(f, pos, "figure %s has no alt: its caption is used; check it says what the image shows", src)
			} else {
				im.note(f, pos, "figure %s has no alt text: write one (rounds refuses an image without)", src)
			}
		}
		md := fmt.Sprintf("![%s](%s)", escapeText(alt), src)
		if c := firstNonEmpty(caption, title); c != "" && c != alt {
			md += "\n\n*" + escapeText(c) + "*"
		}
		return md, true
	}
	return "", false
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

// escapeText escapes what would end a link's text or start markup.
func escapeText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, `*`, `\*`, `_`, `\_`, "`", "\\`", "<", `\<`, "\n", " ")
	return r.Replace(s)
}
