package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/generator/markdown/mdast"
)

// Priorities: the video claims its line before the generic container
// (which would lay it out as a plain block); its transformer runs after
// the quiz's.
const (
	videoParserPriority      = containerParserPriority - 2
	videoTransformerPriority = quizTransformerPriority + 10
)

// video renders "::: video" containers (issue 24). What the options mean
// is content.ParseMedia's, shared with the gate, which has refused every
// video without captions, transcript, poster or file before this runs:
//
//   - a bundle file is a <video> (or <audio>) with controls, its poster,
//     preload="metadata" (the browser fetches the header, not the film),
//     and a <track> per caption file, labelled with its language;
//   - a YouTube or Vimeo video is its bundle poster in a link to the
//     video's page: nothing is requested from the host until the learner
//     presses play, when js/media.js swaps in the player of the host's
//     privacy mode (youtube-nocookie.com, Vimeo's dnt=1). Without
//     JavaScript the link opens the video on its host;
//   - the container's own content is the figure's caption; a transcript
//     (a "::: transcript" container right after the video, or the
//     transcript= file) follows the player in a <details>.
type video struct{}

func (v *video) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(v, videoParserPriority)),
		parser.WithASTTransformers(util.Prioritized(v, videoTransformerPriority)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(v, videoParserPriority)))
}

// filesKey holds Options.Files for the transformer.
var filesKey = parser.NewContextKey()

func (v *video) Trigger() []byte { return []byte{':'} }

func (v *video) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	cl, ok := content.ParseContainerLine(line)
	if !ok || cl.Name != "video" || !opensIn(parent, cl.Fence) {
		return nil, parser.NoChildren
	}
	reader.AdvanceToEOL()
	return videoNode(content.ParseMedia(cl.Options), cl.Fence), parser.HasChildren
}

// videoNode lays out what the page needs of a video.
func videoNode(md content.Media, fence int) *mdast.Video {
	n := &mdast.Video{Fence: fence, Poster: md.Poster, Audio: md.Audio, TranscriptFile: md.Transcript}
	if md.Length > 0 {
		n.Length = content.FormatLength(md.Length)
	}
	if md.Embedded() {
		n.Embed, n.Watch, n.Host, n.FrameHost = md.EmbedURL(), md.WatchURL(), md.HostName(), md.FrameHost()
		return n
	}
	n.Src, n.MIME = md.Src, content.MediaType(md.Src)
	for _, c := range md.Captions {
		lang := content.CaptionLang(c)
		n.Tracks = append(n.Tracks, mdast.Track{Src: c, Lang: lang, Label: languageName(lang)})
	}
	return n
}

func (v *video) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if cl, ok := content.ParseContainerLine(line); ok && cl.Closes(node.(*mdast.Video).Fence) {
		reader.AdvanceToEOL()
		return parser.Close
	}
	return parser.Continue | parser.HasChildren
}

func (v *video) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (v *video) CanInterruptParagraph() bool                                { return true }
func (v *video) CanAcceptIndentedLine() bool                                { return false }

// Transform gives each video its transcript: the "::: transcript"
// container right after it becomes a Transcript, and a transcript= file's
// text is read from the files the render was given.
func (v *video) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	files, _ := pc.Get(filesKey).(func(string) ([]byte, bool))
	var videos []*mdast.Video
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if vn, ok := n.(*mdast.Video); ok && entering {
			videos = append(videos, vn)
		}
		return ast.WalkContinue, nil
	})
	for _, vn := range videos {
		if c, ok := vn.NextSibling().(*mdast.Container); ok && c.Name == "transcript" {
			t := &mdast.Transcript{}
			moveChildren(c, t)
			c.Parent().ReplaceChild(c.Parent(), c, t)
		}
		if files == nil {
			continue
		}
		if vn.TranscriptFile != "" {
			if b, ok := files(vn.TranscriptFile); ok {
				vn.TranscriptText = b
			}
		}
	}
}

func (v *video) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(mdast.KindVideo, v.render)
	reg.Register(mdast.KindTranscript, v.renderTranscript)
}

