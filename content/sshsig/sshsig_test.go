package sshsig

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/ssh"
)

// testKeys holds one signer per supported key type, generated once.
var testKeys = sync.OnceValue(func() map[string]ssh.Signer {
	keys := map[string]crypto.Signer{}
	keys["ed25519"] = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	for name, curve := range map[string]elliptic.Curve{
		"ecdsa-p256": elliptic.P256(),
		"ecdsa-p384": elliptic.P384(),
		"ecdsa-p521": elliptic.P521(),
	} {
		k, err := ecdsa.GenerateKey(curve, rand.Reader)
		if err != nil {
			panic(err)
		}
		keys[name] = k
	}
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	keys["rsa"] = k

	out := map[string]ssh.Signer{}
	for name, k := range keys {
		s, err := ssh.NewSignerFromKey(k)
		if err != nil {
			panic(err)
		}
		out[name] = s
	}
	return out
})

var keyNames = []string{"ed25519", "ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "rsa"}

func testSigner(t testing.TB, name string) ssh.Signer {
	t.Helper()
	s, ok := testKeys()[name]
	if !ok {
		t.Fatalf("no test key %q", name)
	}
	return s
}

// fields is a parsed SSHSIG blob, for tests that build altered blobs.
type fields struct {
	magic     []byte
	version   uint32
	publicKey []byte
	namespace []byte
	reserved  []byte
	hashAlg   []byte
	signature []byte
}

func parseFields(t testing.TB, blob []byte) fields {
	t.Helper()
	if len(blob) < len(magic) {
		t.Fatalf("blob too short: %d bytes", len(blob))
	}
	f := fields{magic: blob[:len(magic)]}
	r := &reader{b: blob[len(magic):]}
	f.version = r.uint32()
	f.publicKey = r.string()
	f.namespace = r.string()
	f.reserved = r.string()
	f.hashAlg = r.string()
	f.signature = r.string()
	if r.bad || len(r.b) != 0 {
		t.Fatalf("cannot parse blob %x", blob)
	}
	return f
}

func (f fields) marshal() []byte {
	out := append([]byte(nil), f.magic...)
	out = binary.BigEndian.AppendUint32(out, f.version)
	out = appendString(out, f.publicKey)
	out = appendString(out, f.namespace)
	out = appendString(out, f.reserved)
	out = appendString(out, f.hashAlg)
	out = appendString(out, f.signature)
	return out
}

// sigFormat returns the algorithm name inside a blob's signature field.
func sigFormat(t testing.TB, blob []byte) string {
	t.Helper()
	r := &reader{b: parseFields(t, blob).signature}
	format := r.string()
	if r.bad {
		t.Fatalf("cannot parse signature of blob %x", blob)
	}
	return string(format)
}

func TestSignVerifyRoundTrip(t *testing.T) {
	tests := []struct {
		key        string
		wantFormat string
	}{
		{"ed25519", ssh.KeyAlgoED25519},
		{"ecdsa-p256", ssh.KeyAlgoECDSA256},
		{"ecdsa-p384", ssh.KeyAlgoECDSA384},
		{"ecdsa-p521", ssh.KeyAlgoECDSA521},
		{"rsa", ssh.KeyAlgoRSASHA512},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			signer := testSigner(t, tt.key)
			for _, msg := range [][]byte{nil, []byte("approve 3f2a9c"), bytes.Repeat([]byte{0, 0xff}, 5000)} {
				blob, err := Sign(signer, Namespace, msg, rand.Reader)
				if err != nil {
					t.Fatalf("Sign: %v", err)
				}
				f := parseFields(t, blob)
				if string(f.magic) != "SSHSIG" || f.version != 1 || string(f.namespace) != Namespace ||
					len(f.reserved) != 0 || string(f.hashAlg) != "sha512" {
					t.Errorf("blob header = %q v%d ns %q reserved %q hash %q", f.magic, f.version, f.namespace, f.reserved, f.hashAlg)
				}
				if got := sigFormat(t, blob); got != tt.wantFormat {
					t.Errorf("signature format = %q, want %q", got, tt.wantFormat)
				}
				pub, err := Verify(blob, Namespace, msg)
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if !SameKey(pub, signer.PublicKey()) {
					t.Errorf("Verify returned key %s, want the signer's key", ssh.FingerprintSHA256(pub))
				}
				back, err := Unarmor(Armor(blob))
				if err != nil || !bytes.Equal(back, blob) {
					t.Errorf("Unarmor(Armor(blob)) = %x, %v; want the blob", back, err)
				}
			}
		})
	}
}

