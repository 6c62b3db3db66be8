/*
 * report.c - human-readable text: the summary of a validated scenario and
 * the catalog (the KPIs after a run: report_kpis.c).
 */
#include "report.h"

#include "hardware.h"

/* The failure processes and the spares, for validate. */
static void report_failures(FILE *f, const struct scenario *sc)
{
	static const char *const ttf[] = { "exponential", "weibull" };
	static const char *const repair[] = { "constant", "lognormal", "empirical" };
	for (size_t i = 0; i < sc->n_failures; i++) {
		const struct failure_process *p = &sc->failures[i];
		int n = p->kind == FAILURE_GPU	 ? scenario_total_gpus(sc)
			: p->kind == FAILURE_NODE ? scenario_total_nodes(sc)
						  : sc->racks;
		fprintf(f, "  failures %-8s %d components, MTBF %.0f h (%s), repair %s",
			scenario_failure_kind_names[p->kind], n, p->mtbf_h, ttf[p->distribution],
			repair[p->repair]);
		if (p->repair == FAILURE_REPAIR_EMPIRICAL)
			fprintf(f, " (%zu times, mean %.3g h)\n", p->repair_trace.n_samples,
				p->repair_trace.mean_h);
		else
			fprintf(f, " (median %g h)\n", p->repair_median_h);
	}
	if (sc->spare_nodes > 0)
		fprintf(f, "  hot spares: %d nodes\n", sc->spare_nodes);
}

