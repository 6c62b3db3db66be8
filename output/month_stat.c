/*
 * month_stat.c - statistics over a run's months (month_stat.h). The
 * columns come from MONTH_COLUMNS (run_result.h), the table monthly.csv
 * is written from, so a name here is a column there.
 */
#include "month_stat.h"

#include <math.h>
#include <string.h>

#define MONTH_NAME(kind, field, what) #field,
static const char *const names[] = { MONTH_COLUMNS(MONTH_NAME) NULL };
#undef MONTH_NAME

const char *const *month_stat_names(void)
{
	return names;
}

int month_stat_column(const char *name)
{
	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

/* Column `column` of month m as a number. */
static double cell(const struct month_record *m, int column)
{
	int i = 0;
#define MONTH_GET(kind, field, what)                                                   \
	if (i++ == column)                                                             \
		return (double)m->field;
	MONTH_COLUMNS(MONTH_GET)
#undef MONTH_GET
	return (double)NAN;
}

double month_stat_value(const struct run_result *r, int column, enum month_stat stat)
{
	if (r->n_months == 0)
		return (double)NAN;
	double acc = stat == MONTH_STAT_MAX ? -INFINITY : stat == MONTH_STAT_MIN ? INFINITY : 0;
	for (size_t i = 0; i < r->n_months; i++) {
		double v = cell(&r->months[i], column);
		if (isnan(v))
			return (double)NAN;
		acc = stat == MONTH_STAT_MAX ? fmax(acc, v) : stat == MONTH_STAT_MIN ? fmin(acc, v)
										: acc + v;
	}
	return stat == MONTH_STAT_MEAN ? acc / (double)r->n_months : acc;
}
