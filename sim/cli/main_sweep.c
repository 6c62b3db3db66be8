/*
 * main_sweep.c - the command line's sweeps: `dcsim sweep`, and `dcsim
 * validate` of a sweep file.
 *
 * Application layer, like main.c (tests/check_layers.sh allows the two).
 * Before anything runs, every point's scenario is loaded and checked, so a
 * bad point fails the sweep with its error (exit 2) and no output. Then
 * the runs go to sweep_pool (OpenMP threads, MPI ranks); each builds its
 * own scenario and world, and only its finished row comes back, to the
 * journal (sweep_output.c). A point's scenario is loaded once and shared
 * read-only by its replications in flight; every scenario of the sweep
 * borrows its weather, grid and trace series from one series_cache, so
 * each file is parsed once per process.
 */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"
#include "diag.h"
#include "batch_cli.h"
#include "run_output.h"
#include "sim.h"
#include "sweep_output.h"
#include "sweep_pool.h"
#include "sweep_run.h"
#include "sweep_spec.h"
#include "world.h"

#ifdef _OPENMP
#include <omp.h>
#endif

const char sweep_help[] =
	"usage: dcsim sweep SWEEP.json [-j THREADS] [-o DIR] [--resume] [--quiet]\n"
	"                   [--no-report] [--format text|json] [--set PATH=VALUE ...]\n"
	"\n"
	"Run every point of a sweep file, each with its replications, in parallel,\n"
	"and write into DIR (default: results):\n"
	"  summary.csv      one row per run: run, point, replication, seed, each swept\n"
	"                   parameter, every KPI of `dcsim run`'s summary.csv\n"
	"  points.csv       per point: mean, sd and 95% confidence half-width of\n"
	"                   each KPI across the replications\n"
	"  sensitivity.csv  sampled designs: standardised regression coefficients\n"
	"                   of each KPI on each parameter and R^2; saltelli: Sobol\n"
	"                   first-order and total indices with 95% bootstrap\n"
	"                   intervals; morris: elementary effects mu*, mu, sigma\n"
	"  sweep.json       the resolved sweep and its base scenario\n"
	"  runs/run_N/      the full outputs of the runs listed in keep_runs\n"
	"  report.html      charts of each KPI against each parameter, sensitivity,\n"
	"                   the points, links to the kept runs' reports (dcsim report)\n"
	"Rows are in run order whatever the thread count or finishing order.\n"
	"\n"
	"  -j, --threads N  OpenMP threads (default: all cores, or OMP_NUM_THREADS)\n"
	"  -o, --output DIR results directory (default: results)\n"
	"  --resume         finish an interrupted sweep in DIR: runs already in its\n"
	"                   runs.partial.csv are kept, the others run\n"
	"  -q, --quiet      no progress line, no closing summary\n"
	"  --no-report      do not write report.html (which needs gnuplot)\n"
	"  --format json    print summary.csv's rows to stdout as a JSON array, one\n"
	"                   object per run (the same values), instead of the summary\n"
	"  --set PATH=VALUE override a field of the base scenario, as in dcsim run\n"
	"                   (repeatable; applied before each point's axes, so a\n"
	"                   swept path cannot be set)\n"
	"  -h, --help       this text\n"
	"\n"
	"Ctrl-C stops cleanly: finished runs stay in DIR/runs.partial.csv, the\n"
	"missing ones are listed (exit 130). Under MPI (built with make MPI=1):\n"
	"mpirun -np K dcsim sweep ... spreads the runs over the ranks; rank 0\n"
	"writes. The sweep file format: README.md, \"Sweeps\". One run alone, with\n"
	"the same bytes as the sweep's: dcsim run SWEEP.json --point P --replication R.\n";

/* A point's values in words: "cluster.racks=8, seed=..." for messages. */
static void point_words(const struct sweep_spec *sw, size_t p, char *buf, size_t n)
{
	buf[0] = '\0';
	for (size_t a = 0; a < sw->n_axes; a++) {
		char v[256];
		sweep_spec_value(sw, p, a, v, sizeof v);
		size_t used = strlen(buf);
		snprintf(buf + used, n - used, "%s%s=%s", a ? ", " : "", sw->axes[a].path, v);
	}
}


/*
 * Load every point (replication 0) and report each bad one with its
 * values; sc0 keeps point 0's scenario, *n_chain the chain levels every
 * point shares (0 when they differ). Points load in parallel on `threads`
 * (0: OpenMP's default) after point 0, which puts the files in the cache;
 * the first 20 bad points are loaded again, in order, for their messages.
 */
