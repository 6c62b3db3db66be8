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
 * The keys are descriptor rows (scenario_table.h); a signal's five shapes
 * and the cross-checks are read here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid_file.h"
#include "residual_mix.h"
#include "scenario_int.h"
#include "scenario_table.h"

/* The least value of each signal, from a number, a profile, steps or a
 * file: no negative emissions; prices may go negative (wholesale markets
 * clear below zero in surplus hours; -1e4 USD/MWh is beyond ERCOT's
 * offer floor of -250); a connection has some capacity. */
#define CARBON_LO 0.0
#define PRICE_LO -1e4
#define CAPACITY_LO 1e-6
#define SIGNAL_HI 1e6

static const struct scenario_field step_fields[] = {
	{ CUSTOM("at_h"), .type_doc = "integer", .flags = FIELD_REQUIRED, RANGE(0, 10000000),
	  .unit = "h", .doc = "whole hours from the run's start: the first 0, then rising" },
	{ CUSTOM("value"), .type_doc = "number", .flags = FIELD_REQUIRED,
	  .dflt_doc = "required; within the signal's range",
	  .doc = "the signal from this hour on" },
	FIELDS_END,
};

static const struct scenario_section step_section = {
	"grid.<signal>.steps[]", "One step of a stepped signal.", step_fields, NULL, .streams = NULL,
};

static const struct scenario_field steps_fields[] = {
	{ CUSTOM("steps"), .type_doc = "array of objects", .flags = FIELD_REQUIRED,
	  .sub = &step_section, .doc = "at least one, at most 100000" },
	FIELDS_END,
};

static const struct scenario_section steps_section = {
	"grid.<signal> (steps)", "A signal that changes at given hours of the run.",
	steps_fields, NULL, .streams = NULL,
};

static const struct scenario_field file_fields[] = {
	{ FIELD("file", FIELD_STRING, struct grid_signal, file), .flags = FIELD_REQUIRED,
	  .doc = "a CSV of hourly values, relative to the scenario" },
	{ FIELD("column", FIELD_STRING, struct grid_signal, column), .flags = FIELD_REQUIRED,
	  .doc = "the column of values" },
	{ FIELD("time_column", FIELD_STRING, struct grid_signal, time_column),
	  .dflt_str = "timestamp", .doc = "the column of UTC times" },
	FIELDS_END,
};

/* carbon, price and capacity_mw take the same shapes. */
static const struct scenario_section signal_section = {
	"grid.<signal> (file)",
	"Each signal (`carbon`, `price`, `capacity_mw`) is a number, 24 values by local "
	"hour, a shipped region's name (carbon and price: `dcsim catalog`), this object "
	"naming a file, or the steps below.", file_fields, &steps_section, .streams = NULL,
};

#define SIGNAL_TYPE "number, 24 numbers, region name or object"

/*
 * The battery. Round-trip efficiency 0.85: NREL Annual Technology
 * Baseline 2024, utility-scale battery storage (lithium-ion, 85% AC-AC).
 * energy_mwh is the usable energy, as vendors rate it (e.g. the Tesla
 * Megapack 2 XL datasheet: 3.9 MWh usable), so min_soc defaults to 0;
 * it starts full (initial_soc 1). Arbitrage thresholds default to the
 * 25th and 75th percentiles of the signal over the run's hours.
 */
