/*
 * weather_file.c - hourly weather from EnergyPlus EPW files and simple
 * CSVs, read with libcsv's streaming parser.
 *
 * EPW (EnergyPlus Auxiliary Programs, "Weather Converter", EPW data
 * dictionary): 8 header records, then one record per hour of 35 fields,
 * 8,760 of them (8,784 in a leap year);
 * field 4 the hour 1-24, fields 7-10 dry bulb C, dew point C, relative
 * humidity %, station pressure Pa. Both CRLF and LF files occur (libcsv
 * ends a record at either). The missing-value codes (99.9 C, 999 %,
 * 999999 Pa) are errors here, not data. Line numbers in messages count
 * records from 1, which match lines for files without quoted newlines.
 * The wet bulb of each hour comes from psychro.c at the hour's pressure.
 * The file must be regular and at most 64 MiB (data_file.c); a NUL byte
 * in any field, loose quoting and hex numbers are errors (as in
 * trace_column.c).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "data_file.h"
#include "psychro.h"
#include "weather_file.h"

enum file_kind { KIND_EPW, KIND_CSV };

struct reader {
	enum file_kind kind;
	const char *path;
	struct diag *d;
	long line;       /* record being parsed, 1-based */
	long field;
	int failed;
	double p_default; /* CSV: pressure for every hour */
	double f[4];      /* this row: dry, dew or RH, RH, pressure */
	int have[4];
	double *dry, *dew, *wet;
	size_t n, cap;
	double utc_offset_h; /* EPW: LOCATION field 9 */
};

#define EPW_HEADER_LINES 8

/* "FILE: line N: MSG "the field"" */
static void fail(struct reader *r, const char *msg, const char *s, size_t len)
{
	diag_add(r->d, "%s: line %ld: %s \"%.*s\"", r->path, r->line, msg,
		 (int)(len > 40 ? 40 : len), s);
	r->failed = 1;
}

static int parse_number(const char *s, size_t len, double *out)
{
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	char buf[64];
	if (len == 0 || len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	char *end;
	errno = 0;
	double v = strtod(buf, &end);
	if (*end != '\0' || !isfinite(v) || memchr(buf, 'x', len) || memchr(buf, 'X', len))
		return -1; /* decimal only: strtod would also read "0x10" as 16 */
	*out = v;
	return 0;
}

/* Which slot of r->f a field fills, or -1; EPW also checks the hour. */
static int slot_of(const struct reader *r, long field)
{
	if (r->kind == KIND_EPW)
		return field >= 6 && field <= 9 ? (int)(field - 6) : (field == 3 ? 9 : -1);
	return field == 1 ? 0 : (field == 2 ? 2 : -1);
}

static void field_cb(void *data, size_t len, void *ctx)
{
	struct reader *r = ctx;
	long fi = r->field++;
	if (r->failed)
		return;
	if (data_file_check_nul(r->path, r->line, data, len, r->d) != 0) {
		r->failed = 1;
		return;
	}
	if (r->kind == KIND_EPW && r->line == 1 && fi == 8) {
		double tz;
		if (parse_number(data, len, &tz) == 0 && tz >= -12 && tz <= 14)
			r->utc_offset_h = tz; /* LOCATION: time zone, hours from GMT */
		return;
	}
	if ((r->kind == KIND_EPW && r->line <= EPW_HEADER_LINES) ||
	    (r->kind == KIND_CSV && r->line == 1))
		return;
	int slot = slot_of(r, fi);
	if (slot < 0)
		return;
	static const char *const epw_names[] = { "field 7 (dry bulb)", "field 8 (dew point)",
						 "field 9 (relative humidity)",
						 "field 10 (pressure)" };
	static const char *const csv_names[] = { "column 2 (dry bulb)", "",
						 "column 3 (relative humidity)", "" };
	char msg[128];
	double v;
	if (parse_number(data, len, &v) != 0) {
		snprintf(msg, sizeof msg, "%s is not a finite number:",
			 slot == 9 ? "field 4 (hour)"
				   : (r->kind == KIND_EPW ? epw_names[slot] : csv_names[slot]));
		fail(r, msg, data, len);
		return;
	}
	if (slot == 9) {
		long want = (long)(r->n % 24) + 1;
		if (v != (double)want) {
			snprintf(msg, sizeof msg, "field 4 (hour) should be %ld: only hourly EPW "
				 "files starting at hour 1 are read, got", want);
			fail(r, msg, data, len);
		}
		return;
	}
	r->f[slot] = v;
	r->have[slot] = 1;
}

static int push(struct reader *r, double dry, double dew, double wet)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 8760;
		double *a = realloc(r->dry, cap * sizeof *a);
		if (a)
			r->dry = a;
		double *b = a ? realloc(r->dew, cap * sizeof *b) : NULL;
		if (b)
			r->dew = b;
		double *c = b ? realloc(r->wet, cap * sizeof *c) : NULL;
		if (!c)
			return -1;
		r->wet = c;
		r->cap = cap;
	}
	r->dry[r->n] = dry;
	r->dew[r->n] = dew;
	r->wet[r->n] = wet;
	r->n++;
	return 0;
}

