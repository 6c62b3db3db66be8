/*
 * trace_column.c - read a numeric CSV column with libcsv's streaming parser.
 *
 * The file is parsed in 64 KiB blocks, so memory is the column, not the
 * file. Line numbers count records (header = line 1); the traces we read
 * have no quoted newlines, so records and lines agree. The file must be
 * regular and at most 64 MiB (data_file.c); a NUL byte in any field is an
 * error, as strtod would stop at it ("6\0 00" would read as 6). A UTF-8
 * byte-order mark at the start is skipped. Quoting
 * is strict (libcsv's CSV_STRICT, and a quote left open at the end is an
 * error), and numbers are decimal: strtod's hex ("0x10") is refused.
 */
#include "trace_column.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "data_file.h"

struct column_reader {
	const char *path;
	const char *column;
	const char *time_column; /* NULL: values only */
	long time_target;
	double *hours;
	char pending[48];         /* the row's time cell, parsed at the row's end */
	size_t pending_len;
	struct diag *d;
	long line;       /* record being parsed, 1-based */
	long field;      /* field index within the record */
	long target;     /* index of the wanted column, -1 until the header */
	int require_nonnegative;
	int ranged;          /* values must lie in [lo, hi] (why says what those are) */
	double lo, hi;
	const char *why;
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
	if (r->time_column && len == strlen(r->time_column) &&
	    memcmp(s, r->time_column, len) == 0)
		r->time_target = r->field;
}

static int push_value(struct column_reader *r, double v)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1024;
		double *nv = realloc(r->vals, cap * sizeof *nv);
		if (!nv)
			return -1;
		r->vals = nv;
		if (r->time_column) {
			double *nh = realloc(r->hours, cap * sizeof *nh);
			if (!nh)
				return -1;
			r->hours = nh;
		}
		r->cap = cap;
	}
	r->vals[r->n++] = v;
	return 0;
}

/* Days from 1970-01-01 to y-m-d of the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil). */
static long days_from_civil(long y, long m, long d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

double trace_hour_of_year(double t)
{
	long days = (long)floor(t / 24.0);
	long y = 1970 + (long)floor((double)days / 365.2425);
	while (days_from_civil(y, 1, 1) > days)
		y--;
	while (days_from_civil(y + 1, 1, 1) <= days)
		y++;
	return t - (double)days_from_civil(y, 1, 1) * 24.0;
}

int trace_parse_utc_hours(const char *s, size_t len, double *hours)
{
	char buf[40];
	if (len == 0 || len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	int y, mo, d, h, mi, sec = 0, n = 0;
	char sep;
	if (sscanf(buf, "%4d-%2d-%2d%c%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &n) != 6 ||
	    (sep != 'T' && sep != ' '))
		return -1;
	const char *p = buf + n;
	double frac = 0;
	if (*p == ':') {
		int k = 0;
		if (sscanf(p, ":%2d%n", &sec, &k) != 1)
			return -1;
		p += k;
		/* a decimal fraction of the second (the Azure LLM traces' 7 digits) */
		if (*p == '.') {
			double scale = 0.1;
			if (!isdigit((unsigned char)p[1]))
				return -1;
			for (p++; isdigit((unsigned char)*p); p++, scale /= 10)
				frac += (*p - '0') * scale;
		}
	}
	double offset_h = 0;
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om, k = 0;
		if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &k) != 2)
			return -1;
		offset_h = (*p == '-' ? -1 : 1) * (oh + om / 60.0);
		p += 1 + k;
	}
	if (*p || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 ||
	    sec < 0 || sec > 60)
		return -1;
	/* the day must exist: "2022-02-31" is not 3 March */
	if (days_from_civil(mo == 12 ? y + 1 : y, mo == 12 ? 1 : mo + 1, 1) -
		    days_from_civil(y, mo, 1) < d)
		return -1;
	*hours = (double)days_from_civil(y, mo, d) * 24.0 + h + mi / 60.0 + (sec + frac) / 3600.0 -
		 offset_h;
	return 0;
}

/* libcsv reuses its field buffer: keep a copy of the time cell. */
static void pending_time(struct column_reader *r, const char *s, size_t len)
{
	r->pending_len = len < sizeof r->pending ? len : sizeof r->pending;
	memcpy(r->pending, s, r->pending_len);
}

/* The row's value is stored: give it the row's time. */
static void on_time_field(struct column_reader *r)
{
	const char *s = r->pending;
	size_t len = r->pending_len;
	trim(&s, &len);
	if (trace_parse_utc_hours(s, len, &r->hours[r->n - 1]) != 0) {
		diag_add(r->d, "%s: line %ld: column \"%s\": \"%.*s\" is not a timestamp "
			 "YYYY-MM-DD HH:MM[:SS[.fff]][Z|+HH:MM]", r->path, r->line, r->time_column,
			 (int)(len > 40 ? 40 : len), s);
		r->failed = 1;
	}
}

