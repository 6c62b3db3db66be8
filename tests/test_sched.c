/*
 * test_sched.c - the backfilling policies on a cluster that is only a
 * count of GPUs, driven by a small event loop here (arrivals and ends,
 * estimates exact), so the right schedule is known.
 *
 * Invariants, checked on hand-built cases and a long random run:
 *  - EASY: the head's reservation (the shadow time, reported through
 *    sched_env.planned at every dispatch) never moves later, and the head
 *    starts no later than it;
 *  - conservative: the same for every queued job's reservation.
 */
#include <stdint.h>
#include <stdlib.h>

#include "clock.h"
#include "job.h"
#include "scheduler.h"
#include "test_util.h"

#define MAX_JOBS 4000

struct harness {
	struct scheduler s;
	struct job jobs[MAX_JOBS];
	size_t n;
	int total, free;
	sim_time now;
	sim_time first_plan[MAX_JOBS], last_plan[MAX_JOBS];
	struct sched_running run[MAX_JOBS];
	int violations;
};

static int h_try_start(void *ctx, struct job *j)
{
	struct harness *h = ctx;
	if (j->gpus > h->free)
		return 0;
	h->free -= j->gpus;
	j->state = JOB_RUNNING;
	j->start = h->now;
	j->end = h->now + clock_from_s(j->work_total_s);
	j->est_end = h->now + clock_from_s(j->estimate_s);
	return 1;
}

static int h_free(void *ctx)
{
	return ((struct harness *)ctx)->free;
}

static size_t h_running(void *ctx, struct sched_running **out)
{
	struct harness *h = ctx;
	size_t n = 0;
	for (size_t i = 0; i < h->n; i++)
		if (h->jobs[i].state == JOB_RUNNING)
			h->run[n++] = (struct sched_running){ h->jobs[i].est_end, h->jobs[i].gpus };
	*out = h->run;
	return n;
}

static void h_planned(void *ctx, const struct job *j, sim_time t)
{
	struct harness *h = ctx;
	size_t i = (size_t)j->id;
	if (h->last_plan[i] >= 0 && t > h->last_plan[i]) {
		print_message("job %zu: reservation moved from %lld to %lld at %lld\n", i,
			      (long long)h->last_plan[i], (long long)t, (long long)h->now);
		h->violations++;
	}
	if (h->first_plan[i] < 0)
		h->first_plan[i] = t;
	h->last_plan[i] = t;
}

static void h_init(struct harness *h, sched_policy policy, int gpus)
{
	memset(h, 0, sizeof *h);
	scheduler_init(&h->s, policy, 1000000, 0);
	h->total = h->free = gpus;
	for (size_t i = 0; i < MAX_JOBS; i++)
		h->first_plan[i] = h->last_plan[i] = -1;
}

static void h_add(struct harness *h, double submit_s, int gpus, double dur_s)
{
	struct job *j = &h->jobs[h->n];
	j->id = h->n++;
	j->submit = clock_from_s(submit_s);
	j->gpus = gpus;
	j->work_s = j->work_total_s = dur_s;
	j->estimate_s = dur_s; /* exact */
	j->state = JOB_REJECTED; /* not yet arrived */
	j->start = j->end = j->resv = -1;
}

/* Run to the end: at each time, ends, then arrivals, then one dispatch. */
static void h_run(struct harness *h)
{
	const struct sched_env env = { h_try_start, h, 0, h_free, h_running, h_planned };
	size_t next_arrival = 0, done = 0;
	while (done < h->n) {
		sim_time t = next_arrival < h->n ? h->jobs[next_arrival].submit : SIM_TIME_NEVER;
		for (size_t i = 0; i < h->n; i++)
			if (h->jobs[i].state == JOB_RUNNING && h->jobs[i].end < t)
				t = h->jobs[i].end;
		assert_true(t != SIM_TIME_NEVER);
		h->now = t;
		for (size_t i = 0; i < h->n; i++) {
			if (h->jobs[i].state == JOB_RUNNING && h->jobs[i].end == t) {
				h->jobs[i].state = JOB_COMPLETED;
				h->free += h->jobs[i].gpus;
				done++;
			}
		}
		while (next_arrival < h->n && h->jobs[next_arrival].submit == t) {
			h->jobs[next_arrival].state = JOB_QUEUED;
			scheduler_enqueue(&h->s, &h->jobs[next_arrival++]);
		}
		struct sched_env e = env;
		e.now = t;
		scheduler_dispatch(&h->s, &e);
		assert_true(h->free >= 0 && h->free <= h->total);
	}
	for (size_t i = 0; i < h->n; i++)
		if (h->last_plan[i] >= 0 && h->jobs[i].start > h->last_plan[i]) {
			print_message("job %zu started at %lld after its reservation %lld\n", i,
				      (long long)h->jobs[i].start, (long long)h->last_plan[i]);
			h->violations++;
		}
	scheduler_fini(&h->s);
}

