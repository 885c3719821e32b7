package i18n

import (
	"time"

	"github.com/go-playground/locales"
	"github.com/go-playground/locales/ar"
	"github.com/go-playground/locales/de"
	"github.com/go-playground/locales/en"
	"github.com/go-playground/locales/en_GB"
	"github.com/go-playground/locales/es"
	"github.com/go-playground/locales/fr"
	"github.com/go-playground/locales/he"
	"github.com/go-playground/locales/ja"
	"github.com/go-playground/locales/pt"
	"github.com/go-playground/locales/pt_PT"
	"github.com/go-playground/locales/zh_Hans"
	"golang.org/x/text/language"
)

// cldr writes dates and numbers from CLDR data (go-playground/locales,
// generated from CLDR). A language without data of its own is written
// as English is.
type cldr struct {
	t locales.Translator
	// latnArabic: CLDR's Arabic in Latin digits uses "." and "," as
	// separators (numbering system latn), not the Arabic separators
	// go-playground/locales gives with Latin digits.
	latnArabic bool
	latn       locales.Translator // en, for latnArabic numbers
}

// cldrFor picks the data of tag. Plain "en" is written as rounds always
// wrote English dates, day before month ("1 November 2026", CLDR en-GB);
// "en-US" gets "November 1, 2026".
func cldrFor(tag language.Tag) cldr {
	base, _ := tag.Base()
	region, conf := tag.Region()
	hasRegion := conf == language.Exact
	switch base.String() {
	case "en":
		if hasRegion && region.String() == "US" {
			return cldr{t: en.New()}
		}
		return cldr{t: en_GB.New()}
	case "es":
		return cldr{t: es.New()}
	case "fr":
		return cldr{t: fr.New()}
	case "de":
		return cldr{t: de.New()}
	case "pt":
		if hasRegion && region.String() == "PT" {
			return cldr{t: pt_PT.New()}
		}
		return cldr{t: pt.New()}
	case "ja":
		return cldr{t: ja.New()}
	case "zh":
		return cldr{t: zh_Hans.New()}
	case "ar":
		return cldr{t: ar.New(), latnArabic: true, latn: en.New()}
	case "he", "iw":
		return cldr{t: he.New()}
	}
	return cldr{t: en_GB.New()}
}

func (c cldr) date(t time.Time) string {
	return c.t.FmtDateLong(time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, time.UTC))
}

func (c cldr) month(m time.Month) string { return c.t.MonthWide(m) }

func (c cldr) number(v float64, dec int) string {
	if c.latnArabic {
		return c.latn.FmtNumber(v, uint64(dec))
	}
	return c.t.FmtNumber(v, uint64(dec))
}

func (c cldr) percent(p float64, dec int) string {
	if c.latnArabic {
		return c.latn.FmtPercent(p, uint64(dec))
	}
	return c.t.FmtPercent(p, uint64(dec))
}
