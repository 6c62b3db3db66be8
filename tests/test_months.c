/*
 * test_months.c - the run's calendar and its months (world_months.c,
 * scenario_calendar.c, civil_date.c).
 *
 * The hand case of test_world.c (one rack of two HGX H100 nodes, FCFS:
 * A1 runs 0-2 h, B 2-3 h, A2 3-5 h) started at 2025-01-31T22:00, so
 * January holds hours 0-2 and February hours 2-6. Node idle 1710 W, one
 * unit of load (a GPU at utilization 1) 1061.25 W, fixed PUE 1.5:
 *   January:  16 load-hours; A1 started (wait 0); all three submitted;
 *   February: 24 load-hours; B (wait 1.5 h) and A2 (2 h) started; all
 *             three completed.
 * The peak of both months is 8 units of load on top of the idle draw.
 */
#include <stdlib.h>

#include "civil_date.h"
#include "hand_case.h"
#include "run_core.h"
#include "test_util.h"
#include "world.h"

static const char hand_case[] = HAND_CASE("  \"calendar\": { \"start\": \"2025-01-31T22:00\" },");

static void test_civil_dates(void **state)
{
	(void)state;
	assert_int_equal(civil_days_from_date(1970, 1, 1), 0);
	assert_int_equal(civil_days_from_date(2000, 3, 1), 11017);
	assert_int_equal(civil_days_from_date(1969, 12, 31), -1);
	int64_t y;
	int m, d;
	civil_date_from_days(civil_days_from_date(2024, 2, 29), &y, &m, &d);
	assert_true(y == 2024 && m == 2 && d == 29);
	assert_int_equal(civil_month_days(2024, 2), 29);
	assert_int_equal(civil_month_days(2100, 2), 28);
	assert_int_equal(civil_month_days(2000, 2), 29);
	assert_int_equal(civil_typical_day_of_year(2025, 7, 1), 182);
	assert_int_equal(civil_typical_day_of_year(2024, 2, 29), 59);
	assert_int_equal(civil_typical_day_of_year(2024, 3, 1), 60);
	char s[20];
	civil_format_minute(civil_days_from_date(2025, 12, 31) * 1440 + 23 * 60 + 59, s, sizeof s);
	assert_string_equal(s, "2025-12-31T23:59");
}

static void test_hand_months(void **state)
{
	(void)state;
	struct scenario sc;
	struct run_result r;
	run_ok(hand_case, NULL, 0, &sc, &r);
	assert_int_equal(r.n_months, 2);
	const struct month_record *jan = &r.months[0], *feb = &r.months[1];
	assert_string_equal(jan->month, "2025-01");
	assert_string_equal(jan->start, "2025-01-31T22:00");
	assert_string_equal(feb->month, "2025-02");
	assert_string_equal(feb->start, "2025-02-01T00:00");
	assert_rel(jan->hours, 2, 0);
	assert_rel(feb->hours, 4, 0);
	assert_rel(jan->it_energy_mwh, (2 * node_idle_w * 2 + 16 * slope_w) / 1e6, 1e-12);
	assert_rel(feb->it_energy_mwh, (2 * node_idle_w * 4 + 24 * slope_w) / 1e6, 1e-12);
	assert_rel(jan->facility_energy_mwh, 1.5 * jan->it_energy_mwh, 1e-12);
	assert_rel(jan->pue, 1.5, 1e-12);
	double peak_kw = 1.5 * (2 * node_idle_w + 8 * slope_w) / 1e3;
	assert_rel(jan->facility_peak_kw, peak_kw, 1e-12);
	assert_rel(feb->facility_peak_kw, peak_kw, 1e-12);
	assert_rel(jan->grid_peak_kw, peak_kw, 1e-12);
	assert_rel(jan->gpu_utilization, 8.0 / 16.0, 1e-12); /* A1's 8 GPUs both hours */
	assert_int_equal(jan->jobs_submitted, 3);
	assert_int_equal(feb->jobs_submitted, 0);
	assert_int_equal(jan->jobs_started, 1);
	assert_int_equal(feb->jobs_started, 2);
	assert_int_equal(jan->jobs_completed, 0);
	assert_int_equal(feb->jobs_completed, 3);
	assert_rel(jan->wait_mean_s, 0, 0);
	assert_rel(feb->wait_mean_s, 1.75 * 3600, 1e-12);
	assert_true(isnan(jan->energy_cost_usd)); /* no price signal */
	run_result_fini(&r);
	scenario_fini(&sc);
}

/* A loaded cluster with weather, prices and carbon over a leap February
 * and a new year: the months add up to the run, and the highest monthly
 * peak is the run's peak, asserted here apart from the run's own check. */
