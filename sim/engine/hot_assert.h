/*
 * hot_assert.h - the second tier of asserts: invariants checked at every
 * event of a run (a meter's clock, an event's time, a job's progress).
 *
 * Tiers (as SQLite's assert() and ALWAYS()): a plain assert() guards a
 * path that runs per run, per hour or per re-rate, and stays on in every
 * build. hot_assert() guards the per-event path of the engine and the job
 * lifecycle, where its checks cost about 100 instructions of an M/M/c
 * job's 2,500 (bench/callgrind.sh): it is compiled in where
 * DCSIM_HOT_CHECKS is defined, which the sanitizer build of make test
 * (SAN=1) and the fuzz build do, so every test still runs under them; the
 * release build leaves them out. Off, the expression is still compiled
 * (sizeof does not evaluate it), so it cannot rot and its operands count
 * as used.
 */
#ifndef DCSIM_HOT_ASSERT_H
#define DCSIM_HOT_ASSERT_H

#include <assert.h>

#ifdef DCSIM_HOT_CHECKS
#define hot_assert(x) assert(x)
#else
#define hot_assert(x) ((void)sizeof(!(x)))
#endif

#endif
