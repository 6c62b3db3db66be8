/*
 * test_grid.c - the grid's carbon and price signals: cost and emissions
 * against a hand calculation, UTC series against the local clock, gap
 * filling, no effect on anything else, and bad grid input (values out of
 * range in a series file included).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "trace_column.h"

/* Idle GPUs at a fixed PUE: the facility draws one constant power. */
static const char idle_json[] =
	"{ \"name\": \"idle\", \"duration_h\": 50, \"warmup_h\": 2, \"sample_interval_min\": 60,"
	"  \"cluster\": { \"racks\": 2, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\" },"
	"  \"workload\": { \"classes\": [] } }";

static const double tou[24] = { 30, 30, 30, 30, 30, 30, 45, 60, 60, 60, 60, 60,
				60, 60, 60, 60, 90, 120, 120, 90, 60, 45, 40, 35 };

/* Constant power, a 24-hour price profile and a constant carbon: cost and
 * emissions equal the sum over the measured hours, to 1e-9. */
static void test_hand_calculation(void **state)
{
	(void)state;
	char price[512] = "grid={\"carbon\": 412.5, \"start_day_of_year\": 3, \"price\": [";
	for (int h = 0; h < 24; h++)
		snprintf(price + strlen(price), sizeof price - strlen(price), "%s%g", h ? "," : "",
			 tou[h]);
	strcat(price, "]}");
	const char *sets[] = { price };
	struct scenario sc;
	struct run_result r;
	run_ok(idle_json, sets, 1, &sc, &r);
	double p_mw = r.kpis.facility_peak_kw / 1000.0;
	assert_rel(r.kpis.facility_energy_mwh, p_mw * 48, 1e-12); /* constant draw */
	double cost = 0;
	for (int h = 2; h < 50; h++) /* the measured hours */
		cost += p_mw * tou[h % 24];
	assert_rel(r.kpis.energy_cost_usd, cost, 1e-9);
	assert_rel(r.kpis.emissions_t_co2e, p_mw * 48 * 412.5 / 1000.0, 1e-9);
	assert_rel(r.kpis.carbon_mean_g_per_kwh, 412.5, 1e-9);
	assert_rel(r.kpis.load_factor, 1.0, 1e-12);
	/* the time series: hour 17 (local) costs 120 USD/MWh */
	assert_rel(r.ts[17].price_usd_per_mwh, 120, 0);
	assert_rel(r.ts[17].cost_usd, p_mw * 120, 1e-9);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/* The series at path now holds text: the grid set must fail on it, naming
 * the file, the line and the rule. */
static void series_fails(const char *path, const char *text, const char *const *sets,
			 const char *line, const char *rule)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	struct scenario sc;
	struct diag d;
	assert_int_equal(load_text(idle_json, sets, 1, &sc, &d), -1);
	assert_true(diag_has(&d, path, line, rule, NULL));
	assert_true(diag_has(&d, "grid.carbon", "could not be read", NULL));
	diag_fini(&d);
}

/* A UTC series with gaps, read against a site five hours behind UTC. */
static void test_series_clock_and_gaps(void **state)
{
	(void)state;
	char dir[] = "/tmp/dcsim_grid_XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/ci.csv", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "ci,timestamp\r\n");
	for (int h = 0; h < 48; h++) {
		/* hours 10 and 11 blank: filled between 109 (h 9) and 112 (h 12) */
		if (h == 10 || h == 11)
			fprintf(f, ",2023-01-%02d %02d:00:00+00:00\r\n", 1 + h / 24, h % 24);
		else
			fprintf(f, "%d,2023-01-%02dT%02d:00:00Z\r\n", 100 + h, 1 + h / 24, h % 24);
	}
	fclose(f);
	char set[512];
	snprintf(set, sizeof set,
		 "grid={\"carbon\": {\"file\": \"%s\", \"column\": \"ci\"}, \"utc_offset_h\": -5}",
		 path);
	const char *sets[] = { set };
	struct scenario sc;
	struct diag d;
	assert_int_equal(load_text(idle_json, sets, 1, &sc, &d), 0);
	const struct grid_signal *s = &sc.grid.carbon;
	assert_int_equal(s->n, 48);
	assert_int_equal(s->filled, 2);
	assert_int_equal(s->first_hour, 0);
	/* local midnight of 1 January is 05:00 UTC */
	assert_rel(grid_signal_at(s, 1, -5, 0), 105, 0);
	assert_rel(grid_signal_at(s, 1, -5, 5), 110, 1e-12); /* 10:00 UTC, filled */
	assert_rel(grid_signal_at(s, 1, -5, 6), 111, 1e-12);
	assert_rel(grid_signal_at(s, 1, -5, 43), 100, 0); /* 48:00 UTC wraps to row 0 */
	assert_rel(grid_signal_at(s, 2, -5, 0), 129, 0);           /* day 2: 29:00 UTC */
	scenario_fini(&sc);
	diag_fini(&d);
	/* a missing row, a bad timestamp: errors naming the line */
	series_fails(path, "timestamp,ci\n2023-01-01 00:00,1\n2023-01-01 01:00,2\n"
			   "2023-01-01 03:00,3\n", sets, "line 4", "not one hour after");
	series_fails(path, "timestamp,ci\n2023-01-01 00:00,1\n01/01/2023 01:00,2\n", sets,
		     "line 3", "is not a timestamp");
	/* values are held to the range a number has: no negative carbon, and
	 * a capacity above zero (the same file as capacity_mw) */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("timestamp,ci\n2023-01-01 00:00,100\n2023-01-01 01:00,-50\n"
	      "2023-01-01 02:00,0\n2023-01-01 03:00,-1\n", f);
	fclose(f);
	assert_int_equal(load_text(idle_json, sets, 1, &sc, &d), -1);
	assert_true(diag_has(&d, "grid.carbon", path, "line 3", "is -50, outside [0, 1e6]",
			     "and more rows", NULL));
	diag_fini(&d);
	snprintf(set, sizeof set, "grid={\"capacity_mw\": {\"file\": \"%s\", \"column\": \"ci\"}, "
		 "\"utc_offset_h\": -5}", path);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("timestamp,ci\n2023-01-01 00:00,30\n2023-01-01 01:00,30\n2023-01-01 02:00,0\n", f);
	fclose(f);
	assert_int_equal(load_text(idle_json, sets, 1, &sc, &d), -1);
	assert_true(diag_has(&d, "grid.capacity_mw", "line 4", "is 0, outside [1e-06, 1e6]", NULL));
	diag_fini(&d);
	remove(path);
	rmdir(dir);
}

