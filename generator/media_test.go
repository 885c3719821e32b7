package generator_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/rounds-dev/rounds/internal/sitetest"
)

// mp4Header is the smallest MP4 whose movie header says how long it runs:
// an ftyp box, then moov > mvhd (version 0, time scale 1000).
func mp4Header(ms uint32) []byte {
	box := func(typ string, payload []byte) []byte {
		b := binary.BigEndian.AppendUint32(nil, uint32(8+len(payload)))
		return append(append(b, typ...), payload...)
	}
	mvhd := make([]byte, 100)
	binary.BigEndian.PutUint32(mvhd[12:], 1000)
	binary.BigEndian.PutUint32(mvhd[16:], ms)
	return append(box("ftyp", []byte("isom\x00\x00\x02\x00isomiso2mp41")), box("moov", box("mvhd", mvhd))...)
}

func posterPNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 16, 9))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const vtt = "WEBVTT\n\n00:00.000 --> 00:04.000\nSepsis is a medical emergency.\n"

// videoSite is openSite with a bundle module holding body and files.
func videoSite(t *testing.T, body string, files map[string]string) map[string][]byte {
	site := sitetest.Parse(openSite)
	site["content/cardio/clip/index.md"] = []byte("+++\ntitle = \"Shock in one minute\"\nsummary = \"What shock looks like.\"\ndate = 2026-10-01\n+++\n\n" + body)
	site["content/cardio/clip/clip.mp4"] = mp4Header(90_000)
	site["content/cardio/clip/clip.en.vtt"] = []byte(vtt)
	site["content/cardio/clip/clip.png"] = posterPNG(t)
	for name, data := range files {
		if data == "" {
			delete(site, "content/cardio/clip/"+name)
			continue
		}
		site["content/cardio/clip/"+name] = []byte(data)
	}
	return site
}

func TestBundleVideo(t *testing.T) {
	b := sitetest.BuildOK(t, videoSite(t, "::: video src=clip.mp4 poster=clip.png captions=clip.en.vtt\nThe first minute of septic shock.\n:::\n", nil))
	page := "cardio/clip/index.html"
	b.AssertFile(page,
		`<figure class="media media-video">`,
		`<video controls preload="metadata" poster="clip.png">`,
		`<source src="clip.mp4" type="video/mp4">`,
		`<track kind="captions" src="clip.en.vtt" srclang="en" label="English" default>`,
		"<figcaption>\n<p>The first minute of septic shock.</p>\n</figcaption>",
	)
	// No frame, no player script: the CSP stays as strict as a page
	// without video.
	b.AssertFileNot(page, "frame-src", "media.js", "<img")
	b.AssertFile("cardio/clip/clip.mp4")
	b.AssertFile("cardio/clip/clip.en.vtt", "Sepsis is a medical emergency.")
	// Its length is read from the file's header (90,000 ms at 1,000/s).
	b.AssertFile("share/cardio/clip/index.html", "Video, 1 min 30 s")
}

func TestAudio(t *testing.T) {
	b := sitetest.BuildOK(t, videoSite(t, "::: video src=talk.mp3 length=45s transcript=talk.txt\n:::\n",
		map[string]string{"talk.mp3": "ID3 not really", "talk.txt": "Good morning.\n\nSepsis kills & maims <quickly>."}))
	b.AssertFile("cardio/clip/index.html",
		`<figure class="media media-audio">`+"\n"+`<audio controls preload="metadata">`,
		`<source src="talk.mp3" type="audio/mpeg">`,
		"<details class=\"transcript\">\n<summary>Transcript</summary>\n<p>Good morning.</p>\n<p>Sepsis kills &amp; maims &lt;quickly&gt;.</p>",
	)
	b.AssertFile("share/cardio/clip/index.html", "Audio, 45 s")
}

