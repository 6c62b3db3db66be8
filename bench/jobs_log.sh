#!/bin/sh
# bench/jobs_log.sh DCSIM - what the job log (jobs.csv) costs per job:
# instructions per job under callgrind of the M/M/c of bench/mmc.json
# with output.jobs off and on, each the difference between 50,000 and
# 250,000 jobs (set-up, the time series and the other files cancel out).
# Target: with the log at most 2x the instructions per job without it.
set -eu
D=$1
B=$(dirname "$0")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ir() { # ir JOBS ON
	h=$(awk -v n="$1" 'BEGIN { printf "%.6f", n / 900 }')
	valgrind --tool=callgrind --callgrind-out-file="$T/cg" "$D" run "$B/mmc.json" -q --no-report \
		-o "$T/out" --set duration_h="$h" --set output.jobs="$2" >/dev/null 2>"$T/log"
	callgrind_annotate "$T/cg" 2>/dev/null | grep -m1 'PROGRAM TOTALS' | awk '{gsub(",","",$1); print $1}'
}
off=$(( ($(ir 250000 false) - $(ir 50000 false)) / 200000 ))
on=$(( ($(ir 250000 true) - $(ir 50000 true)) / 200000 ))
awk -v a="$off" -v b="$on" 'BEGIN { printf "job log: %d instructions per job without jobs.csv, %d with it: " \
	"%.2fx (target at most 2x)\n", a, b, b / a }'
