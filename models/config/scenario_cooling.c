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
#include "scenario_table.h"

#define MAX_ZONES 64

#define INF INFINITY

static const struct scenario_field chiller_fields[] = {
	{ NUM(struct chiller_spec, carnot_fraction), RANGE(0, 1), .lo_open = 1, .hi_open = 1,
	  .doc = "COP as a share of the Carnot COP between refrigerant temperatures" },
	{ NUM(struct chiller_spec, evaporator_approach_k), RANGE(0, 30), .unit = "K",
	  .doc = "refrigerant below the chilled water leaving" },
	{ NUM(struct chiller_spec, condenser_approach_k), RANGE(0, 40), .unit = "K",
	  .doc = "refrigerant above the condenser water leaving" },
	{ NUM(struct chiller_spec, min_lift_k), RANGE(1, 100), .unit = "K",
	  .doc = "least lift: caps the COP" },
	{ NUM(struct chiller_spec, rating_condenser_c), RANGE(-20, 80), .unit = "C",
	  .doc = "condenser temperature of the rated capacity; capacity falls above it" },
	{ NUM(struct chiller_spec, capacity_kw), RANGE(0, INF), .unit = "kW",
	  .dflt_doc = "sized for the design day",
	  .doc = "rated capacity; absent: what the hottest hour of the weather needs" },
	FIELDS_END,
};

const struct scenario_section scenario_chiller_section = {
	"cooling.air.chiller",
	"A vapour-compression chiller (also `cooling.liquid.trim_chiller`); defaults by "
	"plant, their sources in cooling.md.", chiller_fields, NULL, .streams = NULL,
};

const struct scenario_field scenario_air_fields[] = {
	{ NUM(struct air_spec, supply_air_c), RANGE(5, 45), .unit = "C",
	  .doc = "air supplied to the IT inlets" },
	{ NUM(struct air_spec, it_delta_t_k), RANGE(1, 40), .unit = "K",
	  .doc = "air temperature rise through the IT" },
	{ NUM(struct air_spec, airflow_ratio), RANGE(1, 5),
	  .doc = "air supplied per air the servers draw (bypass)" },
	{ NUM(struct air_spec, fan_pressure_pa), RANGE(0, 5000), .lo_open = 1, .unit = "Pa",
	  .doc = "CRAH fan pressure at design flow" },
	{ NUM(struct air_spec, fan_efficiency), RANGE(0, 1), .lo_open = 1,
	  .doc = "fan, motor and drive" },
	{ NUM(struct air_spec, max_outdoor_dew_c), RANGE(-40, 40), .unit = "C",
	  .doc = "air-side economizer: outdoor air only when this dry" },
	{ NUM(struct air_spec, chilled_water_supply_c), RANGE(1, 30), .unit = "C",
	  .doc = "chilled water leaving the chillers" },
	{ NUM(struct air_spec, chilled_water_delta_t_k), RANGE(0, 30), .lo_open = 1, .unit = "K",
	  .doc = "chilled water rise through the coils" },
	{ NUM(struct air_spec, condenser_water_min_c), RANGE(0, 45), .unit = "C",
	  .doc = "towers do not cool the condenser water below this" },
	{ NUM(struct air_spec, condenser_range_k), RANGE(0, 30), .lo_open = 1, .unit = "K",
	  .doc = "condenser water rise through the chillers" },
	{ NUM(struct air_spec, tower_approach_k), RANGE(0, 20), .lo_open = 1, .unit = "K",
	  .doc = "tower leaving water above the wet bulb" },
	{ NUM(struct air_spec, economizer_approach_k), RANGE(0, 20), .unit = "K",
	  .doc = "water-side economizer: plate heat exchanger approach" },
	{ NUM(struct air_spec, tower_fan_w_per_kw), RANGE(0, 200), .unit = "W/kW",
	  .doc = "tower fan power per kW rejected, at design" },
	{ NUM(struct air_spec, chw_pump_w_per_lps), RANGE(0, 1e4), .unit = "W/(L/s)",
	  .doc = "chilled-water pumps at design flow" },
	{ NUM(struct air_spec, cw_pump_w_per_lps), RANGE(0, 1e4), .unit = "W/(L/s)",
	  .doc = "condenser-water pumps at design flow" },
	{ NUM(struct air_spec, cycles_of_concentration), RANGE(1, 100), .lo_open = 1,
	  .doc = "tower blow-down: evaporation / (cycles - 1)" },
	{ ENUM(struct air_spec, economizer), .names = cooling_economizer_names,
	  .doc = "none; water_side: tower water through a plate heat exchanger; air_side: "
		 "outdoor air when dry and cool enough" },
	{ OBJECT("chiller", struct air_spec, chiller), .sub = &scenario_chiller_section,
	  .dflt_doc = "sized",
	  .doc = "the water-cooled chillers" },
	FIELDS_END,
};