void report_print_scenario(FILE *f, const struct scenario *sc)
{
	const struct node_spec *n = &sc->node;
	fprintf(f, "scenario %s (%s)\n", sc->name, sc->source);
	if (sc->description[0])
		fprintf(f, "  %s\n", sc->description);
	fprintf(f, "  horizon %.1f h (warm-up %.1f h), samples every %g min, seed %llu\n",
		sc->duration_h, sc->warmup_h, sc->sample_interval_min,
		(unsigned long long)sc->seed);
	fprintf(f, "  cluster: %d racks x %d nodes x %d GPUs = %d GPUs (%s, %s)\n", sc->racks,
		sc->nodes_per_rack, n->gpus_per_node, scenario_total_gpus(sc), n->name,
		n->accel.name);
	fprintf(f, "  node: %.0f W idle, %.0f W max; rack nameplate %.1f kW; IT nameplate %.1f kW\n",
		hardware_node_idle_w(n), hardware_node_max_w(n),
		hardware_node_max_w(n) * sc->nodes_per_rack / 1000.0,
		hardware_node_max_w(n) * scenario_total_nodes(sc) / 1000.0);
	if (sc->n_rack_devices > 0) {
		double w = 0;
		for (size_t i = 0; i < sc->n_rack_devices; i++)
			w += hardware_device_w(&sc->rack_devices[i].spec) * sc->rack_devices[i].count;
		fprintf(f, "  rack devices: %zu kinds, %.2f kW per rack (constant)\n",
			sc->n_rack_devices, w / 1000.0);
	}
	fprintf(f, "  fans: %.0f%% of node power under air\n", 100.0 * n->fan_share);
	for (size_t i = 0; i < sc->n_zones; i++) {
		const struct cooling_zone *z = &sc->zones[i];
		const struct cooling_spec *cs = &z->spec;
		fprintf(f, "  cooling %-10s racks %d-%d: %s, server fans at %.0f%%, racks %.1f kW "
			"nameplate", z->name, z->first_rack, z->first_rack + z->racks - 1,
			cooling_tech_name(cs->tech), 100.0 * cs->fan_scale,
			scenario_rack_nameplate_w(sc, cs->fan_scale) / 1000.0);
		if (cs->max_rack_w > 0)
			fprintf(f, " (limit %.0f kW)", cs->max_rack_w / 1000.0);
		if (cs->tech == COOLING_FIXED_PUE)
			fprintf(f, ", PUE %.3f", cs->pue);
		if (cs->tech == COOLING_AIR || cs->tech == COOLING_DIRECT_TO_CHIP)
			fprintf(f, ", air: %s economizer, chilled water %.1f C",
				cooling_economizer_name(cs->air.economizer),
				cs->air.chilled_water_supply_c);
		if (cs->tech == COOLING_DIRECT_TO_CHIP)
			fprintf(f, ", %.0f%% to liquid", 100.0 * cs->capture_fraction);
		if (cs->tech != COOLING_AIR && cs->tech != COOLING_FIXED_PUE)
			fprintf(f, ", liquid supply %.1f C, trim chiller %.0f kW", cs->liquid.supply_c,
				cs->liquid.trim.capacity_kw);
		fputc('\n', f);
	}
	if (sc->has_room)
		fprintf(f, "  cooling %-10s the chain's indoor losses (%.1f kW at nameplate): %s\n",
			sc->room.name, sc->room.spec.air.design_heat_w / 1000.0,
			cooling_tech_name(sc->room.spec.tech));
	const struct weather_spec *ws = &sc->weather;
	if (ws->source != WEATHER_NONE) {
		double lo = ws->series.dry_c[0], hi = lo, sum = 0;
		for (size_t h = 0; h < ws->series.n_hours; h++) {
			double t = ws->series.dry_c[h];
			lo = t < lo ? t : lo;
			hi = t > hi ? t : hi;
			sum += t;
		}
		fprintf(f, "  weather: %s, %zu h, dry bulb %.1f to %.1f C (mean %.1f), run starts "
			"on day %g\n", ws->path ? ws->path : (ws->source == WEATHER_CONSTANT
								? "constant" : "synthetic"),
			ws->series.n_hours, lo, hi, sum / (double)ws->series.n_hours,
			ws->start_day_of_year);
	}
	if (sc->calendar.on)
		fprintf(f, "  calendar: starts %s local standard time (typical-year day %g); "
			"monthly.csv\n", sc->calendar.start, sc->calendar.typical_day);
	report_grid(f, sc);
	if (sc->cost.on) {
		const struct cost_spec *c = &sc->cost;
		fprintf(f, "  cost: GPU $%.0f, node $%.0f, network $%.0f/GPU, power $%.0f/kW, "
			"building $%.2fM/MW; lives %g/%g/%g/%g/%g a at %g%%; demand $%g/kW-month\n",
			c->gpu_usd, c->node_usd, c->network_usd_per_gpu, c->power_usd_per_kw,
			c->building_usd_per_mw / 1e6, c->it_years, c->network_years, c->power_years,
			c->cooling_years, c->building_years, 100 * c->discount_rate,
			c->demand_usd_per_kw_month);
	}
	if (n->gpu_cap_w > 0 || sc->gpu_cap_w > 0 || sc->n_cap_steps > 0)
		fprintf(f, "  GPU caps: node %.0f W, facility %.0f W at start, %zu scheduled "
			"changes (0 = none)\n", n->gpu_cap_w, sc->gpu_cap_w, sc->n_cap_steps);
	for (size_t i = 0; i < sc->chain.n_levels; i++) {
		const struct chain_level_spec *l = &sc->chain.levels[i];
		fprintf(f, "  chain %zu %-12s %d x %.0f kW %s (usable %.0f kW each), efficiency %s\n",
			i, l->name, l->units, l->rating_kw, power_chain_redundancy_names[l->redundancy],
			power_chain_usable_w(l) / 1000.0,
			l->efficiency_preset[0] ? l->efficiency_preset : "table");
	}
	if (sc->chain.n_levels > 0)
		fprintf(f, "  chain feeds %d racks; oversubscription %s\n", sc->racks,
			sc->chain.allow_oversubscription ? "allowed" : "an error");
	report_failures(f, sc);
	fprintf(f, "  scheduler %s, interrupted jobs requeued at %s\n",
		scenario_policy_name(sc->policy), sc->requeue == REQUEUE_HEAD ? "the head" : "their place");
	for (size_t i = 0; i < sc->n_classes; i++) {
		const struct job_class_spec *c = &sc->classes[i];
		const double mean_gpus = scenario_class_mean_gpus(c);
		const double rate = scenario_class_rate_per_h(sc, c);
		fprintf(f, "  class %-14s %s %.3g/h, %.3g GPUs mean, %s duration %.3g h mean, "
			"util %.2f: offered load %.0f GPUs\n", c->name,
			scenario_arrival_name(c->arrival.process), rate, mean_gpus,
			scenario_duration_name(c->duration.dist), c->duration.mean_h,
			c->utilization, scenario_class_offered_gpus(sc, c));
		const struct power_dist_spec *pd = &c->power_dist;
		if (c->power_form == CLASS_POWER_DIST)
			fprintf(f, "    GPU power per job: %s in %d levels, %.0f to %.0f W, mean %.1f W\n",
				pd->dist == POWER_DIST_LOGNORMAL ? "lognormal" : "empirical",
				pd->n_levels, pd->level_w[0], pd->level_w[pd->n_levels - 1],
				pd->mean_w);
		const struct checkpoint_spec *k = &c->checkpoint;
		if (k->on && k->interval == CKPT_YOUNG_DALY)
			fprintf(f, "    checkpoints at Daly's optimum per job");
		else if (k->on || c->checkpoint_interval_h > 0)
			fprintf(f, "    checkpoints every %g h of work",
				k->on ? k->interval_h : c->checkpoint_interval_h);
		if (k->on && k->size_gb_per_gpu > 0)
			fprintf(f, ", write %g GB per GPU at %g GB/s", k->size_gb_per_gpu,
				sc->storage.write_gb_per_s);
		else if (k->on)
			fprintf(f, ", write %g s", k->write_s);
		if (k->on)
			fprintf(f, ", restart %g s", k->restart_s);
		if (k->on || c->checkpoint_interval_h > 0)
			fprintf(f, "\n");
	}
}

