/*
 * test_series_cache.c - scenarios loaded with one series cache borrow the
 * same parsed weather, grid and trace arrays, hold the same numbers as a
 * scenario that read its files itself, and run to the same results; the
 * key tells apart parses that differ (a CSV's pressure); a bad file is
 * reported on every load and never stored; loads from many threads parse
 * each file once.
 */
#include <stdlib.h>
#include <unistd.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "run_output.h"
#include "series_cache.h"
#include "test_util.h"

/* Chicago's TMY3 year, PJM's carbon series and the Philly runtimes: one
 * file of each kind the cache holds. */
static const char files_json[] =
	"{ \"name\": \"cached\", \"duration_h\": 72, \"sample_interval_min\": 60,"
	"  \"cluster\": { \"racks\": 4, \"nodes_per_rack\": 2, \"node\": \"hgx_h100\" },"
	"  \"cooling\": { \"technology\": \"direct_to_chip\" },"
	"  \"weather\": { \"site\": \"chicago\", \"start_day_of_year\": 190 },"
	"  \"grid\": { \"carbon\": \"pjm\" },"
	"  \"workload\": { \"classes\": [ { \"name\": \"p\", \"arrival\": { \"rate_per_h\": 4 },"
	"    \"gpus\": 8, \"duration\": { \"distribution\": \"empirical\","
	"      \"file\": \"scenarios/traces/philly_runtime.csv\", \"column\": \"runtime\","
	"      \"unit\": \"s\" },"
	"    \"utilization\": 0.7 } ] } }";

static int load_cached(const char *json, struct series_cache *c, const char *const *sets,
		       size_t n, struct scenario *sc, struct diag *d)
{
	diag_init(d);
	return scenario_load_cached(json, "test.json", DCSIM_SOURCE_DIR,
				    DCSIM_SOURCE_DIR "/scenarios", c, sets, n, sc, d);
}

static void load_ok(const char *json, struct series_cache *c, const char *const *sets, size_t n,
		    struct scenario *sc)
{
	struct diag d;
	int rc = c ? load_cached(json, c, sets, n, sc, &d) : load_text(json, sets, n, sc, &d);
	if (rc != 0)
		diag_print(&d, stderr);
	assert_int_equal(rc, 0);
	diag_fini(&d);
}

static void assert_same_doubles(const double *a, const double *b, size_t n)
{
	assert_non_null(a);
	assert_non_null(b);
	assert_memory_equal(a, b, n * sizeof *a);
}

static void test_borrowed_series_match_and_run_alike(void **state)
{
	(void)state;
	struct series_cache *c = series_cache_new();
	assert_non_null(c);
	struct scenario a, b, own;
	load_ok(files_json, c, NULL, 0, &a);
	load_ok(files_json, c, NULL, 0, &b);
	load_ok(files_json, NULL, NULL, 0, &own);
	assert_int_equal(series_cache_count(c), 3); /* weather, carbon, durations */

	const struct weather *wa = &a.weather.series, *wb = &b.weather.series;
	const struct weather *wo = &own.weather.series;
	assert_true(wa->shared && wb->shared && !wo->shared);
	assert_ptr_equal(wa->dry_c, wb->dry_c);
	assert_ptr_not_equal(wa->dry_c, wo->dry_c);
	assert_int_equal(wa->n_hours, 8760);
	assert_int_equal(wa->n_hours, wo->n_hours);
	assert_same_doubles(wa->dry_c, wo->dry_c, wo->n_hours);
	assert_same_doubles(wa->wet_c, wo->wet_c, wo->n_hours);
	assert_same_doubles(wa->dew_c, wo->dew_c, wo->n_hours);
	assert_true(wa->utc_offset_h == wo->utc_offset_h);

	const struct grid_signal *ga = &a.grid.carbon, *gb = &b.grid.carbon, *go = &own.grid.carbon;
	assert_true(ga->shared && !go->shared);
	assert_ptr_equal(ga->values, gb->values);
	assert_int_equal(ga->n, go->n);
	assert_int_equal(ga->first_hour, go->first_hour);
	assert_int_equal(ga->filled, go->filled);
	assert_same_doubles(ga->values, go->values, go->n);

	const struct duration_spec *da = &a.classes[0].duration, *db = &b.classes[0].duration;
	const struct duration_spec *dw = &own.classes[0].duration;
	assert_true(da->samples_shared && !dw->samples_shared);
	assert_ptr_equal(da->samples_h, db->samples_h);
	assert_int_equal(da->n_samples, dw->n_samples);
	assert_true(da->mean_h == dw->mean_h);
	assert_same_doubles(da->samples_h, dw->samples_h, dw->n_samples);

	/* what the cache is for: the same run, field for field */
	struct run_result ra, ro;
	struct diag d;
	diag_init(&d);
	assert_int_equal(world_run(&a, &ra, &d), 0);
	assert_int_equal(world_run(&own, &ro, &d), 0);
	diag_fini(&d);
	struct summary_row *xa = malloc(sizeof *xa), *xo = malloc(sizeof *xo);
	assert_non_null(xa);
	assert_non_null(xo);
	run_output_summary_row(&a, &ra, xa);
	run_output_summary_row(&own, &ro, xo);
	assert_int_equal(xa->n, xo->n);
	assert_true(ra.kpis.jobs_completed > 0);
	for (size_t i = 0; i < xa->n; i++) {
		const struct summary_field *fa = &xa->f[i], *fo = &xo->f[i];
		assert_string_equal(fa->name, fo->name);
		if (fa->kind == SUMMARY_STR)
			assert_string_equal(fa->s, fo->s);
		else if (!(isnan(fa->v) && isnan(fo->v)))
			assert_memory_equal(&fa->v, &fo->v, sizeof fa->v);
		assert_true(fa->u == fo->u);
	}
	free(xa);
	free(xo);
	run_result_fini(&ra);
	run_result_fini(&ro);
	scenario_fini(&a);
	scenario_fini(&b);
	scenario_fini(&own);
	series_cache_free(c); /* after every scenario that borrowed from it */
}

