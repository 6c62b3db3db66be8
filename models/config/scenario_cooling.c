/*
 * scenario_cooling.c - the cooling section: one technology for every
 * rack, or halls of consecutive racks each with its own.
 *
 *   "cooling": { "technology": "air", "air": { "economizer": "air_side" } }
 *   "cooling": [ { "name": "hall_a", "racks": 24, "technology": "air" },
 *                { "name": "hall_b", "racks": 8, "technology": "direct_to_chip",
 *                  "liquid": { "supply_c": 40 } } ]
 *
 * Every parameter has a sourced default (cooling_*.c); the tables below
 * name each field once for reading, range checks and the emitter. Plants
 * are sized for their racks' nameplate heat unless design_heat_kw says
 * otherwise. A rack above its technology's density limit is an error
 * naming the hall, its racks, their kW and the limit. Without a cooling
 * section every rack has a fixed PUE of 1.58.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"

#define MAX_ZONES 64

const char *const scenario_cooling_tech_names[] = { "fixed_pue", "air", "direct_to_chip",
						    "immersion", NULL };
const char *const scenario_economizer_names[] = { "none", "water_side", "air_side", NULL };

#define F(type, field) offsetof(type, field)
#define INF INFINITY

const struct scenario_num_field scenario_chiller_fields[] = {
	{ "carnot_fraction", F(struct chiller_spec, carnot_fraction), 0, 1, 1, 1 },
	{ "evaporator_approach_k", F(struct chiller_spec, evaporator_approach_k), 0, 0, 30, 0 },
	{ "condenser_approach_k", F(struct chiller_spec, condenser_approach_k), 0, 0, 40, 0 },
	{ "min_lift_k", F(struct chiller_spec, min_lift_k), 1, 0, 100, 0 },
	{ "rating_condenser_c", F(struct chiller_spec, rating_condenser_c), -20, 0, 80, 0 },
	{ "capacity_kw", F(struct chiller_spec, capacity_kw), 0, 0, INF, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct scenario_num_field scenario_air_fields[] = {
	{ "supply_air_c", F(struct air_spec, supply_air_c), 5, 0, 45, 0 },
	{ "it_delta_t_k", F(struct air_spec, it_delta_t_k), 1, 0, 40, 0 },
	{ "airflow_ratio", F(struct air_spec, airflow_ratio), 1, 0, 5, 0 },
	{ "fan_pressure_pa", F(struct air_spec, fan_pressure_pa), 0, 1, 5000, 0 },
	{ "fan_efficiency", F(struct air_spec, fan_efficiency), 0, 1, 1, 0 },
	{ "max_outdoor_dew_c", F(struct air_spec, max_outdoor_dew_c), -40, 0, 40, 0 },
	{ "chilled_water_supply_c", F(struct air_spec, chilled_water_supply_c), 1, 0, 30, 0 },
	{ "chilled_water_delta_t_k", F(struct air_spec, chilled_water_delta_t_k), 0, 1, 30, 0 },
	{ "condenser_water_min_c", F(struct air_spec, condenser_water_min_c), 0, 0, 45, 0 },
	{ "condenser_range_k", F(struct air_spec, condenser_range_k), 0, 1, 30, 0 },
	{ "tower_approach_k", F(struct air_spec, tower_approach_k), 0, 1, 20, 0 },
	{ "economizer_approach_k", F(struct air_spec, economizer_approach_k), 0, 0, 20, 0 },
	{ "tower_fan_w_per_kw", F(struct air_spec, tower_fan_w_per_kw), 0, 0, 200, 0 },
	{ "chw_pump_w_per_lps", F(struct air_spec, chw_pump_w_per_lps), 0, 0, 1e4, 0 },
	{ "cw_pump_w_per_lps", F(struct air_spec, cw_pump_w_per_lps), 0, 0, 1e4, 0 },
	{ "cycles_of_concentration", F(struct air_spec, cycles_of_concentration), 1, 1, 100, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct scenario_num_field scenario_liquid_fields[] = {
	{ "supply_c", F(struct liquid_spec, supply_c), 5, 0, 70, 0 },
	{ "delta_t_k", F(struct liquid_spec, delta_t_k), 0, 1, 40, 0 },
	{ "dry_cooler_approach_k", F(struct liquid_spec, dry_cooler_approach_k), 0, 1, 40, 0 },
	{ "dry_cooler_fan_w_per_kw", F(struct liquid_spec, dry_cooler_fan_w_per_kw), 0, 0,
	  200, 0 },
	{ "pump_w_per_lps", F(struct liquid_spec, pump_w_per_lps), 0, 0, 1e4, 0 },
	{ NULL, 0, 0, 0, 0, 0 },
};

static int read_fields(struct jfield *j, const cJSON *o, const char *path,
		       const struct scenario_num_field *t, void *base)
{
	int rc = 0;
	for (; t->key; t++) {
		double *dst = (double *)((char *)base + t->offset);
		double v;
		if (jfield_number_in(j, o, path, t->key, 0, *dst, t->lo, t->lo_open, t->hi,
				     t->hi_open, &v) == 0)
			*dst = v;
		else
			rc = -1;
	}
	return rc;
}

/* The keys of a table plus extra ones, NULL-terminated, in buf. */
static void keys_of(const struct scenario_num_field *t, const char *const *extra,
		    const char **buf, size_t cap)
{
	size_t n = 0;
	for (; t->key && n + 1 < cap; t++)
		buf[n++] = t->key;
	for (; extra && *extra && n + 1 < cap; extra++)
		buf[n++] = *extra;
	buf[n] = NULL;
}

