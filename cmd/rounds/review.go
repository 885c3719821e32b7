package main

import (
	"crypto/rand"
	"errors"
	"fmt"
	"maps"
	"net"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/term"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/diag"
	"github.com/rounds-dev/rounds/content/sshsig"
	"github.com/rounds-dev/rounds/generator"
)

func runReview(e *env, args []string) int {
	f := newFlags(e, "review")
	var sf siteFlags
	sf.register(f, true)
	reviewer := f.String("reviewer", "", "your `ID` in people.toml")
	role := f.String("role", "", "the `ROLE` you sign in, such as medical or compliance")
	keyFile := f.String("key", "", "your SSH private key `FILE` (default: your key in the ssh-agent at SSH_AUTH_SOCK, else ~/.ssh/id_ed25519)")
	export := f.String("export", "", "write what an auditor needs to verify the sign-offs of `PATH`")
	outDir := f.String("o", "", "with --export: the `DIR` to write to")
	frame := f.Bool("frame", false, "sign off the site's frame (rounds.toml, people.toml, layouts/, themes/, static/, i18n/, data/, paths/) instead of modules")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if *frame {
		if len(pos) > 0 || *reviewer == "" || *role == "" || *export != "" {
			fmt.Fprintln(e.stderr, "rounds review: --frame takes no paths, and needs --reviewer ID and --role ROLE")
			return exitUsage
		}
		return reviewFrame(e, &sf, *reviewer, *role, *keyFile)
	}
	if *export != "" {
		if *outDir == "" || len(pos) > 0 {
			fmt.Fprintln(e.stderr, "rounds review: --export PATH needs -o DIR and no other paths")
			return exitUsage
		}
		return exportReviews(e, &sf, *export, *outDir)
	}
	if len(pos) == 0 || *reviewer == "" || *role == "" {
		fmt.Fprintln(e.stderr, "rounds review: give the modules to sign, --reviewer ID and --role ROLE")
		f.Usage()
		return exitUsage
	}
	today, ok := sf.today(e)
	if !ok {
		return exitUsage
	}
	// Every page rendered, as the dev server does: a link to a module
	// still waiting for its own sign-off is not held against this one,
	// a link to a missing page or anchor is (the link rule of the gate).
	c, l, code := runGate(e, &sf, gateOptions{preview: true})
	if c == nil {
		printDiags(e.stderr, l)
		return code
	}
	person := c.Config.People.ByID[*reviewer]
	switch {
	case person == nil:
		fmt.Fprintf(e.stderr, "rounds review: %q is not in people.toml; add yourself as [[person]] with your key first\n", *reviewer)
		return exitRefused
	case !person.HasRole(*role):
		fmt.Fprintf(e.stderr, "rounds review: %s does not hold the role %q in people.toml (roles: %s)\n", *reviewer, *role, strings.Join(person.Roles, ", "))
		return exitRefused
	}
	signer, done, err := loadSigner(e, *keyFile, person)
	if err != nil {
		fmt.Fprintf(e.stderr, "rounds review: %v\n", err)
		return exitOther
	}
	defer done()
	if why := person.CanSign(signer.PublicKey(), today); why != "" && person.Key(signer.PublicKey()) != nil {
		fmt.Fprintf(e.stderr, "rounds review: the key %s %s\n  help: sign with one of %s's current keys; a new key is added to people.toml through review, like any change to the frame\n",
			ssh.FingerprintSHA256(signer.PublicKey()), why, *reviewer)
		return exitRefused
	} else if why != "" {
		// Never "add this key": a key added to people.toml by whoever
		// holds it is how a hostile author would sign as a reviewer.
		fmt.Fprintf(e.stderr, "rounds review: the key %s is not one of %s's keys in people.toml\n"+
			"  help: sign with your own key (--key FILE, the private key of one of %s's keys); if your key is really new, "+
			"add it to people.toml and have that change reviewed like any change to the frame (rounds review --frame) before you sign with it\n",
			ssh.FingerprintSHA256(signer.PublicKey()), *reviewer, *reviewer)
		return exitRefused
	}
	targets, code := selectModules(e, "review", &sf, c, pos)
	if targets == nil {
		return code
	}
	gate := c.Gate(today)
	var refused diag.List
	type signed struct {
		file string
		data []byte
		mod  *content.Module
	}
	var out []signed
	for _, v := range targets {
		m := v.Module
		r := content.Review{Reviewer: *reviewer, Role: *role, Date: today, Digest: v.Digest}
		blob, err := sshsig.Sign(signer, sshsig.Namespace, content.SignedText(r.Digest, r.Role, r.Reviewer, r.Date), rand.Reader)
		if err != nil {
			fmt.Fprintf(e.stderr, "rounds review: signing %s: %v\n", m.Path, err)
			return exitOther
		}
		r.Signature = content.EncodeSignature(blob)
		data, err := content.WithReview(m.Path, m.File.Src, r)
		if err != nil {
			fmt.Fprintf(e.stderr, "rounds review: %v\n", err)
			return exitRefused
		}
		// Check the module as it would stand after signing: anything still
		// blocking besides other roles' sign-offs refuses the sign-off.
		after, pl := content.ParseModule(m.Path, data, m.Section, m.Resources)
		if after == nil {
			refused = append(refused, pl...)
			continue
		}
		for _, d := range gate.Check(after).Diags {
			if d.Severity == diag.Error && d.Rule != "reviewed" {
				// At its place in the file as it stands, when the
				// module had it before signing (lines move with the
				// [[reviews]] entry the sign-off adds).
				for _, was := range v.Diags {
					if was.Rule == d.Rule && was.Message == d.Message {
						d = was
						break
					}
				}
				refused = append(refused, d)
			}
		}
		// What the pages showed: broken links, refused addresses, files
		// written twice (warnings in a preview, errors for build).
		for _, d := range l {
			if d.Path == m.Path && (d.Rule == "links" || d.Rule == "output") && !sameDiag(v.Diags, d) {
				d.Severity = diag.Error
				refused = append(refused, d)
			}
		}
		out = append(out, signed{m.Path, data, after})
	}
	if len(refused) > 0 {
		refused.Sort()
		refused.Print(e.stderr)
		fmt.Fprintf(e.stderr, "rounds review: nothing was signed: %s must be fixed first\n", plural(refused.Errors(), "problem"))
		return exitRefused
	}
	for _, s := range out {
		if err := writeAtomic(filepath.Join(sf.dir, filepath.FromSlash(s.file)), s.data); err != nil {
			fmt.Fprintf(e.stderr, "rounds review: %v\n", err)
			return exitOther
		}
		fmt.Fprintf(e.stderr, "signed %s as %s (%s)\n", s.file, *role, shortDigest(gate.Check(s.mod).Digest))
	}
	return exitOK
}

