/*
 * test_failures.c - failures and repairs with known answers.
 *
 *  - Counts: exponential failures of N components over T with a repair
 *    of 3.6 s form a renewal process of rate 1 / (MTBF + MTTR) each, so
 *    a run's count has mean N T / (MTBF + MTTR) (Poisson, to within the
 *    repair time). Over R replications the mean count, and the count of
 *    each cause (share x the mean), lie within 3 standard errors.
 *  - Scale: a job that runs the whole time on g GPUs of an exponential
 *    GPU process is interrupted g T / MTBF times on average: linear in g.
 *  - By hand: one node, one job; the failure and repair times are drawn
 *    here from the same streams the run uses (rng_streams.h), so the
 *    lost work (the time since the last checkpoint), the end time, the
 *    availability and the lost energy are known exactly.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "rng.h"
#include "rng_streams.h"
#include "run_core.h"
#include "test_util.h"
#include "world.h"

#define REPS 40

static uint64_t cause_count(const struct run_result *r, const char *kind, const char *cause)
{
	for (size_t i = 0; i < r->n_failure_causes; i++)
		if (!strcmp(r->failure_causes[i].kind, kind) &&
		    (!cause || !strcmp(r->failure_causes[i].cause, cause)))
			return r->failure_causes[i].failures;
	fail_msg("no cause %s/%s", kind, cause ? cause : "*");
	return 0;
}

/* 64 GPUs (MTBF 100 h) and 8 nodes (MTBF 50 h), 1000 h, no jobs. */
static const char counts_case[] =
	"{ \"name\": \"counts\", \"duration_h\": 1000, \"sample_interval_min\": 600,"
	"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.2 },"
	"  \"cluster\": { \"racks\": 4, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\" },"
	"  \"failures\": ["
	"    { \"kind\": \"gpu\", \"mtbf_h\": 100, \"repair\": \"constant\","
	"      \"repair_median_h\": 0.001,"
	"      \"causes\": [ { \"name\": \"hbm\", \"share\": 0.7 },"
	"                    { \"name\": \"other\", \"share\": 0.3 } ] },"
	"    { \"kind\": \"node\", \"rate_per_1000_days\": 480, \"repair\": \"constant\","
	"      \"repair_median_h\": 0.001 } ] }";

static void test_counts_poisson(void **state)
{
	(void)state;
	struct tally gpu = { 0 }, hbm = { 0 }, other = { 0 }, node = { 0 }, all = { 0 };
	for (uint64_t rep = 0; rep < REPS; rep++) {
		struct run_result r;
		run_rep(counts_case, rep, &r);
		tally_add(&hbm, (double)cause_count(&r, "gpu", "hbm"));
		tally_add(&other, (double)cause_count(&r, "gpu", "other"));
		tally_add(&gpu, (double)(cause_count(&r, "gpu", "hbm") +
					 cause_count(&r, "gpu", "other")));
		uint64_t n = 0;
		for (size_t i = 0; i < r.n_failure_causes; i++)
			if (!strcmp(r.failure_causes[i].kind, "node"))
				n += r.failure_causes[i].failures;
		tally_add(&node, (double)n);
		tally_add(&all, (double)r.kpis.component_failures);
		assert_int_equal(r.kpis.failure_interruptions, 0); /* no jobs */
		run_result_fini(&r);
	}
	double e_gpu = 64 * 1000 / (100 + 0.001);
	double e_node = 8 * 1000 / (1000.0 * 24 / 480 + 0.001); /* MTBF 50 h */
	assert_mean_near("gpu failures", &gpu, e_gpu);
	assert_mean_near("  cause hbm (0.7)", &hbm, 0.7 * e_gpu);
	assert_mean_near("  cause other (0.3)", &other, 0.3 * e_gpu);
	assert_mean_near("node failures", &node, e_node);
	assert_mean_near("all failures", &all, e_gpu + e_node);
}

/* One job of g GPUs on 64 (MTBF 500 h per GPU), longer than the run,
 * checkpointing every 0.1 h; a repair is 3.6 s, and other nodes are free. */
