/*
 * test_cap.c - the grid connection's capacity, its policies, the battery
 * and deferral: an unlimited capacity changes nothing; a binding one is
 * never crossed under any policy (the run's own check fails it, and the
 * headroom is asserted here); preemption loses exactly the work since the
 * last checkpoint; the battery's energy balance against a hand
 * calculation; deferral under a daily carbon cycle saves emissions
 * against the same arrivals run at once, with no hold past the slack;
 * writing the time series and job log changes no KPI.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

/* Four HGX H100 nodes at a fixed PUE, no jobs unless a set adds them. */
static const char base_json[] =
	"{ \"name\": \"cap\", \"duration_h\": 72, \"warmup_h\": 0, \"sample_interval_min\": 60,"
	"  \"cluster\": { \"racks\": 2, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\" },"
	"  \"workload\": { \"classes\": [] } }";

/* A busy, weather-driven hall: 16 racks of HGX H100 cooled by air in
 * Ashburn in July, Poisson jobs that keep it about 80% busy. */
static const char *const busy_sets[] = {
	"cluster.racks=16", "duration_h=120", "warmup_h=12", "cooling={\"technology\": \"air\"}",
	"weather={\"site\": \"ashburn\", \"start_day_of_year\": 190}",
	"workload={\"classes\": [{\"name\": \"train\", \"arrival\": {\"process\": \"poisson\","
	" \"rate_per_h\": 6}, \"gpus\": {\"sizes\": [8, 16, 32]}, \"duration\":"
	" {\"distribution\": \"exponential\", \"mean_h\": 4}, \"utilization\": 0.9,"
	" \"preemptible\": true, \"checkpoint_interval_h\": 1}, {\"name\": \"serve\", \"arrival\":"
	" {\"process\": \"poisson\", \"rate_per_h\": 4}, \"gpus\": {\"sizes\": [8]}, \"duration\":"
	" {\"distribution\": \"exponential\", \"mean_h\": 2}, \"utilization\": 0.6}]}",
};
#define N_BUSY (sizeof busy_sets / sizeof *busy_sets)

static void run_sets(const char *json, const char *const *a, size_t na, const char *extra1,
		     const char *extra2, struct scenario *sc, struct run_result *r)
{
	const char *sets[16];
	size_t n = 0;
	for (size_t i = 0; i < na; i++)
		sets[n++] = a[i];
	if (extra1)
		sets[n++] = extra1;
	if (extra2)
		sets[n++] = extra2;
	run_ok(json, sets, n, sc, r);
}

/* An unlimited capacity (any policy, no battery) leaves every job record,
 * energy and time-series value as without a grid section. */
static void test_unlimited_cap_changes_nothing(void **state)
{
	(void)state;
	struct scenario a, b;
	struct run_result ra, rb;
	run_sets(base_json, busy_sets, N_BUSY, NULL, NULL, &a, &ra);
	run_sets(base_json, busy_sets, N_BUSY,
		 "grid={\"capacity_mw\": 1000000, \"policy\": \"throttle\"}", NULL, &b, &rb);
	assert_true(ra.kpis.jobs_completed > 100);
	assert_true(ra.kpis.facility_energy_mwh == rb.kpis.facility_energy_mwh);
	assert_true(ra.kpis.wait_mean_s == rb.kpis.wait_mean_s);
	assert_true(rb.kpis.hours_at_cap == 0 && rb.kpis.grid_throttled_gpu_hours == 0);
	assert_int_equal(ra.n_jobs, rb.n_jobs);
	assert_memory_equal(ra.jobs, rb.jobs, ra.n_jobs * sizeof *ra.jobs);
	assert_int_equal(ra.n_ts, rb.n_ts);
	for (size_t i = 0; i < ra.n_ts; i++)
		assert_true(ra.ts[i].facility_kw == rb.ts[i].facility_kw &&
			    ra.ts[i].jobs_queued == rb.ts[i].jobs_queued);
	run_result_fini(&ra);
	run_result_fini(&rb);
	scenario_fini(&a);
	scenario_fini(&b);
}

/*
 * A capacity of 80% of the uncapped peak, dropping to 65% for a day (a
 * curtailment) and back: under every policy the grid's draw stays under
 * it at every level held (the run fails its own check otherwise; the
 * least headroom is reported and asserted), and each policy acts as
 * it says.
 */
