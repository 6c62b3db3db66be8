/*
 * sweep_pool.h - many independent runs over OpenMP threads and, built with
 * DCSIM_MPI, over MPI ranks.
 *
 * The pool knows nothing of what a run is: run(i) computes run i into a
 * byte string (its result, or its error), and emit(i) takes each finished
 * one, one at a time, in whatever order runs finish; the caller puts them
 * in order. Under MPI, run i belongs to rank i % ranks, and every finished
 * run travels to rank 0, the only one that emits.
 *
 * Interruption: sweep_pool_stop() (async-signal-safe, for a SIGINT
 * handler) makes runs not yet started never start, and runs in flight stop
 * at their next event check (sim.c) and count as not done.
 */
#ifndef DCSIM_SWEEP_POOL_H
#define DCSIM_SWEEP_POOL_H

#include <signal.h>
#include <stddef.h>

/* 0: out holds run i's result; -1: out holds its error message. out is
 * malloc'd (the pool frees it after emit); NULL with len 0 is allowed. */
typedef int (*sweep_run_fn)(size_t i, void *ctx, char **out, size_t *len);
/* Called for each finished run, never two at once. Nonzero: stop the sweep
 * (no new runs start). */
typedef int (*sweep_emit_fn)(size_t i, int status, const char *out, size_t len, void *ctx);

struct sweep_pool_opts {
	int threads;     /* OpenMP threads per process (0: OpenMP's default) */
	int progress;    /* a progress line on stderr */
};

struct sweep_pool_stats {
	size_t todo;     /* runs to do in the whole sweep (not skipped) */
	size_t done;     /* emitted */
	size_t failed;   /* emitted with status -1 */
	int interrupted;
};

/* Run every i < n with skip[i] == 0 (skip may be NULL). Under MPI every
 * rank calls it; rank 0's skip[] is the one used. 0, or -1 without memory
 * or on an MPI error. */
int sweep_pool_run(size_t n, const unsigned char *skip, const struct sweep_pool_opts *o,
		   sweep_run_fn run, sweep_emit_fn emit, void *ctx, struct sweep_pool_stats *st);

void sweep_pool_stop(void);
/* The flag sweep_pool_stop sets, for the engine's run loop (sim_watch). */
extern volatile sig_atomic_t sweep_pool_stopped;

/* MPI (without DCSIM_MPI: one rank, and these do nothing). */
int sweep_pool_init(int *argc, char ***argv);
void sweep_pool_finalize(void);
int sweep_pool_rank(void);
int sweep_pool_ranks(void);
/* Rank 0's *v to every rank. */
void sweep_pool_bcast_int(int *v);
/* Make every rank stop with status rc (an error on rank 0 before the runs). */
void sweep_pool_abort(int rc);

#endif
