/*
 * main.c - the dcsim command line: run, validate, catalog (and, through
 * main_sweep.c, sweep).
 *
 * The application layer: with main_sweep.c, the only files in sim/ that
 * include models/ and output/ (the engine files never do;
 * tests/check_layers.sh enforces it).
 * Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "diag.h"
#include "cli.h"
#include "kpi_json.h"
#include "report.h"
#include "scenario_doc.h"
#include "run_output.h"
#include "scenario.h"
#include "sweep_pool.h"
#include "plan_spec.h"
#include "sweep_spec.h"
#include "world.h"

#ifndef DCSIM_VERSION
#define DCSIM_VERSION "0.1.0"
#endif
#ifndef DCSIM_DATADIR
#define DCSIM_DATADIR "scenarios"
#endif


static const char main_help[] =
	"usage: dcsim COMMAND [OPTIONS]\n"
	"\n"
	"A discrete-event simulator of datacenter capacity, power and queueing.\n"
	"\n"
	"commands:\n"
	"  run [SCENARIO.json]    simulate a scenario (the built-in default without one)\n"
	"  validate FILE.json     check a scenario, a sweep or a plan and summarise it,\n"
	"                         or list every error\n"
	"  sweep SWEEP.json       run a sweep's points and replications in parallel\n"
	"  plan PLAN.json         find the largest (smallest, best) value of one field\n"
	"                         that meets limits on the KPIs\n"
	"  catalog                list the built-in hardware, cooling and sites with sources\n"
	"  reference              print every scenario key (type, default, range, doc) as\n"
	"                         Markdown: docs/scenario.md\n"
	"  report DIR             write DIR/report.html (KPIs, charts) of a run, a sweep or\n"
	"                         a plan\n"
	"  plot DIR [--pdf]       draw PNG (or PDF) plots of a run or a sweep with gnuplot\n"
	"\n"
	"  dcsim --help | COMMAND --help | --version\n"
	"\n"
	"exit status: 0 success, 1 runtime failure, 2 bad usage or bad input\n";

static const char run_help[] =
	"usage: dcsim run [SCENARIO.json | -] [-o DIR] [--seed N] [--set PATH=VALUE]...\n"
	"                 [--quiet] [--no-report] [--format text|json]\n"
	"       dcsim run SWEEP.json --point P [--replication R] [-o DIR] ...\n"
	"\n"
	"Simulate one scenario and write summary.csv, timeseries.csv, jobs.csv,\n"
	"queue.csv (waits by class and size), racks.csv, cooling.csv,\n"
	"power_dist.csv (per-GPU and per-node power histograms), chain.csv (with\n"
	"a power.chain), failures.csv (with failures), monthly.csv (with a\n"
	"calendar), inference.csv (with workload.services; requests.csv too with\n"
	"output.requests), resolved.json and report.html (dcsim report) into DIR.\n"
	"Without SCENARIO.json, runs the built-in default (1,024 air-cooled\n"
	"H100 GPUs in Ashburn from 1 July behind a transformer, a 2N UPS and PDUs,\n"
	"30 measured days). SCENARIO.json - reads the scenario from standard input\n"
	"(messages name it <stdin>; its relative paths resolve against the current\n"
	"directory).\n"
	"\n"
	"  -o, --output DIR     results directory (default: results)\n"
	"  --seed N             master seed (overrides the scenario's \"seed\")\n"
	"  --set PATH=VALUE     override a scenario field by its JSON path, e.g.\n"
	"                       --set cluster.racks=40\n"
	"                       --set workload.classes[0].utilization=0.9\n"
	"                       VALUE is JSON (number, true, [..]) or else a string;\n"
	"                       it is validated exactly like the file\n"
	"  -q, --quiet          print nothing on success\n"
	"  --no-report          do not write report.html (which needs gnuplot)\n"
	"  --format json        print the KPIs to stdout as one JSON object (summary.csv's\n"
	"                       columns and values) instead of the text report\n"
	"  --point P            with a sweep file: run point P of the sweep alone, its\n"
	"                       replication R (--replication, default 0): the same\n"
	"                       scenario, seeds and files as the sweep's run P x\n"
	"                       replications + R (kept or not); no --set or --seed\n"
	"  -h, --help           this text\n"
	"\n"
	"Warnings (no job classes; an offered load above the installed GPUs) go to\n"
	"stderr and into the report. A run whose queue passes limits.max_queued_jobs\n"
	"(default 1e7) stops with exit 1, naming the class and its offered load.\n"
	"\n"
	"Relative trace paths in a scenario resolve against the scenario's folder;\n"
	"those of the built-in default against DCSIM_DATA_DIR (default " DCSIM_DATADIR ").\n";

static const char validate_help[] =
	"usage: dcsim validate SCENARIO.json | - [--set PATH=VALUE]...\n"
	"       dcsim validate SWEEP.json\n"
	"       dcsim validate PLAN.json\n"
	"\n"
	"Check a scenario without running it. Exit 0 and print a one-screen summary\n"
	"of the resolved scenario, or exit 2 and print every error found, each with\n"
	"its file and JSON path (or line:column for JSON syntax). Warnings (no job\n"
	"classes; an offered load above the installed GPUs) go to stderr. - reads\n"
	"the scenario from standard input (messages name it <stdin>).\n"
	"\n"
	"A sweep file (a JSON object with \"axes\") is checked whole: its own rules,\n"
	"then every point's scenario; it prints the number of points and runs, or\n"
	"each invalid point with its values and the rule it breaks. A plan file (a\n"
	"JSON object with \"variable\") is checked with its base scenario at both\n"
	"ends of the variable's range and its KPI names against summary.csv's.\n";

static const char catalog_help[] =
	"usage: dcsim catalog\n"
	"\n"
	"List the built-in presets with their figures and the source of each:\n"
	"accelerators, nodes, rack devices (switches, CPU and storage servers), the\n"
	"default power and throughput curves, the efficiency curves of the\n"
	"distribution chain, the cooling technologies' defaults and the built-in\n"
	"weather sites. A scenario names a preset (\"node\": \"hgx_h100\")\n"
	"and may override any of its fields.\n";

struct cli {
	const char *scenario;
	char *stdin_text;       /* the scenario read from stdin (scenario "-") */
	const char *out_dir;
	const char **sets;
	size_t n_sets;
	int quiet, no_report, json;
	int has_point, has_rep;  /* --point P, --replication R: a sweep's run */
	size_t point, rep;
	char seed_set[64];
};

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "dcsim %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'dcsim %s --help'.\n", cmd);
	return EXIT_USAGE;
}

