package content

import (
	"encoding/json"
	"fmt"
	"time"
)

// Date is a calendar day. Front matter dates are days, not instants, so
// comparisons never depend on the time zone of the machine that builds.
type Date struct{ t time.Time }

// ParseDate reads 2026-11-01, or a date and time in TOML's forms (the
// time is dropped). It returns the zero Date for anything else.
func ParseDate(s string) Date {
	for _, layout := range []string{"2006-01-02", time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return Date{time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
		}
	}
	return Date{}
}

// DateOf is the day of t in t's own location.
func DateOf(t time.Time) Date {
	return Date{time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// DaysUntil is the number of days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.t.Sub(d.t).Hours() / 24) }

// Time is the date at midnight UTC.
func (d Date) Time() time.Time { return d.t }

// String formats the date as 2026-11-01, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// Long formats the date for readers: "1 November 2026".
func (d Date) Long() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2 January 2006")
}

// MarshalJSON writes the date as UnmarshalJSON reads it ("" when unset),
// so that the digest can hash a decoded front matter.
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads a date string.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*d = ParseDate(s)
	if d.IsZero() {
		return fmt.Errorf("%q is not a date like 2026-11-01", s)
	}
	return nil
}