static int read_chiller(struct jfield *j, const cJSON *parent, const char *path,
			const char *key, struct chiller_spec *c)
{
	const cJSON *o;
	char p[JPATH_MAX];
	if (jfield_object(j, parent, path, key, 0, &o) != 0)
		return -1;
	if (!o)
		return 0;
	jfield_path(p, path, key);
	const char *keys[16];
	keys_of(scenario_chiller_fields, NULL, keys, 16);
	int rc = jfield_check_keys(j, o, p, keys);
	c->capacity_given = cJSON_GetObjectItemCaseSensitive(o, "capacity_kw") != NULL;
	return rc | read_fields(j, o, p, scenario_chiller_fields, c);
}

int scenario_read_air(struct jfield *j, const cJSON *zone, const char *path, struct air_spec *a)
{
	static const char *const extra[] = { "economizer", "chiller", NULL };
	const cJSON *o;
	char p[JPATH_MAX];
	if (jfield_object(j, zone, path, "air", 0, &o) != 0)
		return -1;
	if (!o)
		return 0;
	jfield_path(p, path, "air");
	const char *keys[32];
	keys_of(scenario_air_fields, extra, keys, 32);
	int rc = jfield_check_keys(j, o, p, keys);
	rc |= read_fields(j, o, p, scenario_air_fields, a);
	int e;
	if (jfield_enum(j, o, p, "economizer", 0, (int)a->economizer, scenario_economizer_names,
			&e) == 0)
		a->economizer = (enum economizer)e;
	else
		rc = -1;
	return rc | read_chiller(j, o, p, "chiller", &a->chiller);
}

static int read_liquid(struct jfield *j, const cJSON *zone, const char *path,
		       struct liquid_spec *l)
{
	static const char *const extra[] = { "trim_chiller", NULL };
	const cJSON *o;
	char p[JPATH_MAX];
	if (jfield_object(j, zone, path, "liquid", 0, &o) != 0)
		return -1;
	if (!o)
		return 0;
	jfield_path(p, path, "liquid");
	const char *keys[16];
	keys_of(scenario_liquid_fields, extra, keys, 16);
	int rc = jfield_check_keys(j, o, p, keys);
	rc |= read_fields(j, o, p, scenario_liquid_fields, l);
	return rc | read_chiller(j, o, p, "trim_chiller", &l->trim);
}

