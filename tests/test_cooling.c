/*
 * test_cooling.c - weather, psychrometrics, the cooling technologies'
 * physics invariants, and cooled scenarios against published figures.
 */
#include <stdlib.h>
#include <unistd.h>

#include "chiller.h"
#include "cooling.h"
#include "psychro.h"
#include "test_util.h"
#include "weather.h"
#include "weather_file.h"

/* ASHRAE psychrometric chart: 25 C, 50% RH at sea level has a wet bulb of
 * 17.9 C and a dew point of 13.9 C; saturated air's wet bulb is its dry bulb. */
static void test_psychrometrics(void **state)
{
	(void)state;
	double dew = psychro_dew_point_c(25.0, 0.5);
	assert_true(fabs(dew - 13.86) < 0.05);
	double wb = psychro_wet_bulb_c(25.0, dew, PSYCHRO_P_SEA_LEVEL);
	assert_true(fabs(wb - 17.9) < 0.1);
	assert_rel(psychro_wet_bulb_c(30.0, 30.0, PSYCHRO_P_SEA_LEVEL), 30.0, 0);
	/* below freezing the ice formula applies and stays between dew and dry */
	double cold = psychro_wet_bulb_c(-5.0, -10.0, PSYCHRO_P_SEA_LEVEL);
	assert_true(cold > -10.0 && cold < -5.0);
	/* saturation pressure at 20 C: 2,339 Pa (ASHRAE Fundamentals table 3) */
	assert_true(fabs(psychro_saturation_pa(20.0) - 2339.0) < 2.0);
}

/* The shipped TMY3 files: 8,760 hours each, LF (Dulles) and CRLF (Phoenix),
 * with the means the data README lists. */
static void test_epw_files(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d);
	struct weather w;
	const char *files[] = {
		DCSIM_SOURCE_DIR "/scenarios/" "weather/USA_VA_Sterling-Washington.Dulles.Intl.AP.724030_TMY3.epw",
		DCSIM_SOURCE_DIR "/scenarios/" "weather/USA_AZ_Phoenix-Sky.Harbor.Intl.AP.722780_TMY3.epw",
	};
	const double means[] = { 12.7, 23.8 };
	for (int f = 0; f < 2; f++) {
		assert_int_equal(weather_read_epw(&w, files[f], &d), 0);
		assert_int_equal(w.n_hours, 8760);
		double sum = 0;
		for (size_t h = 0; h < w.n_hours; h++) {
			sum += w.dry_c[h];
			assert_true(w.wet_c[h] <= w.dry_c[h] + 1e-9);
			assert_true(w.wet_c[h] >= w.dew_c[h] - 1e-6);
		}
		assert_true(fabs(sum / 8760.0 - means[f]) < 0.05);
		/* hour 8760 + 5 wraps to hour 5 */
		struct outdoor a, b;
		weather_at(&w, 5, &a);
		weather_at(&w, 8765, &b);
		assert_rel(a.dry_c, b.dry_c, 0);
		weather_fini(&w);
	}
	diag_fini(&d);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

#define EPW_HEAD "LOCATION\nDESIGN\nTYPICAL\nGROUND\nHOLIDAYS\nC1\nC2\nDATA PERIODS\n"

