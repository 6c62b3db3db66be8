#!/bin/sh
# tests/mpi.sh MPI_DCSIM DCSIM - a sweep under mpirun -np 2 gives the same
# bytes as the same sweep in one process (summary, points, sensitivity,
# sweep.json), including after a resume.
set -u
MDCSIM=$1
DCSIM=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# mpirun refuses root without these (CI containers run as root)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cp "$(dirname "$0")/data/sweep_small.json" "$T/base.json"
cat >"$T/lhs.json" <<'EOF'
{ "base": "base.json", "design": { "type": "lhs", "points": 12, "seed": 3 }, "replications": 3,
  "axes": [ { "path": "workload.classes[0].utilization", "from": 0.3, "to": 1.0 },
            { "path": "cluster.racks", "from": 1, "to": 4, "integer": true } ] }
EOF
fail=0
"$DCSIM" sweep "$T/lhs.json" -q -j 2 -o "$T/one" || fail=1
mpirun -np 2 --oversubscribe "$MDCSIM" sweep "$T/lhs.json" -q -j 1 -o "$T/mpi" || fail=1
for f in summary.csv points.csv sensitivity.csv sweep.json; do
	cmp -s "$T/one/$f" "$T/mpi/$f" || { echo "mpi: $f differs from the single-process sweep"; fail=1; }
done
# a saltelli design with a categorical axis: its indices and bootstrap
# intervals are the same bytes too
cat >"$T/salt.json" <<'JSON'
{ "base": "base.json", "design": { "type": "saltelli", "points": 8, "seed": 2 },
  "axes": [ { "path": "workload.classes[0].utilization", "from": 0.3, "to": 1.0 },
            { "path": "scheduler.policy", "values": ["fcfs", "greedy"] } ] }
JSON
"$DCSIM" sweep "$T/salt.json" -q -j 2 --no-report -o "$T/salt_one" || fail=1
mpirun -np 2 --oversubscribe "$MDCSIM" sweep "$T/salt.json" -q -j 1 --no-report -o "$T/salt_mpi" || fail=1
for f in summary.csv sensitivity.csv; do
	cmp -s "$T/salt_one/$f" "$T/salt_mpi/$f" || { echo "mpi: saltelli $f differs from the single-process sweep"; fail=1; }
done
# resume under MPI from a journal cut after 10 rows
mkdir -p "$T/res"
cp "$T/one/sweep.json" "$T/res/"
head -n 11 "$T/one/summary.csv" >"$T/res/runs.partial.csv"
mpirun -np 2 --oversubscribe "$MDCSIM" sweep "$T/lhs.json" -q -j 2 --resume -o "$T/res" || fail=1
cmp -s "$T/one/summary.csv" "$T/res/summary.csv" || { echo "mpi: resumed sweep differs"; fail=1; }
[ $fail -eq 0 ] && echo "mpi: mpirun -np 2 output identical to one process"
exit $fail
