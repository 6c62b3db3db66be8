#!/bin/sh
# tests/cli.sh DCSIM - the command line: exit codes, messages, output files,
# and same seed -> same bytes. Prints "N passed, N failed".
set -u
DCSIM=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect STATUS PATTERN -- CMD...: exit status and a pattern in stdout+stderr
expect() {
	want=$1 pat=$2
	shift 3
	"$@" >"$T/out" 2>&1
	got=$?
	if [ "$got" -ne "$want" ]; then
		bad "$* -> exit $got, want $want"; sed 's/^/    /' "$T/out"
	elif [ -n "$pat" ] && ! grep -q -- "$pat" "$T/out"; then
		bad "$* -> output lacks '$pat'"; sed 's/^/    /' "$T/out"
	else
		ok
	fi
}

expect 0 "usage: dcsim COMMAND" -- "$DCSIM" --help
expect 0 "dcsim 0." -- "$DCSIM" --version
expect 0 "--set PATH=VALUE" -- "$DCSIM" run --help
expect 0 "every error" -- "$DCSIM" validate --help
expect 0 "source" -- "$DCSIM" catalog --help
expect 2 "usage" -- "$DCSIM"
expect 2 "unknown command 'frob'" -- "$DCSIM" frob
expect 2 "unknown option '--bogus'" -- "$DCSIM" run --bogus
expect 2 "needs a value" -- "$DCSIM" run --set
expect 2 "--seed needs a whole number" -- "$DCSIM" run --seed abc
expect 0 "h100_sxm" -- "$DCSIM" catalog
expect 0 "10.20" -- "$DCSIM" catalog

# The default runs, twice with one seed: byte-identical files.
expect 0 "IT energy" -- "$DCSIM" run -o "$T/a"
expect 0 "" -- "$DCSIM" run -q -o "$T/b" --seed 1
for f in summary.csv timeseries.csv jobs.csv racks.csv chain.csv power_dist.csv resolved.json; do
	if [ -s "$T/a/$f" ] && cmp -s "$T/a/$f" "$T/b/$f"; then ok; else bad "$f differs between equal seeds"; fi
done
if [ -z "$(ls "$T/a" | grep '\.tmp$')" ]; then ok; else bad "temporary files left in output"; fi
expect 0 "" -- "$DCSIM" run -q -o "$T/c" --seed 2
if cmp -s "$T/a/summary.csv" "$T/c/summary.csv"; then bad "seed 2 gave seed 1's summary"; else ok; fi
if grep -q '"master":	2' "$T/c/resolved.json"; then ok; else bad "resolved.json lacks seed 2"; fi
# --quiet prints nothing
if [ ! -s "$T/out" ]; then ok; else bad "--quiet printed"; cat "$T/out"; fi
# A calendar and a cost section: monthly.csv, local_time, the cost columns; the default
# run (no calendar) writes no monthly.csv and no local_time
SRC=$(dirname "$0")/..
expect 0 "calendar: starts 2025-06-30T12:00" -- "$DCSIM" validate "$SRC/tests/data/money_small.json"
expect 0 "cost of ownership (USD)" -- "$DCSIM" run "$SRC/tests/data/money_small.json" -o "$T/m" --no-report
# no job classes across a month end: the months close with no waits to sort
expect 0 "cost of ownership (USD)" -- "$DCSIM" run "$SRC/tests/data/money_small.json" -o "$T/m0" --no-report --set "workload.classes=[]"
if head -1 "$T/m/monthly.csv" | grep -q '^month,start_local,hours,.*,cost_total_usd$' &&
   [ "$(wc -l <"$T/m/monthly.csv")" -eq 3 ] && grep -q '^2025-07,2025-07-01T00:00,36,' "$T/m/monthly.csv"; then
	ok; else bad "monthly.csv: not the two months of money_small"; cat "$T/m/monthly.csv"; fi
if sed -n 2p "$T/m/timeseries.csv" | grep -q '^0,2025-06-30T12:00,1,'; then ok; else bad "timeseries.csv lacks local_time"; fi
if [ ! -e "$T/a/monthly.csv" ] && ! head -1 "$T/a/timeseries.csv" | grep -q local_time; then ok; else bad "monthly.csv or local_time without a calendar"; fi
if head -1 "$T/m/summary.csv" | tr ',' '\n' | grep -qx "cost_per_delivered_gpu_h_usd"; then ok; else bad "summary.csv lacks the cost columns"; fi

# Summary columns the README promises
for col in scenario seed gpus sim_days it_energy_mwh facility_energy_mwh pue it_peak_kw \
	facility_peak_kw gpu_utilization jobs_submitted jobs_completed jobs_rejected \
	wait_mean_s wait_p50_s wait_p95_s wait_p99_s it_gpu_energy_mwh it_host_energy_mwh \
	it_fans_energy_mwh it_network_energy_mwh gpu_throttled_hours; do
	if head -1 "$T/a/summary.csv" | tr ',' '\n' | grep -qx "$col"; then ok; else bad "summary.csv lacks $col"; fi
done

# A scenario file, a syntax error, a semantic error: exit 2, no output dir.
cat >"$T/good.json" <<'J'
{ "name": "tiny", "duration_h": 12,
  "cluster": { "racks": 1, "nodes_per_rack": 2, "node": "hgx_h100" },
  "workload": { "classes": [ { "name": "c", "arrival": { "process": "poisson", "rate_per_h": 2 },
    "gpus": 4, "duration": { "distribution": "exponential", "mean_h": 1 }, "utilization": 0.7 } ] } }