static int check_points(const struct sweep_spec *sw, struct series_cache *cache, int threads,
			struct scenario *sc0, size_t *n_chain, size_t *bad, struct diag *d)
{
	*bad = 0;
	*n_chain = 0;
	memset(sc0, 0, sizeof *sc0);
	unsigned char *failed = calloc(sw->n_points, 1);
	if (!failed) {
		diag_oom(d, "%s: out of memory", sw->source);
		return -1;
	}
	struct diag pd;
	diag_init(&pd);
	failed[0] = sweep_spec_load_run(sw, 0, cache, sc0, &pd) != 0;
	diag_fini(&pd);
	int chain_same = 1;
	const long n = (long)sw->n_points;
#ifdef _OPENMP
	int nt = threads > 0 ? threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 4) num_threads(nt) reduction(&& : chain_same)
#else
	(void)threads;
#endif
	for (long p = 1; p < n; p++) {
		struct scenario sc;
		struct diag qd;
		diag_init(&qd);
		if (sweep_spec_load_run(sw, (size_t)p * sw->replications, cache, &sc, &qd) != 0) {
			failed[p] = 1;
		} else {
			chain_same = chain_same && (failed[0] || sweep_same_chain(sc0, &sc));
			scenario_fini(&sc);
		}
		diag_fini(&qd);
	}
	for (size_t p = 0; p < sw->n_points; p++) {
		if (!failed[p])
			continue;
		if (++*bad > 20)
			continue;
		struct scenario sc;
		diag_init(&pd);
		char words[2048];
		point_words(sw, p, words, sizeof words);
		if (sweep_spec_load_run(sw, p * sw->replications, cache, &sc, &pd) == 0) {
			scenario_fini(&sc); /* it failed above for want of memory */
			diag_oom(d, "%s: point %zu (%s): out of memory loading it", sw->source, p,
				 words);
		}
		for (size_t i = 0; i < pd.count; i++)
			diag_add(d, "%s: point %zu (%s): %s", sw->source, p, words, pd.msgs[i]);
		diag_inherit_oom(d, &pd);
		diag_fini(&pd);
	}
	free(failed);
	if (*bad > 20)
		diag_add(d, "%s: ... and %zu more bad points", sw->source, *bad - 20);
	if (*bad) {
		scenario_fini(sc0);
		return -1;
	}
	*n_chain = chain_same ? sc0->chain.n_levels : 0;
	return 0;
}


static void on_signal(int sig)
{
	(void)sig;
	sweep_pool_stop();
}

/* The runs not done, as ranges: "3-7, 12". */
static void print_missing(const struct sweep_journal *j)
{
	size_t shown = 0;
	fprintf(stderr, "missing runs:");
	for (size_t r = 0; r < j->n_runs && shown < 40; r++) {
		if (j->done[r])
			continue;
		size_t e = r;
		while (e + 1 < j->n_runs && !j->done[e + 1])
			e++;
		if (e > r)
			fprintf(stderr, "%s %zu-%zu", shown ? "," : "", r, e);
		else
			fprintf(stderr, "%s %zu", shown ? "," : "", r);
		shown++;
		r = e;
	}
	fprintf(stderr, "%s\n", shown >= 40 ? ", ..." : "");
}

/* The resolved sweep (sweep.json's text), or NULL without memory. */
static char *sweep_json_text(const struct sweep_spec *sw, const struct scenario *sc0)
{
	char *base = scenario_to_json(sc0);
	char *text = base ? sweep_spec_to_json(sw, base) : NULL;
	free(base);
	return text;
}


