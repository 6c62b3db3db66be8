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
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"
#include "diag.h"
#include "kpi_json.h"
#include "run_output.h"
#include "sim.h"
#include "sweep_output.h"
#include "sweep_pool.h"
#include "sweep_spec.h"
#include "world.h"

#ifdef _OPENMP
#include <omp.h>
#endif

const char sweep_help[] =
	"usage: dcsim sweep SWEEP.json [-j THREADS] [-o DIR] [--resume] [--quiet]\n"
	"                   [--no-report] [--format text|json]\n"
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
	"  -h, --help       this text\n"
	"\n"
	"Ctrl-C stops cleanly: finished runs stay in DIR/runs.partial.csv, the\n"
	"missing ones are listed (exit 130). Under MPI (built with make MPI=1):\n"
	"mpirun -np K dcsim sweep ... spreads the runs over the ranks; rank 0\n"
	"writes. The sweep file format: README.md, \"Sweeps\". One run alone, with\n"
	"the same bytes as the sweep's: dcsim run SWEEP.json --point P --replication R.\n";

struct sweep_cli {
	const char *file, *out_dir;
	int threads, resume, quiet, no_report, json;
};

/* A point's loaded scenario, shared read-only by its replications in
 * flight (they differ only in the replication, set on a shallow copy). */
struct point_slot {
	size_t point;
	int loaded, users;
	unsigned long last_use;
	struct scenario sc;
};

struct sweep_ctx {
	struct point_slot *slots;       /* threads + 1: each run holds at most one */
	size_t n_slots;
	unsigned long uses;
	const struct sweep_spec *sw;
	struct series_cache *cache;     /* the points' weather, grid and trace files */
	const struct sweep_columns *cols;
	const char *out_dir;
	struct sweep_journal *journal;  /* rank 0 */
	struct diag *d;                 /* rank 0: write errors, run failures */
	size_t shown;                   /* run failures printed */
	int write_failed;
};

static int parse(int argc, char **argv, struct sweep_cli *c)
{
	memset(c, 0, sizeof *c);
	c->out_dir = "results";
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
		if ((!strcmp(a, "-j") || !strcmp(a, "--threads")) && next) {
			char *end;
			long n = strtol(argv[++i], &end, 10);
			if (*end || n < 1 || n > 4096)
				return cli_usage_error("sweep", "-j needs a thread count from 1 to 4096, got '%s'", argv[i]);
			c->threads = (int)n;
		} else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && next) {
			c->out_dir = argv[++i];
			if (cli_check_out_dir("sweep", c->out_dir) != 0)
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
				return cli_usage_error("sweep", "--format is text or json, got '%s'", v);
			c->json = !strcmp(v, "json");
		} else if (a[0] == '-' && a[1]) {
			if (!next && (!strcmp(a, "-j") || !strcmp(a, "--threads") || !strcmp(a, "-o") ||
				      !strcmp(a, "--output") || !strcmp(a, "--format")))
				return cli_usage_error("sweep", "option '%s' needs a value", a);
			return cli_usage_error("sweep", "unknown option '%s'", a);
		} else if (!c->file) {
			c->file = a;
		} else {
			return cli_usage_error("sweep", "unexpected argument '%s' (one sweep file only)", a);
		}
	}
	if (!c->file)
		return cli_usage_error("sweep", "%s", "missing SWEEP.json");
	return 0;
}

/* The probe's threads wait on the gate the main thread holds. */
static void *probe_thread(void *gate)
{
	pthread_mutex_lock(gate);
	pthread_mutex_unlock(gate);
	return NULL;
}

/*
 * Can this process run n threads at once? libgomp cannot report a failed
 * pthread_create to its caller: it prints "libgomp: Thread creation
 * failed" and exits. So start n - 1 threads (the caller is the n-th) with
 * the default attributes libgomp also uses when OMP_STACKSIZE is unset,
 * hold them, and join them: 0, or -1 with a message. A check, not a
 * reservation: a process that exhausts the limit in between still meets
 * libgomp's message.
 */
static int threads_available(int n, struct diag *d)
{
	if (n <= 1)
		return 0;
	pthread_t *t = malloc((size_t)(n - 1) * sizeof *t);
	if (!t) {
		diag_oom(d, "dcsim sweep: out of memory starting %d threads", n);
		return -1;
	}
	pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&gate);
	int made = 0, err = 0;
	while (made < n - 1 && (err = pthread_create(&t[made], NULL, probe_thread, &gate)) == 0)
		made++;
	pthread_mutex_unlock(&gate);
	for (int i = 0; i < made; i++)
		pthread_join(t[i], NULL);
	free(t);
	if (made == n - 1)
		return 0;
	diag_add(d, "dcsim sweep: cannot start %d threads (only %d started: %s); give a "
		    "smaller -j, or raise the process or memory limit", n, made + 1, strerror(err));
	return -1;
}

static int thread_count(int threads)
{
#ifdef _OPENMP
	return threads > 0 ? threads : omp_get_max_threads();
#else
	(void)threads;
	return 1;
#endif
}

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

static int same_chain(const struct scenario *a, const struct scenario *b)
{
	if (a->chain.n_levels != b->chain.n_levels)
		return 0;
	for (size_t l = 0; l < a->chain.n_levels; l++)
		if (strcmp(a->chain.levels[l].name, b->chain.levels[l].name) != 0)
			return 0;
	return 1;
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
			chain_same = chain_same && (failed[0] || same_chain(sc0, &sc));
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

static char *run_dir(const char *out, size_t r)
{
	size_t n = strlen(out) + 32;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/runs/run_%zu", out, r);
	return p;
}

static int fail_text(struct diag *d, char **out, size_t *len)
{
	size_t n = 1;
	for (size_t i = 0; i < d->count; i++)
		n += strlen(d->msgs[i]) + 1;
	char *t = malloc(n);
	if (t) {
		t[0] = '\0';
		for (size_t i = 0; i < d->count; i++) {
			strcat(t, d->msgs[i]);
			strcat(t, "\n");
		}
	}
	*out = t;
	*len = t ? strlen(t) : 0;
	return -1;
}

/* The scenario of point p, loaded once for all its replications in flight
 * (a load sizes the cooling plant for the year's weather: about a
 * millisecond, the files themselves come parsed from the cache). The slot
 * table is locked; the load itself is not (scenario_load.c serialises only
 * its cJSON parses). Two threads reaching a new point together both load
 * it, into two slots, rather than one idling until the other is done. */
static struct point_slot *point_get(struct sweep_ctx *c, size_t p, struct diag *d)
{
	struct point_slot *slot = NULL;
	int hit = 0;
#ifdef _OPENMP
#pragma omp critical(dcsim_sweep_slots)
#endif
	{
		for (size_t i = 0; i < c->n_slots && !hit; i++) {
			struct point_slot *s = &c->slots[i];
			if (s->loaded && s->point == p) {
				slot = s;
				hit = 1;
			} else if (s->users == 0 && (!slot || s->last_use < slot->last_use)) {
				slot = s;
			}
		}
		if (slot) { /* a hit, or a free slot claimed for loading */
			slot->users++;
			slot->last_use = ++c->uses;
			if (!hit && slot->loaded) {
				scenario_fini(&slot->sc);
				slot->loaded = 0;
			}
		}
	}
	if (!slot || hit)
		return slot;
	struct scenario sc;
	int rc = sweep_spec_load_run(c->sw, p * c->sw->replications, c->cache, &sc, d);
#ifdef _OPENMP
#pragma omp critical(dcsim_sweep_slots)
#endif
	{
		if (rc == 0) {
			slot->sc = sc;
			slot->point = p;
			slot->loaded = 1;
		} else {
			slot->users--;
		}
	}
	return rc == 0 ? slot : NULL;
}

static int run_one(size_t r, void *ctx, char **out, size_t *len)
{
	struct sweep_ctx *c = ctx;
	struct point_slot *slot;
	struct run_result res;
	struct diag d;
	int rc = 0;
	diag_init(&d);
	slot = point_get(c, r / c->sw->replications, &d);
	if (!slot) {
		if (d.count == 0)
			diag_add(&d, "run %zu: no scenario slot free", r);
		fail_text(&d, out, len);
		diag_fini(&d);
		return -1;
	}
	struct scenario sc = slot->sc; /* shallow: the point's data is shared, read-only */
	sc.replication = r % c->sw->replications;
	int keep = sweep_spec_keeps(c->sw, r);
	if (!keep)
		sc.write_timeseries = sc.write_jobs = 0;
	if (world_run(&sc, &res, &d) != 0) {
		rc = -1;
	} else {
		if (keep) {
			char *dir = run_dir(c->out_dir, r);
			if (!dir) {
				rc = -1;
			} else {
#ifdef _OPENMP
#pragma omp critical(dcsim_cjson)
#endif
				rc = run_output_write(dir, &sc, &res, &d);
			}
			free(dir);
		}
		if (rc == 0 && sweep_output_row(c->cols, c->sw, r, &sc, &res, out, len) != 0) {
			diag_oom(&d, "run %zu: out of memory writing its row", r);
			rc = -1;
		}
		run_result_fini(&res);
	}
	if (rc != 0)
		fail_text(&d, out, len);
#ifdef _OPENMP
#pragma omp critical(dcsim_sweep_slots)
#endif
	slot->users--;
	diag_fini(&d);
	return rc;
}

static int emit_one(size_t r, int status, const char *out, size_t len, void *ctx)
{
	struct sweep_ctx *c = ctx;
	if (status != 0) {
		if (c->shown++ < 10)
			fprintf(stderr, "dcsim sweep: run %zu failed: %.*s", r, (int)len, out ? out : "");
		return 0;
	}
	if (sweep_journal_append(c->journal, r, out, len, c->d) != 0) {
		c->write_failed = 1;
		return 1;
	}
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

/* On resume, dir's sweep.json (if any) must be this sweep's text. */
static int sweep_json_same(const char *dir, const char *text, const char *source,
			   struct diag *d)
{
	char *path = atomic_file_path(dir, "sweep.json", "");
	FILE *f = path ? fopen(path, "rb") : NULL;
	free(path);
	if (!f)
		return 0;
	size_t len = strlen(text);
	char *old = malloc(len + 2);
	size_t got = old ? fread(old, 1, len + 1, f) : 0;
	int same = old && got == len && memcmp(old, text, len) == 0;
	free(old);
	fclose(f);
	if (!same)
		diag_add(d, "%s: a different sweep (its sweep.json differs from %s resolved now): "
			    "resume only the sweep that wrote it", dir, source);
	return same ? 0 : -1;
}

int sweep_validate(const char *file)
{
	struct sweep_spec sw;
	struct diag d;
	diag_init(&d);
	int rc = 0;
	struct series_cache *cache = NULL;
	if (threads_available(thread_count(0), &d) != 0) {
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

/* --format json: summary.csv's rows as a JSON array; the lead columns
 * and the KPIs as numbers, text KPIs as strings, the swept values as
 * numbers when they are numbers. */
static int print_json(const char *dir, const struct sweep_columns *cols, struct diag *d)
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

/* Rank 0: what is left to do after the pool; the exit status. */
static int conclude(struct sweep_ctx *ctx, const struct sweep_cli *c,
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
	if (c->json && print_json(c->out_dir, ctx->cols, d) != 0) {
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
	struct sweep_cli c;
	int rc = parse(argc, argv, &c);
	if (rc != 0)
		return rc;
	int rank = sweep_pool_rank();
	struct sweep_spec sw;
	struct scenario sc0;
	struct sweep_columns cols;
	struct sweep_journal journal;
	struct diag d;
	diag_init(&d);
	/* every rank, before its first parallel region: a dcsim message and
	 * exit 1 rather than libgomp's exit */
	if (threads_available(thread_count(c.threads), &d) != 0) {
		diag_print(&d, stderr);
		diag_fini(&d);
		sweep_pool_abort(EXIT_RUNTIME);
		return EXIT_RUNTIME;
	}
	memset(&sc0, 0, sizeof sc0);
	memset(&cols, 0, sizeof cols);
	memset(&journal, 0, sizeof journal);
	int loaded = sweep_spec_load_file(c.file, cli_data_dir(), &sw, &d) == 0;
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
			   (c.resume && sweep_json_same(c.out_dir, json, c.file, &d) != 0)) {
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
	/* Each run allocates and frees its engine, job pool and series; above
	 * glibc's mmap threshold those are fresh pages each time, and page
	 * faults from two threads cost a 2-core sweep 14% of its speed
	 * (measured: 1.72x instead of 2.0x). Keep freed memory for the next
	 * run instead: the peak stays that of the runs in flight. */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
	struct sweep_ctx ctx = { NULL, 0, 0, &sw, cache, &cols, c.out_dir, &journal, &d, 0, 0 };
	struct sweep_pool_opts o = { c.threads, !c.quiet && isatty(2) };
#ifdef _OPENMP
	ctx.n_slots = (size_t)(c.threads > 0 ? c.threads : omp_get_max_threads()) + 1;
#else
	ctx.n_slots = 1;
#endif
	ctx.slots = calloc(ctx.n_slots, sizeof *ctx.slots);
	if (!ctx.slots) {
		diag_oom(&d, "%s: out of memory", c.file);
		diag_print(&d, stderr);
		rc = EXIT_RUNTIME;
		goto done;
	}
	struct sweep_pool_stats st;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	sim_watch(&sweep_pool_stopped);
	if (sweep_pool_run(sw.n_runs, journal.done, &o, run_one, emit_one, &ctx, &st) != 0) {
		if (rank == 0)
			fprintf(stderr, "dcsim sweep: out of memory or an MPI error running the sweep\n");
		rc = EXIT_RUNTIME;
	} else {
		rc = rank == 0 ? conclude(&ctx, &c, &st, &d) : 0;
	}
	sim_watch(NULL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	for (size_t i = 0; i < ctx.n_slots; i++)
		if (ctx.slots[i].loaded)
			scenario_fini(&ctx.slots[i].sc);
	free(ctx.slots);
done:
	sweep_journal_close(&journal);
	sweep_columns_fini(&cols);
	scenario_fini(&sc0);
	series_cache_free(cache);
	if (loaded)
		sweep_spec_fini(&sw);
	diag_fini(&d);
	return rc;
}
