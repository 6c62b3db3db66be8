/*
 * month_stat.h - a statistic over a run's calendar months (monthly.csv):
 * the largest, smallest or mean of one column, for plan constraints such
 * as "max monthly_facility_peak_kw <= 40000" (the highest month's peak).
 *
 * The mean is the months' plain mean (each month counts once, however
 * many of its hours the window holds). A run without months, or a month
 * without the value (NaN), gives NaN: no value.
 */
#ifndef DCSIM_MONTH_STAT_H
#define DCSIM_MONTH_STAT_H

#include "run_result.h"

enum month_stat { MONTH_STAT_MAX = 1, MONTH_STAT_MIN, MONTH_STAT_MEAN };

/* The column of monthly.csv named name (a MONTH_COLUMNS field), or -1. */
int month_stat_column(const char *name);
/* The names of the columns, NULL-terminated (for "did you mean"). */
const char *const *month_stat_names(void);
double month_stat_value(const struct run_result *r, int column, enum month_stat stat);

#endif