static void test_binding_cap_every_policy(void **state)
{
	(void)state;
	struct scenario s0;
	struct run_result r0;
	run_sets(base_json, busy_sets, N_BUSY, NULL, NULL, &s0, &r0);
	double peak_mw = r0.kpis.facility_peak_kw / 1e3;
	char grid[256];
	snprintf(grid, sizeof grid,
		 "grid={\"capacity_mw\": {\"steps\": [{\"at_h\": 0, \"value\": %.6f}, {\"at_h\": 48,"
		 " \"value\": %.6f}, {\"at_h\": 72, \"value\": %.6f}]}}",
		 0.8 * peak_mw, 0.65 * peak_mw, 0.8 * peak_mw);
	static const char *const policies[] = {
		"grid.policy=queue", "grid.policy=throttle", "grid.policy=preempt",
		"grid={\"policy\": \"throttle_then_queue\", \"throttle_floor\": 0.7}" };
	for (int p = 0; p < 4; p++) {
		struct scenario sc;
		struct run_result r;
		char merged[512];
		const char *pol = policies[p];
		if (p == 3) { /* merge the floor into the same grid object */
			snprintf(merged, sizeof merged, "%.*s, \"policy\": \"throttle_then_queue\", "
				 "\"throttle_floor\": 0.7}", (int)strlen(grid) - 1, grid);
			run_sets(base_json, busy_sets, N_BUSY, merged, NULL, &sc, &r);
		} else {
			run_sets(base_json, busy_sets, N_BUSY, grid, pol, &sc, &r);
		}
		const struct run_kpis *k = &r.kpis;
		double cap_kw = sc.grid.capacity.step_value[0] * 1e3; /* as parsed */
		print_message("  %s: peak %.1f kW of cap %.1f, at cap %.1f h, throttled %.0f GPU-h, "
			      "delayed %llu (+%.2f h), preempted %llu, wait %.0f s (uncapped %.0f)\n",
			      sc.grid.policy == GRID_QUEUE ? "queue" : sc.grid.policy == GRID_THROTTLE
			      ? "throttle" : sc.grid.policy == GRID_PREEMPT ? "preempt" : "ttq",
			      k->grid_peak_kw, cap_kw, k->hours_at_cap,
			      k->grid_throttled_gpu_hours, (unsigned long long)k->power_delayed_jobs,
			      k->power_added_wait_mean_h, (unsigned long long)k->jobs_preempted,
			      k->wait_mean_s, r0.kpis.wait_mean_s);
		assert_true(k->grid_headroom_min_kw >= -1e-9 * cap_kw);
		assert_true(k->grid_peak_kw <= cap_kw * (1 + 1e-9));
		for (size_t i = 0; i < r.n_ts; i++)
			assert_true(r.ts[i].grid_kw <= r.ts[i].capacity_kw * (1 + 1e-9));
		assert_true(k->hours_at_cap > 1);
		switch (sc.grid.policy) {
		case GRID_QUEUE:
			assert_true(k->power_delayed_jobs > 0);
			assert_true(k->wait_mean_s > r0.kpis.wait_mean_s);
			break;
		case GRID_THROTTLE:
			assert_true(k->grid_throttled_gpu_hours > 0);
			assert_true(k->power_delayed_jobs == 0);
			break;
		case GRID_THROTTLE_THEN_QUEUE:
			assert_true(k->grid_throttled_gpu_hours > 0 && k->power_delayed_jobs > 0);
			break;
		case GRID_PREEMPT:
			assert_true(k->jobs_preempted > 0);
			break;
		}
		run_result_fini(&r);
		scenario_fini(&sc);
	}
	run_result_fini(&r0);
	scenario_fini(&s0);
}

static const struct job_record *job_of(const struct run_result *r, uint64_t id)
{
	for (size_t i = 0; i < r->n_jobs; i++)
		if (r->jobs[i].id == id)
			return &r->jobs[i];
	fail_msg("no job %llu", (unsigned long long)id);
	return NULL;
}

/*
 * One 16-GPU preemptible job with hourly checkpoints starts at 0 for 10 h;
 * a 16-GPU job that is not preemptible arrives at 2.5 h; the capacity
 * holds one of them. The second preempts the first, which loses the half
 * hour since its checkpoint (8 GPU-hours), and starts again at 4.5 h with
 * 8 h left: it ends at 12.5 h.
 */
