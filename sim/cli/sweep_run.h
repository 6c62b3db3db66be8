/*
 * sweep_run.h - running a sweep's runs, shared by `dcsim sweep` and
 * `dcsim plan` (composition root).
 *
 * A runner holds the points' loaded scenarios (each shared read-only by
 * its replications in flight), the series cache they borrow from, and the
 * journal each finished row goes to; sweep_runner_run runs the runs not
 * skipped through sweep_pool (OpenMP threads, MPI ranks). A plan calls it
 * once per step of its search with only that step's runs not skipped.
 */
#ifndef DCSIM_SWEEP_RUN_H
#define DCSIM_SWEEP_RUN_H

#include <stddef.h>

#include "diag.h"
#include "scenario.h"
#include "sweep_output.h"
#include "sweep_pool.h"
#include "sweep_spec.h"

/* A point's loaded scenario, shared read-only by its replications in
 * flight (they differ only in the replication, set on a shallow copy). */
struct point_slot {
	size_t point;
	int loaded, users;
	unsigned long last_use;
	struct scenario sc;
};

struct sweep_runner {
	struct point_slot *slots;       /* threads + 1: each run holds at most one */
	size_t n_slots;
	unsigned long uses;
	const struct sweep_spec *sw;
	struct series_cache *cache;     /* the points' weather, grid and trace files */
	const struct sweep_columns *cols;
	const char *out_dir;
	struct sweep_journal *journal;  /* rank 0 */
	struct diag *d;                 /* rank 0: write errors, run failures */
	const char *cmd;                /* "sweep" or "plan", for messages */
	size_t shown;                   /* run failures printed */
	int write_failed;
};

/* Can this process run n threads at once? 0, or -1 with a message. */
int sweep_threads_available(int n, struct diag *d);
/* threads, or OpenMP's default when 0 (1 without OpenMP). */
int sweep_thread_count(int threads);
/* Do two points' scenarios have the same chain levels (by name)? */
int sweep_same_chain(const struct scenario *a, const struct scenario *b);
/* On resume, dir/name (if any) must hold text: 0, or -1 with a message. */
int sweep_file_same(const char *dir, const char *name, const char *text, const char *source,
		    struct diag *d);

/* 0, or -1 without memory (a message in d). */
int sweep_runner_init(struct sweep_runner *r, const char *cmd, const struct sweep_spec *sw,
		      struct series_cache *cache, const struct sweep_columns *cols,
		      const char *out_dir, struct sweep_journal *journal, int threads,
		      struct diag *d);
/* The runs i < sw->n_runs with skip[i] == 0, their rows into the journal
 * (rank 0); sweep_pool_run's status. */
int sweep_runner_run(struct sweep_runner *r, const unsigned char *skip,
		     const struct sweep_pool_opts *o, struct sweep_pool_stats *st);
void sweep_runner_fini(struct sweep_runner *r);
/* Keep freed memory for the next run (see the definition), once per process. */
void sweep_runner_tune_malloc(void);

#endif
