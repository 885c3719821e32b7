package phi

import (
	"net/netip"
	"strings"
)

func (sc *scanner) email(at int) {
	s := sc.s
	k := at
	for k > 0 && at-k < 64 && (isAlnum(s[k-1]) || strings.IndexByte("._%+-'", s[k-1]) >= 0) {
		k--
	}
	for k < at && (s[k] == '.' || s[k] == '\'' || s[k] == '-') {
		k++
	}
	if k == at {
		return
	}
	e := at + 1
	for e < len(s) && e-at < 255 && (isAlnum(s[e]) || s[e] == '-' || s[e] == '.') {
		e++
	}
	for e > at+1 && (s[e-1] == '.' || s[e-1] == '-') {
		e--
	}
	dom := s[at+1 : e]
	dot := strings.LastIndexByte(dom, '.')
	if dot <= 0 || !isAlnum(dom[0]) {
		return
	}
	tld := dom[dot+1:]
	if len(tld) < 2 || fileExts[strings.ToLower(tld)] {
		return
	}
	for i := 0; i < len(tld); i++ {
		if !isLetter(tld[i]) {
			return
		}
	}
	sc.add(k, e, Email)
}

// colon finds IPv6 addresses and MAC addresses around the ':' at i.
func (sc *scanner) colon(i int) {
	s := sc.s
	if !(i > 0 && (isHex(s[i-1]) || s[i-1] == ':') && i+1 < len(s) && (isHex(s[i+1]) || s[i+1] == ':')) {
		return
	}
	if i >= 2 && s[i-1] == ':' && s[i-2] == ':' {
		return
	}
	a := i
	for a > 0 && i-a < 45 && (isHex(s[a-1]) || s[a-1] == ':') {
		a--
	}
	if a > 0 && (isAlnum(s[a-1]) || s[a-1] == ':') {
		return
	}
	if a < i && strings.IndexByte(s[a:i], ':') >= 0 && !(a+1 < len(s) && s[a] == ':' && s[a+1] == ':') {
		return // an earlier colon of the same candidate did the work
	}
	b := i
	for b < len(s) && b-i < 45 && (isHex(s[b]) || s[b] == ':' || s[b] == '.') {
		b++
	}
	for b > i && (s[b-1] == '.' || s[b-1] == ':') {
		b--
	}
	if b < len(s) && isAlnum(s[b]) {
		return
	}
	cand := s[a:b]
	if strings.Count(cand, ":") < 2 {
		return
	}
	if sc.d.mac.MatchString(cand) {
		sc.add(a, b, Device)
		return
	}
	if addr, err := netip.ParseAddr(cand); err == nil && addr.Is6() && !addr.IsLoopback() && !addr.IsUnspecified() {
		sc.add(a, b, IP)
	}
}

// url finds a URL at the word http, https, ftp or www that carries an
// identifier: a query parameter such as mrn= or patient_id=, or a path
// such as /patients/12345.
func (sc *scanner) url(i, j int) {
	s := sc.s
	rest := s[j:]
	if i < sc.urlEnd {
		return // part of the URL before
	}
	if !strings.HasPrefix(rest, "://") && !(j-i == 3 && strings.EqualFold(s[i:j], "www") && strings.HasPrefix(rest, ".")) {
		return
	}
	e := j
	depth := 0
	for e < len(s) && e-i < 2048 {
		c := s[e]
		if c <= ' ' || strings.IndexByte("<>\"'`]", c) >= 0 {
			break
		}
		if c == '(' {
			depth++
		}
		if c == ')' {
			if depth == 0 {
				break
			}
			depth--
		}
		e++
	}
	for e > j && strings.IndexByte(".,;:!?*_", s[e-1]) >= 0 {
		e--
	}
	sc.urlEnd = e
	u := s[i:e]
	if k := strings.Index(u, "://"); k >= 0 {
		u = u[k+3:]
	}
	if urlHasID(u) {
		sc.add(i, e, URL)
	}
}

// urlHasID looks at a URL after its scheme.
func urlHasID(u string) bool {
	path, query := u, ""
	if k := strings.IndexAny(u, "?#"); k >= 0 {
		path, query = u[:k], u[k+1:]
	}
	for _, kv := range strings.FieldsFunc(query, func(r rune) bool { return r == '&' || r == ';' || r == '?' || r == '#' }) {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || len(v) < 3 {
			continue
		}
		key := strings.ToLower(strings.NewReplacer("-", "", "_", "", ".", "").Replace(k))
		switch strings.ToLower(v) {
		case "true", "false", "yes", "no", "all", "none", "null":
			continue
		}
		if urlKeys[key] {
			return true
		}
	}
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		if i == 0 {
			continue // the host
		}
		if urlSegID.MatchString(seg) {
			return true
		}
		if urlSegments[strings.ToLower(seg)] && i+1 < len(segs) && urlID.MatchString(segs[i+1]) {
			return true
		}
	}
	return false
}
