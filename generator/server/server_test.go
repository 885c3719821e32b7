package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/rounds-dev/rounds/content"
)

const siteTOML = "title = \"Dev\"\nbaseURL = \"https://example.org/\"\n[policy]\nrequired_roles = []\n"

func module(title, body string) string {
	return fmt.Sprintf("+++\ntitle = %q\ndate = 2026-10-01\n+++\n%s\n", title, body)
}

// devServer starts a server on a free loopback port over a fresh site.
func devServer(t *testing.T, poll bool) (*Server, string) {
	t.Helper()
	return startServer(t, poll, nil)
}

// startServer is devServer with setup run on the server before it starts
// (to set its test hooks).
func startServer(t *testing.T, poll bool, setup func(*Server)) (*Server, string) {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "rounds.toml", siteTOML)
	write(t, dir, "content/c/a.md", module("Alpha", "First body."))
	s, err := New(Options{Site: dir, Port: 0, Today: content.ParseDate("2026-11-22"), Poll: poll})
	if err != nil {
		t.Fatal(err)
	}
	if setup != nil {
		setup(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := s.Run(ctx); err != nil {
			t.Error(err)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	waitFor(t, func() bool { return get(s, "/c/a/") != "" })
	return s, dir
}

// testClock is a clock whose timers fire only when the test advances it.
type testClock struct {
	mu     sync.Mutex
	now    time.Duration
	timers []testTimer
}

type testTimer struct {
	at time.Duration
	ch chan time.Time
}

func (c *testClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1) // a timer the watcher let go must not block Advance
	c.timers = append(c.timers, testTimer{c.now + d, ch})
	return ch
}

// Advance moves the clock on by d and fires every timer now due.
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now += d
	keep := c.timers[:0]
	for _, tm := range c.timers {
		if tm.at <= c.now {
			tm.ch <- time.Time{}
		} else {
			keep = append(keep, tm)
		}
	}
	c.timers = keep
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func get(s *Server, p string) string {
	resp, err := http.Get(strings.TrimSuffix(s.URL(), "/") + p)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return ""
	}
	return string(b)
}

// waitFor polls cond for up to 5 minutes: a bound for a loaded CI
// machine under -race (a rebuild of 500 modules and their cards took a
// minute there), not a speed assertion.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for i := 0; i < 30000; i++ {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("condition not met within 5 minutes")
}

// listen subscribes to the event stream and returns the events as they come.
func listen(t *testing.T, s *Server) <-chan string {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL()+"_rounds/events", nil)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	out := make(chan string, 64)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				out <- name
			}
		}
	}()
	if e := <-out; e != "ok" {
		t.Fatalf("first event %q, want ok", e)
	}
	return out
}

func expect(t *testing.T, events <-chan string, want string) {
	t.Helper()
	timeout := time.After(5 * time.Minute) // see waitFor
	for {
		select {
		case e := <-events:
			if e == want {
				return
			}
		case <-timeout:
			t.Fatalf("no %q event", want)
		}
	}
}

func TestServeEditReload(t *testing.T) {
	s, dir := devServer(t, false)
	if page := get(s, "/c/a/"); !strings.Contains(page, "First body.") || !strings.Contains(page, `<script src="/_rounds/reload.js" defer></script>`) {
		t.Fatalf("page: %s", page)
	}
	events := listen(t, s)
	write(t, dir, "content/c/a.md", module("Alpha", "Second body."))
	expect(t, events, "reload")
	if !strings.Contains(get(s, "/c/a/"), "Second body.") {
		t.Error("the edit is not served after the reload event")
	}

	// An editor's rename-save, then a second plain edit: both rebuild.
	write(t, dir, "content/c/.a.md.swp", "swap")
	write(t, dir, "content/c/a.md.tmp", module("Alpha", "Third body."))
	if err := os.Rename(filepath.Join(dir, "content/c/a.md.tmp"), filepath.Join(dir, "content/c/a.md")); err != nil {
		t.Fatal(err)
	}
	expect(t, events, "reload")
	waitFor(t, func() bool { return strings.Contains(get(s, "/c/a/"), "Third body.") })
	write(t, dir, "content/c/a.md", module("Alpha", "Fourth body."))
	expect(t, events, "reload")
	waitFor(t, func() bool { return strings.Contains(get(s, "/c/a/"), "Fourth body.") })

	// A new folder with a module in it appears.
	write(t, dir, "content/newcourse/b.md", module("Beta", "In a new folder."))
	expect(t, events, "reload")
	waitFor(t, func() bool { return strings.Contains(get(s, "/newcourse/b/"), "In a new folder.") })
}

