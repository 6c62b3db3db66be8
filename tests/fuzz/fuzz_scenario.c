/*
 * fuzz_scenario.c - libFuzzer harness of the scenario loader.
 *
 * Each input is a scenario's JSON text, loaded as if it sat in
 * scenarios/ (so "traces/philly_runtime.csv" and the sites resolve).
 * Loads go through scenario_load_cached with one series_cache warmed at
 * start-up by loading every shipped scenario: a year of weather is parsed
 * once per process, not once per input (about 30 inputs/s without the
 * cache). Oracle: no crash, no sanitizer report, and a scenario that
 * loads prints as resolved JSON whose "scenario" loads again.
 */
#include <dirent.h>

#include <cjson/cJSON.h>

#include "diag.h"
#include "fuzz_util.h"
#include "scenario.h"
#include "scenario_int.h"
#include "series_cache.h"

static struct series_cache *cache; /* the harness's, for the process */

static int load(const char *text, struct scenario *sc, struct diag *d)
{
	return scenario_load_cached(text, "fuzz.json", FUZZ_SCENARIOS, FUZZ_SCENARIOS, cache,
				    NULL, 0, sc, d);
}

static void warm(const char *path)
{
	char *text, *dir;
	struct diag d;
	diag_init(&d);
	if (scenario_read_file(path, &text, &dir, &d) == 0) {
		struct scenario sc;
		if (load(text, &sc, &d) == 0)
			scenario_fini(&sc);
		free(text);
		free(dir);
	}
	diag_fini(&d);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	cache = series_cache_new();
	if (!cache)
		abort();
	DIR *dir = opendir(FUZZ_SCENARIOS);
	struct dirent *e;
	while (dir && (e = readdir(dir))) {
		size_t n = strlen(e->d_name);
		if (n > 5 && strcmp(e->d_name + n - 5, ".json") == 0) {
			char path[1024];
			snprintf(path, sizeof path, "%s/%s", FUZZ_SCENARIOS, e->d_name);
			warm(path);
		}
	}
	if (dir)
		closedir(dir);
	return 0;
}

/* The "scenario" object of what resolved.json would hold, as text. */
static char *resolved_scenario(const struct scenario *sc)
{
	char *all = scenario_to_json(sc);
	cJSON *root = all ? cJSON_Parse(all) : NULL;
	cJSON *s = cJSON_GetObjectItemCaseSensitive(root, "scenario");
	char *text = s ? cJSON_PrintUnformatted(s) : NULL;
	cJSON_Delete(root);
	free(all);
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size, 256 * 1024);
	if (!text)
		return 0;
	struct scenario sc;
	struct diag d;
	diag_init(&d);
	if (load(text, &sc, &d) == 0) {
		char *json = resolved_scenario(&sc);
		struct scenario again;
		struct diag d2;
		diag_init(&d2);
		if (json && load(json, &again, &d2) != 0) {
			fprintf(stderr, "resolved JSON does not load again:\n%s\n", json);
			diag_print(&d2, stderr);
			abort();
		}
		if (json)
			scenario_fini(&again);
		diag_fini(&d2);
		free(json);
		scenario_fini(&sc);
	} else {
		scenario_fini(&sc);
	}
	fuzz_report(&d);
	diag_fini(&d);
	free(text);
	return 0;
}
