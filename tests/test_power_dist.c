/*
 * test_power_dist.c - per-job GPU power distributions (gpu_power_dist):
 * the discretization into K equal-probability levels against hand
 * values and exact means, the fleet's time-weighted power distribution
 * against the discretized one, the drawn levels' mean, the levels under a
 * binding grid cap, determinism and the levels' own stream, and the
 * loader's errors.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>

#include "cooling.h"
#include "power_levels.h"
#include "weather.h"
#include "test_util.h"
#include "world.h"

/* K = 2 of a lognormal: the halves below and above the median, whose
 * conditional means are 2 m e^(s^2/2) Phi(-s) and 2 m e^(s^2/2) Phi(s)
 * (the partial expectation of a lognormal). Their mean is the
 * lognormal's, and at K = 20 too (the bins' masses telescope). */
static void test_levels_lognormal(void **state)
{
	(void)state;
	double lv[20];
	const double m = 400, s = 0.5, mean = m * exp(s * s / 2);
	power_levels_lognormal(m, s, 2, 0, 1e9, lv);
	assert_rel(lv[0], 2 * mean * gsl_cdf_ugaussian_P(-s), 1e-12);
	assert_rel(lv[1], 2 * mean * gsl_cdf_ugaussian_P(s), 1e-12);
	/* K = 4 at median 300 W, sigma 0.2: the four conditional means as
	 * Python's statistics.NormalDist computes them, an implementation of
	 * Phi and its inverse independent of GSL's */
	const double py[4] = { 233.73930822216195, 281.34846165800656, 320.36487767945454,
			       388.78896047248395 };
	power_levels_lognormal(300, 0.2, 4, 0, 1e9, lv);
	for (int i = 0; i < 4; i++)
		assert_rel(lv[i], py[i], 1e-9);
	power_levels_lognormal(m, s, 20, 0, 1e9, lv);
	assert_rel(power_levels_mean(lv, 20), mean, 1e-12);
	for (int i = 1; i < 20; i++)
		assert_true(lv[i] > lv[i - 1]);
	/* the middle two bins hold the median between them */
	assert_true(lv[9] < m && lv[10] > m);
	/* clipped to the board's limits: the top levels at TDP */
	power_levels_lognormal(m, 1.0, 20, 70, 700, lv);
	assert_rel(lv[19], 700, 0);
	assert_true(lv[0] >= 70);
	/* sigma 0: every level the median */
	power_levels_lognormal(m, 0, 4, 70, 700, lv);
	assert_rel(lv[3], m, 0);
	/* (mean, cv) and back: cv^2 = e^(s^2) - 1 */
	double med, sg;
	power_levels_from_mean_cv(mean, sqrt(expm1(s * s)), &med, &sg);
	assert_rel(med, m, 1e-12);
	assert_rel(sg, s, 1e-12);
}

/* The sample 100, 200, 300 in two bins of 1.5 values: (100 + 200/2) /
 * 1.5 and (200/2 + 300) / 1.5; in four bins of 0.75 each: 100, (25 +
 * 100) / 0.75, (100 + 75) / 0.75, 300. The means are the sample's. */
static void test_levels_empirical(void **state)
{
	(void)state;
	const double x[] = { 100, 200, 300 };
	double lv[4];
	power_levels_empirical(x, 3, 2, 0, 1e9, lv);
	assert_rel(lv[0], 200.0 / 1.5, 1e-12);
	assert_rel(lv[1], 400.0 / 1.5, 1e-12);
	power_levels_empirical(x, 3, 4, 0, 1e9, lv);
	assert_rel(lv[0], 100, 1e-12);
	assert_rel(lv[1], (0.25 * 100 + 0.5 * 200) / 0.75, 1e-12);
	assert_rel(lv[2], (0.5 * 200 + 0.25 * 300) / 0.75, 1e-12);
	assert_rel(lv[3], 300, 1e-12);
	assert_rel(power_levels_mean(lv, 4), 200, 1e-12);
	power_levels_empirical(x, 3, 1, 0, 1e9, lv);
	assert_rel(lv[0], 200, 1e-12);
}

#define FLEET_GPUS 4096

