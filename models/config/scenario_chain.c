/*
 * scenario_chain.c - power.chain: the distribution levels from the utility
 * down to the racks, and the nameplate check against their ratings.
 *
 *   "chain": { "levels": [
 *       { "name": "transformer", "units": 1, "rating_kw": 2000,
 *         "efficiency": "transformer_mv_dry" },
 *       { "name": "ups", "units": 2, "rating_kw": 1600, "redundancy": "2N",
 *         "efficiency": "ups_double_conversion" },
 *       { "name": "pdu", "units": 8, "rating_kw": 200,
 *         "efficiency": { "load_fraction": [0.1, 0.5, 1],
 *                         "efficiency": [0.95, 0.98, 0.975] } } ],
 *     "oversubscription": "error" }
 *
 * The check: with every rack at its nameplate (its most in this
 * configuration: every GPU at TDP, hosts at max, fans as cooled, devices at
 * max), no unit may carry more than its usable rating, unless
 * oversubscription is "allow"; then the run reports how often and how far
 * the real load went over. The keys are descriptor rows (scenario_table.h);
 * names, modules under N+1, efficiency tables and the check are code.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "power_chain.h"
#include "scenario_int.h"
#include "scenario_table.h"

static const char *const oversubscription_names[] = { "error", "allow", NULL };

static const struct scenario_field table_fields[] = {
	{ CUSTOM("load_fraction"), .type_doc = "array of numbers", .flags = FIELD_REQUIRED,
	  .doc = "2 to 16 load fractions, above 0 and strictly increasing" },
	{ CUSTOM("efficiency"), .type_doc = "array of numbers", .flags = FIELD_REQUIRED,
	  .doc = "the efficiency in (0, 1] at each" },
	FIELDS_END,
};

static const struct scenario_section table_section = {
	"power.chain.levels[].efficiency",
	"A level's efficiency: a preset name (`dcsim catalog`) or this table, "
	"interpolated linearly.", table_fields, NULL, .streams = NULL,
};

static const struct scenario_field level_fields[] = {
	{ NAME(struct chain_level_spec, name), .flags = FIELD_REQUIRED | FIELD_HAND,
	  .doc = "snake_case, at most 31 characters: it names summary columns" },
	{ INTEGER(struct chain_level_spec, units), RANGE(1, 100000), DEFAULT(1),
	  .doc = "units at this level; at least as many as the level above, at most one per "
		 "rack at the last" },
	{ NUM(struct chain_level_spec, rating_kw), .flags = FIELD_REQUIRED, RANGE(0, 1e7),
	  .lo_open = 1, .unit = "kW", .doc = "installed rating of each unit" },
	{ ENUM(struct chain_level_spec, redundancy), .names = power_chain_redundancy_names,
	  DEFAULT(REDUNDANCY_N),
	  .doc = "N: every unit carries load; N+1: one spare module per unit; 2N: units in "
		 "pairs, each able to carry both" },
	{ INTEGER(struct chain_level_spec, modules), .flags = FIELD_HAND | FIELD_REQ_CUSTOM,
	  RANGE(2, 1000), .dflt_doc = "required with N+1; only read then",
	  .doc = "modules per unit, one of them spare" },
	{ BOOLEAN(struct chain_level_spec, outdoors), .flags = FIELD_HAND, DEFAULT(0),
	  .doc = "its losses go straight outdoors (a pad-mounted transformer), not into a "
		 "cooled room" },
	{ CUSTOM("efficiency"), .type_doc = "preset name or object", .flags = FIELD_REQUIRED,
	  .sub = &table_section, .doc = "efficiency against load" },
	FIELDS_END,
};

const struct scenario_section scenario_level_section = {
	"power.chain.levels[]", "One distribution level, from the utility down to the racks.",
	level_fields, NULL, .streams = NULL,
};

static const struct scenario_field chain_fields[] = {
	{ LIST("levels", struct chain_spec, levels, n_levels),
	  .flags = FIELD_REQUIRED | FIELD_INLINE,
	  .sub = &scenario_level_section,
	  .doc = "1 to 8 levels, from the utility down to the racks" },
	{ FIELD("oversubscription", FIELD_ENUM, struct chain_spec, allow_oversubscription),
	  .flags = FIELD_HAND, .names = oversubscription_names, DEFAULT(0),
	  .doc = "error: a unit above its usable rating with the racks at nameplate is an "
		 "input error; allow: simulate it and report the overloads" },
	{ CUSTOM("room_cooling"), .sub = &scenario_room_section,
	  .dflt_doc = "an air plant when a hall is modelled, else none",
	  .doc = "the plant removing the indoor levels' losses" },
	FIELDS_END,
};

const struct scenario_section scenario_chain_section = {
	"power.chain", "The distribution chain and the nameplate check against its ratings.",
	chain_fields, NULL, .streams = NULL,
};

static int read_table(struct jfield *j, const cJSON *o, const char *p, struct eff_table *t)
{
	int rc = scenario_table_check_keys(j, o, p, table_fields);
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, "load_fraction");
	const cJSON *y = cJSON_GetObjectItemCaseSensitive(o, "efficiency");
	int n = cJSON_IsArray(x) ? cJSON_GetArraySize(x) : 0;
	if (n < 2 || n > EFF_MAX_POINTS || !cJSON_IsArray(y) || cJSON_GetArraySize(y) != n) {
		jfield_error(j, p, "needs load_fraction and efficiency arrays of equal length, "
			     "2 to %d points", EFF_MAX_POINTS);
		return -1;
	}
	t->n = (size_t)n;
	for (int i = 0; i < n; i++) {
		const cJSON *xi = cJSON_GetArrayItem(x, i), *yi = cJSON_GetArrayItem(y, i);
		char ap[JPATH_MAX], ip[JPATH_MAX];
		jfield_path(ap, p, "load_fraction");
		jfield_index(ip, ap, i);
		if (!cJSON_IsNumber(xi) || !(xi->valuedouble > (i ? t->load[i - 1] : 0)) ||
		    !isfinite(xi->valuedouble)) {
			jfield_error(j, ip, "load fractions must be finite, above 0 and strictly "
				     "increasing");
			return -1;
		}
		jfield_path(ap, p, "efficiency");
		jfield_index(ip, ap, i);
		if (!cJSON_IsNumber(yi) || !(yi->valuedouble > 0 && yi->valuedouble <= 1)) {
			jfield_error(j, ip, "an efficiency must be in (0, 1]");
			return -1;
		}
		t->load[i] = xi->valuedouble;
		t->eff[i] = yi->valuedouble;
	}
	return rc;
}

static int read_efficiency(struct jfield *j, const cJSON *o, const char *path,
			   struct chain_level_spec *l)
{
	char p[JPATH_MAX];
	jfield_path(p, path, "efficiency");
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "efficiency");
	if (!e) {
		jfield_error(j, p, "required: a preset (see `dcsim catalog`) or "
			     "{\"load_fraction\": [...], \"efficiency\": [...]}");
		return -1;
	}
	if (cJSON_IsString(e)) {
		if (power_chain_preset_table(e->valuestring, &l->efficiency) != 0) {
			jfield_error(j, p, "unknown efficiency preset \"%s\" (see `dcsim catalog`)",
				     e->valuestring);
			return -1;
		}
		snprintf(l->efficiency_preset, sizeof l->efficiency_preset, "%s", e->valuestring);
		return 0;
	}
	if (!cJSON_IsObject(e)) {
		jfield_error(j, p, "must be a preset name or a table object, got %s",
			     jfield_type_name(e));
		return -1;
	}
	return read_table(j, e, p, &l->efficiency);
}

static int snake_case(const char *s)
{
	if (!islower((unsigned char)s[0]))
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

static int read_name(struct jfield *j, const cJSON *o, const char *path,
		     struct chain_level_spec *l)
{
	char *name = NULL;
	char p[JPATH_MAX];
	if (jfield_string(j, o, path, "name", 1, NULL, &name) != 0)
		return -1;
	int rc = 0;
	jfield_path(p, path, "name");
	if (!snake_case(name) || strlen(name) >= CHAIN_NAME_MAX) {
		jfield_error(j, p, "must be snake_case, at most %d characters (it names "
			     "summary columns), got \"%s\"", CHAIN_NAME_MAX - 1, name);
		rc = -1;
	}
	snprintf(l->name, sizeof l->name, "%s", name);
	free(name);
	return rc;
}

/* modules: only N+1 has them, and then they are required. */
static int read_modules(struct jfield *j, const cJSON *o, const char *path,
			struct chain_level_spec *l)
{
	l->modules = 1;
	if (l->redundancy == REDUNDANCY_N_PLUS_1)
		return scenario_table_read_key(j, o, path, level_fields, "modules", l, 1);
	if (!cJSON_GetObjectItemCaseSensitive(o, "modules"))
		return 0;
	char p[JPATH_MAX];
	jfield_path(p, path, "modules");
	jfield_error(j, p, "only used with redundancy \"N+1\"");
	return -1;
}