static const char long_case[] =
	"{ \"name\": \"long\", \"duration_days\": 100, \"warmup_h\": 30,"
	"  \"sample_interval_min\": 60, \"seed\": 7,"
	"  \"calendar\": { \"start\": \"2023-12-01T05:00\" },"
	"  \"weather\": { \"model\": \"synthetic\" },"
	/* tower water in winter too (the default economizer, both, runs a
	 * cold month on outdoor air and evaporates nothing): the months'
	 * water must add up to something */
	"  \"cooling\": { \"technology\": \"direct_to_chip\","
	"    \"air\": { \"economizer\": \"water_side\" } },"
	"  \"grid\": { \"carbon\": [400,380,360,350,340,350,380,420,450,460,450,440,"
	"                          430,420,410,420,440,470,500,520,500,470,440,420],"
	"             \"price\": [30,28,27,26,26,28,35,45,50,48,45,42,40,40,41,44,50,"
	"                         65,80,85,70,55,45,35] },"
	"  \"cluster\": { \"racks\": 4, \"nodes_per_rack\": 4, \"node\": \"hgx_h100\" },"
	"  \"workload\": { \"classes\": ["
	"    { \"name\": \"train\", \"arrival\": { \"process\": \"poisson\", \"rate_per_h\": 1.2 },"
	"      \"gpus\": { \"sizes\": [8, 16, 32], \"weights\": [0.5, 0.3, 0.2] }, \"duration\": { \"distribution\": \"exponential\","
	"      \"mean_h\": 3 }, \"utilization\": 0.9 } ] } }";

static void test_months_add_up(void **state)
{
	(void)state;
	struct scenario sc;
	struct run_result r;
	run_ok(long_case, NULL, 0, &sc, &r);
	const struct run_kpis *k = &r.kpis;
	static const char *const names[] = { "2023-12", "2024-01", "2024-02", "2024-03" };
	assert_int_equal(r.n_months, 4);
	double e = 0, it = 0, water = 0, cost = 0, co2 = 0, hours = 0, peak = 0;
	uint64_t sub = 0, done = 0, started = 0;
	for (size_t i = 0; i < r.n_months; i++) {
		const struct month_record *m = &r.months[i];
		assert_string_equal(m->month, names[i]);
		e += m->facility_energy_mwh;
		it += m->it_energy_mwh;
		water += m->water_m3;
		cost += m->energy_cost_usd;
		co2 += m->emissions_t_co2e;
		hours += m->hours;
		peak = fmax(peak, m->facility_peak_kw);
		sub += m->jobs_submitted;
		done += m->jobs_completed;
		started += m->jobs_started;
	}
	/* warm-up ends 2023-12-02T11:00; a leap February; the end 2024-03-10T05:00 */
	assert_string_equal(r.months[0].start, "2023-12-02T11:00");
	assert_rel(r.months[2].hours, 29 * 24, 0);
	assert_rel(r.months[3].hours, 9 * 24 + 5, 0);
	assert_rel(hours, 100 * 24 - 30, 1e-12);
	assert_rel(e, k->facility_energy_mwh, 1e-9);
	assert_rel(it, k->it_energy_mwh, 1e-9);
	assert_rel(water, k->water_m3, 1e-9);
	assert_rel(cost, k->energy_cost_usd, 1e-9);
	assert_rel(co2, k->emissions_t_co2e, 1e-9);
	assert_rel(peak, k->facility_peak_kw, 0);
	assert_int_equal(sub, k->jobs_submitted);
	assert_int_equal(done, k->jobs_completed);
	assert_int_equal(started, k->jobs_started);
	assert_true(k->water_m3 > 0 && k->energy_cost_usd > 0 && k->jobs_started > 100);
	run_result_fini(&r);
	scenario_fini(&sc);
}

/* The date sets the weather's day; a different day beside it is an error. */
static void test_calendar_input(void **state)
{
	(void)state;
	struct scenario sc;
	struct diag d;
	const char *sets[] = { "weather.model=\"synthetic\"", "cooling={\"technology\": \"air\"}",
			       "calendar.start=\"2025-07-01T06:00\"" };
	assert_int_equal(load_text(hand_case, sets, 3, &sc, &d), 0);
	assert_rel(sc.weather.start_day_of_year, 182.25, 0);
	assert_rel(sc.calendar.typical_day, 182.25, 0);
	scenario_fini(&sc);
	diag_fini(&d);
	expect_load_error(hand_case, "calendar.start=\"2025-13-01T00:00\"", "calendar.start",
			  "not a date");
	expect_load_error(hand_case, "calendar.start=\"2025-02-29T00:00\"", "calendar.start",
			  "not a date");
	expect_load_error(hand_case, "calendar.start=\"2025-07-01T00:30\"", "calendar.start",
			  "on the hour");
	expect_load_error(hand_case, "calendar.start=\"2025-07-01\"", "calendar.start",
			  "YYYY-MM-DDTHH:MM");
	expect_load_error(hand_case, "calendar.start=12", "calendar.start", "string");
	expect_load_error(hand_case, "calendar.begin=\"2025-07-01T00:00\"", "calendar.begin",
			  "unknown");
}