/* Bad weather files name the file, the line and the rule. */
static void test_bad_weather(void **state)
{
	(void)state;
	char dir[] = "/tmp/dcsim_test_weather_XXXXXX", path[64];
	assert_non_null(mkdtemp(dir)); /* its own: test runs may overlap */
	snprintf(path, sizeof path, "%s/weather.epw", dir);
	struct weather w;
	struct diag d;
	diag_init(&d);
	write_file(path, EPW_HEAD "1999,1,1,1,0,x,99.9,-5.0,66,101700\n");
	assert_int_equal(weather_read_epw(&w, path, &d), -1);
	assert_true(diag_has(&d, path, "line 9", "dry bulb", "99.9", NULL));
	write_file(path, EPW_HEAD "1999,1,1,1,0,x,5,-5.0,66,101700\r\n1999,1,1,3,0,x,5,-5,66,101700\r\n");
	assert_int_equal(weather_read_epw(&w, path, &d), -1);
	assert_true(diag_has(&d, "line 10", "hour", "should be 2", NULL));
	write_file(path, EPW_HEAD "1999,1,1,1,0,x,5\n");
	assert_int_equal(weather_read_epw(&w, path, &d), -1);
	assert_true(diag_has(&d, "line 9", "row has 7 fields", NULL));
	write_file(path, EPW_HEAD);
	assert_int_equal(weather_read_epw(&w, path, &d), -1);
	assert_true(diag_has(&d, "no hourly rows", NULL));
	write_file(path, "time,t,rh\n2023-01-01T00:00Z,11.2,94\n2023-01-01T01:00Z,abc,90\n");
	assert_int_equal(weather_read_csv(&w, path, PSYCHRO_P_SEA_LEVEL, &d), -1);
	assert_true(diag_has(&d, "line 3", "column 2 (dry bulb)", "abc", NULL));
	write_file(path, "time,t,rh\n2023-01-01T00:00Z,11.2,94\n2023-01-01T01:00Z,12.0,90\n");
	assert_int_equal(weather_read_csv(&w, path, PSYCHRO_P_SEA_LEVEL, &d), 0);
	assert_int_equal(w.n_hours, 2);
	assert_rel(w.dry_c[1], 12.0, 0);
	weather_fini(&w);
	remove(path);
	rmdir(dir);
	diag_fini(&d);
}

/* COP stays below Carnot and falls as the condenser warms. */
static void test_chiller(void **state)
{
	(void)state;
	struct chiller_spec c[2];
	chiller_water_cooled(&c[0], 1e6);
	chiller_air_cooled(&c[1], 1e6);
	for (int k = 0; k < 2; k++) {
		double prev = INFINITY;
		for (double cond = 10; cond <= 55; cond += 1) {
			double cop = chiller_cop(&c[k], 6.7, cond);
			assert_true(cop < chiller_carnot_cop(&c[k], 6.7, cond));
			assert_true(cop <= prev);
			prev = cop;
		}
		assert_true(chiller_cop(&c[k], 6.7, 40) < chiller_cop(&c[k], 6.7, 30));
		/* capacity falls on hot days, holds below rating */
		assert_true(chiller_capacity_w(&c[k], 6.7, 45) < 1e6);
		assert_rel(chiller_capacity_w(&c[k], 6.7, 20), 1e6, 0);
	}
	/* the calibration: 0.560 kW/ton at AHRI conditions */
	assert_true(fabs(chiller_cop(&c[0], 6.7, 34.6) - 6.28) < 0.1);
	assert_true(fabs(chiller_cop(&c[1], 6.7, 35.0) - 2.96) < 0.1);
}

/* CRAH fan power is cubic in airflow (airflow proportional to heat). */
static void test_fan_cube_law(void **state)
{
	(void)state;
	struct cooling_spec s;
	cooling_defaults(&s, COOLING_AIR, 1e6);
	struct outdoor o = { 30, 24, 21 };
	struct cooling_out a, b;
	cooling_eval(&s, 2e5, &o, &a);
	cooling_eval(&s, 4e5, &o, &b);
	assert_rel(b.w[COOL_AIR_FANS] / a.w[COOL_AIR_FANS], 8.0, 1e-12);
	/* design: airflow_ratio x q / (rho cp dT) x dp / eta */
	cooling_eval(&s, 1e6, &o, &a);
	assert_rel(a.w[COOL_AIR_FANS], 1.5 * 1e6 / (1.2 * 1006 * 12) * 600 / 0.6, 1e-12);
}

/* For every technology, load and weather: rejected = removed + power,
 * the components add up, and no water without evaporative equipment. */
