/*
 * main_report.c - dcsim report DIR (report.html) and dcsim plot DIR (PNG
 * or PDF plots from the gnuplot scripts), and the report at the end of
 * run and sweep.
 *
 * The plot scripts are found beside the data directory the binary was
 * built for (cli_data_dir): DATADIR/../plots when installed
 * (PREFIX/share/dcsim/plots, where make install copies them), or
 * DATADIR/../output/plots in the source tree; DCSIM_PLOTS_DIR overrides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "report_html.h"
#include "report_svg.h"

const char report_help[] =
	"usage: dcsim report DIR\n"
	"\n"
	"Write DIR/report.html from the results in DIR (a run's, a sweep's or a\n"
	"plan's; a sweep's kept runs get theirs too): one self-contained page with\n"
	"the KPIs and inline SVG charts, which opens offline and prints. run, sweep\n"
	"and plan write it at their end unless --no-report. Needs gnuplot on PATH\n"
	"(exit 1 without). No results in DIR, or a results file not as dcsim\n"
	"writes it, is exit 2 with the file and line.\n";

const char plot_help[] =
	"usage: dcsim plot DIR [--pdf]\n"
	"\n"
	"Draw PNG plots (PDF with --pdf) of the results in DIR with gnuplot: for a\n"
	"run power, grid, queue and cooling, and failures and inference when the\n"
	"run has them; for a sweep the main KPIs against the\n"
	"first swept parameter, and the plots of each kept run. The scripts are in\n"
	"share/dcsim/plots under the install prefix (DCSIM_PLOTS_DIR overrides).\n";

int cli_report(const char *dir, int quiet, int input)
{
	struct diag d;
	diag_init(&d);
	int w = report_html_write(dir, &d);
	/* bad results are the user's input to dcsim report; after a run or a
	 * sweep they would be dcsim's own bug, so a failure there is runtime */
	int rc = w == 0 ? 0 : w == REPORT_BAD_RESULTS && input ? EXIT_USAGE : EXIT_RUNTIME;
	if (rc != 0)
		diag_print(&d, stderr);
	else if (!quiet)
		printf("  report in %s/report.html\n", dir);
	diag_fini(&d);
	return rc;
}

static int has_file(const char *dir, const char *name)
{
	char path[8800];
	struct stat st;
	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
		return 0;
	return stat(path, &st) == 0;
}

static const char *plots_dir(char *buf, size_t size)
{
	const char *env = getenv("DCSIM_PLOTS_DIR");
	if (env && env[0])
		return env;
	static const char *const tails[] = { "/../plots", "/../output/plots" };
	for (size_t i = 0; i < 2; i++) {
		snprintf(buf, size, "%s%s", cli_data_dir(), tails[i]);
		if (has_file(buf, "power.gp"))
			return buf;
	}
	return NULL;
}

/* gnuplot -e "dir='DIR'; fmt='png'" SCRIPT; 0 when it succeeded. */
static int run_script(const char *scripts, const char *script, const char *dir, int pdf)
{
	char path[8800], expr[8800];
	snprintf(path, sizeof path, "%s/%s", scripts, script);
	snprintf(expr, sizeof expr, "dir='%s'; fmt='%s'", dir, pdf ? "pdf" : "png");
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execlp("gnuplot", "gnuplot", "-e", expr, path, (char *)NULL);
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "dcsim plot: gnuplot failed on %s for %s\n", path, dir);
		return -1;
	}
	char out[8800];
	snprintf(out, sizeof out, "%.*s.%s", (int)(strlen(script) - 3), script, pdf ? "pdf" : "png");
	if (has_file(dir, out)) /* grid.gp draws nothing without a capacity */
		printf("  %s/%s\n", dir, out);
	return 0;
}

/* The run's plots: failures.png with failures.csv, inference.png with
 * inference.csv, grid.png only with the time series it reads. */
static int plot_run(const char *scripts, const char *dir, int pdf)
{
	static const struct {
		const char *script, *needs;
	} run_scripts[] = {
		{ "power.gp", NULL },
		{ "grid.gp", "timeseries.csv" },
		{ "queue.gp", NULL },
		{ "cooling.gp", NULL },
		{ "failures.gp", "failures.csv" },
		{ "inference.gp", "inference.csv" },
	};
	for (size_t i = 0; i < sizeof run_scripts / sizeof run_scripts[0]; i++) {
		if (run_scripts[i].needs && !has_file(dir, run_scripts[i].needs))
			continue;
		if (run_script(scripts, run_scripts[i].script, dir, pdf) != 0)
			return -1;
	}
	return 0;
}

int cli_plot(int argc, char **argv)
{
	const char *dir = NULL;
	int pdf = 0;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(plot_help, stdout);
			return 0;
		} else if (!strcmp(argv[i], "--pdf")) {
			pdf = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error("plot", "unknown option '%s'", argv[i]);
		} else if (!dir) {
			dir = argv[i];
		} else {
			return cli_usage_error("plot", "unexpected argument '%s' (one directory only)",
					       argv[i]);
		}
	}
	if (!dir)
		return cli_usage_error("plot", "%s", "missing DIR");
	if (strchr(dir, '\'') || strchr(dir, '"'))
		return cli_usage_error("plot", "%s", "DIR may not contain quotes");
	if (!report_svg_on_path("gnuplot")) {
		fprintf(stderr, "dcsim plot: gnuplot not found on PATH (Debian: apt-get install "
				"gnuplot-nox)\n");
		return EXIT_RUNTIME;
	}
	char buf[4096];
	const char *scripts = plots_dir(buf, sizeof buf);
	if (!scripts) {
		fprintf(stderr, "dcsim plot: no plot scripts beside %s (set DCSIM_PLOTS_DIR)\n",
			cli_data_dir());
		return EXIT_RUNTIME;
	}
	if (has_file(dir, "points.csv")) {
		if (run_script(scripts, "sweep.gp", dir, pdf) != 0)
			return EXIT_RUNTIME;
		for (int i = 0; i < 4096; i++) {
			char run[4200];
			snprintf(run, sizeof run, "%s/runs/run_%d", dir, i);
			if (has_file(run, "timeseries.csv") && plot_run(scripts, run, pdf) != 0)
				return EXIT_RUNTIME;
		}
		return 0;
	}
	if (!has_file(dir, "timeseries.csv")) {
		fprintf(stderr, "dcsim plot: %s: no timeseries.csv (a run) or points.csv (a sweep)\n",
			dir);
		return EXIT_RUNTIME;
	}
	return plot_run(scripts, dir, pdf) == 0 ? 0 : EXIT_RUNTIME;
}

int cli_report_command(int argc, char **argv)
{
	const char *dir = NULL;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(report_help, stdout);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error("report", "unknown option '%s'", argv[i]);
		} else if (!dir) {
			dir = argv[i];
		} else {
			return cli_usage_error("report", "unexpected argument '%s' (one directory only)",
					       argv[i]);
		}
	}
	if (!dir)
		return cli_usage_error("report", "%s", "missing DIR");
	return cli_report(dir, 0, 1);
}