static void test_weather_day_must_agree(void **state)
{
	(void)state;
	struct scenario sc;
	struct diag d;
	const char *ok[] = { "weather.model=\"synthetic\"", "cooling={\"technology\": \"air\"}",
			     "weather.start_day_of_year=31", "calendar.start=\"2025-01-31T00:00\"" };
	assert_int_equal(load_text(hand_case, ok, 4, &sc, &d), 0); /* 2025-01-31 is day 31 */
	scenario_fini(&sc);
	diag_fini(&d);
	const char *bad[] = { "weather.model=\"synthetic\"", "cooling={\"technology\": \"air\"}",
			      "weather.start_day_of_year=40" };
	assert_int_equal(load_text(hand_case, bad, 3, &sc, &d), -1);
	assert_true(diag_has(&d, "weather.start_day_of_year", "calendar.start", NULL));
	diag_fini(&d);
}

/* Every hour reads the typical year's hour of its date: 29 February
 * reads 28 February, 1 March reads 1 March, a new year reads 1 January. */
static void test_local_hour(void **state)
{
	(void)state;
	struct scenario sc;
	struct diag d;
	const char *leap[] = { "calendar.start=\"2024-02-28T22:00\"" };
	assert_int_equal(load_text(hand_case, leap, 1, &sc, &d), 0);
	assert_rel(scenario_local_hour(&sc, 0, 0), (59 - 1) * 24 + 22, 0);
	assert_rel(scenario_local_hour(&sc, 0, 2), (59 - 1) * 24, 0);   /* 29 Feb 00:00 */
	assert_rel(scenario_local_hour(&sc, 0, 25), (59 - 1) * 24 + 23, 0);
	assert_rel(scenario_local_hour(&sc, 0, 26), (60 - 1) * 24, 0);  /* 1 Mar 00:00 */
	scenario_fini(&sc);
	diag_fini(&d);
	const char *eve[] = { "calendar.start=\"2025-12-31T23:00\"" };
	assert_int_equal(load_text(hand_case, eve, 1, &sc, &d), 0);
	assert_rel(scenario_local_hour(&sc, 0, 0), 8759, 0);
	assert_rel(scenario_local_hour(&sc, 0, 1), 0, 0);
	assert_rel(scenario_local_hour(&sc, 0, 1 + 8760), 0, 0); /* 2027-01-01 */
	scenario_fini(&sc);
	diag_fini(&d);
	/* without a calendar: the start day's hours, as before */
	static const char plain[] = "{ \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1, "
				    "\"node\": \"hgx_h100\" } }";
	assert_int_equal(load_text(plain, NULL, 0, &sc, &d), 0);
	assert_rel(scenario_local_hour(&sc, 182, 5), 181 * 24 + 5, 0);
	scenario_fini(&sc);
	diag_fini(&d);
}

/* A run across 29 February reads the weather of those hours. */
static void test_weather_follows_date(void **state)
{
	(void)state;
	struct scenario sc;
	struct run_result r;
	const char *sets[] = { "weather.model=\"synthetic\"", "cooling={\"technology\": \"air\"}",
			       "calendar.start=\"2024-02-28T00:00\"", "duration_h=72" };
	run_ok(hand_case, sets, 4, &sc, &r);
	assert_int_equal(r.n_ts, 72);
	for (size_t i = 0; i < r.n_ts; i++) {
		size_t local = (size_t)scenario_local_hour(&sc, 0, i);
		assert_rel(r.ts[i].outdoor_dry_c, sc.weather.series.dry_c[local], 1e-12);
	}
	/* 29 February (hours 24-47) is 28 February's weather again */
	assert_rel(r.ts[30].outdoor_dry_c, r.ts[6].outdoor_dry_c, 1e-12);
	assert_true(r.ts[54].outdoor_dry_c != r.ts[6].outdoor_dry_c);
	run_result_fini(&r);
	scenario_fini(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil_dates),
		cmocka_unit_test(test_hand_months),
		cmocka_unit_test(test_months_add_up),
		cmocka_unit_test(test_calendar_input),
		cmocka_unit_test(test_weather_day_must_agree),
		cmocka_unit_test(test_local_hour),
		cmocka_unit_test(test_weather_follows_date),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
