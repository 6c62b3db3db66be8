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
 * Rates are times speed (the cap's). A request's prefill time, for TTFT
 * percentiles, is a distribution around that mean (inference_prefill_time
 * below). No run state.
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
	double prefill_tps; /* the replica's prefill rate at its speed */
	double served_ps;  /* requests/s one replica serves (lambda, or its capacity) */
	int saturated;
};

/* The steady state of one replica at lambda requests/s (>= 0) with mean
 * prompt and output tokens, batches up to max_batch (>= 1; not a whole
 * number when a KV-cache budget sets it), at speed (0, 1]. */
void inference_aggregate_solve(const struct inference_rates *r, double max_batch, double lambda,
			       double prompt, double output, double speed,
			       struct aggregate_point *out);

/*
 * The prefill time of a request, for the aggregate mode's TTFT
 * percentiles. A replica's prefill is shared among the prompts in it
 * (processor sharing, as the request level serves it; DistServe, Zhong
 * et al. OSDI 2024, and Vidur, Agrawal et al. MLSys 2024, treat a
 * replica's prefill as a queue of its own), so a prompt of prefill time
 * x (alone) takes T(x) = x + C, C the other prompts' work done while it is
 * in: M/G/1-PS gives E[T(x)] = x / (1 - rho) exactly (Kleinrock,
 * Queueing Systems vol. 2, 1976, sec. 4.4), rho = lambda E[S]. C is taken
 * as a compound Poisson sum over the arrivals of a mean sojourn, each
 * doing at most its own work and at most x while the request is in:
 * Var C = lambda x / (1 - rho) E[min(S, x)^2]; C = 0 with probability
 * (1 - rho) exp(-lambda x) (an idle prefill at arrival, by PASTA, and no
 * arrival during x), and given C > 0 a lognormal with the conditional
 * mean and variance (a two-moment fit: the shape is an assumption). Left
 * out: the correlation of the load across a step (bursts within it) and
 * PS's exact sojourn distribution (Ott 1984 gives its moments only by
 * numerical transform inversion).
 */
#define WAIT_POINTS 13 /* an atom at C = 0, then the lognormal in 12 bands */
struct prefill_time {
	double t[WAIT_POINTS];  /* s */
	double w[WAIT_POINTS];  /* probabilities, summing to 1 */
};

/* T(x) at lambda prompts/s per replica, E[S] (s) of their prefill times
 * alone and E[min(S, x)^2] (s^2); rho is held below rho_max (a saturated
 * replica: its backlog waits in the fluid queue). */
void inference_prefill_time(double lambda, double es, double x, double emin2, double rho_max,
			    struct prefill_time *out);

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