static sched_policy policy_named(const char *name)
{
	for (int i = 0; sched_policy_name_at(i); i++)
		if (strcmp(sched_policy_name_at(i), name) == 0)
			return i;
	fail_msg("no policy %s", name);
	return 0;
}

static double start_s(const struct harness *h, size_t i)
{
	return clock_to_s(h->jobs[i].start);
}

/*
 * 4 GPUs. J0 (0 s, 2 GPUs, 100 s) runs 0-100. J1 (1 s, 4 GPUs, 10 s)
 * blocks at the head: reserved at 100. J2 (2 s, 2 GPUs, 50 s) ends by 100:
 * backfilled at 2. J3 (60 s, 2 GPUs, 100 s) would end at 160 on GPUs J1
 * needs at 100: it waits for J1, 110. FCFS starts J2 at 110 and J3 at 160.
 */
static void hand_case(struct harness *h, const char *policy)
{
	h_init(h, policy_named(policy), 4);
	h_add(h, 0, 2, 100);
	h_add(h, 1, 4, 10);
	h_add(h, 2, 2, 50);
	h_add(h, 60, 2, 100);
	h_run(h);
}

static void test_easy_hand(void **state)
{
	(void)state;
	static struct harness h;
	hand_case(&h, "easy_backfill");
	assert_int_equal(h.violations, 0);
	assert_rel(start_s(&h, 0), 0, 0);
	assert_rel(start_s(&h, 1), 100, 0);
	assert_rel(start_s(&h, 2), 2, 0);
	assert_rel(start_s(&h, 3), 110, 0);
	assert_int_equal(h.jobs[2].backfilled, 1);
	assert_int_equal(h.jobs[3].backfilled, 0);
	assert_int_equal(h.s.backfilled, 1);
	assert_rel(clock_to_s(h.first_plan[1]), 100, 0);
}

static void test_conservative_hand(void **state)
{
	(void)state;
	static struct harness h;
	hand_case(&h, "conservative_backfill");
	assert_int_equal(h.violations, 0);
	assert_rel(start_s(&h, 1), 100, 0);
	assert_rel(start_s(&h, 2), 2, 0);
	assert_rel(start_s(&h, 3), 110, 0);
	/* J3 was promised 110 when it arrived, and kept it */
	assert_rel(clock_to_s(h.first_plan[3]), 110, 0);
}

static void test_fcfs_hand(void **state)
{
	(void)state;
	static struct harness h;
	hand_case(&h, "fcfs");
	assert_rel(start_s(&h, 2), 110, 0);
	assert_rel(start_s(&h, 3), 110, 0);
}

/*
 * Where EASY and conservative differ: 4 GPUs, J0 (0 s, 3 GPUs, 100 s),
 * J1 (1 s, 4 GPUs, 10 s) is the head, reserved at 100 with no extra GPU;
 * J2 (2 s, 1 GPU, 200 s) does not end by 100, so neither backfills it;
 * J3 (3 s, 1 GPU, 50 s) ends by 100: both backfill it at 3.
 */
static void test_backfill_needs_an_early_end(void **state)
{
	(void)state;
	static struct harness h;
	const char *const names[] = { "easy_backfill", "conservative_backfill" };
	for (int p = 0; p < 2; p++) {
		h_init(&h, policy_named(names[p]), 4);
		h_add(&h, 0, 3, 100);
		h_add(&h, 1, 4, 10);
		h_add(&h, 2, 1, 200);
		h_add(&h, 3, 1, 50);
		h_run(&h);
		assert_int_equal(h.violations, 0);
		assert_rel(start_s(&h, 1), 100, 0);
		assert_rel(start_s(&h, 2), 110, 0);
		assert_rel(start_s(&h, 3), 3, 0);
	}
}

/* A small LCG: the test's own numbers, the same on every platform. */
static uint32_t lcg(uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*x >> 33);
}

