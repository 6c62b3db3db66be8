/*
 * report_html_series.c - a run's time series (timeseries.csv) as gnuplot
 * datablocks for report.html's charts, and their time axis.
 *
 * The rows are interval averages. Up to 14 days they are drawn as they
 * are, as steps (the last step ends at the horizon); longer runs as daily
 * bands: each day's time-weighted mean, and its lowest and highest
 * interval, so a one-year run draws 365 points a series (never 35,040).
 * The x axis is hours up to 3 days, days past, and month names past 60
 * days (from the run's first day of the year, resolved.json's weather).
 */
#include <math.h>
#include <stdlib.h>

#include "report_html_run_int.h"

#define MONTHS_AFTER_DAYS 60.0

double run_x_of(const struct run_data *r, double time_h)
{
	return r->span_h <= 72 ? time_h : time_h / 24;
}

void run_time_axis(FILE *f, const struct run_data *r)
{
	double span = run_x_of(r, r->span_h);
	fprintf(f, "set xrange [0:%.6g]\n", span);
	if (r->span_h <= 72) {
		fputs("set xlabel 'time from the start (h)' offset 0,0.5\n", f);
		return;
	}
	if (r->span_h / 24 <= MONTHS_AFTER_DAYS) {
		fputs("set xlabel 'time from the start (days)' offset 0,0.5\n", f);
		return;
	}
	static const int month_day[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	static const char *const month[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int first = r->p->meta.start_day_of_year - 1;
	fputs("set xlabel 'month (the run starts on day ", f);
	fprintf(f, "%d of the year)' offset 0,0.5\nset xtics (", first + 1);
	int n = 0;
	for (int y = 0; y * 365 < (int)span + 365; y++)
		for (int m = 0; m < 12; m++) {
			double x = y * 365 + month_day[m] - first;
			if (x < 0 || x > span)
				continue;
			fprintf(f, "%s'%s' %.1f", n++ ? ", " : "", month[m], x);
		}
	if (n == 0)
		fputs("'' 0", f);
	fputs(")\n", f);
}

/* The value of row i: the sum of cols (a stack's top), times scale. */
static double row_value(const struct report_table *t, size_t i, const long *cols, size_t nc,
			double scale)
{
	double v = 0;
	for (size_t c = 0; c < nc; c++) {
		double x = report_table_num(t, i, cols[c]);
		if (isnan(x))
			return NAN;
		v += x;
	}
	return v * scale;
}

static double series_value(const struct report_table *t, size_t i, const long *cols, size_t k,
			   int stacked, double scale)
{
	return stacked ? row_value(t, i, cols, k + 1, scale) : row_value(t, i, cols + k, 1, scale);
}

static void raw_row(FILE *f, const struct run_data *r, double x, size_t i, const long *cols,
		    size_t n, int stacked, double scale)
{
	fprintf(f, "%.6g", run_x_of(r, x));
	for (size_t k = 0; k < n; k++) {
		double v = series_value(&r->ts, i, cols, k, stacked, scale);
		fprintf(f, isnan(v) ? " NaN" : " %.6g", v);
	}
	fputc('\n', f);
}

void run_block(FILE *f, const struct run_data *r, const char *name, const long *cols,
	       size_t n, int stacked, double scale)
{
	const struct report_table *t = &r->ts;
	long tc = report_table_col(t, "time_h"), ic = report_table_col(t, "interval_h");
	fprintf(f, "$%s << EOD\n", name);
	if (!r->daily) {
		for (size_t i = 0; i < t->n_rows; i++)
			raw_row(f, r, report_table_num(t, i, tc), i, cols, n, stacked, scale);
		/* the last interval's step ends at the horizon */
		if (t->n_rows > 0)
			raw_row(f, r, r->span_h, t->n_rows - 1, cols, n, stacked, scale);
		fputs("EOD\n", f);
		return;
	}
	size_t i = 0;
	double *sum = calloc(n * 4 + 1, sizeof *sum);
	if (!sum) {
		r->p->failed = 1;
		fputs("EOD\n", f);
		return;
	}
	double *lo = sum + n, *hi = lo + n, *w = hi + n;
	while (i < t->n_rows) {
		long day = (long)floor(report_table_num(t, i, tc) / 24);
		for (size_t k = 0; k < n; k++) {
			sum[k] = w[k] = 0;
			lo[k] = INFINITY;
			hi[k] = -INFINITY;
		}
		for (; i < t->n_rows && (long)floor(report_table_num(t, i, tc) / 24) == day; i++) {
			double dt = report_table_num(t, i, ic);
			for (size_t k = 0; k < n; k++) {
				double v = series_value(t, i, cols, k, stacked, scale);
				if (isnan(v) || isnan(dt))
					continue;
				sum[k] += v * dt;
				w[k] += dt;
				lo[k] = fmin(lo[k], v);
				hi[k] = fmax(hi[k], v);
			}
		}
		fprintf(f, "%.6g", (double)day + 0.5);
		for (size_t k = 0; k < n; k++) {
			if (w[k] > 0)
				fprintf(f, " %.6g %.6g %.6g", sum[k] / w[k], lo[k], hi[k]);
			else
				fputs(" NaN NaN NaN", f);
		}
		fputc('\n', f);
	}
	free(sum);
	fputs("EOD\n", f);
}

int run_block_col(const struct run_data *r, size_t k)
{
	return 2 + (int)k * (r->daily ? 3 : 1);
}

const char *run_with(const struct run_data *r)
{
	return r->daily ? "lines" : "steps";
}

const char *run_smoothing(const struct run_data *r)
{
	return r->daily ? " Each day's time-weighted mean of the interval averages; "
			  "lines mark the day's lowest and highest interval."
			: " Interval averages, as steps.";
}

const char *run_smoothing_band(const struct run_data *r)
{
	return r->daily ? " Each day's time-weighted mean of the interval averages; the "
			  "shaded band spans the day's lowest to highest interval."
			: " Interval averages, as steps.";
}

int run_col_nonzero(const struct report_table *t, long c)
{
	for (size_t i = 0; c >= 0 && i < t->n_rows; i++) {
		double v = report_table_num(t, i, c);
		if (!isnan(v) && v != 0)
			return 1;
	}
	return 0;
}

int run_col_any(const struct report_table *t, long c)
{
	for (size_t i = 0; c >= 0 && i < t->n_rows; i++)
		if (!isnan(report_table_num(t, i, c)))
			return 1;
	return 0;
}

double run_kpi(const struct run_data *r, const char *column)
{
	return report_table_num(&r->summary, 0, report_table_col(&r->summary, column));
}