func (v *video) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	vn := n.(*mdast.Video)
	if !entering {
		if vn.HasChildren() {
			_, _ = w.WriteString("</figcaption>\n")
		}
		_, _ = w.WriteString("</figure>\n")
		if len(vn.TranscriptText) > 0 {
			_, _ = w.WriteString("<details class=\"transcript\">\n<summary>")
			esc(w, tr(n).T("video.transcript"))
			_, _ = w.WriteString("</summary>\n")
			for _, p := range bytes.Split(bytes.ReplaceAll(vn.TranscriptText, []byte("\r\n"), []byte("\n")), []byte("\n\n")) {
				if p = bytes.TrimSpace(p); len(p) > 0 {
					_, _ = w.WriteString("<p>")
					_, _ = w.Write(util.EscapeHTML(p))
					_, _ = w.WriteString("</p>\n")
				}
			}
			_, _ = w.WriteString("</details>\n")
		}
		return ast.WalkContinue, nil
	}
	switch {
	case vn.Embed != "":
		renderEmbed(w, vn)
	case vn.Audio:
		_, _ = w.WriteString("<figure class=\"media media-audio\">\n<audio controls preload=\"metadata\">\n")
		renderSources(w, vn)
		_, _ = w.WriteString("</audio>\n")
	default:
		_, _ = w.WriteString("<figure class=\"media media-video\">\n<video controls preload=\"metadata\"")
		if vn.Poster != "" {
			_, _ = w.WriteString(` poster="`)
			attrURL(w, vn.Poster)
			_ = w.WriteByte('"')
		}
		_, _ = w.WriteString(">\n")
		renderSources(w, vn)
		_, _ = w.WriteString("</video>\n")
	}
	if vn.HasChildren() {
		_, _ = w.WriteString("<figcaption>\n")
	}
	return ast.WalkContinue, nil
}

// renderSources writes a bundle file's source, caption tracks (the first
// shown by default) and the fallback link.
func renderSources(w util.BufWriter, vn *mdast.Video) {
	_, _ = w.WriteString(`<source src="`)
	attrURL(w, vn.Src)
	_, _ = w.WriteString(`" type="`)
	esc(w, vn.MIME)
	_, _ = w.WriteString("\">\n")
	for i, t := range vn.Tracks {
		_, _ = w.WriteString(`<track kind="captions" src="`)
		attrURL(w, t.Src)
		_, _ = w.WriteString(`" srclang="`)
		esc(w, t.Lang)
		_, _ = w.WriteString(`" label="`)
		esc(w, t.Label)
		_ = w.WriteByte('"')
		if i == 0 {
			_, _ = w.WriteString(" default")
		}
		_, _ = w.WriteString(">\n")
	}
	_, _ = w.WriteString(`<p>Your browser does not play this file: <a href="`)
	attrURL(w, vn.Src)
	_, _ = w.WriteString("\" download>download it</a>.</p>\n")
}

// renderEmbed writes the click-to-load poster of a YouTube or Vimeo video.
func renderEmbed(w util.BufWriter, vn *mdast.Video) {
	label := "Play the video on " + vn.Host
	if vn.Length != "" {
		label += " (" + vn.Length + ")"
	}
	_, _ = w.WriteString("<figure class=\"media media-embed\">\n<div class=\"embed-frame\" data-embed=\"")
	esc(w, vn.Embed)
	_, _ = w.WriteString(`" data-title="`)
	esc(w, "Video on "+vn.Host)
	_, _ = w.WriteString("\">\n<a class=\"embed-play\" href=\"")
	esc(w, vn.Watch)
	_, _ = w.WriteString("\">")
	if vn.Poster != "" {
		_, _ = w.WriteString(`<img src="`)
		attrURL(w, vn.Poster)
		_, _ = w.WriteString(`" alt="">`)
	}
	_, _ = w.WriteString(`<span class="embed-label">`)
	esc(w, label)
	_, _ = w.WriteString("</span></a>\n</div>\n<p class=\"embed-note\">The video plays from ")
	esc(w, vn.Host)
	_, _ = w.WriteString(": nothing is loaded from it before you press play.</p>\n")
}

func (v *video) renderTranscript(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<details class=\"transcript\">\n<summary>")
		esc(w, tr(n).T("video.transcript"))
		_, _ = w.WriteString("</summary>\n")
	} else {
		_, _ = w.WriteString("</details>\n")
	}
	return ast.WalkContinue, nil
}

// attrURL writes a bundle file name as an attribute's address: escaped
// as a URL, then as HTML.
func attrURL(w util.BufWriter, name string) {
	_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(name), false)))
}

// languageName names a caption track's language in that language, for
// the player's caption menu; the code itself for a language not listed.
func languageName(code string) string {
	switch code {
	case "en":
		return "English"
	case "es":
		return "Español"
	case "fr":
		return "Français"
	case "de":
		return "Deutsch"
	case "it":
		return "Italiano"
	case "pt":
		return "Português"
	case "nl":
		return "Nederlands"
	case "":
		return "Captions"
	}
	return code
}
