// Command rounds builds, checks and signs off accredited microlearning
// sites. It is thin: flags in, exit code out; the work is in generator and
// content.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/rounds-dev/rounds/content"
)

// Exit codes (SPEC.md "Commands").
const (
	exitOK      = 0
	exitRefused = 1 // content refused or a check failed
	exitUsage   = 2
	exitOther   = 3
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	stopProfiles := startProfiles(os.Stderr)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stopProfiles()
	stop()
	os.Exit(code)
}

// env is what a command may use of the process.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// clock reads the clock, for what must be compared with the real
	// date whatever --now says (rounds build --now earlier than today);
	// nil when there is none to read (tests that do not set one).
	clock func() time.Time
}

type command struct {
	name    string
	summary string
	usage   string
	run     func(e *env, args []string) int
}

func commands() []command {
	return []command{
		{"build", "build the site into a folder, atomically", "rounds build [-s DIR] [-d public] [--baseURL URL] [--no-minify] [--strict] [--now DATE]", runBuild},
		{"serve", "build in memory, serve, rebuild and reload on every change", "rounds serve [-s DIR] [--bind 127.0.0.1] [--port 1313] [--open] [--poll] [--now DATE]", runServe},
		{"check", "run the publication gate, writing nothing", "rounds check [-s DIR] [--format text|json] [--strict] [--now DATE]", runCheck},
		{"status", "one line per module: published, stale, missing role, expiring, expired, draft", "rounds status [-s DIR] [--format text|json] [--now DATE]", runStatus},
		{"review", "sign off modules with your SSH key, or export sign-offs for an auditor", "rounds review PATH... --reviewer ID --role ROLE --key FILE [-s DIR] [--now DATE]\n       rounds review --export PATH -o DIR [-s DIR]", runReview},
		{"diff", "what changed in a module since the version its sign-offs were made over (from git)", "rounds diff PATH... [--role ROLE] [--reviewer ID] [--format text|json] [-s DIR]", runDiff},
		{"audit", "write an accreditor's report: one record per activity, activities.csv with PARS' fields, VERIFY.txt", "rounds audit [-o DIR] [-s DIR] [--now DATE] [PATH...]", runAudit},
		{"keygen", "make an ed25519 SSH key pair for a reviewer", "rounds keygen --out FILE [--comment TEXT]", runKeygen},
		{"import", "convert a Hugo or Jekyll site's content into a new rounds site", "rounds import hugo|jekyll DIR -o OUT [--title TITLE]", runImport},
		{"new", "make a new site or module", "rounds new site DIR\n       rounds new module PATH [-s DIR]", runNew},
		{"package", "write LMS packages (SCORM 1.2, SCORM 2004, cmi5) and question banks (QTI, Moodle XML)", "rounds package --format scorm12|scorm2004|cmi5|qti|moodle [-o DIR] [--lrs ORIGIN] [-s DIR] [--now DATE] [PATH...]", runPackage},
		{"version", "print the version", "rounds version", runVersion},
		{"help", "show help for a command", "rounds help [COMMAND]", nil},
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runEnv(&env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, clock: time.Now}, args)
}

// runEnv runs a command in e.
func runEnv(e *env, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			for _, c := range commands() {
				if c.name == args[1] {
					fmt.Fprintf(stdout, "rounds %s: %s\n\nusage: %s\n", c.name, c.summary, c.usage)
					return exitOK
				}
			}
			fmt.Fprintf(stderr, "rounds: unknown command %q\n", args[1])
			return exitUsage
		}
		usage(stdout)
		return exitOK
	case "-v", "--version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return c.run(e, args[1:])
		}
	}
	fmt.Fprintf(stderr, "rounds: unknown command %q\n", name)
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "rounds builds accredited microlearning sites, and refuses to publish what is not reviewed, disclosed and in date.")
	fmt.Fprintln(w, "\nusage: rounds COMMAND [flags] [paths]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nEvery command takes -s DIR (the site, default .); flags may come before or after paths.")
	fmt.Fprintln(w, "Exit codes: 0 ok, 1 content refused or a check failed, 2 wrong usage, 3 anything else.")
	fmt.Fprintln(w, "Run `rounds help COMMAND` for a command's flags.")
}

// flags is a FlagSet that accepts flags before and after positional
// arguments, as git and Hugo users expect.
type flags struct {
	*flag.FlagSet
	cmd string
}

func newFlags(e *env, cmd string) *flags {
	fs := flag.NewFlagSet("rounds "+cmd, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	f := &flags{FlagSet: fs, cmd: cmd}
	fs.Usage = func() {
		for _, c := range commands() {
			if c.name == cmd {
				fmt.Fprintf(e.stderr, "usage: %s\n\nflags:\n", c.usage)
			}
		}
		fs.PrintDefaults()
	}
	return f
}

// parse parses args, collecting positional arguments wherever they stand.
// It returns ok=false with the exit code when parsing failed or -h was asked.
func (f *flags) parse(args []string) (pos []string, code int, ok bool) {
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitUsage, false
		}
		args = f.Args()
		if len(args) == 0 {
			return pos, 0, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// siteFlags are the flags every site command shares.
type siteFlags struct {
	dir   string
	now   string
	trust string
}

func (s *siteFlags) register(f *flags, withNow bool) {
	f.StringVar(&s.dir, "s", ".", "the site `DIR`")
	f.StringVar(&s.dir, "source", ".", "the site `DIR` (same as -s)")
	if withNow {
		f.StringVar(&s.now, "now", "", "take `DATE` (YYYY-MM-DD) as today, to check a site as it will stand that day")
		f.StringVar(&s.trust, "trust", "", "take reviewers' keys only from `FILE`, an OpenSSH allowed_signers file kept outside the repository")
	}
}

// trustRoot reads --trust; nil (and ok) without it.
func (s *siteFlags) trustRoot(e *env) (*content.Trust, bool) {
	if s.trust == "" {
		return nil, true
	}
	data, err := os.ReadFile(s.trust)
	if err != nil {
		fmt.Fprintf(e.stderr, "rounds: --trust: %v\n", unwrapPathError(err))
		return nil, false
	}
	t, err := content.ParseTrust(s.trust, data)
	if err != nil {
		fmt.Fprintf(e.stderr, "rounds: --trust %v\n", err)
		return nil, false
	}
	return t, true
}

// today is "today": --now, or the local date, read once here at the top.
func (s *siteFlags) today(e *env) (content.Date, bool) {
	if s.now == "" {
		if e.clock != nil {
			return content.DateOf(e.clock()), true
		}
		return content.DateOf(time.Now()), true
	}
	d := content.ParseDate(s.now)
	if d.IsZero() || len(s.now) != 10 {
		fmt.Fprintf(e.stderr, "rounds: --now %q is not a date like 2027-01-01\n", s.now)
		return content.Date{}, false
	}
	return d, true
}

// openSite opens the site folder so that nothing outside it can be read:
// os.Root refuses symbolic links that leave it.
func openSite(e *env, dir string) (*os.Root, bool) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		fmt.Fprintf(e.stderr, "rounds: cannot open the site %s: %v\n", dir, unwrapPathError(err))
		return nil, false
	}
	return root, true
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// rel shows a path relative to the working directory when that is shorter.
func rel(p string) string {
	if wd, err := os.Getwd(); err == nil {
		if r, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(r, "..") {
			return r
		}
	}
	return p
}