static const struct scenario_field battery_fields[] = {
	{ FIELD("energy_mwh", FIELD_NUMBER, struct battery_spec, energy_wh), .scale = 1e6,
	  .flags = FIELD_REQUIRED, RANGE(0, 1e6), .lo_open = 1, .unit = "MWh",
	  .doc = "usable energy at full charge, as vendors rate it (Tesla Megapack 2 XL: 3.9)" },
	{ FIELD("power_mw", FIELD_NUMBER, struct battery_spec, power_w), .scale = 1e6,
	  .flags = FIELD_REQUIRED, RANGE(0, 1e6), .lo_open = 1, .unit = "MW",
	  .doc = "charge and discharge rating" },
	{ NUM(struct battery_spec, round_trip_efficiency), RANGE(0, 1), .lo_open = 1,
	  DEFAULT(0.85), .doc = "AC to AC; 0.85: NREL Annual Technology Baseline 2024, "
				"utility-scale lithium-ion" },
	{ NUM(struct battery_spec, min_soc), RANGE(0, 1), .hi_open = 1, DEFAULT(0),
	  .doc = "share of energy_mwh it never goes below (0: energy_mwh is usable)" },
	{ NUM(struct battery_spec, initial_soc), RANGE(0, 1), DEFAULT(1),
	  .doc = "charge at the start, at least min_soc (starts full)" },
	{ ENUM(struct battery_spec, policy), .names = scenario_battery_policy_names,
	  DEFAULT(BATTERY_PEAK_SHAVING),
	  .doc = "peak_shaving: discharge only to keep the draw under grid.capacity_mw; "
		 "price_arbitrage, carbon_arbitrage: also charge when the signal is low and "
		 "discharge when high" },
	{ NUM(struct battery_spec, charge_below), .flags = FIELD_HAND,
	  .dflt_doc = "the signal's 25th percentile over the run",
	  .doc = "arbitrage only: charge below this signal value" },
	{ NUM(struct battery_spec, discharge_above), .flags = FIELD_HAND,
	  .dflt_doc = "the signal's 75th percentile over the run",
	  .doc = "arbitrage only: discharge above this, more than charge_below" },
	FIELDS_END,
};

const struct scenario_section scenario_battery_section = {
	"grid.battery", "A battery behind the meter.", battery_fields, NULL, .streams = NULL,
};

/*
 * Market-based accounting (GHG Protocol Scope 2 Guidance, WRI 2015). No
 * contracts unless given: a facility's contracts are its own. The energy
 * they leave counts at a residual mix: given as a number, or as a region
 * of the published tables (models/grid/residual_mix.c: Green-e 2025 by
 * eGRID subregion, AIB 2024 by EU country), by default the one of the
 * shipped carbon region (pjm SRVC, ercot ERCT, caiso CAMX); for any other
 * carbon signal, the grid's hourly intensity, the Guidance's fallback
 * where no residual mix is published (its emission factor hierarchy,
 * Table 6.3).
 */
static const struct scenario_field market_fields[] = {
	{ NUM(struct market_spec, contract_share), RANGE(0, 1), DEFAULT(0),
	  .doc = "share of the window's grid energy covered by PPAs or certificates" },
	{ ENUM(struct market_spec, matching), .names = market_matching_names,
	  DEFAULT(MARKET_ANNUAL),
	  .doc = "annual: certificates over the window; hourly (24/7 CFE): the contracted "
		 "energy as a flat block, counted only up to each hour's draw" },
	{ NUM(struct market_spec, residual_g_per_kwh), .flags = FIELD_HAND, RANGE(0, 5000),
	  .unit = "g CO2e/kWh", .dflt_doc = "residual_region's",
	  .doc = "residual-mix intensity of the energy contracts do not cover (not with "
		 "residual_region)" },
	{ NAME(struct market_spec, residual_region), .flags = FIELD_HAND,
	  .dflt_doc = "grid.carbon's region's (pjm: SRVC, ercot: ERCT, caiso: CAMX); for another "
		      "carbon signal none: the grid's hourly carbon",
	  .doc = "the published residual mix of a region: an eGRID subregion (Green-e 2025 "
		 "Residual Mix Emissions Rates, 2023 data) or an EU country code (AIB European "
		 "Residual Mixes 2024); `dcsim catalog` lists them" },
	FIELDS_END,
};

const struct scenario_section scenario_market_section = {
	"grid.market", "Market-based emissions: contracts and the residual mix (docs/grid.md).",
	market_fields, NULL, .streams = NULL,
};