/* The shipped EIA-930 series: 8,760 h, the published means. */
static void test_regions(void **state)
{
	(void)state;
	static const struct { const char *name; double mean; } want[] = {
		{ "pjm", 363 }, { "ercot", 347 }, { "caiso", 256 } };
	for (size_t i = 0; i < 3; i++) {
		char set[128];
		snprintf(set, sizeof set, "grid={\"carbon\": \"%s\", \"utc_offset_h\": 0}",
			 want[i].name);
		const char *sets[] = { set };
		struct scenario sc;
		struct diag d;
		assert_int_equal(load_text(idle_json, sets, 1, &sc, &d), 0);
		assert_int_equal(sc.grid.carbon.n, 8760);
		assert_true(fabs(grid_signal_mean(&sc.grid.carbon, 1, 0) - want[i].mean) < 1.0);
		scenario_fini(&sc);
		diag_fini(&d);
	}
}

/* Signals price and weigh energy; they change nothing else. */
static void test_no_side_effects(void **state)
{
	(void)state;
	struct scenario a, b;
	struct run_result ra, rb;
	const char *sets[] = {
		"duration_h=96", "cooling={\"technology\": \"air\"}", "weather=ashburn",
		"workload={\"classes\": [{\"name\": \"t\", \"arrival\": {\"process\": \"poisson\","
		" \"rate_per_h\": 3}, \"gpus\": {\"sizes\": [1, 4, 8, 16]}, \"duration\":"
		" {\"distribution\": \"exponential\", \"mean_h\": 3}, \"utilization\": 0.8}]}",
		"grid={\"carbon\": \"pjm\", \"price\": 50}" };
	run_ok(idle_json, sets, 4, &a, &ra);
	run_ok(idle_json, sets, 5, &b, &rb);
	assert_rel(b.grid.utc_offset_h, -5, 0); /* from the EPW file's time zone */
	assert_true(ra.kpis.jobs_completed > 50);
	assert_true(isnan(ra.kpis.energy_cost_usd) && isnan(ra.kpis.emissions_t_co2e));
	assert_rel(rb.kpis.energy_cost_usd, 50 * rb.kpis.facility_energy_mwh, 1e-9);
	assert_true(ra.kpis.facility_energy_mwh == rb.kpis.facility_energy_mwh);
	assert_true(ra.kpis.wait_mean_s == rb.kpis.wait_mean_s);
	assert_true(ra.kpis.jobs_completed == rb.kpis.jobs_completed);
	assert_int_equal(ra.n_jobs, rb.n_jobs);
	assert_memory_equal(ra.jobs, rb.jobs, ra.n_jobs * sizeof *ra.jobs);
	run_result_fini(&ra);
	run_result_fini(&rb);
	scenario_fini(&a);
	scenario_fini(&b);
}

static void expect_error(const char *set, const char *a, const char *b)
{
	expect_load_error(idle_json, set, a, b);
}

static void test_bad_grid(void **state)
{
	(void)state;
	expect_error("grid={\"carbon\": \"pjn\"}", "grid.carbon", "unknown region \"pjn\"");
	expect_error("grid={\"price\": [1, 2, 3]}", "grid.price", "24 values by local hour");
	expect_error("grid={\"carbon\": -1}", "grid.carbon", "must be");
	expect_error("grid={\"carbon\": \"pjm\"}", "grid.utc_offset_h", "required");
	expect_error("grid={\"carbon\": {\"file\": \"nope.csv\", \"column\": \"x\"}, "
		     "\"utc_offset_h\": 0}", "nope.csv", "cannot open");
	expect_error("grid={\"price\": 5, \"tarif\": 3}", "grid.tarif", "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_calculation), cmocka_unit_test(test_series_clock_and_gaps),
		cmocka_unit_test(test_regions),          cmocka_unit_test(test_no_side_effects),
		cmocka_unit_test(test_bad_grid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
