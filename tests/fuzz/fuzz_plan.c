/*
 * fuzz_plan.c - libFuzzer harness of the plan loader.
 *
 * As fuzz_sweep.c: each input is a plan file's text in a scratch folder
 * (TMP/tests/data) that links every shipped scenario and test file, so a
 * "base" resolves. A plan that loads has the scenarios of both ends of
 * its range loaded (borrowing from one series_cache warmed on the shipped
 * plans), its grid's values read and its resolved text printed. Oracle:
 * no crash and no sanitizer report.
 */
#include "diag.h"
#include "fuzz_scratch.h"
#include "scenario.h"
#include "series_cache.h"
#include "plan_spec.h"

static struct series_cache *cache; /* the harness's, for the process */

static void load_point(const struct plan_spec *p, size_t k, int emit)
{
	struct scenario sc;
	struct diag d;
	diag_init(&d);
	if (sweep_spec_load_run(&p->sw, k * p->sw.replications, cache, &sc, &d) == 0) {
		if (emit) {
			char *base = scenario_to_json(&sc);
			char *text = base ? plan_spec_to_json(p, base) : NULL;
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
	struct plan_spec p;
	struct diag d;
	diag_init(&d);
	if (plan_spec_load_file(path, FUZZ_SCENARIOS, &p, &d) == 0) {
		volatile double last = plan_spec_value(&p, p.n_grid - 1);
		(void)last;
		load_point(&p, 0, 1);
		load_point(&p, p.n_grid - 1, 0);
		plan_spec_fini(&p);
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
		"how_many_gb200_racks_fit_a_40mw_connection_in_ashburn_plan.json",
		"report_plan.json" };
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
	load_path(fuzz_write("tests/data/fuzz_plan.json", data, size));
	return 0;
}