static void scale_case(char *buf, size_t n, int g)
{
	snprintf(buf, n,
		 "{ \"name\": \"scale\", \"duration_h\": 2000, \"sample_interval_min\": 600,"
		 "  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.2 },"
		 "  \"cluster\": { \"racks\": 4, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\" },"
		 "  \"failures\": [ { \"kind\": \"gpu\", \"mtbf_h\": 500, \"repair\": \"constant\","
		 "    \"repair_median_h\": 0.001 } ],"
		 "  \"workload\": { \"classes\": ["
		 "    { \"name\": \"big\", \"arrival\": { \"process\": \"list\", \"times_h\": [0] },"
		 "      \"gpus\": %d, \"duration\": { \"distribution\": \"constant\", \"value_h\": 1e5 },"
		 "      \"utilization\": 1.0, \"checkpoint_interval_h\": 0.1 } ] } }",
		 g);
}

static void test_interruptions_scale_with_gpus(void **state)
{
	(void)state;
	static const int sizes[] = { 8, 16, 32 };
	double mean[3];
	for (int s = 0; s < 3; s++) {
		char json[2048];
		scale_case(json, sizeof json, sizes[s]);
		struct tally t = { 0 };
		for (uint64_t rep = 0; rep < REPS; rep++) {
			struct run_result r;
			run_rep(json, rep, &r);
			assert_int_equal(r.n_jobs, 1);
			assert_int_equal(r.jobs[0].interruptions, r.kpis.failure_interruptions);
			uint64_t by_cause = 0; /* the interruptions by cause add up */
			for (size_t i = 0; i < r.n_failure_causes; i++)
				by_cause += r.failure_causes[i].interruptions;
			assert_int_equal(by_cause, r.kpis.failure_interruptions);
			tally_add(&t, (double)r.kpis.failure_interruptions);
			/* it runs all 2000 h (a restart finds room at once): mtbi_h */
			assert_rel(r.kpis.mtbi_h * (double)r.kpis.failure_interruptions, 2000, 1e-9);
			run_result_fini(&r);
		}
		char what[64];
		snprintf(what, sizeof what, "interruptions of a %d-GPU job", sizes[s]);
		assert_mean_near(what, &t, sizes[s] * 2000.0 / 500.0);
		mean[s] = t.sum / t.n;
	}
	printf("  per GPU: %.3f %.3f %.3f (expected %.3f each)\n", mean[0] / 8, mean[1] / 16,
	       mean[2] / 32, 2000.0 / 500.0);
	/* mtbi_h counts only jobs of output.mtbi_min_gpus GPUs or more */
	char json[2048];
	scale_case(json, sizeof json, 32);
	const char *sets[] = { "output.mtbi_min_gpus=33" };
	struct scenario sc;
	struct run_result r;
	run_ok(json, sets, 1, &sc, &r);
	assert_true(r.kpis.failure_interruptions > 0 && isnan(r.kpis.mtbi_h));
	run_result_fini(&r);
	scenario_fini(&sc);
}

/* One node, one 8-GPU job of 40 h of work from t = 0, checkpoints every
 * 3 h; the node fails (MTBF 30 h) and takes 5 h to repair. */
static const char hand_case[] =
	"{ \"name\": \"hand\", \"duration_h\": 200, \"sample_interval_min\": 60, \"seed\": %d,"
	"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.0 },"
	"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
	"  \"failures\": [ { \"kind\": \"node\", \"mtbf_h\": 30, \"repair\": \"constant\","
	"    \"repair_median_h\": 5 } ],"
	"  \"workload\": { \"classes\": ["
	"    { \"name\": \"one\", \"arrival\": { \"process\": \"list\", \"times_h\": [0] },"
	"      \"gpus\": 8, \"duration\": { \"distribution\": \"constant\", \"value_h\": 40 },"
	"      \"utilization\": 1.0, \"checkpoint_interval_h\": 3 } ] } }";

