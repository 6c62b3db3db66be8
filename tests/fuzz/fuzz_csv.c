/*
 * fuzz_csv.c - libFuzzer harness of the CSV readers: a trace column
 * (trace_column_read, or with the first byte's top bit set the bounded
 * trace_column_read_range that per-job power files use), a timed column
 * (trace_column_read_timed) and a grid signal (grid_signal_read: hourly
 * order, gap filling).
 *
 * Each input is a CSV file's bytes; its first byte picks the reader and
 * the columns (those of the shipped trace and grid files, so the seeds
 * parse), the rest is the file. Oracle: no crash, no sanitizer report,
 * and what a reader returns holds its promises (finite values, >= 0 for
 * a trace, within its bounds for a bounded one; no gaps left in a grid
 * series).
 */
#include <math.h>

#include "diag.h"
#include "fuzz_util.h"
#include "grid_file.h"
#include "trace_column.h"

static const char *const columns[] = { "runtime", "avg_CI", "NG", "x" };
static const char *const time_columns[] = { "timestamp", "time", "runtime" };

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
	const char *path = fuzz_write("fuzz.csv", data + 1, size - 1);
	const char *col = columns[(sel >> 2) % 4], *tcol = time_columns[(sel >> 4) % 3];
	struct diag d;
	diag_init(&d);
	double *v = NULL, *h = NULL;
	size_t n = 0;
	switch (sel % 3) {
	case 0:
		if (sel & 0x80) { /* the bounds of an H100's power, W */
			if (trace_column_read_range(path, col, 70, 700, "an H100's idle to TDP",
						    &v, &n, &d) == 0)
				for (size_t i = 0; i < n; i++)
					if (!(v[i] >= 70 && v[i] <= 700))
						abort();
		} else if (trace_column_read(path, col, 1, &v, &n, &d) == 0) {
			for (size_t i = 0; i < n; i++)
				if (!isfinite(v[i]) || v[i] < 0)
					abort();
		}
		break;
	case 1:
		if (trace_column_read_timed(path, tcol, col, &v, &h, &n, &d) == 0)
			for (size_t i = 0; i < n; i++)
				if (!isfinite(h[i]))
					abort();
		break;
	default: {
		struct grid_signal s;
		memset(&s, 0, sizeof s);
		s.path = (char *)path;
		s.column = (char *)col;
		s.time_column = (char *)tcol;
		if (grid_signal_read(&s, &d) == 0) {
			for (size_t i = 0; i < s.n; i++)
				if (!isfinite(s.values[i]))
					abort();
			free(s.values);
		}
		break;
	}
	}
	free(v);
	free(h);
	fuzz_report(&d);
	diag_fini(&d);
	return 0;
}
