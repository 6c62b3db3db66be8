/*
 * job_pool.h - job objects for one run, allocated in blocks and reused.
 *
 * A run creates a job per arrival and drops it when it leaves, millions of
 * times; the pool turns that into pointer swaps after warm-up. Blocks never
 * move, so job pointers stay valid while the job lives.
 */
#ifndef DCSIM_JOB_POOL_H
#define DCSIM_JOB_POOL_H

#include <stddef.h>

#include "job.h"

#define JOB_POOL_BLOCK 1024

struct job_pool {
	struct job **blocks;
	size_t n_blocks;
	size_t cap_blocks;
	struct job *free_list;
	size_t job_bytes; /* sizeof (struct job), read at run time: see job_pool_get */
};

void job_pool_init(struct job_pool *p);
void job_pool_fini(struct job_pool *p);
/* A zeroed job (its alloc array kept from earlier use), or NULL (OOM). */
struct job *job_pool_get(struct job_pool *p);
void job_pool_put(struct job_pool *p, struct job *j);

#endif
