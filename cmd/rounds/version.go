package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set at link time by `make build` (-X main.version=...).
var version = "dev"

func runVersion(e *env, args []string) int {
	f := newFlags(e, "version")
	if _, code, ok := f.parse(args); !ok {
		return code
	}
	commit, modified := "unknown", ""
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					modified = " (modified)"
				}
			}
		}
	}
	fmt.Fprintf(e.stdout, "rounds %s, commit %s%s, %s %s/%s\n", version, commit, modified, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return exitOK
}