func TestVerifyAcceptedVariants(t *testing.T) {
	msg := []byte("message")
	tests := []struct {
		name string
		key  string
		opts signOptions
	}{
		{"sha256 message hash", "ed25519", signOptions{hashAlg: "sha256"}},
		{"sha256 message hash ecdsa", "ecdsa-p256", signOptions{hashAlg: "sha256"}},
		{"non-empty reserved field", "ed25519", signOptions{hashAlg: "sha512", reserved: []byte("future")}},
		{"rsa-sha2-256", "rsa", signOptions{hashAlg: "sha512", sigAlg: ssh.KeyAlgoRSASHA256}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signer := testSigner(t, tt.key)
			blob, err := sign(signer, Namespace, msg, rand.Reader, tt.opts)
			if err != nil {
				t.Fatalf("sign: %v", err)
			}
			pub, err := Verify(blob, Namespace, msg)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if !SameKey(pub, signer.PublicKey()) {
				t.Errorf("Verify returned the wrong key")
			}
			if _, err := Verify(blob, Namespace, []byte("other")); err == nil {
				t.Errorf("Verify accepted a different message")
			}
		})
	}
}

func TestVerifyRejects(t *testing.T) {
	msg := []byte("approve change 42")
	good := func(t *testing.T, key string) []byte {
		t.Helper()
		blob, err := Sign(testSigner(t, key), Namespace, msg, rand.Reader)
		if err != nil {
			t.Fatalf("Sign: %v", err)
		}
		return blob
	}
	alter := func(t *testing.T, key string, change func(*fields)) []byte {
		t.Helper()
		f := parseFields(t, good(t, key))
		change(&f)
		return f.marshal()
	}
	signWith := func(t *testing.T, key string, ns string, opts signOptions) []byte {
		t.Helper()
		blob, err := sign(testSigner(t, key), ns, msg, rand.Reader, opts)
		if err != nil {
			t.Fatalf("sign: %v", err)
		}
		return blob
	}

	tests := []struct {
		name    string
		blob    func(t *testing.T) []byte
		ns      string
		msg     []byte
		wantErr string
	}{
		{"other namespace", func(t *testing.T) []byte { return good(t, "ed25519") }, "file", msg, "namespace"},
		{"signed for other namespace", func(t *testing.T) []byte { return signWith(t, "ed25519", "git", signOptions{hashAlg: "sha512"}) }, Namespace, msg, "namespace"},
		{"empty expected namespace", func(t *testing.T) []byte { return good(t, "ed25519") }, "", msg, "namespace is empty"},
		{"different message", func(t *testing.T) []byte { return good(t, "ed25519") }, Namespace, []byte("approve change 43"), "does not match"},
		{"different message rsa", func(t *testing.T) []byte { return good(t, "rsa") }, Namespace, []byte("approve change 43"), "does not match"},
		{"different message ecdsa", func(t *testing.T) []byte { return good(t, "ecdsa-p384") }, Namespace, nil, "does not match"},
		{"empty blob", func(t *testing.T) []byte { return nil }, Namespace, msg, "not an SSHSIG"},
		{"garbage", func(t *testing.T) []byte { return []byte("this is not a signature at all, just text") }, Namespace, msg, "not an SSHSIG"},
		{"armored instead of raw", func(t *testing.T) []byte { return Armor(good(t, "ed25519")) }, Namespace, msg, "not an SSHSIG"},
		{"magic only", func(t *testing.T) []byte { return []byte("SSHSIG") }, Namespace, msg, "truncated"},
		{"trailing byte", func(t *testing.T) []byte { return append(good(t, "ed25519"), 0) }, Namespace, msg, "after its end"},
		{"trailing string", func(t *testing.T) []byte { return appendString(good(t, "ed25519"), []byte("x")) }, Namespace, msg, "after its end"},
		{"trailing bytes inside signature", func(t *testing.T) []byte {
			return alter(t, "ed25519", func(f *fields) { f.signature = append(f.signature, 1, 2, 3) })
		}, Namespace, msg, "truncated"},
		{"wrong magic", func(t *testing.T) []byte { return alter(t, "ed25519", func(f *fields) { f.magic = []byte("SSHSIH") }) }, Namespace, msg, "not an SSHSIG"},
		{"version 0", func(t *testing.T) []byte { return alter(t, "ed25519", func(f *fields) { f.version = 0 }) }, Namespace, msg, "version 0"},
		{"version 2", func(t *testing.T) []byte { return alter(t, "ed25519", func(f *fields) { f.version = 2 }) }, Namespace, msg, "version 2"},
		{"namespace field changed", func(t *testing.T) []byte {
			return alter(t, "ed25519", func(f *fields) { f.namespace = []byte("rounds-review@v2") })
		}, "rounds-review@v2", msg, "does not match"},
		{"reserved field added", func(t *testing.T) []byte {
			return alter(t, "ed25519", func(f *fields) { f.reserved = []byte("x") })
		}, Namespace, msg, "does not match"},
		{"hash relabelled sha256", func(t *testing.T) []byte {
			return alter(t, "ed25519", func(f *fields) { f.hashAlg = []byte("sha256") })
		}, Namespace, msg, "does not match"},
		{"hash sha1", func(t *testing.T) []byte { return alter(t, "ed25519", func(f *fields) { f.hashAlg = []byte("sha1") }) }, Namespace, msg, "hash algorithm"},
		{"hash empty", func(t *testing.T) []byte { return alter(t, "ed25519", func(f *fields) { f.hashAlg = nil }) }, Namespace, msg, "hash algorithm"},
		{"bad public key", func(t *testing.T) []byte {
			return alter(t, "ed25519", func(f *fields) { f.publicKey = []byte("nonsense") })
		}, Namespace, msg, "public key"},
		{"public key of other type", func(t *testing.T) []byte {
			return alter(t, "ed25519", func(f *fields) { f.publicKey = testSigner(t, "ecdsa-p256").PublicKey().Marshal() })
		}, Namespace, msg, "does not match"},
		{"public key swapped", func(t *testing.T) []byte {
			other, _, err := ed25519.GenerateKey(rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			pub, err := ssh.NewPublicKey(other)
			if err != nil {
				t.Fatal(err)
			}
			return alter(t, "ed25519", func(f *fields) { f.publicKey = pub.Marshal() })
		}, Namespace, msg, "does not match"},
		{"rsa with sha1 (ssh-rsa)", func(t *testing.T) []byte {
			return signWith(t, "rsa", Namespace, signOptions{hashAlg: "sha512", sigAlg: ssh.KeyAlgoRSA})
		}, Namespace, msg, "ssh-rsa"},
		{"empty signature", func(t *testing.T) []byte { return alter(t, "ed25519", func(f *fields) { f.signature = nil }) }, Namespace, msg, "truncated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blob := tt.blob(t)
			pub, err := Verify(blob, tt.ns, tt.msg)
			if err == nil {
				t.Fatalf("Verify accepted the blob, key %v", pub)
			}
			if pub != nil {
				t.Errorf("Verify returned a key along with error %v", err)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not mention %q", err, tt.wantErr)
			}
			if msg := err.Error(); msg != strings.TrimSpace(msg) || strings.Contains(msg, "\n") || msg[:1] != strings.ToLower(msg[:1]) {
				t.Errorf("error %q is not a lower-case one-liner", msg)
			}
		})
	}
}

