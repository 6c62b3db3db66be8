/*
 * sweep_output.h - a sweep's files: its rows as runs finish (the journal,
 * runs.partial.csv), then summary.csv in run order, points.csv and, for
 * sampled designs, sensitivity.csv (SRCs; Sobol indices for saltelli,
 * elementary effects for morris: output/sweep_indices.h).
 *
 * The journal is the sweep's state: each finished run appends its row
 * (any order), so an interrupted sweep keeps every finished run, and
 * --resume reads back the complete rows (a row cut short by a kill is
 * dropped) and runs the rest. Only when every run is in does summary.csv
 * appear (atomically), built from the journal's rows in run order, so
 * its bytes depend neither on the thread count nor on the finishing order.
 */
#ifndef DCSIM_SWEEP_OUTPUT_H
#define DCSIM_SWEEP_OUTPUT_H

#include <stdio.h>

#include "diag.h"
#include "run_output.h"
#include "sweep_spec.h"

#define SWEEP_JOURNAL "runs.partial.csv"

/* The columns of a sweep's rows: run, point, replication, seed, one per
 * axis, then every summary column (chain-level columns when every point
 * has the same chain levels). */
struct sweep_columns {
	size_t n, n_axes;
	const char **names;
	unsigned char *kpi;          /* a numeric KPI: statistics are taken of it */
	size_t n_chain_levels;       /* chain-level columns kept (0: none) */
	char axis_names[SWEEP_MAX_AXES][JPATH_MAX];
	struct summary_row layout;   /* the names and kinds of the summary part */
};

/* From a point's scenario (sc0) and the chain levels every point shares
 * (n_chain = 0 when they differ). -1 without memory. */
int sweep_columns_init(struct sweep_columns *c, const struct sweep_spec *sw,
		       const struct scenario *sc0, size_t n_chain);
void sweep_columns_fini(struct sweep_columns *c);

/* Run r's row (text with its newline, malloc'd). */
int sweep_output_row(const struct sweep_columns *c, const struct sweep_spec *sw, size_t r,
		     const struct scenario *sc, const struct run_result *res, char **text,
		     size_t *len);

struct sweep_journal {
	FILE *f;
	char *dir;
	size_t n_runs, n_done;
	unsigned char *done;
	long *off;                   /* each done run's row in the journal */
	size_t *len;
	int lock_fd; /* dir, flock'd while locked */
	int locked;
};

/* Open dir's journal: a new one, or with resume the rows of an earlier
 * attempt at the same sweep (from its journal, or its summary.csv). An
 * existing journal or summary.csv without resume is an error, as is one
 * whose columns differ. */
int sweep_journal_open(struct sweep_journal *j, const char *dir, const struct sweep_columns *c,
		       size_t n_runs, int resume, struct diag *d);
int sweep_journal_append(struct sweep_journal *j, size_t r, const char *row, size_t len,
			 struct diag *d);
void sweep_journal_close(struct sweep_journal *j);

/* Every run done: write summary.csv, points.csv and sensitivity.csv, then
 * remove the journal. */
int sweep_output_finish(struct sweep_journal *j, const struct sweep_columns *c,
			const struct sweep_spec *sw, struct diag *d);

#endif
