/*
 * test_inference.c - inference services with known answers.
 *
 *  - M/M/1: one replica, batch 1, a one-token prompt and exponential
 *    (geometric) output tokens is an M/G/1 queue whose service time S =
 *    1 / prefill + (O - 1) / decode(1) has known moments: the mean
 *    latency is Pollaczek-Khinchine's E[S] + lambda E[S^2] / (2 (1 - rho)),
 *    and within 0.3% of M/M/1's E[S] / (1 - rho) at a mean of 100 tokens.
 *    100 h at rho = 0.5 (about 280,000 requests) puts 3 standard errors
 *    of the mean near 1%.
 *  - Energy: with every GPU a replica and no jobs, the services' GPU
 *    energy is the facility's GPU energy (the run also checks requests'
 *    + idle = service energy, and request conservation).
 *  - Cap: a replica kept at a full batch under a cap serves tokens at the
 *    speed the throughput curve gives (gpu_power_under_cap at TDP). The
 *    queue is short (64) so the requests from before the warm-up's end,
 *    served in the window but not counted, are a negligible share. The
 *    node's own cap holds a replica as the facility's of the same watts.
 *  - Replay: the Azure conversation trace's requests and tokens, exactly.
 *  - Autoscaling: within its bounds at every sample, both ways over a
 *    diurnal day, and the batch occupancy, while the bounds do not hold
 *    the count, within 0.1 of the target (it runs below it: the ceiling
 *    and the stabilization window's maximum both round up).
 *  - Aggregate mode against request-level on the same inputs (the Azure
 *    conversation trace on one replica; a diurnal autoscaled day): within
 *    5% on energy and replica-hours and 15% on end-to-end and TTFT p99.
 *  - Per-service time series: an idle and a saturated service's columns
 *    (idle draw at occupancy 0; full batch at occupancy 1), and the
 *    fleet's columns their sums and pooled occupancy.
 *  - Drops, sharing the cluster with training, determinism, bad input.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "gpu_power.h"
#include "inference.h"
#include "run_core.h"
#include "test_util.h"
#include "world.h"

#define BASE                                                                               \
	"{ \"duration_h\": %g, \"warmup_h\": %g,"                                          \
	"  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"   \
	"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.2 }, %s"               \
	"  \"workload\": { %s \"services\": [ %s ] } }"

static void run_json(const char *json, struct scenario *sc, struct run_result *r)
{
	run_ok(json, NULL, 0, sc, r);
}

static void test_mm1(void **state)
{
	(void)state;
	const struct inference_profile *p = inference_profile_at(0);
	struct inference_rates rates;
	assert_int_equal(inference_rates_init(&rates, p), 0);
	double c = 1.0 / p->prefill_tps, r = inference_decode_tps(&rates, 1), m = 100;
	inference_rates_fini(&rates);
	/* X = O - 1 is geometric on 0, 1, ... with mean m - 1, E[X^2] = (m-1)(2m-1) */
	double es = c + (m - 1) / r;
	double es2 = c * c + 2 * c * (m - 1) / r + (m - 1) * (2 * m - 1) / (r * r);
	double rho = 0.5, lambda = rho / es;
	double pk = es + lambda * es2 / (2 * (1 - rho)), mm1 = es / (1 - rho);
	char svc[512], json[2048];
	snprintf(svc, sizeof svc,
		 "{ \"name\": \"q\", \"profile\": \"%s\", \"max_batch\": 1, \"rate_per_s\": %.12g,"
		 "  \"tokens\": \"exponential\", \"prompt_tokens_mean\": 1,"
		 "  \"output_tokens_mean\": %g }", p->name, lambda, m);
	snprintf(json, sizeof json, BASE, 100.0, 5.0, "", "", svc);
	struct scenario sc;
	struct run_result res;
	run_json(json, &sc, &res);
	const struct run_kpis *k = &res.kpis;
	printf("  M/G/1 mean latency %.4f s (P-K %.4f s, M/M/1 %.4f s) over %llu requests\n",
	       k->inference_e2e_mean_s, pk, mm1, (unsigned long long)k->inference_served);
	assert_true(k->inference_served > 250000);
	assert_rel(k->inference_e2e_mean_s, pk, 0.02);
	assert_rel(k->inference_e2e_mean_s, mm1, 0.02);
	assert_int_equal(k->inference_dropped, 0);
	run_result_fini(&res);
	scenario_fini(&sc);
}