/* FLEET_GPUS one-GPU jobs at t = 0, each longer than the 2 h run, on
 * 64 racks of 8 HGX H100 nodes, with power (the class's power keys). */
static char *fleet_json(const char *power, int gpus, const char *extra)
{
	size_t n = 4096 + (size_t)gpus * 2 + strlen(power) + strlen(extra);
	char *times = malloc((size_t)gpus * 2 + 1), *json = malloc(n);
	assert_non_null(times);
	assert_non_null(json);
	for (int i = 0; i < gpus; i++) {
		times[2 * i] = '0';
		times[2 * i + 1] = i + 1 < gpus ? ',' : '\0';
	}
	snprintf(json, n,
		 "{ \"name\": \"fleet\", \"duration_h\": 2, \"sample_interval_min\": 60,"
		 "  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.2 },"
		 "  \"cluster\": { \"racks\": %d, \"nodes_per_rack\": 8, \"node\": \"hgx_h100\" },"
		 "  \"limits\": { \"max_queued_jobs\": 100000 }, %s"
		 "  \"workload\": { \"classes\": ["
		 "    { \"name\": \"a\", \"arrival\": { \"process\": \"list\", \"times_h\": [%s] },"
		 "      \"gpus\": 1, \"duration\": { \"distribution\": \"constant\", \"value_h\": 10 },"
		 "      %s } ] } }",
		 gpus / 64, extra, times, power);
	free(times);
	return json;
}

/* The GPU's mean draw over the run, W, of each job (all ran 0 to 2 h). */
static double job_w(const struct run_result *r, size_t i)
{
	return r->jobs[i].energy_kwh * 1000 / 2.0;
}

/*
 * Every GPU runs one job for the whole window, so the fleet's
 * time-weighted per-GPU distribution is the drawn levels'. With K = 7
 * levels the reported quantiles p10, p25, p50, p75, p90, p99 fall inside
 * bins 0, 1, 3, 5, 6, 6 (edges at multiples of 1/7, at least 0.036 away),
 * which 4096 draws (a share's standard error 0.008) keep: each fleet
 * quantile is that level of the discretized distribution, to the
 * histogram's 0.1 W. The drawn levels' mean is the distribution's
 * within 4 standard errors, and the GPU energy is their sum exactly.
 */
static void test_fleet_quantiles(void **state)
{
	(void)state;
	char *json = fleet_json("\"gpu_power_dist\": { \"distribution\": \"lognormal\","
				" \"median_w\": 380, \"sigma\": 0.35, \"levels\": 7 }",
				FLEET_GPUS, "");
	struct scenario sc;
	struct run_result r;
	run_ok(json, NULL, 0, &sc, &r);
	const struct power_dist_spec *d = &sc.classes[0].power_dist;
	assert_int_equal(d->n_levels, 7);
	const struct run_kpis *k = &r.kpis;
	const double got[] = { k->gpu_power_p10_w, k->gpu_power_p25_w, k->gpu_power_p50_w,
			       k->gpu_power_p75_w, k->gpu_power_p90_w, k->gpu_power_p99_w };
	const int bin[] = { 0, 1, 3, 5, 6, 6 };
	for (int i = 0; i < 6; i++)
		if (!(fabs(got[i] - d->level_w[bin[i]]) <= 0.1))
			fail_msg("quantile %d: %.4f W, level %d is %.4f W", i, got[i], bin[i],
				 d->level_w[bin[i]]);
	assert_true(fabs(k->gpu_power_max_w - d->level_w[6]) <= 1e-9);
	assert_int_equal(r.n_jobs, FLEET_GPUS);
	double sum = 0, sum2 = 0;
	for (size_t i = 0; i < r.n_jobs; i++) {
		double w = job_w(&r, i);
		int found = 0;
		for (int l = 0; l < 7; l++)
			found |= fabs(w - d->level_w[l]) <= 1e-9 * w;
		assert_true(found);
		sum += w;
		sum2 += w * w;
	}
	double mean = sum / FLEET_GPUS, sd = sqrt(sum2 / FLEET_GPUS - mean * mean);
	if (!(fabs(mean - d->mean_w) <= 4 * sd / sqrt(FLEET_GPUS)))
		fail_msg("drawn mean %.3f W, distribution %.3f W (4 SE %.3f)", mean, d->mean_w,
			 4 * sd / sqrt(FLEET_GPUS));
	assert_rel(k->it_gpu_energy_mwh, sum * 2 / 1e6, 1e-9);
	run_result_fini(&r);
	scenario_fini(&sc);
	free(json);
}

