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
#include "kpi.h"

/* One summary row as named, typed fields: what summary.csv holds, and
 * what a sweep puts in its rows and statistics. The columns are the KPI
 * table's (kpi.h): KPI_N_FIXED_COLUMNS, then KPI_LEVEL_STATS per chain
 * level. */
enum summary_kind { SUMMARY_STR, SUMMARY_NUM, SUMMARY_U64 };
struct summary_field {
	const char *name;
	enum summary_kind kind;
	const char *s;
	double v;      /* numbers, and counts as doubles */
	uint64_t u;
};
#define SUMMARY_MAX_NAMED (COOL_N_COMPONENTS + CHAIN_MAX_LEVELS * KPI_LEVEL_STATS)
struct summary_row {
	size_t n;
	struct summary_field f[KPI_N_FIXED_COLUMNS + CHAIN_MAX_LEVELS * KPI_LEVEL_STATS];
	char names[SUMMARY_MAX_NAMED][CHAIN_NAME_MAX + 24]; /* the composed names */
};
/* Fill row from a run; it points into sc and r, which must outlive it. */
void run_output_summary_row(const struct scenario *sc, const struct run_result *r,
			    struct summary_row *row);
/* Write one field with the summary's formatting. */
void run_output_field(struct csv_out *c, const struct summary_field *f);

#endif
