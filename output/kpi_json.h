/*
 * kpi_json.h - KPIs as JSON on a stream, for scripts and notebooks
 * (`--format json` on dcsim run and sweep; dcsim plan's rows the same way).
 *
 * A value is written as the CSV writes it, so the JSON and the CSV hold
 * the same numbers to the digit: a number with "%.10g" (a count in full),
 * a value that does not apply (an empty cell, NaN) as null, text as a
 * JSON string. The writers are small by design: the output layer has no
 * JSON library (cJSON is the config layer's alone), and these write only
 * objects of scalars.
 */
#ifndef DCSIM_KPI_JSON_H
#define DCSIM_KPI_JSON_H

#include <stdio.h>

#include "diag.h"
#include "run_output.h"

/* One run's summary row as one JSON object, its keys summary.csv's
 * columns in their order, and a newline. */
void kpi_json_row(FILE *f, const struct summary_row *row);

/* How a CSV column's cells are written by kpi_json_csv. */
enum kpi_json_kind {
	KPI_JSON_TEXT,     /* a string */
	KPI_JSON_NUMBER,   /* a number; an empty cell is null */
	KPI_JSON_GUESS,    /* a number when the cell is one in JSON's grammar, else a string */
};

/* dir/name (a summary.csv: a sweep's, a plan's) as a JSON array of one
 * object per row, keys the header's. kinds[i] for column i (NULL, or
 * past n_kinds: KPI_JSON_GUESS). 0, or -1 with a message naming the file. */
int kpi_json_csv(FILE *f, const char *dir, const char *name, const enum kpi_json_kind *kinds,
		 size_t n_kinds, struct diag *d);

#endif
