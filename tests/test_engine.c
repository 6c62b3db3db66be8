/*
 * test_engine.c - the event queue, the run loop, meters and the registry of
 * random stream ids.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "event_queue.h"
#include "meter.h"
#include "rng_streams.h"
#include "sim.h"
#include "test_util.h"
#include "workload.h"

/* Equal times run in scheduling order; different times in time order. */
static void test_order_and_ties(void **state)
{
	(void)state;
	struct sim *s = sim_create(1);
	struct trace t = { .n = 0 };
	sim_at(s, 50, record, &t, 1);
	sim_at(s, 10, record, &t, 2);
	sim_at(s, 50, record, &t, 3);
	sim_at(s, 10, record, &t, 4);
	sim_at(s, 50, record, &t, 5);
	assert_int_equal(sim_run_until(s, 100), 5);
	uint64_t want[] = { 2, 4, 1, 3, 5 };
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(t.order[i], want[i]);
	assert_int_equal(sim_now(s), 100);
	sim_destroy(s);
}

/* Events after the end stay pending; the clock stops at end. */
static void test_run_until_boundary(void **state)
{
	(void)state;
	struct sim *s = sim_create(4);
	struct trace t = { .n = 0 };
	sim_at(s, 100, record, &t, 1);
	sim_at(s, 101, record, &t, 2);
	assert_int_equal(sim_run_until(s, 100), 1);
	assert_int_equal(sim_pending(s), 1);
	assert_int_equal(sim_run_until(s, 200), 1);
	assert_int_equal(t.at[1], 101);
	sim_destroy(s);
}

static void test_cancel(void **state)
{
	(void)state;
	struct sim *s = sim_create(2);
	struct trace t = { .n = 0 };
	event_id a = sim_at(s, 5, record, &t, 1);
	event_id b = sim_at(s, 6, record, &t, 2);
	sim_at(s, 7, record, &t, 3);
	assert_int_equal(sim_cancel(s, b), 1);
	assert_int_equal(sim_cancel(s, b), 0); /* already gone */
	sim_run_until(s, 10);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.order[0], 1);
	assert_int_equal(t.order[1], 3);
	/* a ran: its slot may be reused, but the stale id must not cancel */
	event_id c = sim_at(s, 20, record, &t, 4);
	assert_int_equal(sim_cancel(s, a), 0);
	assert_int_equal(sim_cancel(s, EVENT_ID_NONE), 0);
	sim_run_until(s, 30);
	assert_int_equal(t.n, 3);
	(void)c;
	sim_destroy(s);
}

/* Many pushes, random cancels: pops come out sorted by (time, seq) and
 * match a brute-force reference. */
static void test_heap_against_reference(void **state)
{
	(void)state;
	enum { N = 5000 };
	struct event_queue *q = event_queue_create(1);
	static sim_time times[N];
	static event_id ids[N];
	static int live[N];
	uint64_t x = 12345;
	for (int i = 0; i < N; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		times[i] = (sim_time)(x >> 54); /* many ties */
		ids[i] = event_queue_push(q, times[i], (sim_handler)record, NULL, (uint64_t)i);
		live[i] = 1;
	}
	for (int i = 0; i < N; i += 3) {
		assert_int_equal(event_queue_cancel(q, ids[i]), 1);
		live[i] = 0;
	}
	assert_int_equal(pop_in_order(q, live), N - (N + 2) / 3);
	event_queue_destroy(q);
}

/* Cancels are lazy (event_queue.c): cancel most of the events, so the
 * dead entries outnumber the live ones and the heap is rebuilt, with
 * pushes and pops in between reusing the slots; the pending count and
 * the pop order stay those of the live events. */
