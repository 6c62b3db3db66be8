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
 * the real load went over. A failed check says how many units of that
 * level would pass it.
 *
 * Sizing by rule: "units": "auto" gives a level the fewest units that
 * pass the check, from the racks' nameplates, the level's rating and its
 * redundancy (and at least the level above's units), so cluster.racks can
 * vary alone in a sweep or a plan. The count starts at the level's load
 * over its usable rating and grows one at a time while a unit is over
 * (racks are dealt to units in contiguous blocks, so a remainder can need
 * one more than the quotient); resolved.json records the count used.
 *
 * The keys are descriptor rows (scenario_table.h); names, modules under
 * N+1, efficiency tables, the sizing and the check are code.
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
	  .flags = FIELD_HAND, .type_doc = "integer or \"auto\"",
	  .doc = "units at this level; at least as many as the level above, at most one per "
		 "rack at the last; \"auto\": the fewest that carry the racks at nameplate "
		 "(the count used is in resolved.json)" },
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
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(o, "units");
	if (cJSON_IsString(u) && !strcmp(u->valuestring, "auto"))
		l->auto_units = 1; /* sized once every level is read */
	else if (cJSON_IsString(u)) {
		char p[JPATH_MAX];
		jfield_path(p, path, "units");
		jfield_error(j, p, "must be a whole number of units or \"auto\", got \"%s\"",
			     u->valuestring);
		rc = -1;
	} else
		rc |= scenario_table_read_key(j, o, path, level_fields, "units", l, 0);
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

/* The racks' nameplates (W) and the largest; NULL without memory. */
static double *rack_nameplates(const struct scenario *sc, double *largest)
{
	double *racks = malloc((size_t)(sc->racks > 0 ? sc->racks : 1) * sizeof *racks);
	*largest = 0;
	for (int r = 0; racks && r < sc->racks; r++) {
		racks[r] = scenario_rack_nameplate_at(sc, r);
		*largest = racks[r] > *largest ? racks[r] : *largest;
	}
	return racks;
}

static size_t chain_stride(const struct chain_spec *c, size_t at_least)
{
	size_t stride = at_least;
	for (size_t l = 0; l < c->n_levels; l++)
		if ((size_t)c->levels[l].units > stride)
			stride = (size_t)c->levels[l].units;
	return stride;
}

/* The first unit of level l over its usable rating in out, or -1. */
static int over_unit(const struct chain_spec *c, size_t l, const double *out, size_t stride)
{
	const struct chain_level_spec *lv = &c->levels[l];
	double usable = power_chain_usable_w(lv);
	for (int u = 0; u < lv->units; u++)
		if (out[l * stride + (size_t)u] > usable * (1 + 1e-12))
			return u;
	return -1;
}

/* Does level l pass with n units, the levels below raised to n where they
 * have fewer (each unit needs one below)? 1, 0, or -1 without memory. */
static int passes_with(const struct chain_spec *c, size_t l, int n, int racks,
		       const double *rack_w)
{
	struct chain_spec t = *c;
	for (size_t k = l; k < t.n_levels; k++)
		if (t.levels[k].units < n)
			t.levels[k].units = n;
	size_t stride = chain_stride(&t, 1);
	double *out = calloc(t.n_levels * stride + 1, sizeof *out);
	if (!out || power_chain_nameplate(&t, racks, rack_w, out, stride) != 0) {
		free(out);
		return -1;
	}
	int ok = over_unit(&t, l, out, stride) < 0;
	free(out);
	return ok;
}

/* The fewest units (from `from`, at most racks) with which level l passes:
 * > 0, 0 when none does, -1 without memory. */
static int units_enough(const struct chain_spec *c, size_t l, int from, int racks,
			const double *rack_w)
{
	for (int n = from < 1 ? 1 : from; n <= racks; n++) {
		int ok = passes_with(c, l, n, racks, rack_w);
		if (ok != 0)
			return ok < 0 ? -1 : n;
	}
	return 0;
}

/* Size the "auto" levels, top down: each from its share of the racks'
 * nameplate over its usable rating, at least the level above's units. */
