/*
 * test_sweep.c - sweep files: expansion into points and runs, designs,
 * the statistics of the sweep's CSV, and bad sweep files.
 *
 * The runs themselves (threads, resume, MPI, byte identity) are checked
 * through the command line in tests/cli.sh.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_qrng.h>

#include "sweep_design.h"
#include "sweep_spec.h"
#include "sweep_stats.h"
#include "test_util.h"

static char dir[] = "/tmp/dcsim_test_sweep_XXXXXX";

static const char base_json[] =
	"{ \"name\": \"small\", \"duration_h\": 24, \"sample_interval_min\": 60,"
	"  \"cluster\": { \"racks\": 2, \"nodes_per_rack\": 1, \"node\": \"hgx_h100\" },"
	"  \"cooling\": { \"technology\": \"fixed_pue\", \"pue\": 1.3 },"
	"  \"workload\": { \"classes\": [ { \"name\": \"b\", \"arrival\": { \"rate_per_h\": 1 },"
	"    \"gpus\": 8, \"duration\": { \"distribution\": \"exponential\", \"mean_h\": 2 },"
	"    \"utilization\": 0.8 } ] } }";

static const char *write_file(const char *name, const char *text)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	write_file("base.json", base_json);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void load_ok(const char *text, struct sweep_spec *sw)
{
	struct diag d;
	diag_init(&d);
	const char *path = write_file("sweep.json", text);
	if (sweep_spec_load_file(path, DCSIM_SOURCE_DIR "/scenarios", sw, &d) != 0) {
		print_diag(&d);
		fail_msg("sweep did not load");
	}
	diag_fini(&d);
}

static void expect_error(const char *text, const char *a, const char *b)
{
	struct sweep_spec sw;
	struct diag d;
	diag_init(&d);
	const char *path = write_file("bad.json", text);
	assert_int_equal(sweep_spec_load_file(path, NULL, &sw, &d), -1);
	if (!diag_has(&d, a, b, NULL)) {
		print_diag(&d);
		fail_msg("no message with \"%s\" and \"%s\"", a, b);
	}
	diag_fini(&d);
}

/* 3 x 4 points, 5 replications: run r is point r / 5, replication r % 5;
 * the first axis varies slowest; a zip varies its axes together. */
static void test_cartesian_expansion(void **state)
{
	(void)state;
	struct sweep_spec sw;
	load_ok("{\"base\": \"base.json\", \"replications\": 5, \"axes\": ["
		"{\"path\": \"cluster.racks\", \"values\": [1, 2, 4]},"
		"{\"path\": \"workload.classes[0].utilization\", \"from\": 0.5, \"to\": 0.8,"
		" \"step\": 0.1}]}",
		&sw);
	assert_int_equal(sw.n_points, 12);
	assert_int_equal(sw.n_runs, 60);
	char v[64];
	static const char *const racks[] = { "1", "2", "4" };
	static const char *const util[] = { "0.5", "0.6", "0.7", "0.8" };
	for (size_t r = 0; r < sw.n_runs; r++) {
		size_t p = r / 5;
		sweep_spec_value(&sw, p, 0, v, sizeof v);
		assert_string_equal(v, racks[p / 4]);
		sweep_spec_value(&sw, p, 1, v, sizeof v);
		assert_string_equal(v, util[p % 4]);
	}
	struct scenario sc;
	struct diag d;
	diag_init(&d);
	assert_int_equal(sweep_spec_load_run(&sw, 37, NULL, &sc, &d), 0); /* point 7, replication 2 */
	assert_int_equal(sc.racks, 2);
	assert_rel(sc.classes[0].utilization, 0.8, 1e-15);
	assert_int_equal(sc.replication, 2);
	scenario_fini(&sc);
	diag_fini(&d);
	sweep_spec_fini(&sw);

	load_ok("{\"base\": \"base.json\", \"axes\": [{\"zip\": ["
		"{\"path\": \"cluster.racks\", \"values\": [1, 2, 3]},"
		"{\"path\": \"name\", \"values\": [\"a\", \"b\", \"c\"]}]},"
		"{\"path\": \"seed\", \"from\": 1, \"to\": 2, \"count\": 2}]}",
		&sw);
	assert_int_equal(sw.n_points, 6);
	sweep_spec_value(&sw, 3, 0, v, sizeof v);
	assert_string_equal(v, "2");
	sweep_spec_value(&sw, 3, 1, v, sizeof v);
	assert_string_equal(v, "\"b\"");
	sweep_spec_value(&sw, 3, 2, v, sizeof v);
	assert_string_equal(v, "2");
	sweep_spec_fini(&sw);
}

