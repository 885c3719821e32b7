package server

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Timing of the watcher. A save of one file (an editor writes it in a few
// events within a millisecond) is built after quietOne without an event;
// once a batch touches a second file it is a burst (a git checkout, a
// search and replace), which ends after quietMany without one, so that it
// is one rebuild. No batch waits longer than maxWait.
const (
	quietOne     = 8 * time.Millisecond
	quietMany    = 40 * time.Millisecond
	maxWait      = time.Second
	pollInterval = 500 * time.Millisecond
)

// quiet is how long a batch of n changed paths waits for another event.
func quiet(n int) time.Duration {
	if n <= 1 {
		return quietOne
	}
	return quietMany
}

// ignoredDir reports folders that are never content: output, caches, VCS.
func ignoredDir(name string) bool {
	switch name {
	case "public", "node_modules":
		return true
	}
	return strings.HasPrefix(name, ".")
}

// ignoredFile reports editor temporary, swap and backup files.
func ignoredFile(name string) bool {
	switch {
	case name == "4913" || name == ".DS_Store": // vim's write test; macOS
		return true
	case strings.HasSuffix(name, "~"), strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".swo"), strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, ".crswap"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"):
		return true
	case strings.HasPrefix(name, ".#"), strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"):
		return true
	case strings.HasPrefix(name, "."):
		return true
	}
	return false
}

// clock gives the watcher the timers that end a batch: the real clock, or
// a test's, which fires them when the test says (so no test depends on
// how fast a loaded machine writes files).
type clock interface {
	After(d time.Duration) <-chan time.Time
}

// realClock is time's clock.
type realClock struct{}

func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// watcher reports batches of changed site paths (slash-separated,
// relative to the site) on C.
type watcher struct {
	root    string
	C       chan []string
	Notice  chan string // messages for the person running the server
	stop    chan struct{}
	polling bool
	clock   clock
	// seen, when set (by tests), is told each changed path as the loop
	// takes it into a batch.
	seen func(string)
}

// newWatcher watches root; c and seen are the tests' (nil: the real
// clock, nobody told).
func newWatcher(root string, forcePoll bool, c clock, seen func(string)) *watcher {
	if c == nil {
		c = realClock{}
	}
	w := &watcher{root: root, C: make(chan []string, 1), Notice: make(chan string, 4), stop: make(chan struct{}), clock: c, seen: seen}
	if forcePoll {
		w.polling = true
		go w.poll(w.snapshot())
		return w
	}
	fw, err := fsnotify.NewWatcher()
	if err == nil {
		err = w.addTree(fw, root)
	}
	if err != nil {
		if fw != nil {
			fw.Close()
		}
		w.Notice <- explainWatchError(err)
		w.polling = true
		go w.poll(w.snapshot())
		return w
	}
	go w.run(fw)
	return w
}

func (w *watcher) Close() { close(w.stop) }

// explainWatchError turns a watch failure into advice.
func explainWatchError(err error) string {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) {
		return "the system's limit of watched folders is reached (fs.inotify.max_user_watches); watching by polling every 500 ms instead"
	}
	return "cannot watch the site (" + err.Error() + "); watching by polling every 500 ms instead"
}

// addTree watches root and every folder under it that can hold content.
func (w *watcher) addTree(fw *fsnotify.Watcher, root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != w.root && ignoredDir(d.Name()) {
				return filepath.SkipDir
			}
			return fw.Add(p)
		}
		return nil
	})
}

func (w *watcher) rel(p string) (string, bool) {
	r, err := filepath.Rel(w.root, p)
	if err != nil || strings.HasPrefix(r, "..") {
		return "", false
	}
	r = filepath.ToSlash(r)
	parts := strings.Split(r, "/")
	for _, dir := range parts[:len(parts)-1] {
		if ignoredDir(dir) {
			return "", false
		}
	}
	if ignoredFile(filepath.Base(p)) {
		return "", false
	}
	return r, true
}

func (w *watcher) run(fw *fsnotify.Watcher) {
	defer fw.Close()
	w.loop(fw, fw.Events, fw.Errors)
}

// loop turns fsnotify's events into batches of changed paths. When the
// kernel dropped events (its queue overflowed during a huge checkout),
// the batch is nil: the server rebuilds everything rather than trust a
// list with holes in it.
func (w *watcher) loop(fw *fsnotify.Watcher, events <-chan fsnotify.Event, errs <-chan error) {
	pending := map[string]bool{}
	lost := false
	var timer, deadline <-chan time.Time
	flush := func() {
		batch := make([]string, 0, len(pending))
		for p := range pending {
			batch = append(batch, p)
		}
		if lost {
			batch = nil
		}
		pending, lost = map[string]bool{}, false
		timer, deadline = nil, nil
		select {
		case w.C <- batch:
		case <-w.stop:
		}
	}
	for {
		select {
		case <-w.stop:
			return
		case ev, ok := <-events:
			if !ok {
				return
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() && !ignoredDir(info.Name()) {
					// A new folder: watch it and everything already in it
					// (files may have landed before the watch began).
					if err := w.addTree(fw, ev.Name); err != nil {
						w.notice(explainWatchError(err))
					}
					_ = filepath.WalkDir(ev.Name, func(p string, d fs.DirEntry, err error) error {
						if err == nil && !d.IsDir() {
							if r, ok := w.rel(p); ok {
								pending[r] = true
							}
						}
						return nil
					})
				}
			}
			r, ok := w.rel(ev.Name)
			if !ok || ev.Op == fsnotify.Chmod {
				continue
			}
			pending[r] = true
			timer = w.clock.After(quiet(len(pending)))
			if deadline == nil {
				deadline = w.clock.After(maxWait)
			}
			if w.seen != nil {
				w.seen(r) // after the timers: a test may end the batch at once
			}
		case err, ok := <-errs:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				lost = true
				timer = w.clock.After(quietMany)
				if deadline == nil {
					deadline = w.clock.After(maxWait)
				}
				w.notice("too many changes at once for the watcher; rebuilding everything")
				continue
			}
			w.notice("watch error: " + err.Error())
		case <-timer:
			flush()
		case <-deadline:
			flush()
		}
	}
}

func (w *watcher) notice(msg string) {
	select {
	case w.Notice <- msg:
	default:
	}
}

// poll compares sizes and modification times of every file with snap,
// taken before newWatcher returns: taken here, an edit made between
// newWatcher and the goroutine's first run was part of the first
// snapshot and never seen (TestServePolling timed out on a loaded
// machine).
func (w *watcher) poll(snap map[string]fileStamp) {
	t := time.NewTicker(pollInterval)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
			now := w.snapshot()
			var batch []string
			for p, st := range now {
				if snap[p] != st {
					batch = append(batch, p)
				}
			}
			for p := range snap {
				if _, ok := now[p]; !ok {
					batch = append(batch, p)
				}
			}
			snap = now
			if len(batch) > 0 {
				select {
				case w.C <- batch:
				case <-w.stop:
					return
				}
			}
		}
	}
}

type fileStamp struct {
	size int64
	mod  time.Time
}

func (w *watcher) snapshot() map[string]fileStamp {
	out := map[string]fileStamp{}
	_ = filepath.WalkDir(w.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != w.root && ignoredDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if r, ok := w.rel(p); ok {
			if info, err := d.Info(); err == nil {
				out[r] = fileStamp{info.Size(), info.ModTime()}
			}
		}
		return nil
	})
	return out
}