int cli_input_status(const struct diag *d)
{
	return diag_is_oom(d) ? EXIT_RUNTIME : EXIT_USAGE;
}

int cli_check_out_dir(const char *cmd, const char *dir)
{
	if (!dir[0])
		return cli_usage_error(cmd, "%s", "-o needs a directory name, got ''");
	return 0;
}

int cli_prepare_out_dir(const char *dir, struct diag *d)
{
	if (atomic_file_mkdirs(dir, d) != 0)
		return -1;
	/* root ignores permissions, so ask the file system itself: a
	 * read-only mount or a full /proc says no only to a real create */
	char *probe = atomic_file_path(dir, ".dcsim_probe", ".tmp");
	if (!probe) {
		diag_oom(d, "%s: out of memory", dir);
		return -1;
	}
	FILE *f = fopen(probe, "wb");
	if (!f) {
		diag_add(d, "%s: cannot write into it: %s", dir, strerror(errno));
		free(probe);
		return -1;
	}
	fclose(f);
	unlink(probe);
	free(probe);
	return 0;
}

static int parse_seed(struct cli *c, const char *v)
{
	char *end;
	errno = 0;
	unsigned long long s = strtoull(v, &end, 10);
	if (!v[0] || *end || errno || v[0] == '-' || s > 9007199254740992ULL)
		return -1;
	snprintf(c->seed_set, sizeof c->seed_set, "seed=%llu", s);
	c->sets[c->n_sets++] = c->seed_set;
	return 0;
}

static int parse_index(const char *v, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(v, &end, 10);
	if (!v[0] || *end || errno || v[0] == '-' || n > SWEEP_MAX_RUNS)
		return -1;
	*out = (size_t)n;
	return 0;
}

