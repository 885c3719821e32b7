package sshsig

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
	"strings"

	"golang.org/x/crypto/ssh"
)

// Namespace is the SSHSIG namespace of rounds sign-offs.
const Namespace = "rounds-review@v1"

// ErrPassphrase is returned, possibly wrapped, by ParsePrivateKey when the
// key is encrypted and no passphrase was given. Test for it with errors.Is
// and ask the user for the passphrase.
var ErrPassphrase = errors.New("the key is protected by a passphrase")

const (
	magic         = "SSHSIG"
	version       = 1
	hashSHA512    = "sha512"
	hashSHA256    = "sha256"
	armorBegin    = "-----BEGIN SSH SIGNATURE-----"
	armorEnd      = "-----END SSH SIGNATURE-----"
	armorLineSize = 70
	skUserPresent = 0x01 // FIDO authenticator data flag: the user touched the key
)

// newHash returns a hash for an SSHSIG hash algorithm name, or nil if the
// name is not one this package accepts.
func newHash(name string) hash.Hash {
	switch name {
	case hashSHA512:
		return sha512.New()
	case hashSHA256:
		return sha256.New()
	}
	return nil
}

// appendString appends b as an SSH wire string: a uint32 length, then b.
func appendString(out, b []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(b)))
	return append(out, b...)
}

// signedData returns the bytes that the SSHSIG signature covers.
func signedData(ns string, reserved []byte, hashAlg string, digest []byte) []byte {
	out := make([]byte, 0, len(magic)+4*4+len(ns)+len(reserved)+len(hashAlg)+len(digest))
	out = append(out, magic...)
	out = appendString(out, []byte(ns))
	out = appendString(out, reserved)
	out = appendString(out, []byte(hashAlg))
	out = appendString(out, digest)
	return out
}

// isRSA reports whether a public key type signs with RSA.
func isRSA(keyType string) bool {
	return keyType == ssh.KeyAlgoRSA || keyType == ssh.CertAlgoRSAv01
}

// Sign returns the raw (binary, un-armored) SSHSIG blob of message, hashed
// with SHA-512, in namespace ns. The blob embeds signer's public key.
//
// RSA keys are signed with rsa-sha2-512, never with SHA-1 ssh-rsa, so an
// RSA signer must implement ssh.AlgorithmSigner (the signers from
// ssh.NewSignerFromKey and ssh.ParsePrivateKey do) and, if it is an
// ssh.MultiAlgorithmSigner, must allow rsa-sha2-512. The namespace must not
// be empty. rand is passed to the signer; it may be nil for signers that
// do not need it.
func Sign(signer ssh.Signer, ns string, message []byte, rand io.Reader) ([]byte, error) {
	return sign(signer, ns, message, rand, signOptions{hashAlg: hashSHA512})
}

// signOptions lets tests build blobs that Sign itself never makes.
type signOptions struct {
	hashAlg  string // message hash algorithm name
	sigAlg   string // signature algorithm; empty picks rsa-sha2-512 for RSA keys and the key's own algorithm otherwise
	reserved []byte // contents of the reserved field
}