static void test_one_job_by_hand(void **state)
{
	(void)state;
	const double work = 40, tau = 3, repair = 5, horizon = 200;
	/* the node's first two times to failure, as the run draws them: a
	 * time, then the cause and the place (2 uniforms), then after the
	 * repair the next time */
	int seed = 0;
	double t1 = 0, t2 = 0;
	for (seed = 1; seed < 100; seed++) {
		gsl_rng *f = rng_stream_create((uint64_t)seed, 0,
					       RNG_STREAM_FAILURES_FIRST + FAILURE_NODE);
		t1 = gsl_ran_exponential(f, 30);
		gsl_rng_uniform(f);
		gsl_rng_uniform(f);
		t2 = gsl_ran_exponential(f, 30);
		gsl_rng_free(f);
		double kept = floor(t1 / tau) * tau;
		double end = t1 + repair + work - kept;
		/* one failure while it runs, not on a checkpoint, none after
		 * until well past its end */
		if (t1 < work && t1 - kept > 0.5 && t1 + repair + t2 > end + 1)
			break;
	}
	assert_true(seed < 100);
	double kept = floor(t1 / tau) * tau, lost = t1 - kept;
	double end = t1 + repair + work - kept;
	printf("  seed %d: failure at %.4f h, lost %.4f h, ends at %.4f h\n", seed, t1, lost, end);
	char json[2048];
	snprintf(json, sizeof json, hand_case, seed);
	struct run_result r;
	run_rep(json, 0, &r);
	assert_int_equal(r.n_jobs, 1);
	const struct job_record *j = &r.jobs[0];
	assert_int_equal(j->state, JOB_COMPLETED);
	assert_int_equal(j->interruptions, 1);
	assert_int_equal(r.kpis.failure_interruptions_node, 1);
	assert_rel(j->lost_work_h, lost, 1e-6);
	assert_rel(j->end_s, end * 3600, 1e-7);
	assert_rel(r.kpis.failure_lost_gpu_hours, 8 * lost, 1e-6);
	/* the lost work drew 8 GPUs at TDP (700 W, utilization 1) */
	assert_rel(r.kpis.failure_lost_energy_mwh, 8 * 700.0 * lost / 1e6, 1e-6);
	/* 8 GPUs of 8 down for every repair in the run (the node goes on
	 * failing after the job has ended), the last cut at the horizon */
	double down_h = 0;
	gsl_rng *f = rng_stream_create((uint64_t)seed, 0, RNG_STREAM_FAILURES_FIRST + FAILURE_NODE);
	for (double t = gsl_ran_exponential(f, 30); t < horizon;) {
		down_h += fmin(repair, horizon - t);
		gsl_rng_uniform(f);
		gsl_rng_uniform(f);
		t += repair + gsl_ran_exponential(f, 30);
	}
	gsl_rng_free(f);
	assert_rel(r.kpis.gpu_availability, 1 - down_h / horizon, 1e-6);
	/* the time series: the node down for those hours, its 8 GPUs with it */
	double node_h = 0, gpu_h = 0;
	for (size_t i = 0; i < r.n_ts; i++) {
		node_h += r.ts[i].nodes_down * r.ts[i].interval_h;
		gpu_h += r.ts[i].gpus_down * r.ts[i].interval_h;
	}
	assert_rel(node_h, down_h, 1e-6);
	assert_rel(gpu_h, 8 * down_h, 1e-6);
	/* allocated: the job's wall time on its GPUs; useful: its 40 h */
	assert_rel(r.kpis.goodput, work / (work + lost), 1e-6);
	run_result_fini(&r);
}

/* 3 racks of 2 nodes: job 0 (16 GPUs) on rack 0, jobs 1 and 2 (8 each) on
 * rack 1, job 3 (16) on rack 2, by first fit in arrival order; rack
 * switches fail (MTBF 400 h) and are repaired in 10 h; every job runs the
 * whole 100 h. */