/* A key that only some technologies read. */
static int only_for(struct jfield *j, const cJSON *o, const char *path, const char *key,
		    int allowed, const char *which)
{
	if (allowed || !cJSON_GetObjectItemCaseSensitive(o, key))
		return 0;
	char p[JPATH_MAX];
	jfield_path(p, path, key);
	jfield_error(j, p, "only read for %s cooling", which);
	return -1;
}

/* Defaults of technology t sized for heat_w (DLC: with its capture). */
static void size_spec(struct cooling_spec *s, enum cooling_tech t, double capture, double heat_w)
{
	cooling_defaults(s, t, heat_w);
	if (t == COOLING_DIRECT_TO_CHIP) {
		s->capture_fraction = capture;
		cooling_dlc_defaults(s, heat_w);
	}
}

static int read_zone(struct jfield *j, const cJSON *o, const char *path, int single,
		     int first_rack, int racks_left, struct scenario *sc, struct cooling_zone *z)
{
	static const char *const keys[] = { "name", "racks", "technology", "pue",
					    "capture_fraction", "fan_scale", "max_rack_kw",
					    "design_heat_kw", "air", "liquid", NULL };
	if (!cJSON_IsObject(o)) {
		jfield_error(j, path, "must be an object {\"technology\": \"air\", ...}, got %s",
			     jfield_type_name(o));
		return -1;
	}
	int rc = jfield_check_keys(j, o, path, keys);
	char dflt[32];
	snprintf(dflt, sizeof dflt, single ? "facility" : "hall_%d", (int)(z - sc->zones));
	rc |= jfield_string(j, o, path, "name", 0, dflt, &z->name);
	long racks = racks_left;
	if (single) {
		if (cJSON_GetObjectItemCaseSensitive(o, "racks")) {
			char p[JPATH_MAX];
			jfield_path(p, path, "racks");
			jfield_error(j, p, "a single cooling object covers every rack; give a list of "
				     "halls to split them");
			rc = -1;
		}
	} else if (jfield_int(j, o, path, "racks", 1, 0, 1, 1000000, &racks) != 0) {
		return -1;
	}
	z->first_rack = first_rack;
	z->racks = (int)racks;
	int t;
	if (jfield_enum(j, o, path, "technology", 1, 0, scenario_cooling_tech_names, &t) != 0)
		return -1;
	double design;
	if (jfield_number_in(j, o, path, "design_heat_kw", 0, 0, 0, 0, INF, 0, &design) != 0)
		return -1;
	struct cooling_spec *s = &z->spec;
	double capture = 0;
	rc |= only_for(j, o, path, "capture_fraction", t == COOLING_DIRECT_TO_CHIP, "direct_to_chip");
	rc |= only_for(j, o, path, "pue", t == COOLING_FIXED_PUE, "fixed_pue");
	rc |= only_for(j, o, path, "air", t == COOLING_AIR || t == COOLING_DIRECT_TO_CHIP,
		       "air and direct_to_chip");
	rc |= only_for(j, o, path, "liquid", t == COOLING_DIRECT_TO_CHIP || t == COOLING_IMMERSION,
		       "direct_to_chip and immersion");
	if (t == COOLING_DIRECT_TO_CHIP &&
	    jfield_number_in(j, o, path, "capture_fraction", 0, 0.80, 0, 1, 1, 0, &capture) != 0)
		return -1;
	/* The technology's server fans set the racks' heat, which sizes the
	 * plant unless design_heat_kw does. */
	size_spec(s, (enum cooling_tech)t, capture, 1.0);
	double fan_scale = s->fan_scale;
	if (jfield_number_in(j, o, path, "fan_scale", 0, fan_scale, 0, 0, 1, 0, &fan_scale) != 0)
		return -1;
	size_spec(s, (enum cooling_tech)t, capture,
		  design > 0 ? design * 1e3 : z->racks * scenario_rack_nameplate_w(sc, fan_scale));
	s->fan_scale = fan_scale;
	double max_kw = s->max_rack_w / 1e3;
	if (jfield_number_in(j, o, path, "max_rack_kw", 0, max_kw, 0, 0, INF, 0, &max_kw) == 0)
		s->max_rack_w = max_kw * 1e3;
	else
		rc = -1;
	if (t == COOLING_FIXED_PUE)
		rc |= jfield_number_in(j, o, path, "pue", 0, s->pue, 1.0, 0, 10.0, 0, &s->pue);
	rc |= scenario_read_air(j, o, path, &s->air);
	rc |= read_liquid(j, o, path, &s->liquid);
	return rc;
}

