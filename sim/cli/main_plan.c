/*
 * main_plan.c - `dcsim plan PLAN.json`, and `dcsim validate` of a plan.
 *
 * Composition root, like main_sweep.c. A plan is a one-axis sweep over
 * its variable's grid (plan_spec.h) of which the search (plan_search.c)
 * runs only the points it asks for: each step of the search is one call
 * of the sweep runner with every run skipped but that step's points'
 * replications. So the runs share the sweep's machinery whole: OpenMP
 * threads over a step's runs, MPI ranks (rank 0 searches and tells the
 * others, step by step, whether another step comes), the journal and
 * --resume (a resumed plan replays its search; the points already in the
 * journal are read back, not run), and common random numbers (replication
 * i of every point draws the streams of replication i).
 *
 * Before anything runs, both ends of the range are loaded as scenarios,
 * so a variable the scenario rejects fails the plan with its rule (exit
 * 2) and no output; points between them are loaded when the search
 * reaches them (a million-value grid is not loaded whole).
 */
#include "cli.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"
#include "batch_cli.h"
#include "diag.h"
#include "jfield.h"
#include "month_stat.h"
#include "plan_output.h"
#include "plan_search.h"
#include "plan_spec.h"
#include "sim.h"
#include "sweep_run.h"

const char plan_help[] =
	"usage: dcsim plan PLAN.json [-j THREADS] [-o DIR] [--resume] [--quiet]\n"
	"                  [--no-report] [--format text|json] [--set PATH=VALUE ...]\n"
	"\n"
	"Find the value of one scenario field (the plan's variable: cluster.racks,\n"
	"a battery's energy, grid.capacity_mw) that maximises or minimises it, or a\n"
	"KPI, while every constraint holds: \"KPI <= LIMIT\" or \">=\" on a column of\n"
	"summary.csv, or on a statistic of monthly.csv's months (\"max\n"
	"monthly_facility_peak_kw <= 40000\"). The search: bisection for\n"
	"where the constraints stop holding, golden section for a KPI's best, then\n"
	"the answer's neighbours, with a warning and the evidence where the\n"
	"response is not monotone. Each point runs its replications in parallel;\n"
	"replication k of every point sees the same random streams. Writes into\n"
	"DIR (default: results):\n"
	"  plan.csv         every point evaluated: whether it is feasible, each\n"
	"                   constraint's tested value, whether it holds and its\n"
	"                   margin, and each KPI's mean, sd and 95% half-width\n"
	"  plan.txt         the summary printed on stdout: the answer, the binding\n"
	"                   constraint and the margin to the next, warnings\n"
	"  plan.json        the resolved plan and its base scenario\n"
	"  summary.csv      one row per run (as a sweep's), points.csv per point\n"
	"  report.html      the search path, each constraint against the variable,\n"
	"                   the answer (dcsim report)\n"
	"\n"
	"  -j, --threads N  OpenMP threads (default: all cores, or OMP_NUM_THREADS)\n"
	"  -o, --output DIR results directory (default: results)\n"
	"  --resume         finish an interrupted plan in DIR: the runs already in\n"
	"                   its runs.partial.csv are read back, not run again\n"
	"  -q, --quiet      no progress line, no summary\n"
	"  --no-report      do not write report.html (which needs gnuplot)\n"
	"  --format json    print summary.csv's rows (every run evaluated) to stdout\n"
	"                   as a JSON array instead of the summary (plan.txt keeps it)\n"
	"  --set PATH=VALUE override a field of the base scenario, as in dcsim run\n"
	"                   (repeatable; not the variable's path)\n"
	"  -h, --help       this text\n"
	"\n"
	"Under MPI (make MPI=1), mpirun -np K dcsim plan ... spreads each step's\n"
	"runs over the ranks. The plan file format: README.md, \"Plans\".\n";


struct plan_ctx {
	const struct plan_spec *p;
	const struct batch_cli *cli;
	struct sweep_runner *runner;
	struct sweep_journal *journal;
	struct plan_book *book;
	unsigned char *skip;    /* n_runs: all but the step's runs */
	double *reps;           /* one point's replications x columns */
	size_t steps;
	struct diag *d;
	int status;             /* why the search stopped: an exit status */
};


/* Point k's scenario (replication 0), its errors located by the value. */
static int load_point(const struct plan_spec *p, size_t k, struct series_cache *cache,
		      struct scenario *sc, struct diag *d)
{
	struct diag pd;
	diag_init(&pd);
	int rc = sweep_spec_load_run(&p->sw, k * p->sw.replications, cache, sc, &pd);
	for (size_t i = 0; i < pd.count; i++)
		diag_add(d, "%s: variable %s=%.12g (%s of its range): %s", p->sw.source, p->var.path,
			 plan_spec_value(p, k), k ? "the top" : "the bottom", pd.msgs[i]);
	diag_inherit_oom(d, &pd);
	diag_fini(&pd);
	return rc;
}

/* The KPI names of the constraints and objective, and no constraint
 * twice: 0, or -1 with every error. */
static int check_kpis(const struct plan_spec *p, const struct sweep_columns *c, struct diag *d)
{
	const char **names = malloc(c->n * sizeof *names);
	if (!names) {
		diag_oom(d, "%s: out of memory", p->sw.source);
		return -1;
	}
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->kpi[i])
			names[n++] = c->names[i];
	int rc = 0;
	for (size_t i = 0; i < p->n_constraints; i++) {
		rc |= plan_spec_check_kpi(p, (int)i, names, n, d);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(p->constraints[i].kpi, p->constraints[j].kpi) &&
			    p->constraints[i].ge == p->constraints[j].ge) {
				diag_add(d, "%s: constraints[%zu]: %s is bounded %s twice (constraints[%zu] "
					    "too): keep the tighter limit", p->sw.source, i,
					 p->constraints[i].kpi, p->constraints[i].ge ? "below" : "above", j);
				rc = -1;
			}
	}
	if (p->objective[0])
		rc |= plan_spec_check_kpi(p, -1, names, n, d);
	free(names);
	return rc;
}

/* The monthly constraints' columns (a statistic over each run's months),
 * after the summary's: 0, or -1 with every error. */
static int add_monthly(const struct plan_spec *p, const struct scenario *sc0,
		       struct sweep_columns *cols, struct diag *d)
{
	int rc = 0;
	for (size_t i = 0; i < p->n_constraints; i++) {
		const struct plan_constraint *c = &p->constraints[i];
		if (c->monthly == PLAN_NOT_MONTHLY)
			continue;
		int col = month_stat_column(c->month_column);
		if (col < 0) {
			const char *hint = jfield_closest(c->month_column, month_stat_names());
			diag_add(d, "%s: constraints[%zu]: \"%s\" is not a column of monthly.csv%s%s%s",
				 p->sw.source, i, c->month_column, hint ? " (did you mean \"" : "",
				 hint ? hint : "", hint ? "\"?)" : "");
			rc = -1;
			continue;
		}
		if (!sc0->calendar.on && !sc0->cost.on) {
			diag_add(d, "%s: constraints[%zu]: \"%s\" needs the runs' months: give the base "
				    "scenario a calendar (\"calendar\": {\"start\": \"2025-07-01T00:00\"})",
				 p->sw.source, i, c->text);
			rc = -1;
			continue;
		}
		enum month_stat stat = c->monthly == PLAN_MONTHLY_MAX   ? MONTH_STAT_MAX
				       : c->monthly == PLAN_MONTHLY_MIN ? MONTH_STAT_MIN
									: MONTH_STAT_MEAN;
		if (sweep_columns_add_monthly(cols, c->kpi, col, (int)stat) != 0) {
			diag_oom(d, "%s: out of memory", p->sw.source);
			return -1;
		}
	}
	return rc;
}

/* Run the step's points (those not in the journal yet), then book them. */
static int eval_points(void *vctx, const size_t *ks, size_t n)
{
	struct plan_ctx *x = vctx;
	const struct plan_spec *p = x->p;
	const size_t R = p->sw.replications, nc = x->runner->cols->n;
	memset(x->skip, 1, p->sw.n_runs);
	for (size_t i = 0; i < n; i++)
		for (size_t r = 0; r < R; r++)
			x->skip[ks[i] * R + r] = x->journal->done[ks[i] * R + r];
	int more = 1;
	sweep_pool_bcast_int(&more);
	struct sweep_pool_opts o = { x->cli->threads, !x->cli->quiet && isatty(2) };
	struct sweep_pool_stats st;
	if (sweep_runner_run(x->runner, x->skip, &o, &st) != 0) {
		fprintf(stderr, "dcsim plan: out of memory or an MPI error running the plan\n");
		x->status = EXIT_RUNTIME;
		return -1;
	}
	if (x->runner->write_failed) {
		diag_print(x->d, stderr);
		x->status = EXIT_RUNTIME;
		return -1;
	}
	x->steps++;
	for (size_t i = 0; i < n; i++) {
		for (size_t r = 0; r < R; r++) {
			size_t run = ks[i] * R + r;
			if (!x->journal->done[run]) {
				fprintf(stderr, "dcsim plan: %s at %s=%.12g (run %zu); finished runs are "
						"in %s/%s\nrun 'dcsim plan %s -o %s --resume'%s to go on\n",
					st.interrupted ? "interrupted" : "a run failed", p->var.path,
					plan_spec_value(p, ks[i]), run, x->cli->out_dir, SWEEP_JOURNAL,
					x->cli->file, x->cli->out_dir,
					x->cli->n_sets ? " with the same --set options" : "");
				x->status = st.interrupted ? EXIT_INTERRUPTED : EXIT_RUNTIME;
				return -1;
			}
			if (sweep_journal_values(x->journal, x->runner->cols, run, x->reps + r * nc,
						 x->d) != 0) {
				diag_print(x->d, stderr);
				x->status = EXIT_RUNTIME;
				return -1;
			}
		}
		if (plan_book_add(x->book, ks[i], x->reps, x->steps) != 0) {
			fprintf(stderr, "dcsim plan: out of memory\n");
			x->status = EXIT_RUNTIME;
			return -1;
		}
	}
	return 0;
}

static int point_holds(void *vctx, size_t k, size_t i)
{
	const struct plan_point *pt = plan_book_point(((struct plan_ctx *)vctx)->book, k);
	return pt && pt->holds[i];
}

static double point_objective(void *vctx, size_t k)
{
	return plan_book_objective(((struct plan_ctx *)vctx)->book, k);
}

static void on_signal(int sig)
{
	(void)sig;
	sweep_pool_stop();
}

/* Rank 0: search, then write the files; the exit status. */
static int search_and_write(struct plan_ctx *x, struct plan_book *book, struct diag *d)
{
	const struct plan_spec *p = x->p;
	struct plan_search_ops ops = { eval_points, point_holds,
				       p->objective[0] ? point_objective : NULL };
	struct plan_search_result res;
	unsigned char *seen = calloc(p->n_grid, 1);
	x->skip = malloc(p->sw.n_runs);
	x->reps = malloc(p->sw.replications * x->runner->cols->n * sizeof *x->reps);
	int rc = 0;
	if (!seen || !x->skip || !x->reps) {
		fprintf(stderr, "dcsim plan: out of memory\n");
		rc = EXIT_RUNTIME;
	} else if (plan_search_run(p->n_grid, p->n_constraints, p->goal == PLAN_MAXIMISE, &ops, x,
				   seen, &res) != 0) {
		rc = x->status ? x->status : EXIT_RUNTIME;
	}
	int more = 0; /* the other ranks' last step */
	sweep_pool_bcast_int(&more);
	free(seen);
	if (rc != 0)
		return rc;
	const char *dir = x->cli->out_dir;
	if (plan_output_csv(dir, book, &res, d) != 0 ||
	    plan_output_summary_file(dir, book, &res, d) != 0 ||
	    sweep_output_finish(x->journal, x->runner->cols, &p->sw, d) != 0) {
		diag_print(d, stderr);
		return EXIT_RUNTIME;
	}
	if (x->cli->json) { /* stdout holds the JSON alone: the runs' rows */
		if (batch_cli_print_json(dir, x->runner->cols, d) != 0) {
			diag_print(d, stderr);
			return EXIT_RUNTIME;
		}
		return x->cli->no_report ? 0 : cli_report(dir, 1, 0);
	}
	if (!x->cli->quiet)
		plan_output_summary(stdout, book, &res, dir);
	return x->cli->no_report ? 0 : cli_report(dir, x->cli->quiet, 0);
}

/* Load, check and prepare (rank 0 checks; every rank loads): the exit
 * status, 0 to go on. */
static int prepare(const struct batch_cli *c, struct plan_spec *p, struct series_cache **cache,
		   struct scenario *sc0, struct sweep_columns *cols, struct sweep_journal *journal,
		   struct diag *d)
{
	int rank = sweep_pool_rank();
	int status = 0;
	if (plan_spec_load_file(c->file, cli_data_dir(), p, d) != 0)
		return cli_input_status(d);
	if (sweep_spec_add_sets(&p->sw, c->sets, c->n_sets, d) != 0)
		return cli_input_status(d);
	if (!(*cache = series_cache_new())) {
		diag_oom(d, "%s: out of memory", c->file);
		return EXIT_RUNTIME;
	}
	int n_chain = 0;
	char *json = NULL;
	if (rank == 0) {
		struct scenario top;
		int bad = load_point(p, 0, *cache, sc0, d) != 0;
		if (load_point(p, p->n_grid - 1, *cache, &top, d) != 0) {
			bad = 1;
		} else {
			if (!bad && sweep_same_chain(sc0, &top))
				n_chain = (int)sc0->chain.n_levels;
			scenario_fini(&top);
		}
		if (bad)
			status = cli_input_status(d);
		if (status == 0 && sweep_columns_init(cols, &p->sw, sc0, (size_t)n_chain) != 0)
			status = EXIT_RUNTIME;
		if (status == 0 && add_monthly(p, sc0, cols, d) != 0)
			status = cli_input_status(d);
		if (status == 0 && check_kpis(p, cols, d) != 0)
			status = cli_input_status(d);
		if (status == 0) {
			char *base = scenario_to_json(sc0);
			json = base ? plan_spec_to_json(p, base) : NULL;
			free(base);
			if (!json)
				status = EXIT_RUNTIME;
		}
		if (status == 0 && (atomic_file_mkdirs(c->out_dir, d) != 0 ||
				    (c->resume && sweep_file_same(c->out_dir, "plan.json", json,
								  c->file, d) != 0)))
			status = cli_input_status(d);
	}
	sweep_pool_bcast_int(&status);
	sweep_pool_bcast_int(&n_chain);
	if (status == 0 && rank != 0) {
		struct diag pd;
		diag_init(&pd);
		if (sweep_spec_load_run(&p->sw, 0, *cache, sc0, &pd) != 0 ||
		    sweep_columns_init(cols, &p->sw, sc0, (size_t)n_chain) != 0 ||
		    add_monthly(p, sc0, cols, &pd) != 0)
			status = EXIT_RUNTIME; /* cannot happen: rank 0 loaded it */
		diag_fini(&pd);
	}
	if (status == 0 && rank == 0 &&
	    (sweep_journal_open(journal, c->out_dir, cols, p->sw.n_runs, c->resume, d) != 0 ||
	     atomic_file_write_text(c->out_dir, "plan.json", json, d) != 0))
		status = cli_input_status(d);
	free(json);
	sweep_pool_bcast_int(&status);
	if (status != 0 && diag_is_oom(d) == 0 && d->count == 0)
		diag_oom(d, "%s: out of memory", c->file);
	return status;
}

