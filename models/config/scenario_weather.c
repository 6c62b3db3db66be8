/*
 * scenario_weather.c - the weather section: a built-in site, a file, a
 * constant or a synthetic year, and the day of the year the run starts.
 *
 *   "weather": "ashburn"
 *   "weather": { "site": "phoenix", "start_day_of_year": 182 }
 *   "weather": { "file": "weather/my_site.epw" }            (EnergyPlus EPW)
 *   "weather": { "file": "frankfurt.csv", "elevation_m": 112 } (time, C, %)
 *   "weather": { "model": "constant", "dry_bulb_c": 20, "relative_humidity": 0.5 }
 *   "weather": { "model": "synthetic", "mean_c": 13, "annual_amplitude_k": 11,
 *                "daily_amplitude_k": 5, "relative_humidity": 0.65 }
 *
 * Sites resolve against the data directory (scenarios/ in the source
 * tree, share/dcsim/scenarios installed), files against the scenario's
 * folder. The series is read here, once, so a bad file is an input error
 * before anything runs; a sweep's scenarios borrow it from the sweep's
 * series_cache instead of each parsing it again. Only the air and liquid
 * technologies need weather; they require this section. The keys are
 * descriptor rows (scenario_table.h); which source, and its file, here.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "scenario_table.h"
#include "weather_file.h"

const char *const scenario_weather_format_names[] = { "epw", "csv", NULL };
const char *const scenario_weather_model_names[] = { "constant", "synthetic", NULL };

#define CONSTANT_ONLY .only = VARIANT(0) /* of scenario_weather_model_names */
#define SYNTHETIC_ONLY .only = VARIANT(1)
#define SYN(m)                                                                       \
	FIELD(#m, FIELD_NUMBER, struct weather_spec, synthetic.m), .flags = FIELD_HAND,      \
	SYNTHETIC_ONLY

/* Synthetic defaults: roughly Ashburn's TMY3 year (mean 12.7 C, warmest
 * late July, mid-afternoon peak). */
static const struct scenario_field weather_fields[] = {
	{ STRING(struct weather_spec, site), .flags = FIELD_HAND, .dflt_doc = "one of these three",
	  .doc = "a built-in site (`dcsim catalog`): its TMY3 file; `\"weather\": \"ashburn\"` "
		 "is short for this" },
	{ STRING(struct weather_spec, file), .flags = FIELD_HAND, .dflt_doc = "one of these three",
	  .doc = "an EPW or CSV (time, dry bulb C, relative humidity %) file, relative to the "
		 "scenario" },
	/* format and model: the walk never writes them (no offset); the
	 * emitter's hook does, from the same names */
	{ .key = "format", .type = FIELD_ENUM, .flags = FIELD_HAND,
	  .names = scenario_weather_format_names,
	  .dflt_doc = "by the file's suffix",
	  .doc = "file only" },
	{ .key = "model", .type = FIELD_ENUM, .flags = FIELD_HAND,
	  .names = scenario_weather_model_names,
	  .dflt_doc = "one of these three", .doc = "a model instead of a file" },
	{ NUM(struct weather_spec, dry_bulb_c), .flags = FIELD_HAND | FIELD_REQ_CUSTOM,
	  RANGE(-70, 70), CONSTANT_ONLY, .unit = "C", .dflt_doc = "required for constant",
	  .doc = "constant: the dry bulb" },
	{ SYN(mean_c), RANGE(-50, 50), DEFAULT(12.7), .unit = "C",
	  .doc = "synthetic: annual mean (Ashburn's TMY3 year)" },
	{ SYN(annual_amplitude_k), RANGE(0, 40), DEFAULT(12.0), .unit = "K",
	  .doc = "synthetic: half the seasonal swing" },
	{ SYN(daily_amplitude_k), RANGE(0, 20), DEFAULT(5.0), .unit = "K",
	  .doc = "synthetic: half the day-night swing" },
	{ SYN(hottest_day), RANGE(0, 365), .hi_open = 1, DEFAULT(200),
	  .doc = "synthetic: day of the year of the warmest (late July)" },
	{ SYN(hottest_hour), RANGE(0, 24), .hi_open = 1, DEFAULT(15), .unit = "h",
	  .doc = "synthetic: hour of the day of the warmest (mid-afternoon)" },
	{ NUM(struct weather_spec, relative_humidity), .flags = FIELD_HAND, RANGE(0, 1),
	  .lo_open = 1, DEFAULT(0.6), .only = VARIANT(0) | VARIANT(1),
	  .doc = "constant and synthetic models" },
	{ NUM(struct weather_spec, elevation_m), RANGE(-500, 6000), DEFAULT(0), .unit = "m",
	  .doc = "sets the air pressure of CSV, constant and synthetic weather (EPW files "
		 "give theirs)" },
	{ NUM(struct weather_spec, start_day_of_year), RANGE(1, 366), .hi_open = 1, DEFAULT(1),
	  .doc = "the run starts at 00:00 of this day, 1 = 1 January (a fraction: a later "
		 "hour); set by calendar.start when there is one" },
	FIELDS_END,
};

const struct scenario_section scenario_weather_section = {
	"weather",
	"A built-in site (a name, or `site`), a `file`, or a `model`: exactly one. Only "
	"the air and liquid technologies need weather.", weather_fields, NULL, .streams = NULL,
};

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	if (n < m)
		return 0;
	for (size_t i = 0; i < m; i++)
		if ((s[n - m + i] | 0x20) != suffix[i])
			return 0;
	return 1;
}