static const char csv_json_fmt[] =
	"{ \"duration_h\": 24, \"cluster\": { \"racks\": 1, \"nodes_per_rack\": 1,"
	"  \"node\": \"hgx_h100\" }, \"cooling\": { \"technology\": \"direct_to_chip\" },"
	"  \"weather\": { \"file\": \"%s\" },"
	"  \"workload\": { \"classes\": [ { \"name\": \"b\", \"arrival\": { \"rate_per_h\": 1 },"
	"    \"gpus\": 8, \"duration\": { \"distribution\": \"exponential\", \"mean_h\": 2 },"
	"    \"utilization\": 0.5 } ] } }";

static void test_key_tells_apart_csv_pressures(void **state)
{
	(void)state;
	char dir[] = "/tmp/dcsim_test_cache_XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[128], json[2048];
	snprintf(path, sizeof path, "%s/site.csv", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("time,dry_bulb_c,relative_humidity_pct\n", f);
	for (int h = 0; h < 48; h++)
		fprintf(f, "h%d,%d,%d\n", h, 20 + h % 10, 40 + h % 30);
	fclose(f);
	snprintf(json, sizeof json, csv_json_fmt, path);

	struct series_cache *c = series_cache_new();
	assert_non_null(c);
	const char *high[] = { "weather.elevation_m=2000" };
	struct scenario sea, sea2, mountain;
	load_ok(json, c, NULL, 0, &sea);
	load_ok(json, c, NULL, 0, &sea2);
	load_ok(json, c, high, 1, &mountain);
	assert_int_equal(series_cache_count(c), 2);
	assert_ptr_equal(sea.weather.series.wet_c, sea2.weather.series.wet_c);
	/* thinner air: the same humidity is a lower wet bulb */
	assert_true(mountain.weather.series.wet_c[0] < sea.weather.series.wet_c[0]);
	assert_true(mountain.weather.series.dry_c[0] == sea.weather.series.dry_c[0]);
	scenario_fini(&sea);
	scenario_fini(&sea2);
	scenario_fini(&mountain);
	series_cache_free(c);
	unlink(path);
	rmdir(dir);
}

static void test_bad_file_reported_every_time(void **state)
{
	(void)state;
	char json[2048];
	snprintf(json, sizeof json, csv_json_fmt, "/nonexistent/site.csv");
	struct series_cache *c = series_cache_new();
	assert_non_null(c);
	for (int i = 0; i < 2; i++) {
		struct scenario sc;
		struct diag d;
		assert_int_equal(load_cached(json, c, NULL, 0, &sc, &d), -1);
		assert_true(diag_has(&d, "/nonexistent/site.csv", "cannot open", NULL));
		assert_true(diag_has(&d, "weather", "could not be read", NULL));
		diag_fini(&d);
		scenario_fini(&sc);
		assert_int_equal(series_cache_count(c), 0);
	}
	series_cache_free(c);
}

static void test_threads_parse_each_file_once(void **state)
{
	(void)state;
	enum { N = 12 };
	struct series_cache *c = series_cache_new();
	assert_non_null(c);
	struct scenario sc[N];
	int rc[N];
#ifdef _OPENMP
#pragma omp parallel for num_threads(4) schedule(static, 1)
#endif
	for (int i = 0; i < N; i++) {
		struct diag d;
		rc[i] = load_cached(files_json, c, NULL, 0, &sc[i], &d);
		diag_fini(&d);
	}
	assert_int_equal(series_cache_count(c), 3);
	for (int i = 0; i < N; i++) {
		assert_int_equal(rc[i], 0);
		assert_ptr_equal(sc[i].weather.series.dry_c, sc[0].weather.series.dry_c);
		assert_ptr_equal(sc[i].grid.carbon.values, sc[0].grid.carbon.values);
		assert_ptr_equal(sc[i].classes[0].duration.samples_h,
				 sc[0].classes[0].duration.samples_h);
	}
	for (int i = 0; i < N; i++)
		scenario_fini(&sc[i]);
	series_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_borrowed_series_match_and_run_alike),
		cmocka_unit_test(test_key_tells_apart_csv_pressures),
		cmocka_unit_test(test_bad_file_reported_every_time),
		cmocka_unit_test(test_threads_parse_each_file_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