static const struct scenario_field grid_fields[] = {
	{ CUSTOM("carbon"), .type_doc = SIGNAL_TYPE, .sub = &signal_section, RANGE(CARBON_LO,
	  SIGNAL_HI), .unit = "g CO2e/kWh", .dflt_doc = "none",
	  .doc = "location-based carbon intensity of the electricity drawn" },
	{ CUSTOM("price"), .type_doc = SIGNAL_TYPE, .sub = &signal_section, RANGE(PRICE_LO,
	  SIGNAL_HI), .unit = "USD/MWh", .dflt_doc = "none",
	  .doc = "energy price; may go negative (wholesale markets clear below zero in surplus "
		 "hours; -1e4 is beyond ERCOT's offer floor of -250)" },
	{ CUSTOM("capacity_mw"), .type_doc = "number, 24 numbers or object", .sub = &signal_section,
	  RANGE(CAPACITY_LO, SIGNAL_HI), .unit = "MW", .dflt_doc = "unlimited",
	  .doc = "the connection's capacity (not a region)" },
	{ ENUM(struct grid_spec, policy), .flags = FIELD_HAND, .names = scenario_grid_policy_names,
	  DEFAULT(GRID_QUEUE),
	  .doc = "at the capacity: queue starts, throttle running GPUs, throttle to a floor then "
		 "queue, or preempt preemptible jobs; needs capacity_mw" },
	{ NUM(struct grid_spec, throttle_floor), .flags = FIELD_HAND | FIELD_REQ_CUSTOM,
	  RANGE(0, 1), .lo_open = 1, .dflt_doc = "required for throttle_then_queue, no default "
						 "(how far a job may be slowed is the operator's call)",
	  .doc = "throttle_then_queue only: the lowest cap, a share of TDP" },
	{ OBJECT("battery", struct grid_spec, battery), .sub = &scenario_battery_section,
	  .dflt_doc = "none",
	  .doc = "a battery behind the meter" },
	{ OBJECT("market", struct grid_spec, market), .sub = &scenario_market_section,
	  .dflt_doc = "none: no market-based figures",
	  .doc = "contracts and residual mix for market-based emissions" },
	{ NUM(struct grid_spec, utc_offset_h), .flags = FIELD_HAND, RANGE(-12, 14), .unit = "h",
	  .dflt_doc = "the weather file's time zone, else 0 (required for file series then)",
	  .doc = "the site's standard time from UTC: places the run's clock on UTC series" },
	{ NUM(struct grid_spec, start_day_of_year), .flags = FIELD_HAND, RANGE(1, 366),
	  .dflt_doc = "the weather's, else 1",
	  .doc = "without weather only: the day of the year the run starts" },
	FIELDS_END,
};

const struct scenario_section scenario_grid_section = {
	"grid", "The grid connection: its signals, its capacity and the policy under it, the "
	"battery.", grid_fields, NULL, .streams = NULL,
};

static int read_file_signal(struct jfield *j, const cJSON *o, const char *path,
			    const char *base_dir, struct grid_signal *s)
{
	int rc = scenario_table_check_keys(j, o, path, file_fields);
	if (scenario_table_defaults(file_fields, s) != 0) {
		jfield_oom(j, path);
		return -1;
	}
	if ((rc | scenario_table_read(j, o, path, file_fields, s, 0)) != 0)
		return -1;
	s->source = GRID_SIGNAL_FILE;
	if (scenario_join_path(base_dir, s->file, &s->path) != 0) {
		jfield_oom(j, path);
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
		jfield_oom(j, path);
		return -1;
	}
	return 0;
}

/* {"steps": [{"at_h": 0, "value": 30}, {"at_h": 2160, "value": 40}]}: from
 * each whole hour of the run on, its value. */