static int read_site(struct jfield *j, const char *path, const char *name,
		     const char *data_dir, struct weather_spec *w)
{
	const struct weather_site *site = weather_site_find(name);
	if (!site) {
		char list[256] = "";
		for (const struct weather_site *s = weather_sites; s->name; s++) {
			size_t used = strlen(list);
			snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", s->name);
		}
		jfield_error(j, path, "unknown site \"%s\" (sites: %s; or give a \"file\")", name,
			     list);
		return -1;
	}
	w->source = WEATHER_SITE;
	w->site = strdup(name);
	w->file = strdup(site->file);
	if (!w->site || !w->file || scenario_join_path(data_dir, w->file, &w->path) != 0) {
		jfield_oom(j, path);
		return -1;
	}
	w->is_epw = 1;
	return 0;
}

static const struct field_variants weather_models = {
	scenario_weather_model_names, 0, "only read for the ", " model",
};

/* A model: the keys the other one reads are errors; then its own rows. */
static int read_model(struct jfield *j, const cJSON *o, const char *path, struct weather_spec *w)
{
	int m;
	if (jfield_enum(j, o, path, "model", 1, 0, scenario_weather_model_names, &m) != 0)
		return -1;
	int rc = scenario_table_check_only(j, o, path, weather_fields, m, &weather_models);
	w->source = m == 0 ? WEATHER_CONSTANT : WEATHER_SYNTHETIC;
	for (const struct scenario_field *f = weather_fields; f->key; f++)
		if (f->only && scenario_field_applies(f, m))
			rc |= scenario_table_read_key(j, o, path, weather_fields, f->key, w, 1);
	w->synthetic.relative_humidity = w->relative_humidity;
	return rc;
}

/* A weather file parsed into a heap series, for the cache. */
struct file_args {
	const char *path;
	int is_epw;
	double p_pa;
};

static int parse_file(void *arg, void **value, struct diag *d)
{
	const struct file_args *a = arg;
	struct weather *w = malloc(sizeof *w);
	if (!w) {
		diag_oom(d, "%s: out of memory", a->path);
		return -1;
	}
	int rc = a->is_epw ? weather_read_epw(w, a->path, d)
			   : weather_read_csv(w, a->path, a->p_pa, d);
	if (rc != 0) {
		free(w);
		return -1;
	}
	*value = w;
	return 0;
}

static void free_parsed(void *value)
{
	weather_fini(value);
	free(value);
}

/* Read the file, or borrow it from the cache: the key holds all the parse
 * depends on (a CSV's humidity-to-wet-bulb conversion uses the pressure). */
static int read_file(const struct weather_spec *w, double p_pa, struct series_cache *cache,
		     struct weather *out, struct diag *d)
{
	if (!cache)
		return w->is_epw ? weather_read_epw(out, w->path, d)
				 : weather_read_csv(out, w->path, p_pa, d);
	struct file_args a = { w->path, w->is_epw, p_pa };
	void *v;
	int rc = w->is_epw ? series_cache_get(cache, parse_file, free_parsed, &a, &v, d,
					      "weather %s (epw)", w->path)
			   : series_cache_get(cache, parse_file, free_parsed, &a, &v, d,
					      "weather %s (csv at %.17g Pa)", w->path, p_pa);
	if (rc != 0)
		return -1;
	*out = *(const struct weather *)v;
	out->shared = 1;
	return 0;
}

static int load_series(struct jfield *j, const char *path, struct series_cache *cache,
		       struct weather_spec *w)
{
	double p = weather_pressure_at_elevation(w->elevation_m);
	int rc = 0;
	switch (w->source) {
	case WEATHER_SITE:
	case WEATHER_FILE:
		rc = read_file(w, p, cache, &w->series, j->d);
		if (rc != 0)
			jfield_error(j, path, "the weather file above could not be read");
		return rc;
	case WEATHER_CONSTANT:
		return weather_constant(&w->series, w->dry_bulb_c, w->relative_humidity, p, j->d);
	case WEATHER_SYNTHETIC:
		return weather_synthetic(&w->series, &w->synthetic, p, j->d);
	case WEATHER_NONE:
		break;
	}
	return 0;
}

