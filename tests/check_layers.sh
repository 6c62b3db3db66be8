#!/bin/sh
# The compiler holds the layers apart (DESIGN.md): each layer is compiled
# with an include path of its own folder and the layers below it. This
# proves that path does its job: for each layer, a file that includes a
# header of the layer above must fail to compile, and one that includes a
# header of its own layer must compile. Run by make with the Makefile's
# INC_* flags in the environment, so the probe and the build cannot drift.
cd "$(dirname "$0")/.." || exit 1
: "${CC:=cc}"
bad=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# probe LAYER FLAGS HEADER EXPECT(ok|fail)
probe() {
	printf '#include "%s"\n' "$3" > "$tmp/probe.c"
	if $CC -std=c11 -D_POSIX_C_SOURCE=200809L $2 -fsyntax-only "$tmp/probe.c" 2>/dev/null; then
		got=ok
	else
		got=fail
	fi
	if [ "$got" != "$4" ]; then
		echo "layering: a $1 file including $3 should $( [ "$4" = ok ] && echo compile || echo fail), but it did not"
		bad=1
	fi
}

probe engine  "$INC_ENGINE"  sim.h         ok
probe engine  "$INC_ENGINE"  hardware.h    fail
probe engine  "$INC_ENGINE"  job.h         fail
probe physics "$INC_PHYSICS" cooling.h     ok
probe physics "$INC_PHYSICS" scenario.h    fail
probe physics "$INC_PHYSICS" run_core.h    fail
probe config  "$INC_CONFIG"  scenario.h    ok
probe config  "$INC_CONFIG"  world.h       fail
probe run     "$INC_RUN"     run_core.h    ok
probe run     "$INC_RUN"     run_output.h  fail
probe output  "$INC_OUTPUT"  run_output.h  ok
probe output  "$INC_OUTPUT"  sweep_pool.h  fail
[ $bad -eq 0 ] && echo "layers: each layer compiles against its own and lower layers only (12 probes)"
exit $bad
