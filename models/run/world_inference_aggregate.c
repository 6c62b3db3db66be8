/*
 * world_inference_aggregate.c - the aggregate mode: arrivals taken per
 * step, served by the batched-server approximation of
 * models/inference/inference_aggregate.c, the step's latencies as
 * weighted points in the service's histograms.
 */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "world_inference_int.h"

#define AGG_POINTS 200 /* latency points per step, at these token quantiles */
#define AGG_TTFT_STRIDE 4 /* TTFT from every fourth prompt quantile, times the wait's points */
/* The prefill queue's load is held below this for its wait: past it the
 * replica is saturated and the backlog waits in the fluid queue. */
#define AGG_RHO_MAX 0.95

/* The token count at probability p of the service's distribution. */
static double token_quantile(enum service_tokens kind, double mean, double sigma, double p)
{
	switch (kind) {
	case TOKENS_EXPONENTIAL: /* geometric on 1, 2, ...: P(X <= k) = 1 - (1 - 1/m)^k */
		return mean > 1 ? fmax(1.0, ceil(log1p(-p) / log1p(-1.0 / mean))) : 1.0;
	case TOKENS_CONSTANT:
		return fmax(1.0, round(mean));
	default:
		return fmax(1.0, round(gsl_cdf_lognormal_Pinv(p, log(mean) - sigma * sigma / 2.0,
							      sigma)));
	}
}

/* rep's GPUs at utilization u now (no settle: the caller settles once). */
static void set_draw(struct world *w, struct service *sv, struct replica *rep, double u,
		     sim_time now)
{
	double want = gpu_power_want_w(&w->gpu, u), draw, speed;
	gpu_power_under_cap(&w->gpu, want, infer_cap_of(w, rep), &draw, &speed);
	double host = facility_host_w(&w->fac, u);
	rep->speed = speed;
	if (draw == rep->gpu_w && host == rep->host_w)
		return;
	infer_advance(infer_state(w), sv, rep, now);
	infer_move_draw(w, sv, rep, draw, host, now);
}

/* Serving replicas not in a group join their zone's, moving to its draw
 * (after it moved: a replica's draw goes straight to the step's). */
static int join_new(struct world *w, struct service *sv, sim_time now)
{
	if (sv->n_grouped == sv->n_active)
		return 0;
	for (int k = 0; k < sv->rep_hi; k++) {
		struct replica *rep = &sv->rep[k];
		if (rep->state == REP_ACTIVE && !rep->grp && infer_group_join(w, sv, rep, now) < 0)
			return -1;
	}
	return 0;
}

/* One latency point of weight wt: TTFT, end to end, and its targets. */
static void agg_point(struct service *sv, double ttft, double e2e, double tbt, double wt)
{
	const struct service_spec *sp = sv->spec;
	latency_hist_add(sv->h_ttft, ttft, wt);
	latency_hist_add(sv->h_e2e, e2e, wt);
	if ((!(sp->slo_ttft_s > 0) || ttft <= sp->slo_ttft_s) &&
	    (!(sp->slo_tbt_s > 0) || tbt <= sp->slo_tbt_s) &&
	    (!(sp->slo_e2e_s > 0) || e2e <= sp->slo_e2e_s))
		sv->slo_met_wd += wt;
}

/* The mean batch a replica can hold: max_batch, or fewer when its KV
 * cache holds fewer sequences of the step's mean prompt + output tokens
 * (each reserves both at admission, as at the request level), at least
 * one (a mean sequence larger than the cache is served alone). */
static double batch_limit(const struct service_spec *sp, double prompt, double output)
{
	return fmax(1.0, fmin((double)sp->max_batch, sp->kv_cache_tokens / (prompt + output)));
}

/* E[min(P, x)^2] over the n prompts p (tokens^2). */
static double min_sq_mean(const double *p, size_t n, double x)
{
	double s = 0;
	for (size_t i = 0; i < n; i++) {
		double m = p[i] < x ? p[i] : x;
		s += m * m;
	}
	return n ? s / (double)n : x * x;
}

/*
 * The latencies of a step's served requests, as weighted points. Each
 * waits the fluid queue's mean (the backlog, half before and half after
 * the step, over the step's throughput), then takes its prefill time
 * among the replica's other prompts (inference_prefill_time: an atom and
 * twelve bands, from the step's prompts per replica): that is its TTFT;
 * end to end adds its output tokens less one at the step's decode time
 * per token. A trace gives one prompt and output per row, paired, and SLO
 * attainment is counted on those points. Poisson arrivals give TTFT
 * points at every fourth of the prompt quantiles, and end-to-end points at
 * the output quantiles with the mean prompt's mean prefill time; their
 * SLO attainment is the smallest of the shares within each target (the
 * targets met together as far as they can be: TTFT and end to end rise
 * together).
 */
