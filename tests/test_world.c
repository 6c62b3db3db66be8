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
#include "hand_case.h"
#include "run_core.h"
#include "test_util.h"
#include "world.h"

static const char hand_case[] = HAND_CASE("");

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
/*
 * The queue's outputs on the hand case. FCFS: A1 waits 0 (slowdown 1),
 * B waits 1.5 h for 1 h (2.5), A2 waits 2 h for 2 h (2): mean 11/6; by
 * size, the 8-GPU jobs waited 1 h on average, the 16-GPU one 1.5 h. EASY
 * gives the same schedule: A2 (ending at 3 h by its exact estimate) would
 * take GPUs B is reserved at 2 h, so it is not backfilled.
 */
static void test_queue_outputs(void **state)
{
	(void)state;
	static const char *const policies[] = { "scheduler.policy=\"fcfs\"",
						"scheduler.policy=\"easy_backfill\"" };
	for (int p = 0; p < 2; p++) {
		struct scenario sc;
		struct run_result r;
		run_ok(hand_case, &policies[p], 1, &sc, &r);
		assert_rel(r.kpis.bounded_slowdown_mean, 11.0 / 6.0, 1e-12);
		assert_rel(r.kpis.wait_mean_5_8gpu_s, 3600, 1e-12);
		assert_rel(r.kpis.wait_mean_9plus_gpu_s, 5400, 1e-12);
		assert_true(isnan(r.kpis.wait_mean_1gpu_s));
		if (p == 0)
			assert_true(isnan(r.kpis.jobs_backfilled));
		else
			assert_rel(r.kpis.jobs_backfilled, 0, 0);
		assert_int_equal(r.n_queue_groups, 2 + 4);
		assert_string_equal(r.queue_groups[1].group, "b");
		assert_rel(r.queue_groups[1].bounded_slowdown_mean, 2.5, 1e-12);
		assert_rel(job(&r, 2)->bounded_slowdown, 2.0, 1e-12);
		run_result_fini(&r);
		scenario_fini(&sc);
	}
}

/*
 * Priority preemption, 16 GPUs: two preemptible 8-GPU jobs (10 h, 1 h
 * checkpoints) start at 0 and 0.5 h; an 8-GPU job of priority 10 arrives at
 * 2.5 h and starts at once. The victim is the one that loses least: the
 * second has just checkpointed at 2 h of work (0 lost; the first would lose
 * 0.5 h). It resumes when the high job ends at 3.5 h and ends at 11.5 h.
 */
static const char preempt_case[] =
	"{ \"name\": \"pre\", \"duration_h\": 20, \"sample_interval_min\": 60,"
	"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.5 },"
	"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\" },"
	"  \"workload\": { \"classes\": ["
	"    { \"name\": \"low\", \"arrival\": { \"process\": \"list\", \"times_h\": [0, 0.5] },"
	"      \"gpus\": 8, \"duration\": { \"distribution\": \"constant\", \"value_h\": 10 },"
	"      \"utilization\": 0.5, \"preemptible\": true, \"checkpoint_interval_h\": 1 },"
	"    { \"name\": \"high\", \"priority\": 10,"
	"      \"arrival\": { \"process\": \"list\", \"times_h\": [2.5] }, \"gpus\": 8,"
	"      \"duration\": { \"distribution\": \"constant\", \"value_h\": 1 },"
	"      \"utilization\": 0.5 } ] } }";