J
printf '{\n  "name": "x",\n  "cluster": {\n    "racks": 1,\n  }\n}\n' >"$T/syntax.json"
expect 0 "16 GPUs" -- "$DCSIM" validate "$T/good.json"
expect 0 "IT energy" -- "$DCSIM" run "$T/good.json" -o "$T/g" --set cluster.racks=2
expect 0 "32 GPUs" -- "$DCSIM" validate "$T/good.json" --set cluster.racks=2
# A class's per-job power distribution, in its levels (issue 21): a lognormal
# of median 300 W and sigma 0.2 in 4 levels spans 234-389 W, mean 306.1 W
# (the conditional means, checked by hand with Python's NormalDist).
expect 0 "GPU power per job: lognormal in 4 levels, 234 to 389 W, mean 306.1 W" -- \
	"$DCSIM" validate "$T/good.json" --set 'workload.classes[0]={"name": "c", "arrival":
	{"process": "poisson", "rate_per_h": 2}, "gpus": 4, "duration": {"distribution":
	"exponential", "mean_h": 1}, "gpu_power_dist": {"distribution": "lognormal",
	"median_w": 300, "sigma": 0.2, "levels": 4}}'
expect 2 "syntax.json:5:" -- "$DCSIM" validate "$T/syntax.json"
expect 2 "syntax.json:5:" -- "$DCSIM" run "$T/syntax.json" -o "$T/no1"
if [ ! -e "$T/no1" ]; then ok; else bad "output dir created for bad input"; fi
expect 2 "cluster.racks: must be in \[1" -- "$DCSIM" run "$T/good.json" -o "$T/no2" --set cluster.racks=0
if [ ! -e "$T/no2" ]; then ok; else bad "output dir created for bad input"; fi
expect 2 "did you mean \"utilization\"" -- "$DCSIM" validate "$T/good.json" \
	--set workload.classes[0].utilisation=1
expect 2 "2 errors" -- "$DCSIM" validate "$T/good.json" --set cluster.racks=0 --set duration_h=-1
# issue 16: an offered load past the cluster warns in validate and run (and
# the run's report); a queue past limits.max_queued_jobs stops the run
over="workload.classes[0].arrival.rate_per_h=100"
expect 0 "warning: .*offered load 400 GPUs is 25 x the 16 installed" -- "$DCSIM" validate "$T/good.json" --set "$over"
expect 0 "  warning: .*workload.classes\[0\] (c): offered load 400 GPUs" -- "$DCSIM" run "$T/good.json" -o "$T/w1" --set "$over" --no-report
expect 1 "more than 50 jobs queued at hour .*class \"c\" offers a load of 400 GPUs against 16 installed" -- \
	"$DCSIM" run "$T/good.json" -q -o "$T/w2" --set "$over" --set limits.max_queued_jobs=50
if [ ! -e "$T/w2" ]; then ok; else bad "a run stopped at the queue limit left its folder"; fi
expect 0 "warning: .*no job classes" -- "$DCSIM" validate "$T/good.json" --set 'workload.classes=[]'
if "$DCSIM" validate "$T/good.json" 2>&1 | grep -q warning; then bad "a plain scenario warned"; else ok; fi
expect 2 "cannot open" -- "$DCSIM" validate "$T/missing.json"
expect 2 "power.gpu_cap_fraction: the cap (70 W) must lie above" -- "$DCSIM" validate \
	"$T/good.json" --set power.gpu_cap_fraction=0.1
expect 0 "GPU caps" -- "$DCSIM" validate "$T/good.json" --set power.gpu_cap_w=500
# A run without a chain into a directory that held one leaves no chain.csv.
expect 0 "" -- "$DCSIM" run -q -o "$T/a" --set 'power={}'
if [ ! -e "$T/a/chain.csv" ] && [ -s "$T/a/summary.csv" ]; then ok; else bad "stale chain.csv kept"; fi
expect 2 "power.chain.levels\[2\]: pdu unit 0 carries 177.0 kW" -- "$DCSIM" validate \
	--set 'power.chain.levels[2].rating_kw=150' "$(dirname "$0")/../scenarios/default_1024_h100.json"
expect 2 "missing SCENARIO.json" -- "$DCSIM" validate
expect 2 "NUL byte" -- sh -c "printf '{}\\000' > '$T/nul.json'; '$DCSIM' validate '$T/nul.json'"
# A listed arrival process reports its real offered load: 2 jobs in 12 h
# x 4 GPUs x 3 h = 2 GPUs.
expect 0 "list 0.167/h, 4 GPUs mean, constant duration 3 h mean, util 0.70: offered load 2 GPUs" -- \
	"$DCSIM" validate "$T/good.json" --set 'workload.classes[0].arrival={"process":"list","times_h":[1,2,13]}' \
	--set 'workload.classes[0].duration={"distribution":"constant","value_h":3}'
