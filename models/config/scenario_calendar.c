/*
 * scenario_calendar.c - the calendar section: the date and hour the run
 * starts, in the site's local standard time.
 *
 *   "calendar": { "start": "2025-07-01T00:00" }
 *
 * The typical-year weather (and the grid's typical-year series, which
 * follow the weather's start day, or this one without weather) is
 * mapped onto the date: every hour of the run reads the typical year's
 * hour of the same month, day and hour (scenario_local_hour), so a run
 * of several years reads the typical year again each 1 January. A
 * typical year has 365 days: 29 February reads 28 February's hours. The
 * hour must be whole: the series are hourly. weather.start_day_of_year (and
 * grid.start_day_of_year without weather) may still be given, as
 * resolved.json does, but must agree with the date.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "civil_date.h"
#include "scenario_int.h"

static const struct scenario_field calendar_fields[] = {
	{ STRING(struct calendar_spec, start), .flags = FIELD_REQUIRED | FIELD_HAND,
	  .dflt_doc = "required",
	  .doc = "local standard time of the run's first tick, YYYY-MM-DDTHH:00 (years "
		 "1900-2200); sets the weather's start day and names the months of "
		 "monthly.csv" },
	FIELDS_END,
};

const struct scenario_section scenario_calendar_section = {
	"calendar", "The run's date: monthly.csv, the local_time column, the weather's day.",
	calendar_fields, NULL, .streams = NULL,
};

/* "YYYY-MM-DDTHH:MM" into c, or an error naming the rule. */
static int parse_start(struct jfield *j, const char *s, struct calendar_spec *c)
{
	int y, mo, d, h, mi, n = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 ||
	    (size_t)n != strlen(s) || strlen(s) != 16) {
		jfield_error(j, "calendar.start", "must be a date and hour YYYY-MM-DDTHH:MM, "
			     "got \"%s\"", s);
		return -1;
	}
	if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 ||
	    d > civil_month_days(y, mo) || h > 23) {
		jfield_error(j, "calendar.start", "\"%s\" is not a date between 1900 and 2200", s);
		return -1;
	}
	if (mi != 0) {
		jfield_error(j, "calendar.start", "must start on the hour (the weather and grid "
			     "series are hourly), got minute %d", mi);
		return -1;
	}
	c->year = y;
	c->month = mo;
	c->day = d;
	c->hour = h;
	c->typical_day = civil_typical_day_of_year(y, mo, d) + h / 24.0;
	return 0;
}

int scenario_read_calendar(struct jfield *j, const cJSON *root, struct scenario *sc)
{
	const cJSON *o;
	if (jfield_object(j, root, "", "calendar", 0, &o) != 0)
		return -1;
	if (!o)
		return 0;
	if (scenario_table_check_keys(j, o, "calendar", calendar_fields) != 0 ||
	    scenario_table_read_key(j, o, "calendar", calendar_fields, "start", &sc->calendar,
				    0) != 0)
		return -1;
	if (parse_start(j, sc->calendar.start, &sc->calendar) != 0)
		return -1;
	sc->calendar.on = 1;
	return 0;
}

/* A start_day_of_year given beside the calendar must be the date's. */
int scenario_calendar_day(struct jfield *j, const cJSON *o, const char *path,
			  const struct scenario *sc, double *day)
{
	if (!sc->calendar.on)
		return 0;
	if (o && cJSON_GetObjectItemCaseSensitive(o, "start_day_of_year") &&
	    *day != sc->calendar.typical_day) {
		jfield_error(j, path, "calendar.start %s is typical-year day %.17g: give one or "
			     "the other, or the same day", sc->calendar.start,
			     sc->calendar.typical_day);
		return -1;
	}
	*day = sc->calendar.typical_day;
	return 0;
}

double scenario_local_hour(const struct scenario *sc, double start_day, size_t h)
{
	const struct calendar_spec *c = &sc->calendar;
	if (!c->on)
		return (start_day - 1.0) * 24.0 + (double)h;
	int64_t at = civil_days_from_date(c->year, c->month, c->day) * 24 + c->hour + (int64_t)h;
	int64_t y;
	int m, d;
	civil_date_from_days(at / 24, &y, &m, &d); /* at >= 0: years from 1900 */
	return (double)((civil_typical_day_of_year(y, m, d) - 1) * 24 + (int)(at % 24));
}
