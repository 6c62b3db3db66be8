/*
 * report.h - text for people: the KPIs after a run, a scenario, the catalog.
 */
#ifndef DCSIM_REPORT_H
#define DCSIM_REPORT_H

#include <stdio.h>

#include "run_result.h"
#include "scenario.h"

/* report_kpis.c: the KPIs after a run, from the KPI table (kpi.h). */
void report_print_kpis(FILE *f, const struct scenario *sc, const struct run_result *r,
		       const char *dir);
/* One screen describing a resolved scenario (dcsim validate). */
void report_print_scenario(FILE *f, const struct scenario *sc);
/* The built-in catalog with sources (dcsim catalog). */
void report_print_catalog(FILE *f);
/* Its cooling part: technologies, their defaults, and the weather sites. */
void report_print_cooling_catalog(FILE *f);
/* report_grid.c: the shipped grid regions, and a scenario's grid signals. */
void report_print_grid_catalog(FILE *f);
void report_grid(FILE *f, const struct scenario *sc);

#endif
