/*
 * cooling.h - one interface for every cooling technology: from the heat a
 * plant must remove and the outdoor air, its electrical power by
 * component, its water use, the share of heat removed without compressors,
 * the heat it rejects outdoors, and how much heat it can remove at most.
 *
 * Technologies, one file each: fixed PUE (cooling_fixed.c, for
 * calibrating against published energy accounts), air (cooling_air.c:
 * CRAH fans, chilled-water plant, cooling towers, water- or air-side
 * economizer), direct-to-chip liquid (cooling_dlc.c: a warm-water loop
 * plus a smaller air path) and single-phase immersion
 * (cooling_immersion.c). The warm-water loop both liquid technologies use
 * is cooling_liquid.c; the chiller model is chiller.c.
 *
 * Units: W, C, K, litres per hour. Every function is pure: it reads the
 * spec and the outdoor state only, so any number of runs share a spec.
 * Invariant (tests/test_cooling.c): rejected = removed + total power, and
 * removed = min(heat, capacity).
 */
#ifndef DCSIM_COOLING_H
#define DCSIM_COOLING_H

#include "weather.h"

/*
 * Every technology, once: X(ENUM, name, ops). The row gives the enum
 * constant (COOLING_<ENUM>), the name scenarios, resolved.json and reports
 * use, and the ops its file cooling_<tech>.c defines. A new technology is
 * a row here (with its parameters in struct cooling_spec when it has new
 * ones), its file, and its keys' rows in models/config/scenario_cooling.c.
 */
#define COOLING_TECHS(X)                                      \
	X(FIXED_PUE, "fixed_pue", cooling_fixed_ops)           \
	X(AIR, "air", cooling_air_ops)                         \
	X(DIRECT_TO_CHIP, "direct_to_chip", cooling_dlc_ops)   \
	X(IMMERSION, "immersion", cooling_immersion_ops)

enum cooling_tech {
#define COOLING_TECH_ENUM(e, name, ops) COOLING_##e,
	COOLING_TECHS(COOLING_TECH_ENUM)
#undef COOLING_TECH_ENUM
	COOLING_N_TECH,
};

enum cooling_component {
	COOL_TOTAL,
	COOL_AIR_FANS,       /* CRAH/CRAC fans moving room air */
	COOL_COMPRESSORS,    /* chillers, including trim chillers */
	COOL_HEAT_REJECTION, /* cooling-tower and dry-cooler fans */
	COOL_PUMPS,          /* chilled, condenser and warm-water loop pumps */
	COOL_OTHER,          /* the fixed-PUE overhead */
	COOL_N_COMPONENTS,
};

enum economizer {
	ECONOMIZER_NONE,
	ECONOMIZER_WATER_SIDE, /* plate heat exchanger off the cooling towers */
	ECONOMIZER_AIR_SIDE,   /* outdoor air into the room when dry and cool enough */
	ECONOMIZER_BOTH,       /* outdoor air first, then the towers' water for the rest */
};

/* A vapour-compression chiller: COP = carnot_fraction x the Carnot COP
 * between its refrigerant temperatures, lift at least min_lift_k. Its
 * compressor input is fixed, so its capacity falls with its COP above
 * the rating condenser temperature. */
struct chiller_spec {
	double carnot_fraction;
	double evaporator_approach_k; /* refrigerant below the leaving chilled water */
	double condenser_approach_k;  /* refrigerant above leaving condenser water or outdoor air */
	double min_lift_k;
	double rating_condenser_c;    /* condenser water leaving / outdoor air at rating */
	double capacity_kw;           /* cooling at or below rating conditions */
	int capacity_given;           /* else sized for the site (cooling_size_for_weather) */
};

struct air_spec {
	double supply_air_c;          /* air-side economizer: air delivered to the IT inlets */
	double it_delta_t_k;          /* air temperature rise across the servers */
	double airflow_ratio;         /* air the CRAHs move / air the servers need (bypass) */
	double fan_pressure_pa;       /* total pressure rise of the CRAH fans at design flow */
	double fan_efficiency;        /* fan, motor and drive */
	enum economizer economizer;
	double max_outdoor_dew_c;     /* air-side: outdoor air only when this dry */
	double chilled_water_supply_c;
	double chilled_water_delta_t_k;
	double condenser_water_min_c; /* towers do not cool the condenser water below */
	double condenser_range_k;
	double tower_approach_k;      /* tower leaving water above the wet bulb */
	double economizer_approach_k; /* plate heat exchanger */
	double tower_fan_w_per_kw;    /* tower fan power per kW rejected, at design */
	double chw_pump_w_per_lps;    /* chilled-water pumps per L/s at design */
	double cw_pump_w_per_lps;     /* condenser-water pumps per L/s at design */
	double cycles_of_concentration; /* tower blow-down = evaporation / (cycles - 1) */
	struct chiller_spec chiller;  /* water-cooled */
	double design_heat_w;         /* CRAHs, pumps and towers at full speed */
};

/* A warm-water loop: heat into water at supply_c, back at supply_c +
 * delta_t_k, through dry coolers sized to reach supply_c at design heat
 * when the outdoor air is approach_k below it, and a trim chiller for
 * what the dry coolers cannot do. */
