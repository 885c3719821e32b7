package content

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/rounds-dev/rounds/content/diag"
)

// Media is a "::: video" container of a module's body (SPEC.md, Shared
// conventions "Containers"; issue 24): a video or audio file of the
// bundle, or a video on YouTube or Vimeo shown as a click-to-load poster.
//
//	::: video src=clip.mp4 poster=clip.jpg captions=clip.en.vtt
//	::: video src=https://www.youtube.com/watch?v=ID poster=frame.jpg length=1m30s
//
// What the options mean is decided here, for the gate and the renderer
// alike (ParseMedia), so the page shows what the gate checked.
type Media struct {
	Offset int    // body offset of the opening line (0 from ParseMedia)
	Src    string // a bundle file name, or the embed's address as written
	// Host is "youtube" or "vimeo" for an embed, "" for a bundle file.
	Host string
	ID   string // the embed's video id
	Hash string // a Vimeo unlisted video's hash, "" otherwise
	// Audio: the bundle file is a sound (rendered as <audio>).
	Audio    bool
	Poster   string
	Captions []string // bundle WebVTT files, as written
	// Transcript is a bundle text file; TranscriptBlock is set when a
	// "::: transcript" container follows the video.
	Transcript      string
	TranscriptBlock bool
	// Length is the author's length= or, for a bundle MP4, the length its
	// header gives; 0 when unknown.
	Length time.Duration
	Given  bool // Length came from length=

	opts []mediaOpt
	bad  []mediaProblem
}

type mediaOpt struct {
	key, val string
	at       int // offset in the opening line
}

type mediaProblem struct {
	opt                 int // index of the option it is about, -1 for the line
	rule, message, help string
}

// Embedded reports whether the media is a video on another host.
func (m Media) Embedded() bool { return m.Host != "" }

// Kind is "video" or "audio".
func (m Media) Kind() string {
	if m.Audio {
		return "audio"
	}
	return "video"
}

// EmbedURL is the address of the embed's player, loaded only when the
// learner presses play: YouTube's privacy-enhanced host, which sets no
// cookie before play, and Vimeo's player with dnt=1 (no tracking).
func (m Media) EmbedURL() string {
	switch m.Host {
	case "youtube":
		return "https://www.youtube-nocookie.com/embed/" + m.ID + "?autoplay=1"
	case "vimeo":
		u := "https://player.vimeo.com/video/" + m.ID + "?dnt=1&autoplay=1"
		if m.Hash != "" {
			u += "&h=" + m.Hash
		}
		return u
	}
	return ""
}

// WatchURL is the video's page on its host, where the poster links
// without JavaScript.
func (m Media) WatchURL() string {
	switch m.Host {
	case "youtube":
		return "https://www.youtube.com/watch?v=" + m.ID
	case "vimeo":
		if m.Hash != "" {
			return "https://vimeo.com/" + m.ID + "/" + m.Hash
		}
		return "https://vimeo.com/" + m.ID
	}
	return ""
}

// FrameHost is the host the embed's frame loads from (for the page's
// Content-Security-Policy frame-src), "" for a bundle file.
func (m Media) FrameHost() string {
	switch m.Host {
	case "youtube":
		return "www.youtube-nocookie.com"
	case "vimeo":
		return "player.vimeo.com"
	}
	return ""
}

// HostName is the host's name for people ("YouTube", "Vimeo").
func (m Media) HostName() string {
	switch m.Host {
	case "youtube":
		return "YouTube"
	case "vimeo":
		return "Vimeo"
	}
	return ""
}

// FormatLength writes a length for people: "1 min 30 s", "45 s", "1 h 2 min".
func FormatLength(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	h, m, sec := s/3600, s/60%60, s%60
	var parts []string
	if h > 0 {
		parts = append(parts, fmt.Sprintf("%d h", h))
	}
	if m > 0 {
		parts = append(parts, fmt.Sprintf("%d min", m))
	}
	if sec > 0 || len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("%d s", sec))
	}
	return strings.Join(parts, " ")
}

var mediaKeys = []string{"captions", "length", "poster", "src", "transcript"}

var (
	videoExts  = map[string]string{".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg"}
	audioExts  = map[string]string{".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".oga": "audio/ogg", ".opus": "audio/ogg", ".wav": "audio/wav"}
	posterExts = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".webp": true}
	youtubeID  = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	vimeoID    = regexp.MustCompile(`^[0-9]{1,12}$`)
	vimeoHash  = regexp.MustCompile(`^[0-9a-f]{6,20}$`)
)

