/*
 * fuzz_trace.c - libFuzzer harness of the job-trace reader
 * (trace_jobs_read): SWF, the Philly trace as RFold flattened it, and a
 * CSV with a column mapping, with or without a label column.
 *
 * Each input is a trace file's bytes; its first byte picks the format,
 * whether jobs are labelled and (CSV) whether a walltime column is read,
 * the rest is the file. Oracle: no crash, no sanitizer report, and a
 * table read holds its promises: submit times sorted, run times >= 0,
 * at least one GPU, labels within the table's.
 */
#include <math.h>

#include "diag.h"
#include "fuzz_util.h"
#include "trace_jobs.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 1024 * 1024)
		return 0;
	unsigned sel = data[0];
	const char *path = fuzz_write("fuzz.trace", data + 1, size - 1);
	struct trace_columns philly = { (char *)PHILLY_SUBMIT_COLUMN, (char *)PHILLY_GPUS_COLUMN,
					(char *)PHILLY_DURATION_COLUMN, NULL };
	struct trace_columns csv = { (char *)"t", (char *)"g", (char *)"d",
				     (sel & 8) ? (char *)"w" : NULL };
	static const char *const labels[] = { "user", "topology", "c" };
	enum trace_format format = (enum trace_format)(sel % 3);
	struct trace_read r = {
		.path = path,
		.format = format,
		.columns = format == TRACE_PHILLY ? &philly : &csv,
		.unit_s = (sel & 16) ? 3600.0 : 1.0,
		.class_by = (sel & 4) ? labels[format] : NULL,
	};
	struct diag d;
	diag_init(&d);
	struct trace_table t;
	memset(&t, 0, sizeof t);
	if (trace_jobs_read(&r, &t, &d) == 0) {
		for (size_t i = 0; i < t.n; i++) {
			const struct trace_job *j = &t.jobs[i];
			if (!isfinite(j->submit_s) || !(j->duration_s >= 0) || j->gpus < 1 ||
			    j->label < -1 || (j->label >= 0 && (size_t)j->label >= t.n_labels) ||
			    (i > 0 && j->submit_s < t.jobs[i - 1].submit_s))
				abort();
		}
		trace_table_free(&t);
	}
	diag_fini(&d);
	return 0;
}