/* Sobol points are GSL's sequence scaled into the ranges. */
static void test_sobol_is_gsl_scaled(void **state)
{
	(void)state;
	struct sweep_spec sw;
	load_ok("{\"base\": \"base.json\", \"design\": {\"type\": \"sobol\", \"points\": 64},"
		" \"axes\": [{\"path\": \"workload.classes[0].utilization\", \"from\": 0.2,"
		" \"to\": 0.9}, {\"path\": \"cluster.racks\", \"from\": 1, \"to\": 8,"
		" \"integer\": true}]}",
		&sw);
	gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 2);
	for (size_t p = 0; p < 64; p++) {
		double u[2];
		gsl_qrng_get(q, u);
		char v[64];
		sweep_spec_value(&sw, p, 0, v, sizeof v);
		assert_rel(strtod(v, NULL), 0.2 + 0.7 * u[0], 1e-15);
		sweep_spec_value(&sw, p, 1, v, sizeof v);
		assert_rel(strtod(v, NULL), floor(1 + 7 * u[1] + 0.5), 0);
	}
	gsl_qrng_free(q);
	sweep_spec_fini(&sw);
}

/* Every stratum of a Latin hypercube holds exactly one point. */
static void test_lhs_strata(void **state)
{
	(void)state;
	enum { N = 50, D = 3 };
	double u[N * D];
	assert_int_equal(sweep_design_lhs(N, D, 7, u), 0);
	for (int k = 0; k < D; k++) {
		int seen[N] = { 0 };
		for (int i = 0; i < N; i++) {
			double x = u[i * D + k];
			assert_true(x >= 0 && x < 1);
			seen[(int)(x * N)]++;
		}
		for (int s = 0; s < N; s++)
			assert_int_equal(seen[s], 1);
	}
}

/* Mean, sd and the 95% t interval by hand: 2, 4, 4, 4, 5, 5, 7, 9 has mean
 * 5 and sample sd sqrt(32 / 7); t(0.975, 7) = 2.364624252. NaN is skipped. */
static void test_confidence_interval_by_hand(void **state)
{
	(void)state;
	double x[] = { 2, 4, 4, 4, NAN, 5, 5, 7, 9 };
	size_t used;
	double mean, sd, ci;
	sweep_stats_ci(x, 9, &used, &mean, &sd, &ci);
	assert_int_equal(used, 8);
	assert_rel(mean, 5.0, 1e-15);
	assert_rel(sd, sqrt(32.0 / 7.0), 1e-14);
	assert_rel(ci, 2.364624252 * sqrt(32.0 / 7.0) / sqrt(8.0), 1e-9);
	double one[] = { 3 };
	sweep_stats_ci(one, 1, &used, &mean, &sd, &ci);
	assert_rel(mean, 3.0, 0);
	assert_true(isnan(sd) && isnan(ci));
}

/* y = 10 x1 + 0.5 x2 + 0 x3 + small noise over Sobol points: x1 dominates
 * (SRC^2 = 100/100.25 of the variance for independent uniform inputs). */
static void test_sensitivity_recovers_dominant_parameter(void **state)
{
	(void)state;
	enum { N = 256, D = 3 };
	double u[N * D], src[D], r2;
	assert_int_equal(sweep_design_sobol(N, D, u), 0);
	struct sweep_src s;
	assert_int_equal(sweep_src_init(&s, D), 0);
	for (int i = 0; i < N; i++) {
		const double *x = u + i * D;
		double noise = 1e-3 * sin(12345.0 * i);
		sweep_src_add(&s, x, 1000 + 10 * x[0] + 0.5 * x[1] + noise);
	}
	sweep_src_add(&s, u, (double)NAN); /* skipped */
	assert_int_equal(sweep_src_solve(&s, src, &r2), 0);
	assert_rel(src[0] * src[0], 100.0 / 100.25, 0.01);
	assert_rel(src[1] * src[1], 0.25 / 100.25, 0.05);
	assert_true(fabs(src[2]) < 0.01);
	assert_true(r2 > 0.999);
	sweep_src_fini(&s);
	/* a constant KPI has no sensitivities */
	assert_int_equal(sweep_src_init(&s, D), 0);
	for (int i = 0; i < N; i++)
		sweep_src_add(&s, u + i * D, 42);
	assert_int_equal(sweep_src_solve(&s, src, &r2), -1);
	assert_true(isnan(src[0]) && isnan(r2));
	sweep_src_fini(&s);
}