static const char network_case[] =
	"{ \"name\": \"network\", \"duration_h\": 100, \"sample_interval_min\": 60, \"seed\": %d,"
	"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.0 },"
	"  \"cluster\": { \"racks\": 3, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\" },"
	"  \"failures\": [ { \"kind\": \"network\", \"mtbf_h\": 400, \"repair\": \"constant\","
	"    \"repair_median_h\": 10 } ],"
	"  \"workload\": { \"classes\": ["
	"    { \"name\": \"big\", \"arrival\": { \"process\": \"list\", \"times_h\": [0, 0.002] },"
	"      \"gpus\": 16, \"duration\": { \"distribution\": \"constant\", \"value_h\": 1000 },"
	"      \"utilization\": 1.0, \"checkpoint_interval_h\": 1 },"
	"    { \"name\": \"small\", \"arrival\": { \"process\": \"list\", \"times_h\": [0.001, 0.001] },"
	"      \"gpus\": 8, \"duration\": { \"distribution\": \"constant\", \"value_h\": 1000 },"
	"      \"utilization\": 1.0, \"checkpoint_interval_h\": 1 } ] } }";

/* The first switch failure, drawn here from the run's stream: each
 * rack's first time to failure in rack order. Seeds until exactly one
 * failure falls in the run (after the jobs started), of rack want_rack. */
static int network_seed(int want_rack, double *at)
{
	for (int seed = 1; seed < 1000; seed++) {
		gsl_rng *f = rng_stream_create((uint64_t)seed, 0,
					       RNG_STREAM_FAILURES_FIRST + FAILURE_NETWORK);
		double t[3];
		for (int r = 0; r < 3; r++)
			t[r] = gsl_ran_exponential(f, 400);
		gsl_rng_uniform(f); /* the failure's cause and place */
		gsl_rng_uniform(f);
		double again = t[want_rack] + 10 + gsl_ran_exponential(f, 400);
		gsl_rng_free(f);
		int others_later = 1;
		for (int r = 0; r < 3; r++)
			others_later &= r == want_rack || t[r] > 100;
		if (t[want_rack] > 1 && t[want_rack] < 80 && others_later && again > 100) {
			*at = t[want_rack];
			return seed;
		}
	}
	fail_msg("no seed with one failure of rack %d", want_rack);
	return 0;
}

static void test_rack_switch_interrupts_its_racks_jobs(void **state)
{
	(void)state;
	/* the jobs on each rack, by id */
	static const int on_rack[3][4] = { { 1, 0, 0, 0 }, { 0, 1, 1, 0 }, { 0, 0, 0, 1 } };
	for (int rack = 0; rack < 3; rack++) {
		double at = 0;
		int seed = network_seed(rack, &at);
		char json[2048];
		snprintf(json, sizeof json, network_case, seed);
		struct run_result r;
		run_rep(json, 0, &r);
		assert_int_equal(r.n_jobs, 4);
		int hit = 0;
		for (int i = 0; i < 4; i++) {
			assert_int_equal(r.jobs[i].id, i);
			assert_int_equal(r.jobs[i].interruptions, on_rack[rack][i]);
			hit += on_rack[rack][i];
		}
		printf("  seed %d: rack %d's switch fails at %.3f h: %d jobs stop\n", seed, rack, at,
		       hit);
		assert_int_equal(r.kpis.component_failures, 1);
		assert_int_equal(r.kpis.failure_interruptions_network, hit);
		/* its 16 GPUs out for the 10 h repair, of 48 over 100 h */
		assert_rel(r.kpis.gpu_availability, 1 - 16 * 10.0 / (48 * 100), 1e-9);
		run_result_fini(&r);
	}
}

/* 4 racks of 1 node behind 2 PDUs (racks 0-1 on PDU 0, 2-3 on PDU 1);
 * jobs 0-3 (8 GPUs each) on nodes 0-3 by first fit in arrival order;
 * PDUs trip (MTBF 400 h), back after 10 h; every job runs the whole 100 h. */
