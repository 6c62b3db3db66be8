/*
 * jfield.c - typed reads of JSON fields with error messages that name the
 * file, the JSON path and the rule broken.
 *
 * cJSON keeps duplicate keys and returns the first; a scenario with
 * "racks" twice is almost surely an editing mistake, so duplicates are
 * errors here rather than silently resolved.
 */
#include "jfield.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jfield_error(struct jfield *j, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_add(j->d, "%s: %s: %s", j->file, path[0] ? path : "(top level)", msg);
}

void jfield_oom(struct jfield *j, const char *path)
{
	diag_oom(j->d, "%s: %s: out of memory", j->file, path[0] ? path : "(top level)");
}

void jfield_path(char *buf, const char *parent, const char *key)
{
	if (parent[0])
		snprintf(buf, JPATH_MAX, "%s.%s", parent, key);
	else
		snprintf(buf, JPATH_MAX, "%s", key);
}

void jfield_index(char *buf, const char *parent, int i)
{
	snprintf(buf, JPATH_MAX, "%s[%d]", parent, i);
}

/* Bytes of the valid UTF-8 sequence at s, 0 if none starts there (RFC 3629:
 * no overlong forms, no surrogates, nothing past U+10FFFF). */
static size_t utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (n == 0 || s[0] > 0xf4)
		return 0;
	for (size_t k = 1; k < n; k++)
		if ((s[k] & 0xc0) != 0x80)
			return 0;
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;
	return n;
}

static int utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = utf8_len(p);
		if (n == 0)
			return 0;
		p += n;
	}
	return 1;
}

int jfield_check_utf8(struct jfield *j, const cJSON *v, const char *path)
{
	int rc = 0;
	if (cJSON_IsString(v) && v->valuestring && !utf8_valid(v->valuestring)) {
		jfield_error(j, path, "not valid UTF-8 text");
		rc = -1;
	}
	int i = 0;
	for (const cJSON *c = v->child; c; c = c->next, i++) {
		char p[JPATH_MAX];
		if (cJSON_IsObject(v) && c->string && !utf8_valid(c->string)) {
			jfield_error(j, path[0] ? path : "(root)", "a key is not valid UTF-8 text");
			rc = -1;
			continue;
		}
		if (cJSON_IsObject(v))
			jfield_path(p, path, c->string);
		else
			jfield_index(p, path, i);
		rc |= jfield_check_utf8(j, c, p);
	}
	return rc;
}

const char *jfield_type_name(const cJSON *item)
{
	if (cJSON_IsNumber(item))
		return "a number";
	if (cJSON_IsString(item))
		return "a string";
	if (cJSON_IsBool(item))
		return "a boolean";
	if (cJSON_IsNull(item))
		return "null";
	if (cJSON_IsArray(item))
		return "an array";
	if (cJSON_IsObject(item))
		return "an object";
	return "an invalid value";
}

size_t jfield_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return (size_t)-1; /* keys are short; long ones never match */
	size_t prev[65], cur[65];
	for (size_t k = 0; k <= lb; k++)
		prev[k] = k;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t k = 1; k <= lb; k++) {
			size_t sub = prev[k - 1] + (a[i - 1] != b[k - 1]);
			size_t del = prev[k] + 1, ins = cur[k - 1] + 1;
			size_t m = sub < del ? sub : del;
			cur[k] = m < ins ? m : ins;
		}
		memcpy(prev, cur, (lb + 1) * sizeof prev[0]);
	}
	return prev[lb];
}

const char *jfield_closest(const char *key, const char *const *allowed)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	for (size_t i = 0; allowed[i]; i++) {
		size_t d = jfield_edit_distance(key, allowed[i]);
		if (d < best_d) {
			best_d = d;
			best = allowed[i];
		}
	}
	/* Close enough to be a typo: at most 2 edits, or a third of the word. */
	size_t limit = strlen(key) / 3 > 2 ? strlen(key) / 3 : 2;
	return best_d <= limit ? best : NULL;
}

