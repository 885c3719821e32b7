package sitetest

import (
	"crypto/rand"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/sshsig"
)

// AuthorizedKey is the key's line for people.toml.
func (k Key) AuthorizedKey() string {
	signer, err := sshsig.NewSigner(k.Private)
	if err != nil {
		panic(err)
	}
	return sshsig.AuthorizedKey(signer.PublicKey())
}

func signText(k Key, text []byte) ([]byte, error) {
	signer, err := sshsig.NewSigner(k.Private)
	if err != nil {
		return nil, err
	}
	return sshsig.Sign(signer, sshsig.Namespace, text, rand.Reader)
}

// Signer is the key as a signer, for generator.SignOff.
func (k Key) Signer() content.Signer {
	s, err := sshsig.NewSigner(k.Private)
	if err != nil {
		panic(err)
	}
	return s
}