static void test_energy_is_the_gpus(void **state)
{
	(void)state;
	char json[2048];
	snprintf(json, sizeof json, BASE, 12.0, 0.0, "", "",
		 "{ \"name\": \"a\", \"profile\": \"llama3.1-8b_h100\", \"replicas\": 6,"
		 "  \"rate_per_s\": 3 },"
		 "{ \"name\": \"b\", \"profile\": \"llama2-70b_h100x2\", \"rate_per_s\": 0.2,"
		 "  \"hourly_profile\": [1,1,1,1,1,1,2,2,2,2,2,2,3,3,3,3,3,3,1,1,1,1,1,1] }");
	struct scenario sc;
	struct run_result res;
	run_json(json, &sc, &res);
	const struct run_kpis *k = &res.kpis;
	printf("  %llu requests, services' GPU energy %.6f MWh, facility's GPUs %.6f MWh\n",
	       (unsigned long long)k->inference_requests, k->inference_gpu_energy_mwh,
	       k->it_gpu_energy_mwh);
	assert_true(k->inference_served > 100000);
	assert_rel(k->inference_gpu_energy_mwh, k->it_gpu_energy_mwh, 1e-9);
	assert_rel(k->inference_gpu_hours, 8 * 12.0, 1e-12);
	assert_rel(k->inference_replica_hours, 7 * 12.0, 1e-12);
	assert_rel(k->gpu_utilization, 1.0, 1e-12);
	/* inference.csv: the two services add up to the fleet */
	assert_int_equal(res.n_services, 2);
	assert_int_equal(res.services[0].requests + res.services[1].requests,
			 k->inference_requests);
	assert_rel(res.services[0].gpu_energy_mwh + res.services[1].gpu_energy_mwh,
		   k->inference_gpu_energy_mwh, 1e-12);
	assert_rel(res.services[0].gpu_hours, 6 * 12.0, 1e-12);
	run_result_fini(&res);
	scenario_fini(&sc);
}

/* timeseries.csv's per-service columns on two services with known loads:
 * "idle" (two replicas of batch 8, no requests) draws its GPUs' idle
 * power with the model loaded, at occupancy 0; "busy" (one replica of
 * batch 4, 20 requests/s against a few per second it can serve) holds a
 * full batch, so occupancy 1 and the GPU at its full-batch draw, and its
 * arrivals add up to its request count. The fleet's columns are their
 * sums, occupancy pooled over the batch slots: (0 x 16 + 1 x 4) / 20. */
static void test_per_service_series(void **state)
{
	(void)state;
	char json[2048];
	snprintf(json, sizeof json, BASE, 4.0, 0.0, "", "",
		 "{ \"name\": \"idle\", \"profile\": \"llama3.1-8b_h100\", \"replicas\": 2,"
		 "  \"max_batch\": 8, \"rate_per_s\": 0 },"
		 "{ \"name\": \"busy\", \"profile\": \"llama3.1-8b_h100\", \"replicas\": 1,"
		 "  \"max_batch\": 4, \"rate_per_s\": 20, \"queue_limit\": 16,"
		 "  \"tokens\": \"constant\", \"prompt_tokens_mean\": 200,"
		 "  \"output_tokens_mean\": 300 }");
	const char *sets[] = { "output.timeseries=true", "sample_interval_min=30" };
	struct scenario sc;
	struct run_result res;
	run_ok(json, sets, 2, &sc, &res);
	struct gpu_power g;
	assert_int_equal(gpu_power_init(&g, &sc.node.accel), 0);
	double idle_kw = gpu_power_want_w(&g, 0.0) / 1000.0;
	double full_kw = gpu_power_want_w(&g, 1.0) / 1000.0;
	gpu_power_fini(&g);
	assert_int_equal(res.n_ts, 8);
	assert_int_equal(res.n_service_ts, 2 * res.n_ts);
	double arrived = 0;
	for (size_t i = 0; i < res.n_ts; i++) {
		const struct ts_row *t = &res.ts[i];
		const struct service_ts_record *a = &res.service_ts[2 * i];
		const struct service_ts_record *b = &res.service_ts[2 * i + 1];
		assert_true(a->requests_per_s == 0 && a->batch_occupancy == 0);
		assert_rel(a->replicas, 2, 1e-12);
		assert_rel(a->gpu_kw, 2 * idle_kw, 1e-9);
		assert_rel(b->replicas, 1, 1e-12);
		/* full but for the ticks a finished sequence's slot waits for the
		 * next request (some 1e-4 of the time) */
		assert_rel(b->batch_occupancy, 1, 1e-3);
		assert_true(b->batch_occupancy <= 1);
		assert_rel(b->gpu_kw, full_kw, 1e-3);
		assert_rel(b->requests_per_s, 20, 0.03); /* 36,000 arrivals an interval */
		arrived += b->requests_per_s * t->interval_h * 3600.0;
		/* the fleet's columns are the services' together */
		assert_rel(t->inference_requests_per_s, a->requests_per_s + b->requests_per_s, 1e-12);
		assert_rel(t->inference_replicas, a->replicas + b->replicas, 1e-12);
		assert_rel(t->inference_gpu_kw, a->gpu_kw + b->gpu_kw, 1e-12);
		assert_rel(t->inference_batch_occupancy,
			   (a->batch_occupancy * a->replicas * 8 + b->batch_occupancy * b->replicas * 4) /
				   (a->replicas * 8 + b->replicas * 4),
			   1e-12);
	}
	printf("  idle: %.4f kW at occupancy 0; busy: %.4f kW at occupancy %.6f, %.0f arrivals\n",
	       res.service_ts[0].gpu_kw, res.service_ts[3].gpu_kw,
	       res.service_ts[3].batch_occupancy, arrived);
	assert_rel(arrived, (double)res.services[1].requests, 1e-9);
	assert_rel(res.kpis.inference_batch_occupancy, 4.0 / 20.0, 1e-5);
	run_result_fini(&res);
	scenario_fini(&sc);
}

