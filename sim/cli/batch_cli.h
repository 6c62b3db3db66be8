/*
 * batch_cli.h - the options `dcsim sweep` and `dcsim plan` share, and
 * their --format json output (composition root).
 */
#ifndef DCSIM_BATCH_CLI_H
#define DCSIM_BATCH_CLI_H

#include <stddef.h>

#include "diag.h"
#include "sweep_output.h"

struct batch_cli {
	const char *file, *out_dir;
	int threads, resume, quiet, no_report, json;
	const char **sets;      /* --set, argv's strings */
	size_t n_sets;
};

/* Parse cmd's arguments (after the command): its one file (named `what`
 * in messages: "SWEEP.json", "sweep"), -j, -o, --resume, --quiet,
 * --no-report, --format text|json and --set. 0, or the exit status of a
 * usage error (its message printed); c->sets is then still to be freed. */
int batch_cli_parse(const char *cmd, const char *what, int argc, char **argv,
		    struct batch_cli *c);

/* --format json: dir's summary.csv rows as a JSON array on stdout; the
 * lead columns and the KPIs as numbers, text KPIs as strings, the swept
 * values as numbers when they are numbers. 0, or -1 with a message. */
int batch_cli_print_json(const char *dir, const struct sweep_columns *cols, struct diag *d);

#endif
