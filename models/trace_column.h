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

#endif
