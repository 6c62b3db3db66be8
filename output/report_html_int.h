/*
 * report_html_int.h - what the report's files share (report_html.c, the
 * page; report_html_run.c, a run's sections; report_html_sweep.c, a
 * sweep's). Not for use outside output/report_html*.c.
 */
#ifndef DCSIM_REPORT_HTML_INT_H
#define DCSIM_REPORT_HTML_INT_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "report_svg.h"
#include "report_table.h"
#include "resolved_meta.h"

/* A piece of the page: HTML text, or a figure (chart >= 0) with its
 * title and caption (plain text, escaped when written). */
struct page_block {
	char *html;
	long chart;
	char *title, *caption;
};

struct page {
	const char *dir;
	struct diag *d;     /* a results file that is not as dcsim writes it */
	struct resolved_meta meta;
	struct report_svg svg;
	struct page_block *blocks;
	size_t n, cap;
	int failed;
};

/* Escaped text into f. */
void page_escape(FILE *f, const char *s);
/* Append HTML text (printf-style, not escaped). */
void page_html(struct page *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An HTML block built with stdio, escaping into it: page_block_open
 * starts one (NULL, and p->failed, when memory runs out), and
 * page_block_close appends what was written to the page. */
struct page_stream {
	char *buf;
	size_t len;
};
FILE *page_block_open(struct page *p, struct page_stream *s);
void page_block_close(struct page *p, struct page_stream *s, FILE *f);
/* Append plain text, escaped. */
void page_text(struct page *p, const char *text);
/* Append a heading h2 of plain text. */
void page_section(struct page *p, const char *title);
/* Start a figure: its chart's commands go to p->svg.script next. */
FILE *page_figure(struct page *p, int width, int height, const char *title,
		  const char *caption);
/* An escaped table of a CSV file, first max_rows rows (0: all). */
void page_table(struct page *p, const struct report_table *t, size_t max_rows);
/* A number as the tables print it: %.4g-like, grouped, no exponent for
 * ordinary magnitudes; NaN as an empty cell. */
void page_number(char *buf, size_t size, double v, int decimals);

/* snprintf that may cut the text (titles, captions, column names). */
void page_fmt(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* gnuplot text literal: s between single quotes, quotes doubled. */
void gp_string(FILE *f, const char *s);
/* A text cell of a datablock: gnuplot reads data strings between double
 * quotes (with no escape: a double quote becomes a single one). */
void gp_datum(FILE *f, const char *s);

int report_run_sections(struct page *p);
int report_sweep_sections(struct page *p);
/* The KPI table of summary.csv row `row` (report_html_run.c). */
void report_kpi_table(struct page *p, const struct report_table *summary, size_t row,
		      const struct report_table *chain, int with_components);

#endif
