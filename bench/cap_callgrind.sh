#!/bin/sh
# bench/cap_callgrind.sh DCSIM - the grid cap's cost in instructions
# (callgrind), which repeat from run to run where CPU seconds drift with
# the shared machine's load: the 38,400-GPU campus of the shipped example
# under queue, throttle and throttle_then_queue, each against queue
# (issue 20's target 1: at most 2x; scale_bench.sh gives the CPU times).
# About two minutes.
set -eu
D=$1
B=$(dirname "$0")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
campus=$B/../scenarios/what_happens_when_a_50mw_campus_outgrows_a_40mw_connection
ir() { # ir POLICY: instructions of one run
	valgrind --tool=callgrind --callgrind-out-file="$T/cg.$1" "$D" run "${campus}_$1.json" -q \
		--no-report -o "$T/$1" >/dev/null 2>"$T/log.$1"
	callgrind_annotate "$T/cg.$1" 2>/dev/null | grep -m1 'PROGRAM TOTALS' | awk '{gsub(",","",$1); print $1}'
}
q=$(ir queue)
t=$(ir throttle)
tq=$(ir throttle_then_queue)
awk -v q="$q" -v t="$t" -v tq="$tq" 'BEGIN { printf "campus under callgrind: queue %.2f G instructions, " \
	"throttle %.2f G (%.1fx), throttle_then_queue %.2f G (%.1fx); target at most 2x\n",
	q / 1e9, t / 1e9, t / q, tq / 1e9, tq / q }'
