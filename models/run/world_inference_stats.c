/*
 * world_inference_stats.c - the window's figures per service and for the
 * fleet (exact percentiles from the request-level samples, or from the
 * histograms when an aggregate service is among them), the KPIs, the
 * services' rows and the request log's unfinished requests.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "world_inference_int.h"

/* The q-quantile of s (sorted), NaN when empty. */
static double quantile(const struct samples *s, double q)
{
	return s->n ? gsl_stats_quantile_from_sorted_data(s->v, 1, s->n, q) : (double)NAN;
}

/* The samples of one kind (at offset off in struct service) of services
 * [from, to), sorted, into out (malloc'd). */
static int pooled(const struct inference_state *st, int from, int to, size_t off,
		  struct samples *out)
{
	size_t n = 0;
	for (int i = from; i < to; i++)
		n += ((const struct samples *)((const char *)&st->sv[i] + off))->n;
	out->n = 0;
	out->v = malloc((n ? n : 1) * sizeof *out->v);
	if (!out->v)
		return -1;
	for (int i = from; i < to; i++) {
		const struct samples *s = (const struct samples *)((const char *)&st->sv[i] + off);
		if (s->n > 0) /* a service that served none has no array (memcpy's NULL) */
			memcpy(out->v + out->n, s->v, s->n * sizeof *s->v);
		out->n += s->n;
	}
	gsl_sort(out->v, 1, out->n);
	return 0;
}

/* The latency figures of request-level services [from, to): exact. */
static int exact_stats(const struct inference_state *st, int from, int to,
		       struct service_record *rec)
{
	struct samples ttft, e2e, tbt;
	int rc = pooled(st, from, to, offsetof(struct service, ttft), &ttft);
	rc |= pooled(st, from, to, offsetof(struct service, e2e), &e2e);
	rc |= pooled(st, from, to, offsetof(struct service, tbt), &tbt);
	if (rc == 0) {
		rec->ttft_p50_s = quantile(&ttft, 0.50);
		rec->ttft_p95_s = quantile(&ttft, 0.95);
		rec->ttft_p99_s = quantile(&ttft, 0.99);
		rec->e2e_p50_s = quantile(&e2e, 0.50);
		rec->e2e_p95_s = quantile(&e2e, 0.95);
		rec->e2e_p99_s = quantile(&e2e, 0.99);
		rec->e2e_mean_s = e2e.n ? gsl_stats_mean(e2e.v, 1, e2e.n) : (double)NAN;
		rec->tbt_p99_s = quantile(&tbt, 0.99);
	}
	free(ttft.v);
	free(e2e.v);
	free(tbt.v);
	return rc;
}

/* The same with an aggregate service among them: every service's
 * latencies into one histogram each (a request-level one's exact samples
 * at weight 1), the percentiles from those (to the bins' 1%). */
static int hist_stats(const struct inference_state *st, int from, int to,
		      struct service_record *rec)
{
	struct latency_hist *h = calloc(3, sizeof *h);
	if (!h)
		return -1;
	for (int i = from; i < to; i++) {
		const struct service *sv = &st->sv[i];
		const struct latency_hist *src[3] = { sv->h_ttft, sv->h_e2e, sv->h_tbt };
		const struct samples *smp[3] = { &sv->ttft, &sv->e2e, &sv->tbt };
		for (int k = 0; k < 3; k++) {
			if (sv->agg) {
				for (int b = 0; b < LATENCY_BINS; b++)
					h[k].w[b] += src[k]->w[b];
				h[k].total += src[k]->total;
				h[k].sum += src[k]->sum;
			} else {
				for (size_t j = 0; j < smp[k]->n; j++)
					latency_hist_add(&h[k], smp[k]->v[j], 1.0);
			}
		}
	}
	rec->ttft_p50_s = latency_hist_quantile(&h[0], 0.50);
	rec->ttft_p95_s = latency_hist_quantile(&h[0], 0.95);
	rec->ttft_p99_s = latency_hist_quantile(&h[0], 0.99);
	rec->e2e_p50_s = latency_hist_quantile(&h[1], 0.50);
	rec->e2e_p95_s = latency_hist_quantile(&h[1], 0.95);
	rec->e2e_p99_s = latency_hist_quantile(&h[1], 0.99);
	rec->e2e_mean_s = h[1].total > 0 ? h[1].sum / h[1].total : (double)NAN;
	rec->tbt_p99_s = latency_hist_quantile(&h[2], 0.99);
	free(h);
	return 0;
}

