package generator

import "testing"

func TestOutlineWindow(t *testing.T) {
	cases := []struct{ i, n, max, lo, hi int }{
		{0, 3, 25, 0, 3},    // a short course: all of it
		{24, 25, 25, 0, 25}, // exactly the most
		{0, 500, 25, 0, 25}, // the first: the start of the course
		{250, 500, 25, 238, 263},
		{499, 500, 25, 475, 500}, // the last: the end of the course
		{3, 500, 25, 0, 25},
	}
	for _, c := range cases {
		lo, hi := outlineWindow(c.i, c.n, c.max)
		if lo != c.lo || hi != c.hi {
			t.Errorf("outlineWindow(%d, %d, %d) = %d, %d; want %d, %d", c.i, c.n, c.max, lo, hi, c.lo, c.hi)
		}
		if c.i < lo || c.i >= hi {
			t.Errorf("outlineWindow(%d, %d, %d) leaves out the module itself", c.i, c.n, c.max)
		}
	}
}
