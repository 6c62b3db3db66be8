/*
 * kpi_json.c - KPIs as JSON (see kpi_json.h).
 *
 * Strings are escaped as RFC 8259 section 7 asks: the quote, the
 * backslash and every control character below 0x20; other bytes pass
 * through (the loader has checked every scenario string is UTF-8).
 */
#include "kpi_json.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "report_table.h"

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* A number as csv_out_num writes it; NaN and infinities (empty cells) as null. */
static void json_number(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "%.10g", v == 0 ? 0.0 : v);
	else
		fputs("null", f);
}

void kpi_json_row(FILE *f, const struct summary_row *row)
{
	fputc('{', f);
	for (size_t i = 0; i < row->n; i++) {
		const struct summary_field *x = &row->f[i];
		if (i)
			fputs(", ", f);
		json_string(f, x->name);
		fputs(": ", f);
		switch (x->kind) {
		case SUMMARY_STR:
			json_string(f, x->s);
			break;
		case SUMMARY_NUM:
			json_number(f, x->v);
			break;
		case SUMMARY_U64:
			fprintf(f, "%" PRIu64, x->u);
			break;
		}
	}
	fputs("}\n", f);
}

/* Is s a number in JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int is_json_number(const char *s)
{
	const char *p = s;
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return 0;
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

static void json_cell(FILE *f, const char *cell, enum kpi_json_kind k)
{
	if (k != KPI_JSON_TEXT && !cell[0])
		fputs("null", f);
	else if (k != KPI_JSON_TEXT && is_json_number(cell))
		fputs(cell, f); /* the CSV's own digits */
	else
		json_string(f, cell);
}

int kpi_json_csv(FILE *f, const char *dir, const char *name, const enum kpi_json_kind *kinds,
		 size_t n_kinds, struct diag *d)
{
	struct report_table t;
	int got = report_table_read(&t, dir, name, d);
	if (got != 0) {
		if (got > 0)
			diag_add(d, "%s/%s: missing: nothing to print as JSON", dir, name);
		report_table_fini(&t);
		return -1;
	}
	fputs("[\n", f);
	for (size_t r = 0; r < t.n_rows; r++) {
		fputs(r ? ",\n{" : "{", f);
		for (size_t c = 0; c < t.n_cols; c++) {
			const char *cell = report_table_text(&t, r, (long)c);
			if (c)
				fputs(", ", f);
			json_string(f, t.names[c]);
			fputs(": ", f);
			json_cell(f, cell ? cell : "", kinds && c < n_kinds ? kinds[c] : KPI_JSON_GUESS);
		}
		fputc('}', f);
	}
	fputs("\n]\n", f);
	report_table_fini(&t);
	return 0;
}
