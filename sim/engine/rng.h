/*
 * rng.h - random streams for one run.
 *
 * Each stochastic process gets its own GSL generator, seeded from a mix of
 * (master seed, replication, stream id). Streams are independent of each
 * other and of the scenario's point in a sweep, so two scenarios with the
 * same replication see the same arrivals (common random numbers). Every
 * stream id comes from the one registry, rng_streams.h.
 */
#ifndef DCSIM_RNG_H
#define DCSIM_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

/* The seed a stream's generator is set with (recorded in resolved.json). */
unsigned long rng_stream_seed(uint64_t master, uint64_t replication, uint64_t stream);
/* A new mt19937 generator for that stream, or NULL on allocation failure. */
gsl_rng *rng_stream_create(uint64_t master, uint64_t replication, uint64_t stream);

#endif
