/*
 * inference_aggregate.h - a replica's steady state at an arrival rate, for
 * the aggregate mode (arrivals per interval instead of per request), and
 * a log-binned latency histogram for its percentiles.
 *
 * The steady state is mean-field: every serving replica holds the same
 * mean batch b. Prefill is processor sharing of the replica's prefill
 * rate: a prompt of P tokens takes P / prefill_tps / (1 - rho_pre), rho_pre
 * = lambda P / prefill_tps (M/G/1-PS's mean sojourn). Decode takes
 * (O - 1) / decode_tps(b). Little's law closes it: b = lambda x (T_pre +
 * T_dec(b)), its smallest root on [0, max_batch] (the stable one: where
 * decode falls steeply there may be a second, unstable root), found by a
 * scan and bisection. Without a root, or rho_pre >= 1, the replica is
 * saturated: it serves
 * max_batch / (T_pre + T_dec(max_batch)) requests/s and the rest wait.
 * Rates are times speed (the cap's). No run state.
 */
#ifndef DCSIM_INFERENCE_AGGREGATE_H
#define DCSIM_INFERENCE_AGGREGATE_H

#include <stddef.h>

#include "inference.h"

struct aggregate_point {
	double batch;      /* mean sequences held per replica */
	double t_pre_s;    /* mean prefill time of a mean prompt */
	double pre_scale;  /* prefill s per prompt token, queueing included */
	double tpot_s;     /* decode s per output token */
	double served_ps;  /* requests/s one replica serves (lambda, or its capacity) */
	int saturated;
};

/* The steady state of one replica at lambda requests/s (>= 0) with mean
 * prompt and output tokens, batches up to max_batch, at speed (0, 1]. */
void inference_aggregate_solve(const struct inference_rates *r, int max_batch, double lambda,
			       double prompt, double output, double speed,
			       struct aggregate_point *out);

/* Latencies from 0.1 ms to 1e6 s in bins 1% wide (log), weighted. */
#define LATENCY_BINS 1700
struct latency_hist {
	double w[LATENCY_BINS];
	double total, sum; /* weight, and weight x value (for the mean) */
};

void latency_hist_add(struct latency_hist *h, double x, double weight);
/* The q-quantile (linear within a bin), NaN when empty. */
double latency_hist_quantile(const struct latency_hist *h, double q);
/* The weight at or below x. */
double latency_hist_below(const struct latency_hist *h, double x);

#endif
