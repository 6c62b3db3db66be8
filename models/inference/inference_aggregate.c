/*
 * inference_aggregate.c - the aggregate mode's steady state of a replica
 * and its latency histogram (inference_aggregate.h has the model).
 */
#include "inference_aggregate.h"

#include <math.h>

#define HIST_LO 1e-4
#define HIST_STEP 1.01 /* each bin 1% wider than the last */

/* Mean time in service at batch b (prefill mean time given). */
static double sojourn(const struct inference_rates *r, double b, double t_pre, double output,
		      double speed)
{
	double d = speed * inference_decode_tps(r, b < 1 ? 1 : b);
	return t_pre + (output > 1 ? output - 1 : 0) / d;
}

void inference_aggregate_solve(const struct inference_rates *r, int max_batch, double lambda,
			       double prompt, double output, double speed,
			       struct aggregate_point *out)
{
	double pre = speed * r->p->prefill_tps;
	double rho = lambda * prompt / pre;
	out->saturated = 0;
	if (!(lambda > 0)) {
		out->batch = 0;
		out->pre_scale = 1.0 / pre;
		out->t_pre_s = prompt / pre;
		out->tpot_s = 1.0 / (speed * inference_decode_tps(r, 1));
		out->served_ps = 0;
		return;
	}
	double t_pre = rho < 0.999 ? prompt / pre / (1 - rho) : prompt / pre / 0.001;
	/* the smallest b with lambda T(b) = b: f(b) = lambda T(b) - b starts
	 * positive; T grows faster than b where decode falls steeply, so f may
	 * turn positive again below max_batch (an unstable root): scan, then
	 * bisect the first crossing */
	double lo = 0, hi = -1;
	const int scan = 256;
	for (int i = 1; i <= scan && rho < 0.999; i++) {
		double b = (double)max_batch * i / scan;
		if (lambda * sojourn(r, b, t_pre, output, speed) <= b) {
			hi = b;
			break;
		}
		lo = b;
	}
	if (hi < 0) {
		/* saturated: a full batch; prefill at its share of the replica */
		double full = sojourn(r, max_batch, t_pre, output, speed);
		out->saturated = 1;
		out->batch = max_batch;
		out->served_ps = max_batch / full;
		if (rho >= 0.999)
			out->served_ps = fmin(out->served_ps, 0.999 * pre / prompt);
	} else {
		for (int i = 0; i < 50; i++) {
			double mid = 0.5 * (lo + hi);
			if (lambda * sojourn(r, mid, t_pre, output, speed) > mid)
				lo = mid;
			else
				hi = mid;
		}
		out->batch = 0.5 * (lo + hi);
		out->served_ps = lambda;
	}
	out->pre_scale = t_pre / prompt;
	out->t_pre_s = t_pre;
	out->tpot_s = 1.0 / (speed * inference_decode_tps(r, out->batch < 1 ? 1 : out->batch));
}

static int bin_of(double x)
{
	if (!(x > HIST_LO))
		return 0;
	int b = (int)(log(x / HIST_LO) / log(HIST_STEP)) + 1;
	return b < LATENCY_BINS ? b : LATENCY_BINS - 1;
}

/* Bin b's upper edge (bin 0: up to HIST_LO). */
static double edge(int b)
{
	return HIST_LO * pow(HIST_STEP, b);
}

void latency_hist_add(struct latency_hist *h, double x, double weight)
{
	h->w[bin_of(x)] += weight;
	h->total += weight;
	h->sum += weight * x;
}

double latency_hist_quantile(const struct latency_hist *h, double q)
{
	if (!(h->total > 0))
		return NAN;
	double target = q * h->total, c = 0;
	for (int b = 0; b < LATENCY_BINS; b++) {
		if (c + h->w[b] >= target && h->w[b] > 0) {
			double lo = b ? edge(b - 1) : 0, hi = edge(b);
			return lo + (hi - lo) * (target - c) / h->w[b];
		}
		c += h->w[b];
	}
	return edge(LATENCY_BINS - 1);
}

double latency_hist_below(const struct latency_hist *h, double x)
{
	double c = 0;
	int last = bin_of(x);
	for (int b = 0; b < last; b++)
		c += h->w[b];
	return c;
}
