/*
 * scenario_table.c - the walks over a section's descriptor rows: defaults,
 * the unknown-key check, the read with its range checks, and resolved.json.
 *
 * Units: a row's scale turns the JSON value into the stored one (kW keys
 * held in W); the emit divides by it again, so a value read and written
 * back is the number the user gave. The messages are jfield's, so a key
 * read through a row says exactly what a hand-written read said.
 */
#include "scenario_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 64
#define MAX_NAMES 32

static void *at(void *base, const struct scenario_field *f)
{
	return (char *)base + f->offset;
}

static const void *cat(const void *base, const struct scenario_field *f)
{
	return (const char *)base + f->offset;
}

static double scale_of(const struct scenario_field *f)
{
	return f->scale != 0 ? f->scale : 1.0;
}

const struct scenario_field *scenario_table_row(const struct scenario_field *t, const char *key)
{
	for (; t->key; t++)
		if (strcmp(t->key, key) == 0)
			return t;
	return NULL;
}

const char *scenario_field_name(const struct scenario_field *f, int i)
{
	if (f->name_at)
		return f->name_at(i);
	for (int k = 0; k < i; k++)
		if (!f->names[k])
			return NULL;
	return f->names[i];
}

int scenario_field_default(const struct scenario_field *f, void *base)
{
	if (f->type == FIELD_STRING && f->dflt_str) {
		char **s = at(base, f);
		free(*s);
		*s = strdup(f->dflt_str);
		return *s ? 0 : -1;
	}
	if (f->type == FIELD_NAME && f->dflt_str)
		snprintf(at(base, f), f->size, "%s", f->dflt_str);
	else if (f->has_dflt && f->type == FIELD_NUMBER)
		*(double *)at(base, f) = f->dflt * scale_of(f);
	else if (f->has_dflt && FIELD_IS_PLAIN(f))
		*(int *)at(base, f) = (int)f->dflt;
	return 0;
}

int scenario_table_defaults(const struct scenario_field *t, void *base)
{
	int rc = 0;
	for (; t->key; t++)
		rc |= scenario_field_default(t, base);
	return rc;
}

int scenario_table_check_keys(struct jfield *j, const cJSON *o, const char *path,
			      const struct scenario_field *t)
{
	const char *keys[MAX_ROWS + 1];
	size_t n = 0;
	for (; t->key && n < MAX_ROWS; t++)
		keys[n++] = t->key;
	keys[n] = NULL;
	return jfield_check_keys(j, o, path, keys);
}

static int read_number(struct jfield *j, const cJSON *o, const char *path,
		       const struct scenario_field *f, const struct scenario_field *t, void *base,
		       int req)
{
	double *dst = at(base, f);
	double s = scale_of(f);
	double hi = f->hi;
	if (f->hi_key) {
		const struct scenario_field *h = scenario_table_row(t, f->hi_key);
		hi = *(const double *)at(base, h) / scale_of(h);
	}
	double v;
	if (jfield_number_in(j, o, path, f->key, req, *dst / s, f->lo, f->lo_open, hi,
			     f->hi_open, &v) != 0)
		return -1;
	*dst = v * s;
	return 0;
}

static int read_string(struct jfield *j, const cJSON *o, const char *path,
		       const struct scenario_field *f, void *base, int req)
{
	char *v = NULL;
	if (f->type == FIELD_NAME) {
		char *buf = at(base, f);
		if (jfield_string(j, o, path, f->key, req, buf, &v) != 0)
			return -1;
		if (v)
			snprintf(buf, f->size, "%s", v);
		free(v);
		return 0;
	}
	char **dst = at(base, f);
	if (jfield_string(j, o, path, f->key, req, *dst, &v) != 0)
		return -1;
	free(*dst);
	*dst = v;
	return 0;
}

static int read_enum(struct jfield *j, const cJSON *o, const char *path,
		     const struct scenario_field *f, void *base, int req)
{
	const char *names[MAX_NAMES + 1];
	int n = 0;
	for (const char *s; n < MAX_NAMES && (s = scenario_field_name(f, n)); n++)
		names[n] = s;
	names[n] = NULL;
	int *dst = at(base, f);
	int v;
	if (jfield_enum(j, o, path, f->key, req, *dst, names, &v) != 0)
		return -1;
	*dst = v;
	return 0;
}

