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
if ! "$DCSIM" sweep "$T/s.json" -q -j 2 -o "$T/ref"; then
	echo "soak: FAILED: the uninterrupted sweep failed"
	exit 1
fi
# A random delay of 10..260 ms from /dev/urandom, printed for a replay.
delays=""
resume=""
killed=0
for k in $(seq "$KILLS"); do
	ms=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 250 + 10 ))
	delays="$delays $ms"
	"$DCSIM" sweep "$T/s.json" -q -j 2 $resume -o "$T/cut" >"$T/log" 2>&1 &
	pid=$!
	sleep "$(printf '0.%03d' "$ms")"
	kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
	wait "$pid" 2>/dev/null
	resume=--resume
done
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
