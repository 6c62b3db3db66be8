/*
 * job.c - progress of a running job under a changing speed.
 *
 * Invariant between calls: work_s is the full-speed work left at
 * t_progress, and energy_j the GPU energy up to t_progress; worked_s =
 * work_total_s - work_s + lost_s (progress plus lost work is work done). The end time
 * is rounded up to a whole tick so a job never ends before its work is
 * done; the excess is below one tick.
 */
#include "job.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>


void job_set_speed(struct job *j, sim_time now, double speed, double power_w)
{
	assert(speed > 0);
	job_advance(j, now);
	j->speed = speed;
	j->power_w = power_w;
}

void job_hold(struct job *j, sim_time now, enum job_phase phase, sim_time until,
	      double power_w)
{
	assert(phase != JOB_COMPUTE && until >= now);
	job_advance(j, now);
	j->phase = phase;
	j->phase_end = until;
	j->speed = 1.0;
	j->power_w = power_w;
}

void job_release_hold(struct job *j, sim_time now)
{
	job_advance(j, now);
	j->phase = JOB_COMPUTE;
}


int job_grow_allocs(struct job *j, uint32_t n)
{
	struct job_alloc *a = realloc(j->allocs, n * sizeof *a);
	if (!a)
		return -1;
	j->allocs = a;
	j->cap_allocs = n;
	return 0;
}
