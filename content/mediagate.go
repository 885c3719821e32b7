package content

import (
	"bytes"
	"path"
	"strings"

	"github.com/rounds-dev/rounds/content/diag"
)

// media checks the videos and sounds of a module (rule "accessible":
// WCAG 2.1 success criteria 1.2.1 and 1.2.2, prerecorded audio and video
// need a text alternative and captions; rule "media" for files that are
// not there or not of their kind):
//
//   - a bundle video has a WebVTT caption track in the module's language;
//   - a sound, and a video on YouTube or Vimeo (whose captions live on the
//     host and are not reviewed here), have a transcript;
//   - an embed has a bundle poster and an author-given length, since
//     nothing is fetched from the host at build time;
//   - every file named exists in the bundle and is of its kind.
//
// Every WebVTT file of the bundle is text: a zero byte or bytes that are
// not UTF-8 are refused at their place (CheckText), whatever names it.
func (g *Gate) media(m *Module, l *diag.List) {
	dir := path.Dir(m.Path)
	for _, r := range m.Resources {
		if strings.EqualFold(path.Ext(r.Name), ".vtt") {
			checkVTT(diag.NewFile(path.Join(dir, r.Name), r.Data), l)
		}
	}
	lang := ""
	if g.Config != nil {
		lang = g.Config.Language
	}
	for _, md := range m.Media {
		mediaRules(m, md, lang, l)
	}
}

func mediaRules(m *Module, md Media, lang string, l *diag.List) {
	add := func(off int, rule, help, format string, args ...any) {
		d := m.File.Errorf(l, m.BodyOffset+off, rule, format, args...)
		d.Help = help
	}
	for _, p := range md.bad {
		add(md.optIndexAt(p.opt), p.rule, p.help, "%s", p.message)
	}
	if md.Src == "" {
		add(md.Offset, "markup", "name the file of the bundle (src=clip.mp4) or the video's address on YouTube or Vimeo",
			"a video needs src=")
		return
	}
	if strings.Contains(md.Src, "://") && !md.Embedded() {
		return // refused above
	}
	has := func(name string) (Resource, bool) { return resourceNamed(m.Resources, name) }
	if md.Poster != "" {
		if _, ok := has(md.Poster); !ok {
			add(md.optAt("poster"), "media", "put the image beside the module (a bundle: content/course/module/index.md and its files)",
				"poster %q is not a file of the bundle", md.Poster)
		} else if !posterExts[strings.ToLower(path.Ext(md.Poster))] {
			add(md.optAt("poster"), "media", "use a JPEG, PNG or WebP image", "poster %q is not an image", md.Poster)
		}
	}
	if md.Transcript != "" {
		if r, ok := has(md.Transcript); !ok {
			add(md.optAt("transcript"), "media", "put the text beside the module, or write it in a ::: transcript container after the video",
				"transcript %q is not a file of the bundle", md.Transcript)
		} else if !strings.EqualFold(path.Ext(r.Name), ".txt") {
			add(md.optAt("transcript"), "media", "save the transcript as plain text (.txt), or write it in a ::: transcript container after the video",
				"transcript %q is not a text file", md.Transcript)
		} else {
			CheckText(diag.NewFile(path.Join(path.Dir(m.Path), r.Name), r.Data), l)
		}
	}
	hasTranscript := md.Transcript != "" || md.TranscriptBlock
	if md.Embedded() {
		if md.Poster == "" {
			add(md.Offset, "accessible", "add poster=frame.jpg, an image of the bundle: the page shows it until the learner presses play, so nothing is loaded from "+md.HostName()+" before",
				"a video on %s needs a poster", md.HostName())
		}
		if !hasTranscript {
			add(md.Offset, "accessible", "its captions live on "+md.HostName()+", where no reviewer reads them: write what is said in a ::: transcript container after the video, or give transcript=FILE.txt",
				"a video on %s needs a transcript", md.HostName())
		}
		if !md.Given && !md.hasOpt("length") { // a bad length= is refused above
			add(md.Offset, "media", "add length=1m30s: nothing is fetched from "+md.HostName()+" at build time",
				"a video on %s needs its length", md.HostName())
		}
		captionFiles(m, md, add)
		return
	}
	src, ok := has(md.Src)
	switch {
	case !ok:
		add(md.optAt("src"), "media", "put the file beside the module (a bundle: content/course/module/index.md and its files)",
			"%q is not a file of the bundle", md.Src)
		return
	case MediaType(src.Name) == "":
		add(md.optAt("src"), "media", "use MP4 (H.264) or WebM for a video, MP3, M4A or Ogg for a sound",
			"%q is not a video or sound file that browsers play", md.Src)
		return
	}
	if md.Length == 0 && !md.hasOpt("length") {
		add(md.optAt("src"), "media", "give it as length=1m30s (it is read from the header of MP4 files only)",
			"the length of %q cannot be read", md.Src)
	}
	if md.Audio {
		if !hasTranscript {
			add(md.Offset, "accessible", "write what is said in a ::: transcript container after it, or give transcript=FILE.txt",
				"a sound needs a transcript")
		}
		captionFiles(m, md, add)
		return
	}
	inLang := false
	for _, c := range md.Captions {
		if CaptionLang(c) == lang {
			inLang = true
		}
	}
	if !inLang {
		help := "add captions=NAME." + lang + ".vtt, a WebVTT file of the bundle named with its language"
		if len(md.Captions) > 0 {
			help = "name the WebVTT file of the module's language NAME." + lang + ".vtt"
		}
		add(md.optAt("captions"), "accessible", help, "a video needs captions in the module's language (%s)", lang)
	}
	captionFiles(m, md, add)
}

// captionFiles checks that every captions= file is a WebVTT file of the
// bundle.
func captionFiles(m *Module, md Media, add func(off int, rule, help, format string, args ...any)) {
	for _, c := range md.Captions {
		r, ok := resourceNamed(m.Resources, c)
		switch {
		case !ok:
			add(md.optAt("captions"), "media", "put the WebVTT file beside the module", "captions %q is not a file of the bundle", c)
		case !strings.EqualFold(path.Ext(c), ".vtt"):
			add(md.optAt("captions"), "media", "convert the captions to WebVTT (.vtt), the format browsers show", "captions %q is not a WebVTT file", c)
		case !isVTT(r.Data):
			add(md.optAt("captions"), "media", "a WebVTT file starts with the line WEBVTT", "captions %q is not a WebVTT file", c)
		}
	}
}

// checkVTT refuses a WebVTT file that is not clean text.
func checkVTT(f *diag.File, l *diag.List) {
	CheckText(f, l)
}

// isVTT reports whether b starts as a WebVTT file must: an optional byte
// order mark, "WEBVTT", then a space, a tab or the end of the line.
func isVTT(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !bytes.HasPrefix(b, []byte("WEBVTT")) {
		return false
	}
	b = b[len("WEBVTT"):]
	return len(b) == 0 || b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r'
}