/* Tokens out of a replica held at a full batch, capped at cap_w (0: none). */
static double saturated_tokens(double cap_w, struct scenario *sc)
{
	char power[128] = "", json[2048];
	if (cap_w > 0)
		snprintf(power, sizeof power, "\"power\": { \"gpu_cap_w\": %g },", cap_w);
	snprintf(json, sizeof json, BASE, 12.0, 1.0, power, "",
		 "{ \"name\": \"full\", \"profile\": \"llama3.1-8b_h100\", \"rate_per_s\": 200,"
		 "  \"queue_limit\": 64, \"tokens\": \"constant\", \"prompt_tokens_mean\": 200,"
		 "  \"output_tokens_mean\": 300 }");
	struct run_result res;
	run_json(json, sc, &res);
	double t = res.kpis.inference_tokens_out;
	assert_true(res.kpis.inference_dropped > 0); /* it stayed saturated */
	run_result_fini(&res);
	return t;
}

static void test_cap_slows_tokens(void **state)
{
	(void)state;
	struct scenario sc;
	double free_t = saturated_tokens(0, &sc);
	struct gpu_power g;
	assert_int_equal(gpu_power_init(&g, &sc.node.accel), 0);
	double cap = 0.6 * g.tdp_w, draw, speed;
	gpu_power_under_cap(&g, gpu_power_want_w(&g, 1.0), cap, &draw, &speed);
	gpu_power_fini(&g);
	scenario_fini(&sc);
	double capped = saturated_tokens(cap, &sc);
	scenario_fini(&sc);
	printf("  tokens out %.0f uncapped, %.0f at %.0f W: ratio %.4f, the curve's %.4f\n",
	       free_t, capped, cap, capped / free_t, speed);
	assert_true(speed < 0.99);
	assert_rel(capped / free_t, speed, 0.002);
}

/* The node's own cap (cluster.node.gpu_cap_w, a GPU's power limit)
 * holds a replica's GPUs as the facility's cap of the same watts does:
 * the same tokens, to the bit, and fewer than uncapped. (Replicas were
 * rated under the facility's and the zones' caps only.) */
static void test_node_cap_holds_replicas(void **state)
{
	(void)state;
	struct scenario sc;
	double free_t = saturated_tokens(0, &sc);
	struct gpu_power g;
	assert_int_equal(gpu_power_init(&g, &sc.node.accel), 0);
	double cap = 0.6 * g.tdp_w;
	gpu_power_fini(&g);
	scenario_fini(&sc);
	double facility_t = saturated_tokens(cap, &sc);
	scenario_fini(&sc);
	char json[2048];
	snprintf(json, sizeof json,
		 "{ \"duration_h\": 12, \"warmup_h\": 1,"
		 "  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1,"
		 "    \"node\": { \"preset\": \"hgx_h100\", \"gpu_cap_w\": %.17g } },"
		 "  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.2 },"
		 "  \"workload\": { \"services\": [ { \"name\": \"full\","
		 "    \"profile\": \"llama3.1-8b_h100\", \"rate_per_s\": 200, \"queue_limit\": 64,"
		 "    \"tokens\": \"constant\", \"prompt_tokens_mean\": 200,"
		 "    \"output_tokens_mean\": 300 } ] } }",
		 cap);
	struct run_result res;
	run_json(json, &sc, &res);
	double node_t = res.kpis.inference_tokens_out;
	printf("  tokens out %.0f uncapped, %.0f under the facility's %.0f W, %.0f under the "
	       "node's\n", free_t, facility_t, cap, node_t);
	assert_true(node_t < 0.99 * free_t);
	assert_true(node_t == facility_t);
	run_result_fini(&res);
	scenario_fini(&sc);
}