static void test_heap_mostly_cancelled(void **state)
{
	(void)state;
	enum { N = 4000 };
	struct event_queue *q = event_queue_create(1);
	static event_id ids[2 * N];
	static int live[2 * N];
	uint64_t x = 777;
	size_t n_live = 0;
	for (int i = 0; i < 2 * N; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		ids[i] = event_queue_push(q, 1000 + (sim_time)(x >> 52), (sim_handler)record, NULL,
					  (uint64_t)i);
		live[i] = 1;
		n_live++;
		if (i == N) { /* halfway: pop a few, with most of the first half cancelled */
			for (int k = 0; k < N; k++)
				if (k % 5 != 0) {
					assert_int_equal(event_queue_cancel(q, ids[k]), 1);
					live[k] = 0;
					n_live--;
				}
			assert_int_equal(event_queue_size(q), n_live);
			struct event_fired ev;
			for (int k = 0; k < 50; k++) {
				assert_true(event_queue_pop(q, &ev));
				assert_true(live[ev.arg]);
				live[ev.arg] = 0;
				n_live--;
			}
		}
	}
	for (int i = N; i < 2 * N; i += 2)
		if (live[i]) {
			assert_int_equal(event_queue_cancel(q, ids[i]), 1);
			assert_int_equal(event_queue_cancel(q, ids[i]), 0);
			live[i] = 0;
			n_live--;
		}
	assert_int_equal(event_queue_size(q), n_live);
	assert_int_equal(pop_in_order(q, live), n_live);
	assert_int_equal(event_queue_size(q), 0);
	event_queue_destroy(q);
}

/* The 32-bit sequence numbers are renumbered before they run out: events
 * and two timers at tied times, pushed on both sides of the limit (some
 * cancelled), still pop in (time, push order). */
static void test_seq_renumbered_at_limit(void **state)
{
	(void)state;
	enum { N = 3000 };
	struct event_queue *q = event_queue_create(1);
	static event_id ids[N];
	static int live[N];
	int t0 = event_queue_timer_add(q, (sim_handler)record, NULL, 100000);
	int t1 = event_queue_timer_add(q, (sim_handler)record, NULL, 100001);
	event_queue_test_seq(q, UINT32_MAX - N / 2);
	uint64_t x = 99;
	for (int i = 0; i < N; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		ids[i] = event_queue_push(q, (sim_time)(x >> 56), (sim_handler)record, NULL,
					  (uint64_t)i);
		live[i] = 1;
		if (i == N / 4) /* before the limit: its key must keep its place */
			event_queue_timer_set(q, t0, 100);
		if (i == 3 * N / 4) /* after it */
			event_queue_timer_set(q, t1, 100);
		if (i % 7 == 0) {
			assert_int_equal(event_queue_cancel(q, ids[i]), 1);
			live[i] = 0;
		}
	}
	struct event_fired ev;
	sim_time last_t = -1;
	int64_t last_i = -1;
	size_t popped = 0, timers = 0;
	while (event_queue_pop(q, &ev)) {
		int64_t i = (int64_t)ev.arg;
		if (i >= 100000) { /* a timer: at time 100 between the events pushed before and after it */
			int64_t at = i == 100000 ? N / 4 : 3 * N / 4;
			assert_int_equal(ev.time, 100);
			assert_true(last_t < 100 || (last_t == 100 && last_i <= at));
			last_t = ev.time;
			last_i = at;
			timers++;
			continue;
		}
		assert_true(live[i]);
		live[i] = 0;
		assert_true(ev.time > last_t || (ev.time == last_t && i > last_i));
		last_t = ev.time;
		last_i = i;
		popped++;
	}
	assert_int_equal(timers, 2);
	assert_int_equal(popped, N - (N + 6) / 7);
	event_queue_destroy(q);
}

/*
 * Timers fire in exactly the order the heap would give: three self-re-arming
 * sources with colliding periods, mixed with one-off heap events at the same
 * ticks, against the same sources scheduled as heap events.
 */
struct source_run {
	struct trace t;
	int use_timers;
	int timer[3];
	uint64_t fired[3];
};

static const sim_time source_period[3] = { 3, 5, 6 };

static void source_fire(struct sim *s, void *ctx, uint64_t arg)
{
	struct source_run *r = ctx;
	record(s, &r->t, 100 + arg);
	if (++r->fired[arg] == 4)
		return;
	sim_time next = sim_now(s) + source_period[arg];
	if (r->use_timers)
		sim_timer_set(s, r->timer[arg], next);
	else
		sim_at(s, next, source_fire, r, arg);
}

static void run_sources(struct source_run *r, int use_timers)
{
	memset(r, 0, sizeof *r);
	r->use_timers = use_timers;
	struct sim *s = sim_create(1);
	for (uint64_t k = 0; k < 3; k++) {
		if (use_timers) {
			r->timer[k] = sim_timer_add(s, source_fire, r, k);
			sim_timer_set(s, r->timer[k], source_period[k]);
		} else {
			sim_at(s, source_period[k], source_fire, r, k);
		}
	}
	for (uint64_t i = 0; i < 8; i++)
		sim_at(s, (sim_time)(3 * i), record, &r->t, i);
	assert_int_equal(sim_pending(s), 11);
	sim_run_until(s, 1000);
	assert_int_equal(sim_pending(s), 0);
	sim_destroy(s);
}

