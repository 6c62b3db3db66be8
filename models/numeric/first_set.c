/*
 * first_set.c - building and freeing a first_set (first_set.h has the
 * structure and its invariant; the updates and the search are inline).
 */
#include "first_set.h"

#include <stdlib.h>
#include <string.h>

/* Words of level l's bits set for indices [0, n) (all ones: full). */
static void fill(uint64_t *word, size_t words, size_t n, int full)
{
	memset(word, 0, words * sizeof *word);
	if (!full)
		return;
	for (size_t i = 0; i < n / 64; i++)
		word[i] = ~UINT64_C(0);
	if (n % 64)
		word[n / 64] = (UINT64_C(1) << (n % 64)) - 1;
}

int first_set_init(struct first_set *s, size_t n, int full)
{
	memset(s, 0, sizeof *s);
	s->n = n;
	size_t bits = n ? n : 1; /* at level l: the words of level l - 1 */
	do {
		if (s->levels == FIRST_SET_MAX_LEVELS)
			return -1; /* (past 64^6 indices) */
		size_t words = (bits + 63) / 64;
		s->word[s->levels] = malloc(words * sizeof *s->word[0]);
		if (!s->word[s->levels])
			return -1;
		fill(s->word[s->levels], words, s->levels == 0 ? n : bits, full && n > 0);
		s->words[s->levels++] = words;
		bits = words;
	} while (bits > 1);
	return 0;
}

void first_set_fini(struct first_set *s)
{
	for (int l = 0; l < FIRST_SET_MAX_LEVELS; l++)
		free(s->word[l]);
	memset(s, 0, sizeof *s);
}
