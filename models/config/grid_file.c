/*
 * grid_file.c - reading a grid signal's hourly CSV series (carbon
 * intensity, price or capacity): a UTC time column and a value column,
 * one row an hour in order, NaN gaps filled linearly. A data-file reader
 * of the config layer; the series it fills is models/grid/grid.h's.
 */
#include "grid_file.h"

#include <math.h>
#include <stdlib.h>

#include "trace_column.h"

/* Fill NaN gaps linearly between the nearest values (the ends hold the
 * nearest value); the number of hours filled, or -1 if there is no value. */
static long fill_gaps(double *v, size_t n)
{
	long filled = 0;
	size_t prev = n; /* last good index, n = none yet */
	for (size_t i = 0; i < n; i++) {
		if (isnan(v[i])) {
			filled++;
			continue;
		}
		if (prev == n) {
			for (size_t k = 0; k < i; k++)
				v[k] = v[i];
		} else {
			for (size_t k = prev + 1; k < i; k++)
				v[k] = v[prev] + (v[i] - v[prev]) * (double)(k - prev) /
							 (double)(i - prev);
		}
		prev = i;
	}
	if (prev == n)
		return -1;
	for (size_t k = prev + 1; k < n; k++)
		v[k] = v[prev];
	return filled;
}

int grid_signal_read(struct grid_signal *s, struct diag *d)
{
	double *hours;
	if (trace_column_read_timed(s->path, s->time_column, s->column, &s->values, &hours, &s->n,
				    d) != 0)
		return -1;
	int rc = 0;
	for (size_t i = 1; i < s->n && rc == 0; i++) {
		if (fabs(hours[i] - hours[i - 1] - 1.0) > 1e-6) {
			diag_add(d, "%s: line %zu: not one hour after the row before (%+.2f h); "
				 "the series must be hourly, in order, without missing rows",
				 s->path, i + 2, hours[i] - hours[i - 1]);
			rc = -1;
		}
	}
	if (rc == 0) {
		s->first_hour = (size_t)(trace_hour_of_year(hours[0]) + 0.5);
		long filled = fill_gaps(s->values, s->n);
		if (filled < 0) {
			diag_add(d, "%s: column \"%s\" has no values", s->path, s->column);
			rc = -1;
		}
		s->filled = filled > 0 ? (size_t)filled : 0;
	}
	free(hours);
	if (rc != 0) {
		free(s->values);
		s->values = NULL;
		s->n = 0;
	}
	return rc;
}

