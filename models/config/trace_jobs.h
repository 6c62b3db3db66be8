/*
 * trace_jobs.h - reading a job trace whole: SWF (the Parallel Workloads
 * Archive's Standard Workload Format), the Philly trace as RFold
 * flattened it, or any CSV with a column mapping. The table is what the
 * file says, sorted by submit time; which jobs a class replays, and
 * when, is trace_jobs_select's.
 */
#ifndef DCSIM_TRACE_JOBS_H
#define DCSIM_TRACE_JOBS_H

#include <stddef.h>

#include "diag.h"
#include "job_class.h"

/* The Philly trace's columns, as RFold's header names them. */
#define PHILLY_SUBMIT_COLUMN "arrival time (sec)"
#define PHILLY_GPUS_COLUMN "size"
#define PHILLY_DURATION_COLUMN "duration (sec)"

struct trace_table {
	struct trace_job *jobs; /* submit_s as in the file, sorted by it (then by line) */
	size_t n;
	char **labels;          /* the distinct values of the class_by column or field */
	size_t n_labels;
	size_t skipped;         /* SWF jobs without a run time or a size (-1): not replayable */
};

/* How to read one file. */
struct trace_read {
	const char *path;
	enum trace_format format;
	const struct trace_columns *columns; /* CSV and Philly */
	double unit_s;                       /* CSV: seconds per unit of its times */
	const char *class_by;                /* NULL: no labels */
};

/* 0 with the table, or -1 with a message naming the file, the line, the
 * column or field and the rule broken. */
int trace_jobs_read(const struct trace_read *r, struct trace_table *out, struct diag *d);
void trace_table_free(struct trace_table *t);

/* The SWF fields a class may be chosen by, and their 1-based numbers in
 * the SWF definition; NULL-terminated. */
extern const char *const trace_swf_label_fields[];

/*
 * The jobs of t that spec takes: submitted in the window [start_h, end_h)
 * from the trace's first submit, the first max_jobs of those, then those
 * whose label is in spec->match (all without a match); each submit time
 * becomes (submit - first - start) x time_scale. -1 out of memory; 0 with
 * a malloc'd array (NULL when none).
 */
int trace_jobs_select(const struct trace_table *t, const struct trace_spec *spec,
		      struct trace_job **out, size_t *n_out);

#endif
