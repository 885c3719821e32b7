package sshsig

import (
	"crypto"
	"strings"

	"golang.org/x/crypto/ssh"
)

// PublicKey is an SSH public key. It is x/crypto/ssh's type, named here so
// that the packages above sshsig (content, generator, cmd/rounds) never
// import x/crypto/ssh themselves: STYLE.md keeps each third-party module
// in one package, so it can be swapped.
type PublicKey = ssh.PublicKey

// Signer is a private key that signs: a key file, a key held by an
// ssh-agent, or a security key behind the agent.
type Signer = ssh.Signer

// Fingerprint is the key's SHA256 fingerprint as OpenSSH prints it
// ("SHA256:..."), for messages.
func Fingerprint(k PublicKey) string { return ssh.FingerprintSHA256(k) }

// ParsePublicKey reads one authorized_keys line ("ssh-ed25519 AAAA...
// comment"); options before the key are not allowed here (see ParseKey).
func ParsePublicKey(line string) (PublicKey, error) {
	k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(strings.TrimSpace(line)))
	return k, err
}

// AuthorizedKey is k as one authorized_keys line, without comment or
// newline: what allowed_signers and revoked_keys files hold.
func AuthorizedKey(k PublicKey) string {
	return strings.TrimSuffix(string(ssh.MarshalAuthorizedKey(k)), "\n")
}

// NewSigner wraps a private key held in memory (ed25519, ECDSA or RSA),
// as tests and `rounds keygen` hold them.
func NewSigner(key crypto.Signer) (Signer, error) { return ssh.NewSignerFromSigner(key) }
