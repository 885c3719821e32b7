package content

import (
	"fmt"

	"github.com/rounds-dev/rounds/content/sshsig"
)

// Trust pins reviewers' keys from outside the repository: an OpenSSH
// allowed_signers file (principal = person id) that a CI keeps where
// authors cannot write. people.toml holds the keys too, but it is in the
// repository an author edits, so on its own it cannot be the root of
// trust (SPEC.md "The frame and the trust root").
type Trust struct {
	Path    string
	Signers []sshsig.AllowedSigner
}

// ParseTrust reads an allowed_signers file.
func ParseTrust(path string, data []byte) (*Trust, error) {
	s, err := sshsig.ParseAllowedSigners(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return &Trust{Path: path, Signers: s}, nil
}

// verifyTrusted checks r's signature and that the trust file lets the
// signing key sign for r's reviewer on r's date.
func (t *Trust) verifyTrusted(r Review) error {
	blob, err := DecodeSignature(r.Signature)
	if err != nil {
		return err
	}
	key, err := sshsig.Verify(blob, sshsig.Namespace, SignedText(r.Digest, r.Role, r.Reviewer, r.Date))
	if err != nil {
		return fmt.Errorf("signature does not verify: %v", err)
	}
	for _, a := range t.Signers {
		if sshsig.SameKey(a.Key, key) && a.Allows(r.Reviewer, sshsig.Namespace, r.Date.Time()) {
			return nil
		}
	}
	return fmt.Errorf("is signed by a key that %s does not allow for %s on %s", t.Path, r.Reviewer, r.Date)
}
