/*
 * scenario_cost.c - the cost section: what the facility costs to build
 * and run, for the cost of ownership (models/run/world_tco.c).
 *
 *   "cost": { "demand_usd_per_kw_month": 12,
 *             "cloud_on_demand_usd_per_gpu_h": 2.99 }
 *
 * Every figure has a default with its source (here and in docs/cost.md)
 * and may be overridden. The GPU and node prices default to the
 * catalog's (dcsim catalog); a node type without a catalog price needs
 * them given. The facility figures derive from one survey, Cushman &
 * Wakefield's Data Center Development Cost Guide 2025: $11.7 million per
 * MW of critical load on average over 19 US markets, 53% of it critical
 * capacity (power and cooling plant), 47% shell, site, white space, back
 * of house and offices. Critical capacity is split between electrical
 * and mechanical by the 25-30% and 20-25% shares of hard cost a builder
 * reports (Cortex Construct, Data Center Construction Cost Breakdown,
 * 2026): 55 / 45.
 */
#include <math.h>
#include <string.h>

#include "scenario_int.h"

/* Cushman & Wakefield 2025: average cost per MW of critical load, and
 * the shares of it (critical capacity; the rest) */
#define CW_USD_PER_MW 11.7e6
#define CW_CRITICAL 0.53
#define ELECTRICAL_SHARE (27.5 / (27.5 + 22.5))
/* Turner & Townsend, Data Centre Construction Cost Index 2025-2026: AI
 * (liquid-cooled) data centres cost 7-10% more to build in the USA than
 * traditional ones; the midpoint, put on the cooling plant */
#define AI_PREMIUM 0.085

#define AIR_USD_PER_KW (CW_USD_PER_MW * CW_CRITICAL * (1 - ELECTRICAL_SHARE) / 1000.0)
#define LIQUID_USD_PER_KW (AIR_USD_PER_KW + AI_PREMIUM * CW_USD_PER_MW / 1000.0)

