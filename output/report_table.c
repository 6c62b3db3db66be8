/*
 * report_table.c - read one of dcsim's CSV outputs whole, with libcsv.
 *
 * models/config/trace_column.c streams one numeric column of an input
 * trace with line-numbered errors; the report wants every column of a file
 * dcsim wrote itself, text and numbers, so this reader keeps the table.
 * Cells live in one text arena (offsets, so it may grow) with their number
 * parsed once; a one-year 15-minute time series is 35,040 x 35 cells,
 * about 17 MB for the report's lifetime.
 */
#include "report_table.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "diag.h"

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 1024;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

static double cell_number(const char *s, size_t len)
{
	if (len == 0 || len > 60)
		return NAN;
	char buf[64];
	memcpy(buf, s, len);
	buf[len] = '\0';
	char *end;
	double v = strtod(buf, &end);
	return *end || !isfinite(v) ? (double)NAN : v; /* inf would break the charts' bins */
}

static void on_header(struct report_table *t, const char *s, size_t len)
{
	if (grow((void **)&t->names, &t->names_cap, t->n_cols + 1, sizeof *t->names) != 0 ||
	    !(t->names[t->n_cols] = malloc(len + 1))) {
		t->failed = 1;
		return;
	}
	memcpy(t->names[t->n_cols], s, len);
	t->names[t->n_cols++][len] = '\0';
}

static void on_field(void *data, size_t len, void *ctx)
{
	struct report_table *t = ctx;
	if (t->failed)
		return;
	if (t->n_rows == 0 && t->num == NULL && t->field == t->n_cols) {
		on_header(t, data, len);
		t->field++;
		return;
	}
	if (t->field >= t->n_cols) { /* a longer row than the header: counted */
		t->field++;
		return;
	}
	size_t cell = t->n_rows * t->n_cols + t->field++;
	size_t cap = t->cells_cap;
	if (grow((void **)&t->num, &cap, cell + 1, sizeof *t->num) != 0 ||
	    grow((void **)&t->text, &t->cells_cap, cell + 1, sizeof *t->text) != 0 ||
	    grow((void **)&t->arena, &t->arena_cap, t->arena_len + len + 1, 1) != 0) {
		t->failed = 1;
		return;
	}
	t->num[cell] = cell_number(data, len);
	t->text[cell] = t->arena_len;
	memcpy(t->arena + t->arena_len, data, len);
	t->arena_len += len;
	t->arena[t->arena_len++] = '\0';
}

/* The end of a record: the first whose width is not the header's is kept
 * for the message (its short cells are padded, so the table stays whole). */
static void on_row(int c, void *ctx)
{
	(void)c;
	struct report_table *t = ctx;
	if (t->failed)
		return;
	t->line++;
	if (t->num == NULL && t->n_rows == 0) {
		/* the header ended: the next fields are data */
		size_t cap = t->cells_cap;
		if (grow((void **)&t->num, &cap, t->n_cols + 1, sizeof *t->num) != 0 ||
		    grow((void **)&t->text, &t->cells_cap, t->n_cols + 1, sizeof *t->text) != 0)
			t->failed = 1;
		t->field = 0;
		return;
	}
	if (t->field != t->n_cols && !t->bad_line) {
		t->bad_line = t->line;
		t->bad_fields = t->field;
	}
	while (t->field < t->n_cols)
		on_field("", 0, ctx);
	t->n_rows++;
	t->field = 0;
}

int report_table_read(struct report_table *t, const char *dir, const char *name,
		      struct diag *d)
{
	memset(t, 0, sizeof *t);
	char path[8800];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (errno == ENOENT)
			return 1;
		diag_add(d, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	struct csv_parser p;
	if (csv_init(&p, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI) != 0) {
		fclose(f);
		diag_oom(d, "%s: out of memory", path);
		return -1;
	}
	char buf[65536];
	size_t n;
	int bad_csv = 0;
	while (!t->failed && !bad_csv && (n = fread(buf, 1, sizeof buf, f)) > 0)
		bad_csv = csv_parse(&p, buf, n, on_field, on_row, t) != n && !t->failed;
	int read_error = ferror(f);
	if (!t->failed && !bad_csv && csv_fini(&p, on_field, on_row, t) != 0)
		bad_csv = 1;
	int rc = 0;
	if (t->failed) {
		diag_oom(d, "%s: out of memory reading it", path);
		rc = -1;
	} else if (read_error) {
		diag_add(d, "%s: cannot read: an I/O error", path);
		rc = -1;
	} else if (bad_csv) {
		diag_add(d, "%s: line %zu: not CSV as dcsim writes it (%s)", path, t->line + 1,
			 csv_strerror(csv_error(&p)));
		rc = -1;
	} else if (t->n_cols == 0) {
		diag_add(d, "%s: empty: no header line", path);
		rc = -1;
	} else if (t->bad_line) {
		diag_add(d, "%s: line %zu: %zu fields, the header has %zu (a file cut short, "
			    "or not one dcsim wrote)", path, t->bad_line, t->bad_fields, t->n_cols);
		rc = -1;
	}
	csv_free(&p);
	fclose(f);
	if (rc != 0)
		report_table_fini(t);
	return rc;
}

void report_table_fini(struct report_table *t)
{
	for (size_t i = 0; i < t->n_cols; i++)
		free(t->names[i]);
	free(t->names);
	free(t->num);
	free(t->text);
	free(t->arena);
	memset(t, 0, sizeof *t);
}

long report_table_col(const struct report_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_cols; i++)
		if (!strcmp(t->names[i], name))
			return (long)i;
	return -1;
}

double report_table_num(const struct report_table *t, size_t row, long col)
{
	if (col < 0 || row >= t->n_rows)
		return NAN;
	return t->num[row * t->n_cols + (size_t)col];
}

const char *report_table_text(const struct report_table *t, size_t row, long col)
{
	if (col < 0 || row >= t->n_rows)
		return "";
	return t->arena + t->text[row * t->n_cols + (size_t)col];
}