/* Parse the options of run/validate; 0, or an exit status. */
static int parse_args(const char *cmd, int argc, char **argv, struct cli *c, int allow_run)
{
	memset(c, 0, sizeof *c);
	c->out_dir = "results";
	c->sets = calloc((size_t)argc + 1, sizeof *c->sets);
	if (!c->sets)
		return EXIT_RUNTIME;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--set") == 0 && next) {
			c->sets[c->n_sets++] = argv[++i];
		} else if (strncmp(a, "--set=", 6) == 0) {
			c->sets[c->n_sets++] = a + 6;
		} else if (allow_run && (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && next) {
			c->out_dir = argv[++i];
			if (cli_check_out_dir(cmd, c->out_dir) != 0)
				return EXIT_USAGE;
		} else if (allow_run && strcmp(a, "--seed") == 0 && next) {
			if (parse_seed(c, argv[++i]) != 0)
				return cli_usage_error(cmd, "--seed needs a whole number in [0, 2^53], got '%s'",
						   argv[i]);
		} else if (allow_run && (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)) {
			c->quiet = 1;
		} else if (allow_run && strcmp(a, "--no-report") == 0) {
			c->no_report = 1;
		} else if (allow_run && strcmp(a, "--format") == 0 && next) {
			const char *v = argv[++i];
			if (strcmp(v, "json") && strcmp(v, "text"))
				return cli_usage_error(cmd, "--format is text or json, got '%s'", v);
			c->json = !strcmp(v, "json");
		} else if (allow_run && (!strcmp(a, "--point") || !strcmp(a, "--replication")) &&
			   next) {
			int is_point = !strcmp(a, "--point");
			if (parse_index(argv[++i], is_point ? &c->point : &c->rep) != 0)
				return cli_usage_error(cmd, "%s needs an index (0, 1, ...), got '%s'", a,
						   argv[i]);
			*(is_point ? &c->has_point : &c->has_rep) = 1;
		} else if (a[0] == '-' && a[1]) {
			if (!next && (!strcmp(a, "--set") || !strcmp(a, "-o") ||
				      !strcmp(a, "--output") || !strcmp(a, "--seed") ||
				      !strcmp(a, "--format") || !strcmp(a, "--point") ||
				      !strcmp(a, "--replication")))
				return cli_usage_error(cmd, "option '%s' needs a value", a);
			return cli_usage_error(cmd, "unknown option '%s'", a);
		} else if (!c->scenario) {
			c->scenario = a; /* "-" (a[1] == 0 above): stdin */
		} else {
			return cli_usage_error(cmd, "unexpected argument '%s' (one scenario file only)", a);
		}
	}
	return 0;
}

static int has_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return 1;
	return 0;
}

const char *cli_data_dir(void)
{
	const char *dir = getenv("DCSIM_DATA_DIR");
	return dir && dir[0] ? dir : DCSIM_DATADIR;
}

static int is_stdin(const struct cli *c)
{
	return c->scenario && !strcmp(c->scenario, SCENARIO_STDIN_PATH);
}

/* Scenario "-": read stdin once, before anything looks at it; a sweep
 * cannot come that way (its base and files resolve against its folder).
 * 0, or an exit status with its message printed. */
static int read_stdin_scenario(const char *cmd, struct cli *c)
{
	if (!is_stdin(c))
		return 0;
	struct diag d;
	diag_init(&d);
	int rc = 0;
	if (scenario_read_stdin(&c->stdin_text, &d) != 0) {
		diag_print(&d, stderr);
		rc = cli_input_status(&d);
	} else if (scenario_text_is_sweep(c->stdin_text)) {
		fprintf(stderr, "dcsim %s: %s: a sweep must be a named file (its base and data "
				"files resolve against its folder): give its path, not -\n",
			cmd, SCENARIO_STDIN_SOURCE);
		rc = EXIT_USAGE;
	}
	diag_fini(&d);
	return rc;
}

static int load(const struct cli *c, struct scenario *sc, struct diag *d)
{
	const char *data = cli_data_dir();
	if (c->stdin_text)
		return scenario_load(c->stdin_text, SCENARIO_STDIN_SOURCE, ".", data, c->sets,
				     c->n_sets, sc, d);
	if (c->scenario)
		return scenario_load_file(c->scenario, data, c->sets, c->n_sets, sc, d);
	return scenario_load(scenario_default_json, SCENARIO_DEFAULT_SOURCE, data, data, c->sets,
			     c->n_sets, sc, d);
}

/* The scenario's warnings on stderr: valid input, almost surely not meant. */
static void print_warnings(const struct scenario *sc)
{
	struct diag w;
	diag_init(&w);
	scenario_warnings(sc, &w);
	for (size_t i = 0; i < w.count; i++)
		fprintf(stderr, "warning: %s\n", w.msgs[i]);
	diag_fini(&w);
}

static int warn_and_run(const struct scenario *sc, struct run_result *res, struct diag *d)
{
	print_warnings(sc);
	return world_run(sc, res, d);
}

/* A sweep's run r = P x replications + R, loaded exactly as the sweep
 * loads it (sweep_spec_load_run): same values, seed, replication, files. */