# Every shipped example validates.
for s in "$(dirname "$0")"/../scenarios/*.json; do
	expect 0 "scenario" -- "$DCSIM" validate "$s"
done
# The 16k-GPU failures example runs (0.4 s) and prints its interruptions
# by cause; failures.csv holds them.
expect 0 "network  network_switch_cable" -- "$DCSIM" run --no-report -o "$T/fx" \
	"$(dirname "$0")/../scenarios/how_much_training_time_do_failures_cost_a_16k_gpu_run.json"
if grep -q '^network,network_switch_cable,1,' "$T/fx/failures.csv"; then ok; else bad "failures.csv lacks the switch row"; fi

# Sweeps: validation, -j 1 and -j 2 byte-identical, 60 rows with the right
# values, resume after a cut-short journal, bad files before any run.
mkdir -p "$T/sw"
cp "$(dirname "$0")/data/sweep_small.json" "$T/sw/base.json"
cat >"$T/sw/grid.json" <<'EOF'
{ "base": "base.json", "replications": 5, "keep_runs": [7],
  "axes": [ { "path": "cluster.racks", "values": [1, 2, 4] },
            { "path": "workload.classes[0].utilization", "from": 0.5, "to": 0.8, "step": 0.1 } ] }
EOF
expect 0 "sweep SWEEP.json" -- "$DCSIM" sweep --help
expect 0 "12 points x 5 replications = 60 runs" -- "$DCSIM" validate "$T/sw/grid.json"
expect 0 "60 runs" -- "$DCSIM" sweep "$T/sw/grid.json" -j 1 -o "$T/sw/j1"
expect 0 "" -- "$DCSIM" sweep "$T/sw/grid.json" -j 2 -q -o "$T/sw/j2"
for f in summary.csv points.csv sweep.json; do
	if cmp -s "$T/sw/j1/$f" "$T/sw/j2/$f"; then ok; else bad "sweep $f differs between -j 1 and -j 2"; fi
done
if [ "$(wc -l <"$T/sw/j1/summary.csv")" -eq 61 ] && [ "$(wc -l <"$T/sw/j1/points.csv")" -eq 13 ] &&
	awk -F, 'NR > 1 { p = int((NR - 2) / 5); r = (NR - 2) % 5
		split("1 2 4", racks, " "); split("0.5 0.6 0.7 0.8", u, " ")
		if ($1 != NR - 2 || $2 != p || $3 != r || $5 != racks[int(p / 4) + 1] || $6 != u[p % 4 + 1]) exit 1 }' \
		"$T/sw/j1/summary.csv"; then ok; else bad "sweep rows: count or parameter values wrong"; fi
if [ -f "$T/sw/j1/runs/run_7/timeseries.csv" ] && [ ! -d "$T/sw/j1/runs/run_8" ]; then ok; else
	bad "keep_runs: run 7's outputs missing or others written"; fi
mkdir -p "$T/sw/res"
cp "$T/sw/j1/sweep.json" "$T/sw/res/"
{ head -n 24 "$T/sw/j1/summary.csv"; sed -n 25p "$T/sw/j1/summary.csv" | cut -c1-40 | tr -d '\n'; } \
	>"$T/sw/res/runs.partial.csv"
expect 2 "add --resume" -- "$DCSIM" sweep "$T/sw/grid.json" -q -o "$T/sw/res"
expect 0 "" -- "$DCSIM" sweep "$T/sw/grid.json" -q -j 2 --resume -o "$T/sw/res"
if cmp -s "$T/sw/j1/summary.csv" "$T/sw/res/summary.csv" && cmp -s "$T/sw/j1/points.csv" "$T/sw/res/points.csv" &&
	[ ! -e "$T/sw/res/runs.partial.csv" ]; then ok; else bad "resumed sweep differs from an uninterrupted one"; fi
expect 0 "" -- "$DCSIM" sweep "$T/sw/grid.json" -q --resume -o "$T/sw/res"
# a sweep holds a flock on its folder: a second one at once exits 2
flock "$T/sw/res" sleep 3 &
sleep 0.5
expect 2 "another dcsim sweep is writing into it" -- "$DCSIM" sweep "$T/sw/grid.json" -q --resume -o "$T/sw/res"
wait
if cmp -s "$T/sw/j1/summary.csv" "$T/sw/res/summary.csv"; then ok; else bad "resuming a finished sweep changed it"; fi
printf '{"base": "base.json", "axes": [{"path": "cluster.racks", "from": 1, "to": 3, "step": 0}]}' >"$T/sw/step0.json"
expect 2 "axes\[0\].step: must not be 0" -- "$DCSIM" sweep "$T/sw/step0.json" -o "$T/sw/none"
printf '{"base": "base.json", "axes": [{"path": "cluster.racks", "values": [2, 0]}]}' >"$T/sw/pt.json"
expect 2 "point 1 (cluster.racks=0)" -- "$DCSIM" sweep "$T/sw/pt.json" -o "$T/sw/none"
expect 2 "point 1 (cluster.racks=0)" -- "$DCSIM" validate "$T/sw/pt.json"
if [ ! -e "$T/sw/none" ]; then ok; else bad "a bad sweep created its output directory"; fi
expect 2 "unknown option" -- "$DCSIM" sweep "$T/sw/grid.json" --bogus
expect 2 "thread count" -- "$DCSIM" sweep "$T/sw/grid.json" -j 0
cat >"$T/sw/sobol.json" <<'EOF'
{ "base": "base.json", "design": { "type": "sobol", "points": 16 },
  "axes": [ { "path": "workload.classes[0].utilization", "from": 0.3, "to": 1.0 },
            { "path": "cooling.pue", "from": 1.1, "to": 1.5 } ] }
EOF
expect 0 "for Sobol indices use the saltelli design" -- "$DCSIM" validate "$T/sw/sobol.json"
expect 0 "sensitivity.csv" -- "$DCSIM" sweep "$T/sw/sobol.json" -o "$T/sw/sob"
expect 2 "add --resume" -- "$DCSIM" sweep "$T/sw/sobol.json" -o "$T/sw/j1"
expect 2 "a different sweep" -- "$DCSIM" sweep "$T/sw/sobol.json" --resume -o "$T/sw/j1"
if cmp -s "$T/sw/j1/sweep.json" "$T/sw/j2/sweep.json"; then ok; else bad "a refused sweep overwrote sweep.json"; fi
if grep -q '^pue,cooling.pue,' "$T/sw/sob/sensitivity.csv"; then ok; else bad "sensitivity.csv lacks pue on cooling.pue"; fi

# Issue 16 (hardening): an empty -o, an -o that cannot hold results, data
# files that are not files, a NUL inside a CSV number, out of memory,
# threads that cannot start, a full stdout, two sweeps racing for one dir.
expect 2 "-o needs a directory name, got ''" -- "$DCSIM" run -o ''
expect 2 "-o needs a directory name, got ''" -- "$DCSIM" sweep "$T/sw/grid.json" -o ''
: >"$T/afile"
expect 2 "afile: exists and is not a directory" -- "$DCSIM" run "$T/good.json" -q -o "$T/afile"
expect 2 "/dev/full: exists and is not a directory" -- "$DCSIM" run "$T/good.json" -q -o /dev/full
expect 2 "/proc/self: cannot write into it" -- "$DCSIM" run "$T/good.json" -q -o /proc/self
expect 1 "cannot write to standard output" -- sh -c "'$DCSIM' catalog >/dev/full"
expect 1 "cannot write to standard output" -- sh -c "'$DCSIM' validate '$T/good.json' >/dev/full"
mkdir -p "$T/df"
sed 's/"distribution": "exponential", "mean_h": 1/"distribution": "empirical", "file": "tr.csv", "column": "runtime", "unit": "s"/' \
	"$T/good.json" >"$T/df/s.json"
printf 'runtime\n6\000 00\n' >"$T/df/tr.csv"
expect 2 "tr.csv: line 2: a NUL byte in a field" -- "$DCSIM" validate "$T/df/s.json"
printf '\357\273\277runtime\r\n60\r\n120\r\n' >"$T/df/tr.csv"
expect 0 "empirical duration 0.025 h mean" -- "$DCSIM" validate "$T/df/s.json"
rm -f "$T/df/tr.csv"; ln -s /dev/zero "$T/df/tr.csv"
expect 2 "tr.csv: is a character device: a data file must be a regular file" -- \
	timeout 10 "$DCSIM" run "$T/df/s.json" -o "$T/df/out"
rm -f "$T/df/tr.csv"; mkfifo "$T/df/tr.csv"
expect 2 "tr.csv: is a FIFO" -- timeout 10 "$DCSIM" validate "$T/df/s.json"
rm -f "$T/df/tr.csv"; truncate -s 65M "$T/df/tr.csv"
expect 2 "tr.csv: 68157440 bytes: a data file may hold at most 64 MiB" -- "$DCSIM" validate "$T/df/s.json"
expect 2 "^/dev/zero: is a character device" -- "$DCSIM" validate "$T/good.json" \
	--set 'weather={"file":"/dev/zero"}' --set 'cooling={"technology":"air"}'
expect 2 "/dev/zero: is a character device" -- "$DCSIM" validate "$T/good.json" \
	--set 'grid={"carbon":{"file":"/dev/zero","column":"c","time_column":"t"},"utc_offset_h":0}'
if [ ! -e "$T/df/out" ]; then ok; else bad "output dir created for a bad data file"; fi
# Out of memory reading a trace is exit 1: 8 million values need 64 MB,
# more than the 60 MB address space given (not under ASan, which needs more).
if (ulimit -v 60000 && "$DCSIM" --version) >/dev/null 2>&1; then
	rm -f "$T/df/tr.csv"; { echo runtime; yes 1 | head -n 8000000; } >"$T/df/tr.csv"
	expect 1 "tr.csv: out of memory" -- sh -c "ulimit -v 60000; '$DCSIM' validate '$T/df/s.json'"
	expect 1 "cannot start 4096 threads" -- sh -c "ulimit -v 1000000; '$DCSIM' sweep '$T/sw/grid.json' -j 4096 -o '$T/df/t400'"
	if [ ! -e "$T/df/t400" ]; then ok; else bad "a sweep without threads created its directory"; fi
	# a run that fails for want of memory leaves no empty output folder (8.76e6
	# time-series rows: under the 1e7-row limit, over 150 MB)
	expect 1 "out of memory during the run" -- sh -c "ulimit -v 150000; '$DCSIM' run '$T/good.json' -q \
		-o '$T/df/oom' --set sample_interval_min=0.06 --set duration_h=8760"
	if [ ! -e "$T/df/oom" ]; then ok; else bad "a failed run left its output folder"; fi
fi
rm -f "$T/df/tr.csv"
# Two sweeps started together into one directory: exactly one runs.
for k in 1 2 3; do
	"$DCSIM" sweep "$T/sw/grid.json" -q -j 1 -o "$T/race$k" >"$T/race$k.a" 2>&1 & p1=$!
	"$DCSIM" sweep "$T/sw/grid.json" -q -j 1 -o "$T/race$k" >"$T/race$k.b" 2>&1 & p2=$!
	wait $p1; r1=$?; wait $p2; r2=$?
	if [ $((r1 + r2)) -eq 2 ] && [ $((r1 * r2)) -eq 0 ] && cmp -s "$T/race$k/summary.csv" "$T/sw/j1/summary.csv"; then ok
	else bad "two racing sweeps: exits $r1 and $r2"; cat "$T/race$k.a" "$T/race$k.b"; fi
done
mkdir -p "$T/sw/lock"; : >"$T/sw/lock/runs.partial.csv"
expect 2 "holds runs.partial.csv already" -- "$DCSIM" sweep "$T/sw/grid.json" -q -o "$T/sw/lock"

# A sweep whose points share parsed weather, grid and trace files: -j 1 and
# -j 2 byte-identical, and run 2 (point 1, replication 0) equal, column for
# column, to `dcsim run` of the same point reading its files itself.
D=$(dirname "$0")/data
expect 0 "" -- "$DCSIM" sweep "$D/sweep_files.json" -q -j 1 -o "$T/sw/f1"
expect 0 "" -- "$DCSIM" sweep "$D/sweep_files.json" -q -j 2 -o "$T/sw/f2"
if cmp -s "$T/sw/f1/summary.csv" "$T/sw/f2/summary.csv"; then ok; else bad "file-sharing sweep differs between -j 1 and -j 2"; fi
expect 0 "" -- "$DCSIM" run -q "$D/files_base.json" --set cooling.liquid.supply_c=36 -o "$T/sw/f_run"
if awk -F, 'NR == FNR { if (FNR == 1) for (i = 1; i <= NF; i++) col[$i] = i
		else if (FNR == 4) for (i = 1; i <= NF; i++) row[i] = $i
		next }
	FNR == 1 { for (i = 1; i <= NF; i++) name[i] = $i; next }
	FNR == 2 { for (i = 1; i <= NF; i++) {
		if (name[i] == "seed" || name[i] == "replication") continue
		if (!(name[i] in col) || row[col[name[i]]] != $i) bad = 1; n++ } }
	END { exit bad || n < 60 }' "$T/sw/f1/summary.csv" "$T/sw/f_run/summary.csv"; then ok; else
	bad "a sweep run differs from dcsim run of the same point"; fi

# Issue 24. A sweep's run alone: dcsim run SWEEP.json --point P --replication R
# writes the same bytes as the sweep's kept run P x R + R (grid.json: run 7 is
# point 1, replication 2), and its summary's cells are the sweep row's.
expect 0 "run 7 (point 1, replication 2)" -- "$DCSIM" run "$T/sw/grid.json" --point 1 --replication 2 \
	--no-report -o "$T/sw/rerun"
same=1
for f in "$T/sw/j1/runs/run_7/"*.csv "$T/sw/j1/runs/run_7/resolved.json"; do
	cmp -s "$f" "$T/sw/rerun/$(basename "$f")" || same=0
done
if [ "$same" -eq 1 ] && [ -s "$T/sw/rerun/jobs.csv" ]; then ok; else bad "--point 1 --replication 2 differs from the kept run 7"; fi
if awk -F, 'NR == FNR { if (FNR == 1) for (i = 1; i <= NF; i++) col[$i] = i
		else if (FNR == 9) for (i = 1; i <= NF; i++) row[i] = $i
		next }
	FNR == 1 { for (i = 1; i <= NF; i++) name[i] = $i; next }
	FNR == 2 { for (i = 1; i <= NF; i++) { if (!(name[i] in col) || row[col[name[i]]] != $i) bad = 1; n++ } }
	END { exit bad || n < 60 }' "$T/sw/j1/summary.csv" "$T/sw/rerun/summary.csv"; then ok; else
	bad "--point rerun's summary differs from the sweep's row 7"; fi
expect 2 "the sweep has points 0 to 11" -- "$DCSIM" run "$T/sw/grid.json" --point 12 -o "$T/sw/none"
expect 2 "replications 0 to 4" -- "$DCSIM" run "$T/sw/grid.json" --point 0 --replication 5 -o "$T/sw/none"
expect 2 "is a sweep: give --point P" -- "$DCSIM" run "$T/sw/grid.json" -o "$T/sw/none"
expect 2 "do not apply to a sweep's run" -- "$DCSIM" run "$T/sw/grid.json" --point 0 --seed 3 -o "$T/sw/none"
expect 2 "is a scenario" -- "$DCSIM" run "$T/good.json" --point 0 -o "$T/sw/none"
expect 2 "--point needs an index" -- "$DCSIM" run "$T/sw/grid.json" --point -1
if [ ! -e "$T/sw/none" ]; then ok; else bad "a refused --point run created its output directory"; fi

# Stdin: the same bytes as the file (resolved.json names its source, so that
# one line differs), errors name <stdin> and the line.
expect 0 "" -- sh -c "'$DCSIM' run - -q --no-report -o '$T/in_stdin' <'$T/good.json'"
expect 0 "" -- "$DCSIM" run "$T/good.json" -q --no-report -o "$T/in_file"
same=1
for f in "$T/in_file/"*.csv "$T/in_file/resolved.json"; do
	case $f in */resolved.json) continue ;; esac
	cmp -s "$f" "$T/in_stdin/$(basename "$f")" || same=0
