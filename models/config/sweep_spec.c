/*
 * sweep_spec.c - reading a sweep file and expanding it into runs.
 *
 * A loader like scenario_load.c (it alone touches the sweep's cJSON): every
 * broken rule adds "FILE: PATH: RULE" and the pass goes on. The points
 * themselves are checked by loading each one's scenario (the CLI does that
 * before anything runs), so a value the scenario rejects is reported with
 * the rule the scenario states.
 *
 *   { "base": "scenario.json" | { ...scenario... },
 *     "design": "cartesian" | { "type": "sobol" | "lhs" | "saltelli" | "morris",
 *                               "points": N, "seed": S, "levels": P (morris) },
 *     "replications": R, "seed": S,
 *     "axes": [ { "path": "cluster.racks", "values": [8, 16] },
 *               { "path": "...", "from": 0.5, "to": 0.9, "step": 0.1 | "count": 5 },
 *               (sampled designs: { "path", "from", "to", "integer" } or
 *                { "path", "values" }, a categorical factor)
 *               { "zip": [ {axis}, {axis} ] } ],
 *     "keep_runs": [0, 7] }
 */
#include "sweep_spec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "sweep_design.h"

static const char *const design_names[] = { "cartesian", "sobol", "lhs", "saltelli", "morris",
					     NULL };

const char *sweep_spec_design_name(enum sweep_design_kind k)
{
	return design_names[k];
}

int sweep_spec_sampled(const struct sweep_spec *sw)
{
	return sw->design != SWEEP_CARTESIAN;
}

int sweep_spec_is_sweep(const char *path)
{
	struct diag d;
	diag_init(&d);
	char *text, *dir;
	int is = 0;
	if (scenario_read_file(path, &text, &dir, &d) == 0) {
		cJSON *root = cJSON_Parse(text);
		is = cJSON_IsObject(root) && cJSON_GetObjectItemCaseSensitive(root, "axes");
		cJSON_Delete(root);
		free(text);
		free(dir);
	}
	diag_fini(&d);
	return is;
}

/* Values stepped from..to: by step (to within 1e-9 of a step) or count. */
static int read_range_values(struct jfield *j, const cJSON *o, const char *path,
			     struct sweep_axis *ax)
{
	double from, to, step = 0;
	long count = 0;
	int rc = jfield_number(j, o, path, "from", 1, 0, &from);
	rc |= jfield_number(j, o, path, "to", 1, 0, &to);
	int has_step = cJSON_GetObjectItemCaseSensitive(o, "step") != NULL;
	int has_count = cJSON_GetObjectItemCaseSensitive(o, "count") != NULL;
	if (has_step == has_count) {
		jfield_error(j, path, "a range needs step or count (one of them)");
		return -1;
	}
	if (has_step)
		rc |= jfield_number(j, o, path, "step", 1, 0, &step);
	else
		rc |= jfield_int(j, o, path, "count", 1, 0, 1, 1000000, &count);
	if (rc != 0)
		return -1;
	char p[JPATH_MAX];
	if (has_step) {
		jfield_path(p, path, "step");
		if (step == 0) {
			jfield_error(j, p, "must not be 0");
			return -1;
		}
		double n = (to - from) / step;
		if (n < -1e-9) {
			jfield_error(j, path, "empty range: from %g to %g by %g holds no value", from,
				     to, step);
			return -1;
		}
		if (n > 1e6) {
			jfield_error(j, p, "gives %.0f values, more than 1,000,000", n + 1);
			return -1;
		}
		count = (long)floor(n + 1e-9) + 1;
	}
	ax->values = calloc((size_t)count, sizeof *ax->values);
	if (!ax->values)
		return -1;
	ax->n_values = (size_t)count;
	for (long i = 0; i < count; i++) {
		double v = has_step ? from + (double)i * step
				    : (count == 1 ? from : from + (to - from) * (double)i / (double)(count - 1));
		char buf[64]; /* 12 digits: 0.5 + 3 x 0.1 is 0.8, not 0.80000000000000004 */
		snprintf(buf, sizeof buf, "%.12g", v);
		if (!(ax->values[i] = strdup(buf)))
			return -1;
	}
	return 0;
}

