/*
 * level_hist.c - time-weighted level distribution in fixed bins
 * (level_hist.h has the trade-off). The quantile walks the bins' weights
 * in order: O(bins), once per quantile at the end of a run.
 */
#include "level_hist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int level_hist_init(struct level_hist *h, double max_value, double min_width, size_t max_bins)
{
	memset(h, 0, sizeof *h);
	double width = min_width;
	if (max_value / width > (double)max_bins)
		width = max_value / (double)max_bins;
	h->width = width;
	h->per_width = 1.0 / width;
	h->n = (size_t)floor(max_value / width) + 1;
	h->n_bins = (double)h->n;
	h->bin = malloc(h->n * sizeof *h->bin);
	h->max = -INFINITY;
	if (!h->bin)
		return -1;
	for (size_t i = 0; i < h->n; i++)
		h->bin[i] = (struct level_bin){ 0, INFINITY, -INFINITY };
	return 0;
}

void level_hist_fini(struct level_hist *h)
{
	free(h->bin);
	memset(h, 0, sizeof *h);
}

double level_hist_quantile(const struct level_hist *h, double q)
{
	if (!(h->total > 0))
		return (double)NAN;
	if (q >= 1.0)
		return h->max;
	/* a relative tolerance, so a level holding exactly q of the weight
	 * (a half-and-half case) is its own q quantile despite rounding */
	double target = q * h->total * (1.0 - 1e-12), cum = 0;
	for (size_t i = 0; i < h->n; i++) {
		if (h->bin[i].weight <= 0)
			continue;
		cum += h->bin[i].weight;
		if (cum >= target)
			return h->bin[i].lo;
	}
	return h->max;
}
