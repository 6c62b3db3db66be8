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

void inference_aggregate_solve(const struct inference_rates *r, double max_batch, double lambda,
			       double prompt, double output, double speed,
			       struct aggregate_point *out)
{
	double pre = speed * r->p->prefill_tps;
	double rho = lambda * prompt / pre;
	out->saturated = 0;
	out->prefill_tps = pre;
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
		double b = max_batch * i / scan;
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

/*
 * The conditional part in bands of survival probability, each one point
 * at its middle's survival: finer in the tail, where a p99 of the mixture
 * falls (at a conditional survival of 0.01 / P(C > 0)), down to 0.002.
 * The lognormal's quantiles are exp(mu + sigma z), z the standard normal
 * quantile of the band's middle (gsl_cdf_ugaussian_Qinv of it, tabled:
 * this runs for every latency point of every step).
 */
static const double band_edge[WAIT_POINTS] = { 1.0, 0.8, 0.6, 0.4, 0.25, 0.15, 0.08, 0.04,
						0.02, 0.01, 0.005, 0.002, 0.0 };
static const double band_z[WAIT_POINTS - 1] = { -1.281552, -0.524401, 0.000000, 0.453762,
						0.841621, 1.200359, 1.554774, 1.880794,
						2.170090, 2.432379, 2.696844, 3.090232 };

void inference_prefill_time(double lambda, double es, double x, double emin2, double rho_max,
			    struct prefill_time *out)
{
	double rho = fmin(lambda * es, rho_max);
	double mean = rho * x / (1.0 - rho), var = lambda * x / (1.0 - rho) * emin2;
	double p0 = (1.0 - rho) * exp(-lambda * x);
	out->t[0] = x;
	out->w[0] = p0;
	double m1 = p0 < 1 ? mean / (1.0 - p0) : 0, m2 = p0 < 1 ? (var + mean * mean) / (1.0 - p0) : 0;
	double s2 = m1 > 0 && m2 > m1 * m1 ? log(m2 / (m1 * m1)) : 0, mu = m1 > 0 ? log(m1) - s2 / 2 : 0;
	double sd = sqrt(s2);
	for (int b = 1; b < WAIT_POINTS; b++) {
		out->t[b] = x + (m1 > 0 ? exp(mu + sd * band_z[b - 1]) : 0);
		out->w[b] = (1.0 - p0) * (band_edge[b - 1] - band_edge[b]);
	}
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