/* A list of values, each kept as its JSON text. */
static int read_value_list(struct jfield *j, const cJSON *vals, const char *path,
			   struct sweep_axis *ax)
{
	char vp[JPATH_MAX];
	jfield_path(vp, path, "values");
	if (!cJSON_IsArray(vals) || cJSON_GetArraySize(vals) == 0) {
		jfield_error(j, vp, "must be a non-empty array of values");
		return -1;
	}
	size_t n = (size_t)cJSON_GetArraySize(vals);
	ax->values = calloc(n, sizeof *ax->values);
	if (!ax->values)
		return -1;
	ax->n_values = n;
	size_t i = 0;
	int rc = 0;
	const cJSON *v;
	cJSON_ArrayForEach(v, vals) {
		if (!(ax->values[i] = cJSON_PrintUnformatted(v)))
			return -1;
		size_t len = strlen(ax->values[i]);
		if (len > SWEEP_VALUE_MAX) {
			char ip[JPATH_MAX];
			jfield_index(ip, vp, (int)i);
			jfield_error(j, ip, "%zu characters as JSON, more than the %d a value may "
				     "have: sweep the fields inside it instead", len, SWEEP_VALUE_MAX);
			rc = -1;
		}
		i++;
	}
	return rc;
}

/* A sampled design's axis: a range, or a categorical list of values. */
static int read_sampled_axis(struct jfield *j, const cJSON *o, const char *path,
			     enum sweep_design_kind k, struct sweep_axis *ax)
{
	const cJSON *vals = cJSON_GetObjectItemCaseSensitive(o, "values");
	int rc = 0;
	if (vals) {
		if (cJSON_GetObjectItemCaseSensitive(o, "from") ||
		    cJSON_GetObjectItemCaseSensitive(o, "to") ||
		    cJSON_GetObjectItemCaseSensitive(o, "step") ||
		    cJSON_GetObjectItemCaseSensitive(o, "count") ||
		    cJSON_GetObjectItemCaseSensitive(o, "integer")) {
			jfield_error(j, path, "a %s design's axis is a range (from, to) or a list "
					      "of values (a categorical factor), not both",
				     design_names[k]);
			return -1;
		}
		ax->categorical = 1;
		return read_value_list(j, vals, path, ax);
	}
	if (cJSON_GetObjectItemCaseSensitive(o, "step") || cJSON_GetObjectItemCaseSensitive(o, "count")) {
		jfield_error(j, path, "a %s design samples its ranges: give from and to (no step "
				      "or count), or a list of values", design_names[k]);
		return -1;
	}
	rc |= jfield_number(j, o, path, "from", 1, 0, &ax->from);
	rc |= jfield_number(j, o, path, "to", 1, 0, &ax->to);
	rc |= jfield_bool(j, o, path, "integer", 0, &ax->integer);
	if (rc == 0 && !(ax->to > ax->from)) {
		jfield_error(j, path, "empty range: to (%g) must be above from (%g)", ax->to,
			     ax->from);
		rc = -1;
	}
	return rc;
}

static int read_axis(struct jfield *j, const cJSON *o, const char *path, enum sweep_design_kind k,
		     struct sweep_axis *ax)
{
	static const char *const keys[] = { "path", "values", "from", "to", "step", "count",
					    "integer", NULL };
	if (!cJSON_IsObject(o)) {
		jfield_error(j, path, "an axis must be an object with \"path\", got %s",
			     jfield_type_name(o));
		return -1;
	}
	int rc = jfield_check_keys(j, o, path, keys);
	char *p = NULL;
	rc |= jfield_string(j, o, path, "path", 1, NULL, &p);
	if (p) {
		if (!p[0] || strlen(p) >= sizeof ax->path || strchr(p, '=')) {
			jfield_error(j, path, "path must be a scenario field such as cluster.racks, "
					      "got \"%s\"", p);
			rc = -1;
		} else {
			snprintf(ax->path, sizeof ax->path, "%s", p);
		}
		free(p);
	}
	const cJSON *vals = cJSON_GetObjectItemCaseSensitive(o, "values");
	if (k != SWEEP_CARTESIAN)
		return rc | read_sampled_axis(j, o, path, k, ax);
	if (cJSON_GetObjectItemCaseSensitive(o, "integer")) {
		jfield_error(j, path, "integer applies to the ranges of sampled designs only "
				      "(sobol, lhs, saltelli, morris)");
		rc = -1;
	}
	if (!vals)
		return rc | read_range_values(j, o, path, ax);
	if (cJSON_IsArray(vals) && cJSON_GetArraySize(vals) > 0 &&
	    (cJSON_GetObjectItemCaseSensitive(o, "from") || cJSON_GetObjectItemCaseSensitive(o, "to"))) {
		jfield_error(j, path, "give values or a range (from, to), not both");
		return -1;
	}
	return rc | read_value_list(j, vals, path, ax);
}

static int read_axes(struct jfield *j, const cJSON *root, struct sweep_spec *sw)
{
	const cJSON *axes = cJSON_GetObjectItemCaseSensitive(root, "axes");
	if (!cJSON_IsArray(axes) || cJSON_GetArraySize(axes) == 0) {
		jfield_error(j, "axes", "must be a non-empty array of axes");
		return -1;
	}
	size_t n = 0; /* axes, counting each zip's members */
	const cJSON *a;
	cJSON_ArrayForEach(a, axes) {
		const cJSON *z = cJSON_GetObjectItemCaseSensitive(a, "zip");
		n += cJSON_IsArray(z) ? (size_t)cJSON_GetArraySize(z) : 1;
	}
	if (n > SWEEP_MAX_AXES) {
		jfield_error(j, "axes", "%zu axes, more than %d", n, SWEEP_MAX_AXES);
		return -1;
	}
	sw->axes = calloc(n, sizeof *sw->axes);
	if (!sw->axes)
		return -1;
	int rc = 0, i = 0;
	cJSON_ArrayForEach(a, axes) {
		char p[JPATH_MAX];
		jfield_index(p, "axes", i++);
		const cJSON *z = cJSON_GetObjectItemCaseSensitive(a, "zip");
		size_t g = sw->n_groups++;
		if (!z) {
			struct sweep_axis *ax = &sw->axes[sw->n_axes++];
			ax->group = g;
			rc |= read_axis(j, a, p, sw->design, ax);
			sw->group_len[g] = ax->n_values;
			continue;
		}
		static const char *const zip_keys[] = { "zip", NULL };
		rc |= jfield_check_keys(j, a, p, zip_keys);
		char zp[JPATH_MAX];
		jfield_path(zp, p, "zip");
		if (sw->design != SWEEP_CARTESIAN) {
			jfield_error(j, zp, "zip applies to a cartesian design only");
			rc = -1;
			continue;
		}
		if (!cJSON_IsArray(z) || cJSON_GetArraySize(z) == 0) {
			jfield_error(j, zp, "must be a non-empty array of axes");
			rc = -1;
			continue;
		}
		int k = 0;
		const cJSON *m;
		cJSON_ArrayForEach(m, z) {
			char mp[JPATH_MAX];
			jfield_index(mp, zp, k++);
			struct sweep_axis *ax = &sw->axes[sw->n_axes++];
			ax->group = g;
			if (read_axis(j, m, mp, sw->design, ax) != 0) {
				rc = -1;
				continue;
			}
			if (k == 1) {
				sw->group_len[g] = ax->n_values;
			} else if (ax->n_values != sw->group_len[g]) {
				jfield_error(j, mp, "has %zu values, the zip's first axis %zu: zipped "
						    "axes vary together and need as many",
					     ax->n_values, sw->group_len[g]);
				rc = -1;
			}
		}
	}
	for (size_t x = 0; x < sw->n_axes; x++)
		for (size_t y = 0; y < x; y++)
			if (sw->axes[x].path[0] && !strcmp(sw->axes[x].path, sw->axes[y].path)) {
				jfield_error(j, "axes", "%s is swept twice", sw->axes[x].path);
				rc = -1;
			}
	return rc;
}

