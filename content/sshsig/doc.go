// Package sshsig signs and verifies messages in OpenSSH's SSHSIG format,
// the format that "ssh-keygen -Y sign" writes and "ssh-keygen -Y verify"
// checks (see PROTOCOL.sshsig in the OpenSSH sources).
//
// A raw SSHSIG blob is
//
//	byte[6]  "SSHSIG"
//	uint32   1 (the version)
//	string   public key
//	string   namespace
//	string   reserved
//	string   hash algorithm ("sha512" or "sha256")
//	string   signature
//
// and the signature is made over
//
//	byte[6]  "SSHSIG"
//	string   namespace
//	string   reserved
//	string   hash algorithm
//	string   H(message)
//
// where H is the named hash algorithm. The namespace keeps a signature made
// for one purpose (here, rounds sign-offs in [Namespace]) from being
// accepted for another.
//
// [Sign] and [Verify] work on raw blobs; [Armor] and [Unarmor] convert to
// and from the "-----BEGIN SSH SIGNATURE-----" text form that ssh-keygen
// reads and writes. [Sign] always hashes with SHA-512 and signs RSA keys
// with rsa-sha2-512; [Verify] accepts SHA-512 and SHA-256 message hashes
// and refuses SHA-1 based signatures (ssh-rsa and ssh-dss).
//
// [ParsePrivateKey] and [GenerateEd25519] cover the key handling a command
// line tool needs around signing, and [SameKey] compares the key returned
// by [Verify] with the key a caller expected.
package sshsig