static void test_heat_balance(void **state)
{
	(void)state;
	const struct outdoor weathers[] = { { -10, -11, -15 }, { 5, 2, -2 }, { 15, 12, 9 },
					    { 25, 19, 15 }, { 35, 24, 20 }, { 44, 22, 12 } };
	for (int t = 0; t < COOLING_N_TECH; t++) {
		for (int e = ECONOMIZER_NONE; e <= ECONOMIZER_BOTH; e++) {
			struct cooling_spec s;
			cooling_defaults(&s, (enum cooling_tech)t, 1e6);
			s.air.economizer = (enum economizer)e;
			for (size_t k = 0; k < sizeof weathers / sizeof *weathers; k++) {
				for (double q = 0; q <= 1e6; q += 2.5e5) {
					struct cooling_out out;
					cooling_eval(&s, q, &weathers[k], &out);
					double parts = 0;
					for (int c = 1; c < COOL_N_COMPONENTS; c++) {
						assert_true(out.w[c] >= 0);
						parts += out.w[c];
					}
					assert_rel(out.w[COOL_TOTAL], parts, 1e-12);
					assert_rel(out.rejected_w, out.removed_w + out.w[COOL_TOTAL],
						   1e-12);
					assert_rel(out.removed_w, q, 1e-12);
					assert_true(out.free_fraction >= 0 && out.free_fraction <= 1);
					if (t == COOLING_IMMERSION || t == COOLING_FIXED_PUE)
						assert_true(out.water_l_per_h == 0);
				}
			}
		}
	}
	/* air-side economizer in cool dry air: no tower runs, no water */
	struct cooling_spec s;
	cooling_defaults(&s, COOLING_AIR, 1e6);
	s.air.economizer = ECONOMIZER_AIR_SIDE;
	struct outdoor cool = { 10, 6, 2 };
	struct cooling_out out;
	cooling_eval(&s, 5e5, &cool, &out);
	assert_rel(out.free_fraction, 1.0, 0);
	assert_true(out.water_l_per_h == 0 && out.w[COOL_COMPRESSORS] == 0);
	/* a water-side economizer keeps its towers, and their water, running */
	s.air.economizer = ECONOMIZER_WATER_SIDE;
	cooling_eval(&s, 5e5, &cool, &out);
	assert_true(out.water_l_per_h > 0);
}

/*
 * Condenser-water reset. The lift is (condenser water leaving + 1.5 K) -
 * (chilled water - 1.5 K), at least 15 K, with the condenser water
 * leaving at max(wb + 3.9 K, floor) + 5.6 K. The old plant (6.7 C chilled
 * water, 21.1 C floor) sat on its floor for every wet bulb below 17.2 C:
 * 12 C and 17 C cost the same. The default (15.6 C chilled water, 18.3 C
 * floor) follows the wet bulb down until the lift reaches its 15 K
 * minimum (wet bulb 18.1 C, COP 13.4): 24 C costs more than 19 C, 19 C
 * more than 17 C, and below that the chiller is at its best.
 */
static double compressors_w(const struct cooling_spec *s, double wet_c)
{
	const struct outdoor o = { wet_c + 5, wet_c, wet_c - 2 };
	struct cooling_out out;
	cooling_eval(s, 8e5, &o, &out);
	return out.w[COOL_COMPRESSORS];
}

static void test_condenser_reset(void **state)
{
	(void)state;
	struct cooling_spec s;
	cooling_defaults(&s, COOLING_AIR, 1e6);
	s.air.economizer = ECONOMIZER_NONE;
	assert_true(compressors_w(&s, 17) < compressors_w(&s, 19));
	assert_true(compressors_w(&s, 19) < compressors_w(&s, 24));
	assert_rel(compressors_w(&s, 12), compressors_w(&s, 17), 1e-12);
	s.air.chilled_water_supply_c = 6.7;
	s.air.condenser_water_min_c = 21.1;
	assert_rel(compressors_w(&s, 12), compressors_w(&s, 17), 1e-12);
	assert_true(compressors_w(&s, 17.5) < compressors_w(&s, 19));
}

