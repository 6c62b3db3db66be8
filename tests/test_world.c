/*
 * test_world.c - whole runs with known answers.
 *
 * The hand case: one rack of two 8-GPU H100 nodes (catalog figures: GPU
 * 70 W idle, 700 W TDP; host 1150 W idle, 4600 W max), three known jobs:
 *   A1: 8 GPUs at t=0 h for 2 h, utilization 1
 *   B : 16 GPUs at t=0.5 h for 1 h, utilization 0.5 (two whole nodes)
 *   A2: 8 GPUs at t=1 h for 2 h, utilization 1
 * Node idle = 8x70 + 1150 = 1710 W; one unit of load (a GPU at
 * utilization 1) adds 630 + (4600-1150)/8 = 1061.25 W.
 * FCFS: A1 0-2, B waits for both nodes 2-3, A2 waits behind B 3-5.
 *   load-hours = 8x2 + 8x1 + 8x2 = 40; IT = 2x1710x6 + 40x1061.25 Wh.
 * Greedy: A1 0-2, A2 1-3 (passes the blocked B), B 3-4.
 *   load-hours = 16 + 16 + 8 = 40, the same energy, different waits.
 */
#include <stdlib.h>

#include "job.h"
#include "run_core.h"
#include "test_util.h"
#include "world.h"

static const char hand_case[] =
	"{ \"name\": \"hand\", \"duration_h\": 6, \"sample_interval_min\": 60,"
	"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.5 },"
	"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\" },"
	"  \"workload\": { \"classes\": ["
	"    { \"name\": \"a\", \"arrival\": { \"process\": \"list\", \"times_h\": [0, 1] },"
	"      \"gpus\": 8, \"duration\": { \"distribution\": \"constant\", \"value_h\": 2 },"
	"      \"utilization\": 1.0 },"
	"    { \"name\": \"b\", \"arrival\": { \"process\": \"list\", \"times_h\": [0.5] },"
	"      \"gpus\": 16, \"duration\": { \"distribution\": \"constant\", \"value_h\": 1 },"
	"      \"utilization\": 0.5 } ] } }";

static const double node_idle_w = 8 * 70.0 + 1150.0;
static const double slope_w = 630.0 + (4600.0 - 1150.0) / 8.0;

static const struct job_record *job(const struct run_result *r, uint64_t id)
{
	for (size_t i = 0; i < r->n_jobs; i++)
		if (r->jobs[i].id == id)
			return &r->jobs[i];
	fail_msg("job %llu not in the log", (unsigned long long)id);
	return NULL;
}

static void test_hand_energy_fcfs(void **state)
{
	(void)state;
	struct scenario sc;
	struct run_result r;
	run_ok(hand_case, NULL, 0, &sc, &r);
	double it_wh = 2 * node_idle_w * 6 + 40 * slope_w;
	assert_rel(r.kpis.it_energy_mwh, it_wh / 1e6, 1e-9);
	assert_rel(r.kpis.facility_energy_mwh, 1.5 * it_wh / 1e6, 1e-9);
	assert_rel(r.kpis.it_peak_kw, (2 * node_idle_w + 8 * slope_w) / 1000, 1e-9);
	/* ids follow arrival order: A1 (t=0) = 0, B (0.5 h) = 1, A2 (1 h) = 2 */
	assert_rel(job(&r, 0)->wait_s, 0.0, 0);
	assert_rel(job(&r, 1)->wait_s, 1.5 * 3600, 1e-12);
	assert_rel(job(&r, 2)->wait_s, 2.0 * 3600, 1e-12);
	assert_rel(job(&r, 2)->end_s, 5.0 * 3600, 1e-12);
	/* job energy: its GPUs while it runs */
	assert_rel(job(&r, 0)->energy_kwh, 8 * 700.0 * 2 / 1000, 1e-9);
	assert_rel(job(&r, 1)->energy_kwh, 16 * (70 + 630 * 0.5) * 1 / 1000, 1e-9);
	assert_int_equal(r.kpis.jobs_submitted, 3);
	assert_int_equal(r.kpis.jobs_completed, 3);
	assert_rel(r.kpis.wait_mean_s, 3.5 * 3600 / 3, 1e-12);
	/* time series: interval averages over hours; hour 2-3 has B at 0.5 */
	assert_int_equal(r.n_ts, 6);
	assert_rel(r.ts[2].it_kw, (2 * node_idle_w + 16 * 0.5 * slope_w) / 1000, 1e-9);
	assert_rel(r.ts[5].it_kw, 2 * node_idle_w / 1000, 1e-9);
	assert_rel(r.ts[0].jobs_queued, 0.5, 1e-12); /* B from 0.5 h */
	assert_rel(r.ts[1].jobs_queued, 2.0, 1e-12); /* B and A2 all hour */
	run_result_fini(&r);
	scenario_fini(&sc);
}