static void test_timers_keep_heap_order(void **state)
{
	(void)state;
	static struct source_run heap, timers;
	run_sources(&heap, 0);
	run_sources(&timers, 1);
	assert_int_equal(timers.t.n, 8 + 12);
	assert_int_equal(timers.t.n, heap.t.n);
	for (size_t i = 0; i < heap.t.n; i++) {
		assert_int_equal(timers.t.order[i], heap.t.order[i]);
		assert_int_equal(timers.t.at[i], heap.t.at[i]);
	}
}

/* Re-arming replaces the pending firing, earlier or later; clear disarms. */
static void test_timer_rearm_and_clear(void **state)
{
	(void)state;
	struct sim *s = sim_create(1);
	struct trace t = { .n = 0 };
	int a = sim_timer_add(s, record, &t, 1);
	int b = sim_timer_add(s, record, &t, 2);
	sim_timer_set(s, a, 10);
	sim_timer_set(s, b, 20);
	sim_timer_set(s, a, 30); /* a was the earliest; now b is */
	sim_timer_set(s, b, 5);
	assert_int_equal(sim_pending(s), 2);
	sim_timer_clear(s, b);
	sim_timer_clear(s, b); /* clearing a disarmed timer is harmless */
	assert_int_equal(sim_pending(s), 1);
	sim_at(s, 30, record, &t, 3); /* same tick, scheduled after a's re-arm */
	assert_int_equal(sim_run_until(s, 100), 2);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.order[0], 1);
	assert_int_equal(t.at[0], 30);
	assert_int_equal(t.order[1], 3);
	sim_destroy(s);
}

static void test_meter_exact(void **state)
{
	(void)state;
	struct meter m;
	meter_init(&m, 0, 100.0);
	meter_set(&m, 10, 250.0);
	meter_add(&m, 30, -50.0);
	meter_mark(&m, 40);
	meter_flush(&m, 100);
	/* 100x10 + 250x20 + 200x10, then 200x60 after the mark */
	assert_true(m.integral == 100.0 * 10 + 250.0 * 20 + 200.0 * 10 + 200.0 * 60);
	assert_true(meter_window(&m) == 200.0 * 60);
	assert_true(m.peak == 200.0);
	/* a level counts toward the peak once held: 900 for no time does not */
	meter_set(&m, 100, 900.0);
	meter_set(&m, 100, 300.0);
	meter_flush(&m, 100);
	assert_true(m.peak == 200.0);
	meter_flush(&m, 101);
	assert_true(m.peak == 300.0);
}

struct stream_range {
	const char *name;
	uint64_t first, count;
};

#define STREAM_RANGE(name, first, count) { #name, first, count },
static const struct stream_range stream_ranges[] = { RNG_STREAM_RANGES(STREAM_RANGE) };
#define N_STREAM_RANGES (sizeof stream_ranges / sizeof *stream_ranges)

/* The one range holding id, or -1 when none or several do. */
static int stream_range_of(uint64_t id)
{
	int found = -1;
	for (size_t i = 0; i < N_STREAM_RANGES; i++) {
		const struct stream_range *g = &stream_ranges[i];
		if (id >= g->first && id - g->first < g->count) {
			if (found >= 0)
				return -1;
			found = (int)i;
		}
	}
	return found;
}

static int stream_range_named(const char *name)
{
	for (size_t i = 0; i < N_STREAM_RANGES; i++)
		if (!strcmp(stream_ranges[i].name, name))
			return (int)i;
	fail_msg("no stream range %s", name);
	return -1;
}

/* The registry's ranges are disjoint, listed lowest first, and every id
 * the program draws from lies in its own range: so no two processes share
 * a stream, for any class index below the limit. The ids keep the values
 * results were computed with. */
/* An allocation failure is a class of its own (the CLI exits 1, not 2),
 * carried by a flag, not read back from the message text. */
/* clock_round is llround, value for value: halves, the doubles either
 * side of them, the edges of its fast range, signed zeros, and a million
 * random values over the magnitudes ticks take. */