/* "file": the format from the suffix unless given; the path resolved. */
static int read_file_source(struct jfield *j, const cJSON *o, const struct scenario_files *f,
			    struct weather_spec *w)
{
	w->source = WEATHER_FILE;
	if (jfield_string(j, o, "weather", "file", 1, NULL, &w->file) != 0)
		return -1;
	int fmt;
	int dflt = ends_with(w->file, ".epw") ? 0 : 1;
	if (jfield_enum(j, o, "weather", "format", 0, dflt, scenario_weather_format_names,
			&fmt) != 0)
		return -1;
	w->is_epw = fmt == 0;
	if (scenario_join_path(f->base_dir, w->file, &w->path) != 0) {
		jfield_oom(j, "weather.file");
		return -1;
	}
	return 0;
}

/* The object form: exactly one source, then the keys every source shares. */
static int read_object(struct jfield *j, const cJSON *o, const struct scenario_files *f,
		       struct weather_spec *w)
{
	int rc = scenario_table_check_keys(j, o, "weather", weather_fields);
	int n = !!cJSON_GetObjectItemCaseSensitive(o, "site") +
		!!cJSON_GetObjectItemCaseSensitive(o, "file") +
		!!cJSON_GetObjectItemCaseSensitive(o, "model");
	if (n != 1) {
		jfield_error(j, "weather", "give exactly one of \"site\", \"file\" or "
			     "\"model\" (constant or synthetic), got %d", n);
		return -1;
	}
	char *s = NULL;
	if (cJSON_GetObjectItemCaseSensitive(o, "site")) {
		if (jfield_string(j, o, "weather", "site", 1, NULL, &s) == 0)
			rc |= read_site(j, "weather.site", s, f->data_dir, w);
		else
			rc = -1;
		free(s);
	} else if (cJSON_GetObjectItemCaseSensitive(o, "file")) {
		if (read_file_source(j, o, f, w) != 0)
			return -1;
	} else {
		rc |= read_model(j, o, "weather", w);
	}
	if (w->source != WEATHER_FILE && cJSON_GetObjectItemCaseSensitive(o, "format")) {
		jfield_error(j, "weather.format", "only read with \"file\"");
		rc = -1;
	}
	if (w->is_epw && cJSON_GetObjectItemCaseSensitive(o, "elevation_m")) {
		jfield_error(j, "weather.elevation_m", "EPW files give the station pressure; "
			     "elevation_m is for CSV, constant and synthetic weather");
		rc = -1;
	}
	return rc | scenario_table_read(j, o, "weather", weather_fields, w, 0);
}

/* Size the plants for the design day, or say which hall needs weather. */
static int use_weather(struct jfield *j, struct scenario *sc)
{
	const struct weather_spec *w = &sc->weather;
	for (size_t i = 0; i < sc->n_zones; i++) {
		struct cooling_spec *s = &sc->zones[i].spec;
		if (w->source != WEATHER_NONE) {
			cooling_size_for_weather(s, &w->series);
			continue;
		}
		if (s->tech == COOLING_FIXED_PUE)
			continue;
		char p[JPATH_MAX];
		if (sc->n_zones > 1)
			jfield_index(p, "cooling", (int)i);
		else
			snprintf(p, sizeof p, "cooling");
		jfield_error(j, p, "%s cooling needs weather: add \"weather\": "
			     "\"ashburn\" (a site), a file, or a constant model",
			     cooling_tech_name(s->tech));
		return -1;
	}
	return 0;
}

int scenario_read_weather(struct jfield *j, const cJSON *root, const struct scenario_files *f,
			  struct scenario *sc)
{
	struct weather_spec *w = &sc->weather;
	scenario_table_defaults(weather_fields, w); /* a model's defaults are unused elsewhere */
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "weather");
	int rc = 0;
	if (!o) {
		w->source = WEATHER_NONE;
	} else if (cJSON_IsString(o)) {
		rc = read_site(j, "weather", o->valuestring, f->data_dir, w);
	} else if (!cJSON_IsObject(o)) {
		jfield_error(j, "weather", "must be a site name (\"ashburn\") or an object, got %s",
			     jfield_type_name(o));
		return -1;
	} else {
		rc = read_object(j, o, f, w);
	}
	if (rc == 0 && w->source != WEATHER_NONE)
		rc = scenario_calendar_day(j, cJSON_IsObject(o) ? o : NULL,
					   "weather.start_day_of_year", sc, &w->start_day_of_year);
	if (rc == 0)
		rc = load_series(j, "weather", f->cache, w);
	return rc == 0 ? use_weather(j, sc) : rc;
}
