#!/bin/sh
# tests/valgrind_run.sh DCSIM - one short default run under valgrind
# memcheck: no invalid access, no leak, or the test fails.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
valgrind --quiet --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	"$1" run -q -o "$T/out" --set duration_days=4 --set warmup_h=12
rc=$?
if [ $rc -ne 0 ]; then
	echo "valgrind: FAILED (exit $rc)"
	exit 1
fi
echo "valgrind: clean"
