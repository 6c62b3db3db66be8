/*
 * scenario_grid.c - the grid section: the carbon intensity and price of
 * the electricity the facility draws.
 *
 *   "grid": { "carbon": "pjm",                     (a shipped series)
 *             "price": [35, 35, ..., 80, 80, 40],  (24 values by local hour)
 *             "utc_offset_h": -5 }
 *   "carbon": 380                                  (a constant)
 *   "carbon": { "file": "ci.csv", "time_column": "timestamp", "column": "avg_CI" }
 *
 * Carbon is in g CO2e per kWh (location-based, >= 0), price in USD per MWh
 * (negative hours exist in real markets). utc_offset_h, the site's
 * standard time from UTC, places the run's local clock against UTC
 * series; it defaults to the weather file's time zone (EPW) and is
 * required for a file series when the weather gives none.
 * start_day_of_year follows the weather's, or is given here without one.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"

static int read_file_signal(struct jfield *j, const cJSON *o, const char *path,
			    const char *base_dir, struct grid_signal *s)
{
	static const char *const keys[] = { "file", "column", "time_column", NULL };
	int rc = jfield_check_keys(j, o, path, keys);
	rc |= jfield_string(j, o, path, "file", 1, NULL, &s->file);
	rc |= jfield_string(j, o, path, "column", 1, NULL, &s->column);
	rc |= jfield_string(j, o, path, "time_column", 0, "timestamp", &s->time_column);
	if (rc != 0)
		return -1;
	s->source = GRID_SIGNAL_FILE;
	if (scenario_join_path(base_dir, s->file, &s->path) != 0) {
		jfield_error(j, path, "out of memory");
		return -1;
	}
	return 0;
}

static int read_region(struct jfield *j, const char *path, const char *name,
		       const char *data_dir, struct grid_signal *s)
{
	const struct grid_region *g = grid_region_find(name);
	if (!g) {
		char list[256] = "";
		for (size_t i = 0; i < grid_region_count(); i++) {
			size_t used = strlen(list);
			snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "",
				 grid_region_at(i)->name);
		}
		jfield_error(j, path, "unknown region \"%s\" (regions: %s; or give a number, 24 "
			     "hourly values or {\"file\": ..., \"column\": ...})", name, list);
		return -1;
	}
	s->source = GRID_SIGNAL_FILE;
	s->region = strdup(name);
	s->file = strdup(g->file);
	s->time_column = strdup(g->time_column);
	s->column = strdup(g->column);
	if (!s->region || !s->file || !s->time_column || !s->column ||
	    scenario_join_path(data_dir, s->file, &s->path) != 0) {
		jfield_error(j, path, "out of memory");
		return -1;
	}
	return 0;
}

/* One signal at root.grid.key; lo is its least value. */
static int read_signal(struct jfield *j, const cJSON *grid, const char *key, double lo,
		       const char *base_dir, const char *data_dir, struct grid_signal *s)
{
	char path[JPATH_MAX];
	jfield_path(path, "grid", key);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(grid, key);
	if (!v)
		return 0;
	if (cJSON_IsNumber(v)) {
		s->source = GRID_SIGNAL_CONSTANT;
		return jfield_number_in(j, grid, "grid", key, 1, 0, lo, 0, 1e6, 0, &s->constant);
	}
	if (cJSON_IsString(v))
		return read_region(j, path, v->valuestring, data_dir, s);
	if (cJSON_IsObject(v))
		return read_file_signal(j, v, path, base_dir, s);
	if (cJSON_IsArray(v) && cJSON_GetArraySize(v) == 24) {
		s->source = GRID_SIGNAL_PROFILE;
		for (int h = 0; h < 24; h++) {
			const cJSON *x = cJSON_GetArrayItem(v, h);
			if (!cJSON_IsNumber(x) || !(x->valuedouble >= lo && x->valuedouble <= 1e6)) {
				char p[JPATH_MAX];
				jfield_index(p, path, h);
				jfield_error(j, p, "must be a number in [%g, 1e6]", lo);
				return -1;
			}
			s->profile[h] = x->valuedouble;
		}
		return 0;
	}
	jfield_error(j, path, "must be a number, 24 values by local hour, a region name or "
		     "{\"file\": ..., \"column\": ...}, got %s", jfield_type_name(v));
	return -1;
}

static int load_signal(struct jfield *j, const char *key, struct grid_signal *s)
{
	if (s->source != GRID_SIGNAL_FILE)
		return 0;
	if (grid_signal_read(s, j->d) != 0) {
		char path[JPATH_MAX];
		jfield_path(path, "grid", key);
		jfield_error(j, path, "the series above could not be read");
		return -1;
	}
	return 0;
}

int scenario_read_grid(struct jfield *j, const cJSON *root, const char *base_dir,
		       const char *data_dir, struct scenario *sc)
{
	static const char *const keys[] = { "carbon", "price", "utc_offset_h", "start_day_of_year",
					    NULL };
	const cJSON *g;
	struct grid_spec *gs = &sc->grid;
	const struct weather_spec *ws = &sc->weather;
	gs->start_day_of_year = ws->source != WEATHER_NONE ? ws->start_day_of_year : 1;
	gs->utc_offset_h = 0;
	if (jfield_object(j, root, "", "grid", 0, &g) != 0)
		return -1;
	if (!g)
		return 0;
	gs->present = 1;
	int rc = jfield_check_keys(j, g, "grid", keys);
	rc |= read_signal(j, g, "carbon", 0, base_dir, data_dir, &gs->carbon);
	rc |= read_signal(j, g, "price", -1e4, base_dir, data_dir, &gs->price);
	if (cJSON_GetObjectItemCaseSensitive(g, "start_day_of_year")) {
		if (ws->source != WEATHER_NONE) {
			jfield_error(j, "grid.start_day_of_year", "the weather's start_day_of_year "
				     "sets it: give it there");
			rc = -1;
		} else {
			rc |= jfield_number_in(j, g, "grid", "start_day_of_year", 0, 1, 1, 0, 366, 0,
					       &gs->start_day_of_year);
		}
	}
	double tz = ws->source != WEATHER_NONE ? ws->series.utc_offset_h : (double)NAN;
	int needs_tz = gs->carbon.source == GRID_SIGNAL_FILE || gs->price.source == GRID_SIGNAL_FILE;
	if (!cJSON_GetObjectItemCaseSensitive(g, "utc_offset_h") && needs_tz && isnan(tz) &&
	    rc == 0) {
		jfield_error(j, "grid.utc_offset_h", "required: the series are in UTC and the "
			     "weather gives no time zone (e.g. -5 for US Eastern standard time)");
		rc = -1;
	}
	rc |= jfield_number_in(j, g, "grid", "utc_offset_h", 0, isnan(tz) ? 0 : tz, -12, 0, 14, 0,
			       &gs->utc_offset_h);
	if (rc == 0)
		rc = load_signal(j, "carbon", &gs->carbon) | load_signal(j, "price", &gs->price);
	return rc;
}
