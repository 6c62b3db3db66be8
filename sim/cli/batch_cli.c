/*
 * batch_cli.c - the options `dcsim sweep` and `dcsim plan` share, and
 * their --format json output.
 */
#include "batch_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kpi_json.h"

/* An option that takes a value, given last without one. */
static int needs_value(const char *a)
{
	static const char *const with_value[] = { "-j", "--threads", "-o", "--output",
						  "--format", "--set" };
	for (size_t i = 0; i < sizeof with_value / sizeof with_value[0]; i++)
		if (!strcmp(a, with_value[i]))
			return 1;
	return 0;
}

int batch_cli_parse(const char *cmd, const char *what, int argc, char **argv,
		    struct batch_cli *c)
{
	memset(c, 0, sizeof *c);
	c->out_dir = "results";
	c->sets = calloc((size_t)argc + 1, sizeof *c->sets);
	if (!c->sets)
		return EXIT_RUNTIME;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--set") && next) {
			c->sets[c->n_sets++] = argv[++i];
		} else if (!strncmp(a, "--set=", 6)) {
			c->sets[c->n_sets++] = a + 6;
		} else if ((!strcmp(a, "-j") || !strcmp(a, "--threads")) && next) {
			char *end;
			long n = strtol(argv[++i], &end, 10);
			if (*end || n < 1 || n > 4096)
				return cli_usage_error(cmd, "-j needs a thread count from 1 to 4096, got '%s'", argv[i]);
			c->threads = (int)n;
		} else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && next) {
			c->out_dir = argv[++i];
			if (cli_check_out_dir(cmd, c->out_dir) != 0)
				return EXIT_USAGE;
		} else if (!strcmp(a, "--resume")) {
			c->resume = 1;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			c->quiet = 1;
		} else if (!strcmp(a, "--no-report")) {
			c->no_report = 1;
		} else if (!strcmp(a, "--format") && next) {
			const char *v = argv[++i];
			if (strcmp(v, "json") && strcmp(v, "text"))
				return cli_usage_error(cmd, "--format is text or json, got '%s'", v);
			c->json = !strcmp(v, "json");
		} else if (a[0] == '-' && a[1]) {
			if (!next && needs_value(a))
				return cli_usage_error(cmd, "option '%s' needs a value", a);
			return cli_usage_error(cmd, "unknown option '%s'", a);
		} else if (!c->file) {
			c->file = a;
		} else {
			return cli_usage_error(cmd, "unexpected argument '%s' (one %s file only)", a,
					       cmd);
		}
	}
	if (!c->file)
		return cli_usage_error(cmd, "missing %s", what);
	return 0;
}

int batch_cli_print_json(const char *dir, const struct sweep_columns *cols, struct diag *d)
{
	enum kpi_json_kind *kinds = malloc(cols->n * sizeof *kinds);
	if (!kinds) {
		diag_oom(d, "%s: out of memory", dir);
		return -1;
	}
	for (size_t i = 0; i < cols->n; i++)
		kinds[i] = i < 4 ? KPI_JSON_NUMBER
			   : i < 4 + cols->n_axes ? KPI_JSON_GUESS
			   : cols->kpi[i] ? KPI_JSON_NUMBER
					  : KPI_JSON_TEXT;
	int rc = kpi_json_csv(stdout, dir, "summary.csv", kinds, cols->n, d);
	free(kinds);
	return rc;
}
