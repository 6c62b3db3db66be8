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
#include <stdint.h>
#include <string.h>

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
/* Another block of free jobs: 0, or -1 out of memory (job_pool_get's). */
int job_pool_add_block(struct job_pool *p);

/* A zeroed job (its alloc array kept from earlier use), or NULL (OOM).
 * Inline, with put: every arrival takes one and every leaving job gives
 * it back. */
static inline struct job *job_pool_get(struct job_pool *p)
{
	if (!p->free_list && job_pool_add_block(p) != 0)
		return NULL;
	struct job *j = p->free_list;
	p->free_list = j->next;
	struct job_alloc *keep = j->allocs;
	uint32_t cap = j->cap_allocs;
	/* the size from the pool, not sizeof: with a constant size the
	 * compiler inlines a `rep stos` of 55 words, which costs 55
	 * instructions under callgrind; the C library's memset clears 440
	 * bytes in a few vector stores (quick callgrind: -16 per M/M/c job) */
	memset(j, 0, p->job_bytes);
	j->allocs = keep;
	j->cap_allocs = cap;
	return j;
}

static inline void job_pool_put(struct job_pool *p, struct job *j)
{
	j->next = p->free_list;
	p->free_list = j;
}

#endif