/* The window's figures of services [from, to) (one, or the fleet) into
 * rec; carbon is the window's mean grid intensity (NaN without). */
static int window_stats(const struct inference_state *st, int from, int to, double window,
			double carbon, struct service_record *rec)
{
	double nan = (double)NAN;
	double window_h = window / (double)SIM_TICKS_PER_S / 3600.0, e = 0, seqs = 0, slots = 0;
	uint64_t met = 0;
	int any_slo = 0;
	for (int i = from; i < to; i++) {
		const struct service *sv = &st->sv[i];
		const struct service_spec *sp = sv->spec;
		rec->requests += sv->arrived_w;
		rec->served += sv->served_w;
		rec->dropped += sv->dropped_w;
		met += sv->slo_met_w;
		any_slo |= sp->slo_ttft_s > 0 || sp->slo_tbt_s > 0 || sp->slo_e2e_s > 0;
		rec->tokens_in += sv->tokens_in_w;
		rec->tokens_out += sv->tokens_out_w;
		e += meter_window(&sv->gpu_w);
		double held_h = meter_window(&sv->held) / (double)SIM_TICKS_PER_S / 3600.0;
		rec->replica_hours += held_h;
		rec->gpu_hours += held_h * sp->perf->gpus_per_replica;
		seqs += meter_window(&sv->seqs);
		slots += meter_window(&sv->active) * sp->max_batch;
		rec->scale_ups += sv->scale_ups_w;
		rec->scale_downs += sv->scale_downs_w;
		rec->scale_ups_blocked += sv->scale_blocked_w;
		rec->scale_ups_no_power += sv->power_blocked_w;
		rec->jobs_preempted += sv->preempted_w;
		rec->replica_failures += sv->failed_w;
		rec->requests_retried += sv->retried_w;
	}
	int any_agg = 0;
	for (int i = from; i < to; i++)
		any_agg |= st->sv[i].agg;
	int rc = any_agg ? hist_stats(st, from, to, rec)
			 : exact_stats(st, from, to, rec);
	uint64_t n = rec->served;
	double mwh = world_w_tick_to_mwh(e);
	double met_all = (double)met;
	for (int i = from; i < to; i++)
		met_all += st->sv[i].slo_met_wd;
	rec->slo_attainment = any_slo && n ? met_all / (double)n : nan;
	rec->replicas_mean = window_h > 0 ? rec->replica_hours / window_h : nan;
	rec->batch_occupancy = slots > 0 ? seqs / slots : nan;
	rec->gpu_energy_mwh = mwh;
	rec->j_per_token = rec->tokens_out > 0 ? mwh * 3.6e9 / rec->tokens_out : nan;
	rec->wh_per_request = n ? mwh * 1e6 / (double)n : nan;
	rec->g_co2_per_1k_requests = n ? carbon * mwh * 1e3 / (double)n * 1000.0 : nan;
	return rc;
}

