/*
 * trace_column.c - read a numeric CSV column with libcsv's streaming parser.
 *
 * The file is parsed in 64 KiB blocks, so memory is the column, not the
 * file. Line numbers count records (header = line 1); the traces we read
 * have no quoted newlines, so records and lines agree.
 */
#include "trace_column.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

struct column_reader {
	const char *path;
	const char *column;
	struct diag *d;
	long line;       /* record being parsed, 1-based */
	long field;      /* field index within the record */
	long target;     /* index of the wanted column, -1 until the header */
	int require_nonnegative;
	int found_in_row;
	int failed;
	double *vals;
	size_t n, cap;
	char header_names[1024]; /* for the "no such column" message */
};

static void trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)(*s)[0])) {
		(*s)++;
		(*len)--;
	}
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

static void on_header_field(struct column_reader *r, const char *s, size_t len)
{
	if (r->field == 0 && len && s[0] == '#') {
		s++;
		len--;
	}
	trim(&s, &len);
	size_t used = strlen(r->header_names);
	if (used + len + 4 < sizeof r->header_names)
		snprintf(r->header_names + used, sizeof r->header_names - used, "%s\"%.*s\"",
			 used ? ", " : "", (int)len, s);
	if (len == strlen(r->column) && memcmp(s, r->column, len) == 0)
		r->target = r->field;
}

static int push_value(struct column_reader *r, double v)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1024;
		double *nv = realloc(r->vals, cap * sizeof *nv);
		if (!nv)
			return -1;
		r->vals = nv;
		r->cap = cap;
	}
	r->vals[r->n++] = v;
	return 0;
}

static void on_data_field(struct column_reader *r, const char *s, size_t len)
{
	r->found_in_row = 1;
	trim(&s, &len);
	char buf[64];
	char *end = NULL;
	double v = NAN;
	if (len > 0 && len < sizeof buf) {
		memcpy(buf, s, len);
		buf[len] = '\0';
		errno = 0;
		v = strtod(buf, &end);
	}
	if (len == 0 || len >= sizeof buf || *end != '\0' || !isfinite(v)) {
		diag_add(r->d, "%s: line %ld: column \"%s\": \"%.*s\" is not a finite number",
			 r->path, r->line, r->column, (int)(len > 40 ? 40 : len), s);
		r->failed = 1;
		return;
	}
	if (r->require_nonnegative && v < 0) {
		diag_add(r->d, "%s: line %ld: column \"%s\": %g must be >= 0",
			 r->path, r->line, r->column, v);
		r->failed = 1;
		return;
	}
	if (push_value(r, v) != 0) {
		diag_add(r->d, "%s: out of memory reading column \"%s\"", r->path, r->column);
		r->failed = 1;
	}
}

static void field_cb(void *data, size_t len, void *ctx)
{
	struct column_reader *r = ctx;
	if (r->failed)
		return;
	if (r->line == 1)
		on_header_field(r, data, len);
	else if (r->field == r->target)
		on_data_field(r, data, len);
	r->field++;
}

static void row_cb(int term, void *ctx)
{
	(void)term;
	struct column_reader *r = ctx;
	if (r->failed)
		return;
	if (r->line == 1 && r->target < 0) {
		diag_add(r->d, "%s: line 1: no column \"%s\" in the header (columns: %s)",
			 r->path, r->column, r->header_names);
		r->failed = 1;
	} else if (r->line > 1 && !r->found_in_row && r->field > 0) {
		diag_add(r->d, "%s: line %ld: row has %ld fields, column \"%s\" is field %ld",
			 r->path, r->line, r->field, r->column, r->target + 1);
		r->failed = 1;
	}
	r->line++;
	r->field = 0;
	r->found_in_row = 0;
}

int trace_column_read(const char *path, const char *column, int require_nonnegative,
		      double **out, size_t *n_out, struct diag *d)
{
	struct column_reader r = { .path = path, .column = column, .d = d,
				   .line = 1, .target = -1,
				   .require_nonnegative = require_nonnegative };
	struct csv_parser p;
	int parser_ok = 0;
	FILE *f = fopen(path, "rb");
	*out = NULL;
	*n_out = 0;
	if (!f) {
		diag_add(d, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (csv_init(&p, CSV_APPEND_NULL) != 0) {
		diag_add(d, "%s: out of memory", path);
		goto fail;
	}
	parser_ok = 1;
	char buf[65536];
	size_t got;
	while (!r.failed && (got = fread(buf, 1, sizeof buf, f)) > 0) {
		if (csv_parse(&p, buf, got, field_cb, row_cb, &r) != got) {
			diag_add(d, "%s: line %ld: %s", path, r.line,
				 csv_strerror(csv_error(&p)));
			goto fail;
		}
	}
	if (ferror(f)) {
		diag_add(d, "%s: read error", path);
		goto fail;
	}
	csv_fini(&p, field_cb, row_cb, &r);
	if (r.failed)
		goto fail;
	if (r.target < 0) {
		diag_add(d, "%s: empty file: no header with column \"%s\"", path, column);
		goto fail;
	}
	if (r.n == 0) {
		diag_add(d, "%s: column \"%s\" has no values", path, column);
		goto fail;
	}
	csv_free(&p);
	fclose(f);
	*out = r.vals;
	*n_out = r.n;
	return 0;
fail:
	if (parser_ok)
		csv_free(&p);
	fclose(f);
	free(r.vals);
	return -1;
}