static void test_hand_energy_greedy(void **state)
{
	(void)state;
	const char *sets[] = { "scheduler.policy=greedy" };
	struct scenario sc;
	struct run_result r;
	run_ok(hand_case, sets, 1, &sc, &r);
	assert_rel(r.kpis.it_energy_mwh, (2 * node_idle_w * 6 + 40 * slope_w) / 1e6, 1e-9);
	assert_rel(r.kpis.it_peak_kw, (2 * node_idle_w + 16 * slope_w) / 1000, 1e-9);
	assert_rel(job(&r, 2)->wait_s, 0.0, 0);
	assert_rel(job(&r, 1)->wait_s, 2.5 * 3600, 1e-12);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/* Warm-up excludes the first hours from energy and from job counts. */
static void test_warmup_window(void **state)
{
	(void)state;
	const char *sets[] = { "warmup_h=2" };
	struct scenario sc;
	struct run_result r;
	run_ok(hand_case, sets, 1, &sc, &r);
	/* window 2-6 h: B 2-3 (8 load), A2 3-5 (8 load) */
	assert_rel(r.kpis.it_energy_mwh, (2 * node_idle_w * 4 + 24 * slope_w) / 1e6, 1e-9);
	assert_int_equal(r.kpis.jobs_submitted, 0); /* all arrived before 2 h */
	assert_rel(r.kpis.sim_days, 4.0 / 24, 1e-12);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/* A job larger than the facility is rejected with a reason, not queued. */
static void test_reject_too_large(void **state)
{
	(void)state;
	/* A class none of whose sizes fits is refused at load (test_scenario);
	 * one that may draw 16 GPUs (1e-12 of the time) loads, and its 17-GPU
	 * job is rejected at run time. */
	const char *sets[] = { "workload.classes[1].gpus={\"sizes\":[17,16],\"weights\":[1,1e-12]}" };
	struct scenario sc;
	struct run_result r;
	run_ok(hand_case, sets, 1, &sc, &r);
	assert_int_equal(r.kpis.jobs_rejected, 1);
	assert_int_equal(r.kpis.jobs_completed, 2);
	assert_int_equal(r.kpis.jobs_queued, 0);
	assert_int_equal(job(&r, 1)->state, JOB_REJECTED);
	assert_int_equal(job(&r, 1)->reject, JOB_REJECT_TOO_LARGE);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/* Jobs still running or queued at the horizon are counted as such. */
static void test_unfinished_at_horizon(void **state)
{
	(void)state;
	const char *sets[] = { "duration_h=2.5" };
	struct scenario sc;
	struct run_result r;
	run_ok(hand_case, sets, 1, &sc, &r);
	assert_int_equal(r.kpis.jobs_completed, 1);
	assert_int_equal(r.kpis.jobs_running, 1);
	assert_int_equal(r.kpis.jobs_queued, 1);
	assert_int_equal(job(&r, 2)->state, JOB_QUEUED);
	/* C is out of the wait statistics, in the censored ones: waited so far */
	assert_int_equal(r.kpis.wait_censored_jobs, 1);
	assert_rel(r.kpis.wait_censored_mean_s, 2.5 * 3600 - job(&r, 2)->submit_s, 1e-12);
	/* B ran 2-2.5 h: its energy so far */
	assert_rel(job(&r, 1)->energy_kwh, 16 * (70 + 315.0) * 0.5 / 1000, 1e-9);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/* A speed change stretches the remaining work exactly. */
static void test_job_stretch(void **state)
{
	(void)state;
	struct job j = { 0 };
	j.work_s = 3600.0;
	job_start(&j, 0, 1.0, 1000.0);
	job_set_speed(&j, clock_from_s(1200), 0.5, 600.0); /* 2400 s of work left */
	assert_rel(j.work_s, 2400.0, 1e-12);
	assert_int_equal(job_end_time(&j), clock_from_s(1200 + 4800));
	job_set_speed(&j, clock_from_s(3600), 1.0, 1000.0); /* 1200 s left */
	assert_int_equal(job_end_time(&j), clock_from_s(4800));
	job_advance(&j, clock_from_s(4800));
	assert_rel(j.energy_j, 1000.0 * 1200 + 600.0 * 2400 + 1000.0 * 1200, 1e-12);
	assert_true(fabs(j.work_s) < 1e-9);
}

static int same_kpis(const struct run_kpis *a, const struct run_kpis *b)
{
	return memcmp(a, b, sizeof *a) == 0;
}

/* Same seed: identical results; another seed: different ones. */
static void test_seed_determinism(void **state)
{
	(void)state;
	struct scenario sc;
	struct run_result a, b, c;
	struct diag d;
	diag_init(&d);
	assert_int_equal(scenario_load(scenario_default_json, "default",
				       DCSIM_SOURCE_DIR "/scenarios", NULL, NULL, 0, &sc, &d), 0);
	assert_int_equal(world_run(&sc, &a, &d), 0);
	assert_int_equal(world_run(&sc, &b, &d), 0);
	assert_true(same_kpis(&a.kpis, &b.kpis));
	assert_int_equal(a.n_jobs, b.n_jobs);
	assert_memory_equal(a.jobs, b.jobs, a.n_jobs * sizeof *a.jobs);
	sc.seed = 2;
	assert_int_equal(world_run(&sc, &c, &d), 0);
	assert_false(same_kpis(&a.kpis, &c.kpis));
	run_result_fini(&a);
	run_result_fini(&b);
	run_result_fini(&c);
	scenario_fini(&sc);
	diag_fini(&d);
}

/* facility_fit chooses, without taking them, the very GPUs facility_place
 * takes (admission places a job before it knows the start fits), over a
 * random mix of sizes with releases in between, and changes nothing. */
static void test_fit_is_place(void **state)
{
	(void)state;
	struct scenario sc;
	struct diag d;
	diag_init(&d);
	assert_int_equal(scenario_load(scenario_default_json, "default",
				       DCSIM_SOURCE_DIR "/scenarios", NULL, NULL, 0, &sc, &d), 0);
	struct facility f;
	assert_int_equal(facility_init(&f, &sc, 0), 0);
	enum { N = 64 };
	struct job jobs[N] = { 0 }, probe = { 0 };
	int live[N] = { 0 };
	unsigned s = 7;
	for (int step = 0; step < 4000; step++) {
		s = s * 1103515245u + 12345u;
		int i = (int)(s >> 8) % N;
		if (live[i]) {
			facility_release(&f, &jobs[i], step);
			live[i] = 0;
			continue;
		}
		static const int sizes[] = { 1, 3, 8, 12, 16, 24, 40, 64 };
		int k = sizes[(s >> 20) % 8], free0 = f.free_gpus, top = f.tree[1];
		int rc = facility_fit(&f, &probe, k);
		assert_int_equal(f.free_gpus, free0);
		assert_int_equal(f.tree[1], top);
		assert_int_equal(facility_place(&f, &jobs[i], k, step), rc);
		if (rc != 0)
			continue;
		live[i] = 1;
		assert_int_equal(probe.n_allocs, jobs[i].n_allocs);
		for (uint32_t a = 0; a < probe.n_allocs; a++) {
			assert_int_equal(probe.allocs[a].node, jobs[i].allocs[a].node);
			assert_int_equal(probe.allocs[a].gpus, jobs[i].allocs[a].gpus);
		}
	}
	for (int i = 0; i < N; i++)
		free(jobs[i].allocs);
	free(probe.allocs);
	facility_fini(&f);
	scenario_fini(&sc);
	diag_fini(&d);
}

/* The run's subsystem list (run_core.h): one entry per id, each with an
 * init and its state's size, and the order the power ops rely on: the
 * cap holds the connection before the battery sets its power, and the
 * grid meters follow both. Draw and power ops exist where asked for. */
static void test_subsystem_list(void **state)
{
	(void)state;
	for (int i = 0; i < RUN_N_SUBS; i++) {
		const struct run_sub_ops *ops = world_subs[i];
		assert_non_null(ops);
		assert_non_null(ops->init);
		assert_non_null(ops->name);
		assert_true(ops->size > 0);
		/* a drawer says what it could draw and what it drew */
		assert_true(!ops->draw || (ops->draw_at && ops->energy));
	}
	assert_true(RUN_SUB_CAP < RUN_SUB_BATTERY && RUN_SUB_BATTERY < RUN_SUB_GRID);
	assert_ptr_equal(world_subs[RUN_SUB_COOLING], &world_cooling_ops);
	assert_non_null(world_cooling_ops.draw);
	assert_non_null(world_cap_ops.power);
	assert_non_null(world_battery_ops.power);
	assert_non_null(world_grid_ops.power);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_energy_fcfs),
		cmocka_unit_test(test_hand_energy_greedy),
		cmocka_unit_test(test_warmup_window),
		cmocka_unit_test(test_reject_too_large),
		cmocka_unit_test(test_unfinished_at_horizon),
		cmocka_unit_test(test_job_stretch),
		cmocka_unit_test(test_seed_determinism),
		cmocka_unit_test(test_subsystem_list),
		cmocka_unit_test(test_fit_is_place),
	};
	return cmocka_run_group_tests_name("world", tests, NULL, NULL);
}
