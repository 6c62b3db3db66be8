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

#include "csv_out.h"

/* The summary's fixed columns, then N_LEVEL_STATS per chain level. */
#define N_SUMMARY_FIXED 67
#define N_LEVEL_STATS 6

/* The summary columns, in order (for tests and the README). */
extern const char *const run_output_summary_columns[N_SUMMARY_FIXED + 1];

/* One summary row as named, typed fields: what summary.csv holds, and
 * what a sweep puts in its rows and statistics. */
enum summary_kind { SUMMARY_STR, SUMMARY_NUM, SUMMARY_U64 };
struct summary_field {
	const char *name;
	enum summary_kind kind;
	const char *s;
	double v;      /* numbers, and counts as doubles */
	uint64_t u;
};
struct summary_row {
	size_t n;
	struct summary_field f[N_SUMMARY_FIXED + CHAIN_MAX_LEVELS * N_LEVEL_STATS];
	char names[CHAIN_MAX_LEVELS * N_LEVEL_STATS][CHAIN_NAME_MAX + 24];
};
/* Fill row from a run; it points into sc and r, which must outlive it. */
void run_output_summary_row(const struct scenario *sc, const struct run_result *r,
			    struct summary_row *row);
/* Write one field with the summary's formatting. */
void run_output_field(struct csv_out *c, const struct summary_field *f);

#endif