int sweep_validate(const char *file)
{
	struct sweep_spec sw;
	struct diag d;
	diag_init(&d);
	int rc = 0;
	struct series_cache *cache = NULL;
	if (sweep_threads_available(sweep_thread_count(0), &d) != 0) {
		diag_print(&d, stderr);
		diag_fini(&d);
		return EXIT_RUNTIME;
	}
	if (sweep_spec_load_file(file, cli_data_dir(), &sw, &d) != 0) {
		rc = cli_input_status(&d);
	} else if (!(cache = series_cache_new())) {
		diag_oom(&d, "%s: out of memory", file);
		rc = EXIT_RUNTIME;
		sweep_spec_fini(&sw);
	} else {
		struct scenario sc0;
		size_t n_chain, bad;
		if (check_points(&sw, cache, 0, &sc0, &n_chain, &bad, &d) != 0) {
			rc = cli_input_status(&d);
		} else {
			printf("sweep %s (%s)\n", sw.name, file);
			printf("  base scenario %s (%s)\n", sc0.name, sw.base_source);
			printf("  design %s: %zu points x %zu replications = %zu runs\n",
			       sweep_spec_design_name(sw.design), sw.n_points, sw.replications,
			       sw.n_runs);
			if (sw.design == SWEEP_SOBOL)
				printf("  Sobol-sequence points scored by regression (SRCs); for Sobol "
				       "indices use the saltelli design\n");
			if (sw.design == SWEEP_SALTELLI)
				printf("  %zu base samples x (%zu axes + 2) points\n", sw.n_base, sw.n_axes);
			if (sw.design == SWEEP_MORRIS)
				printf("  %zu trajectories x (%zu axes + 1) points on %u levels\n",
				       sw.n_base, sw.n_axes, sw.levels);
			for (size_t a = 0; a < sw.n_axes; a++) {
				const struct sweep_axis *ax = &sw.axes[a];
				if (sw.design == SWEEP_CARTESIAN || ax->categorical)
					printf("  axis %-40s %zu values (%s .. %s)%s\n", ax->path,
					       ax->n_values, ax->values[0], ax->values[ax->n_values - 1],
					       ax->categorical ? " (categorical)"
					       : sw.n_groups < sw.n_axes ? " zip group" : "");
				else
					printf("  axis %-40s %g .. %g%s\n", ax->path, ax->from, ax->to,
					       ax->integer ? " (whole numbers)" : "");
			}
			printf("  every point is a valid scenario\n");
			scenario_fini(&sc0);
		}
		series_cache_free(cache);
		sweep_spec_fini(&sw);
	}
	if (rc != 0) {
		diag_print(&d, stderr);
		fprintf(stderr, "%zu error%s\n", d.count, d.count == 1 ? "" : "s");
	}
	diag_fini(&d);
	return rc;
}

/* Rank 0: what is left to do after the pool; the exit status. */
static int conclude(struct sweep_runner *ctx, const struct batch_cli *c,
		    const struct sweep_pool_stats *st, struct diag *d)
{
	const struct sweep_spec *sw = ctx->sw;
	struct sweep_journal *j = ctx->journal;
	if (ctx->write_failed) {
		diag_print(d, stderr);
		return EXIT_RUNTIME;
	}
	if (j->n_done < sw->n_runs) {
		fprintf(stderr, "dcsim sweep: %s: %zu of %zu runs done (%zu failed%s); finished "
				"runs are in %s/%s\n",
			st->interrupted ? "interrupted" : "incomplete", j->n_done, sw->n_runs,
			st->failed, st->interrupted ? ", the rest stopped or not started" : "",
			c->out_dir, SWEEP_JOURNAL);
		print_missing(j);
		fprintf(stderr, "run 'dcsim sweep %s -o %s --resume' to finish\n", c->file,
			c->out_dir);
		return st->interrupted ? EXIT_INTERRUPTED : EXIT_RUNTIME;
	}
	if (sweep_output_finish(j, ctx->cols, sw, d) != 0) {
		diag_print(d, stderr);
		return EXIT_RUNTIME;
	}
	if (c->json && batch_cli_print_json(c->out_dir, ctx->cols, d) != 0) {
		diag_print(d, stderr);
		return EXIT_RUNTIME;
	}
	if (c->json) /* stdout holds the JSON alone */
		return c->no_report ? 0 : cli_report(c->out_dir, 1, 0);
	if (!c->quiet)
		printf("sweep %s: %zu runs (%zu points x %zu replications) in %s/: summary.csv, "
		       "points.csv%s, sweep.json\n",
		       sw->name, sw->n_runs, sw->n_points, sw->replications, c->out_dir,
		       sweep_spec_sampled(sw) ? ", sensitivity.csv" : "");
	return c->no_report ? 0 : cli_report(c->out_dir, c->quiet, 0);
}

