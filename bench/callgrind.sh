#!/bin/sh
# bench/callgrind.sh BENCH [YARDSTICK] - instructions per job under
# callgrind, which counts instructions, not seconds, so the figure repeats
# from run to run. Runs the benchmark twice (100,000 and 1,100,000 jobs)
# and reports the difference per job, so set-up and the warm-up run cancel
# out. With YARDSTICK (bench/min_heap_mmc.c, the same queue simulated as
# simply as C allows) the same for it, and dcsim's cost as a multiple of it.
set -eu
B=$1
Y=${2:-}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ir() {
	valgrind --tool=callgrind --callgrind-out-file="$T/cg.$2" "$1" "$2" >/dev/null 2>"$T/log.$2"
	callgrind_annotate "$T/cg.$2" 2>/dev/null | grep -m1 'PROGRAM TOTALS' | awk '{gsub(",","",$1); print $1}'
}
small=$(ir "$B" 100000)
large=$(ir "$B" 1100000)
# each invocation runs the workload twice (one untimed warm-up run)
per_job=$(( (large - small) / 2000000 ))
echo "callgrind: $small Ir at 1e5 jobs, $large Ir at 1.1e6 jobs: $per_job instructions per job" \
	"(target at most 2,200)"
if [ -n "$Y" ]; then
	y_job=$(( ($(ir "$Y" 1100000) - $(ir "$Y" 100000)) / 2000000 ))
	awk -v d="$per_job" -v y="$y_job" 'BEGIN { printf "callgrind: the minimal heap simulation " \
		"(bench/min_heap_mmc.c) %d instructions per job; dcsim %.2fx that\n", y, d / y }'
fi