static int read_steps(struct jfield *j, const cJSON *o, const char *path, double lo,
		      struct grid_signal *s)
{
	const cJSON *arr;
	void *out;
	size_t n;
	if (scenario_table_check_keys(j, o, path, steps_fields) != 0 ||
	    jfield_array(j, o, path, "steps", 100000, "steps", sizeof(size_t), &arr, &out, &n) != 0)
		return -1;
	s->source = GRID_SIGNAL_STEPS;
	s->step_hour = out;
	s->step_value = calloc(n ? n : 1, sizeof *s->step_value);
	s->n_steps = n;
	char p[JPATH_MAX];
	jfield_path(p, path, "steps");
	if (!s->step_value) {
		jfield_oom(j, p);
		return -1;
	}
	if (n == 0) {
		jfield_error(j, p, "must list at least one step");
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char q[JPATH_MAX];
		jfield_index(q, p, (int)i);
		const cJSON *st = cJSON_GetArrayItem(arr, (int)i);
		if (!cJSON_IsObject(st)) {
			jfield_error(j, q, "a step must be {\"at_h\": ..., \"value\": ...}, got %s",
				     jfield_type_name(st));
			rc = -1;
			continue;
		}
		long at;
		int r = scenario_table_check_keys(j, st, q, step_fields);
		r |= jfield_int(j, st, q, "at_h", 1, 0, 0, (long)step_fields[0].hi, &at);
		r |= jfield_number_in(j, st, q, "value", 1, 0, lo, 0, SIGNAL_HI, 0, &s->step_value[i]);
		char a[JPATH_MAX];
		jfield_path(a, q, "at_h");
		if (r == 0 && i == 0 && at != 0) {
			jfield_error(j, a, "the first step must be at hour 0 (the run's start), got %ld",
				     at);
			r = -1;
		} else if (r == 0 && i > 0 && (size_t)at <= s->step_hour[i - 1]) {
			jfield_error(j, a, "steps must rise in time: %ld is not after %zu", at,
				     s->step_hour[i - 1]);
			r = -1;
		}
		if (r == 0)
			s->step_hour[i] = (size_t)at;
		rc |= r;
	}
	return rc;
}

/* One signal at root.grid.key; lo is its least value. */
static int read_signal(struct jfield *j, const cJSON *grid, const char *key, double lo,
		       const struct scenario_files *f, struct grid_signal *s)
{
	char path[JPATH_MAX];
	jfield_path(path, "grid", key);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(grid, key);
	if (!v)
		return 0;
	if (cJSON_IsNumber(v)) {
		s->source = GRID_SIGNAL_CONSTANT;
		return jfield_number_in(j, grid, "grid", key, 1, 0, lo, 0, SIGNAL_HI, 0, &s->constant);
	}
	if (cJSON_IsString(v))
		return read_region(j, path, v->valuestring, f->data_dir, s);
	if (cJSON_IsObject(v) && cJSON_GetObjectItemCaseSensitive(v, "steps"))
		return read_steps(j, v, path, lo, s);
	if (cJSON_IsObject(v))
		return read_file_signal(j, v, path, f->base_dir, s);
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
	jfield_error(j, path, "must be a number, 24 values by local hour, a region name, "
		     "{\"file\": ..., \"column\": ...} or {\"steps\": [...]}, got %s",
		     jfield_type_name(v));
	return -1;
}

/* A series file parsed into a heap copy of the signal, for the cache. */
static int parse_series(void *arg, void **value, struct diag *d)
{
	const struct grid_signal *spec = arg;
	struct grid_signal *s = calloc(1, sizeof *s);
	if (s) {
		s->source = GRID_SIGNAL_FILE;
		s->path = strdup(spec->path);
		s->time_column = strdup(spec->time_column);
		s->column = strdup(spec->column);
	}
	if (!s || !s->path || !s->time_column || !s->column) {
		diag_oom(d, "%s: out of memory", spec->path);
	} else if (grid_signal_read(s, d) == 0) {
		*value = s;
		return 0;
	}
	if (s)
		grid_signal_fini(s);
	free(s);
	return -1;
}

