/*
 * test_inference_share.c - inference services sharing the cluster with
 * training and its failures, with answers worked out by hand.
 *
 *  - Preemption: a 16-GPU cluster (two nodes) held by two preemptible
 *    jobs (7 GPUs from 3.6 s, 8 GPUs from 36 s) and one replica; the
 *    autoscaler's first decision (60 s) wants a second replica. Issue
 *    18's rule stops the job that loses the fewest GPU-hours: the 8-GPU
 *    one (8 x 24 s = 192 GPU-s against 7 x 56.4 s = 394.8), and the
 *    replica takes one of its node's GPUs; the job waits (7 free), so
 *    exactly one job is stopped, once, and nothing else.
 *  - The same with the jobs' class at a higher priority than the
 *    service: nothing is stopped, and the scale-ups are short of GPUs.
 *  - Failures: one node of eight one-GPU replicas and GPU failures. Each
 *    failure of a replica's GPU stops that replica (its sequences back to
 *    the queue); it comes back when the GPU does (the only free GPU then).
 *    The replicas held over time are the GPUs up, less at most the retry
 *    interval (10 s) per failure; the run's checks hold requests, energy
 *    and GPUs to account.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "gpu_power.h"
#include "run_core.h"
#include "test_util.h"
#include "world.h"

#define TWO_NODES                                                                          \
	"{ \"duration_h\": 2, \"warmup_h\": 0,"                                            \
	"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\" },"   \
	"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.2 },"                  \
	"  \"output\": { \"jobs\": true },"                                                \
	"  \"workload\": { \"classes\": ["                                                 \
	"    { \"name\": \"a\", \"arrival\": { \"process\": \"list\", \"times_h\": [0.001] }," \
	"      \"gpus\": 7, \"duration\": { \"distribution\": \"constant\", \"value_h\": 100 }," \
	"      \"utilization\": 0.8, \"preemptible\": true, \"priority\": %d },"                                 \
	"    { \"name\": \"b\", \"arrival\": { \"process\": \"list\", \"times_h\": [0.01] },"  \
	"      \"gpus\": 8, \"duration\": { \"distribution\": \"constant\", \"value_h\": 100 }," \
	"      \"utilization\": 0.8, \"preemptible\": true, \"priority\": %d } ],"                               \
	"  \"services\": [ { \"name\": \"chat\", \"profile\": \"llama3.1-8b_h100\","       \
	"    \"priority\": 10, \"max_batch\": 8, \"rate_per_s\": 20, \"queue_limit\": 100," \
	"    \"autoscale\": { \"min_replicas\": 1, \"max_replicas\": 2,"                    \
	"      \"target_utilization\": 0.5, \"interval_s\": 60 } } ] } }"

static const struct job_record *job_of(const struct run_result *r, uint64_t id)
{
	for (size_t i = 0; i < r->n_jobs; i++)
		if (r->jobs[i].id == id)
			return &r->jobs[i];
	fail_msg("no job %llu in the log", (unsigned long long)id);
	return NULL;
}

static void test_scale_up_preempts_the_expected_job(void **state)
{
	(void)state;
	char json[4096];
	snprintf(json, sizeof json, TWO_NODES, 0, 0);
	struct scenario sc;
	struct run_result r;
	run_ok(json, NULL, 0, &sc, &r);
	const struct run_kpis *k = &r.kpis;
	const struct job_record *a = job_of(&r, 0), *b = job_of(&r, 1);
	printf("  jobs preempted by replicas %llu (a %u, b %u); replicas mean %.3f\n",
	       (unsigned long long)k->inference_jobs_preempted, a->priority_preemptions,
	       b->priority_preemptions, k->inference_replicas_mean);
	assert_int_equal(k->inference_jobs_preempted, 1);
	assert_int_equal(k->priority_preemptions, 1);
	assert_int_equal(a->priority_preemptions, 0);
	assert_int_equal(b->priority_preemptions, 1);
	assert_int_equal(b->gpus, 8);
	assert_int_equal(k->inference_scale_ups_blocked, 0);
	assert_true(k->inference_scale_ups >= 1);
	/* b lost the 24 s it ran (no checkpoints): 8 x 24 s */
	assert_rel(k->priority_preempted_lost_gpu_hours, 8 * 24.0 / 3600.0, 1e-9);
	run_result_fini(&r);
	scenario_fini(&sc);
}

static void test_higher_priority_training_is_not_preempted(void **state)
{
	(void)state;
	char json[4096];
	snprintf(json, sizeof json, TWO_NODES, 20, 20);
	struct scenario sc;
	struct run_result r;
	run_ok(json, NULL, 0, &sc, &r);
	const struct run_kpis *k = &r.kpis;
	printf("  jobs preempted %llu, scale-ups short of GPUs %llu\n",
	       (unsigned long long)k->inference_jobs_preempted,
	       (unsigned long long)k->inference_scale_ups_blocked);
	assert_int_equal(k->inference_jobs_preempted, 0);
	assert_int_equal(k->priority_preemptions, 0);
	assert_true(k->inference_scale_ups_blocked > 0);
	assert_int_equal(k->inference_scale_ups, 0);
	run_result_fini(&r);
	scenario_fini(&sc);
}