// MediaType is the MIME type of a bundle media file, "" when it is none.
func MediaType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t := videoExts[ext]; t != "" {
		return t
	}
	return audioExts[ext]
}

// ParseMedia reads the options of a "::: video" line. Problems of the
// options themselves (unknown keys, an address that is no YouTube or
// Vimeo video, a length that is no length) are kept for the gate.
func ParseMedia(options []string) Media {
	var md Media
	src := -1
	for j, o := range options {
		k, v, ok := strings.Cut(o, "=")
		md.opts = append(md.opts, mediaOpt{key: k, val: v})
		switch {
		case !ok || v == "":
			md.bad = append(md.bad, mediaProblem{opt: j, rule: "markup", message: fmt.Sprintf("video option %q has no value", o),
				help: "write options as key=value: " + strings.Join(mediaKeys, "=..., ") + "=..."})
		case k == "src":
			md.Src, src = v, j
		case k == "poster":
			md.Poster = v
		case k == "captions":
			md.Captions = append(md.Captions, strings.Split(v, ",")...)
		case k == "transcript":
			md.Transcript = v
		case k == "length":
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 || d > 24*time.Hour {
				md.bad = append(md.bad, mediaProblem{opt: j, rule: "markup", message: fmt.Sprintf("length %q is not a length", v),
					help: "write it as 1m30s, 45s or 1h2m"})
				continue
			}
			md.Length, md.Given = d, true
		default:
			p := mediaProblem{opt: j, rule: "markup", message: fmt.Sprintf("unknown video option %q", k),
				help: "the options are " + strings.Join(mediaKeys, ", ")}
			if s := suggestKey(k, mediaKeys); s != "" {
				p.help = fmt.Sprintf("did you mean %q? (%s)", s, p.help)
			}
			md.bad = append(md.bad, p)
		}
	}
	if strings.Contains(md.Src, "://") {
		md.parseEmbed(src)
	} else if md.Src != "" && strings.HasPrefix(audioExts[strings.ToLower(path.Ext(md.Src))], "audio/") {
		md.Audio = true
	}
	return md
}

func suggestKey(k string, keys []string) string {
	for _, c := range keys {
		if strings.EqualFold(c, k) {
			return c
		}
	}
	return diag.Suggest(k, keys)
}