static int read_level(struct jfield *j, const cJSON *o, const char *path,
		      struct chain_level_spec *l)
{
	if (!cJSON_IsObject(o)) {
		jfield_error(j, path, "a level must be an object, got %s", jfield_type_name(o));
		return -1;
	}
	int rc = scenario_table_check_keys(j, o, path, level_fields);
	rc |= read_name(j, o, path, l);
	if (scenario_table_defaults(level_fields, l) != 0)
		return -1;
	rc |= scenario_table_read(j, o, path, level_fields, l, 0);
	rc |= read_modules(j, o, path, l);
	rc |= read_efficiency(j, o, path, l);
	rc |= scenario_table_read_key(j, o, path, level_fields, "outdoors", l, 0);
	return rc;
}

double scenario_rack_nameplate_w(const struct scenario *sc, double fan_scale)
{
	const struct node_spec *n = &sc->node;
	double fans = 1.0 - n->fan_share + fan_scale * n->fan_share;
	double servers = 0, network = 0;
	for (size_t i = 0; i < sc->n_rack_devices; i++) {
		const struct rack_device *d = &sc->rack_devices[i];
		if (d->spec.kind == DEVICE_NETWORK)
			network += d->spec.max_w * d->count;
		else
			servers += d->spec.max_w * d->count;
	}
	return (sc->nodes_per_rack * hardware_node_max_w(n) + servers) * fans + network;
}

