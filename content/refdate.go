package content

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// PartialDate is when a work was published, known to the year, the month
// or the day: 2017, 2017-06 or 2017-06-08 (SPEC.md "Reference dates").
// References need it because the manuals print what is known and no
// more: Vancouver writes "2017 Jun 8" for a journal article that carries
// its day, "2017 Jun" for one that carries only its month.
type PartialDate struct {
	Year, Month, Day int // Month and Day 0 when unknown
}

// ParsePartialDate reads 2017, 2017-06 or 2017-06-08 (a date and time in
// TOML's forms is read as its day). ok is false for anything else,
// including days that do not exist.
func ParsePartialDate(s string) (d PartialDate, ok bool) {
	switch len(s) {
	case 4:
		y, err := strconv.Atoi(s)
		if err != nil || y < 1 || s[0] < '0' || s[0] > '9' {
			return PartialDate{}, false
		}
		return PartialDate{Year: y}, true
	case 7:
		t, err := time.Parse("2006-01", s)
		if err != nil || t.Year() < 1 {
			return PartialDate{}, false
		}
		return PartialDate{Year: t.Year(), Month: int(t.Month())}, true
	}
	day := ParseDate(s)
	if day.IsZero() {
		return PartialDate{}, false
	}
	t := day.Time()
	return PartialDate{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}, true
}

// MakePartialDate checks a year, month and day (month and day 0 when
// unknown, a day only with a month), as CSL-JSON's date-parts give them.
func MakePartialDate(y, m, d int) (PartialDate, bool) {
	switch {
	case y < 1 || y > 9999 || m < 0 || m > 12 || d < 0 || (m == 0 && d != 0):
		return PartialDate{}, false
	case d > 0 && time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Day() != d:
		return PartialDate{}, false // 2017-02-30
	}
	return PartialDate{Year: y, Month: m, Day: d}, true
}

// IsZero reports whether the date is unknown.
func (d PartialDate) IsZero() bool { return d.Year == 0 }

// String writes the date as it was given: 2017, 2017-06 or 2017-06-08
// (ISO 8601, which schema.org's datePublished also takes); "" when unknown.
func (d PartialDate) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// MarshalJSON writes the date as String does, or null when unknown.
func (d PartialDate) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads a date as ParsePartialDate does; null leaves it unknown.
func (d *PartialDate) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, ok := ParsePartialDate(s)
	if !ok {
		return fmt.Errorf("%q is not a date like 2017-06-08, 2017-06 or 2017", s)
	}
	*d = v
	return nil
}

// Published is when the reference's work was published: its issued date,
// else its year.
func (r Reference) Published() PartialDate {
	if !r.Issued.IsZero() {
		return r.Issued
	}
	if r.Year > 0 {
		return PartialDate{Year: r.Year}
	}
	return PartialDate{}
}

// DateConflict describes a reference whose year and issued date disagree
// ("" when they agree or only one is set): one of them is a typo, and
// printing either would silently drop the other.
func (r Reference) DateConflict() string {
	if r.Year > 0 && !r.Issued.IsZero() && r.Year != r.Issued.Year {
		return fmt.Sprintf("year %d and issued %s disagree: keep one of them", r.Year, r.Issued)
	}
	return ""
}
