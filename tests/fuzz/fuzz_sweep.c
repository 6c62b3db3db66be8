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
#include <dirent.h>
#include <sys/stat.h>

#include "diag.h"
#include "fuzz_util.h"
#include "scenario.h"
#include "series_cache.h"
#include "sweep_spec.h"

static struct series_cache *cache; /* the harness's, for the process */
static char work[128];             /* TMP/tests/data */

static void link_all(const char *from)
{
	DIR *dir = opendir(from);
	struct dirent *e;
	while (dir && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		char src[1024], dst[1024];
		snprintf(src, sizeof src, "%s/%s", from, e->d_name);
		snprintf(dst, sizeof dst, "%s/%s", work, e->d_name);
		if (symlink(src, dst) != 0) { /* a name met twice: the first stays */
		}
	}
	if (dir)
		closedir(dir);
}

/* At exit, before fuzz_util.h's clean-up: the links and folders above. */
static void unlink_all(void)
{
	DIR *dir = opendir(work);
	struct dirent *e;
	char p[1024];
	while (dir && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", work, e->d_name);
		unlink(p);
	}
	if (dir)
		closedir(dir);
	rmdir(work);
	snprintf(p, sizeof p, "%s/tests", fuzz_tmpdir());
	rmdir(p);
	snprintf(p, sizeof p, "%s/scenarios", fuzz_tmpdir());
	unlink(p);
}

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
	char p[160];
	snprintf(p, sizeof p, "%s/scenarios", fuzz_tmpdir());
	snprintf(work, sizeof work, "%s/tests", fuzz_tmpdir());
	if (symlink(FUZZ_SCENARIOS, p) != 0 || mkdir(work, 0700) != 0)
		abort();
	snprintf(work, sizeof work, "%s/tests/data", fuzz_tmpdir());
	if (mkdir(work, 0700) != 0)
		abort();
	atexit(unlink_all);
	link_all(FUZZ_SCENARIOS);
	link_all(FUZZ_SOURCE_DIR "/tests/data");
	link_all(FUZZ_SOURCE_DIR "/bench");
	static const char *const warm[] = {
		"which_liquid_supply_temperature_suits_which_load_sweep.json", "sweep.json",
		"sweep_files.json" };
	for (size_t i = 0; i < sizeof warm / sizeof warm[0]; i++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", work, warm[i]);
		load_path(path);
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