const struct cooling_zone *scenario_zone_of(const struct scenario *sc, int r)
{
	for (size_t i = 0; i + 1 < sc->n_zones; i++)
		if (r < sc->zones[i].first_rack + sc->zones[i].racks)
			return &sc->zones[i];
	return &sc->zones[sc->n_zones - 1];
}

double scenario_rack_nameplate_at(const struct scenario *sc, int r)
{
	return scenario_rack_nameplate_w(sc, sc->n_zones ? scenario_zone_of(sc, r)->spec.fan_scale
							 : 1.0);
}

/* Every unit against its usable rating with the racks at nameplate; the
 * indoor levels' losses then into *indoor_loss_w. */
static int check_nameplate(struct jfield *j, const struct scenario *sc, double *indoor_loss_w)
{
	const struct chain_spec *c = &sc->chain;
	size_t stride = 0;
	for (size_t l = 0; l < c->n_levels; l++)
		if ((size_t)c->levels[l].units > stride)
			stride = (size_t)c->levels[l].units;
	double *out = calloc(c->n_levels * stride + 1, sizeof *out);
	double *racks = malloc((size_t)sc->racks * sizeof *racks);
	double rack = 0;
	for (int r = 0; racks && r < sc->racks; r++) {
		racks[r] = scenario_rack_nameplate_at(sc, r);
		rack = racks[r] > rack ? racks[r] : rack;
	}
	if (!out || !racks || power_chain_nameplate(c, sc->racks, racks, out, stride) != 0 ||
	    power_chain_indoor_loss_w(c, out, stride, indoor_loss_w) != 0) {
		free(out);
		free(racks);
		jfield_oom(j, "power.chain");
		return -1;
	}
	int rc = 0;
	for (size_t l = 0; l < c->n_levels && !c->allow_oversubscription; l++) {
		const struct chain_level_spec *lv = &c->levels[l];
		double usable = power_chain_usable_w(lv);
		for (int u = 0; u < lv->units; u++) {
			double w = out[l * stride + (size_t)u];
			if (w <= usable * (1 + 1e-12))
				continue;
			char p[JPATH_MAX];
			snprintf(p, sizeof p, "power.chain.levels[%zu]", l);
			jfield_error(j, p, "%s unit %d carries %.1f kW with its racks at nameplate "
				     "(racks up to %.1f kW), above its usable %.1f kW (rating %.1f kW, %s); "
				     "add units or rating, or set power.chain.oversubscription to "
				     "\"allow\" to simulate it", lv->name, u, w / 1000, rack / 1000,
				     usable / 1000, lv->rating_kw,
				     power_chain_redundancy_names[lv->redundancy]);
			rc = -1;
			break; /* one message per level */
		}
	}
	free(out);
	free(racks);
	return rc;
}

