#!/bin/sh
# tests/valgrind_run.sh DCSIM - under valgrind memcheck, one short default
# run, and a 4-run sweep on 2 threads whose points share parsed weather,
# grid and trace files (tests/data/sweep_files.json), and the report
# check's small plan (tests/data/report_plan.json, 2 threads, no report):
# no invalid access,
# no leak, or the test fails. (libgomp's thread stacks are "possibly
# lost" at exit by design: not shown.)
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
VG="valgrind --quiet --error-exitcode=3 --leak-check=full --show-leak-kinds=definite,indirect
	--errors-for-leak-kinds=definite,indirect"
$VG "$1" run -q -o "$T/out" --set duration_days=4 --set warmup_h=12 &&
	$VG "$1" sweep "$(dirname "$0")/data/sweep_files.json" -q -j 2 -o "$T/sweep" &&
	$VG "$1" plan "$(dirname "$0")/data/report_plan.json" -q -j 2 --no-report -o "$T/plan"
rc=$?
if [ $rc -ne 0 ]; then
	echo "valgrind: FAILED (exit $rc)"
	exit 1
fi
echo "valgrind: clean"
