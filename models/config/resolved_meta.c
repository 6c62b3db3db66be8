/*
 * resolved_meta.c - the name, description and first day of a results
 * directory, read from the resolved.json or sweep.json dcsim wrote there.
 *
 * The config layer is the only cJSON code, so the report asks here. The
 * files are dcsim's own output; a missing key is not an error, it leaves
 * the field empty (a report still renders without a description).
 */
#include "resolved_meta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		n += fread(buf + n, 1, cap - n - 1, f);
		if (n < cap - 1)
			break;
		char *nb = realloc(buf, cap * 2);
		if (!nb) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = nb;
		cap *= 2;
	}
	fclose(f);
	if (buf)
		buf[n] = '\0';
	return buf;
}

static char *dup_string(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	const char *s = cJSON_IsString(v) ? v->valuestring : "";
	char *out = malloc(strlen(s) + 1);
	if (out)
		strcpy(out, s);
	return out;
}

static int read_json(const char *dir, const char *name, struct resolved_meta *m)
{
	char path[8800];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	char *text = read_all(path);
	cJSON *root = text ? cJSON_Parse(text) : NULL;
	free(text);
	if (!root)
		return -1;
	/* resolved.json holds the scenario under "scenario"; sweep.json its
	 * own name at the top */
	const cJSON *sc = cJSON_GetObjectItemCaseSensitive(root, "scenario");
	const cJSON *top = cJSON_IsObject(sc) ? sc : root;
	free(m->name);
	free(m->description);
	m->name = dup_string(top, "name");
	m->description = dup_string(top, "description");
	/* sweep.json keeps no description of its own, nor may plan.json: its
	 * base scenario's */
	const cJSON *base = cJSON_GetObjectItemCaseSensitive(root, "base");
	const cJSON *bsc = cJSON_GetObjectItemCaseSensitive(base, "scenario");
	if (m->description && !m->description[0] && cJSON_IsObject(bsc)) {
		free(m->description);
		m->description = dup_string(bsc, "description");
	}
	const cJSON *w = cJSON_GetObjectItemCaseSensitive(top, "weather");
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(w, "start_day_of_year");
	if (cJSON_IsNumber(d) && d->valuedouble >= 1 && d->valuedouble <= 366)
		m->start_day_of_year = (int)d->valuedouble;
	cJSON_Delete(root);
	return m->name && m->description ? 0 : -1;
}

int resolved_meta_read(const char *dir, struct resolved_meta *m)
{
	m->name = calloc(1, 1);
	m->description = calloc(1, 1);
	m->start_day_of_year = 1;
	if (read_json(dir, "resolved.json", m) == 0)
		return 0;
	if (read_json(dir, "plan.json", m) == 0)
		return 0;
	return read_json(dir, "sweep.json", m);
}

void resolved_meta_fini(struct resolved_meta *m)
{
	free(m->name);
	free(m->description);
	m->name = m->description = NULL;
}
