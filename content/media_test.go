package content

import (
	"encoding/binary"
	"strings"
	"testing"
	"time"
)

func TestParseMedia(t *testing.T) {
	cases := []struct {
		line                 string
		host, id, embed, bad string
		audio                bool
	}{
		{"src=clip.mp4 captions=clip.en.vtt", "", "", "", "", false},
		{"src=talk.MP3", "", "", "", "", true},
		{"src=https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10", "youtube", "dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1", "", false},
		{"src=https://youtu.be/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1", "", false},
		{"src=https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1", "", false},
		{"src=https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1", "", false},
		{"src=https://player.vimeo.com/video/76979871", "vimeo", "76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1", "", false},
		{"src=https://vimeo.com/76979871?h=abc123", "vimeo", "76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=abc123", "", false},
		{"src=https://www.youtube.com/watch?v=dQw4w9WgXcQ\"><script>", "", "", "", "names no YouTube video", false},
		{"src=https://vimeo.com/channels/staffpicks", "", "", "", "names no Vimeo video", false},
		{"src=javascript:alert(1)//x://", "", "", "", "is not a video address", false},
		{"src=https://example.org/clip.mp4", "", "", "", "videos from example.org cannot be embedded", false},
		{"src=clip.mp4 length=-1s", "", "", "", "is not a length", false},
		{"src=clip.mp4 captions", "", "", "", "has no value", false},
		{"src=clip.mp4 Poster=x.jpg", "", "", "", `did you mean "poster"?`, false},
	}
	for _, c := range cases {
		md := ParseMedia(strings.Fields(c.line))
		var bad []string
		for _, p := range md.bad {
			bad = append(bad, p.message+" "+p.help)
		}
		if md.Host != c.host || md.ID != c.id || md.EmbedURL() != c.embed || md.Audio != c.audio ||
			(c.bad == "") != (len(bad) == 0) || !strings.Contains(strings.Join(bad, "|"), c.bad) {
			t.Errorf("%s: host %q id %q embed %q audio %v problems %q", c.line, md.Host, md.ID, md.EmbedURL(), md.Audio, bad)
		}
	}
}

func mp4(version byte, scale uint32, dur uint64) []byte {
	box := func(typ string, payload []byte) []byte {
		b := binary.BigEndian.AppendUint32(nil, uint32(8+len(payload)))
		return append(append(b, typ...), payload...)
	}
	mvhd := make([]byte, 100)
	mvhd[0] = version
	if version == 0 {
		binary.BigEndian.PutUint32(mvhd[12:], scale)
		binary.BigEndian.PutUint32(mvhd[16:], uint32(dur))
	} else {
		binary.BigEndian.PutUint32(mvhd[20:], scale)
		binary.BigEndian.PutUint64(mvhd[24:], dur)
	}
	return append(append(box("ftyp", []byte("isom")), box("free", make([]byte, 10))...), box("moov", append(box("trak", nil), box("mvhd", mvhd)...))...)
}

func TestMP4Length(t *testing.T) {
	cases := []struct {
		data []byte
		want time.Duration
	}{
		{mp4(0, 600, 54000), 90 * time.Second},
		{mp4(1, 90000, 90000*45+45000), 45500 * time.Millisecond},
		{mp4(0, 0, 100), 0},                                                 // no time scale
		{mp4(0, 1000, 1<<32-1), 0},                                          // unknown
		{mp4(1, 1, 48*3600), 0},                                             // beyond a day
		{mp4(0, 1000, 1000)[:30], 0},                                        // cut short
		{[]byte("\x00\x00\x00\x01moov\xff\xff\xff\xff\xff\xff\xff\xff"), 0}, // a large size past the end
		{nil, 0},
	}
	for i, c := range cases {
		if got := mp4Length(c.data); got != c.want {
			t.Errorf("%d: %v, want %v", i, got, c.want)
		}
	}
}

func TestFormatLength(t *testing.T) {
	for d, want := range map[time.Duration]string{90 * time.Second: "1 min 30 s", 45 * time.Second: "45 s", 3720 * time.Second: "1 h 2 min", 0: "0 s", 2 * time.Minute: "2 min"} {
		if got := FormatLength(d); got != want {
			t.Errorf("%v: %q, want %q", d, got, want)
		}
	}
}

// TestMediaInTheDigest: a bundle video's files are R records and an
// embedded video's id is in the body (the B record), so a sign-off covers
// which video is shown and the captions a learner reads.
func TestMediaInTheDigest(t *testing.T) {
	digest := func(body string, res []Resource) string {
		m, l := ParseModule("content/c/m/index.md", []byte("+++\ntitle = \"T\"\n+++\n"+body), nil, res)
		if m == nil || l.HasErrors() {
			t.Fatal(l)
		}
		return m.Digest(Bibliography{}, People{})
	}
	embed := "::: video src=https://youtu.be/dQw4w9WgXcQ poster=p.jpg length=1m\n:::\n"
	other := strings.Replace(embed, "dQw4w9WgXcQ", "dQw4w9WgXcR", 1)
	if digest(embed, nil) == digest(other, nil) {
		t.Error("another YouTube id, same digest")
	}
	files := []Resource{{Name: "clip.en.vtt", Data: []byte("WEBVTT\n\n00:00.000 --> 00:01.000\nGive fluids.\n")}, {Name: "clip.mp4", Data: mp4(0, 1, 60)}}
	changed := []Resource{{Name: "clip.en.vtt", Data: []byte("WEBVTT\n\n00:00.000 --> 00:01.000\nGive no fluids.\n")}, files[1]}
	body := "::: video src=clip.mp4 captions=clip.en.vtt\n:::\n"
	if digest(body, files) == digest(body, changed) {
		t.Error("other captions, same digest")
	}
}

// FuzzMedia: reading any body's videos never panics, and every position
// reported is inside the body.
func FuzzMedia(f *testing.F) {
	f.Add("::: video src=clip.mp4 captions=clip.en.vtt\n:::\n\n::: transcript\nx\n:::\n")
	f.Add("::: video src=https://youtu.be/dQw4w9WgXcQ poster=p.jpg length=1m30s x= =y\n")
	f.Add(":::: video src=https://vimeo.com/1/abcdef length=99999h\n::: video\n")
	f.Fuzz(func(t *testing.T, body string) {
		res := []Resource{{Name: "clip.mp4", Data: []byte(body)}}
		for _, md := range scanMedia([]byte(body), res) {
			for j := -1; j <= len(md.opts); j++ {
				if at := md.optIndexAt(j); at < 0 || at > len(body) {
					t.Fatalf("option %d at %d, outside a body of %d bytes", j, at, len(body))
				}
			}
			_ = md.EmbedURL()
		}
	})
}