#define COOLING_ROW(tech, key, dflt, source)                                                \
	{ FIELD(key, FIELD_NUMBER, struct cost_spec, cooling_usd_per_kw[COOLING_##tech]),   \
	  DEFAULT(dflt), RANGE(0, 1e6), .unit = "USD/kW", .doc = source }

static const struct scenario_field cost_fields[] = {
	{ NUM(struct cost_spec, gpu_usd), .flags = FIELD_HAND, RANGE(0, 1e7), .unit = "USD",
	  .dflt_doc = "the accelerator's catalog price",
	  .doc = "one GPU (dcsim catalog lists the prices and their sources)" },
	{ NUM(struct cost_spec, node_usd), .flags = FIELD_HAND, RANGE(0, 1e9), .unit = "USD",
	  .dflt_doc = "the node's catalog price",
	  .doc = "one node without its GPUs (CPUs, memory, NICs, chassis)" },
	{ NUM(struct cost_spec, network_usd_per_gpu), DEFAULT(4250), RANGE(0, 1e6),
	  .unit = "USD",
	  .doc = "the scale-out fabric per GPU: a two-tier NDR InfiniBand fat tree for 1,024 "
		 "H100s, switches $1,688 + cables and optics $2,560 per GPU (Aug. 2024 prices: "
		 "tech-talk-cto, H100 Freakonomics, and its spreadsheet)" },
	{ NUM(struct cost_spec, rack_usd), DEFAULT(0), RANGE(0, 1e8), .unit = "USD",
	  .doc = "one rack (enclosure, rack PDUs) apart; 0: inside building_usd_per_mw (its "
		 "white-space buildout, 10% of Cushman & Wakefield's $11.7M/MW)" },
	{ NUM(struct cost_spec, power_usd_per_kw), DEFAULT(CW_USD_PER_MW * CW_CRITICAL *
							   ELECTRICAL_SHARE / 1000.0),
	  RANGE(0, 1e6), .unit = "USD/kW",
	  .doc = "the power chain (switchgear, generators, UPS, PDUs) per kW of IT nameplate: "
		 "55% of the critical capacity, 53% of $11.7M/MW (Cushman & Wakefield 2025)" },
	COOLING_ROW(FIXED_PUE, "cooling_fixed_pue_usd_per_kw", AIR_USD_PER_KW,
		    "fixed_pue halls: as air (the surveyed average plant)"),
	COOLING_ROW(AIR, "cooling_air_usd_per_kw", AIR_USD_PER_KW,
		    "air plant per kW of IT nameplate: 45% of the critical capacity, 53% of "
		    "$11.7M/MW (Cushman & Wakefield 2025)"),
	COOLING_ROW(DIRECT_TO_CHIP, "cooling_direct_to_chip_usd_per_kw", LIQUID_USD_PER_KW,
		    "air's plus the 7-10% (8.5%) of $11.7M/MW that AI liquid-cooled builds "
		    "cost more in the USA (Turner & Townsend, Data Centre Construction Cost "
		    "Index 2025-2026)"),
	COOLING_ROW(IMMERSION, "cooling_immersion_usd_per_kw", LIQUID_USD_PER_KW,
		    "as direct_to_chip (the same survey premium; no separate immersion figure)"),
	{ NUM(struct cost_spec, building_usd_per_mw), DEFAULT(CW_USD_PER_MW * (1 - CW_CRITICAL)),
	  RANGE(0, 1e9), .unit = "USD/MW",
	  .doc = "shell, site, white space, back of house and offices per MW of IT nameplate: "
		 "47% of $11.7M/MW (Cushman & Wakefield 2025; land and soft costs excluded)" },
	{ NUM(struct cost_spec, it_years), DEFAULT(5), RANGE(0, 100), .lo_open = 1, .unit = "a",
	  .doc = "life of GPUs and nodes: Amazon cut its servers' useful life from 6 to 5 "
		 "years in 2025 (Q4 2024 results), Meta uses 5.5" },
	{ NUM(struct cost_spec, network_years), DEFAULT(5), RANGE(0, 100), .lo_open = 1,
	  .unit = "a", .doc = "life of the fabric: as servers (Amazon's 2025 change covers "
			      "servers and networking equipment)" },
	{ NUM(struct cost_spec, power_years), DEFAULT(12), RANGE(0, 100), .lo_open = 1,
	  .unit = "a", .doc = "life of the racks and the power chain: its shortest-lived major "
			      "item, three-phase UPS equipment, lasts about 10-12 years (Power "
			      "Solutions, UPS Lifecycle Management for 3-Phase Equipment); the "
			      "upper end" },
	{ NUM(struct cost_spec, cooling_years), DEFAULT(20), RANGE(0, 100), .lo_open = 1,
	  .unit = "a", .doc = "life of the cooling plant: ASHRAE median service lives, "
			      "cooling towers 20 years, centrifugal chillers 23 (ASHRAE "
			      "Handbook, HVAC Applications, owning and operating costs)" },
	{ NUM(struct cost_spec, building_years), DEFAULT(39), RANGE(0, 200), .lo_open = 1,
	  .unit = "a", .doc = "life of the building: the MACRS recovery period of "
			      "nonresidential real property (IRS Publication 946)" },
	{ NUM(struct cost_spec, discount_rate), DEFAULT(0.07), RANGE(0, 1), .unit = "1/a",
	  .doc = "the cost of capital for the capital recovery factor: 7% real, OMB Circular "
		 "A-94's base case for public investment analysis (1992)" },
	{ NUM(struct cost_spec, energy_usd_per_mwh), DEFAULT(80.4), RANGE(-1e4, 1e6),
	  .unit = "USD/MWh",
	  .doc = "flat energy price, only without grid.price (which prices every hour): the "
		 "2023 US average industrial retail price, 8.04 c/kWh (EIA Electric Power "
		 "Monthly, table 5.3)" },
	{ NUM(struct cost_spec, demand_usd_per_kw_month), DEFAULT(15), RANGE(0, 1e4),
	  .unit = "USD/kW-month",
	  .doc = "demand charge on each month's grid peak: $15/kW, the benchmark NREL uses, "
		 "exceeded by tariffs open to over a quarter of US commercial customers "
		 "(McLaren et al., NREL/BR-6A20-68963, 2017)" },
	{ NUM(struct cost_spec, water_usd_per_m3), DEFAULT(7.50 / 3.785), RANGE(0, 1e4),
	  .unit = "USD/m3",
	  .doc = "cooling water: $7.50 per 1,000 gallons, between Loudoun Water's (Ashburn) "
		 "second and third tiers, $6.41 and $8.58 (2016 rates); no sewer charge, as "
		 "the water evaporates" },
	{ NUM(struct cost_spec, maintenance_fraction), DEFAULT(0.03), RANGE(0, 1), .unit = "1/a",
	  .doc = "facility maintenance a year, a share of the power, cooling and building "
		 "capex: 3%, an estimate (see docs/cost.md: no survey found); IT support "
		 "is taken as inside the hardware prices" },
	{ NUM(struct cost_spec, staff_per_mw), DEFAULT(11.7 / 13.0), RANGE(0, 1e3),
	  .unit = "1/MW",
	  .doc = "full-time staff per MW of IT nameplate: one permanent job per $13 million "
		 "invested in Virginia data centres (Food & Water Watch, 2024) at $11.7M/MW" },
	{ NUM(struct cost_spec, staff_usd_per_year), DEFAULT(76000.0 / (1 - 0.296)),
	  RANGE(0, 1e7), .unit = "USD/a",
	  .doc = "loaded cost of one: $76,000, the mean wage of computer network support "
		 "specialists (BLS OEWS, May 2023), with benefits at 29.6% of compensation "
		 "(BLS ECEC, private industry)" },
	{ NUM(struct cost_spec, cloud_on_demand_usd_per_gpu_h), .flags = FIELD_IF_POSITIVE,
	  DEFAULT(0), RANGE(0, 1e4), .unit = "USD/GPU-h",
	  .doc = "a cloud price to break even against (yours to give); 0: none" },
	{ NUM(struct cost_spec, cloud_reserved_usd_per_gpu_h), .flags = FIELD_IF_POSITIVE,
	  DEFAULT(0), RANGE(0, 1e4), .unit = "USD/GPU-h", .doc = "the same, reserved" },
	{ NUM(struct cost_spec, cloud_spot_usd_per_gpu_h), .flags = FIELD_IF_POSITIVE,
	  DEFAULT(0), RANGE(0, 1e4), .unit = "USD/GPU-h", .doc = "the same, spot" },
	FIELDS_END,
};

const struct scenario_section scenario_cost_section = {
	"cost",
	"Prices, lives and rates for the cost of ownership (docs/cost.md); every default "
	"sourced, every figure overridable.",
	cost_fields, NULL, .streams = NULL,
};

/* A catalog price, or the key given; neither is an error. */
static int read_price(struct jfield *j, const cJSON *o, const char *key, double catalog,
		      const char *what, struct cost_spec *c)
{
	double *v = strcmp(key, "gpu_usd") == 0 ? &c->gpu_usd : &c->node_usd;
	*v = catalog;
	if (!cJSON_GetObjectItemCaseSensitive(o, key) && catalog <= 0) {
		char p[JPATH_MAX];
		snprintf(p, sizeof p, "cost.%s", key);
		jfield_error(j, p, "required: %s has no catalog price", what);
		return -1;
	}
	return scenario_table_read_key(j, o, "cost", cost_fields, key, c, 0);
}

int scenario_read_cost(struct jfield *j, const cJSON *root, struct scenario *sc)
{
	const cJSON *o;
	struct cost_spec *c = &sc->cost;
	if (scenario_table_defaults(cost_fields, c) != 0) {
		jfield_oom(j, "cost");
		return -1;
	}
	if (jfield_object(j, root, "", "cost", 0, &o) != 0)
		return -1;
	if (!o)
		return 0;
	c->on = 1;
	char what[96];
	snprintf(what, sizeof what, "accelerator %s", sc->node.accel.name);
	int rc = scenario_table_check_keys(j, o, "cost", cost_fields);
	rc |= read_price(j, o, "gpu_usd", sc->node.accel.price_usd, what, c);
	snprintf(what, sizeof what, "node %s", sc->node.name);
	rc |= read_price(j, o, "node_usd", sc->node.host_price_usd, what, c);
	return rc | scenario_table_read(j, o, "cost", cost_fields, c, 0);
}