static void test_failures_stop_replicas(void **state)
{
	(void)state;
	const char *json =
		"{ \"duration_h\": 200, \"warmup_h\": 0, \"seed\": 3,"
		"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
		"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.2 },"
		"  \"failures\": [ { \"kind\": \"gpu\", \"mtbf_h\": 200, \"repair\": \"constant\","
		"    \"repair_median_h\": 2 } ],"
		"  \"workload\": { \"services\": [ { \"name\": \"chat\","
		"    \"profile\": \"llama3.1-8b_h100\", \"replicas\": 8, \"max_batch\": 8,"
		"    \"rate_per_s\": 2 } ] } }";
	struct scenario sc;
	struct run_result r;
	run_ok(json, NULL, 0, &sc, &r);
	const struct run_kpis *k = &r.kpis;
	double window_s = 200 * 3600.0;
	double up = 8 * k->gpu_availability; /* GPUs up, time mean */
	printf("  %llu GPU failures, %llu replicas stopped, %llu requests retried; replicas "
	       "%.4f against %.4f GPUs up\n", (unsigned long long)k->component_failures,
	       (unsigned long long)k->inference_replica_failures,
	       (unsigned long long)k->inference_requests_retried, k->inference_replicas_mean, up);
	assert_true(k->component_failures >= 3);
	/* every GPU is a replica's but while it waits (<= 10 s) to come back */
	assert_int_equal(k->inference_replica_failures, k->component_failures);
	assert_true(k->inference_requests_retried > 0);
	assert_true(k->inference_replicas_mean <= up + 1e-9);
	assert_true(k->inference_replicas_mean >=
		    up - (double)k->component_failures * 10.0 / window_s - 1e-9);
	/* every request is served, dropped or still there (the run checks it) */
	assert_int_equal(k->inference_dropped, 0);
	assert_true(k->inference_requests - k->inference_served < 100);
	run_result_fini(&r);
	scenario_fini(&sc);
}

#define MIXED \
	"{ \"duration_h\": 72, \"warmup_h\": 6, \"seed\": 7," \
	"  \"cluster\": { \"racks\": 2, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\" }," \
	"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.2 }," \
	"  \"failures\": [ { \"kind\": \"node\", \"mtbf_h\": 100, \"repair_median_h\": 3 }," \
	"    { \"kind\": \"network\", \"mtbf_h\": 300, \"repair_median_h\": 1 } ]," \
	"  \"workload\": { \"classes\": [ { \"name\": \"train\"," \
	"    \"arrival\": { \"rate_per_h\": 2 }, \"gpus\": { \"sizes\": [4, 8, 16]," \
	"    \"weights\": [0.4, 0.4, 0.2] }, \"duration\": { \"distribution\": \"exponential\"," \
	"    \"mean_h\": 3 }, \"utilization\": 0.8, \"preemptible\": true," \
	"    \"checkpoint_interval_h\": 0.5 } ]," \
	"  \"services\": [ { \"name\": \"chat\", \"profile\": \"llama3.1-8b_h100\"," \
	"    \"mode\": \"%s\", \"priority\": 5, \"max_batch\": 8, \"rate_per_s\": 10," \
	"    \"hourly_profile\": [0.2,0.2,0.2,0.3,0.5,0.8,1,1.3,1.6,1.8,2,2,2,1.8,1.6,1.3,1," \
	"    0.8,0.6,0.5,0.4,0.3,0.2,0.2], \"queue_limit\": 500," \
	"    \"autoscale\": { \"min_replicas\": 2, \"max_replicas\": 16," \
	"    \"target_utilization\": 0.6, \"interval_s\": 60 } } ] } }"

/* Everything at once: node and switch failures under training and an
 * autoscaled service that preempts it, in both modes. The run's checks
 * (requests, energy, GPUs: busy = jobs' + replicas') must hold; both
 * kinds of holder are hit. */
static void test_failures_with_training_and_autoscale(void **state)
{
	(void)state;
	const char *modes[] = { "request", "aggregate" };
	for (int m = 0; m < 2; m++) {
		char json[4096];
		snprintf(json, sizeof json, MIXED, modes[m]);
		struct scenario sc;
		struct run_result r;
		run_ok(json, NULL, 0, &sc, &r);
		const struct run_kpis *k = &r.kpis;
		printf("  %s: %llu failures, %llu job interruptions, %llu replicas stopped, %llu "
		       "retried, %llu jobs preempted by replicas\n", modes[m],
		       (unsigned long long)k->component_failures,
		       (unsigned long long)k->failure_interruptions,
		       (unsigned long long)k->inference_replica_failures,
		       (unsigned long long)k->inference_requests_retried,
		       (unsigned long long)k->inference_jobs_preempted);
		assert_true(k->inference_replica_failures > 0);
		assert_true(k->failure_interruptions > 0);
		assert_true(k->inference_jobs_preempted > 0);
		run_result_fini(&r);
		scenario_fini(&sc);
	}
}