func TestVerifyRejectsTruncation(t *testing.T) {
	msg := []byte("truncate me")
	for _, key := range keyNames {
		t.Run(key, func(t *testing.T) {
			blob, err := Sign(testSigner(t, key), Namespace, msg, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Verify(blob, Namespace, msg); err != nil {
				t.Fatalf("full blob rejected: %v", err)
			}
			for n := 0; n < len(blob); n++ {
				if pub, err := Verify(blob[:n], Namespace, msg); err == nil || pub != nil {
					t.Errorf("blob truncated to %d of %d bytes: key %v, err %v", n, len(blob), pub, err)
				}
			}
		})
	}
}

func TestVerifyRejectsFlippedByte(t *testing.T) {
	msg := []byte("flip me")
	for _, key := range keyNames {
		t.Run(key, func(t *testing.T) {
			blob, err := Sign(testSigner(t, key), Namespace, msg, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			for i := range blob {
				for _, mask := range []byte{0x01, 0x80} {
					bad := bytes.Clone(blob)
					bad[i] ^= mask
					if pub, err := Verify(bad, Namespace, msg); err == nil || pub != nil {
						t.Errorf("byte %d of %d xor %#x: key %v, err %v", i, len(blob), mask, pub, err)
					}
				}
			}
		})
	}
}

func TestVerifyReportsSigningKey(t *testing.T) {
	msg := []byte("who signed this?")
	expected := testSigner(t, "ed25519").PublicKey()
	for _, key := range keyNames[1:] {
		t.Run(key, func(t *testing.T) {
			other := testSigner(t, key)
			blob, err := Sign(other, Namespace, msg, rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			pub, err := Verify(blob, Namespace, msg)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if !SameKey(pub, other.PublicKey()) {
				t.Errorf("Verify returned %s, want the signing key %s", ssh.FingerprintSHA256(pub), ssh.FingerprintSHA256(other.PublicKey()))
			}
			if SameKey(pub, expected) {
				t.Errorf("a signature by %s reported as made by the expected key", key)
			}
		})
	}
}

// plainSigner hides every method but those of ssh.Signer.
type plainSigner struct{ s ssh.Signer }

func (p plainSigner) PublicKey() ssh.PublicKey { return p.s.PublicKey() }
func (p plainSigner) Sign(r io.Reader, data []byte) (*ssh.Signature, error) {
	return p.s.Sign(r, data)
}

// lyingSigner claims to sign with any algorithm but always uses ssh-rsa.
type lyingSigner struct{ s ssh.AlgorithmSigner }

func (l lyingSigner) PublicKey() ssh.PublicKey { return l.s.PublicKey() }
func (l lyingSigner) Sign(r io.Reader, data []byte) (*ssh.Signature, error) {
	return l.s.SignWithAlgorithm(r, data, ssh.KeyAlgoRSA)
}
func (l lyingSigner) SignWithAlgorithm(r io.Reader, data []byte, _ string) (*ssh.Signature, error) {
	return l.Sign(r, data)
}

func TestSignErrors(t *testing.T) {
	rsaSigner := testSigner(t, "rsa")
	restricted, err := ssh.NewSignerWithAlgorithms(rsaSigner.(ssh.AlgorithmSigner), []string{ssh.KeyAlgoRSASHA256})
	if err != nil {
		t.Fatal(err)
	}
	allowed512, err := ssh.NewSignerWithAlgorithms(rsaSigner.(ssh.AlgorithmSigner), []string{ssh.KeyAlgoRSASHA512})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		signer  ssh.Signer
		ns      string
		wantErr string // empty: must succeed
	}{
		{"nil signer", nil, Namespace, "no signing key"},
		{"empty namespace", testSigner(t, "ed25519"), "", "namespace is empty"},
		{"rsa signer without algorithm choice", plainSigner{rsaSigner}, Namespace, "cannot choose"},
		{"rsa signer restricted to rsa-sha2-256", restricted, Namespace, "does not allow rsa-sha2-512"},
		{"rsa signer that ignores the algorithm", lyingSigner{rsaSigner.(ssh.AlgorithmSigner)}, Namespace, "instead of rsa-sha2-512"},
		{"rsa signer restricted to rsa-sha2-512", allowed512, Namespace, ""},
		{"plain ed25519 signer", plainSigner{testSigner(t, "ed25519")}, Namespace, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blob, err := Sign(tt.signer, tt.ns, []byte("m"), rand.Reader)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Sign: %v", err)
				}
				if _, err := Verify(blob, tt.ns, []byte("m")); err != nil {
					t.Fatalf("Verify: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Sign succeeded, want error mentioning %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not mention %q", err, tt.wantErr)
			}
		})
	}
}

