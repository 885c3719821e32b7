package sshsig

import (
	"bytes"
	"crypto/ed25519"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/ssh"
)

// goldenBlobs returns the raw blobs of the ssh-keygen signatures in
// testdata, for use as fuzz seeds.
func goldenBlobs(f *testing.F) [][]byte {
	f.Helper()
	paths, err := filepath.Glob("testdata/*.sig")
	if err != nil || len(paths) == 0 {
		f.Fatalf("no golden signatures in testdata: %v", err)
	}
	var blobs [][]byte
	for _, p := range paths {
		armored, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		blob, err := Unarmor(armored)
		if err != nil {
			f.Fatalf("%s: %v", p, err)
		}
		blobs = append(blobs, blob)
	}
	return blobs
}

func FuzzVerify(f *testing.F) {
	goldenMsg, err := os.ReadFile("testdata/message.txt")
	if err != nil {
		f.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, ed25519.SeedSize)))
	if err != nil {
		f.Fatal(err)
	}
	msg := []byte("fuzz message")
	valid, err := Sign(signer, Namespace, msg, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid, msg)
	f.Add(valid[:len(valid)/2], msg)
	f.Add(append(bytes.Clone(valid), 0, 0, 0, 0), msg)
	for _, blob := range goldenBlobs(f) {
		f.Add(blob, goldenMsg)
	}
	f.Add([]byte{}, []byte{})
	f.Add([]byte("SSHSIG"), msg)
	f.Add([]byte("SSHSIG\x00\x00\x00\x01\xff\xff\xff\xff"), msg)
	f.Add([]byte("SSHSIG\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"), msg)
	f.Add([]byte("\x00\x01\x02garbage\xff\xfe"), msg)

	f.Fuzz(func(t *testing.T, blob, message []byte) {
		pub, err := Verify(blob, Namespace, message)
		if err != nil {
			if pub != nil {
				t.Fatalf("Verify returned a key with error %v", err)
			}
			return
		}
		if pub == nil {
			t.Fatal("Verify succeeded without a key")
		}
		// A valid signature must not carry over to another namespace or
		// message.
		if _, err := Verify(blob, "file", message); err == nil {
			t.Fatal("signature verified in a second namespace")
		}
		if _, err := Verify(blob, Namespace, append(bytes.Clone(message), 0)); err == nil {
			t.Fatal("signature verified for a second message")
		}
		if _, err := Verify(blob[:len(blob)-1], Namespace, message); err == nil {
			t.Fatal("truncated signature verified")
		}
	})
}

func FuzzUnarmor(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n"))
	f.Add([]byte("-----BEGIN SSH SIGNATURE-----\r\nU1NIU0lH\r\n-----END SSH SIGNATURE-----\r\n"))
	f.Add([]byte("-----BEGIN SSH SIGNATURE-----\nU1N!U0lH\n-----END SSH SIGNATURE-----"))
	f.Add(Armor([]byte("SSHSIG")))
	for _, p := range []string{"testdata/ed25519.sig", "testdata/rsa.sig"} {
		armored, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(armored)
	}

	f.Fuzz(func(t *testing.T, armored []byte) {
		blob, err := Unarmor(armored)
		if err != nil {
			return
		}
		if len(blob) == 0 {
			t.Fatal("Unarmor returned an empty blob without error")
		}
		again := Armor(blob)
		back, err := Unarmor(again)
		if err != nil {
			t.Fatalf("Unarmor(Armor(blob)): %v", err)
		}
		if !bytes.Equal(back, blob) {
			t.Fatalf("Unarmor(Armor(blob)) = %x, want %x", back, blob)
		}
		if !bytes.Equal(Armor(back), again) {
			t.Fatal("Armor is not deterministic")
		}
	})
}
