/*
 * sweep_run.c - a sweep's runs through the pool (sweep_run.h).
 *
 * Composition root, like main_sweep.c. Each run builds its own world
 * from its point's scenario, loaded once for the replications in flight;
 * only its finished row comes back, to the journal (sweep_output.c).
 */
#include "sweep_run.h"

#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "run_output.h"
#include "world.h"

#ifdef _OPENMP
#include <omp.h>
#endif

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
int sweep_threads_available(int n, struct diag *d)
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

int sweep_thread_count(int threads)
{
#ifdef _OPENMP
	return threads > 0 ? threads : omp_get_max_threads();
#else
	(void)threads;
	return 1;
#endif
}

int sweep_same_chain(const struct scenario *a, const struct scenario *b)
{
	if (a->chain.n_levels != b->chain.n_levels)
		return 0;
	for (size_t l = 0; l < a->chain.n_levels; l++)
		if (strcmp(a->chain.levels[l].name, b->chain.levels[l].name) != 0)
			return 0;
	return 1;
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
static struct point_slot *point_get(struct sweep_runner *c, size_t p, struct diag *d)
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
	struct sweep_runner *c = ctx;
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
	struct sweep_runner *c = ctx;
	if (status != 0) {
		if (c->shown++ < 10)
			fprintf(stderr, "dcsim %s: run %zu failed: %.*s", c->cmd, r, (int)len,
				out ? out : "");
		return 0;
	}
	if (sweep_journal_append(c->journal, r, out, len, c->d) != 0) {
		c->write_failed = 1;
		return 1;
	}
	return 0;
}

int sweep_file_same(const char *dir, const char *name, const char *text, const char *source,
		    struct diag *d)
{
	char *path = atomic_file_path(dir, name, "");
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
		diag_add(d, "%s: a different %s (its %s differs from %s resolved now): "
			    "resume only the one that wrote it", dir,
			 strcmp(name, "plan.json") ? "sweep" : "plan", name, source);
	return same ? 0 : -1;
}

int sweep_runner_init(struct sweep_runner *r, const char *cmd, const struct sweep_spec *sw,
		      struct series_cache *cache, const struct sweep_columns *cols,
		      const char *out_dir, struct sweep_journal *journal, int threads,
		      struct diag *d)
{
	memset(r, 0, sizeof *r);
	r->cmd = cmd;
	r->sw = sw;
	r->cache = cache;
	r->cols = cols;
	r->out_dir = out_dir;
	r->journal = journal;
	r->d = d;
	r->n_slots = (size_t)sweep_thread_count(threads) + 1;
	r->slots = calloc(r->n_slots, sizeof *r->slots);
	if (!r->slots) {
		diag_oom(d, "%s: out of memory", sw->source);
		return -1;
	}
	return 0;
}

int sweep_runner_run(struct sweep_runner *r, const unsigned char *skip,
		     const struct sweep_pool_opts *o, struct sweep_pool_stats *st)
{
	return sweep_pool_run(r->sw->n_runs, skip, o, run_one, emit_one, r, st);
}

void sweep_runner_fini(struct sweep_runner *r)
{
	for (size_t i = 0; r->slots && i < r->n_slots; i++)
		if (r->slots[i].loaded)
			scenario_fini(&r->slots[i].sc);
	free(r->slots);
	r->slots = NULL;
}

void sweep_runner_tune_malloc(void)
{
	/* Each run allocates and frees its engine, job pool and series; above
	 * glibc's mmap threshold those are fresh pages each time, and page
	 * faults from two threads cost a 2-core sweep 14% of its speed
	 * (measured: 1.72x instead of 2.0x). Keep freed memory for the next
	 * run instead: the peak stays that of the runs in flight. */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
}
