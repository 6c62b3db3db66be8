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
 * the rooms get no plant unless room_cooling asks for one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"

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
	static const char *const keys[] = { "technology", "pue", "design_heat_kw", "air", NULL };
	static const char *const techs[] = { "fixed_pue", "air", NULL };
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
	int rc = o ? jfield_check_keys(j, o, path, keys) : 0;
	int t = COOLING_AIR;
	if (o && jfield_enum(j, o, path, "technology", 1, 0, techs, &t) != 0)
		return -1;
	double design = indoor_loss_w / 1e3;
	if (o && jfield_number_in(j, o, path, "design_heat_kw", 0, design, 0, 1, INFINITY, 0,
				  &design) != 0)
		return -1;
	if (!(design > 0)) {
		jfield_error(j, path, "the indoor levels lose nothing at nameplate: give "
			     "design_heat_kw");
		return -1;
	}
	struct cooling_zone *z = &sc->room;
	const char name[] = "electrical_rooms";
	z->name = malloc(sizeof name);
	if (!z->name) {
		jfield_error(j, path, "out of memory");
		return -1;
	}
	memcpy(z->name, name, sizeof name);
	cooling_defaults(&z->spec, (enum cooling_tech)t, design * 1e3);
	z->spec.air.design_heat_w = design * 1e3; /* fixed PUE too: the report shows it */
	if (o && t != COOLING_FIXED_PUE && cJSON_GetObjectItemCaseSensitive(o, "pue")) {
		jfield_error(j, path, "pue is only read for fixed_pue cooling");
		rc = -1;
	}
	if (o && t == COOLING_FIXED_PUE) {
		rc |= jfield_number_in(j, o, path, "pue", 0, z->spec.pue, 1.0, 0, 10.0, 0,
				       &z->spec.pue);
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