static const char facility_case[] =
	"{ \"name\": \"facility\", \"duration_h\": 100, \"sample_interval_min\": 60, \"seed\": %d,"
	"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.0 },"
	"  \"cluster\": { \"racks\": 4, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
	"  \"power\": { \"chain\": { \"levels\": [ { \"name\": \"pdu\", \"units\": 2,"
	"    \"rating_kw\": 200, \"efficiency\": \"pdu_transformer\" } ] } },"
	"  \"failures\": [ { \"kind\": \"facility\", \"mtbf_h\": 400, \"repair\": \"constant\","
	"    \"repair_median_h\": 10 } ],"
	"  \"workload\": { \"classes\": ["
	"    { \"name\": \"job\", \"arrival\": { \"process\": \"list\","
	"      \"times_h\": [0, 0.001, 0.002, 0.003] },"
	"      \"gpus\": 8, \"duration\": { \"distribution\": \"constant\", \"value_h\": 1000 },"
	"      \"utilization\": 1.0, \"checkpoint_interval_h\": 1 } ] } }";

static void test_pdu_trip_interrupts_its_racks_jobs(void **state)
{
	(void)state;
	for (int unit = 0; unit < 2; unit++) {
		int seed = 0;
		double at = 0;
		for (seed = 1; seed < 1000; seed++) { /* one trip in the run, of unit */
			gsl_rng *f = rng_stream_create((uint64_t)seed, 0,
						       rng_stream_failures(FAILURE_FACILITY));
			double t0 = gsl_ran_exponential(f, 400), t1 = gsl_ran_exponential(f, 400);
			gsl_rng_uniform(f);
			gsl_rng_uniform(f);
			double t = unit ? t1 : t0, other = unit ? t0 : t1;
			double again = t + 10 + gsl_ran_exponential(f, 400);
			gsl_rng_free(f);
			if (t > 1 && t < 80 && other > 100 && again > 100) {
				at = t;
				break;
			}
		}
		assert_true(seed < 1000);
		char json[2048];
		snprintf(json, sizeof json, facility_case, seed);
		struct run_result r;
		run_rep(json, 0, &r);
		assert_int_equal(r.n_jobs, 4);
		for (int i = 0; i < 4; i++)
			assert_int_equal(r.jobs[i].interruptions, i / 2 == unit);
		printf("  seed %d: PDU %d trips at %.3f h: jobs %d and %d stop\n", seed, unit, at,
		       2 * unit, 2 * unit + 1);
		assert_int_equal(r.kpis.failure_interruptions_facility, 2);
		/* its racks' 16 GPUs out for the 10 h, of 32 over 100 h; the nodes dark */
		assert_rel(r.kpis.gpu_availability, 1 - 16 * 10.0 / (32 * 100), 1e-9);
		double node_h = 0;
		for (size_t i = 0; i < r.n_ts; i++)
			node_h += r.ts[i].nodes_down * r.ts[i].interval_h;
		assert_rel(node_h, 2 * 10.0, 1e-9);
		run_result_fini(&r);
	}
}

/* One 32-GPU job of 100 h of work on the 4 nodes it needs, nodes (MTBF
 * 200 h) and GPUs (1600 h) failing, repairs of 6 h; racks x 4 nodes, of
 * which spares are hot spares. */
static void spares_case(char *buf, size_t n, int racks, int spares)
{
	snprintf(buf, n,
		 "{ \"name\": \"spares\", \"duration_h\": 400, \"sample_interval_min\": 600,"
		 "  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.0 },"
		 "  \"cluster\": { \"racks\": %d, \"nodes_per_rack\": 4, \"node\": \"hgx_h100\","
		 "    \"spare_nodes\": %d },"
		 "  \"failures\": [ { \"kind\": \"node\", \"mtbf_h\": 200, \"repair\": \"constant\","
		 "    \"repair_median_h\": 6 }, { \"kind\": \"gpu\", \"mtbf_h\": 1600,"
		 "    \"repair\": \"constant\", \"repair_median_h\": 6 } ],"
		 "  \"workload\": { \"classes\": ["
		 "    { \"name\": \"train\", \"arrival\": { \"process\": \"list\", \"times_h\": [0] },"
		 "      \"gpus\": 32, \"duration\": { \"distribution\": \"constant\", \"value_h\": 100 },"
		 "      \"utilization\": 1.0, \"checkpoint_interval_h\": 1 } ] } }",
		 racks, spares);
}