// 100 files written at once (a checkout) are one rebuild. The watcher's clock is the
// test's: the batch stays open until every file has reached the watcher,
// however slowly a loaded machine writes them, and then the test ends it
// (at maxWait, which late events of the same files cannot push back).
// It used to sleep 400 ms and count rebuilds, and failed whenever the
// writes took longer than a quiet window.
func TestServeBurstIsOneRebuild(t *testing.T) {
	clk := &testClock{}
	var mu sync.Mutex
	seen := map[string]bool{}
	s, dir := startServer(t, false, func(s *Server) {
		s.clock = clk
		s.seen = func(p string) { mu.Lock(); seen[p] = true; mu.Unlock() }
	})
	events := listen(t, s)
	builds := func() int { s.mu.Lock(); defer s.mu.Unlock(); return s.builds }
	before := builds()
	var names []string
	for i := 0; i < 100; i++ {
		names = append(names, fmt.Sprintf("content/c/m%03d.md", i))
		write(t, dir, names[i], module(fmt.Sprintf("M %d", i), "Body."))
	}
	waitFor(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		for _, n := range names {
			if !seen[n] {
				return false
			}
		}
		return true
	})
	if n := builds() - before; n != 0 {
		t.Fatalf("%d rebuilds before the batch ended", n)
	}
	clk.Advance(maxWait)
	expect(t, events, "reload")
	if n := builds() - before; n != 1 {
		t.Errorf("100 files written at once gave %d rebuilds", n)
	}
	for _, p := range []string{"/c/m000/", "/c/m099/"} {
		if get(s, p) == "" {
			t.Errorf("%s is not served after the rebuild", p)
		}
	}
}

// A batch ends after its quiet window: quietOne after a single file's
// events, quietMany once it holds two files; and maxWait after its first
// event, however busy the folder stays.
func TestWatchBatchTiming(t *testing.T) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		t.Skip("no fsnotify here:", err)
	}
	defer fw.Close()
	clk := &testClock{}
	w := &watcher{root: t.TempDir(), C: make(chan []string, 1), Notice: make(chan string, 4), stop: make(chan struct{}), clock: clk}
	events, errs := make(chan fsnotify.Event), make(chan error)
	go w.loop(fw, events, errs)
	defer w.Close()
	ev := func(name string) { events <- fsnotify.Event{Name: filepath.Join(w.root, name), Op: fsnotify.Write} }
	// advance moves the clock once the loop has handled every event sent:
	// it takes the next one (a chmod, which it ignores) only then.
	advance := func(d time.Duration) {
		events <- fsnotify.Event{Name: filepath.Join(w.root, "x.md"), Op: fsnotify.Chmod}
		clk.Advance(d)
	}
	none := func(when string) {
		t.Helper()
		events <- fsnotify.Event{Name: filepath.Join(w.root, "x.md"), Op: fsnotify.Chmod} // a flush is done by now
		select {
		case b := <-w.C:
			t.Fatalf("%s: batch %q too early", when, b)
		default:
		}
	}
	batch := func(want string) {
		t.Helper()
		b := <-w.C
		sort.Strings(b)
		if got := strings.Join(b, " "); got != want {
			t.Fatalf("batch %q, want %q", got, want)
		}
	}
	// One file: quietOne.
	ev("a.md")
	ev("a.md")
	advance(quietOne - 1)
	none("one file, before quietOne")
	advance(1)
	batch("a.md")
	// Two files: quietMany after the last event.
	ev("a.md")
	ev("b.md")
	ev("b.md")
	advance(quietOne)
	none("two files, after quietOne")
	advance(quietMany - quietOne - 1)
	none("two files, just before quietMany")
	advance(1)
	batch("a.md b.md")
	// Events that never stop: maxWait after the first.
	ev("m0.md")
	ev("m1.md")
	for i := 0; i < int(maxWait/quietOne)-1; i++ {
		advance(quietOne)
		ev(fmt.Sprintf("m%d.md", i%3))
	}
	none("a busy folder, before maxWait")
	advance(quietOne)
	batch("m0.md m1.md m2.md")
}

