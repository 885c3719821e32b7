package sshsig

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"
)

// AllowedSigner is one line of an OpenSSH allowed_signers file (see
// ssh-keygen(1), "ALLOWED SIGNERS"): the principals a key may sign for,
// the namespaces it may sign in, and the time it is valid.
type AllowedSigner struct {
	Line        int
	Principals  []string // patterns, as OpenSSH matches them (* and ?)
	Key         ssh.PublicKey
	Namespaces  []string  // nil: any namespace
	ValidAfter  time.Time // zero: no bound
	ValidBefore time.Time // zero: no bound
}

// Allows reports whether the line lets its key sign for principal in
// namespace at time at.
func (a AllowedSigner) Allows(principal, namespace string, at time.Time) bool {
	if !matchAny(a.Principals, principal) {
		return false
	}
	if a.Namespaces != nil && !matchAny(a.Namespaces, namespace) {
		return false
	}
	if !a.ValidAfter.IsZero() && at.Before(a.ValidAfter) {
		return false
	}
	if !a.ValidBefore.IsZero() && !at.Before(a.ValidBefore) {
		return false
	}
	return true
}

func matchAny(patterns []string, s string) bool {
	for _, p := range patterns {
		if ok, err := path.Match(p, s); err == nil && ok {
			return true
		}
	}
	return false
}

// ParseAllowedSigners reads an allowed_signers file. Certificate
// authorities are refused: rounds checks plain keys only, and a line it
// cannot honour must not be read as a broader grant.
func ParseAllowedSigners(data []byte) ([]AllowedSigner, error) {
	var out []AllowedSigner
	for n, raw := range bytes.Split(data, []byte("\n")) {
		line := strings.TrimSpace(string(raw))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		principals, rest, ok := strings.Cut(line, " ")
		if !ok {
			principals, rest, ok = strings.Cut(line, "\t")
		}
		if !ok {
			return nil, fmt.Errorf("line %d: a line is principals, options, then a key", n+1)
		}
		key, _, options, _, err := ssh.ParseAuthorizedKey([]byte(strings.TrimSpace(rest)))
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", n+1, err)
		}
		a := AllowedSigner{Line: n + 1, Principals: strings.Split(strings.Trim(principals, `"`), ","), Key: key}
		if err := a.setOptions(options); err != nil {
			return nil, fmt.Errorf("line %d: %v", n+1, err)
		}
		out = append(out, a)
	}
	return out, nil
}

// ParseKey reads a key as people.toml holds it: an authorized_keys line,
// with allowed_signers options before the key when it is retired or not
// yet valid (`valid-before="20270101" ssh-ed25519 AAAA...`, SPEC.md
// "Keys"). The result has no principals: the key is its person's.
func ParseKey(line string) (AllowedSigner, error) {
	key, _, options, _, err := ssh.ParseAuthorizedKey([]byte(strings.TrimSpace(line)))
	if err != nil {
		return AllowedSigner{}, err
	}
	a := AllowedSigner{Key: key}
	return a, a.setOptions(options)
}

// Valid reports whether the key may sign at time at (its valid-after and
// valid-before bounds only).
func (a AllowedSigner) Valid(at time.Time) bool {
	return (a.ValidAfter.IsZero() || !at.Before(a.ValidAfter)) && (a.ValidBefore.IsZero() || at.Before(a.ValidBefore))
}

// Options is the line's options in allowed_signers form, "" when none:
// what an export writes before the key.
func (a AllowedSigner) Options() string {
	var o []string
	if a.Namespaces != nil {
		o = append(o, `namespaces="`+strings.Join(a.Namespaces, ",")+`"`)
	}
	if !a.ValidAfter.IsZero() {
		o = append(o, `valid-after="`+sshTime(a.ValidAfter)+`"`)
	}
	if !a.ValidBefore.IsZero() {
		o = append(o, `valid-before="`+sshTime(a.ValidBefore)+`"`)
	}
	return strings.Join(o, ",")
}

func sshTime(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("20060102") + "Z"
	}
	return t.Format("20060102150405") + "Z"
}

// setOptions applies the options of a line, refusing what rounds cannot
// honour.
func (a *AllowedSigner) setOptions(options []string) error {
	for _, o := range options {
		name, value, _ := strings.Cut(o, "=")
		value = strings.Trim(value, `"`)
		var err error
		switch strings.ToLower(name) {
		case "namespaces":
			a.Namespaces = strings.Split(value, ",")
		case "valid-after":
			a.ValidAfter, err = parseSSHTime(value)
		case "valid-before":
			a.ValidBefore, err = parseSSHTime(value)
		case "cert-authority":
			err = fmt.Errorf("cert-authority is not supported: list each reviewer's own key")
		default:
			err = fmt.Errorf("unknown option %q", name)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// parseSSHTime reads YYYYMMDD[HHMM[SS]] with an optional Z (UTC); without
// Z OpenSSH reads local time, which rounds takes as UTC so that a check
// does not depend on the machine's zone.
func parseSSHTime(s string) (time.Time, error) {
	s = strings.TrimSuffix(strings.TrimSuffix(s, "Z"), "z")
	for _, layout := range []string{"20060102", "200601021504", "20060102150405"} {
		if len(s) == len(layout) {
			if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
				return t, nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time like 20270101 or 202701011200", s)
}
