/*
 * test_checkpoint.c - checkpoints with write and restart costs, against
 * Daly's closed form (J. T. Daly, "A higher order estimate of the optimum
 * checkpoint interval for restart dumps", FGCS 22 (2006) 303-312).
 *
 * One 8-GPU job on a node of 4; GPUs fail exponentially (MTBF 80 h, so
 * the job's M = 10 h) and are repaired in 36 s, so an interrupted job
 * restarts at once on another node: Daly's model exactly (interruptions
 * at rate 1/M whatever the job does, a restart R after each, no wait).
 *  - The interval formula gives Daly's own figures' optima.
 *  - Without failures: the end is the work plus one write per checkpoint
 *    but the last, and the write GPU-hours and ETTR follow.
 *  - The mean completion time over 400 replications matches Daly's
 *    expected time (checkpoint_expected_time_s) within 2%, and every
 *    run's wall time is its work + lost work + writes + restarts.
 *  - Sweeping tau (1 to 6 h, step 1 h; 400 replications each, common random numbers), the
 *    shortest mean completion is at the grid point nearest Daly's optimum
 *    (2.84 h for d = 0.5 h, M = 10 h); "young_daly" picks that optimum:
 *    every replication ends as the fixed interval of Daly's tau does.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "checkpoint.h"
#include "run_core.h"
#include "test_util.h"
#include "world.h"

#define GPU_MTBF_H 80.0
#define JOB_M_S (GPU_MTBF_H / 8 * 3600.0)

/* interval: the checkpoint's interval keys, e.g. "\"interval_h\": 2". */
static void daly_case(char *buf, size_t n, double mtbf_h, double work_h, const char *interval,
		      double write_s, double restart_s)
{
	snprintf(buf, n,
		 "{ \"name\": \"daly\", \"duration_h\": %g, \"sample_interval_min\": 600,"
		 "  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.0 },"
		 "  \"cluster\": { \"racks\": 4, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
		 "  \"failures\": [ { \"kind\": \"gpu\", \"mtbf_h\": %.17g, \"repair\": \"constant\","
		 "    \"repair_median_h\": 0.01 } ],"
		 "  \"workload\": { \"classes\": ["
		 "    { \"name\": \"train\", \"arrival\": { \"process\": \"list\", \"times_h\": [0] },"
		 "      \"gpus\": 8, \"duration\": { \"distribution\": \"constant\", \"value_h\": %g },"
		 "      \"utilization\": 1.0,"
		 "      \"checkpoint\": { %s, \"write_s\": %g, \"restart_s\": %g } } ] } }",
		 5 * work_h + 100, mtbf_h, work_h, interval, write_s, restart_s);
}

/* The job's wall time, h, in a run that must complete it; its parts add up. */
static double wall_h(const struct run_result *r, double work_h)
{
	assert_int_equal(r->n_jobs, 1);
	const struct job_record *j = &r->jobs[0];
	if (j->state != JOB_COMPLETED)
		fail_msg("the job did not complete (state %d)", (int)j->state);
	double wall = (j->end_s - j->start_s) / 3600.0;
	/* never queued: every hour of its wall time computes, is lost, writes
	 * or restarts (to a tick per hold) */
	double parts = work_h + j->lost_work_h +
		       (r->kpis.checkpoint_gpu_hours + r->kpis.restart_gpu_hours) / 8;
	/* jobs.csv's columns: its writes and restarts, its ETTR */
	assert_rel(j->checkpoint_h * 8, r->kpis.checkpoint_gpu_hours, 1e-12);
	assert_rel(j->restart_h * 8, r->kpis.restart_gpu_hours, 1e-12);
	assert_rel(j->ettr, work_h / wall, 1e-12);
	if (fabs(wall - parts) > 1e-6 * (j->interruptions + wall))
		fail_msg("wall %.9f h != work + lost + writes + restarts %.9f h", wall, parts);
	return wall;
}