const struct scenario_section scenario_air_section = {
	"cooling.air",
	"CRAH fans over a chilled-water plant with towers (also the air path of "
	"`direct_to_chip` and `power.chain.room_cooling.air`); defaults by technology, their "
	"sources in cooling.md.", scenario_air_fields, NULL, .streams = NULL,
};

const struct scenario_field scenario_liquid_fields[] = {
	{ NUM(struct liquid_spec, supply_c), RANGE(5, 70), .unit = "C",
	  .doc = "warm water leaving for the IT" },
	{ NUM(struct liquid_spec, delta_t_k), RANGE(0, 40), .lo_open = 1, .unit = "K",
	  .doc = "rise through the IT" },
	{ NUM(struct liquid_spec, dry_cooler_approach_k), RANGE(0, 40), .lo_open = 1, .unit = "K",
	  .doc = "dry coolers reach the supply this far above the dry bulb" },
	{ NUM(struct liquid_spec, dry_cooler_fan_w_per_kw), RANGE(0, 200), .unit = "W/kW",
	  .doc = "dry-cooler fans at design" },
	{ NUM(struct liquid_spec, pump_w_per_lps), RANGE(0, 1e4), .unit = "W/(L/s)",
	  .doc = "CDU and facility loop pumps at design flow" },
	{ OBJECT("trim_chiller", struct liquid_spec, trim), .sub = &scenario_chiller_section,
	  .dflt_doc = "DLC: sized; immersion: none",
	  .doc = "air-cooled chiller for what the dry coolers cannot carry" },
	FIELDS_END,
};

const struct scenario_section scenario_liquid_section = {
	"cooling.liquid",
	"The warm-water loop of `direct_to_chip` and `immersion`; defaults by technology, "
	"their sources in cooling.md.",
	scenario_liquid_fields, NULL, .streams = NULL,
};

const struct scenario_field scenario_zone_fields[] = {
	{ STRING(struct cooling_zone, name), .flags = FIELD_HAND,
	  .dflt_doc = "`\"facility\"`, or `\"hall_<i>\"` in a list",
	  .doc = "names the hall in outputs" },
	{ INTEGER(struct cooling_zone, racks),
	  .flags = FIELD_HAND | FIELD_REQ_CUSTOM, RANGE(1, 1000000),
	  .dflt_doc = "required in a list; not read for one object",
	  .doc = "how many consecutive racks, from the previous hall's last" },
	{ FIELD("technology", FIELD_ENUM, struct cooling_zone, spec.tech),
	  .flags = FIELD_HAND | FIELD_REQUIRED,
	  .names = cooling_tech_names, .doc = "the plant (cooling.md)" },
	{ FIELD("fan_scale", FIELD_NUMBER, struct cooling_zone, spec.fan_scale),
	  .flags = FIELD_HAND, RANGE(0, 1),
	  .doc = "share of the servers' air-cooled fan power left" },
	{ FIELD("max_rack_kw", FIELD_NUMBER, struct cooling_zone, spec.max_rack_w),
	  .flags = FIELD_HAND,
	  RANGE(0, INF), .scale = 1e3, .unit = "kW",
	  .doc = "densest rack (immersion: tank) it can cool, an error above it; 0: no limit" },
	{ FIELD("pue", FIELD_NUMBER, struct cooling_zone, spec.pue), .flags = FIELD_HAND,
	  RANGE(1.0, 10.0), .only = VARIANT(COOLING_FIXED_PUE),
	  .dflt_doc = "1.58 (Uptime Institute Global Data Center Survey 2023 average)",
	  .doc = "fixed_pue only: overhead (pue - 1) x the IT" },
	{ CUSTOM("design_heat_kw"), .type_doc = "number", RANGE(0, INF), .unit = "kW",
	  .dflt_doc = "the racks' nameplate heat", .doc = "heat the plant is sized for" },
	{ FIELD("capture_fraction", FIELD_NUMBER, struct cooling_zone, spec.capture_fraction),
	  .flags = FIELD_HAND, RANGE(0, 1), .lo_open = 1, DEFAULT(0.80),
	  .only = VARIANT(COOLING_DIRECT_TO_CHIP),
	  .doc = "direct_to_chip only: heat into the cold plates; 0.80, within the 70-85% "
		 "reported for GPU servers with CPU and GPU cold plates" },
	{ OBJECT("air", struct cooling_zone, spec.air), .sub = &scenario_air_section,
	  .only = VARIANT(COOLING_AIR) | VARIANT(COOLING_DIRECT_TO_CHIP),
	  .doc = "air and direct_to_chip: the air plant" },
	{ OBJECT("liquid", struct cooling_zone, spec.liquid), .sub = &scenario_liquid_section,
	  .only = VARIANT(COOLING_DIRECT_TO_CHIP) | VARIANT(COOLING_IMMERSION),
	  .doc = "direct_to_chip and immersion: the warm-water loop" },
	FIELDS_END,
};
const struct scenario_section scenario_zone_section = {
	"cooling",
	"One object for every rack, or a list of halls of consecutive racks, each "
	"with its own plant; defaults by technology, their sources in cooling.md.",
	scenario_zone_fields, NULL, .streams = NULL,
};