static void test_priority_preemption(void **state)
{
	(void)state;
	struct scenario sc;
	struct run_result r;
	run_ok(preempt_case, NULL, 0, &sc, &r);
	assert_rel(job(&r, 2)->start_s, 2.5 * 3600, 0);
	assert_rel(job(&r, 2)->wait_s, 0, 0);
	assert_int_equal(job(&r, 1)->priority_preemptions, 1);
	assert_int_equal(job(&r, 0)->priority_preemptions, 0);
	assert_rel(job(&r, 1)->end_s, 11.5 * 3600, 1e-12);
	assert_rel(job(&r, 0)->end_s, 10 * 3600, 1e-12);
	assert_int_equal(r.kpis.priority_preemptions, 1);
	assert_int_equal(r.kpis.spot_preemptions, 0);
	assert_rel(r.kpis.priority_preempted_lost_gpu_hours, 0, 0);
	run_result_fini(&r);
	scenario_fini(&sc);
	/* not preemptible: the high job waits for the first end, nobody stops */
	const char *sets[] = { "workload.classes[0].preemptible=false" };
	run_ok(preempt_case, sets, 1, &sc, &r);
	assert_rel(job(&r, 2)->start_s, 10 * 3600, 1e-12);
	assert_int_equal(r.kpis.priority_preemptions, 0);
	run_result_fini(&r);
	scenario_fini(&sc);
	/* the same priority: no job outranks another, nobody stops */
	const char *same[] = { "workload.classes[1].priority=0" };
	run_ok(preempt_case, same, 1, &sc, &r);
	assert_int_equal(r.kpis.priority_preemptions, 0);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/*
 * Spot: the low class is spot, without checkpoints, and the high job has
 * no priority over it: spot is preempted by any other class. The victim
 * loses least: the second, 2 h x 8 GPUs = 16 GPU-h; it reruns its 10 h
 * from 3.5 h. Billed: spot 80 + (2 + 10) x 8 = 176 GPU-h at 0.4 x 12.29,
 * the high job 8 GPU-h at 12.29.
 */
static void test_spot(void **state)
{
	(void)state;
	const char *sets[] = { "workload.classes[0].spot=true",
			       "workload.classes[0].preemptible=false",
			       "workload.classes[0].checkpoint_interval_h=0",
			       "workload.classes[1].priority=0" };
	struct scenario sc;
	struct run_result r;
	run_ok(preempt_case, sets, 4, &sc, &r);
	assert_rel(job(&r, 2)->start_s, 2.5 * 3600, 0);
	assert_int_equal(r.kpis.spot_preemptions, 1);
	assert_rel(r.kpis.priority_preempted_lost_gpu_hours, 16, 1e-12);
	assert_rel(job(&r, 1)->end_s, 13.5 * 3600, 1e-12);
	assert_rel(r.kpis.spot_gpu_hours, 176, 1e-12);
	assert_rel(r.kpis.compute_cost_usd, 176 * 12.29 * 0.4 + 8 * 12.29, 1e-12);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/*
 * Pods: 4 racks of 2 nodes of 8 GPUs, 2 racks per pod. At 0 h a 1-GPU job
 * takes node 0, two 1-hour 8-GPU jobs nodes 1 and 2, a 10-hour one node
 * 3. At 2 h nodes 1 and 2 (racks 0 and 1) and 4-7 (racks 2 and 3) are
 * whole and free: a 16-GPU job by first fit takes nodes 1 and 2, two racks;
 * by pods, rack 2, one rack. At 3 h a 24-GPU job needs three whole nodes:
 * no pod has three, so it takes rack 3 and one of rack 0 or 1: two racks,
 * two pods.
 */
static const char pods_case[] =
	"{ \"name\": \"pods\", \"duration_h\": 12, \"sample_interval_min\": 60,"
	"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.5 },"
	"  \"cluster\": { \"racks\": 4, \"nodes_per_rack\": 2, \"racks_per_pod\": 2,"
	"                 \"node\": \"hgx_h100\" },"
	"  \"workload\": { \"classes\": ["
	"    { \"name\": \"one\", \"arrival\": { \"process\": \"list\", \"times_h\": [0] },"
	"      \"gpus\": 1, \"duration\": { \"distribution\": \"constant\", \"value_h\": 10 },"
	"      \"utilization\": 0.5 },"
	"    { \"name\": \"short8\", \"arrival\": { \"process\": \"list\", \"times_h\": [0, 0] },"
	"      \"gpus\": 8, \"duration\": { \"distribution\": \"constant\", \"value_h\": 1 },"
	"      \"utilization\": 0.5 },"
	"    { \"name\": \"long8\", \"arrival\": { \"process\": \"list\", \"times_h\": [0] },"
	"      \"gpus\": 8, \"duration\": { \"distribution\": \"constant\", \"value_h\": 10 },"
	"      \"utilization\": 0.5 },"
	"    { \"name\": \"e16\", \"arrival\": { \"process\": \"list\", \"times_h\": [2] },"
	"      \"gpus\": 16, \"duration\": { \"distribution\": \"constant\", \"value_h\": 5 },"
	"      \"utilization\": 0.5 },"
	"    { \"name\": \"f24\", \"arrival\": { \"process\": \"list\", \"times_h\": [3] },"
	"      \"gpus\": 24, \"duration\": { \"distribution\": \"constant\", \"value_h\": 1 },"
	"      \"utilization\": 0.5 } ] } }";

static const struct job_record *job_of_class(const struct run_result *r, uint32_t k)
{
	for (size_t i = 0; i < r->n_jobs; i++)
		if (r->jobs[i].class_index == k)
			return &r->jobs[i];
	fail_msg("no job of class %u", k);
	return NULL;
}

static void test_pods_placement(void **state)
{
	(void)state;
	struct scenario sc;
	struct run_result r;
	run_ok(pods_case, NULL, 0, &sc, &r);
	assert_rel(job_of_class(&r, 3)->start_s, 2 * 3600, 0);
	assert_rel(job_of_class(&r, 3)->racks, 1, 0);
	assert_rel(job_of_class(&r, 3)->pods, 1, 0);
	assert_rel(job_of_class(&r, 4)->racks, 2, 0);
	assert_rel(job_of_class(&r, 4)->pods, 2, 0);
	assert_rel(job_of_class(&r, 0)->pods, 1, 0);
	/* 6 jobs: four of one node, one of one rack, one of two pods */
	assert_rel(r.kpis.pods_per_job_mean, 7.0 / 6.0, 1e-12);
	assert_rel(r.kpis.racks_per_job_mean, 7.0 / 6.0, 1e-12);
	run_result_fini(&r);
	scenario_fini(&sc);
	/* the fabric: 4:1 above the pods, and f24 spends half its step time in
	 * communication: across two pods it runs at 1 / (0.5 + 0.5 x 4) = 0.4,
	 * its hour of work takes 2.5 h; e16, in one pod, is not slowed, and
	 * nothing counts as slowed by a cap */
	const char *fabric[] = { "cluster.pod_oversubscription=4",
				 "workload.classes[4].cross_pod_comm_fraction=0.5",
				 "workload.classes[3].cross_pod_comm_fraction=0.5" };
	run_ok(pods_case, fabric, 3, &sc, &r);
	assert_rel(job_of_class(&r, 4)->end_s - job_of_class(&r, 4)->start_s, 2.5 * 3600, 1e-12);
	assert_rel(job_of_class(&r, 3)->end_s - job_of_class(&r, 3)->start_s, 5 * 3600, 1e-12);
	assert_rel(r.kpis.gpu_throttled_hours, 0, 0);
	run_result_fini(&r);
	scenario_fini(&sc);
	/* without pods, first fit: nodes 1 and 2, two racks; no pod counts */
	const char *sets[] = { "cluster.racks_per_pod=0" };
	run_ok(pods_case, sets, 1, &sc, &r);
	assert_rel(job_of_class(&r, 3)->racks, 2, 0);
	assert_rel(job_of_class(&r, 3)->pods, -1, 0);
	assert_true(isnan(r.kpis.pods_per_job_mean));
	run_result_fini(&r);
	scenario_fini(&sc);
}

/*
 * Fragmentation: one rack of two 8-GPU nodes (one pod). Two 7-GPU jobs
 * (4 h and 6 h) take a node each at 0 h, leaving one GPU free on each; a
 * 2-GPU job arrives at 1 h and fits no node until the first ends at 4 h:
 * 2 free GPUs x 3 h no queued job could use.
 */
static void test_fragmentation(void **state)
{
	(void)state;
	static const char frag[] =
		"{ \"name\": \"frag\", \"duration_h\": 8, \"sample_interval_min\": 60,"
		"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.5 },"
		"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 2, \"racks_per_pod\": 1,"
		"                 \"node\": \"hgx_h100\" },"
		"  \"workload\": { \"classes\": ["
		"    { \"name\": \"a\", \"arrival\": { \"process\": \"list\", \"times_h\": [0] },"
		"      \"gpus\": 7, \"duration\": { \"distribution\": \"constant\", \"value_h\": 4 },"
		"      \"utilization\": 0.5 },"
		"    { \"name\": \"b\", \"arrival\": { \"process\": \"list\", \"times_h\": [0] },"
		"      \"gpus\": 7, \"duration\": { \"distribution\": \"constant\", \"value_h\": 6 },"
		"      \"utilization\": 0.5 },"
		"    { \"name\": \"c\", \"arrival\": { \"process\": \"list\", \"times_h\": [1] },"
		"      \"gpus\": 2, \"duration\": { \"distribution\": \"constant\", \"value_h\": 1 },"
		"      \"utilization\": 0.5 } ] } }";
	struct scenario sc;
	struct run_result r;
	run_ok(frag, NULL, 0, &sc, &r);
	assert_rel(job_of_class(&r, 2)->start_s, 4 * 3600, 0);
	assert_rel(r.kpis.fragmented_gpu_hours, 6, 1e-12);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/*
 * Fair share, one 8-GPU node: class a's jobs at 0 h and 0.1 h (2 h each),
 * class b's at 0.2 h (1 h). FCFS alone: a1 at 2 h, b at 4 h. With fair
 * share, at 2 h a has used 16 GPU-hours (decayed by 2 h of a 168 h
 * half-life) and b none: a's factor is 2^(-1 / 0.5) = 0.25, b's 1, so b
 * goes first (2 h) and a1 after it (3 h).
 */
static void test_fair_share(void **state)
{
	(void)state;
	static const char fs[] =
		"{ \"name\": \"fs\", \"duration_h\": 8, \"sample_interval_min\": 60,"
		"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.5 },"
		"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
		"  \"workload\": { \"classes\": ["
		"    { \"name\": \"a\", \"arrival\": { \"process\": \"list\", \"times_h\": [0, 0.1] },"
		"      \"gpus\": 8, \"duration\": { \"distribution\": \"constant\", \"value_h\": 2 },"
		"      \"utilization\": 0.5 },"
		"    { \"name\": \"b\", \"arrival\": { \"process\": \"list\", \"times_h\": [0.2] },"
		"      \"gpus\": 8, \"duration\": { \"distribution\": \"constant\", \"value_h\": 1 },"
		"      \"utilization\": 0.5 } ] } }";
	struct scenario sc;
	struct run_result r;
	run_ok(fs, NULL, 0, &sc, &r);
	assert_rel(job(&r, 1)->start_s, 2 * 3600, 1e-12);
	assert_rel(job(&r, 2)->start_s, 4 * 3600, 1e-12);
	run_result_fini(&r);
	scenario_fini(&sc);
	const char *sets[] = { "scheduler.fair_share_weight=1000" };
	run_ok(fs, sets, 1, &sc, &r);
	assert_rel(job(&r, 2)->start_s, 2 * 3600, 1e-12);
	assert_rel(job(&r, 1)->start_s, 3 * 3600, 1e-12);
	run_result_fini(&r);
	scenario_fini(&sc);
	/* a with ten times b's shares: a's factor 2^(-1 / (10/11)) = 0.47, but
	 * b has used nothing (factor 1) and still goes first */
	const char *shares[] = { "scheduler.fair_share_weight=1000",
				 "workload.classes[0].shares=10" };
	run_ok(fs, shares, 2, &sc, &r);
	assert_rel(job(&r, 2)->start_s, 2 * 3600, 1e-12);
	run_result_fini(&r);
	scenario_fini(&sc);
}

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
	load_default(&sc, &d);
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
 * random mix of sizes with releases in between, and changes nothing; and
 * facility_would_fit, where it answers, answers as facility_fit does
 * (sizes 1-8 on one node, 16, 24, 40, 64 in whole nodes; 12 it leaves to
 * the fit). */
static void test_fit_is_place(void **state)
{
	(void)state;
	struct scenario sc;
	struct diag d;
	load_default(&sc, &d);
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
		int k = sizes[(s >> 20) % 8], free0 = f.free_gpus;
		long top = first_set_first(&f.fit[0]);
		int would = facility_would_fit(&f, k), rc = facility_fit(&f, &probe, k);
		if (would >= 0) /* its answer, when it gives one, is the fit's */
			assert_int_equal(would, rc == 0);
		else
			assert_true(k > f.gpus_per_node && k % f.gpus_per_node != 0);
		assert_int_equal(f.free_gpus, free0);
		assert_int_equal(first_set_first(&f.fit[0]), top);
		if (step % 16 == 0) /* node n is in fit[c - 1] exactly when it has c free */
			for (int n = 0; n < f.n_nodes; n++)
				for (int c = 1; c <= f.gpus_per_node; c++)
					assert_int_equal(first_set_from(&f.fit[c - 1], (size_t)n) == n,
							 f.free_per_node[n] >= c);
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

/* A node with no host figures (host_idle_w = host_max_w = 0) and the
 * default fan share: its fans are part of the host, which holds none, so
 * the share falls to 0; every component of the facility and of the rack
 * is non-negative, they sum to IT, and a peak is never below its mean.
 * A fan share given above what the host holds is an input error. */
static const char host_zero[] =
	"{ \"name\": \"host0\", \"duration_h\": 6, \"sample_interval_min\": 60,"
	"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.5 },"
	"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 2, \"node\": { \"preset\": \"hgx_h100\","
	"    \"host_idle_w\": 0, \"host_max_w\": 0 } },"
	"  \"workload\": { \"classes\": ["
	"    { \"name\": \"a\", \"arrival\": { \"process\": \"list\", \"times_h\": [0, 1] },"
	"      \"gpus\": 8, \"duration\": { \"distribution\": \"constant\", \"value_h\": 2 },"
	"      \"utilization\": 1.0 } ] } }";

/* A power group's change of draw moved through its nodes, racks and
 * zones once (facility_groups_load) leaves the facility where moving
 * every job of the group (facility_load per job) does, to rounding: the
 * racks' and zones' meters and host peaks, the nodes' draws, the
 * facility's IT and the per-node distribution, over random starts, ends
 * and changes of three groups' draws (jobs of 1 to 64 GPUs, so nodes
 * and racks shared by jobs and by groups). */
static void test_groups_are_per_job(void **state)
{
	(void)state;
	struct scenario sc;
	struct diag d;
	load_default(&sc, &d);
	struct facility per_job, grouped;
	assert_int_equal(facility_init(&per_job, &sc, 0), 0);
	assert_int_equal(facility_init(&grouped, &sc, 0), 0);
	assert_int_equal(facility_groups_init(&grouped, 3, NULL), 0);
	facility_mark(&per_job, 0);
	facility_mark(&grouped, 0);
	enum { N = 48, G = 3 };
	struct job jobs[N] = { 0 };
	int live[N] = { 0 }, group[N] = { 0 };
	double draw[G] = { 500, 600, 700 }; /* W above idle per GPU, host included */
	unsigned s = 11;
	for (int step = 1; step < 3000; step++) {
		s = s * 1103515245u + 12345u;
		int i = (int)(s >> 8) % N, g = (int)(s >> 4) % G;
		if (s >> 30 == 0) { /* group g's draw moves by dw */
			double dw = ((double)((s >> 12) % 200) - 100) * 0.37;
			for (int k = 0; k < N; k++)
				if (live[k] && group[k] == g)
					facility_load(&per_job, &jobs[k], dw, 0, step);
			facility_groups_load(&grouped, g, dw, NULL, step);
			draw[g] += dw;
		} else if (live[i]) {
			facility_load(&per_job, &jobs[i], -draw[group[i]], 0, step);
			facility_load(&grouped, &jobs[i], -draw[group[i]], 0, step);
			facility_groups_add(&grouped, &jobs[i], group[i], -1, step);
			uint32_t n = jobs[i].n_allocs; /* (a release forgets them) */
			facility_release(&per_job, &jobs[i], step);
			jobs[i].n_allocs = n;
			facility_release(&grouped, &jobs[i], step);
			live[i] = 0;
		} else {
			static const int sizes[] = { 1, 3, 8, 12, 16, 24, 40, 64 };
			if (facility_place(&per_job, &jobs[i], sizes[(s >> 20) % 8], step) != 0)
				continue;
			facility_take(&grouped, &jobs[i], step);
			live[i] = 1;
			group[i] = g;
			facility_load(&per_job, &jobs[i], draw[g], 0, step);
			facility_load(&grouped, &jobs[i], draw[g], 0, step);
			facility_groups_add(&grouped, &jobs[i], g, +1, step);
		}
	}
	facility_flush(&per_job, 3000);
	facility_flush(&grouped, 3000);
	facility_flush_racks(&per_job, 3000);
	facility_flush_racks(&grouped, 3000);
	facility_node_dist_close(&per_job, 3000);
	facility_node_dist_close(&grouped, 3000);
	const double tol = 1e-12;
	for (int r = 0; r < per_job.n_racks; r++) {
		assert_rel(grouped.racks[r].raw.value, per_job.racks[r].raw.value, tol);
		assert_rel(grouped.racks[r].gpu.integral, per_job.racks[r].gpu.integral, tol);
		assert_rel(grouped.racks[r].raw.peak, per_job.racks[r].raw.peak, tol);
		assert_rel(grouped.racks[r].host_peak, per_job.racks[r].host_peak, tol);
	}
	for (int n = 0; n < per_job.n_nodes; n++)
		assert_rel(grouped.node_raw[n], per_job.node_raw[n], tol);
	for (int z = 0; z < per_job.n_zones; z++)
		assert_rel(grouped.zones[z].raw.integral, per_job.zones[z].raw.integral, tol);
	assert_rel(grouped.it_total.integral, per_job.it_total.integral, tol);
	assert_rel(grouped.node_dist.total, per_job.node_dist.total, tol);
	assert_rel(grouped.node_dist.sum, per_job.node_dist.sum, tol);
	for (int i = 0; i < N; i++)
		free(jobs[i].allocs);
	facility_fini(&per_job);
	facility_fini(&grouped);
	scenario_fini(&sc);
	diag_fini(&d);
}

static void test_host_zero_components(void **state)
{
	(void)state;
	struct scenario sc;
	struct run_result r;
	run_ok(host_zero, NULL, 0, &sc, &r);
	assert_rel(sc.node.fan_share, 0, 0);
	const struct run_kpis *k = &r.kpis;
	double parts[] = { k->it_gpu_energy_mwh, k->it_host_energy_mwh, k->it_fans_energy_mwh,
			   k->it_network_energy_mwh };
	double sum = 0;
	for (size_t i = 0; i < 4; i++) {
		assert_true(parts[i] >= 0);
		sum += parts[i];
	}
	assert_rel(sum, k->it_energy_mwh, 1e-12);
	/* GPUs only: 16 x 70 W idle for 6 h plus 8 x 630 W for 4 h of jobs */
	assert_rel(k->it_gpu_energy_mwh, (16 * 70.0 * 6 + 8 * 630.0 * 4) / 1e6, 1e-9);
	assert_rel(k->it_host_energy_mwh, 0, 0);
	assert_int_equal(r.n_racks, 1);
	const struct rack_record *rr = &r.racks[0];
	double rsum = 0;
	for (int c = IT_GPU; c < IT_N_COMPONENTS; c++) {
		assert_true(rr->energy_mwh[c] >= 0);
		assert_true(rr->mean_kw[c] >= 0);
		assert_true(rr->peak_kw[c] >= rr->mean_kw[c] * (1 - 1e-12));
		rsum += rr->energy_mwh[c];
	}
	assert_rel(rsum, rr->energy_mwh[IT_TOTAL], 1e-12);
	run_result_fini(&r);
	scenario_fini(&sc);
	expect_load_error(host_zero, "cluster.node.fan_share=0.1", "cluster.node.fan_share",
			  "more than the host can hold");
}

/*
 * Market-based emissions on the hand case (FCFS: 8 units of load every
 * hour of hours 0-4, the nodes idle in hour 5; PUE 1.5), with 90% of the
 * energy under contract. Annual matching covers 90% of the energy;
 * hourly (24/7) matching spreads the same energy as a flat block over the
 * 6 h, so the idle hour wastes part of it: matched = 5 x block + idle hour.
 * The rest counts at the residual mix (500 g/kWh) or, without one, at the
 * grid's 400 g/kWh; location-based stays 400 g/kWh on everything.
 */
static double market_run(const char *market, double *matched)
{
	char g[256];
	snprintf(g, sizeof g, "grid={\"carbon\": 400, \"market\": %s}", market);
	const char *sets[] = { g };
	struct scenario sc;
	struct run_result r;
	run_ok(hand_case, sets, 1, &sc, &r);
	double f_busy = 1.5 * (2 * node_idle_w + 8 * slope_w), f_idle = 1.5 * 2 * node_idle_w;
	double e_wh = 5 * f_busy + f_idle;
	assert_rel(r.kpis.emissions_t_co2e, e_wh * 400 / 1e9, 1e-9);
	double t = r.kpis.emissions_market_t_co2e;
	*matched = r.kpis.contract_matched_share * e_wh;
	run_result_fini(&r);
	scenario_fini(&sc);
	return t;
}

static void test_market_emissions(void **state)
{
	(void)state;
	double f_busy = 1.5 * (2 * node_idle_w + 8 * slope_w), f_idle = 1.5 * 2 * node_idle_w;
	double e = 5 * f_busy + f_idle, block = 0.9 * e / 6, hourly = 5 * block + f_idle;
	double m;
	double t = market_run("{\"contract_share\": 0.9, \"residual_g_per_kwh\": 500}", &m);
	assert_rel(m, 0.9 * e, 1e-9);
	assert_rel(t, 0.1 * e * 500 / 1e9, 1e-9);
	t = market_run("{\"contract_share\": 0.9, \"matching\": \"hourly\", "
		       "\"residual_g_per_kwh\": 500}", &m);
	assert_rel(m, hourly, 1e-9);
	assert_rel(t, (e - hourly) * 500 / 1e9, 1e-9);
	t = market_run("{\"contract_share\": 0.9}", &m);
	assert_rel(t, 0.1 * e * 400 / 1e9, 1e-9);
	t = market_run("{\"contract_share\": 0.9, \"matching\": \"hourly\"}", &m);
	assert_rel(t, (e - hourly) * 400 / 1e9, 1e-9);
	t = market_run("{\"contract_share\": 0}", &m);
	assert_rel(t, e * 400 / 1e9, 1e-9);
	/* a published residual mix by its region: AIB 2024, Germany, 724.56 g/kWh */
	t = market_run("{\"contract_share\": 0.9, \"residual_region\": \"DE\"}", &m);
	assert_rel(t, 0.1 * e * 724.56 / 1e9, 1e-9);
	/* a shipped carbon region brings its own: caiso is eGRID CAMX, Green-e
	 * 2025 434.22 lb/MWh CO2 = 196.96 g/kWh, whatever the hourly carbon */
	const char *sets[] = { "grid={\"carbon\": \"caiso\", \"utc_offset_h\": -8, \"market\": "
			       "{\"contract_share\": 0.5}}" };
	struct scenario sc;
	struct run_result r;
	run_ok(hand_case, sets, 1, &sc, &r);
	assert_string_equal(sc.grid.market.residual_region, "CAMX");
	assert_rel(r.kpis.emissions_market_t_co2e, 0.5 * e * 434.22 * 0.453592 / 1e9, 1e-9);
	run_result_fini(&r);
	scenario_fini(&sc);
	/* a residual is needed when the grid gives no carbon */
	expect_load_error(hand_case, "grid={\"market\": {\"contract_share\": 0.5}}",
			  "grid.market.residual_g_per_kwh", "required without grid.carbon");
	expect_load_error(hand_case, "grid={\"carbon\": 400, \"market\": {\"residual_region\": "
			  "\"CAMX\", \"residual_g_per_kwh\": 300}}", "grid.market.residual_region",
			  "not both");
	expect_load_error(hand_case, "grid={\"carbon\": 400, \"market\": {\"residual_region\": "
			  "\"XXXX\"}}", "grid.market.residual_region", "unknown region \"XXXX\"");
}

/*
 * Power distributions, hand-built with two levels: one node of 8 H100s,
 * one 8-GPU job at utilization 1 from 0 to 3 h, a 1 h warm-up, 10 h in
 * all. In the 9 h window the GPUs spend 2 h at 700 W and 7 h at 70 W
 * idle: the GPU distribution is 7/9 at 70 W, 2/9 at 700 W, so p10-p75 are
 * 70 W and p90-max 700 W exactly; the node is at its busy level (GPUs at
 * TDP, host at max) for the same 2/9 and idle otherwise.
 */
static const char two_levels[] =
	"{ \"name\": \"levels\", \"duration_h\": 10, \"warmup_h\": 1, \"sample_interval_min\": 60,"
	"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.2 },"
	"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
	"  \"workload\": { \"classes\": ["
	"    { \"name\": \"a\", \"arrival\": { \"process\": \"list\", \"times_h\": [0] },"
	"      \"gpus\": 8, \"duration\": { \"distribution\": \"constant\", \"value_h\": 3 },"
	"      \"utilization\": 1.0 } ] } }";

static void test_power_distribution(void **state)
{
	(void)state;
	struct scenario sc;
	struct run_result r;
	run_ok(two_levels, NULL, 0, &sc, &r);
	const struct run_kpis *k = &r.kpis;
	assert_rel(k->gpu_power_p10_w, 70, 0);
	assert_rel(k->gpu_power_p25_w, 70, 0);
	assert_rel(k->gpu_power_p50_w, 70, 0);
	assert_rel(k->gpu_power_p75_w, 70, 0);
	assert_rel(k->gpu_power_p90_w, 700, 0);
	assert_rel(k->gpu_power_p99_w, 700, 0);
	assert_rel(k->gpu_power_max_w, 700, 0);
	double busy_kw = (node_idle_w + 8 * slope_w) / 1000, idle_kw = node_idle_w / 1000;
	assert_rel(k->node_power_p75_kw, idle_kw, 1e-12);
	assert_rel(k->node_power_p90_kw, busy_kw, 1e-12);
	assert_rel(k->node_power_max_kw, busy_kw, 1e-12);
	/* the histogram: 16 GPU-hours at 700 W in the last bin, 56 at 70 W */
	assert_int_equal(r.n_power_bins, 100);
	double gpu_h = 0;
	for (size_t i = 0; i < 50; i++)
		gpu_h += r.power_bins[i].hours;
	assert_rel(gpu_h, 8 * 9.0, 1e-12);
	assert_rel(r.power_bins[49].hours, 16, 1e-12);
	assert_rel(r.power_bins[5].hours, 56, 1e-12);
	assert_rel(r.power_bins[5].share, 7.0 / 9, 1e-12);
	assert_true(strcmp(r.power_bins[50].kind, "node") == 0);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/*
 * A class's GPU power given three ways, and the host's own load: one
 * node of 8 H100s, one 8-GPU job for 2 h of a 4 h run. gpu_power_w 385
 * and gpu_power_fraction 0.55 (of 700 W) draw 385 W per GPU exactly; with
 * host_load 0 the host stays at idle (1150 W), so the node draws
 * 8 x 385 + 1150 W while the job runs. utilization 0 is the loaded idle
 * 108 W (a CUDA context's DVFS state), not the bare 70 W.
 */
static double one_job_it_mwh(const char *power, double *job_kwh)
{
	char json[1024];
	snprintf(json, sizeof json,
		 "{ \"name\": \"power\", \"duration_h\": 4, \"sample_interval_min\": 60,"
		 "  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.2 },"
		 "  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
		 "  \"workload\": { \"classes\": ["
		 "    { \"name\": \"a\", \"arrival\": { \"process\": \"list\", \"times_h\": [0] },"
		 "      \"gpus\": 8, \"duration\": { \"distribution\": \"constant\", \"value_h\": 2 },"
		 "      %s } ] } }", power);
	struct scenario sc;
	struct run_result r;
	run_ok(json, NULL, 0, &sc, &r);
	double it = r.kpis.it_energy_mwh;
	*job_kwh = job(&r, 0)->energy_kwh;
	run_result_fini(&r);
	scenario_fini(&sc);
	return it;
}

static void test_class_power_forms(void **state)
{
	(void)state;
	double kwh;
	double idle_wh = node_idle_w * 2; /* the 2 h without the job */
	double it = one_job_it_mwh("\"gpu_power_w\": 385, \"host_load\": 0", &kwh);
	assert_rel(kwh, 8 * 385.0 * 2 / 1000, 1e-12);
	assert_rel(it, (idle_wh + (8 * 385.0 + 1150) * 2) / 1e6, 1e-12);
	it = one_job_it_mwh("\"gpu_power_fraction\": 0.55, \"host_load\": 0", &kwh);
	assert_rel(kwh, 8 * 385.0 * 2 / 1000, 1e-12);
	assert_rel(it, (idle_wh + (8 * 385.0 + 1150) * 2) / 1e6, 1e-12);
	/* the default host load follows the GPUs' power level: (385 - 70) / 630 */
	it = one_job_it_mwh("\"gpu_power_w\": 385", &kwh);
	assert_rel(it, (idle_wh + (8 * 385.0 + 1150 + 0.5 * 3450) * 2) / 1e6, 1e-12);
	one_job_it_mwh("\"utilization\": 0", &kwh);
	assert_rel(kwh, 8 * 108.0 * 2 / 1000, 1e-12);
	const char *bad[][3] = {
		{ "\"utilization\": 0.5, \"gpu_power_w\": 400", "gpu_power_w", "not several" },
		{ "\"preemptible\": false", "workload.classes[0].utilization", "required" },
		{ "\"gpu_power_w\": 800", "workload.classes[0].gpu_power_w", "its TDP (700 W)" },
		{ "\"gpu_power_fraction\": 0.05", "gpu_power_fraction", "idle power (70 W)" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char json[1024];
		snprintf(json, sizeof json,
			 "{ \"name\": \"p\", \"duration_h\": 4, \"cluster\": { \"racks\": 1,"
			 "  \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" }, \"workload\": {"
			 "  \"classes\": [ { \"name\": \"a\", \"arrival\": { \"process\": \"list\","
			 "  \"times_h\": [0] }, \"gpus\": 8, \"duration\": { \"distribution\":"
			 "  \"constant\", \"value_h\": 2 }, %s } ] } }", bad[i][0]);
		struct scenario sc;
		struct diag d;
		assert_int_equal(load_text(json, NULL, 0, &sc, &d), -1);
		if (!diag_has(&d, bad[i][1], bad[i][2], NULL)) {
			print_diag(&d);
			fail_msg("case %zu: no message with \"%s\" and \"%s\"", i, bad[i][1], bad[i][2]);
		}
		diag_fini(&d);
	}
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
		cmocka_unit_test(test_queue_outputs),
		cmocka_unit_test(test_priority_preemption),
		cmocka_unit_test(test_spot),
		cmocka_unit_test(test_pods_placement),
		cmocka_unit_test(test_fragmentation),
		cmocka_unit_test(test_fair_share),
		cmocka_unit_test(test_warmup_window),
		cmocka_unit_test(test_reject_too_large),
		cmocka_unit_test(test_unfinished_at_horizon),
		cmocka_unit_test(test_job_stretch),
		cmocka_unit_test(test_seed_determinism),
		cmocka_unit_test(test_subsystem_list),
		cmocka_unit_test(test_host_zero_components),
		cmocka_unit_test(test_market_emissions),
		cmocka_unit_test(test_power_distribution),
		cmocka_unit_test(test_class_power_forms),
		cmocka_unit_test(test_fit_is_place),
		cmocka_unit_test(test_groups_are_per_job),
	};
	return cmocka_run_group_tests_name("world", tests, NULL, NULL);
}
