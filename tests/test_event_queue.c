/*
 * test_event_queue.c - the event queue's edges that its fast paths lean
 * on (event_queue_impl.h): the padding key at the root of an empty heap
 * and as a disarmed timer's key, the first timer kept as a pointer, ids
 * that are never 0, and dead roots in front of a timer. test_engine.c
 * has the order against references and the renumbering.
 */
#include <stdint.h>

#include "event_queue.h"
#include "sim.h"
#include "test_util.h"

static void pop_expect(struct event_queue *q, sim_time time, uint64_t arg)
{
	struct event_fired ev;
	assert_true(event_queue_pop(q, &ev));
	assert_int_equal(ev.time, time);
	assert_int_equal(ev.arg, arg);
}

/* The first event of a new queue (slot 0, generation 0) has an id other
 * than EVENT_ID_NONE; once it ran or was cancelled, its id cancels
 * nothing, not the next event in the same slot either. */
static void test_ids_never_none(void **state)
{
	(void)state;
	struct event_queue *q = event_queue_create(1);
	event_id a = event_queue_push(q, 10, (sim_handler)record, NULL, 1);
	assert_true(a != EVENT_ID_NONE);
	pop_expect(q, 10, 1);
	event_id b = event_queue_push(q, 20, (sim_handler)record, NULL, 2); /* slot 0 again */
	assert_true(b != EVENT_ID_NONE && b != a);
	assert_int_equal(event_queue_cancel(q, a), 0);
	assert_int_equal(event_queue_cancel(q, b), 1);
	assert_int_equal(event_queue_cancel(q, b), 0);
	event_id c = event_queue_push(q, 30, (sim_handler)record, NULL, 3);
	assert_int_equal(event_queue_cancel(q, b), 0); /* b's slot is c's now, or b is still dead */
	assert_int_equal(event_queue_size(q), 1);
	pop_expect(q, 30, 3);
	assert_int_equal(event_queue_cancel(q, c), 0);
	assert_int_equal(event_queue_cancel(q, EVENT_ID_NONE), 0);
	struct event_fired ev;
	assert_false(event_queue_pop(q, &ev));
	event_queue_destroy(q);
}

/* A timer that fires and is not re-armed stays disarmed, with the heap
 * empty (its key and the root are both the padding) and with events
 * after it; re-armed, it fires again. */
static void test_one_timer_disarms(void **state)
{
	(void)state;
	struct event_queue *q = event_queue_create(1);
	int t = event_queue_timer_add(q, (sim_handler)record, NULL, 100);
	struct event_fired ev;
	assert_false(event_queue_pop(q, &ev)); /* added, not armed */
	assert_int_equal(event_queue_peek(q), SIM_TIME_NEVER);
	event_queue_timer_set(q, t, 5);
	assert_int_equal(event_queue_size(q), 1);
	assert_int_equal(event_queue_peek(q), 5);
	pop_expect(q, 5, 100);
	assert_int_equal(event_queue_size(q), 0);
	assert_false(event_queue_pop(q, &ev));
	assert_int_equal(event_queue_peek(q), SIM_TIME_NEVER);
	event_queue_push(q, 9, (sim_handler)record, NULL, 1);
	event_queue_timer_set(q, t, 7);
	pop_expect(q, 7, 100);
	pop_expect(q, 9, 1);
	assert_false(event_queue_pop(q, &ev));
	event_queue_timer_set(q, t, 11);
	event_queue_timer_clear(q, t);
	assert_false(event_queue_pop(q, &ev));
	event_queue_destroy(q);
}

/* pop_until: an event at the end runs, one after it stays, and with the
 * heap empty even an end of SIM_TIME_NEVER finds nothing (the padding's
 * time is SIM_TIME_NEVER too). */
static void test_pop_until_edges(void **state)
{
	(void)state;
	struct event_queue *q = event_queue_create(1);
	struct event_fired ev;
	assert_false(event_queue_pop_until(q, SIM_TIME_NEVER, &ev));
	event_queue_push(q, 50, (sim_handler)record, NULL, 1);
	event_queue_push(q, 51, (sim_handler)record, NULL, 2);
	assert_true(event_queue_pop_until(q, 50, &ev));
	assert_int_equal(ev.arg, 1);
	assert_false(event_queue_pop_until(q, 50, &ev));
	assert_true(event_queue_pop_until(q, SIM_TIME_NEVER, &ev));
	assert_int_equal(ev.arg, 2);
	assert_false(event_queue_pop_until(q, SIM_TIME_NEVER, &ev));
	event_queue_destroy(q);
}

/* The heap emptied by pops and filled again, past its first capacity,
 * pops in order: the place the last entry left is padding each time. */
static void test_empty_and_refill(void **state)
{
	(void)state;
	struct event_queue *q = event_queue_create(1);
	for (int round = 0; round < 3; round++) {
		uint64_t x = 4242 + (uint64_t)round;
		int n = round == 0 ? 1 : 300;
		for (int i = 0; i < n; i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			event_queue_push(q, (sim_time)(x >> 58), (sim_handler)record, NULL, (uint64_t)i);
		}
		assert_int_equal(pop_in_order(q, NULL), n);
		assert_int_equal(event_queue_peek(q), SIM_TIME_NEVER);
	}
	event_queue_destroy(q);
}

/* A timer added while another is armed (the timers move in memory): the
 * first timer is found again, and both fire in time order. */
static void test_timer_added_while_armed(void **state)
{
	(void)state;
	struct event_queue *q = event_queue_create(1);
	int a = event_queue_timer_add(q, (sim_handler)record, NULL, 100);
	event_queue_timer_set(q, a, 20);
	int b[8];
	for (int k = 0; k < 8; k++)
		b[k] = event_queue_timer_add(q, (sim_handler)record, NULL, 200 + (uint64_t)k);
	event_queue_timer_set(q, b[7], 10);
	event_queue_timer_set(q, b[3], 30);
	pop_expect(q, 10, 207);
	pop_expect(q, 20, 100);
	pop_expect(q, 30, 203);
	struct event_fired ev;
	assert_false(event_queue_pop(q, &ev));
	event_queue_destroy(q);
}

/* A cancelled event at the root before a timer: the timer fires; one
 * after the timer: the timer fires first and the dead one never. */
static void test_dead_root_and_timer(void **state)
{
	(void)state;
	struct sim *s = sim_create(1);
	struct trace t = { .n = 0 };
	int tm = sim_timer_add(s, record, &t, 100);
	event_id early = sim_at(s, 5, record, &t, 1);
	sim_timer_set(s, tm, 7);
	sim_at(s, 9, record, &t, 2);
	assert_int_equal(sim_cancel(s, early), 1);
	assert_int_equal(sim_pending(s), 2);
	assert_int_equal(sim_run_until(s, 8), 1);
	assert_int_equal(t.order[0], 100);
	assert_int_equal(t.at[0], 7);
	event_id late = sim_at(s, 12, record, &t, 3);
	sim_timer_set(s, tm, 11);
	assert_int_equal(sim_cancel(s, late), 1);
	assert_int_equal(sim_run_until(s, 100), 2);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.order[1], 2);
	assert_int_equal(t.order[2], 100);
	assert_int_equal(t.at[2], 11);
	assert_int_equal(sim_pending(s), 0);
	sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_never_none),
		cmocka_unit_test(test_one_timer_disarms),
		cmocka_unit_test(test_pop_until_edges),
		cmocka_unit_test(test_empty_and_refill),
		cmocka_unit_test(test_timer_added_while_armed),
		cmocka_unit_test(test_dead_root_and_timer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