/* With 4 hot spares no interruption waits for a repair: each puts a
 * spare in service and the job's wall time is its work and its lost
 * work. Without spares on a cluster of exactly the job's 4 nodes, each
 * waits for its repair (6 h). */
static void test_with_spares_no_job_waits_for_repair(void **state)
{
	(void)state;
	char json[2048];
	uint64_t hits = 0, waited = 0;
	for (int spares = 4; spares >= 0; spares -= 4) {
		spares_case(json, sizeof json, spares ? 2 : 1, spares);
		double wait_h = 0;
		for (uint64_t rep = 0; rep < 20; rep++) {
			struct run_result r;
			run_rep(json, rep, &r);
			const struct job_record *j = &r.jobs[0];
			assert_int_equal(j->state, JOB_COMPLETED);
			double wait = (j->end_s - j->start_s) / 3600 - 100 - j->lost_work_h;
			wait_h += wait;
			if (spares) {
				hits += j->interruptions;
				assert_int_equal(r.kpis.spare_swaps, j->interruptions);
				if (fabs(wait) > 1e-6)
					fail_msg("rep %llu: waited %.6f h with spares",
						 (unsigned long long)rep, wait);
			} else {
				waited += j->interruptions;
				assert_int_equal(r.kpis.spare_swaps, 0);
			}
			run_result_fini(&r);
		}
		printf("  %d spares: %llu interruptions, %.2f h waited in all\n", spares,
		       (unsigned long long)(spares ? hits : waited), wait_h);
		if (!spares && !(wait_h >= 6.0 * (double)waited * 0.99))
			fail_msg("without spares %.2f h waited for %llu repairs of 6 h", wait_h,
				 (unsigned long long)waited);
	}
	assert_true(hits > 20 && waited > 20);
}

/* Without failures nothing changes: every GPU up, nothing lost. */
static void test_no_failures(void **state)
{
	(void)state;
	char json[2048];
	scale_case(json, sizeof json, 8);
	char *p = strstr(json, "\"failures\"");
	char *q = strstr(p, "],") + 2;
	memmove(p, q, strlen(q) + 1);
	struct run_result r;
	run_rep(json, 0, &r);
	assert_int_equal(r.kpis.component_failures, 0);
	assert_int_equal(r.kpis.failure_interruptions, 0);
	assert_rel(r.kpis.gpu_availability, 1.0, 0);
	assert_rel(r.kpis.goodput, 1.0, 0);
	assert_int_equal(r.n_failure_causes, 0);
	run_result_fini(&r);
}

/* scheduler.requeue: an interrupted job back at its place by submit
 * time, or at the head. */
static void test_requeue_rules(void **state)
{
	(void)state;
	for (int head = 0; head < 2; head++) {
		struct scheduler q;
		scheduler_init(&q, 0, 100, 0);
		struct job j[4] = { { .id = 0 } };
		static const sim_time submit[4] = { 0, 10, 20, 15 };
		for (int i = 0; i < 4; i++) {
			j[i].id = (uint64_t)i;
			j[i].submit = submit[i];
		}
		for (int i = 0; i < 3; i++)
			scheduler_enqueue(&q, &j[i]);
		(head ? scheduler_requeue_head : scheduler_requeue)(&q, &j[3]);
		static const uint64_t want[2][4] = { { 0, 1, 3, 2 }, { 3, 0, 1, 2 } };
		int n = 0;
		for (struct job *x = q.head; x; x = x->next, n++)
			assert_int_equal(x->id, want[head][n]);
		assert_int_equal(n, 4);
		assert_int_equal(q.queued, 4);
		assert_ptr_equal(q.tail, &j[2]);
	}
}

/* An empirical repair of one value is the constant repair: the same
 * failures (the repair stream is the process's own) and the same run. */
