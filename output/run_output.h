/*
 * run_output.h - the files of one run: summary.csv, timeseries.csv,
 * jobs.csv and resolved.json in one directory.
 */
#ifndef DCSIM_RUN_OUTPUT_H
#define DCSIM_RUN_OUTPUT_H

#include "diag.h"
#include "run_result.h"
#include "scenario.h"

/*
 * Write every file of the run into dir (created if needed). Each file is
 * written to a temporary name and renamed when complete; summary.csv is
 * renamed last, so a directory holding summary.csv holds a complete run.
 */
int run_output_write(const char *dir, const struct scenario *sc,
		     const struct run_result *r, struct diag *d);

/* The summary columns, in order (for tests and the README). */
extern const char *const run_output_summary_columns[];

#endif