static void free_parsed(void *value)
{
	grid_signal_fini(value);
	free(value);
}

/* Read s's file, or borrow the parsed values from the cache. */
static int read_series(struct grid_signal *s, struct series_cache *cache, struct diag *d)
{
	if (!cache)
		return grid_signal_read(s, d);
	void *v;
	if (series_cache_get(cache, parse_series, free_parsed, s, &v, d, "grid %s (%s at %s)",
			     s->path, s->column, s->time_column) != 0)
		return -1;
	const struct grid_signal *p = v;
	s->values = p->values;
	s->n = p->n;
	s->first_hour = p->first_hour;
	s->filled = p->filled;
	s->shared = 1;
	return 0;
}

/* Read a file signal and hold its values to the range a number in the
 * scenario has, [lo, 1e6]: the first value out of it is reported with its
 * line (row i is line i + 2, under the header). */
static int load_signal(struct jfield *j, const char *key, double lo, struct series_cache *cache,
		       struct grid_signal *s)
{
	if (s->source != GRID_SIGNAL_FILE)
		return 0;
	char path[JPATH_MAX];
	jfield_path(path, "grid", key);
	if (read_series(s, cache, j->d) != 0) {
		jfield_error(j, path, "the series above could not be read");
		return -1;
	}
	size_t bad = 0, first = 0;
	for (size_t i = 0; i < s->n; i++)
		if (!(s->values[i] >= lo && s->values[i] <= 1e6) && bad++ == 0)
			first = i;
	if (bad) {
		jfield_error(j, path, "%s: line %zu: column \"%s\" is %g, outside [%g, 1e6]%s",
			     s->path, first + 2, s->column, s->values[first], lo,
			     bad > 1 ? " (and more rows)" : "");
		return -1;
	}
	return 0;
}

/* What to do at the cap: policy and, for throttle_then_queue, its floor. */
static int read_policy(struct jfield *j, const cJSON *g, struct scenario *sc)
{
	struct grid_spec *gs = &sc->grid;
	int rc = scenario_table_read_key(j, g, "grid", grid_fields, "policy", gs, 0);
	int has_floor = cJSON_GetObjectItemCaseSensitive(g, "throttle_floor") != NULL;
	if (rc == 0 && gs->policy == GRID_THROTTLE_THEN_QUEUE) {
		/* no default: how far a job may be slowed is the operator's call */
		rc |= scenario_table_read_key(j, g, "grid", grid_fields, "throttle_floor", gs, 1);
	} else if (has_floor) {
		jfield_error(j, "grid.throttle_floor", "only the throttle_then_queue policy has a "
			     "floor (policy is \"%s\")", scenario_grid_policy_name(gs->policy));
		rc = -1;
	}
	int has_policy = cJSON_GetObjectItemCaseSensitive(g, "policy") != NULL;
	if (rc == 0 && has_policy && gs->capacity.source == GRID_SIGNAL_NONE) {
		jfield_error(j, "grid.policy", "a policy needs a capacity_mw to act on");
		rc = -1;
	}
	return rc;
}

