package lms

import (
	"html"
	"regexp"
	"strings"
)

var (
	citeSup   = regexp.MustCompile(`(?s)<sup class="cite">(.*?)</sup>`)
	blockEnd  = regexp.MustCompile(`(?i)</(p|li|div|h[1-6]|blockquote|pre|tr)>|<br\s*/?>`)
	anyTag    = regexp.MustCompile(`(?s)<[^>]*>`)
	spaceRun  = regexp.MustCompile(`[ \t\r\f\v]+`)
	blankRuns = regexp.MustCompile(`\n\s*\n\s*`)
)

// plainText turns rendered HTML (the generator's own: goldmark and
// html/template output) into text, for formats that take no HTML: a
// citation's superscript numbers become "[1, 2]", block ends become
// blank lines, tags go and entities are decoded.
func plainText(s string) string {
	s = citeSup.ReplaceAllStringFunc(s, func(m string) string {
		inner := citeSup.FindStringSubmatch(m)[1]
		nums := strings.Split(anyTag.ReplaceAllString(inner, ""), ",")
		for i := range nums {
			nums[i] = strings.TrimSpace(nums[i])
		}
		return " [" + strings.Join(nums, ", ") + "]"
	})
	s = blockEnd.ReplaceAllString(s, "\n\n")
	s = anyTag.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	s = spaceRun.ReplaceAllString(s, " ")
	s = blankRuns.ReplaceAllString(s, "\n\n")
	s = strings.ReplaceAll(s, "  [", " [")
	return strings.Join(paragraphs(s), "\n\n")
}

// paragraphs splits plain text at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, strings.Join(strings.Fields(p), " "))
		}
	}
	return out
}