static void random_run(const char *policy, uint64_t seed)
{
	static struct harness h;
	static const int sizes[] = { 1, 1, 1, 2, 4, 8, 16, 32, 64 };
	h_init(&h, policy_named(policy), 64);
	double t = 0;
	for (int i = 0; i < 600; i++) {
		t += lcg(&seed) % 40;
		int g = sizes[lcg(&seed) % (sizeof sizes / sizeof sizes[0])];
		h_add(&h, t, g, 1 + lcg(&seed) % 1500);
	}
	h_run(&h);
	assert_int_equal(h.violations, 0);
	size_t planned = 0, backfilled = 0;
	for (size_t i = 0; i < h.n; i++) {
		assert_int_equal(h.jobs[i].state, JOB_COMPLETED);
		planned += h.first_plan[i] >= 0;
		backfilled += (size_t)h.jobs[i].backfilled;
	}
	/* the run exercised both: jobs waited with reservations, others passed them */
	assert_true(planned > 50);
	assert_true(backfilled > 50);
	assert_int_equal(backfilled, h.s.backfilled);
}

static void test_easy_random_invariant(void **state)
{
	(void)state;
	random_run("easy_backfill", 1);
	random_run("easy_backfill", 2);
}

static void test_conservative_random_invariant(void **state)
{
	(void)state;
	random_run("conservative_backfill", 1);
	random_run("conservative_backfill", 2);
}

/* Priority first, then arrival; a requeued job goes back by submit time. */
static void test_queue_order(void **state)
{
	(void)state;
	static struct job j[4];
	struct scheduler s;
	scheduler_init(&s, 0, 1, 0);
	for (int i = 0; i < 4; i++) {
		memset(&j[i], 0, sizeof j[i]);
		j[i].id = (uint64_t)i;
		j[i].submit = i;
	}
	j[2].priority = 5;
	scheduler_enqueue(&s, &j[0]);
	scheduler_enqueue(&s, &j[1]);
	scheduler_enqueue(&s, &j[2]); /* outranks both */
	assert_ptr_equal(s.head, &j[2]);
	assert_ptr_equal(s.head->next, &j[0]);
	scheduler_unlink(&s, &j[0]);
	scheduler_requeue(&s, &j[0]); /* back ahead of j1, behind the priority-5 job */
	assert_ptr_equal(s.head->next, &j[0]);
	assert_ptr_equal(s.tail, &j[1]);
	scheduler_fini(&s);
}

/* Aging: a priority-0 job waiting 11 h at 1/h outranks a priority-10
 * arrival; without aging it does not. */
static void test_aging(void **state)
{
	(void)state;
	static struct job j[2];
	for (int aging = 0; aging < 2; aging++) {
		struct scheduler s;
		scheduler_init(&s, 0, 1, aging ? 1.0 : 0.0);
		memset(j, 0, sizeof j);
		j[1].id = 1;
		j[1].priority = 10;
		j[1].submit = 11 * SIM_TICKS_PER_H;
		scheduler_enqueue(&s, &j[0]);
		scheduler_enqueue(&s, &j[1]);
		if (aging)
			assert_int_equal(scheduler_age(&s, 11 * SIM_TICKS_PER_H), 0);
		assert_ptr_equal(s.head, aging ? &j[0] : &j[1]);
		assert_int_equal(s.queued, 2);
		scheduler_fini(&s);
	}
}

/* A class bonus (fair share) joins the priority at each reorder. */
static void test_class_bonus(void **state)
{
	(void)state;
	static struct job j[2];
	static const double bonus[2] = { 0, 5 };
	struct scheduler s;
	scheduler_init(&s, 0, 1, 0);
	memset(j, 0, sizeof j);
	j[1].id = 1;
	j[1].class_index = 1;
	j[1].submit = 10;
	scheduler_enqueue(&s, &j[0]);
	scheduler_enqueue(&s, &j[1]);
	assert_ptr_equal(s.head, &j[0]);
	s.class_bonus = bonus;
	assert_int_equal(scheduler_age(&s, 20), 0);
	assert_ptr_equal(s.head, &j[1]);
	scheduler_fini(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_easy_hand),
		cmocka_unit_test(test_conservative_hand),
		cmocka_unit_test(test_fcfs_hand),
		cmocka_unit_test(test_backfill_needs_an_early_end),
		cmocka_unit_test(test_easy_random_invariant),
		cmocka_unit_test(test_conservative_random_invariant),
		cmocka_unit_test(test_queue_order),
		cmocka_unit_test(test_aging),
		cmocka_unit_test(test_class_bonus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
