package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
)

// Options configure a dev server.
type Options struct {
	Site    string // the site's folder
	Bind    string // address to listen on; loopback by default
	Port    int    // 0 picks a free port
	Today   content.Date
	BaseURL string
	Poll    bool           // watch by polling, not by file system events
	Log     io.Writer      // progress and problems for the person running it
	Trust   *content.Trust // reviewers' keys pinned from outside the repository (--trust)
	// History is the site's version history (cmd/rounds reads git), for
	// the review pages' signed versions; nil outside a repository.
	History generator.History
}

// Server builds, serves, watches and reloads.
type Server struct {
	opts    Options
	root    *os.Root
	session *generator.Session
	mem     *output.Memory
	ln      net.Listener
	hosts   map[string]bool // Host header values we answer to
	token   string          // on a non-loopback address, what a request must carry (exposed.go)
	origin  string

	// clock and seen are the watcher's test hooks (see newWatcher), set
	// by tests before Run.
	clock clock
	seen  func(string)

	mu      sync.Mutex
	checked *generator.Checked
	diags   diag.List         // the last good build's: its link and page problems too
	failure diag.List         // problems of the last build when it failed
	review  map[string]string // page file -> module path, for modules build would refuse: their banner links to the review page
	clients map[chan event]bool
	builds  int
}

// event is one Server-Sent Event.
type event struct {
	name string
	data string
}

// New opens the site and listens; it does not build yet.
func New(opts Options) (*Server, error) {
	if opts.Bind == "" {
		opts.Bind = "127.0.0.1"
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	root, err := os.OpenRoot(opts.Site)
	if err != nil {
		return nil, fmt.Errorf("cannot open the site %s: %w", opts.Site, err)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(opts.Bind, strconv.Itoa(opts.Port)))
	if err != nil {
		root.Close()
		if errors.Is(err, errAddrInUse) || strings.Contains(err.Error(), "address already in use") {
			return nil, fmt.Errorf("port %d is in use on %s: stop the other server, choose --port N, or --port 0 for any free port", opts.Port, opts.Bind)
		}
		return nil, err
	}
	s := &Server{opts: opts, root: root, mem: output.NewMemory(), ln: ln, clients: map[chan event]bool{}}
	port := ln.Addr().(*net.TCPAddr).Port
	s.hosts = map[string]bool{net.JoinHostPort(opts.Bind, strconv.Itoa(port)): true}
	s.origin = "http://" + net.JoinHostPort(opts.Bind, strconv.Itoa(port))
	if s.Loopback() {
		for _, h := range []string{"127.0.0.1", "localhost", "::1"} {
			s.hosts[net.JoinHostPort(h, strconv.Itoa(port))] = true
		}
	} else {
		// Exposed: the machine's own addresses and names, and a token
		// without which nothing is served (unpublished modules may hold
		// patient data).
		s.hosts, s.token = exposedHosts(opts.Bind, port), newToken()
		if ip := net.ParseIP(opts.Bind); ip != nil && ip.IsUnspecified() {
			s.origin = "http://" + reachableHost(s.hosts)
		}
	}
	s.session = generator.NewSession(generator.Options{
		Site: root.FS(), Out: s.mem, Today: opts.Today, BaseURL: opts.BaseURL, Preview: true, Trust: opts.Trust,
		Cards: output.NewDirCache(filepath.Join(opts.Site, ".rounds", "cache", "cards")),
	})
	return s, nil
}

// URL is where the site is served; on a non-loopback address, with the
// token that opens it.
func (s *Server) URL() string {
	if s.token != "" {
		return s.origin + "/?token=" + s.token
	}
	return s.origin + "/"
}

// Loopback reports whether the server listens on loopback only.
func (s *Server) Loopback() bool {
	ip := net.ParseIP(s.opts.Bind)
	return s.opts.Bind == "localhost" || ip != nil && ip.IsLoopback()
}

// Run builds the site, serves it and rebuilds on every change until ctx
// ends.
func (s *Server) Run(ctx context.Context) error {
	defer s.root.Close()
	s.rebuild(ctx, nil)
	w := newWatcher(s.opts.Site, s.opts.Poll, s.clock, s.seen)
	defer w.Close()
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case msg := <-w.Notice:
				fmt.Fprintln(s.opts.Log, msg)
			case batch := <-w.C:
				s.rebuild(ctx, batch)
			}
		}
	}()
	err := srv.Serve(s.ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// rebuild builds (changed == nil: everything) and tells the browsers.
func (s *Server) rebuild(ctx context.Context, changed []string) {
	start := time.Now()
	res, err := s.session.Build(ctx, changed)
	s.mu.Lock()
	s.builds++
	if err != nil {
		s.failure = res.Diags
		if len(s.failure) == 0 {
			s.failure = diag.List{{Rule: "build", Message: err.Error()}}
		}
	} else {
		s.failure = nil
		s.checked, s.diags = res.Checked, res.Diags
		s.review = map[string]string{}
		for _, v := range res.Checked.Verdicts {
			if v.State != content.Draft && !v.Publishable() {
				s.review[v.Module.URLPath()+"index.html"] = v.Module.Path
			}
		}
	}
	s.mu.Unlock()
	if err != nil {
		var b bytes.Buffer
		res.Diags.Print(&b)
		fmt.Fprintf(s.opts.Log, "%sbuild failed: %s; still serving the last good build\n", b.String(), res.Diags.Summary())
		s.broadcast(event{"errors", s.errorsJSON()})
		return
	}
	blocked := 0
	for _, v := range res.Checked.Verdicts {
		if v.State != content.Draft && !v.Publishable() {
			blocked++
		}
	}
	if changed != nil {
		fmt.Fprintf(s.opts.Log, "rebuilt %d of %d modules in %s (%s)\n", res.Rendered, len(res.Checked.Verdicts), time.Since(start).Round(time.Millisecond), strings.Join(first(changed, 3), ", "))
	} else {
		fmt.Fprintf(s.opts.Log, "built %d modules in %s; %d would be refused by rounds build (see %s_rounds/)\n", len(res.Checked.Verdicts), time.Since(start).Round(time.Millisecond), blocked, s.URL())
	}
	s.broadcast(event{"ok", ""})
	if changed != nil && onlyCSS(changed) {
		s.broadcast(event{"css", ""})
	} else {
		s.broadcast(event{"reload", ""})
	}
}

func first(list []string, n int) []string {
	if len(list) <= n {
		return list
	}
	return append(list[:n:n], fmt.Sprintf("%d more", len(list)-n))
}

// onlyCSS reports whether every change is a stylesheet: the browser then
// reloads its styles, not the page.
func onlyCSS(changed []string) bool {
	for _, p := range changed {
		if path.Ext(p) != ".css" {
			return false
		}
	}
	return len(changed) > 0
}

func (s *Server) errorsJSON() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var msgs []string
	for i, d := range s.failure {
		if i == 50 {
			msgs = append(msgs, fmt.Sprintf("... and %d more", len(s.failure)-50))
			break
		}
		msgs = append(msgs, d.String())
	}
	b, _ := json.Marshal(msgs)
	return string(b)
}

