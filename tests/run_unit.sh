#!/bin/sh
# tests/run_unit.sh JOBS TEST... - run the unit test binaries JOBS at a
# time (one a core: make test's wall time on 2 cores), each into a log of
# its own, then print the logs in the order given, so the output reads as
# a serial run would. Fails when any binary fails, naming them.
set -u
JOBS=$1
shift
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
i=0
for t in "$@"; do
	i=$((i + 1))
	printf '%s %s\n' "$i" "$t"
done | xargs -P "$JOBS" -n 2 sh -c '"$2" >"$0/$1.log" 2>&1 || : >"$0/$1.failed"' "$T"
i=0
failed=""
for t in "$@"; do
	i=$((i + 1))
	echo "== $t"
	cat "$T/$i.log"
	[ -f "$T/$i.failed" ] && failed="$failed $t"
done
if [ -n "$failed" ]; then
	echo "unit tests FAILED:$failed"
	exit 1
fi
