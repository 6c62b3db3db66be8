#!/bin/sh
# Golden outputs: four tiny scenarios (air; direct-to-chip with a chain; a
# grid cap with a battery; a 6-run sweep) whose every output file is kept
# in tests/golden/<name>/ and compared byte for byte. A change that moves
# any number, column or format fails here (report.html is left out:
# --no-report, as its SVG text varies with the gnuplot version); when the change is meant,
# `make golden-update` rewrites the files and the commit says why.
#   sh tests/golden.sh DCSIM          compare
#   sh tests/golden.sh DCSIM --update regenerate, on purpose only
set -u
bin=$1
update=${2:-}
cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
for name in air dlc_chain cap_battery sweep; do
	src=tests/golden/$name.json
	out=$tmp/$name
	case $name in
	sweep) "$bin" sweep "$src" -o "$out" -j 2 --quiet --no-report >"$tmp/$name.log" 2>&1 ;;
	*) "$bin" run "$src" -o "$out" --quiet --no-report >"$tmp/$name.log" 2>&1 ;;
	esac
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "golden: $src exited $rc:"; cat "$tmp/$name.log"; fail=1; continue
	fi
	want=tests/golden/$name
	if [ "$update" = --update ]; then
		rm -rf "$want" && cp -R "$out" "$want" && echo "golden: rewrote $want/"
		continue
	fi
	if ! diff -r "$want" "$out" >"$tmp/$name.diff" 2>&1; then
		echo "golden: $src differs from $want/ (make golden-update if meant):"
		head -20 "$tmp/$name.diff"; fail=1
	fi
	n=$((n + 1))
done
[ "$update" = --update ] && exit $fail
[ $fail -eq 0 ] && echo "golden: $n scenarios byte-identical to tests/golden/"
exit $fail