func TestServeBrokenModuleKeepsLastGoodPage(t *testing.T) {
	s, dir := devServer(t, false)
	events := listen(t, s)
	write(t, dir, "content/c/a.md", "+++\ntitle = = \"<script>alert(1)</script>\"\n+++\n")
	expect(t, events, "errors")
	if !strings.Contains(get(s, "/c/a/"), "First body.") {
		t.Error("the last good page is no longer served")
	}
	if msg := s.errorsJSON(); !strings.Contains(msg, "content/c/a.md:2:") {
		t.Errorf("errors: %s", msg)
	}
	write(t, dir, "content/c/a.md", module("Alpha", "Fixed."))
	expect(t, events, "ok")
	waitFor(t, func() bool { return strings.Contains(get(s, "/c/a/"), "Fixed.") })
}

func TestServePolling(t *testing.T) {
	s, dir := devServer(t, true)
	events := listen(t, s)
	write(t, dir, "content/c/a.md", module("Alpha", "Polled body."))
	expect(t, events, "reload")
	waitFor(t, func() bool { return strings.Contains(get(s, "/c/a/"), "Polled body.") })
}

// raw sends a request line as written, without a client cleaning it.
func raw(t *testing.T, s *Server, target, host, origin string) int {
	t.Helper()
	c, err := net.Dial("tcp", s.ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	req := fmt.Sprintf("GET %s HTTP/1.1\r\nHost: %s\r\n", target, host)
	if origin != "" {
		req += "Origin: " + origin + "\r\n"
	}
	fmt.Fprint(c, req+"Connection: close\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestServeRefusesWhatIsNotTheSite(t *testing.T) {
	s, _ := devServer(t, false)
	host := s.ln.Addr().String()
	for _, target := range []string{
		"/../rounds.toml", "/c/../../rounds.toml", "/%2e%2e/rounds.toml", "/c%2f..%2f..%2frounds.toml",
		"/..%5crounds.toml", "/c\\..\\..\\rounds.toml", "/.git/config", "/content/c/a.md", "/rounds.toml",
		"//etc/passwd", "/c/a/index.html%00.md",
	} {
		if code := raw(t, s, target, host, ""); code != 404 && code != 400 {
			t.Errorf("%s: status %d, want 404", target, code)
		}
	}
	if code := raw(t, s, "/c/a/", "attacker.example", ""); code != 403 {
		t.Errorf("foreign Host: status %d, want 403", code)
	}
	if code := raw(t, s, "/_rounds/events", host, "http://attacker.example"); code != 403 {
		t.Errorf("foreign Origin: status %d, want 403", code)
	}
	if code := raw(t, s, "/c/a/", host, ""); code != 200 {
		t.Errorf("after the attempts the server answers %d", code)
	}
}

func TestServeStatusPage(t *testing.T) {
	s, _ := devServer(t, false)
	page := get(s, "/_rounds/")
	if !strings.Contains(page, "content/c/a.md") || !strings.Contains(page, "published") {
		t.Errorf("status page: %s", page)
	}
}

func TestPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dir := t.TempDir()
	write(t, dir, "rounds.toml", siteTOML)
	_, err = New(Options{Site: dir, Port: ln.Addr().(*net.TCPAddr).Port})
	if err == nil || !strings.Contains(err.Error(), "is in use") || !strings.Contains(err.Error(), "--port 0") {
		t.Errorf("err = %v", err)
	}
}

// When the kernel drops events, the watcher asks for a full rebuild (a nil
// batch) instead of a list of changes with holes in it.
func TestWatchOverflowRebuildsEverything(t *testing.T) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		t.Skip("no fsnotify here:", err)
	}
	defer fw.Close()
	w := &watcher{root: t.TempDir(), C: make(chan []string, 1), Notice: make(chan string, 4), stop: make(chan struct{}), clock: realClock{}}
	events, errs := make(chan fsnotify.Event), make(chan error)
	go w.loop(fw, events, errs)
	defer w.Close()
	events <- fsnotify.Event{Name: filepath.Join(w.root, "content", "a.md"), Op: fsnotify.Write}
	errs <- fsnotify.ErrEventOverflow
	select {
	case batch := <-w.C:
		if batch != nil {
			t.Errorf("batch after an overflow = %q, want nil (everything)", batch)
		}
	case <-time.After(5 * time.Minute): // see waitFor
		t.Fatal("no batch after an overflow")
	}
	// The next burst is a list again.
	events <- fsnotify.Event{Name: filepath.Join(w.root, "content", "b.md"), Op: fsnotify.Write}
	select {
	case batch := <-w.C:
		if len(batch) != 1 || batch[0] != "content/b.md" {
			t.Errorf("batch = %q, want [content/b.md]", batch)
		}
	case <-time.After(5 * time.Minute): // see waitFor
		t.Fatal("no batch")
	}
}