static int load_sweep_run(const struct cli *c, struct scenario *sc, struct diag *d)
{
	if (!c->has_point)
		return cli_usage_error("run", "%s is a sweep: give --point P (and --replication R) "
				       "to run one of its runs, or use dcsim sweep", c->scenario);
	if (c->n_sets)
		return cli_usage_error("run", "%s", "--set and --seed do not apply to a sweep's "
				       "run: it would no longer be the sweep's");
	struct sweep_spec sw;
	if (sweep_spec_load_file(c->scenario, cli_data_dir(), &sw, d) != 0)
		return cli_input_status(d);
	int rc = 0;
	size_t r = c->point * sw.replications + c->rep;
	if (c->point >= sw.n_points) {
		diag_add(d, "%s: --point %zu: the sweep has points 0 to %zu", c->scenario, c->point,
			 sw.n_points - 1);
		rc = EXIT_USAGE;
	} else if (c->rep >= sw.replications) {
		diag_add(d, "%s: --replication %zu: the sweep has replications 0 to %zu",
			 c->scenario, c->rep, sw.replications - 1);
		rc = EXIT_USAGE;
	} else if (sweep_spec_load_run(&sw, r, NULL, sc, d) != 0) {
		rc = cli_input_status(d);
	} else if (!c->quiet && !c->json) {
		printf("sweep %s: run %zu (point %zu, replication %zu)\n", sw.name, r, c->point,
		       c->rep);
	}
	sweep_spec_fini(&sw);
	return rc;
}

/* The scenario of dcsim run: a file, stdin, the built-in default, or a
 * sweep's run. 0, or an exit status (messages in d, or printed). */
static int load_for_run(const struct cli *c, struct scenario *sc, struct diag *d)
{
	memset(sc, 0, sizeof *sc);
	if (!is_stdin(c) && c->scenario && sweep_spec_is_sweep(c->scenario))
		return load_sweep_run(c, sc, d);
	if (c->has_point || c->has_rep)
		return cli_usage_error("run", "--point and --replication pick a run of a sweep "
				       "file; %s is a scenario",
				       c->scenario ? c->scenario : "the built-in default");
	return load(c, sc, d) != 0 ? cli_input_status(d) : 0;
}

static int cmd_run(int argc, char **argv)
{
	if (has_help(argc, argv)) {
		fputs(run_help, stdout);
		return 0;
	}
	struct cli c;
	struct scenario sc;
	struct run_result res;
	struct diag d;
	int rc = parse_args("run", argc, argv, &c, 1);
	if (rc == 0)
		rc = read_stdin_scenario("run", &c);
	if (rc != 0) {
		free(c.sets);
		free(c.stdin_text);
		return rc;
	}
	diag_init(&d);
	struct stat st;
	int existed = stat(c.out_dir, &st) == 0;
	if ((rc = load_for_run(&c, &sc, &d)) != 0) {
		diag_print(&d, stderr);
	} else if (cli_prepare_out_dir(c.out_dir, &d) != 0) {
		/* before the run: a bad -o is bad usage, found at once, not after
		 * an hour's simulation */
		diag_print(&d, stderr);
		rc = cli_input_status(&d);
	} else if (warn_and_run(&sc, &res, &d) != 0) {
		diag_print(&d, stderr);
		rc = EXIT_RUNTIME;
		if (!existed)
			rmdir(c.out_dir); /* made for this run, still empty: no trace left */
	} else {
		if (run_output_write(c.out_dir, &sc, &res, &d) != 0) {
			diag_print(&d, stderr);
			rc = EXIT_RUNTIME;
		} else {
			if (c.json) {
				struct summary_row row;
				run_output_summary_row(&sc, &res, &row);
				kpi_json_row(stdout, &row);
			} else if (!c.quiet) {
				report_print_kpis(stdout, &sc, &res, c.out_dir);
			}
			/* stdout holds the JSON alone */
			if (!c.no_report)
				rc = cli_report(c.out_dir, c.quiet || c.json, 0);
		}
		run_result_fini(&res);
	}
	scenario_fini(&sc);
	diag_fini(&d);
	free(c.sets);
	free(c.stdin_text);
	return rc;
}