int jfield_check_keys(struct jfield *j, const cJSON *obj, const char *path,
		      const char *const *allowed)
{
	int rc = 0;
	char p[JPATH_MAX];
	for (const cJSON *c = obj->child; c; c = c->next) {
		jfield_path(p, path, c->string);
		for (const cJSON *e = obj->child; e != c; e = e->next) {
			if (strcmp(e->string, c->string) == 0) {
				jfield_error(j, p, "duplicate key");
				rc = -1;
				break;
			}
		}
		size_t i;
		for (i = 0; allowed[i]; i++)
			if (strcmp(allowed[i], c->string) == 0)
				break;
		if (allowed[i])
			continue;
		const char *hint = jfield_closest(c->string, allowed);
		if (hint)
			jfield_error(j, p, "unknown key (did you mean \"%s\"?)", hint);
		else
			jfield_error(j, p, "unknown key");
		rc = -1;
	}
	return rc;
}

/* The member key of obj into *it (NULL when absent) and its path into p.
 * -1 when it is absent but required. */
static int member(struct jfield *j, const cJSON *obj, const char *path, const char *key,
		  int required, const char *what, char *p, const cJSON **it)
{
	jfield_path(p, path, key);
	*it = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (*it || !required)
		return 0;
	jfield_error(j, p, "required %s is missing", what);
	return -1;
}

int jfield_number(struct jfield *j, const cJSON *obj, const char *path,
		  const char *key, int required, double dflt, double *out)
{
	char p[JPATH_MAX];
	const cJSON *it;
	*out = dflt;
	if (member(j, obj, path, key, required, "number", p, &it) != 0)
		return -1;
	if (!it)
		return 0;
	if (!cJSON_IsNumber(it)) {
		jfield_error(j, p, "must be a number, got %s", jfield_type_name(it));
		return -1;
	}
	if (!isfinite(it->valuedouble)) {
		jfield_error(j, p, "must be a finite number");
		return -1;
	}
	*out = it->valuedouble;
	return 0;
}

int jfield_range(struct jfield *j, const char *path, const char *key, double v,
		 double lo, int lo_open, double hi, int hi_open)
{
	int bad_lo = lo_open ? !(v > lo) : !(v >= lo);
	int bad_hi = hi_open ? !(v < hi) : !(v <= hi);
	if (!bad_lo && !bad_hi)
		return 0;
	char p[JPATH_MAX];
	jfield_path(p, path, key);
	if (isinf(hi))
		jfield_error(j, p, "must be %s %g, got %g", lo_open ? ">" : ">=", lo, v);
	else
		jfield_error(j, p, "must be in %s%g, %g%s, got %g", lo_open ? "(" : "[",
			     lo, hi, hi_open ? ")" : "]", v);
	return -1;
}

int jfield_number_in(struct jfield *j, const cJSON *obj, const char *path,
		     const char *key, int required, double dflt, double lo, int lo_open,
		     double hi, int hi_open, double *out)
{
	double v;
	if (jfield_number(j, obj, path, key, required, dflt, &v) != 0 ||
	    jfield_range(j, path, key, v, lo, lo_open, hi, hi_open) != 0)
		return -1;
	*out = v;
	return 0;
}

int jfield_int(struct jfield *j, const cJSON *obj, const char *path,
	       const char *key, int required, long dflt, long lo, long hi, long *out)
{
	double v;
	*out = dflt;
	if (jfield_number(j, obj, path, key, required, (double)dflt, &v) != 0)
		return -1;
	char p[JPATH_MAX];
	jfield_path(p, path, key);
	if (v != floor(v)) {
		jfield_error(j, p, "must be a whole number, got %g", v);
		return -1;
	}
	if (v < (double)lo || v > (double)hi) {
		jfield_error(j, p, "must be in [%ld, %ld], got %g", lo, hi, v);
		return -1;
	}
	*out = (long)v;
	return 0;
}