/* The same seed draws the same levels; another replication others; and
 * the levels' stream leaves the class's other streams alone: the jobs
 * start as they do with a fixed gpu_power_w (no cap, so power does not
 * move a start). */
static void test_determinism(void **state)
{
	(void)state;
	const char *power = "\"gpu_power_dist\": { \"distribution\": \"lognormal\","
			    " \"mean_w\": 420, \"cv\": 0.3 }";
	char *json = fleet_json(power, 512, "");
	struct run_result a, b, c, f;
	run_rep(json, 0, &a);
	run_rep(json, 0, &b);
	run_rep(json, 1, &c);
	char *fixed = fleet_json("\"gpu_power_w\": 420", 512, "");
	run_rep(fixed, 0, &f);
	int same = 1, other = 0;
	for (size_t i = 0; i < a.n_jobs; i++) {
		same &= a.jobs[i].energy_kwh == b.jobs[i].energy_kwh;
		other += a.jobs[i].energy_kwh != c.jobs[i].energy_kwh;
		assert_rel(a.jobs[i].start_s, f.jobs[i].start_s, 0);
		assert_rel(a.jobs[i].submit_s, f.jobs[i].submit_s, 0);
	}
	assert_true(same);
	assert_true(other > 100); /* 20 levels: most of 512 jobs draw another */
	assert_rel(a.kpis.gpu_power_p50_w, b.kpis.gpu_power_p50_w, 0);
	run_result_fini(&a);
	run_result_fini(&b);
	run_result_fini(&c);
	run_result_fini(&f);
	free(json);
	free(fixed);
}

/*
 * Under a binding grid cap (throttle), the cap solve holds every group
 * at min(its level, c) for one per-GPU cap c: the jobs of levels below c
 * draw their level, the others c, and some of each.
 */
static void test_levels_under_cap(void **state)
{
	(void)state;
	const char *power = "\"gpu_power_dist\": { \"distribution\": \"lognormal\","
			    " \"median_w\": 380, \"sigma\": 0.35, \"levels\": 8 }";
	char *free_json = fleet_json(power, 256, "");
	struct scenario sc;
	struct run_result r;
	run_ok(free_json, NULL, 0, &sc, &r);
	double peak_mw = r.kpis.facility_peak_kw / 1000;
	run_result_fini(&r);
	scenario_fini(&sc);
	char grid[160];
	snprintf(grid, sizeof grid,
		 "\"grid\": { \"capacity_mw\": %.9f, \"policy\": \"throttle\" },", 0.93 * peak_mw);
	char *json = fleet_json(power, 256, grid);
	run_ok(json, NULL, 0, &sc, &r);
	const struct power_dist_spec *d = &sc.classes[0].power_dist;
	double c = 0;
	for (size_t i = 0; i < r.n_jobs; i++)
		c = fmax(c, job_w(&r, i));
	int below = 0, held = 0;
	for (size_t i = 0; i < r.n_jobs; i++) {
		double w = job_w(&r, i);
		if (fabs(w - c) <= 1e-9 * c) {
			held++;
			continue;
		}
		int found = 0;
		for (int l = 0; l < d->n_levels; l++)
			found |= fabs(w - d->level_w[l]) <= 1e-9 * w && d->level_w[l] < c;
		assert_true(found);
		below++;
	}
	assert_true(c < d->level_w[d->n_levels - 1]);
	assert_true(below > 0 && held > 0);
	assert_true(r.kpis.facility_peak_kw <= 0.93 * peak_mw * 1000 * (1 + 1e-9));
	run_result_fini(&r);
	scenario_fini(&sc);
	free(json);
	free(free_json);
}