/* Eight replicas held at a full batch on one node, with a grid capacity
 * of cap_kw (0: none) under policy: the run. */
#define SATURATED                                                                          \
	"{ \"duration_h\": 4, \"warmup_h\": 1,"                                            \
	"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"   \
	"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.2 }, %s"               \
	"  \"workload\": { \"services\": [ { \"name\": \"full\","                          \
	"    \"profile\": \"llama3.1-8b_h100\", \"replicas\": 8, \"rate_per_s\": 400,"      \
	"    \"queue_limit\": 512, \"tokens\": \"constant\", \"prompt_tokens_mean\": 200,"  \
	"    \"output_tokens_mean\": 300 } ] } }"

static void saturated(double cap_kw, const char *policy, struct scenario *sc, struct run_result *r)
{
	char grid[256] = "", json[4096];
	if (cap_kw > 0)
		snprintf(grid, sizeof grid, "\"grid\": { \"capacity_mw\": %g, \"policy\": \"%s\" },",
			 cap_kw / 1000.0, policy);
	snprintf(json, sizeof json, SATURATED, grid);
	run_ok(json, NULL, 0, sc, r);
}

/* A grid capacity that binds caps the replicas with the jobs: the
 * facility stays under it, the GPUs draw the cap the solve found, and
 * the tokens slow by the throughput curve at that draw. */
static void test_grid_cap_slows_replicas(void **state)
{
	(void)state;
	struct scenario sc;
	struct run_result free_r, cap_r;
	saturated(0, NULL, &sc, &free_r);
	scenario_fini(&sc);
	double cap_kw = 0.8 * free_r.kpis.facility_peak_kw;
	saturated(cap_kw, "throttle", &sc, &cap_r);
	struct gpu_power g;
	assert_int_equal(gpu_power_init(&g, &sc.node.accel), 0);
	const struct run_kpis *f = &free_r.kpis, *k = &cap_r.kpis;
	double mean_w = k->inference_gpu_energy_mwh * 1e6 / k->inference_gpu_hours, draw, speed;
	double free_w = f->inference_gpu_energy_mwh * 1e6 / f->inference_gpu_hours;
	gpu_power_under_cap(&g, gpu_power_want_w(&g, 1.0), mean_w, &draw, &speed);
	gpu_power_fini(&g);
	double ratio = k->inference_tokens_out / f->inference_tokens_out;
	printf("  facility peak %.3f kW under %.3f kW; GPUs %.1f W (uncapped %.1f W); tokens "
	       "out ratio %.4f, the curve's %.4f at the mean draw\n", k->facility_peak_kw, cap_kw,
	       mean_w, free_w, ratio, speed);
	assert_true(k->facility_peak_kw <= cap_kw * (1 + 1e-9));
	assert_true(mean_w < 0.95 * free_w);
	assert_true(speed < 0.97);
	assert_rel(ratio, speed, 0.005);
	assert_true(k->inference_dropped > 0 && f->inference_dropped > 0); /* saturated */
	run_result_fini(&free_r);
	run_result_fini(&cap_r);
	scenario_fini(&sc);
}

/* Under the queue policy a scale-up waits for power: an autoscaled
 * service whose second replica at a full batch would pass the capacity
 * never gets it, and the refusals are counted. */
static void test_grid_cap_queues_scale_ups(void **state)
{
	(void)state;
	const char *json =
		"{ \"duration_h\": 6, \"warmup_h\": 1,"
		"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
		"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.2 },"
		"  \"grid\": { \"capacity_mw\": 0.0045, \"policy\": \"queue\" },"
		"  \"workload\": { \"services\": [ { \"name\": \"chat\","
		"    \"profile\": \"llama3.1-8b_h100\", \"max_batch\": 8, \"rate_per_s\": 20,"
		"    \"queue_limit\": 200, \"autoscale\": { \"min_replicas\": 1,"
		"    \"max_replicas\": 8, \"target_utilization\": 0.5, \"interval_s\": 60 } } ] } }";
	struct scenario sc;
	struct run_result r;
	run_ok(json, NULL, 0, &sc, &r);
	const struct run_kpis *k = &r.kpis;
	printf("  replicas mean %.3f, starts short of power %llu, started %llu, facility peak "
	       "%.3f kW\n", k->inference_replicas_mean,
	       (unsigned long long)k->inference_scale_ups_no_power,
	       (unsigned long long)k->inference_scale_ups, k->facility_peak_kw);
	assert_true(k->inference_scale_ups_no_power > 0);
	assert_true(k->facility_peak_kw <= 4.5 * (1 + 1e-9));
	assert_rel(k->inference_replicas_mean, 1.0, 1e-12); /* the second never fits */
	run_result_fini(&r);
	scenario_fini(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scale_up_preempts_the_expected_job),
		cmocka_unit_test(test_higher_priority_training_is_not_preempted),
		cmocka_unit_test(test_failures_stop_replicas),
		cmocka_unit_test(test_failures_with_training_and_autoscale),
		cmocka_unit_test(test_grid_cap_slows_replicas),
		cmocka_unit_test(test_grid_cap_queues_scale_ups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
