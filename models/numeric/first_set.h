/*
 * first_set.h - a set of indices 0..n-1 that answers "the least member at
 * or after i" in O(log64 n): a bitmap under summary bitmaps, where bit w
 * of a level is set when word w of the level below is not zero.
 *
 * Why: placement asks at every start for the first node with at least k
 * free GPUs. One set per k (the nodes with at least k free) answers it
 * with a look at one word per level (two levels up to 4,096 nodes, three
 * to 262,144), and a change of a node's free count adds or drops it from
 * the sets between the old and the new count, one word each (its summary
 * only when the word empties or fills). The max-segment tree it replaced
 * walked log2(nodes) levels for both (bench/callgrind.sh's quick
 * difference at 50k and 250k jobs: 2,699 -> 2,662 instructions per M/M/c
 * job, 125 nodes). A bitmap with summaries is the usual structure for
 * this (Linux's find_next_bit scans the plain bitmap; the summaries keep
 * the search from walking the empty words of a nearly full facility).
 *
 * Invariant: a summary bit is set exactly when its word below is not zero.
 */
#ifndef DCSIM_FIRST_SET_H
#define DCSIM_FIRST_SET_H

#include <stddef.h>
#include <stdint.h>

#define FIRST_SET_MAX_LEVELS 6 /* 64^6 indices: far past any facility */

struct first_set {
	size_t n;
	int levels;
	uint64_t *word[FIRST_SET_MAX_LEVELS]; /* word[0]: the members */
	size_t words[FIRST_SET_MAX_LEVELS];
};

/* n indices, all members (full) or none; 0, or -1 out of memory (fini
 * frees a partial one). */
int first_set_init(struct first_set *s, size_t n, int full);
void first_set_fini(struct first_set *s);

static inline void first_set_add(struct first_set *s, size_t i)
{
	for (int l = 0; l < s->levels; l++, i >>= 6) {
		uint64_t *w = &s->word[l][i >> 6], was = *w;
		*w = was | (UINT64_C(1) << (i & 63));
		if (was)
			return; /* the summaries above already say the word is not empty */
	}
}

static inline void first_set_remove(struct first_set *s, size_t i)
{
	for (int l = 0; l < s->levels; l++, i >>= 6) {
		uint64_t *w = &s->word[l][i >> 6];
		*w &= ~(UINT64_C(1) << (i & 63));
		if (*w)
			return;
	}
}

/* The least member, or -1: down from the top word along the lowest set
 * bits, one word per level. */
static inline long first_set_first(const struct first_set *s)
{
	int l = s->levels - 1;
	if (s->word[l][0] == 0)
		return -1;
	size_t i = 0;
	for (; l >= 0; l--)
		i = (i << 6) | (size_t)__builtin_ctzll(s->word[l][i]);
	return (long)i;
}

/* The least member >= i, or -1. Climbs while the rest of a word is
 * empty, then descends along the lowest set bits. */
static inline long first_set_from(const struct first_set *s, size_t i)
{
	if (i >= s->n)
		return -1;
	int l = 0;
	for (;;) {
		size_t w = i >> 6;
		uint64_t m = s->word[l][w] & (~UINT64_C(0) << (i & 63));
		if (m) {
			i = (w << 6) | (size_t)__builtin_ctzll(m);
			break;
		}
		if (++l == s->levels || w + 1 >= s->words[l - 1])
			return -1;
		i = w + 1; /* the next word of level l - 1: a bit of level l */
	}
	while (l-- > 0)
		i = (i << 6) | (size_t)__builtin_ctzll(s->word[l][i]);
	return (long)i;
}

#endif
