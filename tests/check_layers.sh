#!/bin/sh
# The engine (sim/, but for the CLI in sim/main*.c) includes nothing from
# models/ or output/: DESIGN.md's layering, checked on every test run.
cd "$(dirname "$0")/.." || exit 1
bad=0
for f in sim/*.c sim/*.h; do
	case "$f" in sim/main*) continue ;; esac
	for h in $(grep -ho '#include "[^"]*"' "$f" | sed 's/#include "\(.*\)"/\1/'); do
		if [ -e "models/$h" ] || [ -e "output/$h" ]; then
			echo "layering: $f includes $h from models/ or output/"
			bad=1
		fi
	done
done
[ $bad -eq 0 ] && echo "layers: engine includes nothing from models/ or output/"
exit $bad