static void test_preempt_loses_work_since_checkpoint(void **state)
{
	(void)state;
	static const char classes[] =
		"workload={\"classes\": [{\"name\": \"a\", \"arrival\": {\"process\": \"list\","
		" \"times_h\": [0]}, \"gpus\": {\"sizes\": [16]}, \"duration\": {\"distribution\":"
		" \"constant\", \"value_h\": 10}, \"utilization\": 1, \"preemptible\": true,"
		" \"checkpoint_interval_h\": 1}, {\"name\": \"b\", \"arrival\": {\"process\": \"list\","
		" \"times_h\": [2.5]}, \"gpus\": {\"sizes\": [16]}, \"duration\": {\"distribution\":"
		" \"constant\", \"value_h\": 2}, \"utilization\": 1}]}";
	const char *free_sets[] = { classes };
	struct scenario s0, sc;
	struct run_result r0, r;
	run_ok(base_json, free_sets, 1, &s0, &r0);
	/* one job running draws p1, two draw p2: hold the cap between */
	double p2 = r0.kpis.facility_peak_kw, p1 = r0.ts[1].facility_kw;
	assert_true(p2 > p1);
	char grid[128];
	snprintf(grid, sizeof grid, "grid={\"capacity_mw\": %.9f, \"policy\": \"preempt\"}",
		 (p1 + p2) / 2 / 1e3);
	const char *sets[] = { classes, grid };
	run_ok(base_json, sets, 2, &sc, &r);
	assert_int_equal(r.kpis.jobs_preempted, 1);
	assert_rel(r.kpis.preempted_work_lost_gpu_hours, 0.5 * 16, 1e-9);
	const struct job_record *a = job_of(&r, 0), *b = job_of(&r, 1);
	assert_int_equal(a->preemptions, 1);
	assert_rel(a->start_s, 0, 0);
	assert_rel(a->end_s, 12.5 * 3600, 1e-12);
	assert_rel(b->wait_s, 0, 0);
	assert_rel(b->end_s, 4.5 * 3600, 1e-12);
	/* queue instead: b waits for a to finish */
	run_result_fini(&r);
	scenario_fini(&sc);
	snprintf(grid, sizeof grid, "grid={\"capacity_mw\": %.9f, \"policy\": \"queue\"}",
		 (p1 + p2) / 2 / 1e3);
	run_ok(base_json, sets, 2, &sc, &r);
	assert_int_equal(r.kpis.jobs_preempted, 0);
	assert_int_equal(r.kpis.power_delayed_jobs, 1);
	assert_rel(job_of(&r, 1)->wait_s, 7.5 * 3600, 1e-12);
	assert_rel(r.kpis.power_added_wait_mean_h, 7.5, 1e-12);
	run_result_fini(&r);
	scenario_fini(&sc);
	run_result_fini(&r0);
	scenario_fini(&s0);
}

/*
 * Price arbitrage on a constant draw: cheap hours 0-5 charge at the
 * rating until full, dear hours 17-20 discharge. Energy balance by hand:
 * stored change = charged x sqrt(eta) - discharged / sqrt(eta), losses
 * the rest; the state of charge stays in its bounds; cost falls.
 */
