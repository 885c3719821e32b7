package history

import (
	"strings"
	"unicode"
)

// Op is one part of a word-level diff: text kept, deleted or inserted.
type Op struct {
	Kind byte   `json:"kind"` // '=' kept, '-' deleted, '+' inserted
	Text string `json:"text"`
}

// maxDiffCost bounds the work of one diff: past it, the changed middle of
// the text is shown as deleted and inserted whole. A reviewer's module is
// a few thousand words; this is hundreds of times that.
const maxDiffCost = 1 << 26

// Words is the word-level diff of two texts, like `git diff --word-diff`:
// words (runs of non-space characters) and the spaces between them are
// the units, so a changed word shows as that word deleted and its
// replacement inserted. Runs of the same kind are merged; concatenating
// the kept and deleted parts gives a, the kept and inserted parts give b.
func Words(a, b string) []Op {
	ta, tb := tokens(a), tokens(b)
	// Common head and tail first: most edits touch a few words of a long
	// text, and what remains in between is small.
	pre := 0
	for pre < len(ta) && pre < len(tb) && ta[pre] == tb[pre] {
		pre++
	}
	suf := 0
	for suf < len(ta)-pre && suf < len(tb)-pre && ta[len(ta)-1-suf] == tb[len(tb)-1-suf] {
		suf++
	}
	var ops []Op
	add := func(kind byte, s string) {
		if s == "" {
			return
		}
		if n := len(ops); n > 0 && ops[n-1].Kind == kind {
			ops[n-1].Text += s
			return
		}
		ops = append(ops, Op{kind, s})
	}
	add('=', strings.Join(ta[:pre], ""))
	for _, o := range myers(ta[pre:len(ta)-suf], tb[pre:len(tb)-suf]) {
		add(o.Kind, o.Text)
	}
	add('=', strings.Join(ta[len(ta)-suf:], ""))
	return ops
}

// tokens splits s into words and the runs of space between them.
func tokens(s string) []string {
	var out []string
	start := 0
	space := false
	for i, r := range s {
		sp := unicode.IsSpace(r)
		if i > start && sp != space {
			out = append(out, s[start:i])
			start = i
		}
		space = sp
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// myers is the shortest edit script of a into b (Myers 1986, "An O(ND)
// difference algorithm"), as ops of one token each; past maxDiffCost it
// gives up and returns all of a deleted and all of b inserted.
func myers(a, b []string) []Op {
	n, m := len(a), len(b)
	if n == 0 && m == 0 {
		return nil
	}
	max := n + m
	off := max + 1
	v := make([]int, 2*max+3)
	var trace [][]int
	cost := 0
	for d := 0; d <= max; d++ {
		trace = append(trace, append([]int(nil), v...))
		cost += len(v)
		if cost > maxDiffCost {
			return []Op{{'-', strings.Join(a, "")}, {'+', strings.Join(b, "")}}
		}
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: insert
			} else {
				x = v[off+k-1] + 1 // right: delete
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(a, b, trace, d, k, off)
			}
		}
	}
	return nil // not reached: d = n+m always ends
}

// backtrack walks the saved frontiers from the end to the start.
func backtrack(a, b []string, trace [][]int, d, k, off int) []Op {
	var rev []Op
	x, y := len(a), len(b)
	for ; d > 0; d-- {
		v := trace[d]
		var pk int
		if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := v[off+pk]
		py := px - pk
		sx, sy := px+1, py // after a deletion from (px, py)
		if pk == k+1 {
			sx, sy = px, py+1 // after an insertion
		}
		for x > sx && y > sy {
			x--
			y--
			rev = append(rev, Op{'=', a[x]})
		}
		if pk == k+1 {
			y--
			rev = append(rev, Op{'+', b[y]})
		} else {
			x--
			rev = append(rev, Op{'-', a[x]})
		}
		k = pk
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, Op{'=', a[x]})
	}
	out := make([]Op, len(rev))
	for i, o := range rev {
		out[len(rev)-1-i] = o
	}
	return out
}
