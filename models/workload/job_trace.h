/*
 * job_trace.h - jobs replayed from a trace: each with its own submit
 * time, GPU count and run time, and optionally a requested walltime and
 * a label (a user, group, queue or any column's value) that maps it to a
 * class. Filled by the config layer's trace readers (models/config/
 * trace_jobs.c), read by the class samplers (workload.c). Times in
 * seconds: submit times from the start of the run, after the window and
 * time_scale are applied.
 */
#ifndef DCSIM_JOB_TRACE_H
#define DCSIM_JOB_TRACE_H

#include <stddef.h>

struct trace_job {
	double submit_s;   /* from the run's start, not decreasing along a class's list */
	double duration_s; /* full-speed run time, >= 0 */
	double walltime_s; /* the user's requested time limit; < 0: not given */
	int gpus;          /* >= 1 */
	int label;         /* index into the trace's labels; -1 none */
	long line;         /* its line in the file, for messages */
};

#endif