static void step_latencies(struct service *sv, const struct aggregate_point *pt, size_t row0,
			   double served, double span, double backlog, double prompt, double output)
{
	const struct service_spec *sp = sv->spec;
	double wait = backlog > 0 ? 0.5 * backlog / (served / span) : 0;
	double pre = pt->prefill_tps, lambda = pt->served_ps, es = prompt / pre;
	size_t rows = sv->next_row - row0;
	struct prefill_time pf;
	latency_hist_add(sv->h_tbt, pt->tpot_s, served);
	if (sp->arrivals == SERVICE_TRACE) {
		const struct request_trace *tr = sp->trace;
		const double *ps = rows ? &tr->prompt[row0] : &prompt;
		size_t n = rows ? rows : 1; /* no row: the backlog's mean request */
		for (size_t j = 0; j < n; j++) {
			double p = ps[j], o = rows ? tr->output[row0 + j] : output;
			double dec = fmax(0, o - 1) * pt->tpot_s;
			inference_prefill_time(lambda, es, p / pre, min_sq_mean(ps, n, p) / (pre * pre),
					       AGG_RHO_MAX, &pf);
			for (int b = 0; b < WAIT_POINTS; b++)
				agg_point(sv, wait + pf.t[b], wait + pf.t[b] + dec, pt->tpot_s,
					  served / (double)n * pf.w[b]);
		}
		return;
	}
	double ok_ttft = 0, ok_e2e = 0, wt = served / AGG_POINTS;
	for (int k = 0; k < AGG_POINTS; k += AGG_TTFT_STRIDE) {
		double x = sv->q_prompt[k];
		inference_prefill_time(lambda, es, x / pre, sv->q_min_sq[k / AGG_TTFT_STRIDE] / (pre * pre),
				       AGG_RHO_MAX, &pf);
		for (int b = 0; b < WAIT_POINTS; b++) {
			double ttft = wait + pf.t[b], m = wt * AGG_TTFT_STRIDE * pf.w[b];
			latency_hist_add(sv->h_ttft, ttft, m);
			ok_ttft += !(sp->slo_ttft_s > 0) || ttft <= sp->slo_ttft_s ? m : 0;
		}
	}
	double t_pre = es / (1.0 - fmin(lambda * es, AGG_RHO_MAX)); /* PS's mean */
	for (int k = 0; k < AGG_POINTS; k++) {
		double e2e = wait + t_pre + (sv->q_output[k] - 1) * pt->tpot_s;
		latency_hist_add(sv->h_e2e, e2e, wt);
		ok_e2e += !(sp->slo_e2e_s > 0) || e2e <= sp->slo_e2e_s ? wt : 0;
	}
	double ok_tbt = !(sp->slo_tbt_s > 0) || pt->tpot_s <= sp->slo_tbt_s ? served : 0;
	sv->slo_met_wd += fmin(ok_tbt, fmin(ok_ttft, ok_e2e));
}

/* The step's requests: the trace's rows in [now, end), or a Poisson draw
 * of the rate's integral; their token sums. */
static uint64_t agg_arrivals(struct world *w, struct service *sv, sim_time now, sim_time end,
			     size_t *row0, double *in, double *out)
{
	(void)w;
	const struct service_spec *sp = sv->spec;
	*row0 = sv->next_row;
	*in = *out = 0;
	if (sp->arrivals == SERVICE_TRACE) {
		const struct request_trace *tr = sp->trace;
		uint64_t a = 0;
		while (sv->next_row < tr->n && clock_from_s(tr->t_s[sv->next_row]) < end) {
			*in += tr->prompt[sv->next_row];
			*out += tr->output[sv->next_row];
			sv->next_row++;
			a++;
		}
		return a;
	}
	double mean = infer_rate_at(sp, now) * clock_to_s(end - now);
	uint64_t a = mean > 0 ? gsl_ran_poisson(sv->arrivals, mean) : 0;
	*in = (double)a * sp->prompt_tokens_mean;
	*out = (double)a * sp->output_tokens_mean;
	return a;
}