static int cmd_validate(int argc, char **argv)
{
	if (has_help(argc, argv)) {
		fputs(validate_help, stdout);
		return 0;
	}
	struct cli c;
	struct scenario sc;
	struct diag d;
	int rc = parse_args("validate", argc, argv, &c, 0);
	if (rc == 0 && !c.scenario)
		rc = cli_usage_error("validate", "%s", "missing SCENARIO.json");
	if (rc == 0)
		rc = read_stdin_scenario("validate", &c);
	if (rc == 0 && !is_stdin(&c) && plan_spec_is_plan(c.scenario)) {
		if (c.n_sets > 0)
			rc = cli_usage_error("validate", "%s", "--set applies to scenarios, not plans");
		else
			rc = plan_validate(c.scenario);
		free(c.sets);
		return rc;
	}
	if (rc == 0 && !is_stdin(&c) && sweep_spec_is_sweep(c.scenario)) {
		if (c.n_sets > 0)
			rc = cli_usage_error("validate", "%s", "--set applies to scenarios, not sweeps");
		else
			rc = sweep_validate(c.scenario);
		free(c.sets);
		return rc;
	}
	if (rc != 0) {
		free(c.sets);
		free(c.stdin_text);
		return rc;
	}
	diag_init(&d);
	if (load(&c, &sc, &d) != 0) {
		diag_print(&d, stderr);
		fprintf(stderr, "%zu error%s\n", d.count, d.count == 1 ? "" : "s");
		rc = cli_input_status(&d);
	} else {
		report_print_scenario(stdout, &sc);
		print_warnings(&sc);
		scenario_fini(&sc);
	}
	diag_fini(&d);
	free(c.sets);
	free(c.stdin_text);
	return rc;
}

static const char reference_help[] =
	"usage: dcsim reference\n"
	"\n"
	"Print the scenario reference, every key of every section with its type,\n"
	"unit, default, range and one-line doc, as Markdown. It is generated from the\n"
	"loader's descriptor tables, so it is always what this binary reads;\n"
	"docs/scenario.md is its output (make docs).\n";

static int cmd_reference(int argc, char **argv)
{
	if (has_help(argc, argv)) {
		fputs(reference_help, stdout);
		return 0;
	}
	if (argc > 0)
		return cli_usage_error("reference", "unexpected argument '%s'", argv[0]);
	scenario_doc_write(stdout);
	return 0;
}

static int cmd_catalog(int argc, char **argv)
{
	if (has_help(argc, argv)) {
		fputs(catalog_help, stdout);
		return 0;
	}
	if (argc > 0)
		return cli_usage_error("catalog", "unexpected argument '%s'", argv[0]);
	report_print_catalog(stdout);
	return 0;
}

/* A full disk or a closed pipe on stdout (dcsim catalog >/dev/full) is a
 * runtime failure with a message, not a silent exit 0. */
static int flush_stdout(int rc)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	fprintf(stderr, "dcsim: cannot write to standard output: %s\n", strerror(errno));
	return rc == 0 ? EXIT_RUNTIME : rc;
}

static int dispatch(int argc, char **argv)
{
	if (argc < 2) {
		fputs(main_help, stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		fputs(main_help, stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version")) {
		printf("dcsim %s\n", DCSIM_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "run"))
		return cmd_run(argc - 2, argv + 2);
	if (!strcmp(cmd, "validate"))
		return cmd_validate(argc - 2, argv + 2);
	if (!strcmp(cmd, "catalog"))
		return cmd_catalog(argc - 2, argv + 2);
	if (!strcmp(cmd, "reference"))
		return cmd_reference(argc - 2, argv + 2);
	if (!strcmp(cmd, "report"))
		return cli_report_command(argc - 2, argv + 2);
	if (!strcmp(cmd, "plot"))
		return cli_plot(argc - 2, argv + 2);
	if (!strcmp(cmd, "sweep")) {
		if (has_help(argc - 2, argv + 2)) {
			fputs(sweep_help, stdout);
			return 0;
		}
		if (sweep_pool_init(&argc, &argv) != 0) {
			fprintf(stderr, "dcsim sweep: MPI would not start\n");
			return EXIT_RUNTIME;
		}
		int rc = sweep_command(argc - 2, argv + 2);
		sweep_pool_finalize();
		return rc;
	}
	if (!strcmp(cmd, "plan")) {
		if (has_help(argc - 2, argv + 2)) {
			fputs(plan_help, stdout);
			return 0;
		}
		if (sweep_pool_init(&argc, &argv) != 0) {
			fprintf(stderr, "dcsim plan: MPI would not start\n");
			return EXIT_RUNTIME;
		}
		int rc = plan_command(argc - 2, argv + 2);
		sweep_pool_finalize();
		return rc;
	}
	fprintf(stderr, "dcsim: unknown command '%s'\n\n%s", cmd, main_help);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	return flush_stdout(dispatch(argc, argv));
}
