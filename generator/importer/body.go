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
	ms := shortcode.FindAllStringSubmatchIndex(s, -1)
	for i := 0; i < len(ms); i++ {
		m := ms[i]
		if m[0] < last {
			continue // inside a callout converted below
		}
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
		if kind, ok := calloutKind(name, args); ok && im.kind == "hugo" && lineStart(s, m[0]) {
			if j := closingTag(s, ms, i, name); j > 0 {
				inner := im.body(f, []byte(s[m[1]:ms[j][0]]), offset+m[1])
				out.WriteString(callout(kind, args.get("title", -1), string(inner)))
				last = ms[j][1]
				continue
			}
		}
		if rep, ok := im.convert(f, pos, name, args); ok {
			out.WriteString(rep)
			continue
		}
		out.WriteString(s[m[0]:m[1]])
		if calloutShortcodes[name] && im.kind == "hugo" {
			im.note(f, pos, "shortcode {{< %s >}} does not start its line or is not closed: left as text; write a callout, > [!NOTE]", name)
			continue
		}
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

// calloutShortcodes are the box shortcodes of Hugo's common themes
// (Hextra's callout, Relearn's notice, Docsy's alert, Book's hint,
// LoveIt's admonition): each becomes a callout, "> [!KIND]".
var calloutShortcodes = map[string]bool{"callout": true, "notice": true, "alert": true, "hint": true, "admonition": true}

// calloutKinds maps the themes' kinds and colours to rounds' callouts.
var calloutKinds = map[string]string{
	"note": "NOTE", "info": "NOTE", "primary": "NOTE", "default": "NOTE", "abstract": "NOTE", "question": "NOTE", "example": "NOTE", "quote": "NOTE",
	"tip": "TIP", "hint": "TIP", "success": "TIP",
	"important": "IMPORTANT",
	"warning":   "WARNING", "warn": "WARNING",
	"caution": "CAUTION", "danger": "CAUTION", "error": "CAUTION", "failure": "CAUTION", "bug": "CAUTION",
}

// calloutKind is the rounds callout a box shortcode becomes: its kind
// from the first argument or type=, color=, style= (NOTE when none).
func calloutKind(name string, a args) (string, bool) {
	if !calloutShortcodes[name] {
		return "", false
	}
	for _, v := range []string{a.get("type", -1), a.get("style", -1), a.get("color", -1), a.get("", 0)} {
		if k, ok := calloutKinds[strings.ToLower(v)]; ok {
			return k, true
		}
	}
	return "NOTE", true
}

// lineStart reports whether only spaces come before offset i on its line.
func lineStart(s string, i int) bool {
	return strings.TrimLeft(s[strings.LastIndexByte(s[:i], '\n')+1:i], " \t") == ""
}

// closingTag is the index in ms of the shortcode that closes ms[i]
// (the same name, nested ones skipped); -1 when there is none.
func closingTag(s string, ms [][]int, i int, name string) int {
	depth := 0
	for j := i + 1; j < len(ms); j++ {
		if s[ms[j][6]:ms[j][7]] != name {
			continue
		}
		if ms[j][4] == ms[j][5] {
			depth++
		} else if depth == 0 {
			return j
		} else {
			depth--
		}
	}
	return -1
}

// callout writes a box's text as a block quote with its kind's marker,
// and its title, if any, as its first line in bold.
func callout(kind, title, text string) string {
	var b strings.Builder
	b.WriteString("> [!" + kind + "]\n")
	if t := strings.TrimSpace(title); t != "" {
		b.WriteString("> **" + escapeText(t) + "**\n>\n")
	}
	for _, line := range strings.Split(strings.Trim(text, "\r\n"), "\n") {
		line = strings.TrimRight(line, " \t\r")
		if line == "" {
			b.WriteString(">\n")
		} else {
			b.WriteString("> " + line + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
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
