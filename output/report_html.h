/*
 * report_html.h - report.html: one self-contained page of a results
 * directory (a run's or a sweep's), with inline SVG charts and CSS.
 */
#ifndef DCSIM_REPORT_HTML_H
#define DCSIM_REPORT_HTML_H

#include "diag.h"

/* Write dir/report.html for the run or sweep in dir (a sweep also writes
 * the report of each kept run in dir/runs/). 0, or -1 with a message
 * (gnuplot missing, no results in dir, a write error). */
int report_html_write(const char *dir, struct diag *d);

#endif