/*
 * Thermal caps on the groups: an air plant whose chillers carry 160 kW in
 * constant 35 C weather under 24 HGX H100 nodes busy with jobs of 20
 * power levels, and a 175 kW grid capacity under the throttle policy
 * besides, so the cap's solve evaluates jobs held by a zone's thermal cap
 * (both bind: about 6,400 GPU-hours held by the plant, 5,900 by the
 * grid). The run's own checks hold (every settled draw equals admission's
 * prediction to 1e-9, conservation); the IT never exceeds what the plant
 * can remove, and the grid never exceeds its capacity.
 */
static void test_levels_under_thermal_cap(void **state)
{
	(void)state;
	const char json[] =
		"{ \"name\": \"hot\", \"duration_h\": 48, \"sample_interval_min\": 60,"
		"  \"cooling\": { \"technology\": \"air\", \"air\": { \"chiller\": {"
		"    \"capacity_kw\": 160 } } },"
		"  \"weather\": { \"model\": \"constant\", \"dry_bulb_c\": 35,"
		"    \"relative_humidity\": 0.5 },"
		"  \"cluster\": { \"racks\": 8, \"nodes_per_rack\": 3, \"node\": \"hgx_h100\" },"
		"  \"grid\": { \"capacity_mw\": 0.175, \"policy\": \"throttle\" },"
		"  \"workload\": { \"classes\": ["
		"    { \"name\": \"a\", \"arrival\": { \"process\": \"poisson\", \"rate_per_h\": 12 },"
		"      \"gpus\": 8, \"duration\": { \"distribution\": \"exponential\", \"mean_h\": 2 },"
		"      \"gpu_power_dist\": { \"distribution\": \"lognormal\", \"median_w\": 450,"
		"        \"sigma\": 0.4 } } ] } }";
	struct scenario sc;
	struct run_result r;
	run_ok(json, NULL, 0, &sc, &r);
	struct outdoor o;
	weather_at(&sc.weather.series, 0, &o);
	double cap_kw = cooling_capacity_w(&sc.zones[0].spec, &o) / 1000.0;
	assert_true(r.kpis.gpu_thermal_throttled_hours > 0);
	assert_true(r.kpis.grid_throttled_gpu_hours > 0);
	assert_true(r.kpis.it_peak_kw <= cap_kw * (1 + 1e-9));
	assert_true(r.kpis.grid_peak_kw <= 175 * (1 + 1e-9));
	run_result_fini(&r);
	scenario_fini(&sc);
}