/* A year of one hall: 64 racks of two HGX H100 nodes, a 2N chain. */
static const char hall_json[] =
	"{ \"name\": \"hall\", \"duration_h\": 8760, \"sample_interval_min\": 60,"
	"  \"cluster\": { \"racks\": 64, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\","
	"    \"rack_devices\": [ { \"device\": \"ib_switch_ndr\", \"count\": 1 } ] },"
	"  \"cooling\": { \"technology\": \"air\" }, \"weather\": \"ashburn\","
	"  \"power\": { \"chain\": { \"levels\": ["
	"    { \"name\": \"transformer\", \"rating_kw\": 2000, \"efficiency\": \"transformer_mv_dry\" },"
	"    { \"name\": \"ups\", \"units\": 2, \"rating_kw\": 1600, \"redundancy\": \"2N\","
	"      \"efficiency\": \"ups_double_conversion\" },"
	"    { \"name\": \"pdu\", \"units\": 8, \"rating_kw\": 200, \"efficiency\": \"pdu_transformer\" } ] } },"
	"  \"workload\": { \"classes\": [ { \"name\": \"training\","
	"    \"arrival\": { \"process\": \"poisson\", \"rate_per_h\": 0.5 },"
	"    \"gpus\": { \"sizes\": [64, 128, 256] },"
	"    \"duration\": { \"distribution\": \"exponential\", \"mean_h\": 12 },"
	"    \"utilization\": 0.9 } ] },"
	"  \"output\": { \"jobs\": false, \"timeseries\": false } }";

/* The hall with another chain (a power.chain JSON, or NULL for the 2N one);
 * *hall_water (if not NULL) gets the hall's own water, without the
 * electrical rooms'. */
static struct run_kpis hall_chain(const char *cooling, const char *site, const char *chain,
				  double *hall_water)
{
	char c[256], w[64], p[512];
	snprintf(c, sizeof c, "cooling=%s", cooling);
	snprintf(w, sizeof w, "weather=%s", site);
	snprintf(p, sizeof p, "power.chain=%s", chain ? chain : "");
	const char *sets[] = { c, w, p };
	struct scenario sc;
	struct run_result r;
	run_ok(hall_json, sets, chain ? 3 : 2, &sc, &r);
	struct run_kpis k = r.kpis;
	assert_true(r.n_zones == 2 && strcmp(r.zones[1].name, "electrical_rooms") == 0);
	if (hall_water)
		*hall_water = r.zones[0].water_m3;
	run_result_fini(&r);
	scenario_fini(&sc);
	return k;
}

static struct run_kpis hall(const char *cooling, const char *site)
{
	return hall_chain(cooling, site, NULL, NULL);
}

/* The electrical design of hyperscale and most immersion sites: an
 * outdoor pad-mounted transformer, a modular N+1 UPS, busways (no PDU
 * transformers). */
static const char lean_chain[] =
	"{\"levels\": ["
	"{\"name\": \"transformer\", \"rating_kw\": 2000, \"efficiency\": \"transformer_mv_dry\","
	" \"outdoors\": true},"
	"{\"name\": \"ups\", \"rating_kw\": 2000, \"redundancy\": \"N+1\", \"modules\": 4,"
	" \"efficiency\": \"ups_double_conversion\"},"
	"{\"name\": \"busway\", \"units\": 8, \"rating_kw\": 200, \"efficiency\": \"busway\"}]}";

/*
 * Annual PUE against published ranges for a temperate site (Ashburn):
 * air with today's design practice (15.6 C chilled water, both
 * economizers) 1.15-1.30, between the large-scale air-cooled designs of
 * Lei & Masanet (2022) and the Uptime Institute 2023 survey's 1.58
 * average (older enterprise and colocation sites with 2N double-conversion
 * UPSs); direct-to-chip 1.1-1.25 and single-phase
 * immersion 1.02-1.10 (ASHRAE TC 9.9 liquid-cooling white paper; vendor
 * reports). Every PUE includes the chain's losses and the cooling of the
 * electrical rooms. The 2N chain alone costs about 8% of IT, which puts
 * immersion at 1.11; the immersion figures come from sites with lean
 * electrical designs, so immersion is held to its band with that chain
 * (docs/cooling.md, "Published PUE").
 */