static void test_empirical_repair(void **state)
{
	(void)state;
	char constant[2048], empirical[2048];
	snprintf(constant, sizeof constant, hand_case, 2);
	snprintf(empirical, sizeof empirical, hand_case, 2);
	char *q = strstr(empirical, "\"repair\": \"constant\"");
	const char *with = "\"repair\": \"empirical\", \"file\": \"tests/data/repair_5h.csv\","
			   " \"column\": \"repair_h\", \"unit\": \"h\"";
	char rest[2048];
	snprintf(rest, sizeof rest, "%s", strstr(q, "}"));
	snprintf(q, sizeof empirical - (size_t)(q - empirical), "%s %s", with, rest);
	struct run_result a, b;
	run_rep(constant, 0, &a);
	run_rep(empirical, 0, &b);
	assert_true(a.kpis.component_failures > 0);
	assert_int_equal(a.kpis.component_failures, b.kpis.component_failures);
	assert_rel(a.kpis.gpu_availability, b.kpis.gpu_availability, 0);
	assert_rel(a.jobs[0].end_s, b.jobs[0].end_s, 0);
	run_result_fini(&a);
	run_result_fini(&b);
}

static void test_bad_input(void **state)
{
	(void)state;
	static const char base[] =
		"{ \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\","
		"    \"spare_nodes\": 1 }, \"failures\": [ %s ] }";
	struct {
		const char *proc, *msg;
	} cases[] = {
		{ "{ \"kind\": \"gpu\", \"mtbf_h\": 10, \"rate_per_1000_days\": 1 }", "not both" },
		{ "{ \"kind\": \"gpu\" }, { \"kind\": \"gpu\" }", "one per kind" },
		{ "{ \"kind\": \"gpu\", \"causes\": [ { \"name\": \"a\", \"share\": 0.5 } ] }",
		  "sum to" },
		{ "{ \"kind\": \"rack\" }", "kind" },
		{ "{ \"kind\": \"network\" }, { \"kind\": \"network\" }", "one per kind" },
		{ "", "give failures" },
		{ "{ \"kind\": \"facility\" }", "no default rate" },
		{ "{ \"kind\": \"facility\", \"mtbf_h\": 100 }", "give a chain" },
		{ "{ \"kind\": \"gpu\", \"repair\": \"empirical\", \"file\": \"tests/data/bad_cell.csv\","
		  " \"column\": \"runtime\" }", "line 4" },
		{ "{ \"kind\": \"gpu\", \"repair\": \"empirical\", \"file\": \"tests/data/repair_5h.csv\","
		  " \"column\": \"hours\" }", "hours" },
		{ "{ \"kind\": \"gpu\", \"repair\": \"empirical\", \"column\": \"x\" }", "file" },
		{ "{ \"kind\": \"gpu\", \"repair\": \"empirical\", \"file\": \"tests/data/repair_5h.csv\","
		  " \"column\": \"repair_h\", \"repair_median_h\": 3 }", "not used by the empirical" },
		{ "{ \"kind\": \"gpu\", \"file\": \"tests/data/repair_5h.csv\" }", "not used by the lognormal" },
		{ "{ \"kind\": \"gpu\", \"mtbf\": 3 }", "mtbf_h" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char json[1024];
		snprintf(json, sizeof json, base, cases[i].proc);
		struct scenario sc;
		struct diag d;
		if (load_text(json, NULL, 0, &sc, &d) == 0)
			fail_msg("loaded: %s", cases[i].proc);
		if (!diag_has(&d, cases[i].msg, NULL)) {
			print_diag(&d);
			fail_msg("no \"%s\" for %s", cases[i].msg, cases[i].proc);
		}
		diag_fini(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_poisson),
		cmocka_unit_test(test_interruptions_scale_with_gpus),
		cmocka_unit_test(test_one_job_by_hand),
		cmocka_unit_test(test_rack_switch_interrupts_its_racks_jobs),
		cmocka_unit_test(test_pdu_trip_interrupts_its_racks_jobs),
		cmocka_unit_test(test_with_spares_no_job_waits_for_repair),
		cmocka_unit_test(test_no_failures),
		cmocka_unit_test(test_requeue_rules),
		cmocka_unit_test(test_empirical_repair),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