void report_print_catalog(FILE *f)
{
	fprintf(f, "Accelerators\n");
	fprintf(f, "  %-16s %8s %8s %12s %10s\n", "name", "tdp_w", "idle_w", "bf16_tflops",
		"memory_gb");
	for (size_t i = 0; i < hardware_accel_count(); i++) {
		const struct accel_spec *a = hardware_accel_at(i);
		fprintf(f, "  %-16s %8.0f %8.0f %12.0f %10.0f\n", a->name, a->tdp_w, a->idle_w,
			a->bf16_tflops, a->memory_gb);
		fprintf(f, "      source: %s\n", a->source);
		if (a->price_usd > 0)
			fprintf(f, "      price: %.0f USD: %s\n", a->price_usd, a->price_source);
	}
	fprintf(f, "\nNodes\n");
	fprintf(f, "  %-16s %6s %-16s %12s %11s %10s %10s\n", "name", "gpus", "accelerator",
		"host_idle_w", "host_max_w", "idle_kw", "max_kw");
	for (size_t i = 0; i < hardware_node_count(); i++) {
		const struct node_preset *p = hardware_node_at(i);
		struct node_spec n;
		hardware_node_from_preset(p, &n);
		fprintf(f, "  %-16s %6d %-16s %12.0f %11.0f %10.2f %10.2f\n", n.name,
			n.gpus_per_node, n.accel.name, n.host_idle_w, n.host_max_w,
			hardware_node_idle_w(&n) / 1000.0, hardware_node_max_w(&n) / 1000.0);
		fprintf(f, "      source: %s\n", p->source);
		if (p->host_price_usd > 0)
			fprintf(f, "      price without GPUs: %.0f USD: %s\n", p->host_price_usd,
				p->price_source);
	}
	fprintf(f, "\nRack devices (constant draw at their utilization)\n");
	fprintf(f, "  %-16s %-8s %8s %8s %6s\n", "name", "kind", "idle_w", "max_w", "util");
	for (size_t i = 0; i < hardware_device_count(); i++) {
		const struct device_spec *d = hardware_device_at(i);
		fprintf(f, "  %-16s %-8s %8.0f %8.0f %6.2f\n", d->name,
			hardware_device_kind_name(d->kind), d->idle_w, d->max_w, d->utilization);
		fprintf(f, "      source: %s\n", d->source);
	}
	fprintf(f, "\nCurves (every accelerator unless a scenario overrides them)\n"
		   "  power: linear in utilization between idle and TDP (measured end points)\n"
		   "  throughput under a cap: (dynamic power fraction)^(1/3), the DVFS cube "
		   "law\n  fans: %.0f%% of a server's input under air (Neudorfer, eWeek 2009: "
		   "10-15%%)\n", 100.0 * HARDWARE_FAN_SHARE_DEFAULT);
	fprintf(f, "\nDistribution efficiency presets (power.chain.levels[].efficiency)\n");
	fprintf(f, "  %-22s %8s %8s %8s\n", "name", "eff@25%", "eff@50%", "eff@100%");
	for (size_t i = 0; i < power_chain_preset_count(); i++) {
		const struct eff_preset *p = power_chain_preset_at(i);
		struct eff_table t;
		power_chain_preset_table(p->name, &t);
		/* the table runs 10%, 20%, ..., 100%; 25% lies between its 2nd and 3rd */
		fprintf(f, "  %-22s %8.4f %8.4f %8.4f\n", p->name, (t.eff[1] + t.eff[2]) / 2,
			t.eff[4], t.eff[9]);
		fprintf(f, "      source: %s\n", p->source);
	}
	report_print_cooling_catalog(f);
	report_print_grid_catalog(f);
}
