/*
 * test_util.h - helpers shared by the cmocka tests.
 */
#ifndef DCSIM_TEST_UTIL_H
#define DCSIM_TEST_UTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "event_queue.h"
#include "scenario.h"
#include "sim.h"
#include "world.h"

#ifndef DCSIM_SOURCE_DIR
#define DCSIM_SOURCE_DIR "."
#endif

/* The events a handler saw, in order (engine and event queue tests). */
struct trace {
	uint64_t order[64];
	sim_time at[64];
	size_t n;
};

static inline void record(struct sim *s, void *ctx, uint64_t arg)
{
	struct trace *t = ctx;
	t->order[t->n] = arg;
	t->at[t->n] = sim_now(s);
	t->n++;
}

/* Pop every event of q: each comes out after the one before in time,
 * and on a tie in push order (its arg is its push's index). With live,
 * each must be live (not cancelled), and is marked popped. The count. */
static inline size_t pop_in_order(struct event_queue *q, int *live)
{
	struct event_fired ev;
	sim_time last_t = -1;
	int64_t last_i = -1;
	size_t popped = 0;
	while (event_queue_pop(q, &ev)) {
		int64_t i = (int64_t)ev.arg;
		if (live) {
			assert_true(live[i]);
			live[i] = 0;
		}
		assert_true(ev.time > last_t || (ev.time == last_t && i > last_i));
		last_t = ev.time;
		last_i = i;
		popped++;
	}
	return popped;
}

/* Relative difference, for "agrees to 1e-9" assertions. */
static inline double rel_diff(double a, double b)
{
	double s = fmax(fabs(a), fabs(b));
	return s == 0 ? 0 : fabs(a - b) / s;
}

#define assert_rel(a, b, tol)                                                      \
	do {                                                                       \
		double a_ = (a), b_ = (b);                                         \
		if (!(rel_diff(a_, b_) <= (tol)))                                  \
			fail_msg("%s = %.15g vs %s = %.15g (rel %.3g > %.3g)", #a, \
				 a_, #b, b_, rel_diff(a_, b_), (double)(tol));     \
	} while (0)

/* Load a scenario from text; relative paths resolve against the repo. */
static inline int load_text(const char *json, const char *const *sets, size_t n,
			    struct scenario *sc, struct diag *d)
{
	diag_init(d);
	return scenario_load(json, "test.json", DCSIM_SOURCE_DIR, DCSIM_SOURCE_DIR "/scenarios", sets,
			     n, sc, d);
}

/* Load the built-in default scenario (what `dcsim run` runs with no file);
 * the test fails if it does not load. */
static inline void load_default(struct scenario *sc, struct diag *d)
{
	diag_init(d);
	assert_int_equal(scenario_load(scenario_default_json, "default", DCSIM_SOURCE_DIR "/scenarios",
				       NULL, NULL, 0, sc, d),
			 0);
}

/* Does any message in d contain every one of the NULL-terminated needles? */
static inline int diag_has(const struct diag *d, ...)
{
	for (size_t i = 0; i < d->count; i++) {
		va_list ap;
		va_start(ap, d);
		int all = 1;
		for (const char *s = va_arg(ap, const char *); s; s = va_arg(ap, const char *))
			if (!strstr(d->msgs[i], s))
				all = 0;
		va_end(ap);
		if (all)
			return 1;
	}
	return 0;
}

static inline void print_diag(const struct diag *d)
{
	for (size_t i = 0; i < d->count; i++)
		print_message("  diag: %s\n", d->msgs[i]);
}

/* json with the one override set must fail to load, with a message
 * holding both a and b (a JSON path and the rule, say). */
static inline void expect_load_error(const char *json, const char *set, const char *a,
				     const char *b)
{
	const char *sets[] = { set };
	struct scenario sc;
	struct diag d;
	assert_int_equal(load_text(json, sets, 1, &sc, &d), -1);
	if (!diag_has(&d, a, b, NULL)) {
		print_diag(&d);
		fail_msg("no message with \"%s\" and \"%s\"", a, b);
	}
	diag_fini(&d);
}

/* Load and run a scenario that must succeed. */
static inline void run_ok(const char *json, const char *const *sets, size_t n,
			  struct scenario *sc, struct run_result *r)
{
	struct diag d;
	if (load_text(json, sets, n, sc, &d) != 0) {
		print_diag(&d);
		fail_msg("scenario did not load");
	}
	if (world_run(sc, r, &d) != 0) {
		print_diag(&d);
		fail_msg("run failed");
	}
	diag_fini(&d);
}

/* The run of json at replication rep. */
static inline void run_rep(const char *json, uint64_t rep, struct run_result *r)
{
	struct scenario sc;
	struct diag d;
	if (load_text(json, NULL, 0, &sc, &d) != 0) {
		print_diag(&d);
		fail_msg("scenario did not load");
	}
	sc.replication = rep;
	if (world_run(&sc, r, &d) != 0) {
		print_diag(&d);
		fail_msg("run failed");
	}
	diag_fini(&d);
	scenario_fini(&sc);
}

struct tally {
	double sum, sum2;
	int n;
};

static inline void tally_add(struct tally *t, double x)
{
	t->sum += x;
	t->sum2 += x * x;
	t->n++;
}

/* The mean is within 3 standard errors of expect. */
static inline void assert_mean_near(const char *what, const struct tally *t, double expect)
{
	double mean = t->sum / t->n;
	double var = (t->sum2 - t->n * mean * mean) / (t->n - 1);
	double se = sqrt(var / t->n);
	printf("  %s: mean %.3f over %d runs, expected %.3f, 3 SE %.3f\n", what, mean, t->n,
	       expect, 3 * se);
	if (!(fabs(mean - expect) <= 3 * se))
		fail_msg("%s: mean %.4f not within 3 SE (%.4f) of %.4f", what, mean, 3 * se,
			 expect);
}

#endif