// sign is Sign with the choices in opts.
func sign(signer ssh.Signer, ns string, message []byte, rand io.Reader, opts signOptions) ([]byte, error) {
	hashAlg, sigAlg := opts.hashAlg, opts.sigAlg
	if signer == nil {
		return nil, errors.New("no signing key given; load a private key first")
	}
	if ns == "" {
		return nil, errors.New("the signature namespace is empty; pass a namespace such as " + Namespace)
	}
	h := newHash(hashAlg)
	if h == nil {
		return nil, fmt.Errorf("hash algorithm %q is not supported; use %s or %s", hashAlg, hashSHA512, hashSHA256)
	}
	h.Write(message)
	data := signedData(ns, opts.reserved, hashAlg, h.Sum(nil))

	pub := signer.PublicKey()
	if sigAlg == "" && isRSA(pub.Type()) {
		sigAlg = ssh.KeyAlgoRSASHA512
	}
	var sig *ssh.Signature
	var err error
	if sigAlg == "" {
		sig, err = signer.Sign(rand, data)
	} else {
		as, ok := signer.(ssh.AlgorithmSigner)
		if !ok {
			return nil, fmt.Errorf("the %s signer cannot choose its signature algorithm; use a signer from ssh.NewSignerFromKey so it can sign with %s", pub.Type(), sigAlg)
		}
		if ms, ok := signer.(ssh.MultiAlgorithmSigner); ok && !slices.Contains(ms.Algorithms(), sigAlg) {
			return nil, fmt.Errorf("the signer does not allow %s (it allows %s); allow %s to sign", sigAlg, strings.Join(ms.Algorithms(), ", "), sigAlg)
		}
		sig, err = as.SignWithAlgorithm(rand, data, sigAlg)
	}
	if err != nil {
		return nil, fmt.Errorf("signing failed: %v; check that the key can sign", err)
	}
	if sigAlg != "" && sig.Format != sigAlg {
		return nil, fmt.Errorf("the signer made a %s signature instead of %s; use a signer that honours the requested algorithm", sig.Format, sigAlg)
	}

	sigBytes := appendString(nil, []byte(sig.Format))
	sigBytes = appendString(sigBytes, sig.Blob)
	sigBytes = append(sigBytes, sig.Rest...)

	out := []byte(magic)
	out = binary.BigEndian.AppendUint32(out, version)
	out = appendString(out, pub.Marshal())
	out = appendString(out, []byte(ns))
	out = appendString(out, opts.reserved)
	out = appendString(out, []byte(hashAlg))
	out = appendString(out, sigBytes)
	return out, nil
}

// reader reads SSH wire fields from a byte slice without ever reading past
// its end.
type reader struct {
	b   []byte
	bad bool
}

func (r *reader) uint32() uint32 {
	if r.bad || len(r.b) < 4 {
		r.bad = true
		return 0
	}
	v := binary.BigEndian.Uint32(r.b)
	r.b = r.b[4:]
	return v
}

func (r *reader) string() []byte {
	n := r.uint32()
	if r.bad || uint64(n) > uint64(len(r.b)) {
		r.bad = true
		return nil
	}
	s := r.b[:n:n]
	r.b = r.b[n:]
	return s
}

var errTruncated = errors.New("the signature is truncated or malformed; get a fresh copy of the signature")