// sameDiag reports whether l holds d (at the same place, rule and message).
func sameDiag(l diag.List, d diag.Diagnostic) bool {
	for _, x := range l {
		if x.Pos == d.Pos && x.Rule == d.Rule && x.Message == d.Message {
			return true
		}
	}
	return false
}

// selectModules resolves the paths given to a command (review, diff,
// status): files or folders, each relative to the working directory or to
// the site.
func selectModules(e *env, cmd string, sf *siteFlags, c *generator.Checked, paths []string) ([]*content.Verdict, int) {
	siteAbs, _ := filepath.Abs(sf.dir)
	var out []*content.Verdict
	seen := map[string]bool{}
	for _, p := range paths {
		abs, _ := filepath.Abs(p)
		if _, err := os.Stat(abs); err != nil {
			abs = filepath.Join(siteAbs, p)
		}
		relp, err := filepath.Rel(siteAbs, abs)
		if err != nil || strings.HasPrefix(relp, "..") {
			fmt.Fprintf(e.stderr, "rounds %s: %s is not inside the site %s\n", cmd, p, sf.dir)
			return nil, exitUsage
		}
		relp = filepath.ToSlash(relp)
		n := 0
		for _, v := range c.Verdicts {
			m := v.Module
			if m.Path == relp || relp == "." || strings.HasPrefix(m.Path, relp+"/") || (m.IsBundle() && path.Dir(m.Path) == relp) {
				if !seen[m.Path] {
					seen[m.Path] = true
					out = append(out, v)
				}
				n++
			}
		}
		if n == 0 {
			fmt.Fprintf(e.stderr, "rounds %s: %s holds no module that could be read (`rounds check` says why)\n", cmd, p)
			return nil, exitRefused
		}
	}
	return out, exitOK
}

