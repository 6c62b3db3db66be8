/*
 * scheduler.c - the FIFO wait queue shared by every policy.
 */
#include "scheduler.h"

#include <assert.h>

/* Every policy, once, each defined in its own sched_<name>.c. The first
 * is the default (SCHED_DEFAULT); the order is the index scenarios store,
 * so append new ones. */
extern const struct sched_policy_ops sched_fcfs_ops, sched_greedy_ops;
static const struct sched_policy_ops *const policies[] = {
	&sched_fcfs_ops,
	&sched_greedy_ops,
};

const struct sched_policy_ops *sched_policy_ops_of(sched_policy p)
{
	assert(p >= 0 && (size_t)p < sizeof policies / sizeof policies[0]);
	return policies[p];
}

const char *sched_policy_name_at(int i)
{
	return i >= 0 && (size_t)i < sizeof policies / sizeof policies[0] ? policies[i]->name
									   : NULL;
}

void scheduler_init(struct scheduler *s, sched_policy policy)
{
	s->ops = sched_policy_ops_of(policy);
	s->head = s->tail = NULL;
	s->queued = 0;
}

void scheduler_enqueue(struct scheduler *s, struct job *j)
{
	j->next = NULL;
	j->prev = s->tail;
	if (s->tail)
		s->tail->next = j;
	else
		s->head = j;
	s->tail = j;
	s->queued++;
}

void scheduler_unlink(struct scheduler *s, struct job *j)
{
	assert(s->queued > 0);
	if (j->prev)
		j->prev->next = j->next;
	else
		s->head = j->next;
	if (j->next)
		j->next->prev = j->prev;
	else
		s->tail = j->prev;
	j->prev = j->next = NULL;
	s->queued--;
}

void scheduler_requeue(struct scheduler *s, struct job *j)
{
	struct job *after = s->tail;
	while (after && (after->submit > j->submit ||
			 (after->submit == j->submit && after->id > j->id)))
		after = after->prev;
	j->prev = after;
	j->next = after ? after->next : s->head;
	if (j->next)
		j->next->prev = j;
	else
		s->tail = j;
	if (after)
		after->next = j;
	else
		s->head = j;
	s->queued++;
}

void scheduler_requeue_head(struct scheduler *s, struct job *j)
{
	j->prev = NULL;
	j->next = s->head;
	if (s->head)
		s->head->prev = j;
	else
		s->tail = j;
	s->head = j;
	s->queued++;
}