func TestSameKey(t *testing.T) {
	a := testSigner(t, "ed25519").PublicKey()
	b := testSigner(t, "ecdsa-p256").PublicKey()
	aAgain, err := ssh.ParsePublicKey(a.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		a, b ssh.PublicKey
		want bool
	}{
		{"same key", a, a, true},
		{"same key reparsed", a, aAgain, true},
		{"different keys", a, b, false},
		{"nil and key", nil, a, false},
		{"key and nil", a, nil, false},
		{"both nil", nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SameKey(tt.a, tt.b); got != tt.want {
				t.Errorf("SameKey = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestArmor(t *testing.T) {
	for _, n := range []int{1, 2, 3, 51, 52, 53, 104, 105, 106, 300, 1000} {
		blob := make([]byte, n)
		for i := range blob {
			blob[i] = byte(i*31 + n)
		}
		armored := Armor(blob)
		s := string(armored)
		if !strings.HasPrefix(s, "-----BEGIN SSH SIGNATURE-----\n") || !strings.HasSuffix(s, "\n-----END SSH SIGNATURE-----\n") {
			t.Errorf("%d bytes: bad framing:\n%s", n, s)
		}
		lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
		body := lines[1 : len(lines)-1]
		for i, line := range body {
			if len(line) > 70 || (i < len(body)-1 && len(line) != 70) || line == "" {
				t.Errorf("%d bytes: line %d has %d characters", n, i, len(line))
			}
		}
		back, err := Unarmor(armored)
		if err != nil || !bytes.Equal(back, blob) {
			t.Errorf("%d bytes: Unarmor(Armor) = %x, %v", n, back, err)
		}
	}
}

func TestUnarmor(t *testing.T) {
	blob := bytes.Repeat([]byte("0123456789"), 20)
	armored := string(Armor(blob))
	crlf := strings.ReplaceAll(armored, "\n", "\r\n")
	body := strings.TrimSuffix(strings.TrimPrefix(armored, "-----BEGIN SSH SIGNATURE-----\n"), "-----END SSH SIGNATURE-----\n")
	tests := []struct {
		name    string
		in      string
		wantErr string // empty: must return blob
	}{
		{"canonical", armored, ""},
		{"CRLF", crlf, ""},
		{"CRLF without final newline", strings.TrimSuffix(crlf, "\r\n"), ""},
		{"surrounding whitespace", "\n\n  \t" + armored + "\n  \n", ""},
		{"surrounding whitespace CRLF", "\r\n  " + crlf + "\r\n\r\n", ""},
		{"indented lines", strings.ReplaceAll(armored, "\n", "\n   "), ""},
		{"one long base64 line", "-----BEGIN SSH SIGNATURE-----\n" + strings.ReplaceAll(body, "\n", "") + "\n-----END SSH SIGNATURE-----", ""},
		{"empty input", "", "does not start"},
		{"only whitespace", " \r\n\t", "does not start"},
		{"raw base64", body, "does not start"},
		{"text before", "hello\n" + armored, "does not start"},
		{"wrong label", strings.ReplaceAll(armored, "SSH SIGNATURE", "PGP SIGNATURE"), "does not start"},
		{"missing end", strings.TrimSuffix(armored, "-----END SSH SIGNATURE-----\n"), "does not end"},
		{"begin only", "-----BEGIN SSH SIGNATURE-----\n", "does not end"},
		{"text after", armored + "trailer\n", "does not end"},
		{"empty body", "-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n", "empty"},
		{"bad base64 character", strings.Replace(armored, "MDEy", "MD!y", 1), "base64"},
		{"bad base64 length", strings.Replace(armored, "MDEy", "MDE", 1), "base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Unarmor([]byte(tt.in))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Unarmor: %v", err)
				}
				if !bytes.Equal(got, blob) {
					t.Fatalf("Unarmor = %q, want %q", got, blob)
				}
				return
			}
			if err == nil {
				t.Fatalf("Unarmor accepted bad input, returned %x", got)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not mention %q", err, tt.wantErr)
			}
		})
	}
}

