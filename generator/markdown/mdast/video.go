package mdast

import (
	"github.com/yuin/goldmark/ast"
)

// Node kinds of media.
var (
	KindVideo      = ast.NewNodeKind("Video")
	KindTranscript = ast.NewNodeKind("Transcript")
)

// Video is a "::: video" container: a bundle video or sound, or a video on
// YouTube or Vimeo shown as a click-to-load poster. Its children are its
// caption (the figure's figcaption).
type Video struct {
	ast.BaseBlock
	Fence  int    // the number of colons that open and close it
	Src    string // the bundle file, "" for an embed
	MIME   string // its MIME type
	Audio  bool
	Poster string
	Tracks []Track
	// Embed is the player's address, loaded on play; Watch the video's
	// page on its host; Host its name ("YouTube"); FrameHost the host of
	// Embed, for the page's frame-src.
	Embed, Watch, Host, FrameHost string
	Length                        string // for people, "" when unknown
	// TranscriptFile is its transcript= file; TranscriptText its text, set by the
	// transformer from the files it is given.
	TranscriptFile string
	TranscriptText []byte
}

// Track is a caption track of a video.
type Track struct{ Src, Lang, Label string }

// Kind implements ast.Node.
func (n *Video) Kind() ast.NodeKind { return KindVideo }

// Dump implements ast.Node.
func (n *Video) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Src": n.Src, "Embed": n.Embed}, nil)
}

// Transcript is a "::: transcript" container right after a video: what is
// said in it, shown under the player.
type Transcript struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *Transcript) Kind() ast.NodeKind { return KindTranscript }

// Dump implements ast.Node.
func (n *Transcript) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }
