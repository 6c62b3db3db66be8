/*
 * scenario_set.c - command-line overrides: --set PATH=VALUE.
 *
 * PATH uses the same syntax as error messages (cluster.racks,
 * workload.classes[1].utilization). VALUE is parsed as JSON when it is valid
 * JSON (numbers, true, arrays, objects) and taken as a string otherwise, so
 * --set name=trial works without quotes. The override is written into the
 * document before validation, so it meets exactly the rules of the file.
 * Missing objects along the path are created; array indices must exist.
 * Before anything is written the path is checked against the descriptor
 * tables, so a typo is named with its --set and a "did you mean" (sweep
 * axes use the same check when the sweep file is read).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "scenario_table.h"

#define MAX_KEYS 64

struct path_step {
	char key[JPATH_MAX]; /* empty for an index step */
	long index;
};

/* Parse the next step at *s; advances *s. 0 ok, -1 malformed. */
static int next_step(const char **s, struct path_step *st)
{
	const char *p = *s;
	st->key[0] = '\0';
	st->index = -1;
	if (*p == '[') {
		char *end;
		st->index = strtol(p + 1, &end, 10);
		if (end == p + 1 || *end != ']' || st->index < 0)
			return -1;
		p = end + 1;
	} else {
		size_t n = 0;
		while (*p && *p != '.' && *p != '[') {
			if (n + 1 >= sizeof st->key || !(isalnum((unsigned char)*p) || *p == '_'))
				return -1;
			st->key[n++] = *p++;
		}
		if (n == 0)
			return -1;
		st->key[n] = '\0';
	}
	if (*p == '.') {
		p++;
		if (!*p)
			return -1;
	}
	*s = p;
	return 0;
}

/* The row of key in s or the shape it may also take, else NULL. */
static const struct scenario_field *row_in(const struct scenario_section *s, const char *key)
{
	const struct scenario_field *f = scenario_table_row(s->fields, key);
	return f || !s->also ? f : scenario_table_row(s->also->fields, key);
}

static const char *hint_in(const struct scenario_section *s, const char *key)
{
	const char *keys[MAX_KEYS + 1];
	size_t n = 0;
	for (const struct scenario_section *x = s; x; x = x == s ? s->also : NULL)
		for (const struct scenario_field *f = x->fields; f->key && n < MAX_KEYS; f++)
			keys[n++] = f->key;
	keys[n] = NULL;
	return jfield_closest(key, keys);
}

int scenario_set_check_path(const char *path, char *bad, const char **hint)
{
	const struct scenario_section *s = &scenario_root_section;
	struct path_step st;
	const char *p = path;
	size_t used = 0;
	*hint = NULL;
	bad[0] = '\0';
	while (*p && s) {
		const char *at = p;
		if (next_step(&p, &st) != 0)
			return 0; /* malformed: the walk says so */
		used += (size_t)(p - at);
		if (!st.key[0])
			continue; /* an entry of a list: its section covers it */
		const struct scenario_field *f = row_in(s, st.key);
		if (!f) {
			size_t n = used - (p[-1] == '.' ? 1 : 0);
			snprintf(bad, JPATH_MAX, "%.*s", (int)n, path);
			*hint = hint_in(s, st.key);
			return -1;
		}
		s = f->sub; /* NULL: the row's own code checks what lies below */
	}
	return 0;
}

static int check_path(struct jfield *j, const char *set, const char *path)
{
	char bad[JPATH_MAX];
	const char *hint;
	if (scenario_set_check_path(path, bad, &hint) == 0)
		return 0;
	if (hint)
		diag_add(j->d, "--set %s: %s: unknown key (did you mean \"%s\"?)", set, bad, hint);
	else
		diag_add(j->d, "--set %s: %s: unknown key", set, bad);
	return -1;
}

static cJSON *parse_value(const char *v)
{
	cJSON *val;
#ifdef _OPENMP
#pragma omp critical(dcsim_cjson_parse) /* its global error position: scenario_load.c */
#endif
	val = cJSON_Parse(v);
	return val ? val : cJSON_CreateString(v);
}

/* Replace or add the member (key or index) of parent; takes val. */
static int put(cJSON *parent, const struct path_step *st, cJSON *val)
{
	if (st->key[0]) {
		if (cJSON_GetObjectItemCaseSensitive(parent, st->key))
			return cJSON_ReplaceItemInObjectCaseSensitive(parent, st->key, val) ? 0 : -1;
		return cJSON_AddItemToObject(parent, st->key, val) ? 0 : -1;
	}
	return cJSON_ReplaceItemInArray(parent, (int)st->index, val) ? 0 : -1;
}

static int apply_one(struct jfield *j, cJSON *root, const char *set)
{
	const char *eq = strchr(set, '=');
	char path[JPATH_MAX];
	if (!eq || eq == set || (size_t)(eq - set) >= sizeof path) {
		diag_add(j->d, "--set %s: expected PATH=VALUE (e.g. cluster.racks=40)", set);
		return -1;
	}
	memcpy(path, set, (size_t)(eq - set));
	path[eq - set] = '\0';
	if (check_path(j, set, path) != 0)
		return -1;
	const char *s = path;
	cJSON *cur = root;
	struct path_step st;
	for (;;) {
		if (next_step(&s, &st) != 0) {
			diag_add(j->d, "--set %s: malformed path \"%s\"", set, path);
			return -1;
		}
		int last = *s == '\0';
		if (st.key[0] && !cJSON_IsObject(cur)) {
			diag_add(j->d, "--set %s: \"%s\" is inside %s, not an object", set,
				 st.key, jfield_type_name(cur));
			return -1;
		}
		if (!st.key[0] && (!cJSON_IsArray(cur) || st.index >= cJSON_GetArraySize(cur))) {
			diag_add(j->d, "--set %s: index [%ld] is not an element of an existing array",
				 set, st.index);
			return -1;
		}
		if (last)
			break;
		cJSON *next = st.key[0] ? cJSON_GetObjectItemCaseSensitive(cur, st.key)
					: cJSON_GetArrayItem(cur, (int)st.index);
		if (!next) {
			next = cJSON_CreateObject();
			if (!next || put(cur, &st, next) != 0) {
				cJSON_Delete(next);
				diag_oom(j->d, "--set %s: out of memory", set);
				return -1;
			}
		}
		cur = next;
	}
	cJSON *val = parse_value(eq + 1);
	if (!val || put(cur, &st, val) != 0) {
		cJSON_Delete(val);
		diag_oom(j->d, "--set %s: out of memory", set);
		return -1;
	}
	return 0;
}

int scenario_apply_sets(struct jfield *j, cJSON *root, const char *const *sets,
			size_t n_sets)
{
	int rc = 0;
	for (size_t i = 0; i < n_sets; i++)
		rc |= apply_one(j, root, sets[i]);
	return rc;
}
