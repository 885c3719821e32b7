package sshsig

import (
	"fmt"
	"io"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// AgentSigner returns a signer for the first key of want that the
// ssh-agent at the other end of conn holds: a reviewer's keys from
// people.toml, in their order. The private key never leaves the agent
// (or the security key behind it); conn must stay open while the signer
// is used. The error says how many keys the agent holds and what to do
// when none of them is wanted.
func AgentSigner(conn io.ReadWriter, want []ssh.PublicKey) (ssh.Signer, error) {
	signers, err := agent.NewClient(conn).Signers()
	if err != nil {
		return nil, fmt.Errorf("the ssh-agent did not list its keys: %v", err)
	}
	for _, w := range want {
		for _, s := range signers {
			if SameKey(w, s.PublicKey()) {
				return s, nil
			}
		}
	}
	if len(signers) == 0 {
		return nil, fmt.Errorf("the ssh-agent holds no key; add yours with `ssh-add ~/.ssh/id_ed25519` (or `ssh-add -K` for a security key), or give --key FILE")
	}
	var fps []string
	for _, s := range signers {
		fps = append(fps, ssh.FingerprintSHA256(s.PublicKey()))
	}
	return nil, fmt.Errorf("the ssh-agent holds %d key(s) (%s), none of them one of your keys in people.toml; add the right one with `ssh-add FILE`, or give --key FILE",
		len(signers), strings.Join(fps, ", "))
}
