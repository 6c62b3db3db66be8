/*
 * report_html_run_int.h - what a run's sections of report.html share: the
 * run's tables and time axis (report_html_run.c), the time series as
 * gnuplot datablocks (report_html_series.c), and the panels of the models
 * a run may have (report_html_failures.c, report_html_inference.c). Not
 * for use outside output/report_html*.c.
 */
#ifndef DCSIM_REPORT_HTML_RUN_INT_H
#define DCSIM_REPORT_HTML_RUN_INT_H

#include <stddef.h>
#include <stdio.h>

#include "report_html_int.h"

#define REPORT_WIDE 960 /* px: a chart across the page */
#define REPORT_TALL 380

/* A run's results directory as the charts read it. */
struct run_data {
	struct page *p;
	struct report_table ts, summary, jobs, chain;
	int has_ts, has_jobs, has_chain;
	double span_h; /* the time series' end, h from the run's start */
	int daily;     /* drawn as daily bands (longer than 14 days) */
	double gpus;   /* installed */
};

/* The x of a time in h: hours up to 3 days, days past. */
double run_x_of(const struct run_data *r, double time_h);
/* The x axis's range, label and (past 60 days) month tics. */
void run_time_axis(FILE *f, const struct run_data *r);
/* A datablock $name of the time series: x, then per series either its
 * value (each interval, as steps) or, daily, the day's time-weighted mean,
 * lowest and highest interval: columns 2 + 3k, 3 + 3k, 4 + 3k for series
 * k. Series k is cols[k] times scale, or, stacked, the sum of
 * cols[0..k]. */
void run_block(FILE *f, const struct run_data *r, const char *name, const long *cols,
	       size_t n, int stacked, double scale);
/* The datablock's column of series k's value (the day's mean, daily). */
int run_block_col(const struct run_data *r, size_t k);
/* gnuplot's style for a series: lines (daily) or steps. */
const char *run_with(const struct run_data *r);
/* The caption's sentence on how the series are drawn. */
const char *run_smoothing(const struct run_data *r);
/* The same for a chart that shades the day's range as a band. */
const char *run_smoothing_band(const struct run_data *r);
/* Does column c hold a number other than zero? Any number? (c < 0: no) */
int run_col_nonzero(const struct report_table *t, long c);
int run_col_any(const struct report_table *t, long c);
/* summary.csv's value of a column; NaN when absent or empty. */
double run_kpi(const struct run_data *r, const char *column);

/* The failures section (report_html_failures.c), when failures.csv is
 * there or the run spent GPU-hours on checkpoints; the inference section
 * (report_html_inference.c), when inference.csv is. 0, or -1 when such a
 * file is not as dcsim writes it (a message in r->p->d). */
int report_failures_panel(struct run_data *r);
int report_inference_panel(struct run_data *r);

#endif
