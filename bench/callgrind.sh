#!/bin/sh
# bench/callgrind.sh BENCH - instructions per job under callgrind, which
# counts instructions, not seconds, so the figure repeats from run to run.
# Runs the benchmark twice (100,000 and 1,100,000 jobs) and reports the
# difference per job, so set-up and the warm-up run cancel out.
set -eu
B=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ir() {
	valgrind --tool=callgrind --callgrind-out-file="$T/cg.$1" "$B" "$1" >/dev/null 2>"$T/log.$1"
	callgrind_annotate "$T/cg.$1" 2>/dev/null | grep -m1 'PROGRAM TOTALS' | awk '{gsub(",","",$1); print $1}'
}
small=$(ir 100000)
large=$(ir 1100000)
# each invocation runs the workload twice (one untimed warm-up run)
per_job=$(( (large - small) / 2000000 ))
echo "callgrind: $small Ir at 1e5 jobs, $large Ir at 1.1e6 jobs: $per_job instructions per job"
