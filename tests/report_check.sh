#!/bin/sh
# The reports in a real browser: a small run (a grid cap and a battery), a
# small run with weather, a year of a small cluster with failures and
# checkpoints (tests/data/report_failures.json: the failures panel, months
# on the axis), two inference services (tests/data/report_inference.json:
# the inference panel), a small Sobol sweep with kept runs and a small
# plan (tests/data/report_plan.json), each
# report.html rendered by Debian's chromium headless (tests/report_check.js
# over the DevTools protocol on a pipe). Fails when a page logs a console error, has a
# chart missing or in a zero-size box, a figure without a caption, a script,
# or requests anything but itself (chromium runs with a dead proxy and no
# network features; the pages are also checked statically for http(s)
# URLs in src, href and url()). Screenshots go to build/report_check/.
#   sh tests/report_check.sh DCSIM
set -u
bin=$1
cd "$(dirname "$0")/.." || exit 1
chromium=$(command -v chromium || command -v chromium-browser) || {
	echo "report_check: chromium not found (apt-get install chromium)"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
shots=build/report_check
mkdir -p "$shots"
"$bin" run tests/golden/cap_battery.json -o "$tmp/run_cap" --quiet || exit 1
"$bin" run tests/golden/dlc_chain.json -o "$tmp/run_dlc" --quiet || exit 1
"$bin" run tests/data/report_failures.json -o "$tmp/run_failures" --quiet || exit 1
"$bin" run tests/data/report_inference.json -o "$tmp/run_inference" --quiet || exit 1
"$bin" sweep tests/data/report_sweep.json -o "$tmp/sweep" -j 2 --quiet || exit 1
"$bin" plan tests/data/report_plan.json -o "$tmp/plan" -j 2 --quiet || exit 1
pages="$tmp/run_cap/report.html $tmp/run_dlc/report.html $tmp/sweep/report.html"
pages="$pages $tmp/plan/report.html $tmp/run_failures/report.html $tmp/run_inference/report.html"
pages="$pages $tmp/sweep/runs/run_0/report.html"
fail=0
for p in $pages; do
	[ -s "$p" ] || { echo "report_check: $p missing"; fail=1; continue; }
	if grep -Eiq "(src|href)[[:space:]]*=[[:space:]]*[\"']?[[:space:]]*(https?:|//)|url\([[:space:]]*[\"']?[[:space:]]*(https?:|//)|<script|@import" "$p"; then
		echo "report_check: $p refers to the network or has a script:"
		grep -Eio "(src|href)[[:space:]]*=[[:space:]]*[\"']?[[:space:]]*(https?:|//)[^\"' >]*|url\([^)]*\)|<script|@import" "$p" | head -3
		fail=1
	fi
done
# the models' panels are on their pages (the browser then checks every figure)
panel() { # PAGE TITLE: an h3 figure title the page must have
	grep -q "<h3>$2" "$tmp/$1/report.html" || { echo "report_check: $1 has no figure '$2'"; fail=1; }
}
panel run_failures "Failures and job interruptions by cause"
panel run_failures "GPUs and nodes down"
panel run_failures "GPU-hours that did no lasting work: goodput"
panel run_inference "Inference load and replicas"
panel run_inference "Batch occupancy and GPU power of the replicas"
panel run_inference "Latency by service against its targets"
grep -q "<th>J per output token</th>" "$tmp/run_inference/report.html" ||
	{ echo "report_check: run_inference has no energy table"; fail=1; }
# the commands: usage errors, a missing directory, plot of a run and of a
# sweep (its own PNG and its kept runs'), and plot as installed: the
# scripts found in share/dcsim/plots beside the data directory
"$bin" report >/dev/null 2>&1; [ $? -eq 2 ] || { echo "report_check: report without DIR: not exit 2"; fail=1; }
"$bin" plot "$tmp/run_cap" --bad >/dev/null 2>&1; [ $? -eq 2 ] || { echo "report_check: plot --bad: not exit 2"; fail=1; }
"$bin" report "$tmp/nothing" >/dev/null 2>&1; [ $? -eq 2 ] || { echo "report_check: report of no results: not exit 2"; fail=1; }
# results not as dcsim writes them: exit 2, the file and line named
bad_results() { # NAME FILE PATTERN: FILE of a copy of run_cap spoilt by the caller
	"$bin" report "$tmp/$1" >"$tmp/$1.out" 2>&1; st=$?
	[ $st -eq 2 ] && grep -q "$2.*$3" "$tmp/$1.out" ||
		{ echo "report_check: report of $1: exit $st, want 2 and '$2 ... $3':"; cat "$tmp/$1.out"; fail=1; }
}
cp -r "$tmp/run_cap" "$tmp/cut" && head -c 2000 "$tmp/run_cap/timeseries.csv" >"$tmp/cut/timeseries.csv"
bad_results cut timeseries.csv "line [0-9]*: [0-9]* fields, the header has"
cp -r "$tmp/run_cap" "$tmp/quote" && printf 'a,b\n1,"x\n' >"$tmp/quote/summary.csv"
bad_results quote summary.csv "line 2: not CSV"
cp -r "$tmp/run_cap" "$tmp/empty" && : >"$tmp/empty/jobs.csv"
bad_results empty jobs.csv "empty"
"$bin" plot "$tmp/run_cap" >/dev/null || fail=1
for f in power grid queue cooling; do
	[ -s "$tmp/run_cap/$f.png" ] || { echo "report_check: plot wrote no $f.png"; fail=1; }
done
# the models' plots: failures.png with failures.csv, inference.png with
# inference.csv (and neither without)
"$bin" plot "$tmp/run_failures" >/dev/null || fail=1
"$bin" plot "$tmp/run_inference" >/dev/null || fail=1
[ -s "$tmp/run_failures/failures.png" ] || { echo "report_check: plot wrote no failures.png"; fail=1; }
[ -s "$tmp/run_inference/inference.png" ] || { echo "report_check: plot wrote no inference.png"; fail=1; }
for f in "$tmp/run_cap/failures.png" "$tmp/run_cap/inference.png" "$tmp/run_failures/inference.png"; do
	[ -e "$f" ] && { echo "report_check: plot wrote $f for a run without that model"; fail=1; }
done
mkdir -p "$tmp/prefix/share/dcsim/scenarios" "$tmp/prefix/share/dcsim/plots"
cp output/plots/*.gp "$tmp/prefix/share/dcsim/plots/"
DCSIM_DATA_DIR="$tmp/prefix/share/dcsim/scenarios" "$bin" plot "$tmp/sweep" --pdf >/dev/null 2>&1 || fail=1
[ -s "$tmp/sweep/sweep.pdf" ] && [ -s "$tmp/sweep/runs/run_0/power.pdf" ] ||
	{ echo "report_check: installed plot of a sweep wrote no sweep.pdf / runs/run_0/power.pdf"; fail=1; }
[ $fail -eq 0 ] || exit 1
cp "$tmp/run_cap/report.html" "$shots/run_cap_report.html"
start=$(date +%s)
(cd "$tmp" && node "$OLDPWD/tests/report_check.js" "$chromium" "$OLDPWD/$shots" \
	run_cap/report.html run_dlc/report.html sweep/report.html sweep/runs/run_0/report.html \
	plan/report.html run_failures/report.html run_inference/report.html) || exit 1
echo "report_check: 7 reports rendered in chromium without errors in $(( $(date +%s) - start )) s"
