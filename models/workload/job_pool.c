/*
 * job_pool.c - block allocator with a free list for job objects.
 */
#include "job_pool.h"

#include <stdlib.h>
#include <string.h>

#include "grow_array.h"

void job_pool_init(struct job_pool *p)
{
	memset(p, 0, sizeof *p);
	p->job_bytes = sizeof(struct job);
}

void job_pool_fini(struct job_pool *p)
{
	for (size_t b = 0; b < p->n_blocks; b++) {
		for (size_t i = 0; i < JOB_POOL_BLOCK; i++)
			free(p->blocks[b][i].allocs);
		free(p->blocks[b]);
	}
	free(p->blocks);
	memset(p, 0, sizeof *p);
}

int job_pool_add_block(struct job_pool *p)
{
	struct job **nb = grow_array(p->blocks, p->n_blocks, &p->cap_blocks, sizeof *nb, 8);
	if (!nb)
		return -1;
	p->blocks = nb;
	struct job *blk = calloc(JOB_POOL_BLOCK, sizeof *blk);
	if (!blk)
		return -1;
	p->blocks[p->n_blocks++] = blk;
	for (size_t i = JOB_POOL_BLOCK; i > 0; i--) {
		blk[i - 1].next = p->free_list;
		p->free_list = &blk[i - 1];
	}
	return 0;
}