static int read_design(struct jfield *j, const cJSON *root, struct sweep_spec *sw, long *points)
{
	static const char *const keys[] = { "type", "points", "seed", "levels", NULL };
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(root, "design");
	int kind = SWEEP_CARTESIAN;
	int rc = 0;
	*points = 0;
	sw->design_seed = 1;
	sw->levels = SWEEP_MORRIS_LEVELS;
	if (!d)
		return 0;
	if (cJSON_IsString(d)) {
		rc = jfield_enum(j, root, "", "design", 0, SWEEP_CARTESIAN, design_names, &kind);
	} else if (cJSON_IsObject(d)) {
		rc |= jfield_check_keys(j, d, "design", keys);
		rc |= jfield_enum(j, d, "design", "type", 1, SWEEP_CARTESIAN, design_names, &kind);
		if (kind != SWEEP_CARTESIAN) {
			rc |= jfield_int(j, d, "design", "points", 1, 0, 1, (long)SWEEP_MAX_RUNS, points);
			long s = 1;
			rc |= jfield_int(j, d, "design", "seed", 0, 1, 0, 9007199254740992L, &s);
			sw->design_seed = (uint64_t)s;
			if (kind == SWEEP_MORRIS) {
				long lv = SWEEP_MORRIS_LEVELS;
				rc |= jfield_int(j, d, "design", "levels", 0, SWEEP_MORRIS_LEVELS, 2, 1000,
						 &lv);
				if (rc == 0 && lv % 2 != 0) {
					jfield_error(j, "design.levels", "must be even (Morris's step "
									 "of levels / (2 (levels - 1)) "
									 "lands on the grid only then), "
									 "got %ld",
						     lv);
					rc = -1;
				}
				sw->levels = (unsigned)lv;
			} else if (cJSON_GetObjectItemCaseSensitive(d, "levels")) {
				jfield_error(j, "design.levels", "applies to a morris design only");
				rc = -1;
			}
		} else if (cJSON_GetObjectItemCaseSensitive(d, "levels")) {
			jfield_error(j, "design.levels", "applies to a morris design only");
			rc = -1;
		} else if (cJSON_GetObjectItemCaseSensitive(d, "points")) {
			jfield_error(j, "design.points", "a cartesian design has every combination "
							 "of the axes' values; points is for sobol, "
							 "lhs, saltelli and morris");
			rc = -1;
		}
	} else {
		jfield_error(j, "design", "must be \"cartesian\" or {\"type\": \"sobol\" | \"lhs\" | "
					  "\"saltelli\" | \"morris\", \"points\": N}, got %s",
			     jfield_type_name(d));
		return -1;
	}
	sw->design = (enum sweep_design_kind)kind;
	if (rc == 0 && kind != SWEEP_CARTESIAN && cJSON_IsString(d)) {
		jfield_error(j, "design", "a %s design needs {\"type\": \"%s\", \"points\": N}",
			     design_names[kind], design_names[kind]);
		rc = -1;
	}
	return rc;
}

static int read_base(struct jfield *j, const cJSON *root, const char *dir, struct sweep_spec *sw)
{
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(root, "base");
	if (cJSON_IsString(b)) {
		const char *p = b->valuestring;
		size_t n = strlen(dir) + strlen(p) + 2;
		char *path = malloc(n);
		if (!path)
			return -1;
		if (p[0] == '/')
			snprintf(path, n, "%s", p);
		else
			snprintf(path, n, "%s/%s", dir, p);
		int rc = scenario_read_file(path, &sw->base_text, &sw->base_dir, j->d);
		if (rc != 0)
			jfield_error(j, "base", "the base scenario cannot be read (above)");
		sw->base_source = path;
		return rc;
	}
	if (cJSON_IsObject(b)) {
		char src[JPATH_MAX + 8];
		snprintf(src, sizeof src, "%s:base", sw->source);
		sw->base_text = cJSON_PrintUnformatted(b);
		sw->base_source = strdup(src);
		sw->base_dir = strdup(dir);
		return sw->base_text && sw->base_source && sw->base_dir ? 0 : -1;
	}
	jfield_error(j, "base", "must be a scenario file's path or a scenario object, got %s",
		     b ? jfield_type_name(b) : "nothing");
	return -1;
}

static int read_keep(struct jfield *j, const cJSON *root, struct sweep_spec *sw)
{
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(root, "keep_runs");
	if (!k)
		return 0;
	if (!cJSON_IsArray(k)) {
		jfield_error(j, "keep_runs", "must be an array of run indices");
		return -1;
	}
	size_t n = (size_t)cJSON_GetArraySize(k);
	sw->keep = calloc(n ? n : 1, sizeof *sw->keep);
	if (!sw->keep)
		return -1;
	int rc = 0, i = 0;
	const cJSON *v;
	cJSON_ArrayForEach(v, k) {
		char p[JPATH_MAX];
		jfield_index(p, "keep_runs", i++);
		if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble != floor(v->valuedouble) ||
		    v->valuedouble >= (double)sw->n_runs) {
			jfield_error(j, p, "must be a run index from 0 to %zu", sw->n_runs - 1);
			rc = -1;
			continue;
		}
		sw->keep[sw->n_keep++] = (size_t)v->valuedouble;
	}
	return rc;
}