static void test_pue_ranges(void **state)
{
	(void)state;
	struct run_kpis air = hall("{\"technology\":\"air\"}", "ashburn");
	struct run_kpis dlc = hall("{\"technology\":\"direct_to_chip\"}", "ashburn");
	double imm_water;
	struct run_kpis imm = hall_chain("{\"technology\":\"immersion\"}", "ashburn", NULL,
					 &imm_water);
	struct run_kpis lean = hall_chain("{\"technology\":\"immersion\"}", "ashburn", lean_chain,
					  NULL);
	print_message("  PUE Ashburn, 2N chain: air %.3f, direct-to-chip %.3f, immersion %.3f; "
		      "immersion, lean chain %.3f\n", air.pue, dlc.pue, imm.pue, lean.pue);
	assert_true(air.pue > 1.15 && air.pue < 1.30);
	assert_true(dlc.pue > 1.10 && dlc.pue < 1.25);
	assert_true(lean.pue > 1.02 && lean.pue < 1.10);
	assert_true(air.pue > dlc.pue && dlc.pue > imm.pue && imm.pue > lean.pue);
	/* immersion's dry coolers evaporate nothing; the rooms' towers do */
	assert_true(air.water_m3 > dlc.water_m3 && dlc.water_m3 > imm.water_m3 && imm_water == 0);
	assert_true(imm.it_fans_energy_mwh == 0 && dlc.it_fans_energy_mwh < air.it_fans_energy_mwh);
}

/* Same design, three climates: free cooling rises from Phoenix to Chicago;
 * with outdoor air, Phoenix's PUE is above San Francisco's. */
static void test_climates(void **state)
{
	(void)state;
	struct run_kpis phx = hall("{\"technology\":\"air\"}", "phoenix");
	struct run_kpis chi = hall("{\"technology\":\"air\"}", "chicago");
	print_message("  free hours full/partial: Phoenix %.0f/%.0f, Chicago %.0f/%.0f\n",
		      phx.full_free_cooling_hours, phx.partial_free_cooling_hours,
		      chi.full_free_cooling_hours, chi.partial_free_cooling_hours);
	assert_true(chi.full_free_cooling_hours > phx.full_free_cooling_hours);
	assert_true(chi.full_free_cooling_hours + chi.partial_free_cooling_hours >
		    phx.full_free_cooling_hours + phx.partial_free_cooling_hours);
	const char *outdoor_air = "{\"technology\":\"air\",\"air\":{\"economizer\":\"air_side\"}}";
	struct run_kpis phx_a = hall(outdoor_air, "phoenix");
	struct run_kpis sf_a = hall(outdoor_air, "san_francisco");
	struct run_kpis chi_a = hall(outdoor_air, "chicago");
	print_message("  air-side PUE: Phoenix %.3f, San Francisco %.3f\n", phx_a.pue, sf_a.pue);
	assert_true(phx_a.pue > sf_a.pue);
	assert_true(chi_a.full_free_cooling_hours > phx_a.full_free_cooling_hours);
}

/*
 * The climate order over a year with the default plants (issue 21): the
 * hot dry sites (Phoenix, Las Vegas) have a higher air-cooled PUE than
 * the mild coastal one (San Francisco), hot and humid Miami the highest;
 * and at every shipped site immersion < direct-to-chip < air, in PUE and
 * in water. The figures are the table of docs/cooling.md.
 */
/*
 * Lei & Masanet 2022's large-scale airside economizer with adiabatic
 * cooling (their case 1), the nearest of their ten archetypes to dcsim's
 * air plant with both economizers: the 5th and 95th percentiles of annual
 * PUE and WUE (L/kWh) over their design-parameter uncertainty, in each
 * site's ASHRAE climate zone (the figures their calculator publishes,
 * github.com/nuoaleon/UEcalculator_dash_app, src/data/UE.csv; docs/cooling.md).
 */
static const struct {
	const char *zone;
	double pue_lo, pue_hi, wue_lo, wue_hi;
} lei_masanet_case1[] = {
	{ "2B", 1.125, 1.253, 0.468, 1.123 }, /* Phoenix */
	{ "3B", 1.109, 1.227, 0.259, 0.768 }, /* Las Vegas */
	{ "1A", 1.169, 1.342, 0.773, 2.361 }, /* Miami */
	{ "4A", 1.109, 1.223, 0.272, 0.833 }, /* Ashburn */
	{ "5A", 1.100, 1.213, 0.203, 0.712 }, /* Chicago */
	{ "3C", 1.090, 1.234, 0.004, 1.139 }, /* San Francisco */
};

