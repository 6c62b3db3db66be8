#!/bin/sh
# The reports in a real browser: a small run (a grid cap and a battery), a
# small run with weather, and a small Sobol sweep with kept runs, each
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
"$bin" sweep tests/data/report_sweep.json -o "$tmp/sweep" -j 2 --quiet || exit 1
pages="$tmp/run_cap/report.html $tmp/run_dlc/report.html $tmp/sweep/report.html"
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
mkdir -p "$tmp/prefix/share/dcsim/scenarios" "$tmp/prefix/share/dcsim/plots"
cp output/plots/*.gp "$tmp/prefix/share/dcsim/plots/"
DCSIM_DATA_DIR="$tmp/prefix/share/dcsim/scenarios" "$bin" plot "$tmp/sweep" --pdf >/dev/null 2>&1 || fail=1
[ -s "$tmp/sweep/sweep.pdf" ] && [ -s "$tmp/sweep/runs/run_0/power.pdf" ] ||
	{ echo "report_check: installed plot of a sweep wrote no sweep.pdf / runs/run_0/power.pdf"; fail=1; }
[ $fail -eq 0 ] || exit 1
cp "$tmp/run_cap/report.html" "$shots/run_cap_report.html"
start=$(date +%s)
(cd "$tmp" && node "$OLDPWD/tests/report_check.js" "$chromium" "$OLDPWD/$shots" \
	run_cap/report.html run_dlc/report.html sweep/report.html sweep/runs/run_0/report.html) || exit 1
echo "report_check: 4 reports rendered in chromium without errors in $(( $(date +%s) - start )) s"