// loadSigner finds the key to sign with: the private key FILE of --key;
// without it, the reviewer's key held by the ssh-agent at SSH_AUTH_SOCK
// (keys on disk or on a security key, chosen from person's keys in
// people.toml); without an agent, ~/.ssh/id_ed25519. A key file with a
// passphrase is asked for on the terminal. done closes the connection to
// the agent once signing is over.
func loadSigner(e *env, file string, person *content.Person) (signer ssh.Signer, done func(), err error) {
	done = func() {}
	if file == "" {
		if sock := os.Getenv("SSH_AUTH_SOCK"); sock != "" {
			conn, err := net.Dial("unix", sock)
			if err != nil {
				return nil, done, fmt.Errorf("cannot reach the ssh-agent at SSH_AUTH_SOCK=%s: %v (start it with `eval $(ssh-agent)` and `ssh-add`, or give --key FILE)", sock, unwrapPathError(err))
			}
			s, err := sshsig.AgentSigner(conn, person.PublicKeys)
			if err != nil {
				conn.Close()
				return nil, done, err
			}
			return s, func() { conn.Close() }, nil
		}
		home, _ := os.UserHomeDir()
		file = filepath.Join(home, ".ssh", "id_ed25519")
	}
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, done, fmt.Errorf("cannot read the key %s: %v (give it with --key FILE, load it into an ssh-agent with `ssh-add` so that SSH_AUTH_SOCK is set, or make one with `rounds keygen --out FILE`)", file, unwrapPathError(err))
	}
	signer, err = sshsig.ParsePrivateKey(pem, nil)
	if errors.Is(err, sshsig.ErrPassphrase) {
		tty, terr := os.OpenFile("/dev/tty", os.O_RDWR, 0)
		if terr != nil {
			return nil, done, fmt.Errorf("%s is protected by a passphrase and there is no terminal to ask for it (load it into an ssh-agent with `ssh-add %s` instead)", file, file)
		}
		defer tty.Close()
		fmt.Fprintf(tty, "passphrase for %s: ", file)
		pass, perr := term.ReadPassword(int(tty.Fd()))
		fmt.Fprintln(tty)
		if perr != nil {
			return nil, done, perr
		}
		signer, err = sshsig.ParsePrivateKey(pem, pass)
	}
	if err != nil {
		return nil, done, fmt.Errorf("%s: %v", file, err)
	}
	return signer, done, nil
}