static int size_auto_levels(struct jfield *j, struct scenario *sc)
{
	struct chain_spec *c = &sc->chain;
	int any = 0;
	for (size_t l = 0; l < c->n_levels; l++)
		any |= c->levels[l].auto_units;
	if (!any || sc->racks < 1) /* no racks: the cluster's error is reported */
		return 0;
	double largest;
	double *rack_w = rack_nameplates(sc, &largest);
	if (!rack_w) {
		jfield_oom(j, "power.chain");
		return -1;
	}
	double total = 0;
	for (int r = 0; r < sc->racks; r++)
		total += rack_w[r];
	int rc = 0;
	for (size_t l = 0; l < c->n_levels && rc == 0; l++) {
		struct chain_level_spec *lv = &c->levels[l];
		if (!lv->auto_units)
			continue;
		int above = l ? c->levels[l - 1].units : 1;
		double guess = ceil(total / power_chain_usable_w(lv) - 1e-9);
		int from = guess > above ? (guess < sc->racks ? (int)guess : sc->racks) : above;
		/* the levels below that are also auto start at this count */
		for (size_t k = l + 1; k < c->n_levels; k++)
			if (c->levels[k].auto_units)
				c->levels[k].units = 1;
		int n = units_enough(c, l, from, sc->racks, rack_w);
		char p[JPATH_MAX];
		snprintf(p, sizeof p, "power.chain.levels[%zu].units", l);
		if (n < 0) {
			jfield_oom(j, p);
			rc = -1;
		} else if (n == 0) {
			jfield_error(j, p, "\"auto\": no count of %s units carries the racks at "
					   "nameplate: one rack draws up to %.1f kW, above a unit's usable "
					   "%.1f kW (rating %.1f kW, %s); raise rating_kw",
				     lv->name, largest / 1000, power_chain_usable_w(lv) / 1000,
				     lv->rating_kw, power_chain_redundancy_names[lv->redundancy]);
			rc = -1;
		} else {
			lv->units = n;
		}
	}
	/* A level's blocks of racks shift when a level below it changes its
	 * count, so a unit sized above may be over now: grow the over levels
	 * one unit at a time until none is (each step adds a unit; the last
	 * level stops at one per rack, where the check reports what is left). */
	size_t stride = chain_stride(c, (size_t)sc->racks + 1); /* auto units stop at racks */
	double *out = rc == 0 ? calloc(c->n_levels * stride + 1, sizeof *out) : NULL;
	if (rc == 0 && !out) {
		jfield_oom(j, "power.chain");
		rc = -1;
	}
	for (int grew = 1; rc == 0 && grew;) {
		grew = 0;
		if (power_chain_nameplate(c, sc->racks, rack_w, out, stride) != 0) {
			jfield_oom(j, "power.chain");
			rc = -1;
			break;
		}
		for (size_t l = 0; l < c->n_levels; l++) {
			struct chain_level_spec *lv = &c->levels[l];
			if (lv->auto_units && lv->units < sc->racks && over_unit(c, l, out, stride) >= 0) {
				lv->units++;
				grew = 1;
			}
			if (lv->auto_units && l && lv->units < c->levels[l - 1].units) {
				lv->units = c->levels[l - 1].units;
				grew = 1;
			}
		}
	}
	free(out);
	free(rack_w);
	return rc;
}

/* Every unit against its usable rating with the racks at nameplate; the
 * indoor levels' losses then into *indoor_loss_w. */
static int check_nameplate(struct jfield *j, const struct scenario *sc, double *indoor_loss_w)
{
	const struct chain_spec *c = &sc->chain;
	size_t stride = chain_stride(c, 0);
	double *out = calloc(c->n_levels * stride + 1, sizeof *out);
	double rack;
	double *racks = rack_nameplates(sc, &rack);
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
		int u = over_unit(c, l, out, stride);
		if (u < 0)
			continue;
		double w = out[l * stride + (size_t)u];
		int enough = units_enough(c, l, lv->units + 1, sc->racks, racks);
		char fix[160];
		if (enough > 0)
			snprintf(fix, sizeof fix, "%d units would be enough (or \"units\": \"auto\")",
				 enough);
		else
			snprintf(fix, sizeof fix, "no count of units is enough at this rating: "
						  "raise rating_kw");
		char p[JPATH_MAX];
		snprintf(p, sizeof p, "power.chain.levels[%zu]", l);
		jfield_error(j, p, "%s unit %d carries %.1f kW with its racks at nameplate "
			     "(racks up to %.1f kW), above its usable %.1f kW (rating %.1f kW, %s); "
			     "%s; or add rating, or set power.chain.oversubscription to "
			     "\"allow\" to simulate it", lv->name, u, w / 1000, rack / 1000,
			     usable / 1000, lv->rating_kw,
			     power_chain_redundancy_names[lv->redundancy], fix);
		rc = -1; /* one message per level */
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
	}
	if (rc == 0)
		rc = size_auto_levels(j, sc);
	/* once every count is known: auto levels are sized above */
	int sized = rc == 0;
	for (int i = 1; sized && i < n; i++) {
		const struct chain_level_spec *l = &sc->chain.levels[i];
		int above = sc->chain.levels[i - 1].units;
		if (l->units < above) {
			char p[JPATH_MAX];
			jfield_index(p, "power.chain.levels", i);
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