static int check_density(struct jfield *j, const char *path, const struct scenario *sc,
			 const struct cooling_zone *z)
{
	double w = scenario_rack_nameplate_w(sc, z->spec.fan_scale);
	if (!(z->spec.max_rack_w > 0) || w <= z->spec.max_rack_w)
		return 0;
	jfield_error(j, path, "%s: racks %d-%d draw up to %.1f kW each at nameplate, above the "
		     "%s limit of %.1f kW per %s; use fewer nodes per rack or another "
		     "technology, or raise max_rack_kw", z->name, z->first_rack,
		     z->first_rack + z->racks - 1, w / 1e3, cooling_tech_name(z->spec.tech),
		     z->spec.max_rack_w / 1e3, z->spec.tech == COOLING_IMMERSION ? "tank" : "rack");
	return -1;
}

static int default_zone(struct scenario *sc)
{
	sc->zones = calloc(1, sizeof *sc->zones);
	if (!sc->zones)
		return -1;
	sc->n_zones = 1;
	struct cooling_zone *z = &sc->zones[0];
	const char name[] = "facility";
	z->name = malloc(sizeof name);
	if (!z->name)
		return -1;
	memcpy(z->name, name, sizeof name);
	z->racks = sc->racks;
	cooling_defaults(&z->spec, COOLING_FIXED_PUE, 0);
	return 0;
}

int scenario_read_cooling(struct jfield *j, const cJSON *root, struct scenario *sc)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(root, "cooling");
	if (!(sc->racks > 0) || !(sc->node.accel.tdp_w > 0))
		return c ? -1 : 0; /* the cluster's error is already reported */
	if (!c) {
		if (default_zone(sc) != 0) {
			jfield_error(j, "cooling", "out of memory");
			return -1;
		}
		return 0;
	}
	int rc = 0;
	if (cJSON_IsObject(c)) {
		sc->zones = calloc(1, sizeof *sc->zones);
		if (!sc->zones) {
			jfield_error(j, "cooling", "out of memory");
			return -1;
		}
		sc->n_zones = 1;
		rc = read_zone(j, c, "cooling", 1, 0, sc->racks, sc, &sc->zones[0]);
		if (rc == 0)
			rc = check_density(j, "cooling", sc, &sc->zones[0]);
		return rc;
	}
	const cJSON *arr;
	void *out;
	if (!cJSON_IsArray(c)) {
		jfield_error(j, "cooling", "must be an object (every rack) or a list of halls, got %s",
			     jfield_type_name(c));
		return -1;
	}
	if (jfield_array(j, root, "", "cooling", MAX_ZONES, "halls", sizeof *sc->zones, &arr, &out,
			 &sc->n_zones) != 0)
		return -1;
	sc->zones = out;
	if (sc->n_zones == 0) {
		jfield_error(j, "cooling", "an empty list: give at least one hall");
		return -1;
	}
	int first = 0;
	for (size_t i = 0; i < sc->n_zones; i++) {
		char p[JPATH_MAX];
		jfield_index(p, "cooling", (int)i);
		struct cooling_zone *z = &sc->zones[i];
		if (read_zone(j, cJSON_GetArrayItem(arr, (int)i), p, 0, first, sc->racks - first, sc,
			      z) != 0) {
			rc = -1;
			continue;
		}
		first += z->racks;
		rc |= check_density(j, p, sc, z);
	}
	if (rc == 0 && first != sc->racks) {
		jfield_error(j, "cooling", "the halls hold %d racks, cluster.racks is %d", first,
			     sc->racks);
		rc = -1;
	}
	return rc;
}