// TestGolden checks signatures that OpenSSH's ssh-keygen -Y sign wrote
// into testdata, so that interoperability is tested even where ssh-keygen
// is not installed.
func TestGolden(t *testing.T) {
	msg, err := os.ReadFile("testdata/message.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		sig, pub   string
		ns         string
		wantErr    string
		wantFormat string
	}{
		{"ed25519.sig", "ed25519.pub", Namespace, "", ssh.KeyAlgoED25519},
		{"ed25519-sha256.sig", "ed25519.pub", Namespace, "", ssh.KeyAlgoED25519},
		{"ecdsa-p256.sig", "ecdsa-p256.pub", Namespace, "", ssh.KeyAlgoECDSA256},
		{"ecdsa-p384.sig", "ecdsa-p384.pub", Namespace, "", ssh.KeyAlgoECDSA384},
		{"ecdsa-p521.sig", "ecdsa-p521.pub", Namespace, "", ssh.KeyAlgoECDSA521},
		{"rsa.sig", "rsa.pub", Namespace, "", ssh.KeyAlgoRSASHA512},
		{"ed25519-ns-file.sig", "ed25519.pub", "file", "", ssh.KeyAlgoED25519},
		{"ed25519-ns-file.sig", "ed25519.pub", Namespace, "namespace", ssh.KeyAlgoED25519},
		{"ed25519.sig", "ed25519.pub", "file", "namespace", ssh.KeyAlgoED25519},
	}
	for _, tt := range tests {
		t.Run(tt.sig+"/"+tt.ns, func(t *testing.T) {
			armored, err := os.ReadFile(filepath.Join("testdata", tt.sig))
			if err != nil {
				t.Fatal(err)
			}
			blob, err := Unarmor(armored)
			if err != nil {
				t.Fatalf("Unarmor: %v", err)
			}
			if !bytes.Equal(Armor(blob), armored) {
				t.Errorf("Armor does not reproduce ssh-keygen's armor:\n%s\nwant:\n%s", Armor(blob), armored)
			}
			if got := sigFormat(t, blob); got != tt.wantFormat {
				t.Errorf("ssh-keygen signed with %q, want %q", got, tt.wantFormat)
			}
			want := readPublicKey(t, filepath.Join("testdata", tt.pub))
			pub, err := Verify(blob, tt.ns, msg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Verify error = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if !SameKey(pub, want) {
				t.Errorf("Verify returned %s, want %s", ssh.FingerprintSHA256(pub), ssh.FingerprintSHA256(want))
			}
			if _, err := Verify(blob, tt.ns, append(bytes.Clone(msg), '!')); err == nil {
				t.Errorf("Verify accepted a changed message")
			}
		})
	}
}

func readPublicKey(t testing.TB, path string) ssh.PublicKey {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pub, _, _, _, err := ssh.ParseAuthorizedKey(b)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return pub
}

func TestParsePrivateKey(t *testing.T) {
	edPriv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, ed25519.SeedSize))
	wantPub, err := ssh.NewPublicKey(edPriv.Public())
	if err != nil {
		t.Fatal(err)
	}
	encBlock, err := ssh.MarshalPrivateKeyWithPassphrase(edPriv, "enc", []byte("correct horse"))
	if err != nil {
		t.Fatal(err)
	}
	encrypted := pem.EncodeToMemory(encBlock)
	plainBlock, err := ssh.MarshalPrivateKey(edPriv, "plain")
	if err != nil {
		t.Fatal(err)
	}
	plain := pem.EncodeToMemory(plainBlock)

	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	rsaPub, err := ssh.NewPublicKey(&rsaKey.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pkcs1 := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)})
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecPub, err := ssh.NewPublicKey(&ecKey.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8DER, err := x509.MarshalPKCS8PrivateKey(ecKey)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8 := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8DER})

	tests := []struct {
		name           string
		pem            []byte
		passphrase     []byte
		wantPub        ssh.PublicKey
		wantPassphrase bool   // errors.Is(err, ErrPassphrase)
		wantErr        string // empty: must succeed
	}{
		{"encrypted, nil passphrase", encrypted, nil, nil, true, "passphrase"},
		{"encrypted, empty passphrase", encrypted, []byte{}, nil, true, "passphrase"},
		{"encrypted, right passphrase", encrypted, []byte("correct horse"), wantPub, false, ""},
		{"encrypted, wrong passphrase", encrypted, []byte("battery staple"), nil, false, "passphrase is wrong"},
		{"plain, nil passphrase", plain, nil, wantPub, false, ""},
		{"plain, needless passphrase", plain, []byte("x"), wantPub, false, ""},
		{"PKCS#1 RSA", pkcs1, nil, rsaPub, false, ""},
		{"PKCS#8 ECDSA", pkcs8, nil, ecPub, false, ""},
		{"garbage", []byte("not a key"), nil, nil, false, "cannot read the private key"},
		{"public key instead", ssh.MarshalAuthorizedKey(wantPub), nil, nil, false, "cannot read the private key"},
		{"truncated key", encrypted[:len(encrypted)/2], []byte("correct horse"), nil, false, "cannot read the private key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signer, err := ParsePrivateKey(tt.pem, tt.passphrase)
			if got := errors.Is(err, ErrPassphrase); got != tt.wantPassphrase {
				t.Errorf("errors.Is(%v, ErrPassphrase) = %v, want %v", err, got, tt.wantPassphrase)
			}
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("ParsePrivateKey succeeded, want error mentioning %q", tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %q does not mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParsePrivateKey: %v", err)
			}
			if !SameKey(signer.PublicKey(), tt.wantPub) {
				t.Errorf("parsed key %s, want %s", ssh.FingerprintSHA256(signer.PublicKey()), ssh.FingerprintSHA256(tt.wantPub))
			}
			blob, err := Sign(signer, Namespace, []byte("m"), rand.Reader)
			if err != nil {
				t.Fatalf("Sign with parsed key: %v", err)
			}
			if _, err := Verify(blob, Namespace, []byte("m")); err != nil {
				t.Fatalf("Verify: %v", err)
			}
		})
	}
}

