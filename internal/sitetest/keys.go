package sitetest

import (
	"crypto/rand"

	"golang.org/x/crypto/ssh"

	"github.com/rounds-dev/rounds/content/sshsig"
)

// AuthorizedKey is the key's line for people.toml.
func (k Key) AuthorizedKey() string {
	pub, err := ssh.NewPublicKey(k.Private.Public())
	if err != nil {
		panic(err)
	}
	return string(ssh.MarshalAuthorizedKey(pub)[:len(ssh.MarshalAuthorizedKey(pub))-1])
}

func signText(k Key, text []byte) ([]byte, error) {
	signer, err := ssh.NewSignerFromKey(k.Private)
	if err != nil {
		return nil, err
	}
	return sshsig.Sign(signer, sshsig.Namespace, text, rand.Reader)
}
