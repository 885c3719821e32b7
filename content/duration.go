package content

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Duration is a span of time, written the same way everywhere (SPEC.md,
// Shared conventions, Durations): a whole number and one unit, "30min",
// "6h", "90d", "8w", "6mo", "3y".
type Duration struct {
	N int
	// Unit is 'i' (minutes), 'h' (hours), 'd' (days), 'w' (weeks),
	// 'm' (months) or 'y' (years).
	Unit byte
}

// durationUnit is one unit: how it is written, its Duration.Unit, its
// ISO 8601 form and its English name.
type durationUnit struct {
	written string
	unit    byte
	iso     string // P<n>D, PT<n>M, ...
	human   string
}

// durationUnits lists the units (a function, not a table in a variable:
// the package holds no mutable state).
func durationUnits() [6]durationUnit {
	return [...]durationUnit{
		{"min", 'i', "PT%dM", "minute"},
		{"mo", 'm', "P%dM", "month"},
		{"h", 'h', "PT%dH", "hour"},
		{"d", 'd', "P%dD", "day"},
		{"w", 'w', "P%dW", "week"},
		{"y", 'y', "P%dY", "year"},
	}
}

// durationExamples ends every message about a duration.
const durationExamples = `like "30min", "6h", "90d", "6mo" or "3y"`

// ParseDuration reads a duration: digits, then one of min, h, d, w, mo, y,
// nothing else (no spaces, no sign, no fraction). A bare "m" is refused
// as ambiguous: months or minutes?
func ParseDuration(s string) (Duration, error) {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	num, unit := s[:n], s[n:]
	v, err := strconv.Atoi(num)
	if n == 0 || n > 9 || err != nil {
		return Duration{}, fmt.Errorf("%q is not a duration %s", s, durationExamples)
	}
	for _, u := range durationUnits() {
		if unit == u.written {
			return Duration{N: v, Unit: u.unit}, nil
		}
	}
	if unit == "m" {
		return Duration{}, fmt.Errorf("%q is ambiguous: write %q for months or %q for minutes", s, num+"mo", num+"min")
	}
	return Duration{}, fmt.Errorf("%q is not a duration %s", s, durationExamples)
}

// ParseWorkload reads a module's duration, the time it takes to complete.
// Before durations had one grammar a module wrote minutes as "6m", so a
// bare "m" is read as minutes there, and old is true: the caller warns.
func ParseWorkload(s string) (d Duration, old bool, err error) {
	if num, ok := strings.CutSuffix(s, "m"); ok {
		if d, err := ParseDuration(num + "min"); err == nil {
			return d, true, nil
		}
	}
	d, err = ParseDuration(s)
	return d, false, err
}

// Calendar reports whether the duration counts whole days or more: what a
// policy measures between dates.
func (p Duration) Calendar() bool { return p.Unit != 'i' && p.Unit != 'h' }

// IsZero reports whether the duration is unset.
func (p Duration) IsZero() bool { return p.Unit == 0 }

// AddTo returns d moved forward by the duration; minutes and hours, which
// a date cannot hold, move it by the days they fill.
func (p Duration) AddTo(d Date) Date {
	switch p.Unit {
	case 'i':
		return Date{d.t.AddDate(0, 0, p.N/(24*60))}
	case 'h':
		return Date{d.t.AddDate(0, 0, p.N/24)}
	case 'd':
		return Date{d.t.AddDate(0, 0, p.N)}
	case 'w':
		return Date{d.t.AddDate(0, 0, 7*p.N)}
	case 'm':
		return Date{d.t.AddDate(0, p.N, 0)}
	case 'y':
		return Date{d.t.AddDate(p.N, 0, 0)}
	}
	return d
}

// String formats the duration in its one written form: "6min", "6mo".
func (p Duration) String() string {
	for _, u := range durationUnits() {
		if u.unit == p.Unit {
			return strconv.Itoa(p.N) + u.written
		}
	}
	return ""
}

// ISO8601 formats the duration as ISO 8601 (schema.org's Duration):
// "PT30M", "P6M".
func (p Duration) ISO8601() string {
	for _, u := range durationUnits() {
		if u.unit == p.Unit {
			return fmt.Sprintf(u.iso, p.N)
		}
	}
	return ""
}

// Human formats the duration for people, in English: "30 minutes",
// "1 hour".
func (p Duration) Human() string {
	for _, u := range durationUnits() {
		if u.unit == p.Unit {
			if p.N == 1 {
				return "1 " + u.human
			}
			return strconv.Itoa(p.N) + " " + u.human + "s"
		}
	}
	return ""
}

// UnmarshalJSON reads a duration string.
func (p *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := ParseDuration(s)
	*p = v
	return err
}
