/*
 * series_cache.h - input series parsed once and shared read-only.
 *
 * A sweep loads one scenario per point, and most points read the same
 * weather, grid and trace files: parsing them (libcsv, psychrometrics)
 * costs more than a short run. Scenarios loaded with one cache parse each
 * file once, on the first load that needs it, and borrow its arrays after
 * that. Values are immutable once stored, so runs on any thread read them
 * without locks. The cache must outlive every scenario loaded with it.
 */
#ifndef DCSIM_SERIES_CACHE_H
#define DCSIM_SERIES_CACHE_H

#include <stddef.h>

#include "diag.h"

struct series_cache;

/* NULL without memory. */
struct series_cache *series_cache_new(void);
/* Frees every stored value; no scenario loaded with c may be in use. */
void series_cache_free(struct series_cache *c);

/* Parse into *value (malloc'd, freed later by free_value): 0, or -1 with
 * the messages in d. */
typedef int (*series_load_fn)(void *arg, void **value, struct diag *d);

/*
 * The value stored under the key printed from key_fmt (it names the file
 * and everything the parse depends on), loading it with load(arg) on a
 * miss. A key loads once, under the cache's lock: a thread wanting a file
 * being parsed waits for it rather than parsing it twice. A failed load
 * stores nothing, so every scenario naming a bad file reports it. 0 with
 * *value, or -1.
 */
int series_cache_get(struct series_cache *c, series_load_fn load, void (*free_value)(void *),
		     void *arg, void **value, struct diag *d, const char *key_fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Number of stored values (for tests). */
size_t series_cache_count(const struct series_cache *c);

#endif
