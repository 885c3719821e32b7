package content

import (
	"encoding/base64"
	"fmt"
	"io"
	"strings"

	"github.com/rounds-dev/rounds/content/sshsig"
)

// SignaturePrefix marks a signature value as a base64 SSHSIG blob.
const SignaturePrefix = "sshsig:"

// SignatureNamespace is the SSHSIG namespace of sign-offs, as
// `ssh-keygen -Y verify -n` takes it.
const SignatureNamespace = sshsig.Namespace

// SignedText is the exact text a reviewer signs (SPEC.md "The signature").
// It is plain so that an auditor can read it and check it with OpenSSH.
func SignedText(digest, role, reviewer string, date Date) []byte {
	return fmt.Appendf(nil, "rounds-review-v2\ndigest: %s\nrole: %s\nreviewer: %s\ndate: %s\n", digest, role, reviewer, date)
}

// EncodeSignature turns a raw SSHSIG blob into a front matter value.
func EncodeSignature(blob []byte) string {
	return SignaturePrefix + base64.StdEncoding.EncodeToString(blob)
}

// DecodeSignature reads a front matter signature value.
func DecodeSignature(s string) ([]byte, error) {
	b64, ok := strings.CutPrefix(s, SignaturePrefix)
	if !ok {
		return nil, fmt.Errorf("signature must start with %q", SignaturePrefix)
	}
	blob, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, fmt.Errorf("signature is not valid base64")
	}
	return blob, nil
}

// VerifyReview checks r's signature against its own fields and the keys
// of p. It returns nil when one of p's keys signed exactly this sign-off.
func VerifyReview(r Review, p *Person) error {
	if r.Signature == "" {
		return fmt.Errorf("has no signature")
	}
	blob, err := DecodeSignature(r.Signature)
	if err != nil {
		return err
	}
	key, err := sshsig.Verify(blob, sshsig.Namespace, SignedText(r.Digest, r.Role, r.Reviewer, r.Date))
	if err != nil {
		return fmt.Errorf("signature does not verify: %v", err)
	}
	// A retired key (valid-before) still vouches for what it signed
	// before; a revoked one for nothing (SPEC.md "Keys").
	if why := p.CanSign(key, r.Date); why != "" {
		return fmt.Errorf("is signed by a key that %s", why)
	}
	return nil
}

// Signer is a reviewer's private key: a key file, a key held by an
// ssh-agent, or a security key behind it. cmd/rounds finds it (it reads
// files and dials the agent) and passes it in.
type Signer = sshsig.Signer

// Sign returns r signed by s: r.Signature is the SSHSIG signature of
// SignedText over r's digest, role, reviewer and date.
func Sign(s Signer, r Review, rand io.Reader) (Review, error) {
	blob, err := sshsig.Sign(s, sshsig.Namespace, SignedText(r.Digest, r.Role, r.Reviewer, r.Date), rand)
	if err != nil {
		return r, err
	}
	r.Signature = EncodeSignature(blob)
	return r, nil
}

// KeyFingerprint is a key's SHA256 fingerprint, as ssh-keygen -l prints it.
func KeyFingerprint(k sshsig.PublicKey) string { return sshsig.Fingerprint(k) }

// ArmoredSignature is r's signature as `ssh-keygen -Y sign` writes it:
// the .sig file an auditor verifies.
func ArmoredSignature(r Review) ([]byte, error) {
	blob, err := DecodeSignature(r.Signature)
	if err != nil {
		return nil, err
	}
	return sshsig.Armor(blob), nil
}