func (s *Server) broadcast(e event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		select {
		case c <- e:
		default: // a slow client misses an event rather than blocking builds
		}
	}
}

// ServeHTTP serves the built site from memory, plus /_rounds/.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", csp)
	if !s.hosts[r.Host] {
		http.Error(w, "this server answers only to its own address", http.StatusForbidden)
		return
	}
	if s.token != "" && !s.admitted(w, r) {
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := cleanPath(r)
	if !ok {
		http.NotFound(w, r)
		return
	}
	switch {
	case name == "_rounds/events":
		s.events(w, r)
		return
	case name == "_rounds/reload.js":
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		_, _ = io.WriteString(w, reloadJS)
		return
	case name == "_rounds/" || name == "_rounds/index.html":
		s.statusPage(w)
		return
	case name == "_rounds/review.css":
		serveReviewCSS(w)
		return
	case strings.HasPrefix(name, reviewPrefix):
		s.reviewPage(w, r, strings.TrimPrefix(name, reviewPrefix))
		return
	}
	data, found := s.mem.Get(name)
	if !found && !strings.HasSuffix(name, "/") && name != "" {
		if _, dir := s.mem.Get(name + "/index.html"); dir {
			http.Redirect(w, r, "/"+name+"/", http.StatusMovedPermanently)
			return
		}
	}
	if strings.HasSuffix(name, "/") || name == "" {
		data, found = s.mem.Get(name + "index.html")
		name += "index.html"
	}
	if !found {
		s.mu.Lock()
		failed := s.failure != nil && s.checked == nil
		s.mu.Unlock()
		if failed {
			s.failurePage(w)
			return
		}
		w.WriteHeader(http.StatusNotFound)
		if nf, ok := s.mem.Get("404.html"); ok {
			h.Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write(inject(nf))
		}
		return
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	if strings.HasSuffix(name, ".html") {
		s.mu.Lock()
		mod, refused := s.review[name]
		s.mu.Unlock()
		if refused {
			data = reviewBanner(data, mod)
		}
		data = inject(data)
	}
	_, _ = w.Write(data)
}

// csp is the page CSP, plus the event stream (connect-src).
const csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"

// cleanPath maps a request to a file name of the build, refusing anything
// that tries to leave it: "..", encoded slashes and dots, backslashes and
// dotfiles. Only files the build produced are ever served, so this is a
// second fence, not the first.
func cleanPath(r *http.Request) (string, bool) {
	raw := strings.ToLower(r.URL.EscapedPath())
	if strings.Contains(raw, "%2e") || strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") || strings.Contains(raw, "%00") {
		return "", false
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || strings.ContainsRune(p, 0) {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || (strings.HasPrefix(seg, ".") && seg != "") {
			return "", false
		}
	}
	name := strings.TrimPrefix(p, "/")
	if path.Clean("/"+name) != "/"+strings.TrimSuffix(name, "/") && name != "" {
		return "", false
	}
	return name, true
}

var bodyEnd = []byte("</body>")

// inject adds the live-reload script to a page. It is an external script
// under the page's own CSP ('self'): no inline script, no hash to manage.
func inject(page []byte) []byte {
	tag := []byte(`<script src="/_rounds/reload.js" defer></script>`)
	i := bytes.LastIndex(page, bodyEnd)
	if i < 0 {
		return append(append([]byte{}, page...), tag...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// events streams build events to one browser tab.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	// Same-origin EventSource requests carry no Origin; any other origin
	// is a page elsewhere trying to listen in (DNS rebinding).
	if o := r.Header.Get("Origin"); o != "" && !s.ownOrigin(o) {
		http.Error(w, "foreign origin", http.StatusForbidden)
		return
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	c := make(chan event, 8)
	s.mu.Lock()
	s.clients[c] = true
	failed := s.failure != nil
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	fmt.Fprint(w, "retry: 500\n\n")
	if failed {
		fmt.Fprintf(w, "event: errors\ndata: %s\n\n", s.errorsJSON())
	} else {
		fmt.Fprint(w, "event: ok\ndata: \n\n")
	}
	fl.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case e := <-c:
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
			fl.Flush()
		}
	}
}

func (s *Server) ownOrigin(o string) bool {
	for h := range s.hosts {
		if o == "http://"+h {
			return true
		}
	}
	return false
}

var statusTemplate = template.Must(template.New("status").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>rounds: what blocks publication</title>
<link rel="stylesheet" href="/css/rounds.css"></head>
<body><main id="main"><h1>What blocks publication</h1>
<p>The state of every module, as <code>rounds status</code> shows it. This page exists only in <code>rounds serve</code>.</p>
<table class="status"><thead><tr><th scope="col">State</th><th scope="col">Module</th><th scope="col">Digest</th><th scope="col">Why</th><th scope="col">Who must act</th><th scope="col">Review</th></tr></thead><tbody>
{{range .}}<tr><td>{{.State}}</td><td><a href="/{{.URL}}">{{.Path}}</a></td><td><code>{{slice .Digest 0 19}}</code></td><td>{{.Detail}}</td><td>{{.Act}}</td><td><a href="/_rounds/review/{{.Path}}">what changed, who signs</a></td></tr>
{{end}}</tbody></table></main></body></html>
`))

func (s *Server) statusPage(w http.ResponseWriter) {
	s.mu.Lock()
	c, l := s.checked, s.diags
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var rows []generator.StatusRow
	if c != nil {
		// A preview keeps a broken link a warning, so the page still
		// shows; rounds build refuses it, and so does this list.
		var refused diag.List
		for _, d := range l {
			if d.Rule == "links" || d.Rule == "output" {
				d.Severity = diag.Error
				refused = append(refused, d)
			}
		}
		rows = c.StatusWith(refused)
	}
	var b bytes.Buffer
	if err := statusTemplate.Execute(&b, rows); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	_, _ = w.Write(inject(b.Bytes()))
}

var failureTemplate = template.Must(template.New("failure").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>rounds: the site does not build</title></head>
<body><main><h1>The site does not build</h1><p>Fix these problems; this page reloads by itself.</p>
<pre>{{range .}}{{.}}
{{end}}</pre></main></body></html>
`))

// failurePage is shown while no build has ever succeeded. Every message is
// escaped: module text must never run in the author's browser.
func (s *Server) failurePage(w http.ResponseWriter) {
	s.mu.Lock()
	var msgs []string
	for _, d := range s.failure {
		msgs = append(msgs, d.String())
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	var b bytes.Buffer
	_ = failureTemplate.Execute(&b, msgs)
	_, _ = w.Write(inject(b.Bytes()))
}