static void test_drops_and_sharing(void **state)
{
	(void)state;
	char json[4096];
	snprintf(json, sizeof json, BASE, 12.0, 2.0, "",
		 "\"classes\": [ { \"name\": \"train\", \"arrival\": { \"rate_per_h\": 1 },"
		 "  \"gpus\": 4, \"duration\": { \"distribution\": \"exponential\", \"mean_h\": 3 },"
		 "  \"utilization\": 0.9 } ],",
		 "{ \"name\": \"chat\", \"profile\": \"llama3.1-8b_h100\", \"replicas\": 2,"
		 "  \"max_batch\": 8, \"rate_per_s\": 12, \"queue_limit\": 20,"
		 "  \"slo_ttft_s\": 1, \"slo_e2e_s\": 20 }");
	struct scenario sc;
	struct run_result a, b;
	run_json(json, &sc, &a);
	scenario_fini(&sc);
	run_json(json, &sc, &b);
	const struct run_kpis *k = &a.kpis;
	printf("  %llu requests: %llu served, %llu dropped; SLO attainment %.3f; %llu jobs\n",
	       (unsigned long long)k->inference_requests, (unsigned long long)k->inference_served,
	       (unsigned long long)k->inference_dropped, k->inference_slo_attainment,
	       (unsigned long long)k->jobs_submitted);
	assert_true(k->inference_dropped > 0);
	assert_true(k->inference_served + k->inference_dropped <= k->inference_requests);
	assert_true(k->inference_requests - k->inference_served - k->inference_dropped <= 36);
	assert_true(k->inference_slo_attainment > 0 && k->inference_slo_attainment < 1);
	assert_true(k->jobs_submitted > 5);
	/* the same seed, the same results */
	assert_memory_equal(&a.kpis, &b.kpis, sizeof a.kpis);
	run_result_fini(&a);
	run_result_fini(&b);
	scenario_fini(&sc);
}

/* The Azure conversation trace, replayed on capacity to spare: every row
 * is a request and every request is served (sums computed from the CSV
 * independently: scenarios/traces/README.md). */
static void test_trace_replay(void **state)
{
	(void)state;
	char json[2048];
	snprintf(json, sizeof json, BASE, 2.0, 0.0, "", "",
		 "{ \"name\": \"conv\", \"profile\": \"llama3.1-8b_h100\", \"replicas\": 8,"
		 "  \"arrivals\": \"trace\","
		 "  \"trace_file\": \"scenarios/traces/AzureLLMInferenceTrace_conv.csv\" }");
	const char *sets[] = { "output.requests=true" };
	struct scenario sc;
	struct run_result res;
	run_ok(json, sets, 1, &sc, &res);
	const struct run_kpis *k = &res.kpis;
	/* the request log: one row per trace row, its tokens */
	double in = 0, out = 0;
	for (size_t i = 0; i < res.n_requests; i++) {
		assert_int_equal(res.requests[i].state, REQUEST_SERVED);
		in += res.requests[i].prompt_tokens;
		out += res.requests[i].output_tokens;
	}
	assert_int_equal(res.n_requests, 19366);
	assert_true(in == 22361870.0 && out == 4088665.0);
	assert_int_equal(res.n_services, 1);
	assert_int_equal(res.services[0].served, 19366);
	printf("  replay: %llu requests, %llu served, tokens in %.0f, out %.0f\n",
	       (unsigned long long)k->inference_requests, (unsigned long long)k->inference_served,
	       k->inference_tokens_in, k->inference_tokens_out);
	assert_int_equal(k->inference_requests, 19366);
	assert_int_equal(k->inference_served, 19366);
	assert_true(k->inference_tokens_in == 22361870.0);
	assert_true(k->inference_tokens_out == 4088665.0);
	run_result_fini(&res);
	scenario_fini(&sc);
}

/* A diurnal load on an autoscaled service: the replicas stay within
 * their bounds at every sample, follow the load both ways, and the batch
 * occupancy over the day is near the target. */
static void test_autoscale(void **state)
{
	(void)state;
	char json[4096];
	snprintf(json, sizeof json,
		 "{ \"duration_h\": 24, \"warmup_h\": 1, \"sample_interval_min\": 5,"
		 "  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\" },"
		 "  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.2 },"
		 "  \"workload\": { \"services\": [ { \"name\": \"chat\","
		 "    \"profile\": \"llama3.1-8b_h100\", \"max_batch\": 8, \"rate_per_s\": 8,"
		 "    \"tokens\": \"constant\", \"prompt_tokens_mean\": 500,"
		 "    \"output_tokens_mean\": 600,"
		 "    \"hourly_profile\": [0.2,0.2,0.3,0.4,0.6,0.8,1.0,1.3,1.6,1.8,1.9,2.0,"
		 "                         2.0,1.9,1.8,1.6,1.3,1.0,0.8,0.6,0.4,0.3,0.2,0.2],"
		 "    \"autoscale\": { \"min_replicas\": 2, \"max_replicas\": 14,"
		 "                   \"target_utilization\": 0.6, \"interval_s\": 60 } } ] } }");
	struct scenario sc;
	struct run_result res;
	run_json(json, &sc, &res);
	const struct run_kpis *k = &res.kpis;
	/* the occupancy where the bounds do not hold the count (weighted by replicas) */
	double lo = INFINITY, hi = 0, occ = 0, reps = 0;
	for (size_t i = 0; i < res.n_ts; i++) {
		double n = res.ts[i].inference_replicas;
		lo = fmin(lo, n);
		hi = fmax(hi, n);
		if (n > 2.05 && n < 13.95) {
			occ += res.ts[i].inference_batch_occupancy * n;
			reps += n;
		}
	}
	occ /= reps;
	printf("  replicas %.2f to %.2f (mean %.2f), %llu started, %llu drained, %llu short of "
	       "GPUs; occupancy %.3f within the bounds, %.3f in all (target 0.6); e2e p99 "
	       "%.2f s\n", lo, hi, k->inference_replicas_mean,
	       (unsigned long long)k->inference_scale_ups,
	       (unsigned long long)k->inference_scale_downs,
	       (unsigned long long)k->inference_scale_ups_blocked, occ,
	       k->inference_batch_occupancy, k->inference_e2e_p99_s);
	assert_true(lo >= 2 && hi <= 14);
	assert_true(lo < 3 && hi > 8); /* it followed the day both ways */
	assert_true(k->inference_scale_ups > 0 && k->inference_scale_downs > 0);
	assert_true(fabs(occ - 0.6) <= 0.1);
	run_result_fini(&res);
	scenario_fini(&sc);
}