int plan_command(int argc, char **argv)
{
	struct batch_cli c;
	int rc = batch_cli_parse("plan", "PLAN.json", argc, argv, &c);
	if (rc != 0) {
		free(c.sets);
		return rc;
	}
	int rank = sweep_pool_rank();
	struct plan_spec p;
	struct scenario sc0;
	struct sweep_columns cols;
	struct sweep_journal journal;
	struct series_cache *cache = NULL;
	struct plan_book book;
	struct sweep_runner runner;
	struct diag d;
	diag_init(&d);
	memset(&p, 0, sizeof p);
	memset(&sc0, 0, sizeof sc0);
	memset(&cols, 0, sizeof cols);
	memset(&journal, 0, sizeof journal);
	memset(&book, 0, sizeof book);
	memset(&runner, 0, sizeof runner);
	if (sweep_threads_available(sweep_thread_count(c.threads), &d) != 0) {
		rc = EXIT_RUNTIME;
	} else {
		rc = prepare(&c, &p, &cache, &sc0, &cols, &journal, &d);
	}
	if (rc == 0 && (sweep_runner_init(&runner, "plan", &p.sw, cache, &cols, c.out_dir,
					  &journal, c.threads, &d) != 0 ||
			(rank == 0 && plan_book_init(&book, &p, &cols) != 0))) {
		diag_oom(&d, "%s: out of memory", c.file);
		rc = EXIT_RUNTIME;
	}
	if (rc != 0) {
		if (rank == 0)
			diag_print(&d, stderr);
		goto done;
	}
	sweep_runner_tune_malloc();
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	sim_watch(&sweep_pool_stopped);
	if (rank == 0) {
		struct plan_ctx x = { &p, &c, &runner, &journal, &book, NULL, NULL, 0, &d, 0 };
		rc = search_and_write(&x, &book, &d);
		free(x.skip);
		free(x.reps);
	} else {
		/* rank 0 says before each step whether one comes */
		for (;;) {
			int more = 0;
			sweep_pool_bcast_int(&more);
			if (!more)
				break;
			struct sweep_pool_opts o = { c.threads, 0 };
			struct sweep_pool_stats st;
			if (sweep_runner_run(&runner, NULL, &o, &st) != 0) {
				rc = EXIT_RUNTIME;
				break;
			}
		}
	}
	sim_watch(NULL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
done:
	sweep_runner_fini(&runner);
	plan_book_fini(&book);
	sweep_journal_close(&journal);
	sweep_columns_fini(&cols);
	scenario_fini(&sc0);
	series_cache_free(cache);
	plan_spec_fini(&p);
	diag_fini(&d);
	free(c.sets);
	return rc;
}

int plan_validate(const char *file)
{
	struct plan_spec p;
	struct scenario sc0, top;
	struct sweep_columns cols;
	struct diag d;
	diag_init(&d);
	memset(&cols, 0, sizeof cols);
	memset(&sc0, 0, sizeof sc0);
	int rc = plan_spec_load_file(file, cli_data_dir(), &p, &d) != 0 ? cli_input_status(&d) : 0;
	struct series_cache *cache = rc == 0 ? series_cache_new() : NULL;
	if (rc == 0 && !cache)
		rc = EXIT_RUNTIME;
	if (rc == 0) {
		int bad = load_point(&p, 0, cache, &sc0, &d) != 0;
		if (load_point(&p, p.n_grid - 1, cache, &top, &d) == 0)
			scenario_fini(&top);
		else
			bad = 1;
		if (bad)
			rc = cli_input_status(&d);
		else if (sweep_columns_init(&cols, &p.sw, &sc0, 0) != 0)
			rc = EXIT_RUNTIME;
		else if (add_monthly(&p, &sc0, &cols, &d) != 0 || check_kpis(&p, &cols, &d) != 0)
			rc = cli_input_status(&d);
	}
	if (rc == 0) {
		printf("plan %s: valid\n", p.name);
		printf("  %s %s over %s from %.12g to %.12g by %.12g (%zu values)\n",
		       p.goal == PLAN_MAXIMISE ? "maximise" : "minimise",
		       p.objective[0] ? p.objective : "the variable", p.var.path, p.var.from,
		       plan_spec_value(&p, p.n_grid - 1), p.var.step, p.n_grid);
		for (size_t i = 0; i < p.n_constraints; i++)
			printf("  subject to %s\n", p.constraints[i].text);
		printf("  %d replication%s a point, a constraint holds on %s\n", p.replications,
		       p.replications == 1 ? "" : "s",
		       p.holds == PLAN_HOLDS_EVERY ? "every replication"
						   : "the far end of the 95% interval of the mean");
		printf("  both ends of the range are valid scenarios\n");
	} else {
		if (d.count == 0)
			diag_oom(&d, "%s: out of memory", file);
		diag_print(&d, stderr);
		fprintf(stderr, "%zu error%s\n", d.count, d.count == 1 ? "" : "s");
	}
	sweep_columns_fini(&cols);
	scenario_fini(&sc0);
	series_cache_free(cache);
	plan_spec_fini(&p);
	diag_fini(&d);
	return rc;
}