/* Points and runs from the axes and design; the unit points of sobol, lhs. */
static int expand(struct jfield *j, struct sweep_spec *sw, long points)
{
	if (sw->design == SWEEP_CARTESIAN) {
		double n = 1;
		for (size_t g = 0; g < sw->n_groups; g++)
			n *= (double)sw->group_len[g];
		if (n * (double)sw->replications > (double)SWEEP_MAX_RUNS) {
			jfield_error(j, "axes", "%.0f runs, more than %lu", n * (double)sw->replications,
				     SWEEP_MAX_RUNS);
			return -1;
		}
		sw->n_points = (size_t)n;
	} else {
		size_t k = sw->n_axes;
		sw->n_base = (size_t)points;
		double per = sw->design == SWEEP_SALTELLI ? (double)(k + 2)
			     : sw->design == SWEEP_MORRIS ? (double)(k + 1)
							  : 1.0;
		if ((double)points * per * (double)sw->replications > (double)SWEEP_MAX_RUNS) {
			if (per == 1.0)
				jfield_error(j, "design.points", "%ld points x %zu replications: more "
								 "than %lu runs", points, sw->replications,
					     SWEEP_MAX_RUNS);
			else
				jfield_error(j, "design.points", "%ld x %.0f points (%s, %zu axes) x %zu "
								 "replications: more than %lu runs",
					     points, per, design_names[sw->design], k, sw->replications,
					     SWEEP_MAX_RUNS);
			return -1;
		}
		sw->n_points = (size_t)((double)points * per);
		size_t max_dims = sw->design == SWEEP_SALTELLI ? SWEEP_SOBOL_MAX_DIMS / 2
				  : sw->design == SWEEP_SOBOL  ? SWEEP_SOBOL_MAX_DIMS
							       : SWEEP_MAX_AXES;
		if (k > max_dims) {
			jfield_error(j, "axes", "a %s design takes at most %zu axes%s",
				     design_names[sw->design], max_dims,
				     sw->design == SWEEP_SALTELLI ? " (its Sobol sequence has 2 "
								    "dimensions per axis)" : "");
			return -1;
		}
		if (sw->design == SWEEP_SALTELLI && points < 2) {
			jfield_error(j, "design.points", "a saltelli design needs at least 2 base "
							 "samples for a variance, got %ld", points);
			return -1;
		}
		sw->unit = calloc(sw->n_points * k, sizeof *sw->unit);
		if (!sw->unit)
			return -1;
		int rc;
		switch (sw->design) {
		case SWEEP_SOBOL:
			rc = sweep_design_sobol(sw->n_points, k, sw->unit);
			break;
		case SWEEP_LHS:
			rc = sweep_design_lhs(sw->n_points, k, sw->design_seed, sw->unit);
			break;
		case SWEEP_SALTELLI:
			rc = sweep_design_saltelli(sw->n_base, k, sw->unit);
			break;
		default:
			rc = sweep_design_morris(sw->n_base, k, sw->levels, sw->design_seed, sw->unit);
			break;
		}
		if (rc != 0)
			return -1;
	}
	sw->n_runs = sw->n_points * sw->replications;
	return 0;
}

/* An unnamed sweep's name: its file's name without folder and ".json"
 * ("study" for sweeps/study.json), so messages never read "sweep sweep". */
static char *file_stem(const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	size_t n = strlen(b);
	if (n > 5 && !strcmp(b + n - 5, ".json"))
		n -= 5;
	char *s = malloc(n + 1);
	if (s) {
		memcpy(s, b, n);
		s[n] = '\0';
	}
	return s;
}

