/*
 * report_svg.h - charts for report.html, drawn by gnuplot's svg terminal.
 *
 * A batch: the caller writes each chart's gnuplot commands (data inline
 * as datablocks) after report_svg_chart, then report_svg_run runs one
 * gnuplot process for the whole batch and reads back each chart's SVG.
 */
#ifndef DCSIM_REPORT_SVG_H
#define DCSIM_REPORT_SVG_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"

struct report_svg {
	char dir[64];     /* a private temporary directory */
	FILE *script;
	size_t n;         /* charts begun */
	char **svg;       /* n, after run: the <svg>...</svg> text, or NULL */
};

/* The Okabe-Ito colour-blind-safe palette (M. Okabe and K. Ito, "Color
 * Universal Design", 2008; also B. Wong, Nature Methods 8:441, 2011),
 * black last: blue, orange, bluish green, vermillion, sky blue, reddish
 * purple, yellow, black. gnuplot line types 1-8 are set to it. */
extern const char *const report_svg_palette[8];

/* 0, or -1 with a message (no gnuplot on PATH: exit 1 for the caller). */
int report_svg_begin(struct report_svg *s, struct diag *d);
/* Start chart number s->n (returned) of width x height pixels; the
 * caller then writes its commands to s->script. */
size_t report_svg_chart(struct report_svg *s, int width, int height);
/* Run gnuplot over the batch; 0, or -1 with its error output. */
int report_svg_run(struct report_svg *s, struct diag *d);
void report_svg_fini(struct report_svg *s);

/* Is prog (no slash) an executable on PATH? */
int report_svg_on_path(const char *prog);
/* The gnuplot commands every chart and plot script starts with: the
 * palette as line types 1-8, a grid, the key outside the data. */
void report_svg_style(FILE *f);

#endif
