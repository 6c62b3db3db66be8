/*
 * report_html.h - report.html: one self-contained page of a results
 * directory (a run's or a sweep's), with inline SVG charts and CSS.
 */
#ifndef DCSIM_REPORT_HTML_H
#define DCSIM_REPORT_HTML_H

#include "diag.h"

/* Write dir/report.html for the run or sweep in dir (a sweep also writes
 * the report of each kept run in dir/runs/). 0; REPORT_BAD_RESULTS when
 * dir holds no results, or a results file is not as dcsim writes it (the
 * message names the file, the line and the rule); -1 otherwise (gnuplot
 * missing, out of memory, a write error), with a message. */
enum { REPORT_BAD_RESULTS = -2 };
int report_html_write(const char *dir, struct diag *d);

#endif