static void test_climate_order(void **state)
{
	(void)state;
	static const char *const sites[] = { "phoenix", "las_vegas", "miami",
					     "ashburn", "chicago", "san_francisco" };
	enum { N_SITES = 6 };
	double air[N_SITES];
	for (int i = 0; i < N_SITES; i++) {
		struct run_kpis a = hall("{\"technology\":\"air\"}", sites[i]);
		struct run_kpis d = hall("{\"technology\":\"direct_to_chip\"}", sites[i]);
		struct run_kpis m = hall("{\"technology\":\"immersion\"}", sites[i]);
		print_message("  %-13s PUE air %.3f dlc %.3f immersion %.3f; "
			      "WUE %.3f %.3f %.3f L/kWh\n", sites[i], a.pue, d.pue, m.pue,
			      a.wue_l_per_kwh, d.wue_l_per_kwh, m.wue_l_per_kwh);
		assert_true(m.pue < d.pue && d.pue < a.pue);
		assert_true(m.water_m3 < d.water_m3 && d.water_m3 < a.water_m3);
		/* the air plant within the published band of its climate zone */
		assert_true(a.pue >= lei_masanet_case1[i].pue_lo &&
			    a.pue <= lei_masanet_case1[i].pue_hi);
		assert_true(a.wue_l_per_kwh >= lei_masanet_case1[i].wue_lo &&
			    a.wue_l_per_kwh <= lei_masanet_case1[i].wue_hi);
		air[i] = a.pue;
	}
	assert_true(air[0] > air[5] && air[1] > air[5]); /* hot dry > mild coastal */
	for (int i = 0; i < N_SITES; i++)
		if (i != 2)
			assert_true(air[2] > air[i]); /* hot humid: the least free cooling */
}

/* A rack over its technology's density limit is an input error. */
static void test_density_limit(void **state)
{
	(void)state;
	const char *sets[] = { "cluster.nodes_per_rack=4" };
	struct scenario sc;
	struct diag d;
	assert_int_equal(load_text(hall_json, sets, 1, &sc, &d), -1);
	assert_true(diag_has(&d, "cooling", "racks 0-63", "42.5 kW", "air limit of 40.0 kW per rack",
			     NULL));
	diag_fini(&d);
	const char *ok[] = { "cluster.nodes_per_rack=4", "cooling={\"technology\":\"direct_to_chip\"}",
			     "power={}" };
	assert_int_equal(load_text(hall_json, ok, 3, &sc, &d), 0);
	scenario_fini(&sc);
	diag_fini(&d);
	const char *halls[] = { "cooling=[{\"racks\":60,\"technology\":\"air\"},"
				"{\"racks\":3,\"technology\":\"immersion\"}]" };
	assert_int_equal(load_text(hall_json, halls, 1, &sc, &d), -1);
	assert_true(diag_has(&d, "the halls hold 63 racks, cluster.racks is 64", NULL));
	diag_fini(&d);
	const char *none[] = { "weather=null" };
	assert_int_equal(load_text(hall_json, none, 1, &sc, &d), -1);
	diag_fini(&d);
}

/* A week of the hall with sets; the result stays with the caller. */
static void week(const char *const *extra, size_t n, struct scenario *sc, struct run_result *r)
{
	const char *sets[8] = { "duration_h=168" };
	for (size_t i = 0; i < n && i < 7; i++)
		sets[i + 1] = extra[i];
	run_ok(hall_json, sets, n + 1, sc, r);
}

/* The electrical rooms' plant removes exactly the indoor levels' losses;
 * an outdoor level's losses leave without cooling; fixed-PUE halls get no
 * room plant unless one is asked for; bad room sections are input errors. */