/* Request-level against aggregate on the same inputs: the KPIs of the
 * service run both ways (mode appended to the service's keys). */
static void both_modes(const char *json_mode, struct run_kpis *req, struct run_kpis *agg)
{
	char json[4096];
	const char *modes[] = { "request", "aggregate" };
	struct run_kpis *out[] = { req, agg };
	const char *at = strstr(json_mode, "%s");
	assert_non_null(at);
	for (int m = 0; m < 2; m++) {
		snprintf(json, sizeof json, "%.*s%s%s", (int)(at - json_mode), json_mode, modes[m],
			 at + 2);
		struct scenario sc;
		struct run_result res;
		run_json(json, &sc, &res);
		*out[m] = res.kpis;
		run_result_fini(&res);
		scenario_fini(&sc);
	}
}

static void cross_check(const char *what, const struct run_kpis *r, const struct run_kpis *a)
{
	printf("  %s: energy %.6f / %.6f MWh, replica-hours %.2f / %.2f, e2e p99 %.4f / %.4f s, "
	       "TTFT p99 %.4f / %.4f s (request / aggregate)\n", what, r->inference_gpu_energy_mwh,
	       a->inference_gpu_energy_mwh, r->inference_replica_hours, a->inference_replica_hours,
	       r->inference_e2e_p99_s, a->inference_e2e_p99_s, r->inference_ttft_p99_s,
	       a->inference_ttft_p99_s);
	assert_rel(a->inference_gpu_energy_mwh, r->inference_gpu_energy_mwh, 0.05);
	assert_rel(a->inference_replica_hours, r->inference_replica_hours, 0.05);
	assert_rel(a->inference_e2e_p99_s, r->inference_e2e_p99_s, 0.15);
	assert_rel(a->inference_ttft_p99_s, r->inference_ttft_p99_s, 0.15);
}

/* The Azure conversation trace on one replica, and a diurnal Poisson day
 * on an autoscaled service. */
static void test_aggregate_cross_check(void **state)
{
	(void)state;
	struct run_kpis r, a;
	both_modes("{ \"duration_h\": 1.5, \"warmup_h\": 0,"
		   "  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
		   "  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.2 },"
		   "  \"workload\": { \"services\": [ { \"name\": \"conv\","
		   "    \"profile\": \"llama3.1-8b_h100\", \"mode\": \"%s\", \"arrivals\": \"trace\","
		   "    \"trace_file\": \"scenarios/traces/AzureLLMInferenceTrace_conv.csv\" } ] } }",
		   &r, &a);
	assert_int_equal(a.inference_served, 19366);
	assert_true(a.inference_tokens_out == r.inference_tokens_out);
	cross_check("Azure conversation trace", &r, &a);
	both_modes("{ \"duration_h\": 24, \"warmup_h\": 1,"
		   "  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\" },"
		   "  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.2 },"
		   "  \"workload\": { \"services\": [ { \"name\": \"chat\","
		   "    \"profile\": \"llama3.1-8b_h100\", \"mode\": \"%s\", \"max_batch\": 8,"
		   "    \"rate_per_s\": 8, \"tokens\": \"constant\", \"prompt_tokens_mean\": 500,"
		   "    \"output_tokens_mean\": 600,"
		   "    \"hourly_profile\": [0.2,0.2,0.3,0.4,0.6,0.8,1.0,1.3,1.6,1.8,1.9,2.0,"
		   "                         2.0,1.9,1.8,1.6,1.3,1.0,0.8,0.6,0.4,0.3,0.2,0.2],"
		   "    \"autoscale\": { \"min_replicas\": 2, \"max_replicas\": 14,"
		   "                   \"target_utilization\": 0.6, \"interval_s\": 60 } } ] } }",
		   &r, &a);
	cross_check("diurnal Poisson, autoscaled", &r, &a);
	/* the same day at the 15-minute steps of the year-long benchmark
	 * (bench/inference_year.json) holds the same bands */
	struct scenario sc;
	struct run_result res;
	run_json("{ \"duration_h\": 24, \"warmup_h\": 1,"
		 "  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\" },"
		 "  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.2 },"
		 "  \"workload\": { \"services\": [ { \"name\": \"chat\","
		 "    \"profile\": \"llama3.1-8b_h100\", \"mode\": \"aggregate\", \"step_s\": 900,"
		 "    \"max_batch\": 8, \"rate_per_s\": 8, \"tokens\": \"constant\","
		 "    \"prompt_tokens_mean\": 500, \"output_tokens_mean\": 600,"
		 "    \"hourly_profile\": [0.2,0.2,0.3,0.4,0.6,0.8,1.0,1.3,1.6,1.8,1.9,2.0,"
		 "                         2.0,1.9,1.8,1.6,1.3,1.0,0.8,0.6,0.4,0.3,0.2,0.2],"
		 "    \"autoscale\": { \"min_replicas\": 2, \"max_replicas\": 14,"
		 "                   \"target_utilization\": 0.6, \"interval_s\": 60 } } ] } }",
		 &sc, &res);
	cross_check("diurnal Poisson, 15-minute steps", &r, &res.kpis);
	run_result_fini(&res);
	scenario_fini(&sc);
}