/* The battery: its rows' defaults are cited above (battery_fields). */
static int read_battery(struct jfield *j, const cJSON *g, struct scenario *sc)
{
	const char *p = "grid.battery";
	struct battery_spec *b = &sc->grid.battery;
	const cJSON *o;
	if (jfield_object(j, g, "grid", "battery", 0, &o) != 0)
		return -1;
	if (!o)
		return 0;
	b->present = 1;
	scenario_table_defaults(battery_fields, b);
	int rc = scenario_table_check_keys(j, o, p, battery_fields);
	rc |= scenario_table_read(j, o, p, battery_fields, b, 0);
	if (rc != 0)
		return -1;
	if (b->initial_soc < b->min_soc) {
		jfield_error(j, "grid.battery.initial_soc", "%g is below min_soc %g", b->initial_soc,
			     b->min_soc);
		return -1;
	}
	const struct grid_spec *gs = &sc->grid;
	if (b->policy == BATTERY_PEAK_SHAVING) {
		if (gs->capacity.source == GRID_SIGNAL_NONE) {
			jfield_error(j, "grid.battery.policy", "peak_shaving needs grid.capacity_mw "
				     "(the level to shave to)");
			return -1;
		}
		if (cJSON_GetObjectItemCaseSensitive(o, "charge_below") ||
		    cJSON_GetObjectItemCaseSensitive(o, "discharge_above")) {
			jfield_error(j, p, "charge_below and discharge_above are for the arbitrage "
				     "policies");
			return -1;
		}
		return 0;
	}
	const struct grid_signal *s = b->policy == BATTERY_PRICE_ARBITRAGE ? &gs->price : &gs->carbon;
	if (s->source == GRID_SIGNAL_NONE) {
		jfield_error(j, "grid.battery.policy", "%s needs grid.%s",
			     scenario_battery_policy_name(b->policy),
			     b->policy == BATTERY_PRICE_ARBITRAGE ? "price" : "carbon");
		return -1;
	}
	size_t hours = (size_t)ceil(sc->duration_h);
	double q25 = grid_signal_quantile(s, gs->start_day_of_year, gs->utc_offset_h, hours, 0.25);
	double q75 = grid_signal_quantile(s, gs->start_day_of_year, gs->utc_offset_h, hours, 0.75);
	rc |= jfield_number(j, o, p, "charge_below", 0, q25, &b->charge_below);
	rc |= jfield_number(j, o, p, "discharge_above", 0, q75, &b->discharge_above);
	if (rc == 0 && !(b->charge_below < b->discharge_above)) {
		jfield_error(j, "grid.battery.charge_below", "must be below discharge_above "
			     "(%g >= %g): the battery would buy and sell at once", b->charge_below,
			     b->discharge_above);
		rc = -1;
	}
	return rc;
}

/* residual_region, given or the carbon region's, into the residual's
 * intensity (residual_mix.h); not with residual_g_per_kwh. */
static int read_residual_region(struct jfield *j, const cJSON *o, const struct grid_spec *g,
				struct market_spec *m)
{
	const char *p = "grid.market.residual_region";
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "residual_region");
	if (v && !isnan(m->residual_g_per_kwh)) {
		jfield_error(j, p, "give residual_g_per_kwh or residual_region, not both");
		return -1;
	}
	const char *code = NULL;
	if (v) {
		if (!cJSON_IsString(v)) {
			jfield_error(j, p, "must be a region code (a string), got %s",
				     jfield_type_name(v));
			return -1;
		}
		code = v->valuestring;
	} else if (isnan(m->residual_g_per_kwh) && g->carbon.region) {
		code = grid_region_find(g->carbon.region)->residual;
	}
	if (!code)
		return 0;
	const struct residual_mix *r = residual_mix_find(code);
	if (!r) {
		char known[512] = "";
		size_t n = 0;
		for (size_t i = 0; i < residual_mix_count() && n + 8 < sizeof known; i++)
			n += (size_t)snprintf(known + n, sizeof known - n, "%s%s", i ? " " : "",
					      residual_mix_at(i)->code);
		jfield_error(j, p, "unknown region \"%s\" (eGRID subregions and EU countries: %s)",
			     code, known);
		return -1;
	}
	snprintf(m->residual_region, sizeof m->residual_region, "%s", r->code);
	m->residual_g_per_kwh = r->g_per_kwh;
	return 0;
}

