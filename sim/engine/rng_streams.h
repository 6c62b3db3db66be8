/*
 * rng_streams.h - the one registry of random stream ids.
 *
 * A stream's generator is seeded from (master seed, replication, stream
 * id) (rng.h), so two processes given the same id in one run would draw
 * the same numbers: correlated where the model says independent. Every id
 * the program uses is therefore taken from a range listed here, and the
 * ranges do not overlap (tests/test_engine.c checks it, for every class
 * index below RNG_CLASS_LIMIT and every slot).
 *
 * An id is part of the results: changing one changes every output that
 * draws from its stream, and breaks the common random numbers between
 * results computed before and after. So a shipped id keeps its value, and
 * a new process takes a reserved range (or a free one, added here).
 *
 * Ids are 64-bit but the seed is folded to 32 bits (rng.c), so distinct
 * ids collide in seed with probability about n^2 / 2^33 for n streams:
 * negligible, and a collision still gives a valid sample.
 */
#ifndef DCSIM_RNG_STREAMS_H
#define DCSIM_RNG_STREAMS_H

#include <stddef.h>
#include <stdint.h>

/* Job classes: RNG_CLASS_SLOTS consecutive ids per class, from
 * RNG_STREAM_CLASS_FIRST, in class order; slot 3 is the power levels its
 * jobs draw (only a class with gpu_power_dist draws from it), slots 4 to
 * 15 are reserved for per-class streams to come. A class past RNG_CLASS_LIMIT would reach the
 * next range. */
#define RNG_STREAM_CLASS_FIRST UINT64_C(1000)
#define RNG_CLASS_SLOTS 16u
#define RNG_CLASS_LIMIT 65536u
#define RNG_CLASS_SLOT_ARRIVALS 0u
#define RNG_CLASS_SLOT_SIZES 1u
#define RNG_CLASS_SLOT_DURATIONS 2u
#define RNG_CLASS_SLOT_POWER 3u

/* Deferral's forecast errors, one draw per hour (models/run/world_defer.c). */
#define RNG_STREAM_FORECAST UINT64_C(0xF0CA57)

/* A sweep's Latin hypercube ("SWEEP" in ASCII), seeded with the sweep's
 * seed and replication 0 (models/config/sweep_design.c). */
#define RNG_STREAM_SWEEP_LHS UINT64_C(0x5357454550)
/* A sweep's Morris trajectories and the bootstrap of its Sobol indices,
 * seeded the same way (sweep_design.c, output/sweep_indices.c). */
#define RNG_STREAM_SWEEP_MORRIS UINT64_C(0x5357454551)
#define RNG_STREAM_SWEEP_BOOTSTRAP UINT64_C(0x5357454552)

/* Failures (models/run/world_failures.c): one stream per failure process
 * for its failures (times to failure, causes, places) and one for its
 * repairs, at FIRST + its kind (enum failure_kind: gpu 0, node 1); the
 * rest of each range is kept for kinds to come (network, facility), up
 * to 2^20. Reserved for the processes to come: inference services with
 * 16 slots each (request arrivals, prompt and output lengths, ...), up
 * to 65,536 services. */
#define RNG_STREAM_FAILURES_FIRST UINT64_C(0x1000000)
#define RNG_STREAM_REPAIRS_FIRST UINT64_C(0x1100000)
#define RNG_STREAM_INFERENCE_FIRST UINT64_C(0x1200000)
#define RNG_STREAM_RESERVED_COUNT UINT64_C(0x100000)

/*
 * The registry: every range, lowest first, as X(name, first id, count).
 * The ranges must not overlap; ids below 1000 are kept for run-wide
 * streams (none yet).
 */
#define RNG_STREAM_RANGES(X)                                                             \
	X(run_wide, UINT64_C(0), RNG_STREAM_CLASS_FIRST)                                 \
	X(classes, RNG_STREAM_CLASS_FIRST, (uint64_t)RNG_CLASS_SLOTS * RNG_CLASS_LIMIT)   \
	X(forecast, RNG_STREAM_FORECAST, UINT64_C(1))                                    \
	X(failures, RNG_STREAM_FAILURES_FIRST, RNG_STREAM_RESERVED_COUNT)                \
	X(repairs, RNG_STREAM_REPAIRS_FIRST, RNG_STREAM_RESERVED_COUNT)                  \
	X(inference, RNG_STREAM_INFERENCE_FIRST, RNG_STREAM_RESERVED_COUNT)              \
	X(sweep_lhs, RNG_STREAM_SWEEP_LHS, UINT64_C(1))                                  \
	X(sweep_morris, RNG_STREAM_SWEEP_MORRIS, UINT64_C(1))                            \
	X(sweep_bootstrap, RNG_STREAM_SWEEP_BOOTSTRAP, UINT64_C(1))

/* The ids of a failure process's streams, by its kind's index. */
static inline uint64_t rng_stream_failures(unsigned kind)
{
	return RNG_STREAM_FAILURES_FIRST + kind;
}

static inline uint64_t rng_stream_repairs(unsigned kind)
{
	return RNG_STREAM_REPAIRS_FIRST + kind;
}

/* Inference services (models/run/world_inference.c): RNG_INFERENCE_SLOTS
 * ids per service, in the order of workload.services[]; slots 0 arrivals,
 * 1 prompt tokens, 2 output tokens, the rest reserved. */
#define RNG_INFERENCE_SLOTS 16u
static inline uint64_t rng_stream_inference(size_t service_index, unsigned slot)
{
	return RNG_STREAM_INFERENCE_FIRST + (uint64_t)service_index * RNG_INFERENCE_SLOTS + slot;
}

/* The id of a class's stream in a slot (slot < RNG_CLASS_SLOTS). */
static inline uint64_t rng_stream_class(size_t class_index, unsigned slot)
{
	return RNG_STREAM_CLASS_FIRST + (uint64_t)class_index * RNG_CLASS_SLOTS + slot;
}

#endif