static void test_clock_round_is_llround(void **state)
{
	(void)state;
	const double edge[] = { 0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5,
				0.49999999999999994, -0.49999999999999994,
				4503599627370495.5, -4503599627370495.5,
				4503599627370496.0, -4503599627370496.0,
				4503599627370497.0, 9.2e18, -9.2e18, 1e-300, 3.6e6 + 0.5 };
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
		double x = edge[i];
		assert_int_equal(clock_round(x), llround(x));
		assert_int_equal(clock_round(nextafter(x, INFINITY)), llround(nextafter(x, INFINITY)));
		assert_int_equal(clock_round(nextafter(x, -INFINITY)), llround(nextafter(x, -INFINITY)));
	}
	uint64_t r = 88172645463325252u; /* xorshift64 (Marsaglia 2003) */
	for (int i = 0; i < 1000000; i++) {
		r ^= r << 13;
		r ^= r >> 7;
		r ^= r << 17;
		double u = (double)(r >> 11) / 9007199254740992.0; /* [0, 1) */
		double x = (i & 1 ? -1 : 1) * ldexp(u, (int)(r % 53)) + (i % 3 == 0 ? 0.5 : 0);
		assert_int_equal(clock_round(x), llround(x));
	}
}

static void test_diag_out_of_memory(void **state)
{
	(void)state;
	struct diag d, inner;
	diag_init(&d);
	diag_add(&d, "%s: \"out of memory\" is not a cooling technology", "s.json");
	assert_int_equal(diag_is_oom(&d), 0);
	diag_init(&inner);
	diag_oom(&inner, "%s: out of memory", "tr.csv");
	assert_int_equal(diag_is_oom(&inner), 1);
	assert_string_equal(inner.msgs[0], "tr.csv: out of memory");
	diag_add(&d, "wrapped: %s", inner.msgs[0]);
	assert_int_equal(diag_is_oom(&d), 0);
	diag_inherit_oom(&d, &inner);
	assert_int_equal(diag_is_oom(&d), 1);
	assert_int_equal((int)d.count, 2);
	diag_fini(&inner);
	diag_fini(&d);
}

static void test_stream_registry(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_STREAM_RANGES; i++) {
		const struct stream_range *g = &stream_ranges[i];
		assert_true(g->count > 0);
		assert_true(g->first + g->count > g->first); /* no wrap */
		if (i > 0) {
			const struct stream_range *p = &stream_ranges[i - 1];
			if (!(p->first + p->count <= g->first))
				fail_msg("stream ranges %s and %s overlap", p->name, g->name);
		}
	}
	int classes = stream_range_named("classes");
	for (size_t c = 0; c < RNG_CLASS_LIMIT; c++)
		for (unsigned s = 0; s < RNG_CLASS_SLOTS; s++) {
			uint64_t id = rng_stream_class(c, s);
			if (stream_range_of(id) != classes)
				fail_msg("class %zu slot %u: id %llu outside the classes' range", c, s,
					 (unsigned long long)id);
			/* one-to-one: the id gives back its class and slot */
			assert_true((id - RNG_STREAM_CLASS_FIRST) / RNG_CLASS_SLOTS == c);
			assert_true((id - RNG_STREAM_CLASS_FIRST) % RNG_CLASS_SLOTS == s);
		}
	assert_int_equal(stream_range_of(RNG_STREAM_FORECAST), stream_range_named("forecast"));
	assert_int_equal(stream_range_of(RNG_STREAM_SWEEP_LHS), stream_range_named("sweep_lhs"));
	/* the values every shipped result was drawn with */
	assert_true(workload_stream_id(0, WORKLOAD_STREAM_ARRIVALS) == 1000);
	assert_true(workload_stream_id(0, WORKLOAD_STREAM_SIZES) == 1001);
	assert_true(workload_stream_id(2, WORKLOAD_STREAM_DURATIONS) == 1034);
	assert_true(RNG_STREAM_FORECAST == 0xF0CA57);
	assert_true(RNG_STREAM_SWEEP_LHS == 0x5357454550ULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_and_ties),
		cmocka_unit_test(test_run_until_boundary),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_heap_against_reference),
		cmocka_unit_test(test_heap_mostly_cancelled),
		cmocka_unit_test(test_seq_renumbered_at_limit),
		cmocka_unit_test(test_timers_keep_heap_order),
		cmocka_unit_test(test_timer_rearm_and_clear),
		cmocka_unit_test(test_meter_exact),
		cmocka_unit_test(test_stream_registry),
		cmocka_unit_test(test_clock_round_is_llround),
		cmocka_unit_test(test_diag_out_of_memory),
	};
	return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
