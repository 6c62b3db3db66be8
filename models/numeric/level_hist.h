/*
 * level_hist.h - the time-weighted distribution of a piecewise-constant
 * level (a GPU's or a node's power): each level held adds its value with
 * its weight (ticks, or GPU-ticks), and the quantiles read back.
 *
 * Trade-off: levels go into fixed bins of `width` over [0, max], each
 * with its weight and the least and greatest level seen in it. A
 * quantile is exact (a level that was held) whenever its bin saw one
 * level, and within one bin width otherwise; the maximum is always
 * exact. A sorted list of every distinct level would be exact always,
 * but under a grid cap solved by Brent every re-rate is a new level for
 * thousands of nodes, and the list would grow with the run; the bins cost
 * O(1) per level and fixed memory (widths 0.1 W per GPU, 1 W per node:
 * finer than DCGM's and IPMI's readings).
 */
#ifndef DCSIM_LEVEL_HIST_H
#define DCSIM_LEVEL_HIST_H

#include <stddef.h>

struct level_bin {
	double weight;
	double lo, hi;   /* least and greatest level seen in the bin */
};

struct level_hist {
	double width;    /* of a bin, in the level's unit */
	double per_width; /* 1 / width (an add is on the run's hot path) */
	size_t n;        /* bins over [0, n x width) */
	double n_bins;   /* n as a double (a size_t's conversion is several
			  * instructions, at every add) */
	struct level_bin *bin;
	double total;    /* every weight added */
	double sum;      /* every level x its weight (an energy, for checks) */
	double max;      /* greatest level held with a positive weight; -inf none */
};

/* Bins of at least min_width covering [0, max_value], at most max_bins;
 * 0, or -1 out of memory. */
int level_hist_init(struct level_hist *h, double max_value, double min_width, size_t max_bins);
void level_hist_fini(struct level_hist *h);
/* value held for weight (> 0; others are ignored). Levels below 0 or
 * past the last bin go into the first or last bin (defensive: callers
 * keep levels in [0, max_value]). Inline: every change of a node's or a
 * job's draw adds one, and under a binding grid cap that is every node
 * at every re-rate (a call cost as much as the update, bench/callgrind.sh). */
static inline void level_hist_add(struct level_hist *h, double value, double weight)
{
	if (!(weight > 0))
		return;
	/* the bin: truncation is floor for x >= 0; through long, as x < n
	 * (at most 2^17 bins), the same index in one instruction where a
	 * double to size_t conversion takes a dozen */
	double x = value * h->per_width;
	struct level_bin *e = &h->bin[x < h->n_bins ? (x > 0 ? (size_t)(long)x : 0) : h->n - 1];
	e->weight += weight;
	if (value < e->lo)
		e->lo = value;
	if (value > e->hi)
		e->hi = value;
	if (value > h->max)
		h->max = value;
	h->total += weight;
	h->sum += value * weight;
}
/* The q quantile, q in [0, 1]: the least level at which the weight at or
 * below it reaches q of the total (q = 1: the maximum). NaN with no weight. */
double level_hist_quantile(const struct level_hist *h, double q);

#endif