static char *dup_or_null(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *c = malloc(n);
	if (c)
		memcpy(c, s, n);
	return c;
}

int jfield_string(struct jfield *j, const cJSON *obj, const char *path,
		  const char *key, int required, const char *dflt, char **out)
{
	char p[JPATH_MAX];
	const cJSON *it;
	*out = NULL;
	if (member(j, obj, path, key, required, "string", p, &it) != 0)
		return -1;
	if (!it) {
		*out = dup_or_null(dflt);
		if (dflt && !*out) {
			jfield_oom(j, p);
			return -1;
		}
		return 0;
	}
	if (!cJSON_IsString(it)) {
		jfield_error(j, p, "must be a string, got %s", jfield_type_name(it));
		return -1;
	}
	*out = dup_or_null(it->valuestring);
	if (!*out) {
		jfield_oom(j, p);
		return -1;
	}
	return 0;
}

int jfield_bool(struct jfield *j, const cJSON *obj, const char *path,
		const char *key, int dflt, int *out)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	*out = dflt;
	if (!it)
		return 0;
	if (!cJSON_IsBool(it)) {
		char p[JPATH_MAX];
		jfield_path(p, path, key);
		jfield_error(j, p, "must be true or false, got %s", jfield_type_name(it));
		return -1;
	}
	*out = cJSON_IsTrue(it);
	return 0;
}

int jfield_object(struct jfield *j, const cJSON *obj, const char *path,
		  const char *key, int required, const cJSON **out)
{
	char p[JPATH_MAX];
	const cJSON *it;
	*out = NULL;
	if (member(j, obj, path, key, required, "object", p, &it) != 0)
		return -1;
	if (!it)
		return 0;
	if (!cJSON_IsObject(it)) {
		jfield_error(j, p, "must be an object, got %s", jfield_type_name(it));
		return -1;
	}
	*out = it;
	return 0;
}

int jfield_enum(struct jfield *j, const cJSON *obj, const char *path,
		const char *key, int required, int dflt, const char *const *names,
		int *out)
{
	char p[JPATH_MAX];
	const cJSON *it;
	*out = dflt;
	if (member(j, obj, path, key, required, "string", p, &it) != 0)
		return -1;
	if (!it)
		return 0;
	if (cJSON_IsString(it)) {
		for (int i = 0; names[i]; i++) {
			if (strcmp(names[i], it->valuestring) == 0) {
				*out = i;
				return 0;
			}
		}
	}
	char list[256] = "";
	for (int i = 0; names[i]; i++) {
		size_t n = strlen(list);
		snprintf(list + n, sizeof list - n, "%s\"%s\"", i ? ", " : "", names[i]);
	}
	const char *hint = cJSON_IsString(it) ? jfield_closest(it->valuestring, names) : NULL;
	if (hint)
		jfield_error(j, p, "must be one of %s (did you mean \"%s\"?)", list, hint);
	else
		jfield_error(j, p, "must be one of %s", list);
	return -1;
}

int jfield_array(struct jfield *j, const cJSON *obj, const char *path, const char *key,
		 size_t max, const char *what, size_t elem, const cJSON **arr, void **out,
		 size_t *n)
{
	char p[JPATH_MAX];
	jfield_path(p, path, key);
	*arr = cJSON_GetObjectItemCaseSensitive(obj, key);
	*out = NULL;
	*n = 0;
	if (!*arr)
		return 0;
	if (!cJSON_IsArray(*arr) || (size_t)cJSON_GetArraySize(*arr) > max) {
		jfield_error(j, p, "must be an array of at most %zu %s", max, what);
		return -1;
	}
	size_t count = (size_t)cJSON_GetArraySize(*arr);
	*out = calloc(count ? count : 1, elem);
	if (!*out) {
		jfield_oom(j, p);
		return -1;
	}
	*n = count;
	return 0;
}
