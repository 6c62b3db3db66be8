# dcsim - datacenter capacity and energy simulator.
#
#   make run     install missing Debian packages, build, run the built-in
#                default scenario into results/ (with results/report.html),
#                draw the PNG plots
#   make plots DIR=...  PNG plots of a run or a sweep (dcsim plot)
#   make test    install, build, run every test (plain and sanitizer builds,
#                valgrind, and a sweep under mpirun -np 2)
#   make MPI=1   build build/mpi/dcsim against Open MPI, for sweeps on clusters
#   make golden-update  rewrite tests/golden/ (on purpose only)
#   make bench   the engine benchmark (M/M/c, 1e6 jobs, against a minimal heap
#                simulation), the job log's cost per job, speed at scale
#                (capped campus, capped and million-GPU facility-years, a
#                100 M-job M/M/c; the capped campus's instructions under
#                callgrind), the sweep benchmark (-j 1 and -j 2) and
#                the trace replay (the Philly trace, FCFS and EASY, one core)
#   make fuzz SECONDS=N   each libFuzzer harness (tests/fuzz/) for N s,
#                built with clang, ASan and UBSan into build/fuzz
#   make corpus  the bad-input corpus (tests/bad_input/), plain build
#   make soak    a sweep killed with SIGKILL and resumed (tests/soak.sh)
#   make docs    write docs/scenario.md from the loader's descriptor tables
#                (make test fails when the committed copy differs)
#   make install PREFIX=/usr/local DESTDIR=
#
# BUILD selects the output tree; SAN=1 builds with ASan+UBSan. JOBS (the
# cores, by default) is how many builds, unit test binaries and fuzz
# harnesses make test runs at once.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
SAN     ?= 0
JOBS    ?= $(shell nproc 2>/dev/null || echo 1)
VERSION := 0.1.0

CC      ?= cc
# Where the built-in default finds its traces (the installed copy: share/).
DATADIR ?= $(CURDIR)/scenarios
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wdouble-promotion -Wformat=2 -Wvla -Werror
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 $(WARN) -fopenmp
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -DDCSIM_VERSION='"$(VERSION)"'

# Layers, lowest first. Each sees its own folder and the layers below it,
# nothing above: an engine file that includes a model, or a physics file
# that includes the loader or the run, fails to compile
# (tests/check_layers.sh proves it on every test run).
PHYSICS_DIRS := models/numeric models/power models/cooling models/grid models/cost \
                models/workload models/scheduling models/inference
INC_ENGINE  := -Isim/engine
INC_PHYSICS := $(INC_ENGINE) $(addprefix -I,$(PHYSICS_DIRS))
INC_CONFIG  := $(INC_PHYSICS) -Imodels/config
INC_RUN     := $(INC_CONFIG) -Imodels/run
INC_OUTPUT  := $(INC_RUN) -Ioutput
INC_CLI     := $(INC_OUTPUT) -Isim/cli
LDLIBS  += -lgsl -lgslcblas -lcsv -lcjson -lm
# MPI=1: build against Open MPI (Debian's libopenmpi-dev) for sweeps over
# several machines; its own tree, so the plain build stays as it is.
MPI ?= 0
ifeq ($(MPI),1)
CC       = mpicc
CPPFLAGS += -DDCSIM_MPI
BUILD    := build/mpi
endif
# FUZZ=1 (make fuzz sets it): the library for the libFuzzer harnesses,
# built with clang, coverage and ASan+UBSan, into its own tree.
FUZZ ?= 0
FUZZ_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ifeq ($(FUZZ),1)
CC       = clang
BUILD   := build/fuzz
# clang warns that INFINITY (a float) is promoted to double: glibc's macro, not ours
CFLAGS  += -O1 -fsanitize=fuzzer-no-link $(FUZZ_FLAGS) -Wno-double-promotion
CPPFLAGS += -DDCSIM_HOT_CHECKS
endif
ifeq ($(SAN),1)
CFLAGS  += -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
# the grid cap's solve also makes every trial its bounds saved, and
# asserts the same answer (models/run/world_cap.c: verify_bound)
CPPFLAGS += -DDCSIM_VERIFY_BOUNDS
# and the per-event asserts the release build leaves out (sim/engine/hot_assert.h)
CPPFLAGS += -DDCSIM_HOT_CHECKS
endif

# Debian packages: build and run needs, then what tests and benchmarks add.
DEPS_BUILD := gcc make pkg-config libgsl-dev libcsv-dev libcjson-dev gnuplot-nox
DEPS_TEST  := libcmocka-dev valgrind libopenmpi-dev openmpi-bin \
              clang libclang-rt-14-dev libomp-dev chromium nodejs
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