/* Daly's own figures 3-5 (delta 5 min, R 10 min): M = 24 h, 6 h, 15 min
 * give tau_opt 117, 57 and 9.1 min; Young's leading term for the first
 * is sqrt(2 x 5 x 1440) = 120 min. */
static void test_daly_interval_matches_his_figures(void **state)
{
	(void)state;
	const double d = 5 * 60.0;
	assert_true(fabs(checkpoint_daly_interval_s(d, 24 * 3600.0) / 60 - 117) < 0.5);
	assert_true(fabs(checkpoint_daly_interval_s(d, 6 * 3600.0) / 60 - 57) < 0.5);
	assert_true(fabs(checkpoint_daly_interval_s(d, 15 * 60.0) / 60 - 9.1) < 0.05);
	/* delta >= 2M: checkpoint every M */
	assert_rel(checkpoint_daly_interval_s(3600, 1000), 1000, 0);
	/* one segment without a write: M (e^(W/M) - 1) */
	assert_rel(checkpoint_expected_time_s(3600, 7200, 60, 0, 36000), 36000 * expm1(0.1), 1e-12);
}

static void test_no_failures_adds_the_writes(void **state)
{
	(void)state;
	char json[2048];
	daly_case(json, sizeof json, 1e9, 20, "\"interval_h\": 2", 360, 600);
	struct run_result r;
	run_rep(json, 0, &r);
	/* 10 segments, a write after each but the last */
	double wall = wall_h(&r, 20);
	assert_rel(wall, 20 + 9 * 0.1, 1e-9);
	assert_rel(r.kpis.checkpoint_gpu_hours, 8 * 9 * 0.1, 1e-9);
	assert_rel(r.kpis.restart_gpu_hours + 1, 1, 0);
	assert_rel(r.kpis.ettr_mean, 20 / 20.9, 1e-9);
	assert_rel(r.kpis.goodput, 20 / 20.9, 1e-9);
	/* the writes hold the GPUs at idle (70 W) instead of 700 W */
	assert_rel(r.jobs[0].energy_kwh, 8 * (700.0 * 20 + 70.0 * 0.9) / 1000, 1e-9);
	run_result_fini(&r);
}

static void test_mean_completion_matches_daly(void **state)
{
	(void)state;
	const double work = 20, delta = 360, restart = 360;
	char json[2048];
	daly_case(json, sizeof json, GPU_MTBF_H, work, "\"interval_h\": 2", delta, restart);
	struct tally t = { 0 };
	uint64_t interruptions = 0;
	for (uint64_t rep = 0; rep < 400; rep++) {
		struct run_result r;
		run_rep(json, rep, &r);
		tally_add(&t, wall_h(&r, work));
		interruptions += r.jobs[0].interruptions;
		run_result_fini(&r);
	}
	double expect = checkpoint_expected_time_s(work * 3600, 2 * 3600, delta, restart, JOB_M_S) /
			3600;
	double mean = t.sum / t.n;
	printf("  mean completion %.4f h over %d runs (%.2f interruptions each), Daly %.4f h\n",
	       mean, t.n, (double)interruptions / t.n, expect);
	assert_mean_near("completion (h)", &t, expect);
	if (!(fabs(mean - expect) <= 0.02 * expect))
		fail_msg("mean %.4f h not within 2%% of Daly's %.4f h", mean, expect);
}

#define SWEEP_REPS 400

/* The mean completion of SWEEP_REPS replications, and each run's into ends. */
static double mean_wall(const char *json, double work, double *ends)
{
	double sum = 0;
	for (uint64_t rep = 0; rep < SWEEP_REPS; rep++) {
		struct run_result r;
		run_rep(json, rep, &r);
		ends[rep] = wall_h(&r, work);
		sum += ends[rep];
		run_result_fini(&r);
	}
	return sum / SWEEP_REPS;
}

