#!/bin/sh
# tests/fuzz/run.sh BUILD SECONDS NAME... - run each libFuzzer harness
# BUILD/fuzz_NAME for SECONDS s: first on its regression inputs
# (tests/fuzz/regress/NAME/, every crash found so far, minimised), then
# fuzzing from a seed corpus made from the shipped scenarios and data
# files (BUILD/seeds/NAME, rebuilt each time) plus what earlier runs
# found (BUILD/corpus/NAME, kept). A crash leaves BUILD/crash-NAME-* and
# fails. Prints each harness's executions per second. FUZZ_JOBS (the
# cores, by default) harnesses run at once.
set -u
B=$1 SECS=$2
shift 2
SRC=$(cd "$(dirname "$0")/../.." && pwd)
failed=0

# seeds NAME DIR: the shipped files, cut to a few hundred lines (libFuzzer
# mutates a 1.6 MB year of weather slowly); CSV and weather seeds start
# with the byte that picks the reader and its columns (see the harness).
seeds() {
	d=$2
	rm -rf "$d"; mkdir -p "$d"
	case $1 in
	scenario)
		for f in "$SRC"/scenarios/*.json "$SRC"/tests/data/*.json "$SRC"/bench/sweep_base.json; do
			grep -q '"axes"\|"variable"' "$f" || cp "$f" "$d/"
		done ;;
	sweep)
		for f in "$SRC"/scenarios/*.json "$SRC"/tests/data/*.json "$SRC"/bench/sweep.json; do
			grep -q '"axes"' "$f" && cp "$f" "$d/"
		done ;;
	plan)
		for f in "$SRC"/scenarios/*.json "$SRC"/tests/data/*.json; do
			grep -q '"variable"' "$f" && cp "$f" "$d/"
		done ;;
	csv)   # 0: trace "runtime"; 4: timed "timestamp"/"avg_CI"; 5: grid signal;
	       # 0x8d (141): bounded column "x" (a per-job power file)
		{ printf '\000'; head -n 300 "$SRC/scenarios/traces/philly_runtime.csv"; } >"$d/trace"
		printf '\215x\n420\n388.5\n700\n70\n' >"$d/bounded"
		for f in "$SRC"/tests/data/*.csv; do { printf '\000'; cat "$f"; } >"$d/$(basename "$f")"; done
		for f in "$SRC"/scenarios/grid/*.csv; do
			g=$(basename "$f" .csv)
			{ printf '\004'; head -n 200 "$f"; } >"$d/timed_$g"
			{ printf '\005'; head -n 200 "$f"; } >"$d/grid_$g"
		done ;;
	trace) # byte % 3: SWF, Philly, CSV t,g,d; +4 labelled (user, topology, c),
	       # +8 the CSV's walltime w, +16 its times in hours
		for f in "$SRC"/scenarios/traces/*.swf "$SRC"/tests/data/*.swf; do
			[ -f "$f" ] && { printf '\014'; head -n 200 "$f"; } >"$d/swf_$(basename "$f")"
		done
		{ printf '\004'; head -n 200 "$SRC/scenarios/traces/philly_trace_rfold.csv"; } >"$d/philly"
		printf '\016t,g,d,w,c\n0,2,30,60,a\n60,1,5,-1,b\n120,8,3600,7200,a\n' >"$d/csv" ;;
	epw)   # 0: EPW; 1: CSV time, dry bulb C, RH %
		for f in "$SRC"/scenarios/weather/*.epw; do
			{ printf '\000'; head -n 200 "$f"; } >"$d/$(basename "$f")"
		done
		printf '\001time,dry_c,rh\n0,20.5,50\n1,21,55\n2,35,10\n' >"$d/csv" ;;
	esac
}

# one NAME: its regression inputs, then SECS s of fuzzing; its lines go to
# B/fuzz_NAME.result, and B/fuzz_NAME.failed marks a failure (the harnesses
# run side by side, one a core, and print in the order given).
one() {
	n=$1
	bin=$B/fuzz_$n
	reg=$SRC/tests/fuzz/regress/$n
	out=$B/fuzz_$n.result
	rm -f "$B/fuzz_$n.failed"
	if [ -d "$reg" ] && [ -n "$(ls "$reg")" ]; then
		if ! "$bin" "$reg"/* >"$B/fuzz_$n.regress.log" 2>&1; then
			{ echo "fuzz $n: a regression input fails again:"; tail -30 "$B/fuzz_$n.regress.log"; } >"$out"
			: >"$B/fuzz_$n.failed"
			return
		fi
	fi
	seeds "$n" "$B/seeds/$n"
	mkdir -p "$B/corpus/$n"
	if "$bin" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$B/crash-$n-" "$B/corpus/$n" "$B/seeds/$n" >"$B/fuzz_$n.log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$B/fuzz_$n.log")
		echo "fuzz $n: ${execs:-?} inputs in ${SECS} s ($(( ${execs:-0} / SECS ))/s), no crash" >"$out"
	else
		{ echo "fuzz $n: FAILED (log $B/fuzz_$n.log):"
		  grep -E "ERROR|SUMMARY|runtime error|Test unit written|resolved JSON" "$B/fuzz_$n.log" | head -10
		} >"$out"
		: >"$B/fuzz_$n.failed"
	fi
}

JOBS=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
i=0
for n in "$@"; do
	one "$n" &
	i=$((i + 1))
	if [ "$i" -ge "$JOBS" ]; then
		wait
		i=0
	fi
done
wait
for n in "$@"; do
	cat "$B/fuzz_$n.result"
	[ -f "$B/fuzz_$n.failed" ] && failed=1
done
[ "$failed" -eq 0 ]
