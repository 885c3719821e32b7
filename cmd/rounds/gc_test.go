package main

import (
	"runtime/debug"
	"testing"
)

// tighterGC halves GOGC while a list phase runs, leaves GOGC=off alone,
// and gives the setting back once the last build using it is done.
func TestTighterGC(t *testing.T) {
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)
	current := func() int { v := debug.SetGCPercent(100); debug.SetGCPercent(v); return v }
	cases := []struct{ gogc, during int }{{100, 50}, {400, 200}, {12, 10}, {-1, -1}}
	for _, c := range cases {
		debug.SetGCPercent(c.gogc)
		restore := tighterGC()
		if got := current(); got != c.during {
			t.Errorf("GOGC %d: %d during the list phase, want %d", c.gogc, got, c.during)
		}
		restore()
		restore() // a second call changes nothing
		if got := current(); got != c.gogc {
			t.Errorf("GOGC %d: %d after, want it back", c.gogc, got)
		}
	}
	// Two builds at once: the second sees the halved value and must not
	// restore it for good.
	debug.SetGCPercent(100)
	a, b := tighterGC(), tighterGC()
	a()
	if got := current(); got != 50 {
		t.Errorf("one of two builds done: GOGC %d, want 50", got)
	}
	b()
	if got := current(); got != 100 {
		t.Errorf("both done: GOGC %d, want 100", got)
	}
}