static void on_data_field(struct column_reader *r, const char *s, size_t len)
{
	r->found_in_row = 1;
	trim(&s, &len);
	if (r->time_column && len == 0) { /* a gap in a series */
		if (push_value(r, NAN) != 0) {
			diag_oom(r->d, "%s: out of memory reading column \"%s\"", r->path,
				 r->column);
			r->failed = 1;
		}
		return;
	}
	char buf[64];
	char *end = NULL;
	double v = NAN;
	if (len > 0 && len < sizeof buf) {
		memcpy(buf, s, len);
		buf[len] = '\0';
		errno = 0;
		v = strtod(buf, &end);
	}
	/* decimal only: strtod would also read "0x10" as 16 */
	if (len == 0 || len >= sizeof buf || *end != '\0' || !isfinite(v) ||
	    memchr(s, 'x', len) || memchr(s, 'X', len)) {
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
	if (r->ranged && !(v >= r->lo && v <= r->hi)) {
		diag_add(r->d, "%s: line %ld: column \"%s\": %g must lie between %g and %g (%s)",
			 r->path, r->line, r->column, v, r->lo, r->hi, r->why);
		r->failed = 1;
		return;
	}
	if (push_value(r, v) != 0) {
		diag_oom(r->d, "%s: out of memory reading column \"%s\"", r->path, r->column);
		r->failed = 1;
	}
}

static void field_cb(void *data, size_t len, void *ctx)
{
	struct column_reader *r = ctx;
	if (r->failed)
		return;
	if (data_file_check_nul(r->path, r->line, data, len, r->d) != 0) {
		r->failed = 1;
		return;
	}
	if (r->line == 1)
		on_header_field(r, data, len);
	else if (r->field == r->target)
		on_data_field(r, data, len);
	else if (r->time_column && r->field == r->time_target)
		pending_time(r, data, len);
	r->field++;
}

static void row_cb(int term, void *ctx)
{
	(void)term;
	struct column_reader *r = ctx;
	if (r->failed)
		return;
	if (r->line == 1 && (r->target < 0 || (r->time_column && r->time_target < 0))) {
		diag_add(r->d, "%s: line 1: no column \"%s\" in the header (columns: %s)",
			 r->path, r->target < 0 ? r->column : r->time_column, r->header_names);
		r->failed = 1;
	} else if (r->line > 1 && r->field > 0 &&
		   (!r->found_in_row || (r->time_column && r->field <= r->time_target))) {
		diag_add(r->d, "%s: line %ld: row has %ld fields, column \"%s\" is field %ld",
			 r->path, r->line, r->field, r->column,
			 (r->found_in_row ? r->time_target : r->target) + 1);
		r->failed = 1;
	} else if (r->line > 1 && r->found_in_row && r->time_column) {
		on_time_field(r);
	}
	r->pending_len = 0;
	r->line++;
	r->field = 0;
	r->found_in_row = 0;
}

static int read_columns(struct column_reader *rp, double **out, double **hours_out,
			size_t *n_out)
{
	struct column_reader r = *rp;
	const char *path = r.path, *column = r.column;
	struct diag *d = r.d;
	struct csv_parser p;
	int parser_ok = 0;
	*out = NULL;
	*n_out = 0;
	FILE *f = data_file_open(path, d);
	if (!f)
		return -1;
	if (csv_init(&p, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI) != 0) {
		diag_oom(d, "%s: out of memory", path);
		goto fail;
	}
	parser_ok = 1;
	char buf[65536];
	size_t got, total = 0;
	while (!r.failed && (got = fread(buf, 1, sizeof buf, f)) > 0) {
		if (data_file_count(path, got, &total, d) != 0)
			goto fail;
		/* a UTF-8 byte-order mark (spreadsheets write one) is not part
		 * of the first column's name */
		size_t skip = total == got && got >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
		if (csv_parse(&p, buf + skip, got - skip, field_cb, row_cb, &r) != got - skip) {
			diag_add(d, "%s: line %ld: %s", path, r.line,
				 csv_strerror(csv_error(&p)));
			goto fail;
		}
	}
	if (ferror(f)) {
		diag_add(d, "%s: read error", path);
		goto fail;
	}
	if (csv_fini(&p, field_cb, row_cb, &r) != 0 && !r.failed) {
		diag_add(d, "%s: line %ld: %s", path, r.line, csv_strerror(csv_error(&p)));
		goto fail;
	}
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
	if (hours_out)
		*hours_out = r.hours;
	*n_out = r.n;
	return 0;
fail:
	if (parser_ok)
		csv_free(&p);
	fclose(f);
	free(r.vals);
	free(r.hours);
	return -1;
}

int trace_column_read(const char *path, const char *column, int require_nonnegative,
		      double **out, size_t *n_out, struct diag *d)
{
	struct column_reader r = { .path = path, .column = column, .d = d,
				   .line = 1, .target = -1, .time_target = -1,
				   .require_nonnegative = require_nonnegative };
	return read_columns(&r, out, NULL, n_out);
}

int trace_column_read_range(const char *path, const char *column, double lo, double hi,
			    const char *why, double **out, size_t *n_out, struct diag *d)
{
	struct column_reader r = { .path = path, .column = column, .d = d,
				   .line = 1, .target = -1, .time_target = -1,
				   .ranged = 1, .lo = lo, .hi = hi, .why = why };
	return read_columns(&r, out, NULL, n_out);
}

int trace_column_read_timed(const char *path, const char *time_column, const char *column,
			    double **out, double **hours_out, size_t *n_out, struct diag *d)
{
	struct column_reader r = { .path = path, .column = column, .time_column = time_column,
				   .d = d, .line = 1, .target = -1, .time_target = -1 };
	*hours_out = NULL;
	return read_columns(&r, out, hours_out, n_out);
}
