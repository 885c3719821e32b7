package sshsig

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// skSign is a software authenticator in the FIDO/U2F form OpenSSH uses
// for sk-ssh-ed25519@openssh.com keys (PROTOCOL.u2f): the key signs
// SHA-256(application) || flags || counter || SHA-256(message), and the
// SSH signature carries flags and counter after the Ed25519 signature.
// It makes the test vectors below; the real ssh-keygen checks them.
func skSign(t *testing.T, priv ed25519.PrivateKey, app string, flags byte, counter uint32, ns string, msg []byte) (pubWire, blob []byte) {
	t.Helper()
	pubWire = appendString(nil, []byte(ssh.KeyAlgoSKED25519))
	pubWire = appendString(pubWire, priv.Public().(ed25519.PublicKey))
	pubWire = appendString(pubWire, []byte(app))
	h := sha512.Sum512(msg)
	data := signedData(ns, nil, hashSHA512, h[:])
	appHash, dataHash := sha256.Sum256([]byte(app)), sha256.Sum256(data)
	var tbs []byte
	tbs = append(tbs, appHash[:]...)
	tbs = append(tbs, flags)
	tbs = binary.BigEndian.AppendUint32(tbs, counter)
	tbs = append(tbs, dataHash[:]...)
	sigWire := appendString(nil, []byte(ssh.KeyAlgoSKED25519))
	sigWire = appendString(sigWire, ed25519.Sign(priv, tbs))
	sigWire = append(sigWire, flags)
	sigWire = binary.BigEndian.AppendUint32(sigWire, counter)
	blob = append([]byte(magic), 0, 0, 0, version)
	blob = appendString(blob, pubWire)
	blob = appendString(blob, []byte(ns))
	blob = appendString(blob, nil)
	blob = appendString(blob, []byte(hashSHA512))
	blob = appendString(blob, sigWire)
	return pubWire, blob
}

// TestSecurityKeySignature (issue 21 item 4): an sk-ssh-ed25519 signature
// with the user-presence flag verifies, here and with ssh-keygen -Y
// verify (the vectors are made by skSign above, checked by OpenSSH's own
// ssh-keygen); without the flag, or with a changed counter, rounds
// refuses it.
func TestSecurityKeySignature(t *testing.T) {
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, ed25519.SeedSize))
	msg := []byte("rounds-review-v2\ndigest: sha256v2:00\nrole: medical\nreviewer: medic\ndate: 2026-11-20\n")
	pubWire, blob := skSign(t, priv, "ssh:", skUserPresent, 42, Namespace, msg)
	pub, err := Verify(blob, Namespace, msg)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if pub.Type() != ssh.KeyAlgoSKED25519 || !bytes.Equal(pub.Marshal(), pubWire) {
		t.Fatalf("verified by %s", pub.Type())
	}
	_, untouched := skSign(t, priv, "ssh:", 0, 42, Namespace, msg)
	if _, err := Verify(untouched, Namespace, msg); err == nil || !strings.Contains(err.Error(), "without user presence") {
		t.Errorf("no user presence: %v", err)
	}
	tampered := bytes.Clone(blob)
	tampered[len(tampered)-1] ^= 1 // the counter, which the signature covers
	if _, err := Verify(tampered, Namespace, msg); err == nil {
		t.Error("a changed counter verifies")
	}

	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		t.Skip("ssh-keygen is not installed")
	}
	dir := t.TempDir()
	allowed := "medic " + strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub))) + "\n"
	for name, data := range map[string][]byte{"allowed_signers": []byte(allowed), "msg": msg, "msg.sig": Armor(blob)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	verify := func(sig string) (string, error) {
		cmd := exec.Command("ssh-keygen", "-Y", "verify", "-f", "allowed_signers", "-I", "medic", "-n", Namespace, "-s", sig)
		cmd.Dir = dir
		cmd.Stdin = bytes.NewReader(msg)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := verify("msg.sig"); err != nil || !strings.HasPrefix(out, `Good "rounds-review@v1" signature for medic with ED25519-SK key`) {
		t.Errorf("ssh-keygen -Y verify: %v\n%s", err, out)
	}
	// ssh-keygen -Y verify does not look at the user-presence flag (it
	// says Good to an untouched signature); rounds' gate is stricter.
}