static void test_battery_arbitrage(void **state)
{
	(void)state;
	struct scenario s0;
	struct run_result r0;
	run_ok(base_json, NULL, 0, &s0, &r0);
	double f_kw = r0.kpis.facility_peak_kw; /* constant idle draw */
	char price[512] = "grid={\"price\": [";
	for (int h = 0; h < 24; h++)
		snprintf(price + strlen(price), sizeof price - strlen(price), "%s%d", h ? "," : "",
			 h < 6 ? 10 : (h >= 17 && h <= 20) ? 100 : 50);
	/* 4 kWh, rated at half the idle draw (discharge never exceeds the draw) */
	snprintf(price + strlen(price), sizeof price - strlen(price),
		 "], \"battery\": {\"energy_mwh\": 0.004, \"power_mw\": %.9f, "
		 "\"round_trip_efficiency\": 0.81, \"min_soc\": 0.2, \"initial_soc\": 0.2, "
		 "\"policy\": \"price_arbitrage\", \"charge_below\": 20, \"discharge_above\": 90}}",
		 f_kw / 2 / 1e3);
	const char *sets[] = { price };
	struct scenario sc;
	struct run_result r;
	run_ok(base_json, sets, 1, &sc, &r);
	double p = f_kw / 2, charged = 0, discharged = 0;
	for (size_t i = 0; i < r.n_ts; i++) {
		const struct ts_row *t = &r.ts[i];
		assert_true(t->battery_soc >= 0.2 - 1e-9 && t->battery_soc <= 1 + 1e-9);
		charged += t->battery_kw > 0 ? t->battery_kw * t->interval_h : 0;
		discharged += t->battery_kw < 0 ? -t->battery_kw * t->interval_h : 0;
	}
	/* by hand: full after 3.2 kWh stored at 0.9 x p; empty after 3.2 kWh
	 * delivered from storage at p / 0.9; three days */
	double to_full_h = 3.2 / (0.9 * p), to_empty_h = 3.2 / (p / 0.9);
	assert_true(to_full_h < 6 && to_empty_h < 4);
	assert_rel(charged, 3 * p * to_full_h, 1e-6);
	assert_rel(discharged, 3 * p * to_empty_h, 1e-6);
	assert_rel(r.kpis.battery_loss_mwh * 1e3, charged * 0.1 + discharged * (1 / 0.9 - 1), 1e-6);
	assert_rel(r.kpis.battery_cycles, discharged / 3.2, 1e-6);
	assert_rel(r.kpis.grid_energy_mwh, r.kpis.facility_energy_mwh + (charged - discharged) / 1e3,
		   1e-9);
	double cost0 = 0;
	for (int h = 0; h < 72; h++)
		cost0 += f_kw / 1e3 * (h % 24 < 6 ? 10 : (h % 24 >= 17 && h % 24 <= 20) ? 100 : 50);
	assert_rel(r.kpis.energy_cost_usd,
		   cost0 + (charged * 10 - discharged * 100) / 1e3, 1e-6);
	run_result_fini(&r);
	scenario_fini(&sc);
	run_result_fini(&r0);
	scenario_fini(&s0);
}

/* Peak shaving: the facility may draw above the capacity while the
 * battery holds energy; the grid never does, and fewer GPU-hours are
 * throttled than without it. */
static void test_battery_peak_shaving(void **state)
{
	(void)state;
	struct scenario s0, s1, s2;
	struct run_result r0, r1, r2;
	run_sets(base_json, busy_sets, N_BUSY, NULL, NULL, &s0, &r0);
	double cap = 0.85 * r0.kpis.facility_peak_kw / 1e3;
	char g1[160], g2[320];
	snprintf(g1, sizeof g1, "grid={\"capacity_mw\": %.6f, \"policy\": \"throttle\"}", cap);
	snprintf(g2, sizeof g2, "grid={\"capacity_mw\": %.6f, \"policy\": \"throttle\", \"battery\":"
		 " {\"energy_mwh\": %.6f, \"power_mw\": %.6f}}", cap, cap * 0.5, cap * 0.1);
	run_sets(base_json, busy_sets, N_BUSY, g1, NULL, &s1, &r1);
	run_sets(base_json, busy_sets, N_BUSY, g2, NULL, &s2, &r2);
	cap = s2.grid.capacity.constant; /* as parsed */
	assert_true(r2.kpis.grid_peak_kw <= cap * 1e3 * (1 + 1e-9));
	assert_true(r2.kpis.facility_peak_kw > cap * 1e3);
	assert_true(r2.kpis.grid_throttled_gpu_hours < r1.kpis.grid_throttled_gpu_hours);
	assert_true(r2.kpis.battery_cycles > 0);
	run_result_fini(&r0);
	run_result_fini(&r1);
	run_result_fini(&r2);
	scenario_fini(&s0);
	scenario_fini(&s1);
	scenario_fini(&s2);
}

/*
 * A carbon profile with a clear daily cycle (clean nights, dirty
 * afternoons) and one-hour jobs that may wait 12 h: deferral lowers the
 * emissions against the same arrivals run at once, and no job waits
 * past its slack (GPUs are ample, so its wait is its hold). A noisy
 * forecast saves less.
 */
