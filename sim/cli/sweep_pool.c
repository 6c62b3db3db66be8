/*
 * sweep_pool.c - runs over OpenMP threads (dynamic schedule: runs differ in
 * length) and MPI ranks, each finished run handed to one emitter.
 *
 * Each run owns everything it touches (the caller's run function builds
 * its own engine and models); the pool shares only the index. emit runs
 * inside one critical section, so the caller's writer needs no lock. Under
 * MPI, ranks other than 0 send each finished run to rank 0 from inside the
 * same critical section (MPI_THREAD_SERIALIZED); rank 0 drains what has
 * arrived each time one of its own runs finishes, and after its last.
 */
#include "sweep_pool.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef _OPENMP
#include <omp.h>
#endif
#ifdef DCSIM_MPI
#include <mpi.h>
#endif

volatile sig_atomic_t sweep_pool_stopped;

void sweep_pool_stop(void)
{
	sweep_pool_stopped = 1;
}

struct pool {
	sweep_emit_fn emit;
	void *ctx;
	struct sweep_pool_stats *st;
	int progress;
	double t0, last_print;
	int emit_stopped;
	int ranks_done;  /* MPI, rank 0: ranks that have sent all their runs */
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* "runs done/total, rate, time left", at most twice a second. */
static void progress(struct pool *p, int last)
{
	if (!p->progress)
		return;
	double t = now_s();
	if (!last && t - p->last_print < 0.5)
		return;
	p->last_print = t;
	double rate = p->st->done / (t - p->t0 > 1e-9 ? t - p->t0 : 1e-9);
	double left = rate > 0 ? (double)(p->st->todo - p->st->done) / rate : 0;
	fprintf(stderr, "\rsweep: %zu/%zu runs, %.2f runs/s, %.0f s left   ", p->st->done,
		p->st->todo, rate, left);
	if (last)
		fputc('\n', stderr);
	fflush(stderr);
}

static void deliver(struct pool *p, size_t i, int status, const char *out, size_t len)
{
	p->st->done++;
	if (status != 0)
		p->st->failed++;
	if (p->emit(i, status, out, len, p->ctx) != 0)
		p->emit_stopped = 1;
	progress(p, 0);
}

#ifdef DCSIM_MPI
enum { TAG_RUN = 1, TAG_DONE = 2 };
static int mpi_rank, mpi_ranks = 1, mpi_on;

int sweep_pool_init(int *argc, char ***argv)
{
	int provided;
	if (MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS)
		return -1;
	mpi_on = 1;
	MPI_Comm_rank(MPI_COMM_WORLD, &mpi_rank);
	MPI_Comm_size(MPI_COMM_WORLD, &mpi_ranks);
	if (provided < MPI_THREAD_SERIALIZED) {
		/* the library cannot take calls from several threads: one per rank */
#ifdef _OPENMP
		omp_set_num_threads(1);
#endif
	}
	return 0;
}

void sweep_pool_finalize(void)
{
	if (mpi_on)
		MPI_Finalize();
	mpi_on = 0;
}

int sweep_pool_rank(void)
{
	return mpi_rank;
}

int sweep_pool_ranks(void)
{
	return mpi_ranks;
}

void sweep_pool_bcast_int(int *v)
{
	if (mpi_ranks > 1)
		MPI_Bcast(v, 1, MPI_INT, 0, MPI_COMM_WORLD);
}

void sweep_pool_abort(int rc)
{
	if (mpi_ranks > 1)
		MPI_Abort(MPI_COMM_WORLD, rc);
}

/* A finished run to rank 0: its index, status, then its bytes. */
static int send_run(size_t i, int status, const char *out, size_t len)
{
	size_t n = 16 + len;
	char *buf = malloc(n);
	if (!buf || n > (size_t)INT32_MAX) {
		free(buf);
		return -1;
	}
	uint64_t idx = i;
	int64_t s = status;
	memcpy(buf, &idx, 8);
	memcpy(buf + 8, &s, 8);
	if (len)
		memcpy(buf + 16, out, len);
	int rc = MPI_Send(buf, (int)n, MPI_BYTE, 0, TAG_RUN, MPI_COMM_WORLD);
	free(buf);
	return rc == MPI_SUCCESS ? 0 : -1;
}

/* Rank 0: take one message (blocking or not); 1 if one was taken. */
static int receive_one(struct pool *p, int block)
{
	MPI_Status ms;
	int flag = 1;
	if (block)
		MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &ms);
	else
		MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &ms);
	if (!flag)
		return 0;
	int n;
	MPI_Get_count(&ms, MPI_BYTE, &n);
	char *buf = malloc(n > 0 ? (size_t)n : 1);
	if (!buf)
		return -1;
	MPI_Recv(buf, n, MPI_BYTE, ms.MPI_SOURCE, ms.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
	if (ms.MPI_TAG == TAG_DONE) {
		p->ranks_done++;
	} else if (n >= 16) {
		uint64_t idx;
		int64_t s;
		memcpy(&idx, buf, 8);
		memcpy(&s, buf + 8, 8);
		deliver(p, (size_t)idx, (int)s, buf + 16, (size_t)n - 16);
	}
	free(buf);
	return 1;
}
#else
int sweep_pool_init(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

void sweep_pool_finalize(void)
{
}

int sweep_pool_rank(void)
{
	return 0;
}

int sweep_pool_ranks(void)
{
	return 1;
}

void sweep_pool_bcast_int(int *v)
{
	(void)v;
}

void sweep_pool_abort(int rc)
{
	(void)rc;
}
#endif

int sweep_pool_run(size_t n, const unsigned char *skip, const struct sweep_pool_opts *o,
		   sweep_run_fn run, sweep_emit_fn emit, void *ctx, struct sweep_pool_stats *st)
{
	memset(st, 0, sizeof *st);
	int rank = sweep_pool_rank(), ranks = sweep_pool_ranks();
	unsigned char *skips = calloc(n ? n : 1, 1);
	size_t *mine = malloc((n ? n : 1) * sizeof *mine);
	if (!skips || !mine) {
		free(skips);
		free(mine);
		return -1;
	}
	if (skip && rank == 0)
		memcpy(skips, skip, n);
#ifdef DCSIM_MPI
	if (ranks > 1)
		MPI_Bcast(skips, (int)n, MPI_UNSIGNED_CHAR, 0, MPI_COMM_WORLD);
#endif
	size_t n_mine = 0;
	for (size_t i = 0; i < n; i++) {
		if (skips[i])
			continue;
		st->todo++;
		if ((int)(i % (size_t)ranks) == rank)
			mine[n_mine++] = i;
	}
	struct pool p = { emit, ctx, st, o->progress && rank == 0, now_s(), 0, 0, 0 };
	int failed = 0;
#ifdef _OPENMP
	int threads = o->threads > 0 ? o->threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
#endif
	for (size_t k = 0; k < n_mine; k++) {
		if (sweep_pool_stopped || p.emit_stopped)
			continue;
		char *out = NULL;
		size_t len = 0;
		int status = run(mine[k], ctx, &out, &len);
		if (sweep_pool_stopped && status != 0) {
			free(out); /* stopped in flight: not done */
			continue;
		}
#ifdef _OPENMP
#pragma omp critical(sweep_pool_emit)
#endif
		{
#ifdef DCSIM_MPI
			if (rank != 0) {
				if (send_run(mine[k], status, out, len) != 0)
					failed = 1;
			} else {
				deliver(&p, mine[k], status, out, len);
				while (ranks > 1 && receive_one(&p, 0) == 1)
					;
			}
#else
			deliver(&p, mine[k], status, out, len);
#endif
		}
		free(out);
	}
#ifdef DCSIM_MPI
	if (ranks > 1) {
		if (rank != 0) {
			MPI_Send(NULL, 0, MPI_BYTE, 0, TAG_DONE, MPI_COMM_WORLD);
		} else {
			while (p.ranks_done < ranks - 1)
				if (receive_one(&p, 1) < 0) {
					failed = 1;
					break;
				}
		}
		int stopped = sweep_pool_stopped;
		MPI_Allreduce(MPI_IN_PLACE, &stopped, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
		sweep_pool_stopped = stopped;
	}
#endif
	st->interrupted = sweep_pool_stopped != 0;
	progress(&p, 1);
	free(skips);
	free(mine);
	return failed ? -1 : 0;
}
