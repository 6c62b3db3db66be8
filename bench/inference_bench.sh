#!/bin/sh
# bench/inference_bench.sh DCSIM - the aggregate mode at the issue's scale
# (issue 19: "a year of a 10,000-GPU inference fleet in a few seconds"):
# bench/inference_year.json, one service autoscaled between 1,000 and
# 10,000 one-GPU replicas for a year, arrivals per 15-minute step, and the
# same at the default 60-s step. CPU seconds (user + system, GNU time) and
# peak memory (max RSS), --no-report. Target: under 10 s of CPU for the
# 15-minute steps (a few seconds on an idle core).
set -eu
D=$1
B=$(dirname "$0")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
kpi() { # kpi DIR COLUMN
	awk -F, -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i } NR == 2 { print $k }' \
		"$1/summary.csv"
}
for step in 900 60; do
	/usr/bin/time -f "%U %S %M" -o "$T/time" "$D" run "$B/inference_year.json" \
		--set "workload.services[0].step_s=$step" -q --no-report -o "$T/y$step" >/dev/null
	set -- $(awk '{ printf "%.2f %d\n", $1 + $2, $3 }' "$T/time")
	echo "inference year (10,000 GPUs, aggregate, ${step}-s steps): $1 s CPU, $(($2 / 1024)) MB;" \
		"$(kpi "$T/y$step" inference_requests) requests, $(kpi "$T/y$step" inference_replicas_mean)" \
		"replicas on average, $(kpi "$T/y$step" inference_scale_ups) scale-ups;" \
		"target under 10 s at 900-s steps"
done