int scenario_read_chain(struct jfield *j, const cJSON *power, struct scenario *sc)
{
	const cJSON *c;
	if (jfield_object(j, power, "power", "chain", 0, &c) != 0)
		return -1;
	if (!c)
		return 0;
	int rc = scenario_table_check_keys(j, c, "power.chain", chain_fields);
	rc |= scenario_table_read_key(j, c, "power.chain", chain_fields, "oversubscription",
				      &sc->chain, 0);
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(c, "levels");
	int n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
	if (n < 1 || n > CHAIN_MAX_LEVELS) {
		jfield_error(j, "power.chain.levels", "must be an array of 1 to %d levels, from "
			     "the utility down to the racks", CHAIN_MAX_LEVELS);
		return -1;
	}
	sc->chain.n_levels = (size_t)n;
	for (int i = 0; i < n; i++) {
		char p[JPATH_MAX];
		jfield_index(p, "power.chain.levels", i);
		struct chain_level_spec *l = &sc->chain.levels[i];
		if (read_level(j, cJSON_GetArrayItem(arr, i), p, l) != 0) {
			rc = -1;
			continue;
		}
		for (int k = 0; k < i; k++) {
			if (strcmp(sc->chain.levels[k].name, l->name) == 0) {
				jfield_error(j, p, "name \"%s\" is also levels[%d]'s", l->name, k);
				rc = -1;
			}
		}
		int above = i ? sc->chain.levels[i - 1].units : 1;
		if (l->units < above) {
			jfield_error(j, p, "%d units cannot all be fed from %d units above: each "
				     "unit above needs at least one below", l->units, above);
			rc = -1;
		}
	}
	const struct chain_level_spec *last = &sc->chain.levels[n - 1];
	if (rc == 0 && last->units > sc->racks) {
		char p[JPATH_MAX];
		jfield_index(p, "power.chain.levels", n - 1);
		jfield_error(j, p, "%d units for %d racks: each unit must feed at least one rack",
			     last->units, sc->racks);
		rc = -1;
	}
	double indoor_loss_w = 0;
	if (rc == 0)
		rc = check_nameplate(j, sc, &indoor_loss_w);
	if (rc == 0)
		rc = scenario_read_room(j, c, indoor_loss_w, sc);
	if (rc != 0)
		sc->chain.n_levels = 0;
	return rc;
}