done
if [ "$same" -eq 1 ] && [ -s "$T/in_stdin/summary.csv" ]; then ok; else bad "run - differs from run FILE"; fi
if diff "$T/in_file/resolved.json" "$T/in_stdin/resolved.json" | grep '^[<>]' | grep -v '"source":' | grep -q .; then
	bad "resolved.json of stdin differs from the file's beyond its source"; else ok; fi
expect 0 "scenario" -- sh -c "'$DCSIM' validate - <'$T/good.json'"
expect 2 "^<stdin>:3:1: JSON syntax error" -- sh -c "printf '{\\n \"name\": 1,\\n' | '$DCSIM' validate -"
expect 2 "^<stdin>: cluster.rakcs: unknown key" -- sh -c "printf '{\"cluster\": {\"rakcs\": 1}}' | '$DCSIM' validate -"
expect 2 "a sweep must be a named file" -- sh -c "'$DCSIM' run - <'$T/sw/grid.json'"
expect 2 "is a FIFO: a scenario must be a regular file (give - to read one" -- \
	sh -c "cat '$T/good.json' | '$DCSIM' validate /dev/stdin"

# --format json: one object for run, an array for sweep, parsed by python3;
# every value equals the CSV's cell (null for an empty one).
cat >"$T/json_eq.py" <<'PY'
import csv, json, sys
doc = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
if isinstance(doc, dict):
    doc = [doc]
