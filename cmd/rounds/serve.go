package main

import (
	"fmt"
	"os/exec"
	"runtime"

	"github.com/rounds-dev/rounds/generator/server"
)

func runServe(e *env, args []string) int {
	f := newFlags(e, "serve")
	var sf siteFlags
	sf.register(f, true)
	bind := f.String("bind", "127.0.0.1", "listen on `ADDRESS` (loopback by default; anything else exposes unpublished work)")
	port := f.Int("port", 1313, "listen on `PORT` (0: any free port)")
	baseURL := f.String("baseURL", "", "use `URL` instead of rounds.toml's baseURL")
	poll := f.Bool("poll", false, "watch by polling instead of file system events")
	open := f.Bool("open", false, "open the site in a browser")
	pos, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "rounds serve: unexpected argument %q (the site is given with -s DIR)\n", pos[0])
		return exitUsage
	}
	today, ok := sf.today(e)
	if !ok {
		return exitUsage
	}
	trust, ok := sf.trustRoot(e)
	if !ok {
		return exitUsage
	}
	opts := server.Options{Site: sf.dir, Bind: *bind, Port: *port, Today: today, BaseURL: *baseURL, Poll: *poll, Log: e.stderr, Trust: trust}
	// The review pages read signed versions from git, as rounds diff does.
	if repo, err := openGit(e.ctx, sf.dir); err == nil {
		opts.History = repo
	}
	srv, err := server.New(opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "rounds serve: %v\n", err)
		return exitOther
	}
	if !srv.Loopback() {
		fmt.Fprintf(e.stderr, "warning: serving on %s: whoever has the link below (with its token) sees unreviewed modules, which may hold patient data\n", *bind)
	}
	fmt.Fprintf(e.stderr, "serving %s at %s (what blocks publication: %s_rounds/); press Ctrl+C to stop\n", rel(sf.dir), srv.URL(), srv.URL())
	if *open {
		openBrowser(srv.URL())
	}
	if err := srv.Run(e.ctx); err != nil {
		fmt.Fprintf(e.stderr, "rounds serve: %v\n", err)
		return exitOther
	}
	return exitOK
}

func openBrowser(url string) {
	cmd := "xdg-open"
	switch runtime.GOOS {
	case "darwin":
		cmd = "open"
	case "windows":
		cmd = "explorer"
	}
	_ = exec.Command(cmd, url).Start()
}