static int read_row(struct jfield *j, const cJSON *o, const char *path,
		    const struct scenario_field *f, const struct scenario_field *t, void *base,
		    int custom)
{
	int req = (f->flags & FIELD_REQUIRED) || (custom && (f->flags & FIELD_REQ_CUSTOM));
	int *iv = at(base, f);
	long l;
	switch (f->type) {
	case FIELD_NUMBER:
		return read_number(j, o, path, f, t, base, req);
	case FIELD_INT:
		if (jfield_int(j, o, path, f->key, req, *iv, (long)f->lo, (long)f->hi, &l) != 0)
			return -1;
		*iv = (int)l;
		return 0;
	case FIELD_BOOL:
		return jfield_bool(j, o, path, f->key, *iv, iv);
	case FIELD_STRING:
	case FIELD_NAME:
		return read_string(j, o, path, f, base, req);
	case FIELD_ENUM:
		return read_enum(j, o, path, f, base, req);
	default: /* not plain: the section reads it */
		break;
	}
	return 0;
}

/* Rows whose upper bound is row key's value, read right after it. */
static int read_dependents(struct jfield *j, const cJSON *o, const char *path,
			   const struct scenario_field *t, const char *key, void *base, int custom)
{
	int rc = 0;
	for (const struct scenario_field *f = t; f->key; f++)
		if (f->hi_key && strcmp(f->hi_key, key) == 0)
			rc |= read_row(j, o, path, f, t, base, custom);
	return rc;
}

int scenario_table_read(struct jfield *j, const cJSON *o, const char *path,
			const struct scenario_field *t, void *base, int custom)
{
	int rc = 0;
	for (const struct scenario_field *f = t; f->key; f++) {
		if (!FIELD_IS_PLAIN(f) || (f->flags & FIELD_HAND) || f->hi_key)
			continue;
		rc |= read_row(j, o, path, f, t, base, custom);
		rc |= read_dependents(j, o, path, t, f->key, base, custom);
	}
	return rc;
}

int scenario_field_applies(const struct scenario_field *f, int variant)
{
	return f->only == 0 || (f->only & VARIANT(variant)) != 0;
}

/* The variants that read f, "a", "a and b" or "a, b and c", into buf. */
static void readers(const struct scenario_field *f, const char *const *names, char *buf,
		    size_t size)
{
	int n = 0, total = 0;
	for (int i = 0; names[i]; i++)
		total += (f->only & VARIANT(i)) != 0;
	buf[0] = '\0';
	for (int i = 0; names[i]; i++) {
		if (!(f->only & VARIANT(i)))
			continue;
		size_t used = strlen(buf);
		const char *sep = n == 0 ? "" : n == total - 1 ? " and " : ", ";
		snprintf(buf + used, size - used, "%s%s", sep, names[i]);
		n++;
	}
}

int scenario_table_check_only(struct jfield *j, const cJSON *o, const char *path,
			      const struct scenario_field *t, int variant,
			      const struct field_variants *v)
{
	int rc = 0;
	for (const cJSON *c = o->child; c; c = c->next) {
		const struct scenario_field *f = scenario_table_row(t, c->string);
		if (!f || scenario_field_applies(f, variant))
			continue;
		char p[JPATH_MAX], who[128];
		jfield_path(p, path, c->string);
		if (v->name_current)
			snprintf(who, sizeof who, "%s", v->names[variant]);
		else
			readers(f, v->names, who, sizeof who);
		jfield_error(j, p, "%s%s%s", v->before, who, v->after);
		rc = -1;
	}
	return rc;
}

int scenario_table_number(struct jfield *j, const cJSON *o, const char *path,
			  const struct scenario_field *t, const char *key, int required,
			  double dflt, double *out)
{
	const struct scenario_field *f = scenario_table_row(t, key);
	return jfield_number_in(j, o, path, key, required, dflt, f->lo, f->lo_open, f->hi,
				f->hi_open, out);
}