assert len(doc) == len(rows) and len(rows) > 0, (len(doc), len(rows))
for j, r in zip(doc, rows):
    assert list(j.keys()) == list(r.keys()), "keys differ"
    for k, v in r.items():
        x = j[k]
        if v == "":
            assert x is None, (k, v, x)
        elif isinstance(x, str):
            assert x == v, (k, v, x)
        else:
            assert float(v) == x, (k, v, x)
PY
expect 0 "" -- sh -c "'$DCSIM' run '$T/good.json' --format json --no-report -o '$T/js' >'$T/js.json'"
if python3 "$T/json_eq.py" "$T/js.json" "$T/js/summary.csv"; then ok; else bad "run --format json differs from summary.csv"; fi
expect 0 "" -- sh -c "'$DCSIM' sweep '$T/sw/sobol.json' -j 2 --format json --no-report -o '$T/sw/sjs' >'$T/sjs.json'"
if python3 "$T/json_eq.py" "$T/sjs.json" "$T/sw/sjs/summary.csv"; then ok; else bad "sweep --format json differs from summary.csv"; fi
expect 2 "--format is text or json" -- "$DCSIM" run --format xml

# Saltelli and Morris designs with a categorical axis, end to end: N (k + 2)
# and r (k + 1) points, indices and effects in sensitivity.csv, the same
# bytes with -j 1 and -j 2; an unnamed sweep is named after its file.
cat >"$T/sw/salt.json" <<'JSON'
{ "base": "base.json", "design": { "type": "saltelli", "points": 8, "seed": 4 },
  "axes": [ { "path": "workload.classes[0].utilization", "from": 0.3, "to": 1.0 },
            { "path": "scheduler.policy", "values": ["fcfs", "greedy"] } ] }