/* The aggregate mode moves a service's serving replicas per zone as one
 * group (world_inference_group.c), and a replica whose GPUs span zones
 * alone: in two halls of 1 and 3 racks (with 1-GPU nodes the 70B
 * profile's first two-GPU replica spans both), autoscaled so replicas join and
 * leave groups, the services' GPU energy is still the facility's GPU
 * energy (and the run's own checks pass: requests' + idle = service). */
static void test_aggregate_groups(void **state)
{
	(void)state;
	const char *halls = "[ { \"technology\": \"fixed_pue\", \"pue\": 1.2, \"racks\": 1 },"
			    "  { \"technology\": \"fixed_pue\", \"pue\": 1.3, \"racks\": 3 } ]";
	for (int span = 0; span < 2; span++) {
		char json[4096];
		snprintf(json, sizeof json,
			 "{ \"duration_h\": 24, \"warmup_h\": 0,"
			 "  \"cluster\": { \"racks\": 4, \"nodes_per_rack\": %d,"
			 "    \"node\": { \"preset\": \"hgx_h100\", \"gpus_per_node\": %d } },"
			 "  \"cooling\": %s, \"power\": { \"gpu_cap_w\": 600 },"
			 "  \"workload\": { \"services\": [ { \"name\": \"a\","
			 "    \"profile\": \"%s\", \"mode\": \"aggregate\", \"rate_per_s\": %g, \"max_batch\": 8,"
			 "    \"hourly_profile\": [0.2,0.2,0.3,0.4,0.6,0.8,1.0,1.3,1.6,1.8,1.9,2.0,"
			 "                         2.0,1.9,1.8,1.6,1.3,1.0,0.8,0.6,0.4,0.3,0.2,0.2],"
			 "    \"autoscale\": { \"min_replicas\": 1, \"max_replicas\": %d,"
			 "      \"target_utilization\": 0.6, \"interval_s\": 60 } } ] } }",
			 span ? 1 : 2, span ? 1 : 4, halls, span ? "llama2-70b_h100x2" : "llama3.1-8b_h100",
			 span ? 1.0 : 20.0, span ? 2 : 32);
		struct scenario sc;
		struct run_result res;
		run_json(json, &sc, &res);
		const struct run_kpis *k = &res.kpis;
		printf("  %s: %llu requests, %llu scale-ups, services' GPU energy %.6f MWh, "
		       "facility's GPUs %.6f MWh (%.2f GPU-hours of replicas)\n",
		       span ? "two-GPU replicas across halls" : "one-GPU replicas in two halls",
		       (unsigned long long)k->inference_requests,
		       (unsigned long long)k->inference_scale_ups, k->inference_gpu_energy_mwh,
		       k->it_gpu_energy_mwh, k->inference_gpu_hours);
		assert_true(k->inference_scale_ups > 0 && k->inference_scale_downs > 0);
		/* the GPUs no replica holds draw idle: the services' share is the rest */
		double idle_mwh = sc.node.accel.idle_w * (4.0 * (span ? 1 : 8) * 24 -
							k->inference_gpu_hours) / 1e6;
		assert_rel(k->inference_gpu_energy_mwh + idle_mwh, k->it_gpu_energy_mwh, 1e-9);
		run_result_fini(&res);
		scenario_fini(&sc);
	}
}

/* One replica, max_batch 8, overloaded behind a queue of 16, constant
 * prompts and outputs of 1,000 tokens: requests of KV tokens prompt +
 * output. A KV cache of 5,000 tokens holds two of them, so the batch is
 * 2, not 8: each sequence takes T(b) = P / prefill + (O - 1) /
 * decode(b) (the one joining prefills alone: the other is decoding), the
 * replica serves b / T(b) requests/s, and an accepted request waits for
 * the 16 ahead of it, 16 / b lanes' cycles: end to end T(b) (1 + 16 / b)
 * (less the arrival's offset after the departure that made room, about
 * 1 / rate). The aggregate mode's batch limit is min(8, 5,000 / 2,000)
 * = 2.5, its occupancy 2.5 / 8. */