static void test_deferral(void **state)
{
	(void)state;
	char grid[512] = "grid={\"carbon\": [";
	for (int h = 0; h < 24; h++)
		snprintf(grid + strlen(grid), sizeof grid - strlen(grid), "%s%.1f", h ? "," : "",
			 400 + 200 * sin(2 * 3.14159265358979 * (h - 9) / 24.0));
	strcat(grid, "], \"price\": 50, \"start_day_of_year\": 1}");
	static const char cls[] =
		"workload={\"classes\": [{\"name\": \"batch\", \"arrival\": {\"process\":"
		" \"poisson\", \"rate_per_h\": 0.5}, \"gpus\": {\"sizes\": [8]}, \"duration\":"
		" {\"distribution\": \"constant\", \"value_h\": 1}, \"utilization\": 1,"
		" \"deferrable\": {\"slack_h\": 12%s}}]}";
	char c0[512], c1[512];
	snprintf(c0, sizeof c0, cls, "");
	snprintf(c1, sizeof c1, cls, ", \"forecast_error\": 0.5");
	const char *sets[] = { grid, c0, "cluster.racks=4", "duration_h=240" };
	struct scenario sc;
	struct run_result r;
	run_ok(base_json, sets, 4, &sc, &r);
	const struct run_kpis *k = &r.kpis;
	assert_true(k->jobs_deferred > 20);
	assert_true(k->deferral_emissions_saved_t > 0);
	assert_true(fabs(k->deferral_cost_saved_usd) < 1e-6 * k->energy_cost_usd); /* flat price */
	for (size_t i = 0; i < r.n_jobs; i++) {
		assert_true(r.jobs[i].deferred_s <= 12 * 3600);
		if (r.jobs[i].start_s >= 0)
			assert_true(r.jobs[i].wait_s <= 12 * 3600 + 1e-9);
	}
	print_message("  deferral: %llu jobs held %.2f h on average, %.4f t CO2e saved of %.4f\n",
		      (unsigned long long)k->jobs_deferred, k->deferral_mean_h,
		      k->deferral_emissions_saved_t, k->emissions_t_co2e);
	double perfect = k->deferral_emissions_saved_t;
	run_result_fini(&r);
	scenario_fini(&sc);
	sets[1] = c1;
	run_ok(base_json, sets, 4, &sc, &r);
	print_message("  with a 50%% forecast error: %.4f t saved\n",
		      r.kpis.deferral_emissions_saved_t);
	assert_true(r.kpis.deferral_emissions_saved_t < perfect);
	run_result_fini(&r);
	scenario_fini(&sc);
	/* no price: the cost saved is unknown, not zero */
	char *p = strstr(grid, ", \"price\": 50");
	memmove(p, p + strlen(", \"price\": 50"), strlen(p + strlen(", \"price\": 50")) + 1);
	sets[0] = grid;
	sets[1] = c0;
	run_ok(base_json, sets, 4, &sc, &r);
	assert_true(isnan(r.kpis.deferral_cost_saved_usd));
	assert_rel(r.kpis.deferral_emissions_saved_t, perfect, 1e-12);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/*
 * Writing the time series and the job log never changes a run (issue 15):
 * the busy hall behind a UPS level, its capacity at 80% of the uncapped
 * peak under throttle, with a battery, once with both outputs on and once
 * with both off, gives bit-identical KPIs. It failed when the sample
 * tick's flushes (the chain's resync, the battery's advance) ran only
 * when a row was written.
 */
static void test_sampling_does_not_change_run(void **state)
{
	(void)state;
	const char *chain = "power={\"chain\": {\"levels\": [{\"name\": \"ups\", \"units\": 4,"
			    " \"rating_kw\": 200, \"efficiency\": \"ups_double_conversion\"}]}}";
	struct scenario s0, a, b;
	struct run_result r0, ra, rb;
	run_sets(base_json, busy_sets, N_BUSY, chain, NULL, &s0, &r0);
	char grid[256];
	double peak_mw = r0.kpis.facility_peak_kw / 1e3;
	snprintf(grid, sizeof grid, "grid={\"capacity_mw\": %.6f, \"policy\": \"throttle\","
		 " \"battery\": {\"energy_mwh\": %.6f, \"power_mw\": %.6f}}", 0.8 * peak_mw,
		 0.5 * peak_mw, 0.1 * peak_mw);
	const char *sets[N_BUSY + 4];
	for (size_t i = 0; i < N_BUSY; i++)
		sets[i] = busy_sets[i];
	sets[N_BUSY] = chain;
	sets[N_BUSY + 1] = grid;
	sets[N_BUSY + 2] = "output.timeseries=true";
	sets[N_BUSY + 3] = "output.jobs=true";
	run_ok(base_json, sets, N_BUSY + 4, &a, &ra);
	sets[N_BUSY + 2] = "output.timeseries=false";
	sets[N_BUSY + 3] = "output.jobs=false";
	run_ok(base_json, sets, N_BUSY + 4, &b, &rb);
	assert_true(ra.kpis.hours_at_cap > 1 && ra.kpis.battery_cycles > 0);
	assert_true(ra.n_ts > 0 && rb.n_ts == 0 && rb.n_jobs == 0);
	assert_memory_equal(&ra.kpis, &rb.kpis, sizeof ra.kpis);
	run_result_fini(&r0);
	run_result_fini(&ra);
	run_result_fini(&rb);
	scenario_fini(&s0);
	scenario_fini(&a);
	scenario_fini(&b);
}

/* A capacity the idle facility cannot meet fails the run, naming it. */
static void test_cap_below_idle_fails(void **state)
{
	(void)state;
	const char *sets[] = { "grid={\"capacity_mw\": 0.001}" };
	struct scenario sc;
	struct run_result r;
	struct diag d;
	assert_int_equal(load_text(base_json, sets, 1, &sc, &d), 0);
	assert_int_equal(world_run(&sc, &r, &d), -1);
	assert_true(diag_has(&d, "grid.capacity_mw", "below the facility's draw with every job "
			     "stopped", NULL));
	diag_fini(&d);
	scenario_fini(&sc);
}

static void expect_error(const char *set, const char *a, const char *b)
{
	expect_load_error(base_json, set, a, b);
}

static void test_bad_cap_input(void **state)
{
	(void)state;
	expect_error("grid={\"capacity_mw\": 0}", "grid.capacity_mw", "must be");
	expect_error("grid={\"policy\": \"queue\"}", "grid.policy", "needs a capacity_mw");
	expect_error("grid={\"capacity_mw\": 5, \"policy\": \"throttle_then_queue\"}",
		     "grid.throttle_floor", "required");
	expect_error("grid={\"capacity_mw\": 5, \"policy\": \"shed\"}", "grid.policy",
		     "must be one of");
	expect_error("grid={\"capacity_mw\": {\"steps\": [{\"at_h\": 5, \"value\": 3}]}}",
		     "grid.capacity_mw.steps[0].at_h", "first step must be at hour 0");
	expect_error("grid={\"capacity_mw\": {\"steps\": [{\"at_h\": 0, \"value\": 3}, {\"at_h\": 0,"
		     " \"value\": 4}]}}", "grid.capacity_mw.steps[1].at_h", "must rise");
	expect_error("grid={\"battery\": {\"energy_mwh\": 1, \"power_mw\": 1}}",
		     "grid.battery.policy", "needs grid.capacity_mw");
	expect_error("grid={\"price\": 5, \"battery\": {\"energy_mwh\": 1, \"power_mw\": 1, "
		     "\"policy\": \"carbon_arbitrage\"}}", "grid.battery.policy", "needs grid.carbon");
	expect_error("grid={\"price\": [1,1,1,1,1,1,1,1,1,1,1,1,9,9,9,9,9,9,9,9,9,9,9,9], "
		     "\"battery\": {\"energy_mwh\": 1, \"power_mw\": 1, \"policy\": "
		     "\"price_arbitrage\", \"charge_below\": 9, \"discharge_above\": 1}}",
		     "grid.battery.charge_below", "must be below discharge_above");
	expect_error("workload={\"classes\": [{\"name\": \"x\", \"arrival\": {\"rate_per_h\": 1},"
		     " \"gpus\": {\"sizes\": [1]}, \"duration\": {\"distribution\": \"constant\","
		     " \"value_h\": 1}, \"utilization\": 1, \"deferrable\": {\"slack_h\": 4}}]}",
		     "workload.classes[0].deferrable.signal", "needs grid.carbon");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unlimited_cap_changes_nothing),
		cmocka_unit_test(test_binding_cap_every_policy),
		cmocka_unit_test(test_preempt_loses_work_since_checkpoint),
		cmocka_unit_test(test_battery_arbitrage),
		cmocka_unit_test(test_battery_peak_shaving),
		cmocka_unit_test(test_deferral),
		cmocka_unit_test(test_sampling_does_not_change_run),
		cmocka_unit_test(test_cap_below_idle_fails),
		cmocka_unit_test(test_bad_cap_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