static void copy_name(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

/* Each request still waiting or in service, for the request log. */
static int record_unfinished(struct world *w, struct inference_state *st)
{
	int rc = 0;
	for (int i = 0; i < st->n; i++) {
		struct service *sv = &st->sv[i];
		for (int q = sv->qhead; q >= 0 && rc == 0; q = st->req[q].next)
			rc = infer_record_request(w, sv, &st->req[q], REQUEST_WAITING, w->horizon);
		for (int k = 0; k < sv->n_rep; k++)
			for (int a = 0; a < sv->rep[k].n && rc == 0; a++)
				rc = infer_record_request(w, sv, &st->req[sv->rep[k].seq[a]],
						    REQUEST_IN_SERVICE, w->horizon);
	}
	return rc;
}

int infer_kpis(struct world *w, void *v, struct run_kpis *k, double window)
{
	struct inference_state *st = v;
	struct service_record fleet;
	memset(&fleet, 0, sizeof fleet);
	/* GRID comes before INFERENCE in RUN_SUBS: its mean intensity is filled */
	double carbon = k->carbon_mean_g_per_kwh;
	int rc = st->n ? window_stats(st, 0, st->n, window, carbon, &fleet) : 0;
	if (st->n == 0) {
#define SERVICE_NONE_NAME(f)
#define SERVICE_NONE_COUNT(f)
#define SERVICE_NONE_NUM(f) fleet.f = (double)NAN;
#define SERVICE_NONE(kind, f) SERVICE_NONE_##kind(f)
		SERVICE_COLUMNS(SERVICE_NONE)
#undef SERVICE_NONE
	}
	k->inference_requests = fleet.requests;
	k->inference_served = fleet.served;
	k->inference_dropped = fleet.dropped;
	k->inference_ttft_p50_s = fleet.ttft_p50_s;
	k->inference_ttft_p95_s = fleet.ttft_p95_s;
	k->inference_ttft_p99_s = fleet.ttft_p99_s;
	k->inference_e2e_p50_s = fleet.e2e_p50_s;
	k->inference_e2e_p95_s = fleet.e2e_p95_s;
	k->inference_e2e_p99_s = fleet.e2e_p99_s;
	k->inference_e2e_mean_s = fleet.e2e_mean_s;
	k->inference_tbt_p99_s = fleet.tbt_p99_s;
	k->inference_slo_attainment = fleet.slo_attainment;
	k->inference_tokens_in = fleet.tokens_in;
	k->inference_tokens_out = fleet.tokens_out;
	k->inference_replica_hours = fleet.replica_hours;
	k->inference_gpu_hours = fleet.gpu_hours;
	k->inference_replicas_mean = fleet.replicas_mean;
	k->inference_batch_occupancy = fleet.batch_occupancy;
	k->inference_scale_ups = fleet.scale_ups;
	k->inference_scale_downs = fleet.scale_downs;
	k->inference_scale_ups_blocked = fleet.scale_ups_blocked;
	k->inference_scale_ups_no_power = fleet.scale_ups_no_power;
	k->inference_jobs_preempted = fleet.jobs_preempted;
	k->inference_replica_failures = fleet.replica_failures;
	k->inference_requests_retried = fleet.requests_retried;
	k->inference_gpu_energy_mwh = fleet.gpu_energy_mwh;
	k->inference_j_per_token = fleet.j_per_token;
	k->inference_wh_per_request = fleet.wh_per_request;
	k->inference_g_co2_per_1k_requests = fleet.g_co2_per_1k_requests;
	if (st->n == 0 || rc != 0)
		return rc;
	struct service_record *recs = calloc((size_t)st->n, sizeof *recs);
	if (!recs)
		return -1;
	w->res->services = recs;
	w->res->n_services = (size_t)st->n;
	for (int i = 0; i < st->n && rc == 0; i++) {
		copy_name(recs[i].service, sizeof recs[i].service, st->sv[i].spec->name);
		copy_name(recs[i].profile, sizeof recs[i].profile, st->sv[i].spec->perf->name);
		rc = window_stats(st, i, i + 1, window, carbon, &recs[i]);
	}
	if (rc == 0 && w->sc->write_requests)
		rc = record_unfinished(w, st);
	return rc;
}