/* An optional object at parent.key read through its table t into base. */
static int read_object(struct jfield *j, const cJSON *parent, const char *path,
		       const char *key, const struct scenario_field *t, void *base,
		       const cJSON **out)
{
	char p[JPATH_MAX];
	if (jfield_object(j, parent, path, key, 0, out) != 0)
		return -1;
	if (!*out)
		return 0;
	jfield_path(p, path, key);
	return scenario_table_check_keys(j, *out, p, t) | scenario_table_read(j, *out, p, t, base, 0);
}

static int read_chiller(struct jfield *j, const cJSON *parent, const char *path,
			const char *key, struct chiller_spec *c)
{
	const cJSON *o;
	int rc = read_object(j, parent, path, key, chiller_fields, c, &o);
	if (o)
		c->capacity_given = cJSON_GetObjectItemCaseSensitive(o, "capacity_kw") != NULL;
	return rc;
}

int scenario_read_air(struct jfield *j, const cJSON *zone, const char *path, struct air_spec *a)
{
	const cJSON *o;
	char p[JPATH_MAX];
	int rc = read_object(j, zone, path, "air", scenario_air_fields, a, &o);
	if (!o)
		return rc;
	jfield_path(p, path, "air");
	return rc | read_chiller(j, o, p, "chiller", &a->chiller);
}

