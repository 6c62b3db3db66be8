#!/bin/sh
# tests/soak.sh DCSIM - kill -9 soak: a 240-run sweep of
# tests/data/sweep_small.json (3 rack counts x 4 loads x 2 lengths x 10
# replications, about a second on 2 cores) is killed with SIGKILL at
# random points KILLS times, each attempt after the first with --resume,
# then resumed to the end; summary.csv and points.csv must be
# byte-identical to an uninterrupted run's, and no temporary file may
# be left. A SIGKILL runs no handler: only the journal's whole rows and
# the atomic renames keep this right.
set -u
DCSIM=$1
KILLS=${KILLS:-6}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cp "$(dirname "$0")/data/sweep_small.json" "$T/base.json"
cat >"$T/s.json" <<'J'
{ "base": "base.json", "replications": 10,
  "axes": [ { "path": "cluster.racks", "values": [1, 2, 4] },
            { "path": "workload.classes[0].utilization", "from": 0.5, "to": 0.8, "step": 0.1 },
            { "path": "duration_h", "values": [4000, 8000] } ] }
J
# now_ms: the wall clock in ms. delay_ms FULL: a random delay from
# /dev/urandom of 5..65% of FULL ms (an uninterrupted run's time, so the
# kills land mid-run however fast the build or slow the machine), at
# least 10 ms, printed for a replay.
now_ms() { echo $(($(date +%s%N) / 1000000)); }
delay_ms() {
	d=$(( $1 * (5 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 61) / 100 ))
	[ "$d" -ge 10 ] || d=10
	echo "$d"
}
t0=$(now_ms)
if ! "$DCSIM" sweep "$T/s.json" -q -j 2 -o "$T/ref"; then
	echo "soak: FAILED: the uninterrupted sweep failed"
	exit 1
fi
full=$(($(now_ms) - t0))
delays=""
resume=""
killed=0
for k in $(seq "$KILLS"); do
	ms=$(delay_ms "$full")
	delays="$delays $ms"
	"$DCSIM" sweep "$T/s.json" -q -j 2 $resume -o "$T/cut" >"$T/log" 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
	wait "$pid" 2>/dev/null
	resume=--resume
done
# a soak that killed nothing tested nothing
if [ "$killed" -eq 0 ]; then
	echo "soak: FAILED: none of $KILLS attempts was still running to be killed (after$delays ms of a ${full}-ms sweep)"
	exit 1
fi
"$DCSIM" sweep "$T/s.json" -q -j 2 --resume -o "$T/cut" >"$T/log" 2>&1
rc=$?
done_rows=$(($(wc -l <"$T/cut/summary.csv" 2>/dev/null || echo 1) - 1))
if [ "$rc" -eq 0 ] && cmp -s "$T/ref/summary.csv" "$T/cut/summary.csv" &&
	cmp -s "$T/ref/points.csv" "$T/cut/points.csv" && cmp -s "$T/ref/sweep.json" "$T/cut/sweep.json" &&
	[ -z "$(find "$T/cut" -name '*.tmp')" ] && [ ! -e "$T/cut/runs.partial.csv" ]; then
	echo "soak: $killed of $KILLS attempts killed with SIGKILL (after$delays ms), resumed: $done_rows runs identical"
else
	echo "soak: FAILED (exit $rc after SIGKILL at$delays ms)"
	cat "$T/log"
	find "$T/cut" -name '*.tmp'
	diff "$T/ref/summary.csv" "$T/cut/summary.csv" | head -5
	exit 1
fi

# The same for a plan (the shipped example, 60 runs in about 0.3 s): killed
# mid-search PLAN_KILLS times, resumed each time (the search replays, the
# journal's runs are read back), then to the end; its files must equal an
# uninterrupted plan's.
PLAN=$(dirname "$0")/../scenarios/how_many_gb200_racks_fit_a_40mw_connection_in_ashburn_plan.json
PLAN_KILLS=${PLAN_KILLS:-3}
t0=$(now_ms)
if ! "$DCSIM" plan "$PLAN" -q --no-report -j 2 -o "$T/pref"; then
	echo "soak: FAILED: the uninterrupted plan failed"
	exit 1
fi
full=$(($(now_ms) - t0))
delays=""
resume=""
killed=0
for k in $(seq "$PLAN_KILLS"); do
	ms=$(delay_ms "$full")
	delays="$delays $ms"
	"$DCSIM" plan "$PLAN" -q --no-report -j 2 $resume -o "$T/pcut" >"$T/log" 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
	wait "$pid" 2>/dev/null
	[ -e "$T/pcut/plan.json" ] || [ -e "$T/pcut/runs.partial.csv" ] && resume=--resume
done
if [ "$killed" -eq 0 ]; then
	echo "soak: plan FAILED: none of $PLAN_KILLS attempts was still running to be killed (after$delays ms of a ${full}-ms plan)"
	exit 1
fi
"$DCSIM" plan "$PLAN" -q --no-report -j 2 $resume -o "$T/pcut" >"$T/log" 2>&1
rc=$?
same=1
for f in plan.csv plan.txt plan.json summary.csv points.csv; do
	cmp -s "$T/pref/$f" "$T/pcut/$f" || same=0
done
if [ "$rc" -eq 0 ] && [ $same -eq 1 ] && [ -z "$(find "$T/pcut" -name '*.tmp')" ] &&
	[ ! -e "$T/pcut/runs.partial.csv" ]; then
	echo "soak: plan: $killed of $PLAN_KILLS attempts killed with SIGKILL (after$delays ms), resumed: identical"
else
	echo "soak: plan FAILED (exit $rc after SIGKILL at$delays ms)"
	cat "$T/log"
	diff "$T/pref/plan.csv" "$T/pcut/plan.csv" | head -5
	exit 1
fi
