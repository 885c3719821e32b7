package server

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
)

// tokenCookie carries the preview's token once the link with ?token= has
// been opened.
const tokenCookie = "rounds_preview"

// exposedHosts are the Host values a server bound to a non-loopback
// address answers to: the address itself, or, bound to every address
// (0.0.0.0, ::), each of the machine's own addresses; and the machine's
// name. Never the unspecified address itself: a request that names it
// comes from no real client.
func exposedHosts(bind string, port int) map[string]bool {
	hosts := map[string]bool{}
	add := func(h string) { hosts[net.JoinHostPort(h, strconv.Itoa(port))] = true }
	ip := net.ParseIP(bind)
	switch {
	case ip == nil:
		add(bind) // a name
	case ip.IsUnspecified():
		if addrs, err := net.InterfaceAddrs(); err == nil {
			for _, a := range addrs {
				if n, ok := a.(*net.IPNet); ok && (ip.To4() == nil || n.IP.To4() != nil) {
					add(n.IP.String())
				}
			}
		}
	default:
		add(bind)
	}
	if name, err := os.Hostname(); err == nil && name != "" {
		add(name)
		add(name + ".local")
	}
	return hosts
}

// newToken is the preview's secret: 128 random bits.
func newToken() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic("server: no randomness for the preview token: " + err.Error())
	}
	return hex.EncodeToString(b)
}

// admitted reports whether a request to an exposed server carries the
// token: in its cookie, or once as ?token=, which is exchanged for an
// HttpOnly, SameSite=Strict cookie valid while this server runs (so that
// live reload and every link keep working) and a redirect that drops it
// from the address bar. It writes the refusal or the redirect itself.
func (s *Server) admitted(w http.ResponseWriter, r *http.Request) bool {
	if c, err := r.Cookie(tokenCookie); err == nil && s.tokenIs(c.Value) {
		return true
	}
	if q := r.URL.Query().Get("token"); q != "" && s.tokenIs(q) {
		http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: s.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		u := *r.URL
		v := u.Query()
		v.Del("token")
		u.RawQuery = v.Encode()
		http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
		return false
	}
	http.Error(w, "this preview is open only through the link with its token that rounds serve printed", http.StatusUnauthorized)
	return false
}

func (s *Server) tokenIs(v string) bool {
	return subtle.ConstantTimeCompare([]byte(v), []byte(s.token)) == 1
}

// reachableHost picks the address to print for a server bound to every
// address: the first non-loopback IP address, else the first host.
func reachableHost(hosts map[string]bool) string {
	list := make([]string, 0, len(hosts))
	for h := range hosts {
		list = append(list, h)
	}
	sort.Strings(list)
	for _, h := range list {
		host, _, _ := net.SplitHostPort(h)
		if ip := net.ParseIP(host); ip != nil && !ip.IsLoopback() && !ip.IsLinkLocalUnicast() {
			return h
		}
	}
	if len(list) > 0 {
		return list[0]
	}
	return ""
}
