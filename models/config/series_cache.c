/*
 * series_cache.c - a list of (key, value) pairs behind one OpenMP lock.
 *
 * A sweep names few distinct files (a site or two, a grid region), so a
 * linear search is plenty; the lock is held through a miss's parse so that
 * two threads starting on the same new file do the work once.
 */
#include "series_cache.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow_array.h"

#ifdef _OPENMP
#include <omp.h>
#endif

struct entry {
	char *key;
	void *value;
	void (*free_value)(void *);
};

struct series_cache {
	struct entry *e;
	size_t n, cap;
#ifdef _OPENMP
	omp_lock_t lock;
#endif
};

struct series_cache *series_cache_new(void)
{
	struct series_cache *c = calloc(1, sizeof *c);
#ifdef _OPENMP
	if (c)
		omp_init_lock(&c->lock);
#endif
	return c;
}

void series_cache_free(struct series_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		c->e[i].free_value(c->e[i].value);
		free(c->e[i].key);
	}
	free(c->e);
#ifdef _OPENMP
	omp_destroy_lock(&c->lock);
#endif
	free(c);
}

/* On a store the entry takes *key (set to NULL). */
static int lookup_or_load(struct series_cache *c, char **key, series_load_fn load,
			  void (*free_value)(void *), void *arg, void **value, struct diag *d)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->e[i].key, *key) == 0) {
			*value = c->e[i].value;
			return 0;
		}
	struct entry *e = grow_array(c->e, c->n, &c->cap, sizeof *e, 8);
	if (!e) {
		diag_oom(d, "%s: out of memory", *key);
		return -1;
	}
	c->e = e;
	void *v = NULL;
	if (load(arg, &v, d) != 0)
		return -1;
	c->e[c->n++] = (struct entry){ *key, v, free_value };
	*key = NULL;
	*value = v;
	return 0;
}

int series_cache_get(struct series_cache *c, series_load_fn load, void (*free_value)(void *),
		     void *arg, void **value, struct diag *d, const char *key_fmt, ...)
{
	va_list ap;
	va_start(ap, key_fmt);
	int n = vsnprintf(NULL, 0, key_fmt, ap);
	va_end(ap);
	char *key = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (!key) {
		diag_oom(d, "%s: out of memory", key_fmt);
		return -1;
	}
	va_start(ap, key_fmt);
	vsnprintf(key, (size_t)n + 1, key_fmt, ap);
	va_end(ap);
#ifdef _OPENMP
	omp_set_lock(&c->lock);
#endif
	int rc = lookup_or_load(c, &key, load, free_value, arg, value, d);
#ifdef _OPENMP
	omp_unset_lock(&c->lock);
#endif
	free(key);
	return rc;
}

size_t series_cache_count(const struct series_cache *c)
{
	return c->n;
}
