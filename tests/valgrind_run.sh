#!/bin/sh
# tests/valgrind_run.sh DCSIM - under valgrind memcheck, one short default
# run, and a 4-run sweep on 2 threads whose points share parsed weather,
# grid and trace files (tests/data/sweep_files.json), a saltelli sweep
# printed as JSON, a run read from stdin, and the report check's small plan
# (tests/data/report_plan.json, 2 threads, no report), and the reports of
# the report check's failures and inference runs (run plainly, reported
# under valgrind: their sections' code): no invalid access,
# no leak, or the test fails. (libgomp's thread stacks are "possibly
# lost" at exit by design: not shown.)
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
VG="valgrind --quiet --error-exitcode=3 --leak-check=full --show-leak-kinds=definite,indirect
	--errors-for-leak-kinds=definite,indirect"
D=$(dirname "$0")/data
cp "$D/sweep_small.json" "$T/base.json"
# a saltelli design with a categorical axis, its indices and bootstrap, and
# the JSON writer: 2 base samples x (2 axes + 2) = 8 one-day runs
printf '%s\n' '{ "base": "base.json", "design": { "type": "saltelli", "points": 2 },' \
	'  "axes": [ { "path": "workload.classes[0].utilization", "from": 0.3, "to": 1.0 },' \
	'            { "path": "scheduler.policy", "values": ["fcfs", "greedy"] } ] }' >"$T/salt.json"
$VG "$1" run -q -o "$T/out" --set duration_days=4 --set warmup_h=12 &&
	$VG "$1" sweep "$D/sweep_files.json" -q -j 2 -o "$T/sweep" &&
	$VG "$1" sweep "$T/salt.json" -q -j 2 --no-report --format json -o "$T/salt" >/dev/null &&
	$VG "$1" run - -q --no-report --format json --set cluster.racks=4 -o "$T/stdin" \
		<"$T/base.json" >/dev/null &&
	$VG "$1" plan "$D/report_plan.json" -q -j 2 --no-report -o "$T/plan" &&
	"$1" run "$D/report_failures.json" -q --no-report -o "$T/fail" &&
	"$1" run "$D/report_inference.json" -q --no-report -o "$T/inf" &&
	$VG "$1" report "$T/fail" >/dev/null && $VG "$1" report "$T/inf" >/dev/null
rc=$?
if [ $rc -ne 0 ]; then
	echo "valgrind: FAILED (exit $rc)"
	exit 1
fi
echo "valgrind: clean"
