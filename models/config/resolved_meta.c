/*
 * resolved_meta.c - the name, description and first day of a results
 * directory, and its services' latency targets, read from the
 * resolved.json or sweep.json dcsim wrote there.
 *
 * The config layer is the only cJSON code, so the report asks here. The
 * files are dcsim's own output; a missing key is not an error, it leaves
 * the field empty (a report still renders without a description).
 */
#include "resolved_meta.h"

#include <math.h>
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

static double number_or_nan(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNumber(v) ? v->valuedouble : (double)NAN;
}

/* workload.services[]: each one's name and targets (the report draws the
 * targets beside the latencies of inference.csv). */
static void read_services(const cJSON *sc, struct resolved_meta *m)
{
	const cJSON *wl = cJSON_GetObjectItemCaseSensitive(sc, "workload");
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(wl, "services");
	int n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
	free(m->services);
	m->services = n > 0 ? calloc((size_t)n, sizeof *m->services) : NULL;
	m->n_services = m->services ? (size_t)n : 0;
	for (size_t i = 0; i < m->n_services; i++) {
		const cJSON *s = cJSON_GetArrayItem(arr, (int)i);
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(s, "name");
		struct resolved_service *o = &m->services[i];
		snprintf(o->name, sizeof o->name, "%s",
			 cJSON_IsString(name) ? name->valuestring : "");
		o->slo_ttft_s = number_or_nan(s, "slo_ttft_s");
		o->slo_e2e_s = number_or_nan(s, "slo_e2e_s");
	}
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
	read_services(top, m);
	cJSON_Delete(root);
	return m->name && m->description ? 0 : -1;
}

int resolved_meta_read(const char *dir, struct resolved_meta *m)
{
	m->name = calloc(1, 1);
	m->description = calloc(1, 1);
	m->start_day_of_year = 1;
	m->services = NULL;
	m->n_services = 0;
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
	free(m->services);
	m->name = m->description = NULL;
	m->services = NULL;
	m->n_services = 0;
}