// Verify checks a raw SSHSIG blob over message in namespace ns and returns
// the public key that made it. The caller must still decide whether it
// trusts that key, for example by comparing it with SameKey.
//
// Verify accepts message hashes sha512 and sha256. It rejects a blob with
// the wrong magic or version, a namespace other than ns, trailing bytes,
// truncated input, and signatures based on SHA-1 (RSA "ssh-rsa" and DSA
// "ssh-dss"). It never panics, whatever blob holds.
func Verify(blob []byte, ns string, message []byte) (ssh.PublicKey, error) {
	if ns == "" {
		return nil, errors.New("the expected namespace is empty; pass the namespace the signature was made for, such as " + Namespace)
	}
	if len(blob) < len(magic) || string(blob[:len(magic)]) != magic {
		return nil, errors.New("the data is not an SSHSIG signature; check that it was made with ssh-keygen -Y sign or rounds")
	}
	r := &reader{b: blob[len(magic):]}
	v := r.uint32()
	if r.bad {
		return nil, errTruncated
	}
	if v != version {
		return nil, fmt.Errorf("the signature has SSHSIG version %d, only version %d is supported; sign again with a current ssh-keygen or rounds", v, version)
	}
	pubBytes := r.string()
	sigNS := r.string()
	reserved := r.string()
	hashAlg := r.string()
	sigBytes := r.string()
	if r.bad {
		return nil, errTruncated
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("the signature has %d unexpected bytes after its end; get a clean copy of the signature", len(r.b))
	}
	if string(sigNS) != ns {
		return nil, fmt.Errorf("the signature is for namespace %q, not %q; it was made for another purpose and cannot be used here", sigNS, ns)
	}
	h := newHash(string(hashAlg))
	if h == nil {
		return nil, fmt.Errorf("the signature uses hash algorithm %q; only %s and %s are accepted, sign again", hashAlg, hashSHA512, hashSHA256)
	}

	pub, err := ssh.ParsePublicKey(pubBytes)
	if err != nil {
		return nil, fmt.Errorf("the public key in the signature cannot be read: %v; sign again with a supported key type", err)
	}

	sr := &reader{b: sigBytes}
	format := sr.string()
	sigBlob := sr.string()
	if sr.bad {
		return nil, errTruncated
	}
	sig := &ssh.Signature{Format: string(format), Blob: sigBlob}
	switch sig.Format {
	case ssh.KeyAlgoSKECDSA256, ssh.KeyAlgoSKED25519:
		// Security key signatures carry flags and a counter after the blob.
		sig.Rest = sr.b
		// The user-presence flag (bit 0) says someone touched the key
		// for this signature: without it, malware on the reviewer's
		// machine could sign. rounds requires it; `ssh-keygen -Y verify`
		// (OpenSSH 9.2) does not check it, so an auditor's Good does not
		// prove a touch.
		if len(sr.b) != 5 {
			return nil, errTruncated
		}
		if sr.b[0]&skUserPresent == 0 {
			return nil, errors.New("the security key signed without user presence (no touch); sign again and touch the key when it blinks")
		}
	default:
		if len(sr.b) != 0 {
			return nil, errTruncated
		}
	}
	switch sig.Format {
	case ssh.KeyAlgoRSA:
		return nil, errors.New("the signature uses ssh-rsa with SHA-1, which is too weak; sign again with rsa-sha2-512 (current ssh-keygen and rounds do)")
	case ssh.InsecureKeyAlgoDSA:
		return nil, errors.New("the signature uses a DSA key, which is too weak; sign again with an ed25519, ECDSA or RSA key")
	}

	h.Write(message)
	data := signedData(ns, reserved, string(hashAlg), h.Sum(nil))
	if err := pub.Verify(data, sig); err != nil {
		return nil, fmt.Errorf("the signature does not match the message: %v; the message changed or the signature is damaged", err)
	}
	return pub, nil
}

// Armor wraps a raw blob as "-----BEGIN SSH SIGNATURE-----\n", the
// standard base64 of blob in lines of 70 characters, and
// "\n-----END SSH SIGNATURE-----\n", as ssh-keygen writes it.
func Armor(blob []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(blob)
	var b bytes.Buffer
	b.Grow(len(armorBegin) + len(enc) + len(enc)/armorLineSize + len(armorEnd) + 3)
	b.WriteString(armorBegin)
	b.WriteByte('\n')
	for len(enc) > armorLineSize {
		b.WriteString(enc[:armorLineSize])
		b.WriteByte('\n')
		enc = enc[armorLineSize:]
	}
	b.WriteString(enc)
	b.WriteByte('\n')
	b.WriteString(armorEnd)
	b.WriteByte('\n')
	return b.Bytes()
}