JSON
expect 0 "design saltelli: 32 points" -- "$DCSIM" validate "$T/sw/salt.json"
expect 0 "sweep salt: 32 runs" -- "$DCSIM" sweep "$T/sw/salt.json" -j 1 --no-report -o "$T/sw/salt1"
expect 0 "" -- "$DCSIM" sweep "$T/sw/salt.json" -j 2 -q --no-report -o "$T/sw/salt2"
for f in summary.csv sensitivity.csv; do
	if cmp -s "$T/sw/salt1/$f" "$T/sw/salt2/$f"; then ok; else bad "saltelli $f differs between -j 1 and -j 2"; fi
done
if head -1 "$T/sw/salt1/sensitivity.csv" | grep -q ',s1,s1_ci95_low,s1_ci95_high,st,st_ci95_low,st_ci95_high,mu_star,mu,sigma$' &&
	awk -F, '$1 == "it_energy_mwh" && $2 ~ /utilization/ { found = ($7 != "" && $10 != "") } END { exit !found }' \
		"$T/sw/salt1/sensitivity.csv"; then ok; else bad "saltelli sensitivity.csv lacks S1 and ST"; fi
if cut -d, -f6 "$T/sw/salt1/summary.csv" | sort -u | tr '\n' ' ' | grep -q '^fcfs greedy scheduler.policy $'; then ok; else
	bad "the categorical axis did not take both values"; fi
sed 's/"saltelli", "points": 8/"morris", "points": 6/' "$T/sw/salt.json" >"$T/sw/mor.json"
expect 0 "18 runs" -- "$DCSIM" sweep "$T/sw/mor.json" -j 2 --no-report -o "$T/sw/mor"
if awk -F, '$1 == "it_energy_mwh" && $2 ~ /utilization/ { found = ($13 != "" && $15 != "") } END { exit !found }' \
	"$T/sw/mor/sensitivity.csv"; then ok; else bad "morris sensitivity.csv lacks mu_star and sigma"; fi

# Plans: the largest rack count under a power limit, known exactly (an
# idle hall draws racks x one rack's power); the binding constraint named;
# -j 1 and -j 2 byte-identical; a resumed plan equal to an uninterrupted
# one; located errors for bad plans; the warning when neither end is
# feasible.
mkdir -p "$T/pl"
cp "$D/plan_linear_base.json" "$T/pl/base.json"
expect 0 "" -- "$DCSIM" run -q --no-report "$T/pl/base.json" -o "$T/pl/one"
P1=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "facility_peak_kw") c = i }
	NR == 2 { print $c }' "$T/pl/one/summary.csv")
LIMIT=$(awk -v p="$P1" 'BEGIN { printf "%.6f", 37.5 * p }')
LOW=$(awk -v p="$P1" 'BEGIN { printf "%.6f", 20.5 * p }')
printf '%s\n' "{ \"name\": \"linear\", \"base\": \"base.json\", \"replications\": 2,
  \"variable\": { \"path\": \"cluster.racks\", \"from\": 1, \"to\": 120, \"step\": 1 },
  \"constraints\": [ \"facility_peak_kw <= $LIMIT\", \"pue <= 1.4\" ],
  \"objective\": \"maximise variable\" }" >"$T/pl/plan.json"
expect 0 "plan PLAN.json" -- "$DCSIM" plan --help
expect 0 "both ends of the range are valid" -- "$DCSIM" validate "$T/pl/plan.json"
expect 0 "answer: cluster.racks = 37" -- "$DCSIM" plan "$T/pl/plan.json" -j 1 --no-report -o "$T/pl/j1"
if grep -q "binding at cluster.racks = 38" "$T/out" &&
	grep -A1 "binding at" "$T/out" | grep -q "facility_peak_kw <= $LIMIT *FAILS" &&
	grep -q "pue <= 1.4 .*<- next" "$T/out"; then ok; else
	bad "plan: binding constraint or the next not named"; sed 's/^/    /' "$T/out"; fi
if awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["answer"] == 1 { a = $c["cluster.racks"] }
	$c["cluster.racks"] == 38 { past = $c["feasible"] == 0 }
	END { exit !(a == 37 && past) }' "$T/pl/j1/plan.csv"; then ok; else
	bad "plan.csv: the answer's row or the infeasible step past it wrong"; fi
expect 0 "" -- "$DCSIM" plan "$T/pl/plan.json" -j 2 -q --no-report -o "$T/pl/j2"
# --format json on a plan: its summary.csv's rows, and nothing else on stdout
expect 0 "" -- sh -c "'$DCSIM' plan '$T/pl/plan.json' -j 2 --format json --no-report -o '$T/pl/pjs' >'$T/pjs.json'"
if python3 "$T/json_eq.py" "$T/pjs.json" "$T/pl/pjs/summary.csv"; then ok; else bad "plan --format json differs from summary.csv"; fi
for f in plan.csv plan.txt plan.json summary.csv points.csv; do
	if cmp -s "$T/pl/j1/$f" "$T/pl/j2/$f"; then ok; else bad "plan $f differs between -j 1 and -j 2"; fi
