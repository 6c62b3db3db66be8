/*
 * jfield.h - typed, validated reads of JSON fields for the scenario loader.
 *
 * Part of the loader: only scenario_*.c and this file include cJSON. Every
 * failed rule adds one message "FILE: PATH: RULE" to the diag and returns -1,
 * so the loader can go on and report every error in one pass. PATH is the
 * JSON path of the field (racks, workload.classes[2].duration.mean_h).
 */
#ifndef DCSIM_JFIELD_H
#define DCSIM_JFIELD_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "diag.h"

#define JPATH_MAX 256

struct jfield {
	const char *file;
	struct diag *d;
};

void jfield_error(struct jfield *j, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "FILE: PATH: out of memory", marked as an allocation failure. */
void jfield_oom(struct jfield *j, const char *path);
/* "parent.key", or "key" at the root. */
void jfield_path(char *buf, const char *parent, const char *key);
/* "parent[i]". */
void jfield_index(char *buf, const char *parent, int i);

/* Every string and key under v is valid UTF-8 (cJSON does not check, and
 * resolved.json would not be JSON); each bad one is an error at its path. */
int jfield_check_utf8(struct jfield *j, const cJSON *v, const char *path);

/* Every member of obj must be in allowed (NULL-terminated) and appear once.
 * Unknown keys get a "did you mean" when an allowed key is close. */
int jfield_check_keys(struct jfield *j, const cJSON *obj, const char *path,
		      const char *const *allowed);
/* The entry of allowed (NULL-terminated) close enough to key to be its
 * typo, or NULL. */
const char *jfield_closest(const char *key, const char *const *allowed);
/* Levenshtein distance, for suggestions. */
size_t jfield_edit_distance(const char *a, const char *b);

/* Numbers: absent -> *out = dflt, or an error if required. Rejects
 * non-numbers and non-finite values. */
int jfield_number(struct jfield *j, const cJSON *obj, const char *path,
		  const char *key, int required, double dflt, double *out);
/* The value must lie in [lo, hi]; lo_open/hi_open make that end strict. */
int jfield_range(struct jfield *j, const char *path, const char *key, double v,
		 double lo, int lo_open, double hi, int hi_open);
/* jfield_number then jfield_range; *out is written only when both pass. */
int jfield_number_in(struct jfield *j, const cJSON *obj, const char *path,
		     const char *key, int required, double dflt, double lo, int lo_open,
		     double hi, int hi_open, double *out);
/* A whole number in [lo, hi]. */
int jfield_int(struct jfield *j, const cJSON *obj, const char *path,
	       const char *key, int required, long dflt, long lo, long hi, long *out);
/* A string; *out is a malloc'd copy (of dflt when absent; NULL dflt gives NULL). */
int jfield_string(struct jfield *j, const cJSON *obj, const char *path,
		  const char *key, int required, const char *dflt, char **out);
int jfield_bool(struct jfield *j, const cJSON *obj, const char *path,
		const char *key, int dflt, int *out);
/* An object member: *out NULL when absent (an error if required). */
int jfield_object(struct jfield *j, const cJSON *obj, const char *path,
		  const char *key, int required, const cJSON **out);
/*
 * An array of at most max entries at obj.key, with room for them: *out gets
 * calloc'd zeroed elements of elem bytes and *n their count, *arr the JSON
 * array. Absent: *out NULL and *n 0. what names an entry in the message
 * ("job classes").
 */
int jfield_array(struct jfield *j, const cJSON *obj, const char *path, const char *key,
		 size_t max, const char *what, size_t elem, const cJSON **arr, void **out,
		 size_t *n);
/* One of names[] (NULL-terminated); *out its index. */
int jfield_enum(struct jfield *j, const cJSON *obj, const char *path,
		const char *key, int required, int dflt, const char *const *names,
		int *out);

const char *jfield_type_name(const cJSON *item);

#endif