// The dev server serves a card from the card cache, where its build put
// it, instead of keeping a copy of every card in memory.
func TestServeCardsFromTheCardCache(t *testing.T) {
	s, dir := devServer(t, false)
	card := get(s, "/cards/c/a.png")
	if !strings.HasPrefix(card, "\x89PNG") {
		t.Fatalf("card: %d bytes, not a PNG", len(card))
	}
	linked := s.mem.Linked("cards/c/a.png")
	if !strings.HasPrefix(linked, filepath.Join(dir, ".rounds", "cache", "cards")) {
		t.Errorf("cards/c/a.png is linked to %q, want a file of the card cache", linked)
	}
}

// The dev server's list of what blocks publication names a module with a
// broken link, which rounds build refuses (one gate, 18 D5), though the
// preview still shows its page.
func TestServeStatusPageNamesBrokenLinks(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "rounds.toml", siteTOML)
	write(t, dir, "content/c/a.md", module("Alpha", "See [gone](../gone/)."))
	s, err := New(Options{Site: dir, Port: 0, Today: content.ParseDate("2026-11-22")})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := s.Run(ctx); err != nil {
			t.Error(err)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	waitFor(t, func() bool { return get(s, "/c/a/") != "" })
	page := get(s, "/_rounds/")
	if !strings.Contains(page, "<td>refused</td>") || !strings.Contains(page, "links to ../gone/, which is not a published page") {
		t.Errorf("status page: %s", page)
	}
}