/* Saltelli: N (k + 2) points; Morris: r (k + 1). A categorical axis cuts
 * the unit interval into equal parts, one per value, in every design. */
static void test_sampled_designs_and_categories(void **state)
{
	(void)state;
	struct sweep_spec sw;
	load_ok("{\"base\": \"base.json\", \"replications\": 2,"
		" \"design\": {\"type\": \"saltelli\", \"points\": 8},"
		" \"axes\": [{\"path\": \"cooling.pue\", \"from\": 1.1, \"to\": 1.5},"
		" {\"path\": \"name\", \"values\": [\"a\", \"b\", \"c\"]}]}",
		&sw);
	assert_int_equal(sw.n_base, 8);
	assert_int_equal(sw.n_points, 8 * 4);
	assert_int_equal(sw.n_runs, 64);
	assert_true(sw.axes[1].categorical);
	static const char *const names[] = { "\"a\"", "\"b\"", "\"c\"" };
	size_t seen[3] = { 0, 0, 0 };
	for (size_t p = 0; p < sw.n_points; p++) {
		char v[64];
		double u = sweep_spec_unit(&sw, p, 1);
		size_t want = u < 1.0 / 3 ? 0 : u < 2.0 / 3 ? 1 : 2;
		sweep_spec_value(&sw, p, 1, v, sizeof v);
		assert_string_equal(v, names[want]);
		seen[want]++;
	}
	assert_true(seen[0] && seen[1] && seen[2]);
	char *json = sweep_spec_to_json(&sw, "{}");
	assert_non_null(strstr(json, "\"base_samples\":\t8"));
	free(json);
	sweep_spec_fini(&sw);

	load_ok("{\"base\": \"base.json\", \"design\": {\"type\": \"morris\", \"points\": 5,"
		" \"seed\": 3}, \"axes\": [{\"path\": \"cooling.pue\", \"from\": 1.1, \"to\": 1.5},"
		" {\"path\": \"cluster.racks\", \"values\": [1, 2]},"
		" {\"path\": \"seed\", \"from\": 1, \"to\": 4, \"integer\": true}]}",
		&sw);
	assert_int_equal(sw.n_points, 5 * 4);
	assert_int_equal(sw.levels, SWEEP_MORRIS_LEVELS);
	for (size_t p = 0; p < sw.n_points; p++) {
		char v[64];
		sweep_spec_value(&sw, p, 1, v, sizeof v);
		assert_string_equal(v, sweep_spec_unit(&sw, p, 1) < 0.5 ? "1" : "2");
	}
	sweep_spec_fini(&sw);
}