static void kv_run(const char *mode, double kv, struct run_kpis *k)
{
	char json[2048], extra[128] = "";
	if (kv > 0)
		snprintf(extra, sizeof extra, "\"kv_cache_tokens\": %g,", kv);
	snprintf(json, sizeof json,
		 "{ \"duration_h\": 10, \"warmup_h\": 1,"
		 "  \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
		 "  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.2 },"
		 "  \"workload\": { \"services\": [ { \"name\": \"kv\", \"profile\": \"llama3.1-8b_h100\","
		 "    \"mode\": \"%s\", \"max_batch\": 8, %s \"rate_per_s\": 5, \"queue_limit\": 16,"
		 "    \"tokens\": \"constant\", \"prompt_tokens_mean\": 1000,"
		 "    \"output_tokens_mean\": 1000 } ] } }", mode, extra);
	struct scenario sc;
	struct run_result res;
	run_json(json, &sc, &res);
	*k = res.kpis;
	run_result_fini(&res);
	scenario_fini(&sc);
}

static void test_kv_cache_budget(void **state)
{
	(void)state;
	const struct inference_profile *p = inference_profile_at(0);
	struct inference_rates rates;
	assert_int_equal(inference_rates_init(&rates, p), 0);
	double t2 = 1000 / p->prefill_tps + 999 / inference_decode_tps(&rates, 2);
	double t8 = 1000 / p->prefill_tps + 999 / inference_decode_tps(&rates, 8);
	double t25 = 1000 / p->prefill_tps + 999 / inference_decode_tps(&rates, 2.5);
	inference_rates_fini(&rates);
	/* the default budget: (80 GB x 0.9 - 16.1 GB) / 131,072 bytes a token */
	assert_true(inference_kv_bytes_per_token(p) == 131072.0);
	assert_true(inference_kv_tokens(p, 80.0) == 426483.0);
	assert_true(inference_kv_tokens(inference_profile_at(1), 80.0) == 18310.0);
	struct run_kpis bound, free_, agg;
	kv_run("request", 5000, &bound);
	kv_run("request", 0, &free_);
	kv_run("aggregate", 5000, &agg);
	double window = 9 * 3600.0;
	printf("  KV cache of 5,000 tokens: occupancy %.4f (2 of 8), served %llu (hand %.0f), e2e "
	       "mean %.2f s (hand %.2f); without: occupancy %.4f, served %llu (hand %.0f), e2e "
	       "mean %.2f s (hand %.2f); aggregate: occupancy %.4f (2.5 of 8), served %llu (hand "
	       "%.0f)\n", bound.inference_batch_occupancy,
	       (unsigned long long)bound.inference_served, 2 * window / t2,
	       bound.inference_e2e_mean_s, t2 * (1 + 16 / 2.0) - 0.2, free_.inference_batch_occupancy,
	       (unsigned long long)free_.inference_served, 8 * window / t8, free_.inference_e2e_mean_s,
	       t8 * (1 + 16 / 8.0) - 0.2, agg.inference_batch_occupancy,
	       (unsigned long long)agg.inference_served, 2.5 * window / t25);
	assert_rel(bound.inference_batch_occupancy, 2.0 / 8, 0.005);
	assert_rel((double)bound.inference_served, 2 * window / t2, 0.01);
	assert_rel(bound.inference_e2e_mean_s, t2 * (1 + 16 / 2.0) - 0.2, 0.02);
	assert_rel(free_.inference_batch_occupancy, 1.0, 0.005);
	assert_rel((double)free_.inference_served, 8 * window / t8, 0.01);
	assert_rel(free_.inference_e2e_mean_s, t8 * (1 + 16 / 8.0) - 0.2, 0.02);
	assert_rel(agg.inference_batch_occupancy, 2.5 / 8, 0.005);
	assert_rel((double)agg.inference_served, 2.5 * window / t25, 0.01);
}

