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
#include <dirent.h>
#include <sys/stat.h>

#include "diag.h"
#include "fuzz_util.h"
#include "scenario.h"
#include "series_cache.h"
#include "plan_spec.h"

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
		"how_many_gb200_racks_fit_a_40mw_connection_in_ashburn_plan.json",
		"report_plan.json" };
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
	load_path(fuzz_write("tests/data/fuzz_plan.json", data, size));
	return 0;
}