static void test_electrical_rooms(void **state)
{
	(void)state;
	struct scenario sc;
	struct run_result r;
	week(NULL, 0, &sc, &r);
	assert_true(sc.has_room && r.n_zones == 2);
	const struct zone_record *room = &r.zones[1];
	assert_rel(room->heat_mwh, r.kpis.distribution_loss_mwh, 1e-9);
	assert_true(room->cooling_mwh[COOL_TOTAL] > 0 && room->heat_deficit_mwh == 0);
	assert_rel(r.kpis.cooling_mwh[COOL_TOTAL],
		   r.zones[0].cooling_mwh[COOL_TOTAL] + room->cooling_mwh[COOL_TOTAL], 1e-9);
	double all_indoor = r.kpis.pue;
	run_result_fini(&r);
	scenario_fini(&sc);

	const char *out[] = { "power.chain.levels[0].outdoors=true" };
	week(out, 1, &sc, &r);
	assert_string_equal(r.chain_levels[0].name, "transformer");
	assert_rel(r.zones[1].heat_mwh, r.kpis.distribution_loss_mwh - r.chain_levels[0].loss_mwh,
		   1e-9);
	assert_true(r.kpis.pue < all_indoor);
	run_result_fini(&r);
	scenario_fini(&sc);

	const char *fixed[] = { "cooling={\"technology\":\"fixed_pue\"}" };
	week(fixed, 1, &sc, &r);
	assert_true(!sc.has_room && r.n_zones == 1);
	run_result_fini(&r);
	scenario_fini(&sc);

	struct diag d;
	const char *imm[] = { "power.chain.room_cooling={\"technology\":\"immersion\"}" };
	assert_int_equal(load_text(hall_json, imm, 1, &sc, &d), -1);
	assert_true(diag_has(&d, "power.chain.room_cooling.technology", "\"fixed_pue\", \"air\"", NULL));
	diag_fini(&d);
	const char *outdoors[] = {
		"power.chain.levels[0].outdoors=true", "power.chain.levels[1].outdoors=true",
		"power.chain.levels[2].outdoors=true",
		"power.chain.room_cooling={\"technology\":\"air\"}" };
	assert_int_equal(load_text(hall_json, outdoors, 4, &sc, &d), -1);
	assert_true(diag_has(&d, "power.chain.room_cooling", "every level is outdoors", NULL));
	diag_fini(&d);
}

/* A chiller-limited plant in constant hot weather throttles its GPUs so
 * the heat never exceeds its capacity, and the slowdown reaches the jobs. */
static void test_capacity_throttle(void **state)
{
	(void)state;
	const char *sets[] = {
		"cooling={\"technology\":\"air\",\"air\":{\"chiller\":{\"capacity_kw\":1050}}}",
		"weather={\"model\":\"constant\",\"dry_bulb_c\":35,\"relative_humidity\":0.5}",
		"duration_h=720", "output={\"timeseries\":true,\"jobs\":false}",
	};
	struct scenario sc;
	struct run_result r;
	run_ok(hall_json, sets, 4, &sc, &r);
	struct outdoor o;
	weather_at(&sc.weather.series, 0, &o);
	double cap_kw = cooling_capacity_w(&sc.zones[0].spec, &o) / 1000.0;
	print_message("  capacity %.1f kW, IT peak %.1f kW, thermal GPU-h %.0f, deficit %.3g MWh\n",
		      cap_kw, r.kpis.it_peak_kw, r.kpis.gpu_thermal_throttled_hours,
		      r.kpis.heat_deficit_mwh);
	assert_true(r.kpis.gpu_thermal_throttled_hours > 0);
	assert_true(r.kpis.thermal_throttle_hours > 0);
	assert_true(r.kpis.it_peak_kw <= cap_kw * (1 + 1e-9));
	/* the plant keeps up: at most rounding is left over */
	assert_true(r.kpis.heat_deficit_mwh <= 1e-9 * r.kpis.it_energy_mwh);
	for (size_t i = 0; i < r.n_ts; i++)
		assert_true(r.ts[i].it_kw <= cap_kw * (1 + 1e-9));
	run_result_fini(&r);
	scenario_fini(&sc);
	/* the same plant with its chillers sized for the site: no throttling */
	const char *sized[] = { "cooling={\"technology\":\"air\"}", sets[1], sets[2] };
	run_ok(hall_json, sized, 3, &sc, &r);
	assert_true(r.kpis.gpu_thermal_throttled_hours == 0);
	run_result_fini(&r);
	scenario_fini(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_psychrometrics), cmocka_unit_test(test_epw_files),
		cmocka_unit_test(test_bad_weather),    cmocka_unit_test(test_chiller),
		cmocka_unit_test(test_fan_cube_law),   cmocka_unit_test(test_heat_balance),
		cmocka_unit_test(test_pue_ranges),     cmocka_unit_test(test_climates),
		cmocka_unit_test(test_density_limit),  cmocka_unit_test(test_capacity_throttle),
		cmocka_unit_test(test_electrical_rooms), cmocka_unit_test(test_climate_order),
		cmocka_unit_test(test_condenser_reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