/* The rules a row must meet; a message naming the value when not. */
static void row_values(struct reader *r)
{
	char msg[200];
	double dry = r->f[0], rh = r->f[2] / 100.0;
	double p = r->kind == KIND_EPW ? r->f[3] : r->p_default;
	int need = r->kind == KIND_EPW ? 4 : 3;
	for (int i = 0; i < need; i++) {
		if (r->kind == KIND_CSV && (i == 1 || i == 3))
			continue;
		if (!r->have[i]) {
			snprintf(msg, sizeof msg, "%s: line %ld: row has %ld fields, %s",
				 r->path, r->line, r->field,
				 r->kind == KIND_EPW ? "an EPW data row has 35 (dry bulb is field 7)"
						     : "need time, dry bulb C, relative humidity %");
			diag_add(r->d, "%s", msg);
			r->failed = 1;
			return;
		}
	}
	const char *bad = NULL;
	double val = 0;
	if (!(dry >= -70 && dry <= 70)) {
		bad = "dry bulb must be in [-70, 70] C (EPW's missing code is 99.9)";
		val = dry;
	} else if (r->kind == KIND_EPW && !(r->f[1] >= -90 && r->f[1] <= 70)) {
		bad = "dew point must be in [-90, 70] C (EPW's missing code is 99.9)";
		val = r->f[1];
	} else if (!(rh >= 0 && rh <= 1.1)) {
		bad = "relative humidity must be in [0, 110] % (EPW's missing code is 999)";
		val = r->f[2];
	} else if (!(p >= 30000 && p <= 120000)) {
		bad = "pressure must be in [30000, 120000] Pa (EPW's missing code is 999999)";
		val = p;
	}
	if (bad) {
		diag_add(r->d, "%s: line %ld: %s, got %g", r->path, r->line, bad, val);
		r->failed = 1;
		return;
	}
	/* Rounding in the files can put the dew point a tenth above the dry
	 * bulb: that is saturated air. */
	double dew = r->kind == KIND_EPW ? r->f[1]
					 : (rh > 0 ? psychro_dew_point_c(dry, rh > 1 ? 1 : rh) : -90);
	if (dew > dry)
		dew = dry;
	double wet = psychro_wet_bulb_c(dry, dew, p);
	if (!isfinite(wet)) {
		diag_add(r->d, "%s: line %ld: no wet bulb for dry bulb %g C, dew point %g C, %g Pa",
			 r->path, r->line, dry, dew, p);
		r->failed = 1;
		return;
	}
	if (push(r, dry, dew, wet) != 0) {
		diag_oom(r->d, "%s: out of memory", r->path);
		r->failed = 1;
	}
}

static void row_cb(int term, void *ctx)
{
	(void)term;
	struct reader *r = ctx;
	int header = (r->kind == KIND_EPW && r->line <= EPW_HEADER_LINES) ||
		     (r->kind == KIND_CSV && r->line == 1);
	if (!r->failed && !header)
		row_values(r);
	r->line++;
	r->field = 0;
	memset(r->have, 0, sizeof r->have);
}

static int read_file(struct reader *r, struct weather *w)
{
	memset(w, 0, sizeof *w);
	struct csv_parser p;
	FILE *f = data_file_open(r->path, r->d);
	if (!f)
		return -1;
	if (csv_init(&p, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI) != 0) {
		fclose(f);
		diag_oom(r->d, "%s: out of memory", r->path);
		return -1;
	}
	char buf[65536];
	size_t got, total = 0;
	while (!r->failed && (got = fread(buf, 1, sizeof buf, f)) > 0) {
		if (data_file_count(r->path, got, &total, r->d) != 0) {
			r->failed = 1;
			break;
		}
		if (csv_parse(&p, buf, got, field_cb, row_cb, r) != got) {
			diag_add(r->d, "%s: line %ld: %s", r->path, r->line,
				 csv_strerror(csv_error(&p)));
			r->failed = 1;
		}
	}
	if (!r->failed && ferror(f)) {
		diag_add(r->d, "%s: read error", r->path);
		r->failed = 1;
	}
	if (!r->failed && csv_fini(&p, field_cb, row_cb, r) != 0 && !r->failed) {
		diag_add(r->d, "%s: line %ld: %s", r->path, r->line, csv_strerror(csv_error(&p)));
		r->failed = 1;
	}
	csv_free(&p);
	fclose(f);
	if (!r->failed && r->n == 0) {
		diag_add(r->d, "%s: no hourly rows%s", r->path,
			 r->kind == KIND_EPW ? " after the 8 EPW header lines" : " after the header");
		r->failed = 1;
	}
	/* An EPW file is a year (TMY or actual): a short one is cut off or not
	 * hourly, and would wrap silently. */
	if (!r->failed && r->kind == KIND_EPW && r->n != 8760 && r->n != 8784) {
		diag_add(r->d, "%s: %zu hourly rows: an EPW file holds one year, 8760 rows (8784 "
			    "in a leap year)", r->path, r->n);
		r->failed = 1;
	}
	if (r->failed) {
		free(r->dry);
		free(r->dew);
		free(r->wet);
		return -1;
	}
	w->n_hours = r->n;
	w->utc_offset_h = r->utc_offset_h;
	w->dry_c = r->dry;
	w->dew_c = r->dew;
	w->wet_c = r->wet;
	return 0;
}

int weather_read_epw(struct weather *w, const char *path, struct diag *d)
{
	struct reader r = { .kind = KIND_EPW, .path = path, .d = d, .line = 1,
			    .utc_offset_h = NAN };
	return read_file(&r, w);
}

int weather_read_csv(struct weather *w, const char *path, double p_pa, struct diag *d)
{
	struct reader r = { .kind = KIND_CSV, .path = path, .d = d, .line = 1,
			    .p_default = p_pa, .utc_offset_h = NAN };
	return read_file(&r, w);
}
