/*
 * scenario_room.c - power.chain.room_cooling: the plant of the electrical
 * rooms. The losses of the distribution chain are heat; those of the
 * indoor levels (every level unless it says "outdoors": true, like a
 * pad-mounted transformer) land in the UPS and switchgear rooms and the
 * data halls' PDUs, and something must remove them (ASHRAE 90.4 counts
 * that cooling in the mechanical load alongside the IT's).
 *
 *   "chain": { "levels": [...],
 *              "room_cooling": { "technology": "air",
 *                                "air": { "economizer": "none" } } }
 *
 * Default: when the facility has a modelled (not fixed-PUE) hall, the
 * rooms get an air plant with the air defaults (CRAHs on a chilled-water
 * plant with towers and a water-side economizer, as in most chilled-water
 * facilities), sized for the indoor losses with every rack at nameplate.
 * With fixed-PUE halls only, the PUE already stands for all cooling and
 * the rooms get no plant unless room_cooling asks for one. The keys are
 * descriptor rows (scenario_table.h), the defaults' rules code.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "scenario_table.h"

/* The rooms' plant: fixed_pue or air, a prefix of the cooling names. */
static const char *room_tech_at(int i)
{
	return i >= 0 && i <= COOLING_AIR ? cooling_tech_names[i] : NULL;
}

const struct scenario_field scenario_room_fields[] = {
	{ FIELD("technology", FIELD_ENUM, struct cooling_zone, spec.tech),
	  .flags = FIELD_HAND | FIELD_REQUIRED, .name_at = room_tech_at,
	  .doc = "when the object is given; without it: air when a hall is modelled" },
	{ FIELD("pue", FIELD_NUMBER, struct cooling_zone, spec.pue), .flags = FIELD_HAND,
	  RANGE(1.0, 10.0), .dflt_doc = "1.58 (cooling.md)",
	  .doc = "fixed_pue only: overhead (pue - 1) x the losses" },
	{ CUSTOM("design_heat_kw"), .type_doc = "number", RANGE(0, INFINITY), .lo_open = 1,
	  .unit = "kW", .dflt_doc = "the indoor levels' losses with every rack at nameplate",
	  .doc = "heat the plant is sized for" },
	{ OBJECT("air", struct cooling_zone, spec.air), .sub = &scenario_air_section,
	  .doc = "air only: the air plant" },
	FIELDS_END,
};

const struct scenario_section scenario_room_section = {
	"power.chain.room_cooling",
	"The plant of the electrical rooms: it removes the losses of every indoor chain "
	"level (ASHRAE 90.4 counts them in the mechanical load).", scenario_room_fields, NULL, .streams = NULL,
};

static int any_modelled_hall(const struct scenario *sc)
{
	for (size_t i = 0; i < sc->n_zones; i++)
		if (sc->zones[i].spec.tech != COOLING_FIXED_PUE)
			return 1;
	return 0;
}

static int any_indoor_level(const struct chain_spec *c)
{
	for (size_t l = 0; l < c->n_levels; l++)
		if (!c->levels[l].outdoors)
			return 1;
	return 0;
}

int scenario_read_room(struct jfield *j, const cJSON *chain, double indoor_loss_w,
		       struct scenario *sc)
{
	static const char path[] = "power.chain.room_cooling";
	const cJSON *o;
	if (jfield_object(j, chain, "power.chain", "room_cooling", 0, &o) != 0)
		return -1;
	if (!o && !any_modelled_hall(sc))
		return 0;
	if (!any_indoor_level(&sc->chain)) {
		if (o) {
			jfield_error(j, path, "every level is outdoors: no losses to cool");
			return -1;
		}
		return 0;
	}
	struct cooling_zone *z = &sc->room;
	int rc = o ? scenario_table_check_keys(j, o, path, scenario_room_fields) : 0;
	z->spec.tech = COOLING_AIR;
	if (o && scenario_table_read_key(j, o, path, scenario_room_fields, "technology", z, 0) != 0)
		return -1;
	const enum cooling_tech t = z->spec.tech;
	double design = indoor_loss_w / 1e3;
	if (o && scenario_table_number(j, o, path, scenario_room_fields, "design_heat_kw", 0, design,
				       &design) != 0)
		return -1;
	if (!(design > 0)) {
		jfield_error(j, path, "the indoor levels lose nothing at nameplate: give "
			     "design_heat_kw");
		return -1;
	}
	const char name[] = "electrical_rooms";
	z->name = malloc(sizeof name);
	if (!z->name) {
		jfield_oom(j, path);
		return -1;
	}
	memcpy(z->name, name, sizeof name);
	cooling_defaults(&z->spec, t, design * 1e3);
	z->spec.air.design_heat_w = design * 1e3; /* fixed PUE too: the report shows it */
	if (o && t != COOLING_FIXED_PUE && cJSON_GetObjectItemCaseSensitive(o, "pue")) {
		jfield_error(j, path, "pue is only read for fixed_pue cooling");
		rc = -1;
	}
	if (o && t == COOLING_FIXED_PUE) {
		rc |= scenario_table_read_key(j, o, path, scenario_room_fields, "pue", z, 0);
		if (cJSON_GetObjectItemCaseSensitive(o, "air")) {
			jfield_error(j, path, "air is only read for air cooling");
			rc = -1;
		}
	}
	if (o)
		rc |= scenario_read_air(j, o, path, &z->spec.air);
	if (t == COOLING_AIR) {
		if (sc->weather.source == WEATHER_NONE) {
			jfield_error(j, path, "air cooling needs weather: add \"weather\": "
				     "\"ashburn\" (a site), a file, or a constant model");
			return -1;
		}
		if (sc->weather.series.n_hours > 0) /* else its error is reported */
			cooling_size_for_weather(&z->spec, &sc->weather.series);
	}
	sc->has_room = rc == 0;
	return rc;
}
