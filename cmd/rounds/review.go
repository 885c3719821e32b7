package main

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"github.com/rounds-dev/rounds/content"
	"github.com/rounds-dev/rounds/content/sshsig"
	"github.com/rounds-dev/rounds/generator"
	"github.com/rounds-dev/rounds/generator/output"
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
	// Every page rendered, as the dev server does: a link to a module
	// still waiting for its own sign-off is not held against this one,
	// a link to a missing page or anchor is (the link rule of the gate).
	c, l, code := runGate(e, &sf, gateOptions{preview: true})
	if c == nil {
		printDiags(e.stderr, l)
		return code
	}
	targets, code := selectModules(e, "review", &sf, c, pos)
	if targets == nil {
		return code
	}
	key, done := keyFinder(e, *keyFile)
	defer done()
	so := generator.SignOff{Reviewer: *reviewer, Role: *role, Key: key, Rand: rand.Reader}
	// In git, the sign-off records the commit it was made over when the
	// module stands there as signed; outside git it records none.
	if repo, err := openGit(e.ctx, sf.dir); err == nil {
		so.History = repo
	}
	files, refused, err := c.SignModules(e.ctx, targets, so, l)
	if err != nil {
		return reviewFailed(e, err)
	}
	if len(refused) > 0 {
		refused.Print(e.stderr)
		fmt.Fprintf(e.stderr, "rounds review: nothing was signed: %s must be fixed first\n", plural(refused.Errors(), "problem"))
		return exitRefused
	}
	for _, s := range files {
		if err := output.ReplaceFile(filepath.Join(sf.dir, filepath.FromSlash(s.Path)), s.Data); err != nil {
			fmt.Fprintf(e.stderr, "rounds review: %v\n", err)
			return exitOther
		}
		fmt.Fprintf(e.stderr, "signed %s as %s (%s)\n", s.Path, *role, shortDigest(s.Digest))
	}
	return exitOK
}

// reviewFailed prints why a sign-off was not made: exit 1 when the
// person, the role or the key refused it, 3 when the machine failed.
func reviewFailed(e *env, err error) int {
	fmt.Fprintf(e.stderr, "rounds review: %v\n", err)
	if errors.Is(err, generator.ErrRefused) {
		return exitRefused
	}
	return exitOther
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

// keyFinder returns how to find the key to sign with: the private key
// FILE of --key; without it, the reviewer's key held by the ssh-agent at
// SSH_AUTH_SOCK (keys on disk or on a security key, chosen from the
// person's keys in people.toml); without an agent, ~/.ssh/id_ed25519. A
// key file with a passphrase is asked for on the terminal. done closes
// the connection to the agent once signing is over.
func keyFinder(e *env, file string) (find func(*content.Person) (content.Signer, error), done func()) {
	var conn net.Conn
	done = func() {
		if conn != nil {
			conn.Close()
		}
	}
	find = func(person *content.Person) (content.Signer, error) {
		file := file
		if file == "" {
			if sock := os.Getenv("SSH_AUTH_SOCK"); sock != "" {
				var err error
				conn, err = net.Dial("unix", sock)
				if err != nil {
					return nil, fmt.Errorf("cannot reach the ssh-agent at SSH_AUTH_SOCK=%s: %v (start it with `eval $(ssh-agent)` and `ssh-add`, or give --key FILE)", sock, unwrapPathError(err))
				}
				return sshsig.AgentSigner(conn, person.PublicKeys)
			}
			home, _ := os.UserHomeDir()
			file = filepath.Join(home, ".ssh", "id_ed25519")
		}
		return readKey(file)
	}
	return find, done
}

// readKey reads a private key file, asking for its passphrase on the
// terminal when it has one.
func readKey(file string) (content.Signer, error) {
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("cannot read the key %s: %v (give it with --key FILE, load it into an ssh-agent with `ssh-add` so that SSH_AUTH_SOCK is set, or make one with `rounds keygen --out FILE`)", file, unwrapPathError(err))
	}
	signer, err := sshsig.ParsePrivateKey(pem, nil)
	if errors.Is(err, sshsig.ErrPassphrase) {
		tty, terr := os.OpenFile("/dev/tty", os.O_RDWR, 0)
		if terr != nil {
			return nil, fmt.Errorf("%s is protected by a passphrase and there is no terminal to ask for it (load it into an ssh-agent with `ssh-add %s` instead)", file, file)
		}
		defer tty.Close()
		fmt.Fprintf(tty, "passphrase for %s: ", file)
		pass, perr := term.ReadPassword(int(tty.Fd()))
		fmt.Fprintln(tty)
		if perr != nil {
			return nil, perr
		}
		signer, err = sshsig.ParsePrivateKey(pem, pass)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	return signer, nil
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

// writeVerification writes into dir what an auditor needs to check the
// sign-offs of targets with OpenSSH alone (generator.Verification).
func writeVerification(e *env, c *generator.Checked, targets []*content.Verdict, dir string) int {
	v := c.Verification(targets)
	for _, p := range v.Problems {
		fmt.Fprintf(e.stderr, "rounds review: %s\n", p)
	}
	if err := output.WriteFiles(dir, v.Files); err != nil {
		fmt.Fprintf(e.stderr, "rounds review: %v\n", err)
		return exitOther
	}
	fmt.Fprintf(e.stderr, "exported %s to %s; see %s\n", plural(v.SignOffs, "sign-off"), dir, filepath.Join(dir, "VERIFY.txt"))
	return exitOK
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
