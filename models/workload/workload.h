/*
 * workload.h - sampling job arrivals, sizes and durations for one class.
 *
 * Each class draws from three streams of its own (arrivals, sizes,
 * durations), so changing a class's size distribution does not shift its
 * arrival times, and adding a class at the end changes no other class.
 */
#ifndef DCSIM_WORKLOAD_H
#define DCSIM_WORKLOAD_H

#include <stdint.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "clock.h"
#include "job_class.h"
#include "rng_streams.h"

/* A class's streams: slots of its range in the registry (rng_streams.h). */
enum workload_stream {
	WORKLOAD_STREAM_ARRIVALS = RNG_CLASS_SLOT_ARRIVALS,
	WORKLOAD_STREAM_SIZES = RNG_CLASS_SLOT_SIZES,
	WORKLOAD_STREAM_DURATIONS = RNG_CLASS_SLOT_DURATIONS,
	WORKLOAD_STREAMS_PER_CLASS = 3,
};
_Static_assert(WORKLOAD_STREAMS_PER_CLASS <= RNG_CLASS_SLOTS, "a class's streams fit its slots");

static inline uint64_t workload_stream_id(size_t class_index, enum workload_stream s)
{
	return rng_stream_class(class_index, (unsigned)s);
}

/* The stream a class with a GPU power distribution draws its jobs'
 * levels from (a class without one has none, so its other streams and
 * resolved.json's seeds stay as they were). */
static inline uint64_t workload_power_stream_id(size_t class_index)
{
	return rng_stream_class(class_index, RNG_CLASS_SLOT_POWER);
}

/* Its name in resolved.json's seeds. */
static inline const char *workload_stream_name(enum workload_stream s)
{
	switch (s) {
	case WORKLOAD_STREAM_ARRIVALS:
		return "arrivals";
	case WORKLOAD_STREAM_SIZES:
		return "sizes";
	case WORKLOAD_STREAM_DURATIONS:
		return "durations";
	case WORKLOAD_STREAMS_PER_CLASS:
		break;
	}
	return "?";
}

struct class_sampler {
	const struct job_class_spec *spec;
	gsl_rng *arrivals;
	gsl_rng *sizes;
	gsl_rng *durations;
	gsl_rng *power;                 /* NULL but for a GPU power distribution */
	gsl_ran_discrete_t *size_table; /* NULL for a fixed size */
	size_t next_listed;             /* LIST: index of the next submit time */
};

int workload_sampler_init(struct class_sampler *cs, const struct job_class_spec *spec,
			  size_t class_index, uint64_t seed, uint64_t replication);
void workload_sampler_fini(struct class_sampler *cs);

/* Time of the next arrival after now, or SIM_TIME_NEVER (zero rate). */
sim_time workload_next_arrival(struct class_sampler *cs, sim_time now);
/* (these three inline: every arrival asks each once) */
static inline int workload_sample_gpus(struct class_sampler *cs)
{
	const struct size_spec *s = &cs->spec->gpus;
	if (cs->spec->arrival.process == ARRIVAL_TRACE)
		return cs->spec->arrival.trace.jobs[cs->next_listed - 1].gpus;
	if (!cs->size_table)
		return s->gpus[0];
	return s->gpus[gsl_ran_discrete(cs->sizes, cs->size_table)];
}

/* Full-speed run time in seconds, > 0. */
double workload_sample_duration_s(struct class_sampler *cs);
/* The power level a new job holds, in [0, K) (equal probabilities); 0
 * for a class without a distribution, which draws nothing. */
static inline int workload_sample_power_level(struct class_sampler *cs)
{
	if (!cs->power)
		return 0;
	return (int)gsl_rng_uniform_int(cs->power, (unsigned long)cs->spec->power_dist.n_levels);
}

/* A replayed job's requested walltime, s; -1 when it has none (every
 * job of a sampled class). */
static inline double workload_walltime_s(const struct class_sampler *cs)
{
	if (cs->spec->arrival.process != ARRIVAL_TRACE)
		return -1;
	return cs->spec->arrival.trace.jobs[cs->next_listed - 1].walltime_s;
}

#endif