CLI_SRC    := $(wildcard sim/cli/*.c)
LIB_SRC    := $(wildcard sim/engine/*.c) $(wildcard $(addsuffix /*.c,$(PHYSICS_DIRS))) \
              $(wildcard models/config/*.c) $(wildcard models/run/*.c) $(wildcard output/*.c)
CLI_OBJ    := $(patsubst %.c,$(BUILD)/obj/%.o,$(CLI_SRC))
LIB_OBJ    := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/gen/scenario_default.o
TEST_SRC   := $(wildcard tests/test_*.c)
TEST_BIN   := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
DEFAULT_SCENARIO := scenarios/default_1024_h100.json

.PHONY: all deps deps-test run test test-build test-unit test-cli golden-update bench install uninstall clean plots \
        fuzz fuzz-build corpus soak docs

all: $(BUILD)/dcsim

deps:
	@missing=""; for p in $(DEPS_BUILD) $(EXTRA_DEPS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" \
	    || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

deps-test:
	@$(MAKE) --no-print-directory deps EXTRA_DEPS="$(DEPS_TEST)"

$(BUILD)/obj/sim/engine/%.o:   LAYER_INC = $(INC_ENGINE)
$(foreach d,$(PHYSICS_DIRS),$(eval $(BUILD)/obj/$(d)/%.o: LAYER_INC = $(INC_PHYSICS)))
$(BUILD)/obj/models/config/%.o: LAYER_INC = $(INC_CONFIG)
$(BUILD)/obj/models/run/%.o:    LAYER_INC = $(INC_RUN)
$(BUILD)/obj/output/%.o:        LAYER_INC = $(INC_OUTPUT)
$(BUILD)/obj/sim/cli/%.o:       LAYER_INC = $(INC_CLI)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(LAYER_INC) -DDCSIM_DATADIR='"$(DATADIR)"' $(CFLAGS) -MMD -MP -c $< -o $@

# The built-in default scenario is the shipped JSON file, embedded as bytes.
$(BUILD)/gen/scenario_default.c: $(DEFAULT_SCENARIO)
	@mkdir -p $(dir $@)
	{ echo '/* generated from $< by the Makefile; do not edit */'; \
	  echo 'const char scenario_default_json[] = {'; \
	  od -An -v -tx1 $< | sed 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '0x00 };'; } > $@

$(BUILD)/obj/gen/scenario_default.o: $(BUILD)/gen/scenario_default.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(INC_CONFIG) $(CFLAGS) -include scenario.h -c $< -o $@

$(BUILD)/libdcsim.a: $(LIB_OBJ)
	ar rcs $@ $^

$(BUILD)/dcsim: $(CLI_OBJ) $(BUILD)/libdcsim.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/%.c $(BUILD)/libdcsim.a tests/test_util.h tests/hand_case.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(INC_CLI) -Itests -DDCSIM_SOURCE_DIR='"$(CURDIR)"' $(CFLAGS) $(LDFLAGS) \
	  -o $@ $< $(BUILD)/libdcsim.a $(LDLIBS) -lcmocka

# docs/scenario.md is `dcsim reference`: the loader's descriptor tables.
docs: $(BUILD)/dcsim
	./$(BUILD)/dcsim reference > docs/scenario.md

$(BUILD)/bench_mmc: bench/bench_mmc.c $(BUILD)/libdcsim.a
	$(CC) $(CPPFLAGS) $(INC_RUN) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libdcsim.a $(LDLIBS)

$(BUILD)/min_heap_mmc: bench/min_heap_mmc.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

# libFuzzer harnesses (FUZZ=1 tree): the library's objects plus one
# harness each; tests/fuzz/run.sh seeds them from the shipped files.
FUZZ_NAMES := scenario sweep plan csv epw trace
fuzz-build: $(patsubst %,$(BUILD)/fuzz_%,$(FUZZ_NAMES))

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_util.h tests/fuzz/fuzz_scratch.h $(BUILD)/libdcsim.a
	$(CC) $(CPPFLAGS) $(INC_CLI) -DFUZZ_SOURCE_DIR='"$(CURDIR)"' $(CFLAGS) -fsanitize=fuzzer \
	  -o $@ $< $(BUILD)/libdcsim.a $(LDLIBS)

SECONDS ?= 60
fuzz: deps-test
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-build
	sh tests/fuzz/run.sh build/fuzz $(SECONDS) $(FUZZ_NAMES)

run: deps
	@$(MAKE) --no-print-directory all
	./$(BUILD)/dcsim run -o results
	@$(MAKE) --no-print-directory plots DIR=results

# dcsim plot: a run's power, grid, queue and cooling PNGs, or a sweep's
# (PDF with PLOT_FLAGS=--pdf); the scripts are output/plots/*.gp.
DIR ?= results
plots: $(BUILD)/dcsim
	./$(BUILD)/dcsim plot $(DIR) $(PLOT_FLAGS)

# Each test binary runs in its own process; the CLI script checks exit
# codes, error messages and byte-identical output; the bad-input corpus
# and the kill -9 soak. Then the same again built with ASan+UBSan, one run
# under valgrind, a sweep under MPI, and a 10-s smoke of each fuzz harness
# (with clang).
test: deps-test
	@$(MAKE) --no-print-directory -j$(JOBS) test-build
	@$(MAKE) --no-print-directory test-unit test-cli corpus soak
	@$(MAKE) --no-print-directory -j$(JOBS) BUILD=build/san SAN=1 test-build
	@$(MAKE) --no-print-directory BUILD=build/san SAN=1 test-unit test-cli
	@$(MAKE) --no-print-directory -j$(JOBS) all
	INC_ENGINE="$(INC_ENGINE)" INC_PHYSICS="$(INC_PHYSICS)" INC_CONFIG="$(INC_CONFIG)" \
	  INC_RUN="$(INC_RUN)" INC_OUTPUT="$(INC_OUTPUT)" CC="$(CC)" sh tests/check_layers.sh
	sh tests/sampling_invariance.sh $(BUILD)/dcsim
	sh tests/valgrind_run.sh $(BUILD)/dcsim
	sh tests/report_check.sh $(BUILD)/dcsim
	@$(MAKE) --no-print-directory -j$(JOBS) MPI=1 all
	sh tests/mpi.sh build/mpi/dcsim $(BUILD)/dcsim
	@if command -v clang >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory -j$(JOBS) FUZZ=1 fuzz-build && \
	  FUZZ_JOBS=$(JOBS) sh tests/fuzz/run.sh build/fuzz 10 $(FUZZ_NAMES); \
	else echo "fuzz: skipped (no clang)"; fi
	@echo "all tests passed (plain, sanitizer, valgrind, MPI, fuzz smoke)"

# The test binaries and the CLI, built in parallel before any test runs.
test-build: $(TEST_BIN) $(BUILD)/dcsim

test-unit: $(TEST_BIN)
	@sh tests/run_unit.sh $(JOBS) $(TEST_BIN)

test-cli: $(BUILD)/dcsim
	@./$(BUILD)/dcsim reference | cmp -s - docs/scenario.md || { echo "docs/scenario.md is stale: run make docs"; exit 1; }
	sh tests/cli.sh $(BUILD)/dcsim
	sh tests/golden.sh $(BUILD)/dcsim

# Rewrite tests/golden/ from this build: only when an output change is
# meant, and the commit says which behaviour changed and why.
golden-update: $(BUILD)/dcsim
	sh tests/golden.sh $(BUILD)/dcsim --update

# The bad-input corpus (tests/bad_input/: about 2,100 generated cases, 10 s
# on 2 cores) and the kill -9 soak of a sweep (tests/soak.sh, 5 s).
corpus: $(BUILD)/dcsim
	python3 tests/bad_input/run.py $(BUILD)/dcsim

soak: $(BUILD)/dcsim
	sh tests/soak.sh $(BUILD)/dcsim

bench: deps-test
	@$(MAKE) --no-print-directory $(BUILD)/bench_mmc $(BUILD)/min_heap_mmc
	./$(BUILD)/bench_mmc
	sh bench/callgrind.sh $(BUILD)/bench_mmc $(BUILD)/min_heap_mmc
	@$(MAKE) --no-print-directory all
	sh bench/jobs_log.sh $(BUILD)/dcsim
	sh bench/scale_bench.sh $(BUILD)/dcsim
	sh bench/cap_callgrind.sh $(BUILD)/dcsim
	sh bench/sweep_bench.sh $(BUILD)/dcsim
	sh bench/trace_bench.sh $(BUILD)/dcsim
	sh bench/inference_bench.sh $(BUILD)/dcsim

install: deps
	@$(MAKE) --no-print-directory BUILD=build/install DATADIR='$(PREFIX)/share/dcsim/scenarios' \
	  build/install/dcsim
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/dcsim
	install -m 755 build/install/dcsim $(DESTDIR)$(PREFIX)/bin/dcsim
	cp -R scenarios $(DESTDIR)$(PREFIX)/share/dcsim/
	install -d $(DESTDIR)$(PREFIX)/share/dcsim/plots
	install -m 644 output/plots/*.gp $(DESTDIR)$(PREFIX)/share/dcsim/plots/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/dcsim
	rm -rf $(DESTDIR)$(PREFIX)/share/dcsim

clean:
	rm -rf build results

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
