#!/bin/sh
# bench/trace_bench.sh DCSIM - the trace-replay benchmark: the whole
# Philly trace (111,549 jobs) on 2,528 GPUs, FCFS and EASY backfilling
# (the two forms of the shipped example), on one core (taskset when the
# machine has it), --no-report. Each time is the best of three wall
# times, load and run and CSV output included; the target is under 5 s.
set -eu
D=$1
S=$(dirname "$0")/../scenarios/how_much_does_backfilling_shorten_waits_on_the_philly_trace
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
one=""
command -v taskset >/dev/null 2>&1 && one="taskset -c 0"
now() { date +%s.%N; }
for form in "" _easy; do
	best=""
	for i in 1 2 3; do
		t0=$(now)
		$one "$D" run "$S$form.json" -q --no-report -o "$T/out" >/dev/null
		t=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
		best=$(awk -v a="$t" -v b="${best:-$t}" 'BEGIN { print (a < b ? a : b) }')
	done
	wait=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "wait_mean_s") c = i }
			NR == 2 { print $c }' "$T/out/summary.csv")
	echo "trace: philly${form:-_fcfs}: best of 3 ${best} s, mean wait ${wait} s"
done