func TestGenerateEd25519(t *testing.T) {
	tests := []struct {
		name     string
		comment  string
		wantLine string // expected text after the base64 key, without newline
		wantErr  string
	}{
		{"with comment", "reviewer@rounds", " reviewer@rounds", ""},
		{"comment with spaces", "Jane Doe laptop", " Jane Doe laptop", ""},
		{"no comment", "", "", ""},
		{"newline in comment", "a\nb", "", "line break"},
		{"carriage return in comment", "a\rb", "", "line break"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			priv, authorized, err := GenerateEd25519(tt.comment, rand.Reader)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			line := string(authorized)
			if !strings.HasPrefix(line, "ssh-ed25519 AAAA") || !strings.HasSuffix(line, tt.wantLine+"\n") || strings.Count(line, "\n") != 1 {
				t.Errorf("authorized key line = %q", line)
			}
			if !bytes.HasPrefix(priv, []byte("-----BEGIN OPENSSH PRIVATE KEY-----\n")) {
				t.Errorf("private key is not OpenSSH PEM:\n%s", priv)
			}
			pub, comment, _, rest, err := ssh.ParseAuthorizedKey(authorized)
			if err != nil || len(rest) != 0 {
				t.Fatalf("ParseAuthorizedKey: %v, rest %q", err, rest)
			}
			if comment != tt.comment {
				t.Errorf("comment = %q, want %q", comment, tt.comment)
			}
			signer, err := ParsePrivateKey(priv, nil)
			if err != nil {
				t.Fatalf("ParsePrivateKey: %v", err)
			}
			if !SameKey(signer.PublicKey(), pub) {
				t.Errorf("private and public keys do not match")
			}
			blob, err := Sign(signer, Namespace, []byte("m"), rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Verify(blob, Namespace, []byte("m"))
			if err != nil || !SameKey(got, pub) {
				t.Errorf("Verify = %v, %v", got, err)
			}
		})
	}

	t.Run("uses rand", func(t *testing.T) {
		seed := bytes.Repeat([]byte{42}, ed25519.SeedSize)
		_, a1, err := GenerateEd25519("x", bytes.NewReader(seed))
		if err != nil {
			t.Fatal(err)
		}
		_, a2, err := GenerateEd25519("x", bytes.NewReader(seed))
		if err != nil {
			t.Fatal(err)
		}
		_, b, err := GenerateEd25519("x", rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a1, a2) || bytes.Equal(a1, b) {
			t.Errorf("keys from the same seed differ or equal a random key: %q %q %q", a1, a2, b)
		}
		if _, _, err := GenerateEd25519("x", bytes.NewReader(nil)); err == nil {
			t.Errorf("GenerateEd25519 with an empty random source succeeded")
		}
	})
}