int sweep_spec_load_file(const char *path, const char *data_dir, struct sweep_spec *sw,
			 struct diag *d)
{
	static const char *const keys[] = { "name", "description", "base", "design",
					    "replications", "seed", "axes", "keep_runs", NULL };
	memset(sw, 0, sizeof *sw);
	char *text = NULL, *dir = NULL;
	cJSON *root = NULL;
	int rc = -1;
	sw->source = strdup(path);
	sw->data_dir = data_dir ? strdup(data_dir) : NULL;
	if (!sw->source || scenario_read_file(path, &text, &dir, d) != 0 ||
	    scenario_parse_json(text, path, &root, d) != 0)
		goto done;
	struct jfield j = { .file = path, .d = d };
	if (!cJSON_IsObject(root)) {
		jfield_error(&j, "", "a sweep must be a JSON object, got %s", jfield_type_name(root));
		goto done;
	}
	int bad = jfield_check_keys(&j, root, "", keys);
	bad |= jfield_check_utf8(&j, root, "");
	bad |= jfield_string(&j, root, "", "name", 0, NULL, &sw->name);
	if (!sw->name && !(sw->name = file_stem(path)))
		goto done;
	long reps = 1, points = 0;
	bad |= jfield_int(&j, root, "", "replications", 0, 1, 1, 100000, &reps);
	sw->replications = (size_t)reps;
	if (cJSON_GetObjectItemCaseSensitive(root, "seed")) {
		long s = 0;
		bad |= jfield_int(&j, root, "", "seed", 1, 0, 0, 9007199254740992L, &s);
		sw->has_seed = 1;
		sw->seed = (uint64_t)s;
	}
	bad |= read_design(&j, root, sw, &points);
	bad |= read_base(&j, root, dir, sw);
	if (bad == 0)
		bad |= read_axes(&j, root, sw);
	if (bad == 0)
		bad |= expand(&j, sw, points);
	if (bad == 0)
		bad |= read_keep(&j, root, sw);
	rc = bad || diag_has_errors(d) ? -1 : 0;
done:
	cJSON_Delete(root);
	free(text);
	free(dir);
	if (rc != 0) {
		if (!diag_has_errors(d))
			diag_oom(d, "%s: out of memory reading the sweep", path);
		sweep_spec_fini(sw);
	}
	return rc;
}

void sweep_spec_fini(struct sweep_spec *sw)
{
	for (size_t a = 0; sw->axes && a < sw->n_axes; a++) {
		for (size_t i = 0; i < sw->axes[a].n_values; i++)
			free(sw->axes[a].values[i]);
		free(sw->axes[a].values);
	}
	free(sw->axes);
	free(sw->source);
	free(sw->name);
	free(sw->base_text);
	free(sw->base_source);
	free(sw->base_dir);
	free(sw->data_dir);
	free(sw->unit);
	free(sw->keep);
	memset(sw, 0, sizeof *sw);
}

/* Cartesian: the index into group g's values at point p; the first group
 * varies slowest, as nested loops in the order written. */
static size_t group_digit(const struct sweep_spec *sw, size_t p, size_t g)
{
	for (size_t k = sw->n_groups; k-- > g + 1;)
		p /= sw->group_len[k];
	return p % sw->group_len[g];
}

double sweep_spec_unit(const struct sweep_spec *sw, size_t p, size_t a)
{
	return sw->unit ? sw->unit[p * sw->n_axes + a] : (double)NAN;
}

void sweep_spec_value(const struct sweep_spec *sw, size_t p, size_t a, char *buf, size_t n)
{
	const struct sweep_axis *ax = &sw->axes[a];
	if (sw->design == SWEEP_CARTESIAN) {
		snprintf(buf, n, "%s", ax->values[group_digit(sw, p, ax->group)]);
		return;
	}
	double u = sweep_spec_unit(sw, p, a);
	if (ax->categorical) {
		/* value i covers [i/n, (i+1)/n); u = 1 (a Morris grid's top) is the last */
		size_t i = (size_t)floor(u * (double)ax->n_values);
		snprintf(buf, n, "%s", ax->values[i < ax->n_values ? i : ax->n_values - 1]);
		return;
	}
	double v = ax->from + (ax->to - ax->from) * u;
	if (ax->integer)
		snprintf(buf, n, "%.0f", floor(v + 0.5) > ax->to ? ax->to : floor(v + 0.5));
	else
		snprintf(buf, n, "%.17g", v);
}