done
# resume: the first 5 runs in the journal, the sixth cut short
mkdir -p "$T/pl/res"
cp "$T/pl/j1/plan.json" "$T/pl/res/"
head -6 "$T/pl/j1/summary.csv" >"$T/pl/res/runs.partial.csv"
sed -n 7p "$T/pl/j1/summary.csv" | cut -c1-20 | tr -d '\n' >>"$T/pl/res/runs.partial.csv"
expect 2 "add --resume" -- "$DCSIM" plan "$T/pl/plan.json" -q --no-report -o "$T/pl/res"
expect 0 "" -- "$DCSIM" plan "$T/pl/plan.json" -q --no-report --resume -o "$T/pl/res"
for f in plan.csv plan.txt summary.csv; do
	if cmp -s "$T/pl/j1/$f" "$T/pl/res/$f"; then ok; else bad "resumed plan: $f differs"; fi
done
# --set applies to the base: at a PUE of 1.2, 40 racks fit (37.5 x 1.3 / 1.2 = 40.6)
expect 0 "answer: cluster.racks = 40" -- "$DCSIM" plan "$T/pl/plan.json" --no-report --set cooling.pue=1.2 -o "$T/pl/set"
expect 2 "cluster.racks is an axis" -- "$DCSIM" plan "$T/pl/plan.json" --set cluster.racks=3 -o "$T/pl/none"
# bad plans, each error at its JSON path, from validate and plan alike
bad_plan() { # NAME PATTERN JSON
	printf '%s\n' "$3" >"$T/pl/$1.json"
	expect 2 "$2" -- "$DCSIM" validate "$T/pl/$1.json"
	expect 2 "$2" -- "$DCSIM" plan "$T/pl/$1.json" -o "$T/pl/none"
}
V='"variable": { "path": "cluster.racks", "from": 1, "to": 10 }'
B='"base": "base.json"'
bad_plan kpi 'constraints\[0\]: "facility_peak" is not a numeric KPI of summary.csv (did you mean "facility_peak_kw"?)' \
	"{ $B, $V, \"constraints\": [\"facility_peak <= 5\"], \"objective\": \"maximise variable\" }"
bad_plan syntax 'constraints\[1\]: "pue < 1.3" must read' \
	"{ $B, $V, \"constraints\": [\"pue <= 2\", \"pue < 1.3\"], \"objective\": \"maximise variable\" }"
bad_plan monthly 'constraints\[0\]: "max monthly_facility_peak_kw <= 40000" needs the runs. months: give the base scenario a calendar' \
	"{ $B, $V, \"constraints\": [\"max monthly_facility_peak_kw <= 40000\"], \"objective\": \"maximise variable\" }"
bad_plan month_col 'constraints\[0\]: "facility_peak" is not a column of monthly.csv (did you mean "facility_peak_kw"?)' \
	"{ $B, $V, \"constraints\": [\"max monthly_facility_peak <= 40000\"], \"objective\": \"maximise variable\" }"
bad_plan month_which 'constraints\[0\]: "monthly_pue <= 2": a monthly constraint says which month: "max monthly_pue"' \
	"{ $B, $V, \"constraints\": [\"monthly_pue <= 2\"], \"objective\": \"maximise variable\" }"
bad_plan month_stat 'constraints\[0\]: "max pue <= 2": max, min and mean apply to monthly.csv' \
	"{ $B, $V, \"constraints\": [\"max pue <= 2\"], \"objective\": \"maximise variable\" }"
bad_plan whole 'variable.step: an integer variable needs a whole number, got 0.5' \
	"{ $B, \"variable\": { \"path\": \"cluster.racks\", \"from\": 1, \"to\": 10, \"step\": 0.5 }, \"constraints\": [\"pue <= 2\"], \"objective\": \"maximise variable\" }"
bad_plan key 'variable.stp: unknown key (did you mean "step"?)' \
	"{ $B, \"variable\": { \"path\": \"cluster.racks\", \"from\": 1, \"to\": 10, \"stp\": 1 }, \"constraints\": [\"pue <= 2\"], \"objective\": \"maximise variable\" }"
bad_plan objective 'objective: "maximise" must be' \
	"{ $B, $V, \"constraints\": [\"pue <= 2\"], \"objective\": \"maximise\" }"
bad_plan objkpi 'objective: "pu" is not a numeric KPI' \
	"{ $B, $V, \"objective\": \"minimise pu\" }"
bad_plan nocon 'constraints: a plan that maximises or minimises its variable needs a constraint' \
	"{ $B, $V, \"objective\": \"maximise variable\" }"
bad_plan twice 'constraints\[1\]: pue is bounded above twice' \
	"{ $B, $V, \"constraints\": [\"pue <= 2\", \"pue <= 1.5\"], \"objective\": \"maximise variable\" }"
bad_plan range 'variable cluster.racks=0 (the bottom of its range)' \
	"{ $B, \"variable\": { \"path\": \"cluster.racks\", \"from\": 0, \"to\": 10 }, \"constraints\": [\"pue <= 2\"], \"objective\": \"maximise variable\" }"
if [ ! -e "$T/pl/none" ]; then ok; else bad "a bad plan created its output directory"; fi
# a band: facility_peak_kw >= 20.5 racks' draw holds from 21 racks up, <= 37.5
# racks' draw up to 37: the smallest and the largest of it, each bound named
printf '%s\n' "{ $B, \"variable\": { \"path\": \"cluster.racks\", \"from\": 1, \"to\": 60 },
  \"constraints\": [ \"facility_peak_kw >= $LOW\", \"facility_peak_kw <= $LIMIT\" ],
  \"objective\": \"minimise variable\" }" >"$T/pl/band.json"
expect 0 "answer: cluster.racks = 21" -- "$DCSIM" plan "$T/pl/band.json" --no-report -o "$T/pl/band_min"
if grep -q "binding at cluster.racks = 20" "$T/out" && grep -A1 "binding at" "$T/out" | grep -q "facility_peak_kw >= $LOW *FAILS"; then
	ok; else bad "band plan: the lower bound not named binding"; sed 's/^/    /' "$T/out"; fi