/* The market: its rows' defaults are cited above (market_fields). */
static int read_market(struct jfield *j, const cJSON *g, struct scenario *sc)
{
	const char *p = "grid.market";
	struct market_spec *m = &sc->grid.market;
	const cJSON *o;
	if (jfield_object(j, g, "grid", "market", 0, &o) != 0)
		return -1;
	if (!o)
		return 0;
	m->present = 1;
	scenario_table_defaults(market_fields, m);
	int rc = scenario_table_check_keys(j, o, p, market_fields);
	rc |= scenario_table_read(j, o, p, market_fields, m, 0);
	rc |= jfield_number(j, o, p, "residual_g_per_kwh", 0, (double)NAN, &m->residual_g_per_kwh);
	rc |= read_residual_region(j, o, &sc->grid, m);
	if (rc == 0 && isnan(m->residual_g_per_kwh) &&
	    sc->grid.carbon.source == GRID_SIGNAL_NONE) {
		jfield_error(j, "grid.market.residual_g_per_kwh", "required without grid.carbon: "
			     "the energy contracts do not cover needs an intensity");
		rc = -1;
	}
	return rc;
}

int scenario_read_grid(struct jfield *j, const cJSON *root, const struct scenario_files *f,
		       struct scenario *sc)
{
	const cJSON *g;
	struct grid_spec *gs = &sc->grid;
	const struct weather_spec *ws = &sc->weather;
	gs->start_day_of_year = ws->source != WEATHER_NONE ? ws->start_day_of_year
			      : sc->calendar.on      ? sc->calendar.typical_day
						     : 1;
	gs->utc_offset_h = 0;
	if (jfield_object(j, root, "", "grid", 0, &g) != 0)
		return -1;
	if (!g)
		return 0;
	gs->present = 1;
	int rc = scenario_table_check_keys(j, g, "grid", grid_fields);
	rc |= read_signal(j, g, "carbon", CARBON_LO, f, &gs->carbon);
	rc |= read_signal(j, g, "price", PRICE_LO, f, &gs->price);
	rc |= read_signal(j, g, "capacity_mw", CAPACITY_LO, f, &gs->capacity);
	if (gs->capacity.source == GRID_SIGNAL_FILE && gs->capacity.region) {
		jfield_error(j, "grid.capacity_mw", "a region names a carbon series, not a "
			     "capacity: give MW as a number, 24 values, steps or a file");
		rc = -1;
	}
	rc |= read_policy(j, g, sc);
	if (cJSON_GetObjectItemCaseSensitive(g, "start_day_of_year")) {
		if (ws->source != WEATHER_NONE) {
			jfield_error(j, "grid.start_day_of_year", "the weather's start_day_of_year "
				     "sets it: give it there");
			rc = -1;
		} else {
			rc |= scenario_table_read_key(j, g, "grid", grid_fields, "start_day_of_year",
						      gs, 0);
			if (rc == 0)
				rc = scenario_calendar_day(j, g, "grid.start_day_of_year", sc,
							   &gs->start_day_of_year);
		}
	}
	double tz = ws->source != WEATHER_NONE ? ws->series.utc_offset_h : (double)NAN;
	int needs_tz = gs->carbon.source == GRID_SIGNAL_FILE || gs->price.source == GRID_SIGNAL_FILE ||
		       gs->capacity.source == GRID_SIGNAL_FILE;
	if (!cJSON_GetObjectItemCaseSensitive(g, "utc_offset_h") && needs_tz && isnan(tz) &&
	    rc == 0) {
		jfield_error(j, "grid.utc_offset_h", "required: the series are in UTC and the "
			     "weather gives no time zone (e.g. -5 for US Eastern standard time)");
		rc = -1;
	}
	gs->utc_offset_h = isnan(tz) ? 0 : tz;
	rc |= scenario_table_read_key(j, g, "grid", grid_fields, "utc_offset_h", gs, 0);
	if (rc == 0)
		rc = load_signal(j, "carbon", CARBON_LO, f->cache, &gs->carbon) |
		     load_signal(j, "price", PRICE_LO, f->cache, &gs->price) |
		     load_signal(j, "capacity_mw", CAPACITY_LO, f->cache, &gs->capacity);
	if (rc == 0)
		rc = read_battery(j, g, sc);
	if (rc == 0)
		rc = read_market(j, g, sc);
	return rc;
}
