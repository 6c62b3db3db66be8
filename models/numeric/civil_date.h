/*
 * civil_date.h - dates of the proleptic Gregorian calendar as day
 * numbers, for the run's calendar (calendar.start, monthly.csv, the
 * local time column). Pure functions, no time zones: a date is local
 * standard time at the site, as typical-year weather files are.
 */
#ifndef DCSIM_CIVIL_DATE_H
#define DCSIM_CIVIL_DATE_H

#include <stddef.h>
#include <stdint.h>

/* Days from 1970-01-01 to y-m-d (m 1..12, d 1..31); negative before. */
int64_t civil_days_from_date(int64_t y, int m, int d);
/* The inverse: the date of day number z. */
void civil_date_from_days(int64_t z, int64_t *y, int *m, int *d);
int civil_is_leap(int64_t y);
/* Days in month m of year y. */
int civil_month_days(int64_t y, int m);
/* Day of the year in a 365-day typical year (1 = 1 January): a typical
 * meteorological year has no 29 February, so 29 February is read as 28
 * February and the later days of a leap year shift back by one. */
int civil_typical_day_of_year(int64_t y, int m, int d);

/* "YYYY-MM-DDTHH:MM" of minute m since 1970-01-01 00:00 into out (at
 * least 17 bytes). */
void civil_format_minute(int64_t m, char *out, size_t n);

#endif
