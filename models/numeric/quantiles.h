/*
 * quantiles.h - mean and quantiles of a stream of non-negative values in
 * bounded memory: exact (every value kept, GSL's mean and quantiles)
 * while there are at most exact_max of them, then a log-bucketed
 * histogram whose quantiles are within QUANTILES_REL_ERR of the exact
 * ones (quantiles.c says why). The mean stays exact (GSL's recurrence,
 * run as the values come).
 */
#ifndef DCSIM_QUANTILES_H
#define DCSIM_QUANTILES_H

#include <stddef.h>
#include <stdint.h>

/* The histogram's bound on a quantile's relative error, and its range:
 * positive values from QUANTILES_MIN to QUANTILES_MAX (one 1 ms tick to
 * ten years and a week, in seconds: a wait cannot exceed the longest
 * run, 3,650 days). */
#define QUANTILES_REL_ERR 1e-3
#define QUANTILES_MIN 1e-3
#define QUANTILES_MAX 3.2e8

struct quantiles {
	size_t exact_max;
	uint64_t n;           /* values added */
	uint64_t positive;    /* of them > 0 (while exact: at the first read) */
	long double mean;     /* gsl_stats_mean's (its recurrence, past exact) */
	double *kept;         /* exact: the values, in order (NULL after) */
	size_t cap_kept;
	int sorted;
	int totals;           /* exact: mean and positive are over the kept values as they are */
	uint64_t *bucket;     /* histogram (NULL before): positive values */
	size_t n_buckets;
};

void quantiles_init(struct quantiles *q, size_t exact_max);
void quantiles_fini(struct quantiles *q);
/* Add x >= 0; -1 out of memory (q unchanged). Values are meant to be read
 * after the last is added (a read sorts the kept values: the mean of
 * values added after it is then over them as they lie). */
int quantiles_add(struct quantiles *q, double x);
/* The same, inline for the common case (kept, with room): a run adds a
 * wait at every first start (bench/callgrind.sh). */
static inline int quantiles_push(struct quantiles *q, double x)
{
	if (q->bucket || q->n >= q->exact_max || q->n >= q->cap_kept)
		return quantiles_add(q, x);
	q->kept[q->n++] = x;
	q->sorted = 0;
	q->totals = 0;
	return 0;
}
/* 1 while every value is kept (the results are GSL's on the values). */
int quantiles_exact(const struct quantiles *q);
double quantiles_mean(struct quantiles *q);
/* How many of the values are > 0. */
uint64_t quantiles_positive(struct quantiles *q);
/* The f-quantile (0 <= f <= 1) as gsl_stats_quantile_from_sorted_data
 * defines it (interpolating between order statistics); n > 0. Sorts the
 * kept values the first time. */
double quantiles_at(struct quantiles *q, double f);

#endif
