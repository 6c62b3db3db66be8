/*
 * report_cooling.c - the cooling part of `dcsim catalog`: each
 * technology's defaults (for a 1 MW plant) with their sources, and the
 * built-in weather sites.
 */
#include "report.h"

#include "chiller.h"
#include "cooling.h"
#include "weather.h"

static void print_chiller(FILE *f, const char *what, const struct chiller_spec *c)
{
	fprintf(f, "    %s: COP = %.2f x Carnot, approaches %.1f K evaporator / %.1f K "
		"condenser, lift >= %.0f K; COP %.2f at rating (%.1f C condenser)\n", what,
		c->carnot_fraction, c->evaporator_approach_k, c->condenser_approach_k,
		c->min_lift_k, chiller_cop(c, 6.7, c->rating_condenser_c), c->rating_condenser_c);
}

void report_print_cooling_catalog(FILE *f)
{
	struct cooling_spec s;
	fprintf(f, "\nCooling technologies (cooling.technology; defaults, details and sources "
		   "in docs/cooling.md)\n");
	cooling_defaults(&s, COOLING_FIXED_PUE, 1e6);
	fprintf(f, "  fixed_pue       overhead (pue - 1) x IT, pue %.2f (Uptime Institute Global "
		   "Data Center Survey 2023 average)\n", s.pue);
	cooling_defaults(&s, COOLING_AIR, 1e6);
	const struct air_spec *a = &s.air;
	fprintf(f, "  air             CRAH fans, chilled water, towers, %s economizer; racks up "
		   "to %.0f kW\n", cooling_economizer_name(a->economizer), s.max_rack_w / 1e3);
	fprintf(f, "    air: %.0f K across servers, airflow ratio %.1f, fans %.0f Pa at %.0f%% "
		   "(ASHRAE TC 9.9)\n", a->it_delta_t_k, a->airflow_ratio, a->fan_pressure_pa,
		100 * a->fan_efficiency);
	fprintf(f, "    chilled water %.1f C supply, %.1f K range; condenser water >= %.1f C, "
		   "%.1f K range; tower approach %.1f K, economizer HX %.1f K\n",
		a->chilled_water_supply_c, a->chilled_water_delta_t_k, a->condenser_water_min_c,
		a->condenser_range_k, a->tower_approach_k, a->economizer_approach_k);
	fprintf(f, "    towers %.1f W/kW (ASHRAE 90.1 Table 6.8.1-7), pumps %.0f / %.0f W per L/s "
		   "(ASHRAE 90.1 App. G), %.0f cycles of concentration (DOE FEMP)\n",
		a->tower_fan_w_per_kw, a->chw_pump_w_per_lps, a->cw_pump_w_per_lps,
		a->cycles_of_concentration);
	print_chiller(f, "water-cooled chiller (ASHRAE 90.1-2019 Path A, AHRI 550/590)",
		      &a->chiller);
	cooling_defaults(&s, COOLING_DIRECT_TO_CHIP, 1e6);
	fprintf(f, "  direct_to_chip  %.0f%% of heat to cold plates, server fans at %.0f%%, racks "
		   "up to %.0f kW; the rest through an air path as above\n",
		100 * s.capture_fraction, 100 * s.fan_scale, s.max_rack_w / 1e3);
	fprintf(f, "    warm water %.0f C supply (ASHRAE W32), %.0f K range, dry coolers %.0f K "
		   "approach at %.0f W/kW, pumps %.0f W per L/s\n", s.liquid.supply_c,
		s.liquid.delta_t_k, s.liquid.dry_cooler_approach_k, s.liquid.dry_cooler_fan_w_per_kw,
		s.liquid.pump_w_per_lps);
	print_chiller(f, "air-cooled trim chiller (ASHRAE 90.1-2019 Path A)", &s.liquid.trim);
	cooling_defaults(&s, COOLING_IMMERSION, 1e6);
	fprintf(f, "  immersion       single phase, server fans removed, tanks up to %.0f kW; "
		   "warm water %.0f C (ASHRAE W40), dry coolers, no trim chiller\n",
		s.max_rack_w / 1e3, s.liquid.supply_c);
	fprintf(f, "\nWeather sites (weather: \"name\"; NREL TMY3, Wilcox and Marion 2008, "
		   "NREL/TP-581-43156)\n");
	for (const struct weather_site *w = weather_sites; w->name; w++)
		fprintf(f, "  %-14s %s\n", w->name, w->station);
}
