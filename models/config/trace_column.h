/*
 * trace_column.h - one numeric column of a CSV file, read with libcsv.
 */
#ifndef DCSIM_TRACE_COLUMN_H
#define DCSIM_TRACE_COLUMN_H

#include <stddef.h>

#include "diag.h"

/*
 * Read every value of column `column` (matched against the header row; a
 * leading "#" on the header is ignored, as in the Philly trace CSVs).
 * Values must be finite numbers (and >= 0 with require_nonnegative); the first
 * bad cell is reported with its
 * line. Returns 0 with a malloc'd array, or -1 with a message naming path.
 */
int trace_column_read(const char *path, const char *column, int require_nonnegative,
		      double **out, size_t *n_out, struct diag *d);

/* The same, each value within [lo, hi]: one outside is reported with its
 * line, the bounds and why (what they are: "the GPU's idle power and
 * TDP, W"). */
int trace_column_read_range(const char *path, const char *column, double lo, double hi,
			    const char *why, double **out, size_t *n_out, struct diag *d);

/*
 * The same for an hourly series: column `column` of values (an empty cell
 * is NaN: a gap for the caller to fill) against column `time_column` of
 * timestamps "YYYY-MM-DD HH:MM[:SS[.fff]]" with "T" or a space, then "Z",
 * "+HH:MM", "-HH:MM" or nothing (UTC). *hours_out gets each row's time in
 * hours since 1970-01-01 00:00 UTC. A bad timestamp is reported with its
 * line.
 */
int trace_column_read_timed(const char *path, const char *time_column, const char *column,
			    double **out, double **hours_out, size_t *n_out, struct diag *d);
/* Hours from 1 January 00:00 UTC of its year to t (hours since the epoch). */
double trace_hour_of_year(double t);
/* Hours since 1970-01-01 00:00 UTC of a timestamp as above; -1 if bad. */
int trace_parse_utc_hours(const char *s, size_t len, double *hours);

#endif