sed 's/minimise variable/maximise variable/' "$T/pl/band.json" >"$T/pl/band_max.json"
expect 0 "" -- "$DCSIM" plan "$T/pl/band_max.json" --no-report -q -o "$T/pl/band_max"
expect 0 "answer: cluster.racks = 37" -- cat "$T/pl/band_max/plan.txt"
# a real variable: 10 idle racks at a PUE from 1.05 by 0.05; the limit is
# their draw at a PUE of 1.375, so 1.35 is the largest that fits
P10=$(awk -v p="$P1" 'BEGIN { printf "%.6f", 10 * p / 1.3 * 1.375 }')
printf '%s\n' "{ $B, \"variable\": { \"path\": \"cooling.pue\", \"type\": \"real\", \"from\": 1.05, \"to\": 1.6, \"step\": 0.05 },
  \"constraints\": [ \"facility_peak_kw <= $P10\" ], \"objective\": \"maximise variable\" }" >"$T/pl/real.json"
expect 0 "answer: cooling.pue = 1.35$" -- "$DCSIM" plan "$T/pl/real.json" --no-report --set cluster.racks=10 -o "$T/pl/real"
# a KPI objective: the least facility energy over the racks that keep
# the p95 wait under 2 h on the small base (fixed arrivals: more racks
# cut the wait, and draw more): the smallest feasible rack count
printf '%s\n' "{ \"base\": \"small.json\", \"replications\": 2, \"variable\": { \"path\": \"cluster.racks\", \"from\": 1, \"to\": 30 },
  \"constraints\": [ \"wait_p95_s <= 7200\" ], \"objective\": \"minimise facility_energy_mwh\" }" >"$T/pl/kpi.json"
cp "$D/sweep_small.json" "$T/pl/small.json"
expect 0 "objective facility_energy_mwh" -- "$DCSIM" plan "$T/pl/kpi.json" --no-report -o "$T/pl/kpi"
if awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["feasible"] == 1 && (lo == "" || $c["cluster.racks"] < lo) { lo = $c["cluster.racks"] }
	$c["answer"] == 1 { a = $c["cluster.racks"] }
	END { exit !(a != "" && a == lo) }' "$T/pl/kpi/plan.csv"; then ok; else
	bad "KPI objective: the answer is not the least-energy (smallest) feasible rack count"; fi
# a monthly constraint: the highest month's peak is the run's peak, so
# "max monthly_facility_peak_kw <= L" evaluates the same points to the same
# numbers as "facility_peak_kw <= L", over a run across a month's end
cp "$D/sweep_small.json" "$T/pl/small.json"
for k in "max monthly_facility_peak_kw" "facility_peak_kw"; do
	printf '%s\n' "{ \"base\": \"small.json\", \"replications\": 3,
  \"variable\": { \"path\": \"cluster.racks\", \"from\": 4, \"to\": 40 },
  \"constraints\": [ \"$k <= 150\", \"mean monthly_pue <= 1.35\" ], \"objective\": \"maximise variable\" }" >"$T/pl/m_${k%% *}.json"
	expect 0 "answer: cluster.racks = " -- "$DCSIM" plan "$T/pl/m_${k%% *}.json" --no-report \
		--set 'calendar={"start": "2025-06-30T12:00"}' -o "$T/pl/m_${k%% *}"
done
if [ "$(cut -d, -f1-5,7 "$T/pl/m_max/plan.csv" | tail -n +2)" = "$(cut -d, -f1-5,7 "$T/pl/m_facility_peak_kw/plan.csv" | tail -n +2)" ] &&
	[ "$(wc -l <"$T/pl/m_max/plan.csv")" -gt 4 ] && head -1 "$T/pl/m_max/plan.csv" | grep -q "max_monthly_facility_peak_kw_le_tested,.*mean_monthly_pue_le_tested"; then
	ok; else bad "monthly plan: the highest month's peak differs from the run's peak"; fi
# a constraint no value meets: no answer, and the warning
sed 's/"facility_peak_kw >= [0-9.]*"/"pue <= 1.2"/' "$T/pl/band.json" >"$T/pl/never.json"
expect 0 "warning: the search assumes each constraint holds on one side of a threshold" -- "$DCSIM" plan "$T/pl/never.json" --no-report -o "$T/pl/never"
if grep -q "answer: none" "$T/out" && grep -q "pue <= 1.2 .*FAILS.*(at from)" "$T/out"; then ok; else
	bad "never plan: no 'answer: none' with the failing constraint"; sed 's/^/    /' "$T/out"; fi

# timeseries.csv's per-service columns, as written: four per service in
# scenario order after the fixed ones, and the fleet's requests/s, replicas
# and power their sums in every row (to the ten digits written)
expect 0 "" -- "$DCSIM" run "$D/report_inference.json" --no-report --quiet -o "$T/svc"
if head -1 "$T/svc/timeseries.csv" | grep -q ',inference_gpu_kw,service\.chat\.requests_per_s,service\.chat\.replicas,service\.chat\.batch_occupancy,service\.chat\.gpu_kw,service\.batch_api\.requests_per_s,service\.batch_api\.replicas,service\.batch_api\.batch_occupancy,service\.batch_api\.gpu_kw$' &&
	awk -F, 'function near(a, b) { return (a - b) <= 1e-8 * (a > 0 ? a : -a) + 1e-12 && (b - a) <= 1e-8 * (a > 0 ? a : -a) + 1e-12 }
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ rows++; for (k = 1; k <= 3; k++) { f = k == 1 ? "requests_per_s" : k == 2 ? "replicas" : "gpu_kw";
	    if (!near($c["inference_" f], $c["service.chat." f] + $c["service.batch_api." f])) bad++ } }
	END { exit !(rows > 300 && bad == 0) }' "$T/svc/timeseries.csv"; then ok; else
	bad "timeseries.csv: per-service columns missing, or the fleet's not their sum"; fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