int sweep_spec_load_run(const struct sweep_spec *sw, size_t r, struct series_cache *cache,
			struct scenario *sc, struct diag *d)
{
	size_t p = r / sw->replications;
	char sets_buf[SWEEP_MAX_AXES + 1][JPATH_MAX + SWEEP_VALUE_MAX + 2];
	const char *sets[SWEEP_MAX_AXES + 1];
	size_t n = 0;
	for (size_t a = 0; a < sw->n_axes; a++, n++) {
		char v[SWEEP_VALUE_MAX + 1];
		sweep_spec_value(sw, p, a, v, sizeof v);
		snprintf(sets_buf[n], sizeof sets_buf[n], "%s=%s", sw->axes[a].path, v);
		sets[n] = sets_buf[n];
	}
	if (sw->has_seed) {
		snprintf(sets_buf[n], sizeof sets_buf[n], "seed=%llu", (unsigned long long)sw->seed);
		sets[n] = sets_buf[n];
		n++;
	}
	const char *data = sw->data_dir ? sw->data_dir : sw->base_dir;
	if (scenario_load_cached(sw->base_text, sw->base_source, sw->base_dir, data, cache, sets, n,
				 sc, d) != 0)
		return -1;
	sc->replication = r % sw->replications;
	return 0;
}

int sweep_spec_keeps(const struct sweep_spec *sw, size_t r)
{
	for (size_t i = 0; i < sw->n_keep; i++)
		if (sw->keep[i] == r)
			return 1;
	return 0;
}

char *sweep_spec_to_json(const struct sweep_spec *sw, const char *base_json)
{
	cJSON *o = cJSON_CreateObject(), *axes = cJSON_CreateArray();
	if (!o || !axes) {
		cJSON_Delete(o);
		cJSON_Delete(axes);
		return NULL;
	}
	cJSON_AddStringToObject(o, "name", sw->name);
	cJSON_AddStringToObject(o, "base_source", sw->base_source);
	cJSON_AddStringToObject(o, "design", design_names[sw->design]);
	if (sw->design == SWEEP_LHS || sw->design == SWEEP_MORRIS || sw->design == SWEEP_SALTELLI)
		cJSON_AddNumberToObject(o, "design_seed", (double)sw->design_seed);
	if (sw->design == SWEEP_SALTELLI)
		cJSON_AddNumberToObject(o, "base_samples", (double)sw->n_base);
	if (sw->design == SWEEP_MORRIS) {
		cJSON_AddNumberToObject(o, "trajectories", (double)sw->n_base);
		cJSON_AddNumberToObject(o, "levels", (double)sw->levels);
	}
	cJSON_AddNumberToObject(o, "points", (double)sw->n_points);
	cJSON_AddNumberToObject(o, "replications", (double)sw->replications);
	cJSON_AddNumberToObject(o, "runs", (double)sw->n_runs);
	cJSON_AddStringToObject(o, "run_index", "point * replications + replication");
	cJSON_AddStringToObject(o, "seeds", "every run has the base scenario's master seed; "
					     "replication k draws the streams of replication k "
					     "(resolved.json of a kept run lists them)");
	for (size_t a = 0; a < sw->n_axes; a++) {
		const struct sweep_axis *ax = &sw->axes[a];
		cJSON *x = cJSON_CreateObject();
		cJSON_AddItemToArray(axes, x);
		cJSON_AddStringToObject(x, "path", ax->path);
		cJSON_AddNumberToObject(x, "group", (double)ax->group);
		if (sw->design == SWEEP_CARTESIAN || ax->categorical) {
			cJSON *vals = cJSON_AddArrayToObject(x, "values");
			for (size_t i = 0; i < ax->n_values; i++)
				cJSON_AddItemToArray(vals, cJSON_Parse(ax->values[i]));
		} else {
			cJSON_AddNumberToObject(x, "from", ax->from);
			cJSON_AddNumberToObject(x, "to", ax->to);
			cJSON_AddBoolToObject(x, "integer", ax->integer);
		}
	}
	cJSON_AddItemToObject(o, "axes", axes);
	if (sw->n_keep) {
		cJSON *k = cJSON_AddArrayToObject(o, "keep_runs");
		for (size_t i = 0; i < sw->n_keep; i++)
			cJSON_AddItemToArray(k, cJSON_CreateNumber((double)sw->keep[i]));
	}
	cJSON *base = cJSON_Parse(base_json);
	if (base)
		cJSON_AddItemToObject(o, "base", base);
	char *text = cJSON_Print(o);
	cJSON_Delete(o);
	return text;
}