// writeAtomic replaces a file through a temporary file and a rename, so an
// interrupted sign-off never leaves half a module.
func writeAtomic(name string, data []byte) error {
	mode := os.FileMode(0o644)
	if info, err := os.Stat(name); err == nil {
		mode = info.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// exportReviews writes, for every sign-off of the modules under p, the
// signed text and the armored signature, plus one allowed_signers file and
// VERIFY.txt with the ssh-keygen commands: an auditor needs only OpenSSH.
func exportReviews(e *env, sf *siteFlags, p, dir string) int {
	c, l, code := loadChecked(e, sf)
	if c == nil {
		printDiags(e.stderr, l)
		return code
	}
	targets, code := selectModules(e, "review", sf, c, []string{p})
	if targets == nil {
		return code
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(e.stderr, "rounds review: %v\n", err)
		return exitOther
	}
	return writeVerification(e, c, targets, dir)
}

// writeVerification writes into dir, for every sign-off of targets, the
// signed text and its armored signature, allowed_signers (with each key's
// options), revoked_keys when some are, and VERIFY.txt with one
// ssh-keygen command per sign-off: what `review --export` and `audit`
// give an auditor.
func writeVerification(e *env, c *generator.Checked, targets []*content.Verdict, dir string) int {
	var verify strings.Builder
	verify.WriteString("Verifying rounds sign-offs with OpenSSH alone\n\n")
	verify.WriteString("Each NAME.txt below is the exact text a reviewer signed; NAME.sig is the signature.\n")
	verify.WriteString("allowed_signers lists every reviewer's public keys from people.toml, for the rounds-review@v1 namespace.\n")
	verify.WriteString("Run these commands in this folder; each prints \"Good \\\"rounds-review@v1\\\" signature for ...\".\n")
	verify.WriteString("The digest in each text must equal the module's current digest, shown by `rounds status`.\n\n")
	signers := map[string]bool{}
	n := 0
	for _, v := range targets {
		m := v.Module
		base := strings.TrimSuffix(strings.TrimPrefix(m.Path, "content/"), ".md")
		base = strings.TrimSuffix(base, "/index")
		base = strings.ReplaceAll(base, "/", "__")
		for _, r := range m.Meta.Reviews {
			name := fmt.Sprintf("%s.%s.%s", base, r.Role, r.Reviewer)
			blob, err := content.DecodeSignature(r.Signature)
			if err != nil {
				fmt.Fprintf(e.stderr, "rounds review: %s: the %s sign-off by %s: %v\n", m.Path, r.Role, r.Reviewer, err)
				continue
			}
			text := content.SignedText(r.Digest, r.Role, r.Reviewer, r.Date)
			if err := writeFiles(dir, map[string][]byte{name + ".txt": text, name + ".sig": sshsig.Armor(blob)}); err != nil {
				fmt.Fprintf(e.stderr, "rounds review: %v\n", err)
				return exitOther
			}
			signers[r.Reviewer] = true
			state := "matches the module as it stands"
			if r.Digest != v.Digest {
				state = "is for an OLDER version of the module (current " + v.Digest + ")"
			}
			fmt.Fprintf(&verify, "# %s, %s sign-off by %s on %s: its digest %s\nssh-keygen -Y verify -f allowed_signers -I %s -n %s -O verify-time=%s -s %s.sig < %s.txt\n\n",
				m.Path, r.Role, r.Reviewer, r.Date, state, r.Reviewer, sshsig.Namespace, strings.ReplaceAll(r.Date.String(), "-", ""), name, name)
			n++
		}
	}
	var allowed, revoked strings.Builder
	for _, id := range slices.Sorted(maps.Keys(signers)) {
		p := c.Config.People.ByID[id]
		if p == nil {
			continue
		}
		for _, k := range p.KeyInfo {
			// A retired key keeps its valid-before, so ssh-keygen checks
			// the window as the gate does (-Y verify takes the signature's
			// time from the signed text's date only with -Overify-time;
			// VERIFY.txt gives it).
			opts := k.AllowedSigner
			opts.Namespaces = []string{sshsig.Namespace}
			fmt.Fprintf(&allowed, "%s %s %s", id, opts.Options(), ssh.MarshalAuthorizedKey(k.Key))
			if k.Revoked {
				revoked.Write(ssh.MarshalAuthorizedKey(k.Key))
			}
		}
	}
	files := map[string][]byte{"allowed_signers": []byte(allowed.String()), "VERIFY.txt": []byte(verify.String())}
	if revoked.Len() > 0 {
		verify.WriteString("Keys listed in revoked_keys in people.toml are in the file revoked_keys: add -r revoked_keys to each command above; a signature by one of them must fail.\n")
		files["VERIFY.txt"] = []byte(verify.String())
		// Keys listed in revoked_keys: `ssh-keygen -Y verify -r revoked_keys`
		// refuses their signatures.
		files["revoked_keys"] = []byte(revoked.String())
	}
	if err := writeFiles(dir, files); err != nil {
		fmt.Fprintf(e.stderr, "rounds review: %v\n", err)
		return exitOther
	}
	fmt.Fprintf(e.stderr, "exported %s to %s; see %s\n", plural(n, "sign-off"), dir, filepath.Join(dir, "VERIFY.txt"))
	return exitOK
}

func writeFiles(dir string, files map[string][]byte) error {
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func runKeygen(e *env, args []string) int {
	f := newFlags(e, "keygen")
	out := f.String("out", "", "write the private key to `FILE` (mode 0600) and the public key to FILE.pub")
	comment := f.String("comment", "", "a `TEXT` to identify the key, such as your e-mail address")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if *out == "" || len(pos) > 0 {
		fmt.Fprintln(e.stderr, "rounds keygen: give --out FILE")
		return exitUsage
	}
	for _, name := range []string{*out, *out + ".pub"} {
		if _, err := os.Stat(name); err == nil {
			fmt.Fprintf(e.stderr, "rounds keygen: %s exists; rounds never overwrites a key\n", name)
			return exitOther
		}
	}
	priv, pub, err := sshsig.GenerateEd25519(*comment, rand.Reader)
	if err == nil {
		err = os.WriteFile(*out, priv, 0o600)
	}
	if err == nil {
		err = os.WriteFile(*out+".pub", pub, 0o644)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "rounds keygen: %v\n", err)
		return exitOther
	}
	fmt.Fprintf(e.stderr, "wrote %s (private: keep it to yourself) and %s.pub\nadd this line to your keys in people.toml:\n", *out, *out)
	fmt.Fprint(e.stdout, string(pub))
	return exitOK
}