// Unarmor is the inverse of Armor: it returns the raw blob inside an
// armored signature. It tolerates CRLF line endings, whitespace around the
// armor and around each line, and base64 lines of any length, but nothing
// else before the BEGIN line or after the END line.
func Unarmor(armored []byte) ([]byte, error) {
	text := strings.TrimSpace(strings.ReplaceAll(string(armored), "\r\n", "\n"))
	lines := strings.Split(text, "\n")
	if strings.TrimSpace(lines[0]) != armorBegin {
		return nil, errors.New("the signature does not start with " + armorBegin + "; pass an armored SSH signature such as a .sig file from ssh-keygen -Y sign")
	}
	if len(lines) < 2 || strings.TrimSpace(lines[len(lines)-1]) != armorEnd {
		return nil, errors.New("the signature does not end with " + armorEnd + "; the signature is cut off, get a complete copy")
	}
	var body strings.Builder
	for _, line := range lines[1 : len(lines)-1] {
		body.WriteString(strings.TrimSpace(line))
	}
	if body.Len() == 0 {
		return nil, errors.New("the armored signature is empty; get a complete copy of the signature")
	}
	blob, err := base64.StdEncoding.Strict().DecodeString(body.String())
	if err != nil {
		return nil, fmt.Errorf("the armored signature is not valid base64 (%v); get an undamaged copy of the signature", err)
	}
	return blob, nil
}

// ParsePrivateKey parses a private key in OpenSSH format or in one of the
// PEM formats x/crypto/ssh reads (PKCS#1, PKCS#8, SEC 1).
//
// If the key is encrypted and passphrase is empty (nil or zero length), the
// error satisfies errors.Is(err, ErrPassphrase), so a caller can ask for the
// passphrase and try again. A wrong passphrase gives a different error that
// says so. A passphrase given for a key that is not encrypted is ignored.
func ParsePrivateKey(pemBytes, passphrase []byte) (ssh.Signer, error) {
	signer, err := ssh.ParsePrivateKey(pemBytes)
	if err == nil {
		return signer, nil
	}
	var missing *ssh.PassphraseMissingError
	if !errors.As(err, &missing) {
		return nil, fmt.Errorf("cannot read the private key: %v; pass an OpenSSH or PEM private key file", err)
	}
	if len(passphrase) == 0 {
		return nil, fmt.Errorf("%w; enter the passphrase to unlock it", ErrPassphrase)
	}
	signer, err = ssh.ParsePrivateKeyWithPassphrase(pemBytes, passphrase)
	if errors.Is(err, x509.IncorrectPasswordError) {
		return nil, errors.New("the passphrase is wrong; try again")
	}
	if err != nil {
		return nil, fmt.Errorf("cannot decrypt the private key: %v; check the passphrase and the key file", err)
	}
	return signer, nil
}

// GenerateEd25519 makes a new ed25519 key pair from rand (crypto/rand when
// rand is nil). It returns the private key in OpenSSH PEM format, as
// ssh.MarshalPrivateKey writes it and ssh-keygen reads it, unencrypted, and
// the public key as one authorized_keys line "ssh-ed25519 AAAA... comment\n"
// (without the comment when comment is empty). The comment must be a single
// line.
func GenerateEd25519(comment string, rand io.Reader) (private []byte, authorizedKey []byte, err error) {
	if strings.ContainsAny(comment, "\r\n") {
		return nil, nil, errors.New("the key comment has a line break; use a single-line comment")
	}
	pub, priv, err := ed25519.GenerateKey(rand)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot generate an ed25519 key: %v; check the random source", err)
	}
	block, err := ssh.MarshalPrivateKey(priv, comment)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot encode the private key: %v; this is a bug, please report it", err)
	}
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot encode the public key: %v; this is a bug, please report it", err)
	}
	line := bytes.TrimSuffix(ssh.MarshalAuthorizedKey(sshPub), []byte("\n"))
	comment = strings.TrimSpace(comment)
	if comment != "" {
		line = append(line, ' ')
		line = append(line, comment...)
	}
	line = append(line, '\n')
	return pem.EncodeToMemory(block), line, nil
}

// SameKey reports whether a and b are the same public key, by comparing
// their wire encodings. Two nil keys are the same; a nil key and a non-nil
// key are not.
func SameKey(a, b ssh.PublicKey) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return bytes.Equal(a.Marshal(), b.Marshal())
}
