/*
 * workload.c - arrival, size and duration samplers over GSL.
 *
 * Arrivals. A Poisson process of rate lambda(t) has arrival times T with
 * Lambda(T) - Lambda(now) ~ Exp(1), where Lambda is the integrated rate.
 * For the hour-of-day profile Lambda is piecewise linear, so we invert it
 * exactly, walking hour by hour: no thinning, no rejected draws, and one
 * Exp(1) draw per arrival in both the constant and the hourly case, so a
 * stream's draws line up between the two.
 *
 * A list process replays given submit times and draws nothing; a trace
 * replays whole jobs (submit time, GPUs, run time, walltime) and draws
 * nothing either: the job last returned by workload_next_arrival is the
 * one the size and duration calls then read.
 *
 * Durations. Exponential (mean), lognormal (median e^mu, shape sigma: the
 * usual fit to GPU job run times), constant, or an empirical column drawn
 * uniformly with replacement. max_h clips the tail. A draw is at least one
 * tick, so every job has a positive run time.
 */
#include "workload.h"

#include <math.h>

#include "rng.h"

/* A year-long tail draw past this is clipped: keeps ticks far from overflow. */
#define DURATION_HARD_MAX_S (100.0 * 8760.0 * 3600.0)

int workload_sampler_init(struct class_sampler *cs, const struct job_class_spec *spec,
			  size_t class_index, uint64_t seed, uint64_t replication)
{
	cs->spec = spec;
	cs->arrivals = rng_stream_create(seed, replication,
					 workload_stream_id(class_index, WORKLOAD_STREAM_ARRIVALS));
	cs->sizes = rng_stream_create(seed, replication,
				      workload_stream_id(class_index, WORKLOAD_STREAM_SIZES));
	cs->durations = rng_stream_create(seed, replication,
					  workload_stream_id(class_index, WORKLOAD_STREAM_DURATIONS));
	cs->power = spec->power_form == CLASS_POWER_DIST
		? rng_stream_create(seed, replication, workload_power_stream_id(class_index))
		: NULL;
	cs->size_table = NULL;
	cs->next_listed = 0;
	if (!cs->arrivals || !cs->sizes || !cs->durations ||
	    (spec->power_form == CLASS_POWER_DIST && !cs->power))
		goto fail;
	if (spec->gpus.count > 1) {
		cs->size_table = gsl_ran_discrete_preproc(spec->gpus.count, spec->gpus.weights);
		if (!cs->size_table)
			goto fail;
	}
	return 0;
fail:
	workload_sampler_fini(cs);
	return -1;
}

void workload_sampler_fini(struct class_sampler *cs)
{
	gsl_rng_free(cs->arrivals);
	gsl_rng_free(cs->sizes);
	gsl_rng_free(cs->durations);
	gsl_rng_free(cs->power);
	if (cs->size_table)
		gsl_ran_discrete_free(cs->size_table);
	cs->arrivals = cs->sizes = cs->durations = cs->power = NULL;
	cs->size_table = NULL;
}

sim_time workload_next_arrival(struct class_sampler *cs, sim_time now)
{
	const struct arrival_spec *a = &cs->spec->arrival;
	if (a->process == ARRIVAL_TRACE) {
		if (cs->next_listed >= a->trace.n_jobs)
			return SIM_TIME_NEVER;
		sim_time t = clock_from_s(a->trace.jobs[cs->next_listed++].submit_s);
		return t > now ? t : now;
	}
	if (a->process == ARRIVAL_LIST) {
		if (cs->next_listed >= a->n_times)
			return SIM_TIME_NEVER;
		sim_time t = clock_from_s(a->times_h[cs->next_listed++] * 3600.0);
		return t > now ? t : now;
	}
	if (!(a->rate_per_h > 0))
		return SIM_TIME_NEVER;
	/* need: expected arrivals still to pass before the next one fires */
	double need = gsl_ran_exponential(cs->arrivals, 1.0);
	if (a->process == ARRIVAL_POISSON) {
		double dt = need * (double)SIM_TICKS_PER_H / a->rate_per_h;
		return dt < (double)(SIM_TIME_NEVER / 2 - now) ? now + clock_round(dt)
							       : SIM_TIME_NEVER;
	}
	/* Any 24-hour window integrates to the same daily total, so whole days
	 * can be skipped at once: the walk below is at most 25 hours. */
	double per_day = a->rate_per_h * 24.0;
	double days = floor(need / per_day);
	if (days * (double)(24 * SIM_TICKS_PER_H) > (double)(SIM_TIME_NEVER / 2 - now))
		return SIM_TIME_NEVER;
	need -= days * per_day;
	sim_time t = now + (sim_time)days * 24 * SIM_TICKS_PER_H;
	for (;;) {
		sim_time hour = t / SIM_TICKS_PER_H;
		sim_time hour_end = (hour + 1) * SIM_TICKS_PER_H;
		double rate_per_tick = a->hourly_rate_per_h[hour % 24] / (double)SIM_TICKS_PER_H;
		double in_hour = rate_per_tick * (double)(hour_end - t);
		if (rate_per_tick > 0 && need <= in_hour) {
			double dt = need / rate_per_tick;
			sim_time at = t + clock_round(dt);
			return at < hour_end ? at : hour_end - 1;
		}
		need -= in_hour;
		t = hour_end;
		if (t > SIM_TIME_NEVER / 2)
			return SIM_TIME_NEVER;
	}
}

double workload_sample_duration_s(struct class_sampler *cs)
{
	const struct duration_spec *d = &cs->spec->duration;
	double min_s = 1.0 / (double)SIM_TICKS_PER_S;
	if (cs->spec->arrival.process == ARRIVAL_TRACE) {
		double s = cs->spec->arrival.trace.jobs[cs->next_listed - 1].duration_s;
		return s < min_s ? min_s : s;
	}
	double h = 0;
	switch (d->dist) {
	case DURATION_CONSTANT:
		h = d->value_h;
		break;
	case DURATION_EXPONENTIAL:
		h = gsl_ran_exponential(cs->durations, d->mean_h);
		break;
	case DURATION_LOGNORMAL:
		h = gsl_ran_lognormal(cs->durations, log(d->median_h), d->sigma);
		break;
	case DURATION_EMPIRICAL:
		h = d->samples_h[gsl_rng_uniform_int(cs->durations, d->n_samples)];
		break;
	}
	if (d->max_h > 0 && h > d->max_h)
		h = d->max_h;
	double s = h * 3600.0;
	if (s > DURATION_HARD_MAX_S)
		s = DURATION_HARD_MAX_S;
	return s < min_s ? min_s : s;
}

