/*
 * grow_array.h - room for one more element at the end of a growing array.
 *
 * Inline: appends sit on hot paths (a job record per job, a thermal term
 * per running job and solve), where the common case is one comparison.
 */
#ifndef DCSIM_GROW_ARRAY_H
#define DCSIM_GROW_ARRAY_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/*
 * arr holds n elements of size bytes in room for *cap. With room to spare,
 * returns arr. Full, returns arr reallocated to twice the room (first
 * elements when *cap is 0) and updates *cap; NULL without memory or when
 * the size overflows, arr and *cap unchanged. Doubling keeps appends
 * amortised O(1).
 */
static inline void *grow_array(void *arr, size_t n, size_t *cap, size_t size, size_t first)
{
	if (n < *cap)
		return arr;
	size_t c = *cap ? 2 * *cap : first;
	if (c < *cap || c > SIZE_MAX / size)
		return NULL;
	void *p = realloc(arr, c * size);
	if (p)
		*cap = c;
	return p;
}

#endif
