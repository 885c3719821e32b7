package generator

import "strings"

// likelyRegion is the region a bare language code most likely means
// (CLDR likely subtags), for Open Graph's ll_TT locales.
var likelyRegion = map[string]string{
	"ar": "AR", "cs": "CZ", "da": "DK", "de": "DE", "el": "GR", "en": "US", "es": "ES", "fi": "FI",
	"fr": "FR", "he": "IL", "hi": "IN", "hu": "HU", "id": "ID", "it": "IT", "ja": "JP", "ko": "KR",
	"nb": "NO", "nl": "NL", "pl": "PL", "pt": "BR", "ro": "RO", "ru": "RU", "sv": "SE", "th": "TH",
	"tr": "TR", "uk": "UA", "vi": "VN", "zh": "CN",
}

// ogLocale writes a site's language as Open Graph wants it: "en" ->
// "en_US" (likely subtags), "en-GB" -> "en_GB"; a language with no
// likely region known stays as it is.
func ogLocale(lang string) string {
	lang = strings.ReplaceAll(lang, "-", "_")
	ll, region, ok := strings.Cut(lang, "_")
	ll = strings.ToLower(ll)
	if ok && len(region) == 2 {
		return ll + "_" + strings.ToUpper(region)
	}
	if r, ok := likelyRegion[ll]; ok {
		return ll + "_" + r
	}
	return lang
}