static void test_bad_input(void **state)
{
	(void)state;
	struct {
		const char *svc, *a, *b;
	} cases[] = {
		{ "{ \"name\": \"x\", \"profile\": \"llama3.1-8b_a100\", \"rate_per_s\": 1 }",
		  "services[0].profile", "measured on a100_sxm_80gb" },
		{ "{ \"name\": \"x\", \"profile\": \"llama3.1-8b_h100\", \"rate_per_s\": 1,"
		  "  \"replicas\": 9 }", "workload.services", "need 9 GPUs" },
		{ "{ \"name\": \"x\", \"profile\": \"llama3.1-8b_h100\", \"rate_per_s\": 1,"
		  "  \"hourly_profile\": [1, 2] }", "services[0].hourly_profile", "24 multipliers" },
		{ "{ \"name\": \"x\", \"profile\": \"llama3.1-8b_h100\", \"rate_per_s\": 1,"
		  "  \"tokens\": \"constant\", \"output_tokens_sigma\": 1 }",
		  "output_tokens_sigma", "not used by the constant" },
		{ "{ \"name\": \"x\", \"profile\": \"gpt5\", \"rate_per_s\": 1 }",
		  "services[0].profile", "llama3.1-8b_h100" },
		{ "{ \"name\": \"x\", \"profile\": \"llama3.1-8b_h100\" }", "rate_per_s", "required" },
		{ "{ \"name\": \"x\", \"profile\": \"llama3.1-8b_h100\", \"rate_per_s\": 1 },"
		  "{ \"name\": \"x\", \"profile\": \"llama3.1-8b_h100\", \"rate_per_s\": 1 }",
		  "services[1].name", "also the name" },
		{ "{ \"name\": \"x\", \"profile\": \"llama3.1-8b_h100\", \"arrivals\": \"trace\","
		  "  \"trace_file\": \"scenarios/traces/AzureLLMInferenceTrace_conv.csv\","
		  "  \"rate_per_s\": 1 }", "services[0].rate_per_s", "not used with trace" },
		{ "{ \"name\": \"x\", \"profile\": \"llama3.1-8b_h100\", \"arrivals\": \"trace\","
		  "  \"trace_file\": \"scenarios/traces/philly_runtime.csv\" }",
		  "services[0].trace_file", "line 1: no column" },
		{ "{ \"name\": \"x\", \"profile\": \"llama3.1-8b_h100\", \"arrivals\": \"trace\" }",
		  "services[0].trace_file", "required" },
		{ "{ \"name\": \"x\", \"profile\": \"llama3.1-8b_h100\", \"rate_per_s\": 1,"
		  "  \"autoscale\": { \"min_replicas\": 3, \"max_replicas\": 2,"
		  "  \"target_utilization\": 0.5 } }", "autoscale.max_replicas", "below min_replicas" },
		{ "{ \"name\": \"x\", \"profile\": \"llama3.1-8b_h100\", \"rate_per_s\": 1,"
		  "  \"autoscale\": { \"min_replicas\": 1, \"max_replicas\": 9,"
		  "  \"target_utilization\": 0.5 } }", "autoscale.max_replicas", "need 9 GPUs" },
		{ "{ \"name\": \"x\", \"profile\": \"llama3.1-8b_h100\", \"rate_per_s\": 1,"
		  "  \"replicas\": 2, \"autoscale\": { \"min_replicas\": 1, \"max_replicas\": 2,"
		  "  \"target_utilization\": 0.5 } }", "services[0].replicas", "not used with autoscale" },
		{ "{ \"name\": \"chat,1\", \"profile\": \"llama3.1-8b_h100\", \"rate_per_s\": 1 }",
		  "services[0].name", "letters, digits" },
		{ "{ \"name\": \"a234567890123456789012345678901234567890123456789012345678901234\","
		  "  \"profile\": \"llama3.1-8b_h100\", \"rate_per_s\": 1 }",
		  "services[0].name", "at most 63" },
		{ "{ \"name\": \"x\", \"profile\": \"llama3.1-8b_h100\", \"rate_per_s\": 1,"
		  "  \"kv_cache_tokens\": 1000 }", "services[0].kv_cache_tokens",
		  "less than one mean request's prompt + output (1365.8 tokens)" },
		{ "{ \"name\": \"x\", \"profile\": \"llama3.1-8b_h100\", \"arrivals\": \"trace\","
		  "  \"trace_file\": \"scenarios/traces/AzureLLMInferenceTrace_conv.csv\","
		  "  \"kv_cache_tokens\": 1000 }", "services[0].kv_cache_tokens", "in the trace" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char json[2048];
		snprintf(json, sizeof json, BASE, 1.0, 0.0, "", "", cases[i].svc);
		struct scenario sc;
		struct diag d;
		if (load_text(json, NULL, 0, &sc, &d) == 0)
			fail_msg("loaded: %s", cases[i].svc);
		if (!diag_has(&d, cases[i].a, cases[i].b, NULL)) {
			print_diag(&d);
			fail_msg("no \"%s\" with \"%s\" for %s", cases[i].a, cases[i].b, cases[i].svc);
		}
		diag_fini(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mm1),
		cmocka_unit_test(test_energy_is_the_gpus),
		cmocka_unit_test(test_per_service_series),
		cmocka_unit_test(test_cap_slows_tokens),
		cmocka_unit_test(test_node_cap_holds_replicas),
		cmocka_unit_test(test_drops_and_sharing),
		cmocka_unit_test(test_trace_replay),
		cmocka_unit_test(test_autoscale),
		cmocka_unit_test(test_aggregate_cross_check),
		cmocka_unit_test(test_aggregate_groups),
		cmocka_unit_test(test_kv_cache_budget),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
