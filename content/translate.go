package content

import (
	"time"

	"github.com/rounds-dev/rounds/content/i18n"
)

// In writes the date the long way of loc's language: "1 novembre 2026";
// "" when unset.
func (d Date) In(loc *i18n.Locale) string {
	if d.IsZero() {
		return ""
	}
	return loc.Date(d.t)
}

// HumanIn is Human in loc's language: "6 minutes", "6 minutos", "6分".
func (p Duration) HumanIn(loc *i18n.Locale) string {
	for _, u := range durationUnits() {
		if u.unit == p.Unit {
			return loc.T("duration."+u.written, "count", p.N)
		}
	}
	return ""
}

// MediaLabelIn is MediaLabel in loc's language: "Vídeo, 1 min 30 s".
func MediaLabelIn(loc *i18n.Locale, media []Media) string {
	if len(media) == 0 {
		return ""
	}
	known, audio := true, true
	var total time.Duration
	for _, md := range media {
		total += md.Length
		known = known && md.Length > 0
		audio = audio && md.Audio
	}
	var kind string
	switch {
	case len(media) > 1 && audio:
		kind = loc.T("media.recordings", "count", len(media))
	case len(media) > 1:
		kind = loc.T("media.videos", "count", len(media))
	case audio:
		kind = loc.T("media.audio")
	default:
		kind = loc.T("media.video")
	}
	if !known {
		return kind
	}
	return loc.T("media.length", "kind", kind, "length", FormatLength(total))
}