static void test_sweep_finds_daly_and_young_daly_picks_it(void **state)
{
	(void)state;
	const double work = 60, delta = 1800, restart = 360;
	const double tau_daly = checkpoint_daly_interval_s(delta, JOB_M_S) / 3600;
	static double ends[SWEEP_REPS], daly_ends[SWEEP_REPS];
	char json[2048], interval[64];
	double best = INFINITY, best_tau = 0, nearest = 0;
	for (double tau = 1; tau <= 6; tau += 1) {
		snprintf(interval, sizeof interval, "\"interval_h\": %g", tau);
		daly_case(json, sizeof json, GPU_MTBF_H, work, interval, delta, restart);
		double m = mean_wall(json, work, ends);
		double e = checkpoint_expected_time_s(work * 3600, tau * 3600, delta, restart,
						      JOB_M_S) / 3600;
		printf("  tau %.1f h: mean completion %.3f h (Daly %.3f h)\n", tau, m, e);
		if (m < best) {
			best = m;
			best_tau = tau;
		}
		if (fabs(tau - tau_daly) < fabs(nearest - tau_daly))
			nearest = tau;
	}
	printf("  shortest at tau %.1f h; Daly's optimum %.3f h (Young %.3f h)\n", best_tau,
	       tau_daly, sqrt(2 * delta * JOB_M_S) / 3600);
	assert_rel(best_tau, nearest, 0);
	/* young_daly is the fixed interval of Daly's tau, run by run */
	snprintf(interval, sizeof interval, "\"interval_h\": %.17g", tau_daly);
	daly_case(json, sizeof json, GPU_MTBF_H, work, interval, delta, restart);
	double fixed = mean_wall(json, work, daly_ends);
	daly_case(json, sizeof json, GPU_MTBF_H, work, "\"interval\": \"young_daly\"", delta,
		  restart);
	double yd = mean_wall(json, work, ends);
	printf("  young_daly: mean completion %.3f h (fixed %.3f h: %.3f h)\n", yd, tau_daly, fixed);
	for (int i = 0; i < SWEEP_REPS; i++)
		assert_rel(ends[i], daly_ends[i], 1e-9);
	assert_true(yd <= best * 1.01);
}

static void test_bad_input(void **state)
{
	(void)state;
	static const char base[] =
		"{ \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
		"  \"workload\": { \"classes\": [ { \"name\": \"a\", \"arrival\": { \"rate_per_h\": 1 },"
		"    \"gpus\": 8, \"duration\": { \"distribution\": \"constant\", \"value_h\": 1 },"
		"    \"utilization\": 1, %s } ] } }";
	struct {
		const char *keys, *msg;
	} cases[] = {
		{ "\"checkpoint\": { \"write_s\": 10 }", "needs interval_h" },
		{ "\"checkpoint\": { \"interval\": \"young_daly\", \"interval_h\": 1, \"write_s\": 1 }",
		  "give no interval_h" },
		{ "\"checkpoint\": { \"interval\": \"young_daly\" }", "needs a write cost" },
		{ "\"checkpoint\": { \"interval_h\": 1, \"write_s\": 1, \"size_gb_per_gpu\": 2 }",
		  "not both" },
		{ "\"checkpoint_interval_h\": 1, \"checkpoint\": { \"interval_h\": 1 }", "not both" },
		{ "\"checkpoint\": { \"interval_h\": 0 }", "interval_h" },
		{ "\"checkpoint\": { \"interval_h\": 1, \"every\": 2 }", "every" },
		{ "\"checkpoint\": { \"interval\": \"daly\", \"interval_h\": 1 }", "interval" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char json[1024];
		snprintf(json, sizeof json, base, cases[i].keys);
		struct scenario sc;
		struct diag d;
		if (load_text(json, NULL, 0, &sc, &d) == 0)
			fail_msg("loaded: %s", cases[i].keys);
		if (!diag_has(&d, cases[i].msg, NULL)) {
			print_diag(&d);
			fail_msg("no \"%s\" for %s", cases[i].msg, cases[i].keys);
		}
		diag_fini(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_daly_interval_matches_his_figures),
		cmocka_unit_test(test_no_failures_adds_the_writes),
		cmocka_unit_test(test_mean_completion_matches_daly),
		cmocka_unit_test(test_sweep_finds_daly_and_young_daly_picks_it),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
