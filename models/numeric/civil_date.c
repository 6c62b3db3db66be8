/*
 * civil_date.c - Gregorian dates as day numbers.
 *
 * days_from_civil and civil_from_days are Howard Hinnant's algorithms
 * ("chrono-Compatible Low-Level Date Algorithms",
 * howardhinnant.github.io/date_algorithms.html, public domain): the year
 * is shifted to start on 1 March so the leap day is the last of its year,
 * and counted in 400-year eras of 146,097 days. C11 has no timegm (it is
 * POSIX-less and time_t-bound); these are exact for any int64 year we
 * meet (runs are at most ten years long).
 */
#include "civil_date.h"

#include <stdio.h>

int64_t civil_days_from_date(int64_t y, int m, int d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const int64_t yoe = y - era * 400;                                  /* [0, 399] */
	const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
	const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

void civil_date_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const int64_t doe = z - era * 146097;
	const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int civil_is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int civil_month_days(int64_t y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && civil_is_leap(y) ? 29 : days[m - 1];
}

int civil_typical_day_of_year(int64_t y, int m, int d)
{
	(void)y;
	if (m == 2 && d == 29)
		d = 28;
	/* any non-leap year gives the 365-day numbering; 2001 is one */
	return (int)(civil_days_from_date(2001, m, d) - civil_days_from_date(2001, 1, 1)) + 1;
}

void civil_format_minute(int64_t m, char *out, size_t n)
{
	int64_t days = m >= 0 ? m / 1440 : (m - 1439) / 1440, y;
	int mo, d, mod = (int)(m - days * 1440);
	civil_date_from_days(days, &y, &mo, &d);
	snprintf(out, n, "%04lld-%02d-%02dT%02d:%02d", (long long)y, mo, d, mod / 60, mod % 60);
}