static int read_liquid(struct jfield *j, const cJSON *zone, const char *path,
		       struct liquid_spec *l)
{
	const cJSON *o;
	char p[JPATH_MAX];
	int rc = read_object(j, zone, path, "liquid", scenario_liquid_fields, l, &o);
	if (!o)
		return rc;
	jfield_path(p, path, "liquid");
	return rc | read_chiller(j, o, p, "trim_chiller", &l->trim);
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

/* docs/scenario.md: each technology's defaults, from the same calls the
 * read makes (the DLC capture at its row's default). */
static void tech_defaults(struct cooling_spec *s, enum cooling_tech t)
{
	size_spec(s, t, scenario_table_row(scenario_zone_fields, "capture_fraction")->dflt, 1.0);
}

static const char *zone_example(int i, void *base)
{
	if (i >= COOLING_N_TECH)
		return NULL;
	tech_defaults(&((struct cooling_zone *)base)->spec, (enum cooling_tech)i);
	return cooling_tech_names[i];
}

static const char *air_example(int i, void *base)
{
	struct cooling_spec s;
	if (i > 1)
		return NULL;
	tech_defaults(&s, i == 0 ? COOLING_AIR : COOLING_DIRECT_TO_CHIP);
	*(struct air_spec *)base = s.air;
	return i == 0 ? "air" : "direct_to_chip";
}

static const char *liquid_example(int i, void *base)
{
	struct cooling_spec s;
	if (i > 1)
		return NULL;
	tech_defaults(&s, i == 0 ? COOLING_DIRECT_TO_CHIP : COOLING_IMMERSION);
	*(struct liquid_spec *)base = s.liquid;
	return i == 0 ? "direct_to_chip" : "immersion";
}

static const char *chiller_example(int i, void *base)
{
	struct cooling_spec s;
	if (i > 1)
		return NULL;
	tech_defaults(&s, i == 0 ? COOLING_AIR : COOLING_DIRECT_TO_CHIP);
	*(struct chiller_spec *)base = i == 0 ? s.air.chiller : s.liquid.trim;
	return i == 0 ? "air" : "trim";
}

const struct scenario_example scenario_cooling_examples[] = {
	{ &scenario_zone_section, sizeof(struct cooling_zone), zone_example },
	{ &scenario_air_section, sizeof(struct air_spec), air_example },
	{ &scenario_liquid_section, sizeof(struct liquid_spec), liquid_example },
	{ &scenario_chiller_section, sizeof(struct chiller_spec), chiller_example },
	{ NULL, 0, NULL },
};

#define ZONE scenario_zone_fields

/* racks: a list's halls say how many; one object covers them all. */
static int single_racks(struct jfield *j, const cJSON *o, const char *path)
{
	if (!cJSON_GetObjectItemCaseSensitive(o, "racks"))
		return 0;
	char p[JPATH_MAX];
	jfield_path(p, path, "racks");
	jfield_error(j, p, "a single cooling object covers every rack; give a list of "
		     "halls to split them");
	return -1;
}

/* A key only some technologies read is an error for the others. */
static const struct field_variants techs = {
	cooling_tech_names, 0, "only read for ", " cooling",
};

/*
 * The technology's defaults first, then the user's values: its server
 * fans set the racks' heat, which sizes the plant unless design_heat_kw
 * does, so sizing waits for fan_scale.
 */
static int read_zone(struct jfield *j, const cJSON *o, const char *path, int single,
		     int first_rack, int racks_left, struct scenario *sc, struct cooling_zone *z)
{
	if (!cJSON_IsObject(o)) {
		jfield_error(j, path, "must be an object {\"technology\": \"air\", ...}, got %s",
			     jfield_type_name(o));
		return -1;
	}
	int rc = scenario_table_check_keys(j, o, path, ZONE);
	char dflt[32];
	snprintf(dflt, sizeof dflt, single ? "facility" : "hall_%d", (int)(z - sc->zones));
	rc |= jfield_string(j, o, path, "name", 0, dflt, &z->name);
	z->racks = single ? racks_left : 0;
	if (single)
		rc |= single_racks(j, o, path);
	else if (scenario_table_read_key(j, o, path, ZONE, "racks", z, 1) != 0)
		return -1;
	z->first_rack = first_rack;
	struct cooling_spec *s = &z->spec;
	double design;
	if (scenario_table_read_key(j, o, path, ZONE, "technology", z, 0) != 0 ||
	    scenario_table_number(j, o, path, ZONE, "design_heat_kw", 0, 0, &design) != 0)
		return -1;
	enum cooling_tech t = s->tech;
	rc |= scenario_table_check_only(j, o, path, ZONE, (int)t, &techs);
	s->capture_fraction = 0.80;
	if (t == COOLING_DIRECT_TO_CHIP &&
	    scenario_table_read_key(j, o, path, ZONE, "capture_fraction", z, 0) != 0)
		return -1;
	double capture = t == COOLING_DIRECT_TO_CHIP ? s->capture_fraction : 0;
	size_spec(s, t, capture, 1.0);
	if (scenario_table_read_key(j, o, path, ZONE, "fan_scale", z, 0) != 0)
		return -1;
	double fan_scale = s->fan_scale;
	size_spec(s, t, capture,
		  design > 0 ? design * 1e3 : z->racks * scenario_rack_nameplate_w(sc, fan_scale));
	s->fan_scale = fan_scale;
	rc |= scenario_table_read_key(j, o, path, ZONE, "max_rack_kw", z, 0);
	if (t == COOLING_FIXED_PUE)
		rc |= scenario_table_read_key(j, o, path, ZONE, "pue", z, 0);
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
			jfield_oom(j, "cooling");
			return -1;
		}
		return 0;
	}
	int rc = 0;
	if (cJSON_IsObject(c)) {
		sc->zones = calloc(1, sizeof *sc->zones);
		if (!sc->zones) {
			jfield_oom(j, "cooling");
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
