#!/bin/sh
# Runs every fuzz target of the module for FUZZTIME each (make fuzz).
#
# FUZZTIME is a count of runs by default ("20000x"): with a duration,
# Go's fuzz coordinator before Go 1.27 can report "context deadline
# exceeded" when the time is up while a worker is still busy
# (golang/go#75804), a failure of no input, and on a loaded machine it
# did (FuzzPackCache). A count has no deadline. A duration (FUZZTIME=1m)
# still works: that error is then taken for what it is only when the
# target wrote no failing input; a written input always fails.
set -u
GO=${GO:-go}
FUZZTIME=${FUZZTIME:-20000x}
status=0
for pkg in $($GO list ./...); do
	dir=$($GO list -f '{{.Dir}}' "$pkg")
	for t in $($GO test -list '^Fuzz' "$pkg" | grep '^Fuzz'); do
		echo "fuzz $pkg $t"
		corpus="$dir/testdata/fuzz/$t"
		before=$(ls "$corpus" 2>/dev/null | wc -l)
		out=$($GO test -run '^$' -fuzz "^$t\$" -fuzztime "$FUZZTIME" "$pkg" 2>&1)
		rc=$?
		echo "$out" | tail -n 3
		[ $rc -eq 0 ] && continue
		after=$(ls "$corpus" 2>/dev/null | wc -l)
		if [ "$after" -eq "$before" ] && echo "$out" | grep -q '^    context deadline exceeded$'; then
			echo "fuzz $t: the fuzz coordinator's deadline race (golang/go#75804), no failing input: not a failure"
			continue
		fi
		echo "$out"
		status=1
		break 2
	done
done
exit $status
