#!/bin/sh
# bench/sweep_bench.sh DCSIM - the sweep benchmark: bench/sweep.json (200
# runs of a 15,360-GPU direct-to-chip hall, four July weeks) at -j 1 and
# -j 2; runs per second at each and the parallel efficiency
# (rate at 2 / (2 x rate at 1)). The two outputs must be byte-identical.
set -eu
D=$1
B=$(dirname "$0")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
now() { date +%s.%N; }
t0=$(now)
"$D" sweep "$B/sweep.json" -q -j 1 -o "$T/j1"
t1=$(now)
"$D" sweep "$B/sweep.json" -q -j 2 -o "$T/j2"
t2=$(now)
cmp -s "$T/j1/summary.csv" "$T/j2/summary.csv" || { echo "sweep bench: -j 1 and -j 2 differ"; exit 1; }
runs=$(($(wc -l <"$T/j1/summary.csv") - 1))
awk -v r="$runs" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
	r1 = r / (b - a); r2 = r / (c - b)
	printf "sweep bench: %d runs; -j 1 %.1f s, %.2f runs/s; -j 2 %.1f s, %.2f runs/s; " \
	       "parallel efficiency %.0f%% (target 90%%)\n", r, b - a, r1, c - b, r2, 100 * r2 / (2 * r1) }'