/* Bad sweep files fail on load, before any run, naming the rule. */
static void test_bad_sweeps(void **state)
{
	(void)state;
	expect_error("{\"base\": \"base.json\", \"axes\": [{\"path\": \"cluster.racks\","
		     " \"from\": 1, \"to\": 4, \"step\": 0}]}",
		     "axes[0].step", "must not be 0");
	expect_error("{\"base\": \"base.json\", \"axes\": [{\"path\": \"cluster.racks\","
		     " \"from\": 5, \"to\": 1, \"step\": 1}]}",
		     "axes[0]", "empty range");
	expect_error("{\"base\": \"base.json\", \"axes\": []}", "axes", "non-empty array");
	expect_error("{\"base\": \"base.json\", \"axes\": [{\"path\": \"cluster.racks\","
		     " \"values\": []}]}",
		     "axes[0].values", "non-empty array");
	expect_error("{\"base\": \"base.json\", \"axes\": [{\"zip\": ["
		     "{\"path\": \"cluster.racks\", \"values\": [1, 2]},"
		     "{\"path\": \"seed\", \"values\": [1, 2, 3]}]}]}",
		     "axes[0].zip[1]", "vary together");
	expect_error("{\"base\": \"base.json\", \"design\": \"sobol\", \"axes\": [{\"path\":"
		     " \"seed\", \"from\": 1, \"to\": 2}]}",
		     "design", "needs {\"type\": \"sobol\", \"points\": N}");
	expect_error("{\"base\": \"base.json\", \"design\": {\"type\": \"lhs\", \"points\": 8},"
		     " \"axes\": [{\"path\": \"seed\", \"values\": [1, 2], \"from\": 1}]}",
		     "axes[0]", "not both");
	expect_error("{\"base\": \"base.json\", \"design\": {\"type\": \"lhs\", \"points\": 8},"
		     " \"axes\": [{\"path\": \"seed\", \"from\": 1, \"to\": 9, \"step\": 1}]}",
		     "axes[0]", "no step or count");
	expect_error("{\"base\": \"base.json\", \"design\": {\"type\": \"morris\", \"points\": 4,"
		     " \"levels\": 3}, \"axes\": [{\"path\": \"seed\", \"from\": 1, \"to\": 9}]}",
		     "design.levels", "must be even");
	expect_error("{\"base\": \"base.json\", \"design\": {\"type\": \"lhs\", \"points\": 4,"
		     " \"levels\": 4}, \"axes\": [{\"path\": \"seed\", \"from\": 1, \"to\": 9}]}",
		     "design.levels", "morris design only");
	expect_error("{\"base\": \"base.json\", \"design\": {\"type\": \"saltelli\", \"points\": 1},"
		     " \"axes\": [{\"path\": \"seed\", \"from\": 1, \"to\": 9}]}",
		     "design.points", "at least 2 base samples");
	expect_error("{\"base\": \"missing.json\", \"axes\": [{\"path\": \"seed\", \"values\":"
		     " [1]}]}",
		     "base", "cannot be read");
	expect_error("{\"base\": \"base.json\", \"axis\": []}", "axis", "did you mean");
	expect_error("{\"base\": \"base.json\", \"replications\": 0, \"axes\": [{\"path\":"
		     " \"seed\", \"values\": [1]}]}",
		     "replications", "");
	expect_error("{\"base\": \"base.json\", \"keep_runs\": [3], \"axes\": [{\"path\":"
		     " \"seed\", \"values\": [1, 2]}]}",
		     "keep_runs[0]", "from 0 to 1");
	/* a value longer than a row's buffers: refused, not cut short */
	char *long_json = malloc(SWEEP_VALUE_MAX + 200);
	assert_non_null(long_json);
	int k = snprintf(long_json, SWEEP_VALUE_MAX + 200, "{\"base\": \"base.json\", \"axes\": "
			 "[{\"path\": \"name\", \"values\": [\"short\", \"");
	memset(long_json + k, 'x', SWEEP_VALUE_MAX);
	strcpy(long_json + k + SWEEP_VALUE_MAX, "\"]}]}");
	expect_error(long_json, "axes[0].values[1]", "more than the 4000");
	free(long_json);
}

/* A path the scenario does not know, or a value it rejects, fails when the
 * point is loaded, with the scenario's own rule. */
static void test_bad_points(void **state)
{
	(void)state;
	struct sweep_spec sw;
	load_ok("{\"base\": \"base.json\", \"axes\": [{\"path\": \"cluster.rakcs\", \"values\":"
		" [1]}, {\"path\": \"cluster.racks\", \"values\": [0, 1]}]}",
		&sw);
	struct scenario sc;
	struct diag d;
	diag_init(&d);
	assert_int_equal(sweep_spec_load_run(&sw, 0, NULL, &sc, &d), -1);
	assert_true(diag_has(&d, "cluster", "rakcs", "did you mean", NULL));
	assert_true(diag_has(&d, "cluster.racks", NULL));
	diag_fini(&d);
	sweep_spec_fini(&sw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cartesian_expansion),
		cmocka_unit_test(test_sobol_is_gsl_scaled),
		cmocka_unit_test(test_lhs_strata),
		cmocka_unit_test(test_confidence_interval_by_hand),
		cmocka_unit_test(test_sensitivity_recovers_dominant_parameter),
		cmocka_unit_test(test_sampled_designs_and_categories),
		cmocka_unit_test(test_bad_sweeps),
		cmocka_unit_test(test_bad_points),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
