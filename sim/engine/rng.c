/*
 * rng.c - seeding of per-stream generators.
 *
 * The mix is SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom
 * number generators", OOPSLA 2014) applied in turn to each input, so nearby
 * inputs (seed 1 and 2, stream 3 and 4) give unrelated seeds. GSL's mt19937
 * takes 32 bits of seed (gsl_rng_set truncates), so we fold the 64-bit mix to
 * 32 bits; the chance that two of a run's few dozen streams collide is about
 * n^2 / 2^33, negligible, and a collision would still be a valid sample.
 */
#include "rng.h"

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

unsigned long rng_stream_seed(uint64_t master, uint64_t replication, uint64_t stream)
{
	uint64_t h = splitmix64(master);
	h = splitmix64(h ^ replication);
	h = splitmix64(h ^ stream);
	unsigned long s = (unsigned long)((h ^ (h >> 32)) & 0xffffffffu);
	/* mt19937 maps seed 0 to its default seed 4357; keep 0 distinct. */
	return s ? s : 4357u + 1u;
}

gsl_rng *rng_stream_create(uint64_t master, uint64_t replication, uint64_t stream)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	if (r)
		gsl_rng_set(r, rng_stream_seed(master, replication, stream));
	return r;
}