struct liquid_spec {
	double supply_c;
	double delta_t_k;
	double dry_cooler_approach_k;
	double dry_cooler_fan_w_per_kw; /* dry-cooler fans per kW at design */
	double pump_w_per_lps;         /* CDU and facility loop pumps per L/s at design */
	struct chiller_spec trim;      /* air-cooled; capacity 0 = none */
	double design_heat_w;
};

struct cooling_spec {
	enum cooling_tech tech;
	double pue;              /* FIXED_PUE: overhead (pue - 1) x heat */
	double capture_fraction; /* DIRECT_TO_CHIP: heat into the cold plates */
	double fan_scale;        /* share of the servers' air-cooled fan power left */
	double max_rack_w;       /* densest rack (immersion: tank) it can cool */
	struct air_spec air;     /* AIR; DIRECT_TO_CHIP: the residual air path */
	struct liquid_spec liquid; /* DIRECT_TO_CHIP, IMMERSION */
};

struct cooling_out {
	double w[COOL_N_COMPONENTS];
	double water_l_per_h;   /* evaporation and blow-down */
	double free_fraction;   /* share of removed heat that needed no compressor */
	double removed_w;
	double rejected_w;      /* to the outdoors */
};

/* The plant paths a technology has, for sizing its chillers. */
enum cooling_paths {
	COOLING_PATH_AIR = 1,    /* s->air: CRAHs on a chilled-water plant */
	COOLING_PATH_LIQUID = 2, /* s->liquid: a warm-water loop, maybe a trim chiller */
};

/* One technology's physics (cooling_<tech>.c). */
struct cooling_tech_ops {
	unsigned paths; /* enum cooling_paths */
	/* Its defaults into s (zeroed, tech set), sized for design_heat_w;
	 * every figure sourced in its file. */
	void (*defaults)(struct cooling_spec *s, double design_heat_w);
	/* Most heat it removes in this weather, W; NULL: no limit. */
	double (*capacity_w)(const struct cooling_spec *s, const struct outdoor *o);
	/* Power and water removing heat_w into out (zeroed; at most the
	 * capacity removed); cooling_eval sums the total. */
	void (*eval)(const struct cooling_spec *s, double heat_w, const struct outdoor *o,
		     struct cooling_out *out);
};
#define COOLING_TECH_OPS(e, name, ops) extern const struct cooling_tech_ops ops;
COOLING_TECHS(COOLING_TECH_OPS)
#undef COOLING_TECH_OPS

/* The defaults of a technology, sized for design_heat_w (the nameplate
 * of the racks it cools). Every figure is sourced in its file. */
void cooling_defaults(struct cooling_spec *s, enum cooling_tech t, double design_heat_w);
/* Size every chiller whose capacity was not given so the plant carries
 * its design heat in the hottest hour of w (the design day): the largest
 * rated capacity any hour needs. Trim chillers of capacity 0 stay absent. */
void cooling_size_for_weather(struct cooling_spec *s, const struct weather *w);
/* Rated capacity, W, a chiller needs to carry design heat in this hour. */
double cooling_air_chiller_need_w(const struct air_spec *a, const struct outdoor *o);
double cooling_liquid_trim_need_w(const struct liquid_spec *l, const struct outdoor *o);

/* Most heat it can remove in this weather, W (infinite for fixed PUE). */
double cooling_capacity_w(const struct cooling_spec *s, const struct outdoor *o);
/* Power and water removing heat_w (at most the capacity is removed). */
void cooling_eval(const struct cooling_spec *s, double heat_w, const struct outdoor *o,
		  struct cooling_out *out);

/* The names scenarios, resolved.json and reports use, indexed by the
 * enum, NULL-terminated: the only copy. */
extern const char *const cooling_tech_names[];
extern const char *const cooling_economizer_names[];
const char *cooling_tech_name(enum cooling_tech t);
const char *cooling_component_name(enum cooling_component c);
const char *cooling_economizer_name(enum economizer e);

/* DIRECT_TO_CHIP's defaults for s->capture_fraction (the loader calls it
 * again when a scenario sets the capture, since the paths are sized by it). */
void cooling_dlc_defaults(struct cooling_spec *s, double design_heat_w);

/* For the technologies' capacities: the largest q in [0, hi] with
 * excess(q) <= 0, for excess increasing in q (GSL Brent on the bracket). */
double cooling_largest_heat(double (*excess)(double q, void *p), void *p, double hi);

/* The cube law of fans and pumps: power at a fraction of design flow. */
static inline double cooling_affinity_w(double design_w, double flow_fraction)
{
	return design_w * flow_fraction * flow_fraction * flow_fraction;
}

/* Water: density 1,000 kg/m3 and specific heat 4,186 J/(kg K); air at
 * 1.2 kg/m3 and 1,006 J/(kg K) (ASHRAE Fundamentals 2017 ch. 1). */
#define COOLING_WATER_CP 4186.0
#define COOLING_AIR_RHO_CP (1.2 * 1006.0)

#endif
