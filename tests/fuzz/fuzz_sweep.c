/*
 * fuzz_sweep.c - libFuzzer harness of the sweep loader.
 *
 * Each input is a sweep file's text, written into a scratch folder
 * (TMP/tests/data) that holds links to every shipped scenario, test
 * scenario and benchmark base, so "base": "sweep_base.json" resolves, and
 * TMP/scenarios links the data folder, as tests/data's own paths expect. A sweep that loads then
 * has its first and last runs' scenarios loaded (borrowing from one
 * series_cache warmed on the shipped sweeps) and its resolved text
 * printed. Oracle: no crash and no sanitizer report.
 */
#include "diag.h"
#include "fuzz_scratch.h"
#include "scenario.h"
#include "series_cache.h"
#include "sweep_spec.h"

static struct series_cache *cache; /* the harness's, for the process */

static void load_run(const struct sweep_spec *sw, size_t r, int emit)
{
	struct scenario sc;
	struct diag d;
	diag_init(&d);
	if (sweep_spec_load_run(sw, r, cache, &sc, &d) == 0) {
		if (emit) {
			char *base = scenario_to_json(&sc);
			char *text = base ? sweep_spec_to_json(sw, base) : NULL;
			free(text);
			free(base);
		}
		scenario_fini(&sc);
	}
	fuzz_report(&d);
	diag_fini(&d);
}

static void load_path(const char *path)
{
	struct sweep_spec sw;
	struct diag d;
	diag_init(&d);
	if (sweep_spec_load_file(path, FUZZ_SCENARIOS, &sw, &d) == 0) {
		load_run(&sw, 0, 1);
		if (sw.n_runs > 1)
			load_run(&sw, sw.n_runs - 1, 0);
		sweep_spec_fini(&sw);
	}
	fuzz_report(&d);
	diag_fini(&d);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	cache = series_cache_new();
	if (!cache)
		abort();
	fuzz_scratch_init();
	static const char *const warm[] = {
		"which_liquid_supply_temperature_suits_which_load_sweep.json", "sweep.json",
		"sweep_files.json" };
	for (size_t i = 0; i < sizeof warm / sizeof warm[0]; i++) {
		char path[1024];
		load_path(fuzz_scratch_path(path, sizeof path, warm[i]));
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 256 * 1024)
		return 0;
	load_path(fuzz_write("tests/data/fuzz_sweep.json", data, size));
	return 0;
}