// parseEmbed reads a YouTube or Vimeo address; any other is refused (no
// other host has a player that loads nothing before play).
func (md *Media) parseEmbed(opt int) {
	bad := func(msg string) {
		md.bad = append(md.bad, mediaProblem{opt: opt, rule: "media", message: msg,
			help: "give a YouTube address (https://www.youtube.com/watch?v=ID) or a Vimeo one (https://vimeo.com/ID), or a video file of the bundle"})
	}
	u, err := url.Parse(md.Src)
	if err != nil || u.Scheme != "https" && u.Scheme != "http" {
		bad(fmt.Sprintf("%q is not a video address", md.Src))
		return
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	seg := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	switch host {
	case "youtube.com", "m.youtube.com", "youtube-nocookie.com":
		md.Host = "youtube"
		switch {
		case len(seg) == 1 && seg[0] == "watch":
			md.ID = u.Query().Get("v")
		case len(seg) == 2 && (seg[0] == "embed" || seg[0] == "shorts" || seg[0] == "live"):
			md.ID = seg[1]
		}
	case "youtu.be":
		md.Host = "youtube"
		if len(seg) == 1 {
			md.ID = seg[0]
		}
	case "vimeo.com", "player.vimeo.com":
		md.Host = "vimeo"
		if len(seg) >= 2 && seg[0] == "video" {
			seg = seg[1:]
		}
		if len(seg) >= 1 && len(seg) <= 2 {
			md.ID = seg[0]
		}
		if len(seg) == 2 {
			md.Hash = seg[1]
		}
		if h := u.Query().Get("h"); h != "" && md.Hash == "" {
			md.Hash = h
		}
	default:
		bad(fmt.Sprintf("videos from %s cannot be embedded", u.Hostname()))
		return
	}
	switch {
	case md.Host == "youtube" && !youtubeID.MatchString(md.ID):
		bad(fmt.Sprintf("%q names no YouTube video", md.Src))
	case md.Host == "vimeo" && (!vimeoID.MatchString(md.ID) || md.Hash != "" && !vimeoHash.MatchString(md.Hash)):
		bad(fmt.Sprintf("%q names no Vimeo video", md.Src))
	default:
		return
	}
	md.Host, md.ID, md.Hash = "", "", ""
}

// scanMedia finds the "::: video" containers of a body outside fenced
// code, reading lines as scanContainers does, and whether a "::: transcript"
// container follows each. Bundle MP4 lengths are read from resources.
func scanMedia(body []byte, resources []Resource) []Media {
	if !bytes.Contains(body, []byte("video")) {
		return nil
	}
	lines := splitLines(body)
	var out []Media
	var fence []byte
	open := -1 // index in out of the video whose closing line is looked for
	fences := 0
	for i, ln := range lines {
		text := body[ln.start:ln.end]
		trimmed := bytes.TrimLeft(text, " ")
		if fence != nil {
			if bytes.HasPrefix(trimmed, fence) && len(bytes.TrimSpace(trimmed[len(fence):])) == 0 {
				fence = nil
			}
			continue
		}
		if f := fenceOf(trimmed); f != nil && len(text)-len(trimmed) < 4 {
			fence = f
			continue
		}
		cl, ok := ParseContainerLine(text)
		if !ok {
			continue
		}
		if open >= 0 {
			if cl.Closes(fences) {
				out[open].TranscriptBlock = transcriptFollows(body, lines[i+1:])
				open = -1
			}
			continue
		}
		if cl.Name != "video" {
			continue
		}
		md := ParseMedia(cl.Options)
		md.Offset = ln.start
		// Option offsets are in the line as written: find each in turn.
		cur := bytes.Index(text, []byte(cl.Name)) + len(cl.Name)
		for j, o := range cl.Options {
			if k := bytes.Index(text[cur:], []byte(o)); k >= 0 {
				md.opts[j].at = cur + k
				cur += k + len(o)
			}
		}
		if !md.Embedded() && md.Src != "" && !md.Given {
			if r, ok := resourceNamed(resources, md.Src); ok {
				md.Length = mp4Length(r.Data)
			}
		}
		out = append(out, md)
		open, fences = len(out)-1, cl.Fence
	}
	return out
}

// transcriptFollows reports whether the first line after blank ones opens
// a "::: transcript" container.
func transcriptFollows(body []byte, lines []span) bool {
	for _, ln := range lines {
		text := body[ln.start:ln.end]
		if len(bytes.TrimSpace(text)) == 0 {
			continue
		}
		cl, ok := ParseContainerLine(text)
		return ok && cl.Name == "transcript"
	}
	return false
}

func resourceNamed(res []Resource, name string) (Resource, bool) {
	for _, r := range res {
		if r.Name == name {
			return r, true
		}
	}
	return Resource{}, false
}

// optAt is the body offset of option key of md, or of its line.
func (md Media) optAt(key string) int {
	for j := range md.opts {
		if md.opts[j].key == key {
			return md.optIndexAt(j)
		}
	}
	return md.Offset
}

func (md Media) hasOpt(key string) bool {
	for _, o := range md.opts {
		if o.key == key {
			return true
		}
	}
	return false
}

// optIndexAt is the body offset of the j-th option, or of the line.
func (md Media) optIndexAt(j int) int {
	if j < 0 || j >= len(md.opts) {
		return md.Offset
	}
	return md.Offset + md.opts[j].at
}

// CaptionLang is the language of a WebVTT file named NAME.LANG.vtt ("" if
// its name carries none).
func CaptionLang(name string) string {
	base := strings.TrimSuffix(path.Base(name), path.Ext(name))
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		lang := base[i+1:]
		if len(lang) >= 2 && len(lang) <= 8 && strings.Trim(strings.ToLower(lang), "abcdefghijklmnopqrstuvwxyz-") == "" {
			return lang
		}
	}
	return ""
}

// MediaLabel says what media a module shows and for how long, for cards,
// share texts and lists: "Video, 1 min 30 s", "Audio, 45 s", "2 videos,
// 4 min"; "" for a module without media. A length not known is left out.
func MediaLabel(media []Media) string {
	if len(media) == 0 {
		return ""
	}
	var total time.Duration
	known, audio := true, true
	for _, md := range media {
		total += md.Length
		known = known && md.Length > 0
		audio = audio && md.Audio
	}
	kind := "Video"
	switch {
	case len(media) > 1 && audio:
		kind = fmt.Sprintf("%d recordings", len(media))
	case len(media) > 1:
		kind = fmt.Sprintf("%d videos", len(media))
	case audio:
		kind = "Audio"
	}
	if !known {
		return kind
	}
	return kind + ", " + FormatLength(total)
}