static void on_step(struct sim *s, void *ctx, uint64_t arg)
{
	struct world *w = ctx;
	struct inference_state *st = infer_state(w);
	struct service *sv = &st->sv[arg];
	const struct service_spec *sp = sv->spec;
	sim_time now = sim_now(s), end = now + clock_from_s(sp->step_s);
	if (end > w->horizon)
		end = w->horizon;
	double span = clock_to_s(end - now);
	int measured = now >= w->warmup;
	infer_groups_advance(sv, now); /* the last step's energy, at its batch */
	size_t row0;
	double in, out;
	uint64_t a = agg_arrivals(w, sv, now, end, &row0, &in, &out);
	sv->arrived += a;
	sv->arrived_w += measured ? a : 0;
	uint64_t d = sv->backlog + a;
	double d_in = sv->backlog_in + in, d_out = sv->backlog_out + out;
	int n = sv->n_active;
	struct aggregate_point pt = { 0 };
	uint64_t served = 0;
	if (n > 0 && d > 0) {
		double prompt = d_in / d, output = d_out / d, speed = 1.0;
		double b_max = batch_limit(sp, prompt, output);
		struct replica *first = NULL;
		for (int k = 0; k < sv->rep_hi && !first; k++)
			if (sv->rep[k].state == REP_ACTIVE)
				first = &sv->rep[k];
		/* the batch sets the draw, the draw under a cap the speed: a few rounds */
		for (int it = 0; it < 4; it++) {
			inference_aggregate_solve(&sv->rates, b_max, (double)d / span / n,
						  prompt, output, speed, &pt);
			double want = gpu_power_want_w(&w->gpu, pt.batch / sp->max_batch), draw;
			double was = speed;
			gpu_power_under_cap(&w->gpu, want, infer_cap_of(w, first), &draw, &speed);
			if (speed == was) /* uncapped, or agreed: the next rounds repeat this one */
				break;
		}
		double cap = pt.served_ps * n * span + sv->carry;
		served = pt.saturated ? (uint64_t)fmin((double)d, floor(cap)) : d;
		sv->carry = pt.saturated ? cap - (double)served : 0;
	}
	uint64_t left = d - served, old = sv->backlog;
	uint64_t dropped = sp->queue_limit > 0 && left > (uint64_t)sp->queue_limit
				   ? left - (uint64_t)sp->queue_limit : 0;
	double share = d ? (double)served / (double)d : 0, keep = d ? (double)(left - dropped) / (double)d : 0;
	sv->served += served;
	sv->dropped += dropped;
	sv->backlog = left - dropped;
	if (measured) {
		sv->served_w += served;
		sv->dropped_w += dropped;
		sv->tokens_in_w += share * d_in;
		sv->tokens_out_w += share * d_out;
	}
	sv->backlog_in = keep * d_in;
	sv->backlog_out = keep * d_out;
	if (measured && served > 0)
		step_latencies(sv, &pt, row0, (double)served, span, (double)(old + sv->backlog),
			       d_in / (double)d, d_out / (double)d);
	/* power and meters for the step: the groups, then any replica alone */
	sv->agg_b = n > 0 && served > 0 ? pt.batch : 0;
	infer_groups_draw(w, sv, sv->agg_b / sp->max_batch, now);
	if (join_new(w, sv, now) != 0) { /* the replicas serving since the last step */
		world_fail_oom(w);
		return;
	}
	if (sv->n_grouped < n)
		for (int k = 0; k < sv->rep_hi; k++)
			if (sv->rep[k].state == REP_ACTIVE && !sv->rep[k].grp)
				set_draw(w, sv, &sv->rep[k], sv->agg_b / sp->max_batch, now);
	meter_set(&sv->seqs, now, sv->agg_b * n);
	meter_set(&sv->waiting, now, (double)sv->backlog);
	world_power_changed(w, now);
	if (end < w->horizon)
		sim_at(w->sim, end, on_step, w, arg);
}

int infer_aggregate_init(struct world *w, struct service *sv, size_t index)
{
	const struct service_spec *sp = sv->spec;
	sv->agg = 1;
	if (infer_groups_init(w, sv) != 0)
		return -1;
	sv->h_ttft = calloc(1, sizeof *sv->h_ttft);
	sv->h_e2e = calloc(1, sizeof *sv->h_e2e);
	sv->h_tbt = calloc(1, sizeof *sv->h_tbt);
	sv->q_prompt = malloc(AGG_POINTS * sizeof *sv->q_prompt);
	sv->q_output = malloc(AGG_POINTS * sizeof *sv->q_output);
	sv->q_min_sq = malloc(AGG_POINTS / AGG_TTFT_STRIDE * sizeof *sv->q_min_sq);
	if (!sv->h_ttft || !sv->h_e2e || !sv->h_tbt || !sv->q_prompt || !sv->q_output ||
	    !sv->q_min_sq)
		return -1;
	for (int k = 0; k < AGG_POINTS; k++) {
		double p = (k + 0.5) / AGG_POINTS;
		sv->q_prompt[k] = token_quantile(sp->tokens, sp->prompt_tokens_mean,
						 sp->prompt_tokens_sigma, p);
		sv->q_output[k] = token_quantile(sp->tokens, sp->output_tokens_mean,
						 sp->output_tokens_sigma, p);
	}
	for (int k = 0; k < AGG_POINTS; k += AGG_TTFT_STRIDE)
		sv->q_min_sq[k / AGG_TTFT_STRIDE] = min_sq_mean(sv->q_prompt, AGG_POINTS,
							       sv->q_prompt[k]);
	sim_at(w->sim, 0, on_step, w, index);
	return sim_failed(w->sim) ? -1 : 0;
}
