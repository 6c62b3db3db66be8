#!/bin/sh
# bench/scale_bench.sh DCSIM - speed at scale (issue 20's targets), CPU
# seconds (user + system, GNU time) and peak memory (max RSS):
#  1. the 38,400-GPU campus of the shipped example under each grid policy,
#     best of three, against queue's in the same run (target: throttle and
#     throttle_then_queue at most 2x queue);
#  2. bench/capped_year.json: a facility-year of 100,800 GPUs behind a
#     binding throttle cap (target: under 10 s with at least 1,000 h at the
#     cap);
#  3. bench/million_year.json: a facility-year of 1,000,008 GPUs, full model
#     with hourly time series (target: under 30 s and 2 GB);
#  4. bench/mmc.json as an M/M/c of 100 million jobs, every output off but
#     the summary (target: under 200 MB: memory does not grow with jobs).
# Times are of this machine and drift with its load; the targets are
# ratios or wide margins for that reason.
set -eu
D=$1
B=$(dirname "$0")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# run NAME ARGS...: CPU seconds and max RSS (kB) of "dcsim run ARGS" into $T/NAME
run() {
	n=$1
	shift
	/usr/bin/time -f "%U %S %M" -o "$T/$n.time" "$D" run "$@" -q --no-report -o "$T/$n" >/dev/null
	awk '{ printf "%.2f %d\n", $1 + $2, $3 }' "$T/$n.time"
}
kpi() { # kpi DIR COLUMN
	awk -F, -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i } NR == 2 { print $k }' \
		"$1/summary.csv"
}
campus=$B/../scenarios/what_happens_when_a_50mw_campus_outgrows_a_40mw_connection
for p in queue throttle throttle_then_queue preempt; do
	best=
	for i in 1 2 3; do
		t=$(run "c_$p" "${campus}_$p.json" | cut -d' ' -f1)
		best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b < a) ? b : a }')
	done
	echo "$p $best" >>"$T/campus"
done
awk '{ t[$1] = $2 } END { printf "campus (38,400 GPUs, 3 weeks at a 40 MW cap), CPU s best of 3: queue %.2f, " \
	"throttle %.2f (%.1fx), throttle_then_queue %.2f (%.1fx), preempt %.2f (%.1fx); target at most 2x\n",
	t["queue"], t["throttle"], t["throttle"] / t["queue"], t["throttle_then_queue"],
	t["throttle_then_queue"] / t["queue"], t["preempt"], t["preempt"] / t["queue"] }' "$T/campus"
set -- $(run capped "$B/capped_year.json")
echo "capped facility-year (100,800 GPUs, throttle): $1 s CPU, $(($2 / 1024)) MB," \
	"$(kpi "$T/capped" hours_at_cap) h at the cap; target under 10 s with at least 1,000 h"
set -- $(run million "$B/million_year.json")
echo "million-GPU facility-year (full model, hourly series): $1 s CPU, $(($2 / 1024)) MB;" \
	"target under 30 s and 2 GB"
h=$(awk 'BEGIN { printf "%.6f", 1e8 / 9000 }')
set -- $(run mmc100m "$B/mmc.json" --set duration_h="$h" --set output.timeseries=false \
	--set 'workload.classes[0].duration.mean_h=0.1' --set 'workload.classes[0].arrival.rate_per_h=9000')
echo "M/M/c, $(kpi "$T/mmc100m" jobs_started) jobs started, outputs off: $1 s CPU, $(($2 / 1024)) MB;" \
	"target under 200 MB"