int sweep_command(int argc, char **argv)
{
	struct batch_cli c;
	int rc = batch_cli_parse("sweep", "SWEEP.json", argc, argv, &c);
	if (rc != 0) {
		free(c.sets);
		return rc;
	}
	int rank = sweep_pool_rank();
	struct sweep_spec sw;
	struct scenario sc0;
	struct sweep_columns cols;
	struct sweep_journal journal;
	struct diag d;
	diag_init(&d);
	/* every rank, before its first parallel region: a dcsim message and
	 * exit 1 rather than libgomp's exit */
	if (sweep_threads_available(sweep_thread_count(c.threads), &d) != 0) {
		diag_print(&d, stderr);
		diag_fini(&d);
		free(c.sets);
		sweep_pool_abort(EXIT_RUNTIME);
		return EXIT_RUNTIME;
	}
	memset(&sc0, 0, sizeof sc0);
	memset(&cols, 0, sizeof cols);
	memset(&journal, 0, sizeof journal);
	int loaded = sweep_spec_load_file(c.file, cli_data_dir(), &sw, &d) == 0;
	if (loaded && sweep_spec_add_sets(&sw, c.sets, c.n_sets, &d) != 0) {
		sweep_spec_fini(&sw);
		loaded = 0;
	}
	/* every scenario below borrows from it: freed after the last */
	struct series_cache *cache = loaded ? series_cache_new() : NULL;
	/* rank 0 checks every point; the others take its verdict */
	int status = loaded ? 0 : cli_input_status(&d);
	if (loaded && !cache) {
		diag_oom(&d, "%s: out of memory", c.file);
		status = EXIT_RUNTIME;
	}
	size_t n_chain = 0, bad;
	if (status == 0 && rank == 0 &&
	    check_points(&sw, cache, c.threads, &sc0, &n_chain, &bad, &d) != 0)
		status = cli_input_status(&d);
	char *json = NULL;
	if (status == 0 && rank == 0) {
		json = sweep_json_text(&sw, &sc0);
		if (!json) {
			diag_oom(&d, "%s: out of memory", c.file);
			status = EXIT_RUNTIME;
		} else if (atomic_file_mkdirs(c.out_dir, &d) != 0 ||
			   (c.resume && sweep_file_same(c.out_dir, "sweep.json", json, c.file, &d) != 0)) {
			status = cli_input_status(&d);
		}
	}
	int chain_i = (int)n_chain;
	sweep_pool_bcast_int(&status);
	sweep_pool_bcast_int(&chain_i);
	if (status == 0 && !loaded) /* rank 0 read the same file: cannot happen */
		sweep_pool_abort(EXIT_USAGE);
	if (status == 0 && rank != 0) {
		struct diag pd;
		diag_init(&pd);
		if (sweep_spec_load_run(&sw, 0, cache, &sc0, &pd) != 0)
			status = EXIT_USAGE; /* cannot happen: rank 0 loaded it */
		diag_fini(&pd);
	}
	if (status == 0 && sweep_columns_init(&cols, &sw, &sc0, (size_t)chain_i) != 0) {
		diag_oom(&d, "%s: out of memory", c.file);
		status = EXIT_RUNTIME;
	}
	/* sweep.json only once the journal is open: that checks that dir is not
	 * another sweep's (or this one's, without --resume) */
	if (status == 0 && rank == 0 &&
	    (sweep_journal_open(&journal, c.out_dir, &cols, sw.n_runs, c.resume, &d) != 0 ||
	     atomic_file_write_text(c.out_dir, "sweep.json", json, &d) != 0))
		status = cli_input_status(&d);
	free(json);
	int bstatus = status;
	sweep_pool_bcast_int(&bstatus);
	if (bstatus != 0) {
		if (rank == 0)
			diag_print(&d, stderr);
		rc = bstatus;
		goto done;
	}
	sweep_runner_tune_malloc();
	struct sweep_runner ctx;
	struct sweep_pool_opts o = { c.threads, !c.quiet && isatty(2) };
	if (sweep_runner_init(&ctx, "sweep", &sw, cache, &cols, c.out_dir, &journal, c.threads,
			      &d) != 0) {
		diag_print(&d, stderr);
		rc = EXIT_RUNTIME;
		goto done;
	}
	struct sweep_pool_stats st;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	sim_watch(&sweep_pool_stopped);
	if (sweep_runner_run(&ctx, journal.done, &o, &st) != 0) {
		if (rank == 0)
			fprintf(stderr, "dcsim sweep: out of memory or an MPI error running the sweep\n");
		rc = EXIT_RUNTIME;
	} else {
		rc = rank == 0 ? conclude(&ctx, &c, &st, &d) : 0;
	}
	sim_watch(NULL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	sweep_runner_fini(&ctx);
done:
	sweep_journal_close(&journal);
	sweep_columns_fini(&cols);
	scenario_fini(&sc0);
	series_cache_free(cache);
	if (loaded)
		sweep_spec_fini(&sw);
	diag_fini(&d);
	free(c.sets);
	return rc;
}