int scenario_table_read_key(struct jfield *j, const cJSON *o, const char *path,
			    const struct scenario_field *t, const char *key, void *base,
			    int custom)
{
	const struct scenario_field *f = scenario_table_row(t, key);
	return read_row(j, o, path, f, t, base, custom);
}

int scenario_field_emit(cJSON *o, const struct scenario_field *f, const void *base)
{
	const int *iv = cat(base, f);
	const char *s;
	switch (f->type) {
	case FIELD_NUMBER: {
		double v = *(const double *)cat(base, f);
		if ((f->flags & FIELD_IF_POSITIVE) && !(v > 0))
			return 0;
		return cJSON_AddNumberToObject(o, f->key, f->scale != 0 ? v / f->scale : v) ? 0 : -1;
	}
	case FIELD_INT:
		return cJSON_AddNumberToObject(o, f->key, *iv) ? 0 : -1;
	case FIELD_BOOL:
		return cJSON_AddBoolToObject(o, f->key, *iv) ? 0 : -1;
	case FIELD_STRING:
		s = *(char *const *)cat(base, f);
		return cJSON_AddStringToObject(o, f->key, s ? s : "") ? 0 : -1;
	case FIELD_NAME:
		return cJSON_AddStringToObject(o, f->key, cat(base, f)) ? 0 : -1;
	case FIELD_ENUM:
		return cJSON_AddStringToObject(o, f->key, scenario_field_name(f, *iv)) ? 0 : -1;
	default: /* not plain */
		break;
	}
	return 0;
}

static int emit_list(cJSON *o, const struct scenario_field *f, const void *base,
		     field_emit_hook hook, void *ctx)
{
	size_t n = *(const size_t *)((const char *)base + f->count_at);
	const char *elems = f->flags & FIELD_INLINE ? cat(base, f)
						    : *(const char *const *)cat(base, f);
	if (n == 0 && (f->flags & FIELD_OMIT_EMPTY))
		return 0;
	cJSON *arr = cJSON_AddArrayToObject(o, f->key);
	int rc = arr ? 0 : -1;
	for (size_t i = 0; arr && i < n; i++) {
		cJSON *e = cJSON_CreateObject();
		if (!e || !cJSON_AddItemToArray(arr, e)) {
			cJSON_Delete(e);
			return -1;
		}
		rc |= scenario_table_emit(e, f->sub, elems + i * f->size, hook, ctx);
	}
	return rc;
}

int scenario_table_streams(const struct scenario_section *s, const void *base, size_t index,
			   const struct scenario *sc, stream_add add, void *ctx)
{
	int rc = s->streams ? s->streams(base, index, sc, add, ctx) : 0;
	for (const struct scenario_field *f = s->fields; f->key && rc == 0; f++) {
		if (!f->sub)
			continue;
		if (f->type == FIELD_OBJECT) {
			rc = scenario_table_streams(f->sub, cat(base, f), 0, sc, add, ctx);
		} else if (f->type == FIELD_LIST) {
			size_t n = *(const size_t *)((const char *)base + f->count_at);
			const char *elems = f->flags & FIELD_INLINE ? cat(base, f)
								    : *(const char *const *)cat(base, f);
			for (size_t i = 0; i < n && rc == 0; i++)
				rc = scenario_table_streams(f->sub, elems + i * f->size, i, sc, add,
							    ctx);
		}
	}
	return rc;
}

int scenario_table_emit(cJSON *o, const struct scenario_section *s, const void *base,
			field_emit_hook hook, void *ctx)
{
	if (!o)
		return -1;
	int rc = 0;
	for (const struct scenario_field *f = s->fields; f->key; f++) {
		if (f->flags & FIELD_NO_EMIT)
			continue;
		int claimed = hook ? hook(ctx, o, s, f, base) : 0;
		if (claimed < 0)
			rc = -1;
		else if (claimed)
			continue;
		else if (FIELD_IS_PLAIN(f))
			rc |= scenario_field_emit(o, f, base);
		else if (f->type == FIELD_OBJECT)
			rc |= scenario_table_emit(cJSON_AddObjectToObject(o, f->key), f->sub,
						  cat(base, f), hook, ctx);
		else if (f->type == FIELD_LIST)
			rc |= emit_list(o, f, base, hook, ctx);
	}
	return rc;
}
