package sshsig

import (
	"crypto/ed25519"
	"crypto/rand"
	"net"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// servedAgent is an in-memory ssh-agent holding keys, reached over a pipe.
func servedAgent(t *testing.T, keys ...ed25519.PrivateKey) net.Conn {
	t.Helper()
	kr := agent.NewKeyring()
	for _, k := range keys {
		if err := kr.Add(agent.AddedKey{PrivateKey: k}); err != nil {
			t.Fatal(err)
		}
	}
	client, server := net.Pipe()
	go func() { _ = agent.ServeAgent(kr, server) }()
	t.Cleanup(func() { client.Close(); server.Close() })
	return client
}

func TestAgentSigner(t *testing.T) {
	_, mine, _ := ed25519.GenerateKey(rand.Reader)
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	minePub, _ := ssh.NewPublicKey(mine.Public())
	otherPub, _ := ssh.NewPublicKey(other.Public())

	s, err := AgentSigner(servedAgent(t, other, mine), []ssh.PublicKey{minePub})
	if err != nil {
		t.Fatal(err)
	}
	if !SameKey(s.PublicKey(), minePub) {
		t.Fatal("the agent's other key was chosen")
	}
	blob, err := Sign(s, Namespace, []byte("text"), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if pub, err := Verify(blob, Namespace, []byte("text")); err != nil || !SameKey(pub, minePub) {
		t.Fatalf("verify: %v", err)
	}

	if _, err := AgentSigner(servedAgent(t, other), []ssh.PublicKey{minePub}); err == nil ||
		!strings.Contains(err.Error(), "holds 1 key(s) ("+ssh.FingerprintSHA256(otherPub)+"), none of them one of your keys") {
		t.Errorf("wrong key: %v", err)
	}
	if _, err := AgentSigner(servedAgent(t), []ssh.PublicKey{minePub}); err == nil || !strings.Contains(err.Error(), "holds no key; add yours with `ssh-add") {
		t.Errorf("empty agent: %v", err)
	}
}
