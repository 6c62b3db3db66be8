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
		struct replica *first = NULL;
		for (int k = 0; k < sv->n_rep && !first; k++)
			if (sv->rep[k].state == REP_ACTIVE)
				first = &sv->rep[k];
		/* the batch sets the draw, the draw under a cap the speed: a few rounds */
		for (int it = 0; it < 4; it++) {
			inference_aggregate_solve(&sv->rates, sp->max_batch, (double)d / span / n,
						  prompt, output, speed, &pt);
			double want = gpu_power_want_w(&w->gpu, pt.batch / sp->max_batch), draw;
			gpu_power_under_cap(&w->gpu, want, infer_cap_of(w, first), &draw, &speed);
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
	/* latency of the step's served: the fluid queue's mean wait, then
	 * prefill and decode at the step's batch */
	if (measured && served > 0) {
		double wait = old + sv->backlog > 0 ? 0.5 * (double)(old + sv->backlog) /
							      ((double)served / span) : 0;
		latency_hist_add(sv->h_tbt, pt.tpot_s, (double)served);
		if (sp->arrivals == SERVICE_TRACE) {
			const struct request_trace *tr = sp->trace;
			for (size_t j = row0; j < sv->next_row; j++) {
				double ttft = wait + tr->prompt[j] * pt.pre_scale;
				double e2e = ttft + fmax(0, tr->output[j] - 1) * pt.tpot_s;
				agg_point(sv, ttft, e2e, pt.tpot_s, (double)served / (double)(sv->next_row - row0 ? sv->next_row - row0 : 1));
			}
			if (sv->next_row == row0) /* backlog only */
				agg_point(sv, wait + pt.t_pre_s, wait + pt.t_pre_s +
					  fmax(0, d_out / d - 1) * pt.tpot_s, pt.tpot_s, (double)served);
		} else {
			double wt = (double)served / AGG_POINTS;
			for (int k = 0; k < AGG_POINTS; k++) {
				double ttft = wait + sv->q_prompt[k] * pt.pre_scale;
				double e2e = wait + pt.t_pre_s + (sv->q_output[k] - 1) * pt.tpot_s;
				agg_point(sv, ttft, e2e, pt.tpot_s, wt);
			}
		}
	}
	/* power and meters for the step */
	sv->agg_b = n > 0 && served > 0 ? pt.batch : 0;
	for (int k = 0; k < sv->n_rep; k++)
		if (sv->rep[k].state == REP_ACTIVE)
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
	sv->h_ttft = calloc(1, sizeof *sv->h_ttft);
	sv->h_e2e = calloc(1, sizeof *sv->h_e2e);
	sv->h_tbt = calloc(1, sizeof *sv->h_tbt);
	sv->q_prompt = malloc(AGG_POINTS * sizeof *sv->q_prompt);
	sv->q_output = malloc(AGG_POINTS * sizeof *sv->q_output);
	if (!sv->h_ttft || !sv->h_e2e || !sv->h_tbt || !sv->q_prompt || !sv->q_output)
		return -1;
	for (int k = 0; k < AGG_POINTS; k++) {
		double p = (k + 0.5) / AGG_POINTS;
		sv->q_prompt[k] = token_quantile(sp->tokens, sp->prompt_tokens_mean,
						 sp->prompt_tokens_sigma, p);
		sv->q_output[k] = token_quantile(sp->tokens, sp->output_tokens_mean,
						 sp->output_tokens_sigma, p);
	}
	sim_at(w->sim, 0, on_step, w, index);
	return sim_failed(w->sim) ? -1 : 0;
}
