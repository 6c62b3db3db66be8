/*
 * quantiles.c - exact while small, a log histogram past exact_max.
 *
 * Why: a run keeps each measured job's wait for the percentiles; at 8
 * bytes a job a 100 M-job run held 800 MB. Exact quantiles need every
 * value (there is no exact streaming quantile), so past exact_max values
 * the kept ones move into a histogram and the memory stops growing.
 *
 * The histogram: zeros counted apart (most waits of a lightly loaded
 * cluster); positive values in buckets [MIN r^i, MIN r^(i+1)) with r =
 * (1 + e)^2: each bucket's representative is its geometric midpoint
 * m = MIN r^(i + 1/2), and a value x in the bucket has x / m in
 * [1 / (1 + e), 1 + e), so |m - x| <= e x: an order statistic
 * read from the histogram is within relative error e = QUANTILES_REL_ERR
 * of the exact one; a quantile interpolates two order statistics with
 * non-negative weights (gsl_stats_quantile_from_sorted_data's rule), so
 * it is within e too. (A value's bucket comes from a logarithm, whose
 * rounding can put a value at an edge into its neighbour: an error of
 * about 1e-16 on top.) Values outside [MIN, MAX] are clamped into the end
 * buckets, where the bound no longer holds; the caller's range keeps
 * them in. With e = 1e-3 the range takes 13,300 buckets (106 kB). GSL
 * has no such sketch; this is the log-bucketed histogram of HdrHistogram
 * and DDSketch (Masson, Rim and Lee, "DDSketch: a fast and fully-mergeable
 * quantile sketch with relative-error guarantees", VLDB 2019), without
 * their merging.
 *
 * The mean: gsl_stats_mean over the kept values while exact; at the move
 * to the histogram its recurrence (long double mean += (x - mean) / (i +
 * 1)) over the kept values in order, then for each value as it comes: the
 * same operations in the same order, so the same value as gsl_stats_mean
 * over all of them.
 */
#include "quantiles.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "grow_array.h"

/* sqrt(r) = 1 + e: the largest bucket ratio the bound allows */
static double ratio(void)
{
	return (1 + QUANTILES_REL_ERR) * (1 + QUANTILES_REL_ERR);
}

void quantiles_init(struct quantiles *q, size_t exact_max)
{
	memset(q, 0, sizeof *q);
	q->exact_max = exact_max;
}

void quantiles_fini(struct quantiles *q)
{
	free(q->kept);
	free(q->bucket);
	memset(q, 0, sizeof *q);
}

int quantiles_exact(const struct quantiles *q)
{
	return q->bucket == NULL;
}

static size_t bucket_of(const struct quantiles *q, double x)
{
	if (x <= QUANTILES_MIN)
		return 0;
	double i = floor(log(x / QUANTILES_MIN) / log(ratio()));
	return i >= (double)(q->n_buckets - 1) ? q->n_buckets - 1 : (size_t)i;
}

/* Move the kept values into a histogram. */
static int to_histogram(struct quantiles *q)
{
	size_t n = (size_t)ceil(log(QUANTILES_MAX / QUANTILES_MIN) / log(ratio())) + 1;
	q->bucket = calloc(n, sizeof *q->bucket);
	if (!q->bucket)
		return -1;
	q->n_buckets = n;
	q->mean = 0; /* (a read may have filled them: start again) */
	q->positive = 0;
	for (uint64_t i = 0; i < q->n; i++) { /* the mean's recurrence so far, in order */
		q->mean += (q->kept[i] - q->mean) / (i + 1);
		q->positive += q->kept[i] > 0;
		if (q->kept[i] > 0)
			q->bucket[bucket_of(q, q->kept[i])]++;
	}
	free(q->kept);
	q->kept = NULL;
	q->cap_kept = 0;
	return 0;
}

int quantiles_add(struct quantiles *q, double x)
{
	if (!q->bucket && q->n < q->exact_max) { /* kept: mean and count at the end */
		double *k = grow_array(q->kept, (size_t)q->n, &q->cap_kept, sizeof *k, 4096);
		if (!k)
			return -1;
		q->kept = k;
		q->kept[q->n++] = x;
		q->sorted = 0;
		q->totals = 0;
		return 0;
	}
	if (!q->bucket && to_histogram(q) != 0)
		return -1;
	if (x > 0)
		q->bucket[bucket_of(q, x)]++;
	q->mean += (x - q->mean) / (q->n + 1);
	q->positive += x > 0;
	q->n++;
	return 0;
}

/* While exact, the kept values are read at the end (the sort reorders
 * them: the mean and the count come first, in the order they came). */
static void exact_totals(struct quantiles *q)
{
	if (q->bucket || q->sorted || q->totals)
		return; /* (once per batch of adds: each pass was 20 instructions a value) */
	q->mean = gsl_stats_mean(q->kept, 1, (size_t)q->n);
	q->positive = 0;
	for (uint64_t i = 0; i < q->n; i++)
		q->positive += q->kept[i] > 0;
	q->totals = 1;
}

double quantiles_mean(struct quantiles *q)
{
	exact_totals(q);
	return (double)q->mean;
}

uint64_t quantiles_positive(struct quantiles *q)
{
	exact_totals(q);
	return q->positive;
}

/* The order statistic of rank i (0-based) from the histogram. */
static double rank_value(const struct quantiles *q, uint64_t i)
{
	uint64_t zeros = q->n - q->positive;
	if (i < zeros)
		return 0;
	i -= zeros;
	for (size_t b = 0; b < q->n_buckets; b++) {
		if (i < q->bucket[b])
			return QUANTILES_MIN * pow(ratio(), (double)b + 0.5);
		i -= q->bucket[b];
	}
	return QUANTILES_MAX; /* not reached: the buckets hold every positive value */
}

/*
 * Sort the kept values: the values > 0 apart from the rest, each part
 * sorted on its own, which is the whole sorted. Why: most waits of a
 * cluster that is not saturated are zero (the M/M/c of bench_mmc at load
 * 0.9 waits in well under 1% of its starts), and GSL's heapsort paid
 * O(n log n) for them, about 60 instructions per job at a million jobs
 * (bench/callgrind.sh). A part of +0.0 alone is sorted as it stands; any
 * other value there (a negative, -0.0, a NaN) has it sorted as before.
 */
static void sort_kept(struct quantiles *q)
{
	double *k = q->kept;
	size_t n = (size_t)q->n, rest = 0;
	int only_zeros = 1;
	for (size_t i = 0; i < n; i++) {
		if (k[i] > 0)
			continue;
		only_zeros &= k[i] == 0 && !signbit(k[i]);
		double t = k[rest];
		k[rest++] = k[i];
		k[i] = t;
	}
	if (!only_zeros)
		gsl_sort(k, 1, rest);
	gsl_sort(k + rest, 1, n - rest);
}

double quantiles_at(struct quantiles *q, double f)
{
	if (!q->bucket) {
		if (!q->sorted) {
			exact_totals(q);
			sort_kept(q);
			q->sorted = 1;
		}
		return gsl_stats_quantile_from_sorted_data(q->kept, 1, (size_t)q->n, f);
	}
	/* gsl_stats_quantile_from_sorted_data's interpolation over the ranks */
	double index = f * (double)(q->n - 1);
	uint64_t lhs = (uint64_t)index;
	double delta = index - (double)lhs, a = rank_value(q, lhs);
	if (lhs == q->n - 1)
		return a;
	return (1 - delta) * a + delta * rank_value(q, lhs + 1);
}