// --- OpenSSH interoperability, using the real ssh-keygen binary. ---

func sshKeygen(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("ssh-keygen")
	if err != nil {
		t.Skip("ssh-keygen not found in PATH; install OpenSSH to run the interoperability tests")
	}
	return path
}

// runKeygen runs ssh-keygen with args in dir, with stdin as input, and
// returns its output and error.
func runKeygen(t *testing.T, bin, dir string, stdin []byte, args ...string) ([]byte, error) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	// Keep the user's agent and configuration out of the way.
	cmd.Env = append(os.Environ(), "SSH_AUTH_SOCK=", "HOME="+dir)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	return out.Bytes(), err
}

func mustKeygen(t *testing.T, bin, dir string, stdin []byte, args ...string) []byte {
	t.Helper()
	out, err := runKeygen(t, bin, dir, stdin, args...)
	if err != nil {
		t.Fatalf("ssh-keygen %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

var keygenTypes = []struct {
	name string
	args []string
}{
	{"ed25519", []string{"-t", "ed25519"}},
	{"ecdsa", []string{"-t", "ecdsa"}},
	{"ecdsa-p384", []string{"-t", "ecdsa", "-b", "384"}},
	{"ecdsa-p521", []string{"-t", "ecdsa", "-b", "521"}},
	{"rsa", []string{"-t", "rsa", "-b", "2048"}},
}

// TestOpenSSHSignsWeVerify signs with ssh-keygen -Y sign and verifies with
// Verify.
func TestOpenSSHSignsWeVerify(t *testing.T) {
	bin := sshKeygen(t)
	msg := []byte("rounds: approve 0123abcd\n")
	for _, kt := range keygenTypes {
		t.Run(kt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			mustKeygen(t, bin, dir, nil, append([]string{"-q", "-N", "", "-C", "interop", "-f", "k"}, kt.args...)...)
			want := readPublicKey(t, filepath.Join(dir, "k.pub"))
			if err := os.WriteFile(filepath.Join(dir, "file"), msg, 0o600); err != nil {
				t.Fatal(err)
			}

			for _, hashAlg := range []string{"sha512", "sha256"} {
				sigPath := filepath.Join(dir, "file.sig")
				os.Remove(sigPath)
				args := []string{"-Y", "sign", "-f", "k", "-n", Namespace}
				if hashAlg != "sha512" {
					args = append(args, "-O", "hashalg="+hashAlg)
				}
				mustKeygen(t, bin, dir, nil, append(args, "file")...)
				armored, err := os.ReadFile(sigPath)
				if err != nil {
					t.Fatal(err)
				}
				blob, err := Unarmor(armored)
				if err != nil {
					t.Fatalf("Unarmor: %v", err)
				}
				if got := string(parseFields(t, blob).hashAlg); got != hashAlg {
					t.Errorf("ssh-keygen used hash %q, want %q", got, hashAlg)
				}
				if kt.name == "rsa" {
					if got := sigFormat(t, blob); got != ssh.KeyAlgoRSASHA512 {
						t.Errorf("ssh-keygen signed RSA with %q", got)
					}
				}
				if !bytes.Equal(Armor(blob), armored) {
					t.Errorf("Armor does not reproduce ssh-keygen's armor")
				}
				pub, err := Verify(blob, Namespace, msg)
				if err != nil {
					t.Fatalf("%s: Verify: %v", hashAlg, err)
				}
				if !SameKey(pub, want) {
					t.Errorf("%s: Verify returned %s, want k.pub %s", hashAlg, ssh.FingerprintSHA256(pub), ssh.FingerprintSHA256(want))
				}
				if _, err := Verify(blob, Namespace, append(bytes.Clone(msg), 'x')); err == nil {
					t.Errorf("%s: Verify accepted a changed message", hashAlg)
				}
				if _, err := Verify(blob, "file", msg); err == nil {
					t.Errorf("%s: Verify accepted the wrong namespace", hashAlg)
				}
			}
		})
	}
}

// TestWeSignOpenSSHVerifies signs with Sign, using keys that ssh-keygen
// made and ParsePrivateKey read, and verifies with ssh-keygen -Y verify.
func TestWeSignOpenSSHVerifies(t *testing.T) {
	bin := sshKeygen(t)
	msg := []byte("rounds: approve 0123abcd\n")
	for _, kt := range keygenTypes {
		t.Run(kt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			mustKeygen(t, bin, dir, nil, append([]string{"-q", "-N", "", "-C", "interop", "-f", "k"}, kt.args...)...)
			pemBytes, err := os.ReadFile(filepath.Join(dir, "k"))
			if err != nil {
				t.Fatal(err)
			}
			signer, err := ParsePrivateKey(pemBytes, nil)
			if err != nil {
				t.Fatalf("ParsePrivateKey: %v", err)
			}
			checkOpenSSHVerifies(t, bin, dir, signer, msg)
		})
	}
	t.Run("GenerateEd25519", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		priv, _, err := GenerateEd25519("gen", rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		signer, err := ParsePrivateKey(priv, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkOpenSSHVerifies(t, bin, dir, signer, msg)
	})
}

func checkOpenSSHVerifies(t *testing.T, bin, dir string, signer ssh.Signer, msg []byte) {
	t.Helper()
	blob, err := Sign(signer, Namespace, msg, rand.Reader)
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	write := func(name string, data []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("file", msg)
	write("file.sig", Armor(blob))
	write("allowed_signers", []byte(`reviewer@rounds namespaces="`+Namespace+`" `+string(ssh.MarshalAuthorizedKey(signer.PublicKey()))))

	verify := func(identity, ns string, input []byte) ([]byte, error) {
		return runKeygen(t, bin, dir, input, "-Y", "verify", "-f", "allowed_signers", "-I", identity, "-n", ns, "-s", "file.sig")
	}
	if out, err := verify("reviewer@rounds", Namespace, msg); err != nil {
		t.Fatalf("ssh-keygen -Y verify rejected our signature: %v\n%s", err, out)
	}
	// The same check must fail when it should, or the test proves nothing.
	if out, err := verify("reviewer@rounds", Namespace, append(bytes.Clone(msg), 'x')); err == nil {
		t.Errorf("ssh-keygen -Y verify accepted a changed message:\n%s", out)
	}
	if out, err := verify("reviewer@rounds", "file", msg); err == nil {
		t.Errorf("ssh-keygen -Y verify accepted the wrong namespace:\n%s", out)
	}
	if out, err := verify("someone@else", Namespace, msg); err == nil {
		t.Errorf("ssh-keygen -Y verify accepted an unlisted identity:\n%s", out)
	}
}

// TestGenerateEd25519OpenSSHReads checks that ssh-keygen -y derives the
// same public key from our private key.
func TestGenerateEd25519OpenSSHReads(t *testing.T) {
	bin := sshKeygen(t)
	dir := t.TempDir()
	priv, authorized, err := GenerateEd25519("reviewer@rounds", rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "k"), priv, 0o600); err != nil {
		t.Fatal(err)
	}
	out := mustKeygen(t, bin, dir, nil, "-y", "-f", "k")
	got, _, _, _, err := ssh.ParseAuthorizedKey(out)
	if err != nil {
		t.Fatalf("parse ssh-keygen -y output %q: %v", out, err)
	}
	want, _, _, _, err := ssh.ParseAuthorizedKey(authorized)
	if err != nil {
		t.Fatal(err)
	}
	if !SameKey(got, want) {
		t.Errorf("ssh-keygen -y printed %q, GenerateEd25519 returned %q", out, authorized)
	}
	if fields := strings.Fields(string(out)); len(fields) < 2 || !strings.HasPrefix(string(authorized), fields[0]+" "+fields[1]+" ") {
		t.Errorf("ssh-keygen -y printed %q, GenerateEd25519 returned %q", out, authorized)
	}
}

// TestOpenSSHEncryptedKeys checks ParsePrivateKey on passphrase-protected
// keys written by ssh-keygen, in OpenSSH and legacy PEM format.
func TestOpenSSHEncryptedKeys(t *testing.T) {
	bin := sshKeygen(t)
	tests := []struct {
		name string
		args []string
	}{
		{"openssh ed25519", []string{"-t", "ed25519"}},
		{"openssh rsa", []string{"-t", "rsa", "-b", "2048"}},
		{"pem ecdsa", []string{"-t", "ecdsa", "-m", "PEM"}},
		{"pem rsa", []string{"-t", "rsa", "-b", "2048", "-m", "PEM"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			mustKeygen(t, bin, dir, nil, append([]string{"-q", "-N", "s3cret pass", "-f", "k"}, tt.args...)...)
			pemBytes, err := os.ReadFile(filepath.Join(dir, "k"))
			if err != nil {
				t.Fatal(err)
			}
			want := readPublicKey(t, filepath.Join(dir, "k.pub"))
			if _, err := ParsePrivateKey(pemBytes, nil); !errors.Is(err, ErrPassphrase) {
				t.Errorf("nil passphrase: err = %v, want ErrPassphrase", err)
			}
			if _, err := ParsePrivateKey(pemBytes, []byte("wrong")); err == nil || errors.Is(err, ErrPassphrase) {
				t.Errorf("wrong passphrase: err = %v, want a wrong-passphrase error", err)
			}
			signer, err := ParsePrivateKey(pemBytes, []byte("s3cret pass"))
			if err != nil {
				t.Fatalf("right passphrase: %v", err)
			}
			if !SameKey(signer.PublicKey(), want) {
				t.Errorf("decrypted key does not match k.pub")
			}
		})
	}
}