func TestEmbeddedVideoLoadsNothingBeforePlay(t *testing.T) {
	body := "::: video src=https://www.youtube.com/watch?v=dQw4w9WgXcQ poster=clip.png length=1m30s\n:::\n\n" +
		"::: transcript\nSepsis is a medical emergency.\n:::\n"
	b := sitetest.BuildOK(t, videoSite(t, body, nil))
	page := "cardio/clip/index.html"
	b.AssertFile(page,
		`frame-src https://www.youtube-nocookie.com">`,
		`data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"`,
		`<a class="embed-play" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"><img src="clip.png" alt=""><span class="embed-label">Play the video on YouTube (1 min 30 s)</span></a>`,
		"<details class=\"transcript\">\n<summary>Transcript</summary>\n<p>Sepsis is a medical emergency.</p>\n</details>",
		`js/media.js`,
	)
	// The page itself loads nothing from YouTube: the only address of the
	// host that a browser fetches without a click is none.
	html := string(b.Files[page])
	for _, bad := range []string{`src="https://www.youtube`, `<iframe`, "ytimg.com", "player.vimeo.com"} {
		if strings.Contains(html, bad) {
			t.Errorf("page holds %q", bad)
		}
	}
	b.AssertFile("share/cardio/clip/index.html", "Video, 1 min 30 s")
}

func TestFrameSrcListsExactlyTheHostsUsed(t *testing.T) {
	body := "::: video src=https://vimeo.com/76979871 poster=clip.png length=2m transcript=t.txt\n:::\n\n" +
		"::: video src=https://youtu.be/dQw4w9WgXcQ poster=clip.png length=1m transcript=t.txt\n:::\n"
	b := sitetest.BuildOK(t, videoSite(t, body, map[string]string{"t.txt": "Words."}))
	b.AssertFile("cardio/clip/index.html",
		`form-action 'self'; frame-src https://player.vimeo.com https://www.youtube-nocookie.com">`,
		`data-embed="https://player.vimeo.com/video/76979871?dnt=1&amp;autoplay=1"`)
	b.AssertFile("share/cardio/clip/index.html", "2 videos, 3 min")
	// Another page of the site lets no frame load.
	b.AssertFileNot("cardio/afib/index.html", "frame-src")
}