// serve --bind on a non-loopback address (issue 19 finding 6): real
// clients reach it by the machine's address, the unspecified address is no
// Host, and nothing is served without the printed link's token, which is
// exchanged once for a cookie.
func TestServeExposedNeedsItsToken(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "rounds.toml", siteTOML)
	write(t, dir, "content/c/a.md", module("Alpha", "First body."))
	s, err := New(Options{Site: dir, Bind: "0.0.0.0", Port: 0, Today: content.ParseDate("2026-11-22")})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = s.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	u, err := url.Parse(s.URL())
	if err != nil || u.Query().Get("token") == "" || strings.HasPrefix(u.Host, "0.0.0.0") {
		t.Fatalf("printed URL %q: want the machine's address and a token", s.URL())
	}
	port := s.ln.Addr().(*net.TCPAddr).Port
	if code := raw(t, s, "/c/a/", net.JoinHostPort("0.0.0.0", strconv.Itoa(port)), ""); code != 403 {
		t.Errorf("Host 0.0.0.0: status %d, want 403", code)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	base := "http://" + s.ln.Addr().String()
	request := func(path, host string, cookie *http.Cookie) *http.Response {
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Host = host
		if cookie != nil {
			req.AddCookie(cookie)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	waitFor(t, func() bool { _, ok := s.mem.Get("c/a/index.html"); return ok })
	if r := request("/c/a/", u.Host, nil); r.StatusCode != 401 {
		t.Errorf("no token: status %d, want 401", r.StatusCode)
	}
	if r := request("/c/a/?token=wrong", u.Host, nil); r.StatusCode != 401 {
		t.Errorf("wrong token: status %d, want 401", r.StatusCode)
	}
	r := request("/c/a/?token="+u.Query().Get("token"), u.Host, nil)
	if r.StatusCode != 303 || r.Header.Get("Location") != "/c/a/" {
		t.Fatalf("token: status %d to %q, want 303 to /c/a/", r.StatusCode, r.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range r.Cookies() {
		if c.Name == tokenCookie && c.HttpOnly && c.SameSite == http.SameSiteStrictMode {
			cookie = c
		}
	}
	if cookie == nil {
		t.Fatalf("no HttpOnly, SameSite=Strict cookie: %v", r.Cookies())
	}
	if r := request("/c/a/", u.Host, cookie); r.StatusCode != 200 {
		t.Errorf("with the cookie: status %d, want 200", r.StatusCode)
	}
}

// Issue 21 item 2: /_rounds/ links every module to its review page; the
// page of a module build would refuse carries a banner linking to it; the
// review page says who must sign and the command, and escapes the path.
func TestServeReviewPage(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "rounds.toml", "title = \"Dev\"\nbaseURL = \"https://example.org/\"\n[policy]\nrequired_roles = [\"medical\"]\nmin_references = 0\n")
	write(t, dir, "people.toml", "[[person]]\nid = \"rev\"\nname = \"Rev\"\nroles = [\"medical\"]\n")
	write(t, dir, "content/c/a.md", module("Alpha", "First body."))
	s, err := New(Options{Site: dir, Port: 0, Today: content.ParseDate("2026-11-22")})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.Run(ctx)
	}()
	t.Cleanup(func() { cancel(); <-done })
	waitFor(t, func() bool { return get(s, "/c/a/") != "" })
	if page := get(s, "/_rounds/"); !strings.Contains(page, `<a href="/_rounds/review/content/c/a.md">`) {
		t.Errorf("status page has no review link:\n%s", page)
	}
	if page := get(s, "/c/a/"); !strings.Contains(page, `<div class="banner review-link"><a href="/_rounds/review/content/c/a.md">`) {
		t.Errorf("module page has no review banner:\n%s", page)
	}
	page := get(s, "/_rounds/review/content/c/a.md")
	for _, want := range []string{"<h1>Review: Alpha</h1>", "rounds review content/c/a.md --reviewer rev --role medical", "First body.", "read the module whole"} {
		if !strings.Contains(page, want) {
			t.Errorf("review page lacks %q:\n%s", want, page)
		}
	}
	if code := raw(t, s, "/_rounds/review/content/c/%3Cscript%3E.md", s.ln.Addr().String(), ""); code != http.StatusNotFound {
		t.Errorf("review page of no module: %d", code)
	}
	if css := get(s, "/_rounds/review.css"); !strings.Contains(css, "ins{") {
		t.Errorf("review.css: %q", css)
	}
}