static char *write_csv(const char *text)
{
	char *path = strdup("/tmp/dcsim_power_XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

/* An empirical column: its levels are the sample's bins (here every
 * value a level of its own), in W or as shares of TDP. */
static void test_empirical_file(void **state)
{
	(void)state;
	char *path = write_csv("job,watts,share\n1,200,0.2\n2,300,0.3\n3,400,0.4\n4,500,0.5\n");
	char power[512];
	snprintf(power, sizeof power, "\"gpu_power_dist\": { \"distribution\": \"empirical\","
		 " \"file\": \"%s\", \"column\": \"watts\", \"levels\": 4 }", path);
	char *json = fleet_json(power, 64, "");
	struct scenario sc;
	struct diag d;
	if (load_text(json, NULL, 0, &sc, &d) != 0) {
		print_diag(&d);
		fail_msg("did not load");
	}
	diag_fini(&d);
	assert_rel(sc.classes[0].power_dist.level_w[0], 200, 1e-12);
	assert_rel(sc.classes[0].power_dist.level_w[3], 500, 1e-12);
	assert_rel(sc.classes[0].gpu_power_w, 350, 1e-12);
	scenario_fini(&sc);
	free(json);
	snprintf(power, sizeof power, "\"gpu_power_dist\": { \"distribution\": \"empirical\","
		 " \"file\": \"%s\", \"column\": \"share\", \"unit\": \"fraction\", \"levels\": 2 }",
		 path);
	json = fleet_json(power, 64, "");
	assert_int_equal(load_text(json, NULL, 0, &sc, &d), 0);
	diag_fini(&d);
	assert_rel(sc.classes[0].power_dist.level_w[0], 0.25 * 700, 1e-12);
	assert_rel(sc.classes[0].power_dist.level_w[1], 0.45 * 700, 1e-12);
	scenario_fini(&sc);
	free(json);
	unlink(path);
	free(path);
}

static void expect_error(const char *power, const char *a, const char *b)
{
	char *json = fleet_json(power, 64, "");
	struct scenario sc;
	struct diag d;
	assert_int_equal(load_text(json, NULL, 0, &sc, &d), -1);
	if (!diag_has(&d, a, b, NULL)) {
		print_diag(&d);
		fail_msg("no message with \"%s\" and \"%s\"", a, b);
	}
	diag_fini(&d);
	free(json);
}

/* A lognormal whose top level the TDP clips warns with the mean its jobs
 * draw: median 400 W, sigma 0.3 on a 700 W H100, the top 5% bin's mean
 * 747.6 W clipped, so 416.0 W against the lognormal's 418.4 W (both by
 * Python's NormalDist); one inside the limits does not warn. */
static void test_clip_warning(void **state)
{
	(void)state;
	const char *cases[] = { "\"median_w\": 400, \"sigma\": 0.3",
				"\"median_w\": 300, \"sigma\": 0.2" };
	for (int i = 0; i < 2; i++) {
		char power[256];
		snprintf(power, sizeof power, "\"gpu_power_dist\": { \"distribution\": "
			 "\"lognormal\", %s }", cases[i]);
		char *json = fleet_json(power, 64, "");
		struct scenario sc;
		struct diag d, w;
		assert_int_equal(load_text(json, NULL, 0, &sc, &d), 0);
		diag_fini(&d);
		diag_init(&w);
		scenario_warnings(&sc, &w);
		int warned = diag_has(&w, "gpu_power_dist: 1 of 20 levels clipped",
				      "draw 416.0 W on average, not the lognormal's 418.4 W", NULL);
		if (warned != (i == 0)) {
			print_diag(&w);
			fail_msg("case %d: warning %s", i, warned ? "given" : "missing");
		}
		diag_fini(&w);
		scenario_fini(&sc);
		free(json);
	}
}

static void test_bad_input(void **state)
{
	(void)state;
	const char *p = "workload.classes[0].gpu_power_dist";
	expect_error("\"gpu_power_dist\": { \"distribution\": \"lognormal\", \"median_w\": 800,"
		     " \"sigma\": 0.3 }", p, "its TDP (700 W)");
	expect_error("\"gpu_power_dist\": { \"distribution\": \"lognormal\", \"median_w\": 300,"
		     " \"sigma\": 0.3, \"cv\": 0.3 }", "gpu_power_dist.cv", "not several");
	expect_error("\"gpu_power_dist\": { \"distribution\": \"lognormal\", \"sigma\": 0.3 }",
		     "gpu_power_dist.median_w", "required");
	expect_error("\"gpu_power_dist\": { \"distribution\": \"lognormal\", \"median_w\": 300,"
		     " \"sigma\": 0.3, \"column\": \"w\" }", "gpu_power_dist.column",
		     "not used by the lognormal distribution");
	expect_error("\"gpu_power_dist\": { \"distribution\": \"lognormal\", \"median_w\": 300,"
		     " \"sigma\": 0.3, \"levels\": 65 }", "gpu_power_dist.levels", "64");
	expect_error("\"gpu_power_w\": 300, \"gpu_power_dist\": { \"distribution\": \"lognormal\","
		     " \"median_w\": 300, \"sigma\": 0.3 }", "gpu_power_dist", "not several");
	char *path = write_csv("watts\n300\n250\n900\n");
	char power[512];
	snprintf(power, sizeof power, "\"gpu_power_dist\": { \"distribution\": \"empirical\","
		 " \"file\": \"%s\", \"column\": \"watts\" }", path);
	char line[600];
	snprintf(line, sizeof line, "%s: line 4", path);
	expect_error(power, line, "between 70 and 700");
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels_lognormal),
		cmocka_unit_test(test_levels_empirical),
		cmocka_unit_test(test_fleet_quantiles),
		cmocka_unit_test(test_determinism),
		cmocka_unit_test(test_levels_under_cap),
		cmocka_unit_test(test_levels_under_thermal_cap),
		cmocka_unit_test(test_empirical_file),
		cmocka_unit_test(test_clip_warning),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