func TestVideoRefusals(t *testing.T) {
	const at = "content/cardio/clip/index.md:7:"
	cases := []struct {
		name, body string
		files      map[string]string
		want       []string
	}{
		{"no captions", "::: video src=clip.mp4\n:::\n", nil,
			[]string{at + "1: error: accessible: a video needs captions in the module's language (en)",
				"help: add captions=NAME.en.vtt"}},
		{"captions in another language", "::: video src=clip.mp4 captions=clip.fr.vtt\n:::\n", map[string]string{"clip.fr.vtt": vtt},
			[]string{at + "24: error: accessible: a video needs captions in the module's language (en)"}},
		{"captions not in the bundle", "::: video src=clip.mp4 captions=clip.en.vtt\n:::\n", map[string]string{"clip.en.vtt": ""},
			[]string{at + "24: error: media: captions \"clip.en.vtt\" is not a file of the bundle"}},
		{"captions not WebVTT", "::: video src=clip.mp4 captions=clip.en.vtt\n:::\n", map[string]string{"clip.en.vtt": "1\n00:00:00,000 --> 00:00:04,000\nHi\n"},
			[]string{at + "24: error: media: captions \"clip.en.vtt\" is not a WebVTT file"}},
		{"a zero byte in captions", "::: video src=clip.mp4 captions=clip.en.vtt\n:::\n", map[string]string{"clip.en.vtt": "WEBVTT\n\n00:00.000 --> 00:04.000\nSep\x00sis\n"},
			[]string{"content/cardio/clip/clip.en.vtt:4:4: error: text: a zero byte in a text file"}},
		{"captions not UTF-8", "::: video src=clip.mp4 captions=clip.en.vtt\n:::\n", map[string]string{"clip.en.vtt": "WEBVTT\n\nSeps\xe9s\n"},
			[]string{"content/cardio/clip/clip.en.vtt:3:5: error: text: byte 0xe9 is not UTF-8"}},
		{"no such file", "::: video src=klip.mp4 captions=clip.en.vtt\n:::\n", nil,
			[]string{at + "11: error: media: \"klip.mp4\" is not a file of the bundle"}},
		{"not a media file", "::: video src=clip.png captions=clip.en.vtt\n:::\n", nil,
			[]string{at + "11: error: media: \"clip.png\" is not a video or sound file that browsers play"}},
		{"length unreadable", "::: video src=clip.webm captions=clip.en.vtt\n:::\n", map[string]string{"clip.webm": "\x1aE\xdf\xa3"},
			[]string{at + "11: error: media: the length of \"clip.webm\" cannot be read", "help: give it as length=1m30s"}},
		{"no src", "::: video poster=clip.png\n:::\n", nil,
			[]string{at + "1: error: markup: a video needs src="}},
		{"unknown option", "::: video src=clip.mp4 captions=clip.en.vtt postr=clip.png\n:::\n", nil,
			[]string{at + "45: error: markup: unknown video option \"postr\"", `help: did you mean "poster"?`}},
		{"an embed needs poster, transcript and length", "::: video src=https://www.youtube.com/watch?v=dQw4w9WgXcQ\n:::\n", nil,
			[]string{at + "1: error: accessible: a video on YouTube needs a poster",
				at + "1: error: accessible: a video on YouTube needs a transcript",
				at + "1: error: media: a video on YouTube needs its length"}},
		{"another host", "::: video src=https://www.tiktok.com/@er/video/1 poster=clip.png length=1m transcript=t.txt\n:::\n", map[string]string{"t.txt": "x"},
			[]string{at + "11: error: media: videos from www.tiktok.com cannot be embedded"}},
		{"no video id", "::: video src=https://www.youtube.com/watch?v=short poster=clip.png length=1m transcript=t.txt\n:::\n", map[string]string{"t.txt": "x"},
			[]string{at + "11: error: media: \"https://www.youtube.com/watch?v=short\" names no YouTube video"}},
		{"bad length", "::: video src=https://vimeo.com/1 poster=clip.png length=90 transcript=t.txt\n:::\n", map[string]string{"t.txt": "x"},
			[]string{at + "51: error: markup: length \"90\" is not a length"}},
		{"a sound needs a transcript", "::: video src=talk.mp3 length=1m\n:::\n", map[string]string{"talk.mp3": "ID3"},
			[]string{at + "1: error: accessible: a sound needs a transcript"}},
		{"a transcript not right after", "::: video src=https://vimeo.com/1 poster=clip.png length=1m\n:::\n\nText.\n\n::: transcript\nWords.\n:::\n", nil,
			[]string{at + "1: error: accessible: a video on Vimeo needs a transcript"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := sitetest.Build(t, videoSite(t, c.body, c.files))
			if b.Err == nil {
				t.Fatal("built")
			}
			for _, w := range c.want {
				if !strings.Contains(b.Diags(), w) {
					t.Errorf("want %q in\n%s", w, b.Diags())
				}
			}
			if len(b.Files) != 0 {
				t.Errorf("%d files written", len(b.Files))
			}
		})
	}
}

func TestCallouts(t *testing.T) {
	site := sitetest.Parse(openSite)
	site["content/cardio/box.md"] = []byte("+++\ntitle = \"Boxes\"\ndate = 2026-10-01\n+++\n\n> [!RED-FLAG]\n> Hypotension after fluids.\n")
	b := sitetest.BuildOK(t, site)
	b.AssertFile("cardio/box/index.html", "<div class=\"callout callout-red-flag\" role=\"note\">\n<p class=\"callout-label\">Red flag</p>\n<p>Hypotension after fluids.</p>\n</div>")

	site["content/cardio/box.md"] = []byte("+++\ntitle = \"Boxes\"\ndate = 2026-10-01\n+++\n\nText.\n\n> [!WARNIGN]\n> Typo.\n")
	b = sitetest.Build(t, site)
	if want := "content/cardio/box.md:8:3: error: markup: unknown callout [!WARNIGN] would show as a plain quote"; b.Err == nil || !strings.Contains(b.Diags(), want) || !strings.Contains(b.Diags(), "did you mean [!WARNING]?") {
		t.Fatalf("want %q in\n%s", want, b.Diags())
	}
	if len(b.Files) != 0 {
		t.Errorf("%d files written", len(b.Files))
	}
}
