/*
 * plan_spec.c - reading a plan file (plan_spec.h has its shape).
 *
 * A loader like sweep_spec.c: every broken rule adds "FILE: PATH: RULE"
 * and the pass goes on. The plain keys are descriptor rows (scenario_table.h),
 * so their reads, range checks, unknown keys and plan.json come from the
 * same walks as a scenario's; the base is read as a sweep's is. The
 * variable becomes a one-axis sweep over its grid, from + k x step for
 * k = 0 .. floor((to - from) / step) (to within 1e-9 of a step, as a
 * sweep range), so a run of the plan is a run of that sweep.
 */
#include "plan_spec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "scenario_table.h"

static const char *const type_names[] = { "integer", "real", NULL };
static const char *const holds_names[] = { "ci95", "every", NULL };

const char *plan_holds_name(enum plan_holds h)
{
	return holds_names[h];
}

static const struct scenario_field variable_rows[] = {
	{ NAME(struct plan_variable, path), .flags = FIELD_REQUIRED,
	  .doc = "the scenario field the plan varies, as --set takes it (cluster.racks)" },
	{ ENUM(struct plan_variable, type), .names = type_names, DEFAULT(PLAN_INTEGER),
	  .doc = "integer: whole numbers only; real: any number on the grid" },
	{ NUM(struct plan_variable, from), .flags = FIELD_REQUIRED, RANGE(-1e300, 1e300),
	  .doc = "the grid's first value" },
	{ NUM(struct plan_variable, to), .flags = FIELD_REQUIRED, RANGE(-1e300, 1e300),
	  .doc = "its last value (to within 1e-9 of a step)" },
	{ NUM(struct plan_variable, step), DEFAULT(1), RANGE(0, 1e300), .lo_open = 1,
	  .doc = "the grid's spacing: the answer's resolution" },
	FIELDS_END
};

static const struct scenario_field plan_rows[] = {
	{ STRING(struct plan_spec, name), .dflt_str = "plan", .doc = "names the plan" },
	{ STRING(struct plan_spec, description), .dflt_str = "", .doc = "the question it answers" },
	{ CUSTOM("base"), .flags = FIELD_REQUIRED, .doc = "a scenario file or object" },
	{ CUSTOM("seed"), .doc = "the master seed of every run (default: the base's)" },
	{ CUSTOM("variable"), .flags = FIELD_REQUIRED, .doc = "the decision variable" },
	{ CUSTOM("constraints"), .doc = "\"KPI <= LIMIT\" or \"KPI >= LIMIT\" strings; a monthly "
				       "one \"max|min|mean monthly_COLUMN <= LIMIT\"" },
	{ CUSTOM("objective"), .flags = FIELD_REQUIRED,
	  .doc = "\"maximise variable\", \"minimise variable\", or \"maximise|minimise KPI\"" },
	{ INTEGER(struct plan_spec, replications), DEFAULT(1), RANGE(1, 100000),
	  .doc = "runs per point, replication k with the streams of replication k" },
	{ ENUM(struct plan_spec, holds), .names = holds_names, DEFAULT(PLAN_HOLDS_CI95),
	  .doc = "ci95: the 95% interval's far end is within the limit; every: each run is" },
	FIELDS_END
};

int plan_spec_is_plan(const char *path)
{
	struct diag d;
	diag_init(&d);
	char *text, *dir;
	int is = 0;
	if (scenario_read_file(path, &text, &dir, &d) == 0) {
		cJSON *root = cJSON_Parse(text);
		is = cJSON_IsObject(root) && cJSON_GetObjectItemCaseSensitive(root, "variable") &&
		     !cJSON_GetObjectItemCaseSensitive(root, "axes");
		cJSON_Delete(root);
		free(text);
		free(dir);
	}
	diag_fini(&d);
	return is;
}

/* Skip spaces; the next word (letters, digits, _ . [ ]) into buf. */
static const char *word(const char *s, char *buf, size_t n)
{
	while (*s == ' ')
		s++;
	size_t k = 0;
	while (*s && (strchr("_.[]", *s) || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9'))) {
		if (k + 1 < n)
			buf[k++] = *s;
		s++;
	}
	buf[k] = '\0';
	return s;
}

/* "[max|min|mean] KPI <=|>= NUMBER" into c; -1 with a message at path. */
static int parse_constraint(struct jfield *j, const char *path, const char *text,
			    struct plan_constraint *c)
{
	static const char *const aggs[] = { "max", "min", "mean", NULL };
	static const char *const rule = "must read \"KPI <= LIMIT\" or \"KPI >= LIMIT\" (a "
					"monthly one \"max|min|mean monthly_COLUMN <= LIMIT\")";
	snprintf(c->text, sizeof c->text, "%s", text);
	char w[JPATH_MAX];
	const char *s = word(text, w, sizeof w);
	for (int a = 0; aggs[a]; a++)
		if (!strcmp(w, aggs[a]) && *s == ' ') {
			c->monthly = (enum plan_monthly)(PLAN_MONTHLY_MAX + a);
			s = word(s, w, sizeof w);
		}
	snprintf(c->kpi, sizeof c->kpi, "%s", w);
	while (*s == ' ')
		s++;
	if (!c->kpi[0] || (strncmp(s, "<=", 2) && strncmp(s, ">=", 2))) {
		jfield_error(j, path, "\"%s\" %s", text, rule);
		return -1;
	}
	c->ge = s[0] == '>';
	char *end;
	c->limit = strtod(s + 2, &end);
	while (*end == ' ')
		end++;
	if (end == s + 2 || *end || !isfinite(c->limit)) {
		jfield_error(j, path, "\"%s\": the limit must be a finite number", text);
		return -1;
	}
	int monthly_name = !strncmp(c->kpi, "monthly_", 8);
	if (monthly_name && c->monthly == PLAN_NOT_MONTHLY) {
		jfield_error(j, path, "\"%s\": a monthly constraint says which month: \"max %s\", "
				      "\"min %s\" or \"mean %s\"", text, c->kpi, c->kpi, c->kpi);
		return -1;
	}
	if (c->monthly != PLAN_NOT_MONTHLY) {
		if (!monthly_name || !c->kpi[8]) {
			jfield_error(j, path, "\"%s\": max, min and mean apply to monthly.csv's "
					      "columns, written monthly_COLUMN (monthly_facility_peak_kw)",
				     text);
			return -1;
		}
		/* checked against monthly.csv's columns by the caller */
		snprintf(c->month_column, sizeof c->month_column, "%s", c->kpi + 8);
		char col[JPATH_MAX];
		snprintf(col, sizeof col, "%s_%s", aggs[c->monthly - PLAN_MONTHLY_MAX], c->kpi);
		snprintf(c->kpi, sizeof c->kpi, "%s", col);
	}
	return 0;
}

static int read_constraints(struct jfield *j, const cJSON *root, struct plan_spec *p)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, "constraints");
	if (!a)
		return 0;
	if (!cJSON_IsArray(a)) {
		jfield_error(j, "constraints", "must be an array of strings such as "
					       "\"facility_peak_kw <= 40000\", got %s",
			     jfield_type_name(a));
		return -1;
	}
	if (cJSON_GetArraySize(a) > PLAN_MAX_CONSTRAINTS) {
		jfield_error(j, "constraints", "%d constraints, more than %d",
			     cJSON_GetArraySize(a), PLAN_MAX_CONSTRAINTS);
		return -1;
	}
	int rc = 0, i = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, a) {
		char path[JPATH_MAX];
		jfield_index(path, "constraints", i++);
		if (!cJSON_IsString(c)) {
			jfield_error(j, path, "must be a string such as \"wait_p95_s <= 14400\", got %s",
				     jfield_type_name(c));
			rc = -1;
			continue;
		}
		rc |= parse_constraint(j, path, c->valuestring, &p->constraints[p->n_constraints++]);
	}
	return rc;
}

static int read_objective(struct jfield *j, const cJSON *root, struct plan_spec *p)
{
	static const char *const rule = "must be \"maximise variable\", \"minimise variable\", "
					"\"maximise KPI\" or \"minimise KPI\"";
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "objective");
	if (!cJSON_IsString(o)) {
		jfield_error(j, "objective", "%s, got %s", rule, o ? jfield_type_name(o) : "nothing");
		return -1;
	}
	char verb[32], what[JPATH_MAX];
	const char *s = word(o->valuestring, verb, sizeof verb);
	s = word(s, what, sizeof what);
	while (*s == ' ')
		s++;
	if (!strcmp(verb, "maximise") || !strcmp(verb, "maximize"))
		p->goal = PLAN_MAXIMISE;
	else if (!strcmp(verb, "minimise") || !strcmp(verb, "minimize"))
		p->goal = PLAN_MINIMISE;
	else
		what[0] = '\0';
	if (!what[0] || *s) {
		jfield_error(j, "objective", "\"%s\" %s", o->valuestring, rule);
		return -1;
	}
	if (strcmp(what, "variable") != 0)
		snprintf(p->objective, sizeof p->objective, "%s", what);
	return 0;
}

static int read_seed(struct jfield *j, const cJSON *root, struct plan_spec *p)
{
	if (!cJSON_GetObjectItemCaseSensitive(root, "seed"))
		return 0;
	long s = 0;
	int rc = jfield_int(j, root, "", "seed", 1, 0, 0, 9007199254740992L, &s);
	p->sw.has_seed = 1;
	p->sw.seed = (uint64_t)s;
	return rc;
}

/* The variable's rows, its grid's size and rules. */
static int read_variable(struct jfield *j, const cJSON *root, struct plan_spec *p)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "variable");
	if (!cJSON_IsObject(v)) {
		jfield_error(j, "variable", "must be an object with path, from, to and step, got %s",
			     v ? jfield_type_name(v) : "nothing");
		return -1;
	}
	struct plan_variable *x = &p->var;
	if (scenario_table_defaults(variable_rows, x) != 0)
		return -1;
	int rc = scenario_table_check_keys(j, v, "variable", variable_rows);
	rc |= scenario_table_read(j, v, "variable", variable_rows, x, 0);
	if (rc != 0)
		return -1;
	if (!x->path[0] || strchr(x->path, '=')) {
		jfield_error(j, "variable.path", "must be a scenario field such as cluster.racks, "
						 "got \"%s\"", x->path);
		return -1;
	}
	if (x->type == PLAN_INTEGER)
		for (int k = 0; k < 3; k++) {
			const char *key = (const char *[]){ "from", "to", "step" }[k];
			double val = (double[]){ x->from, x->to, x->step }[k];
			if (val != floor(val)) {
				char path[JPATH_MAX];
				jfield_path(path, "variable", key);
				jfield_error(j, path, "an integer variable needs a whole number, got %g",
					     val);
				rc = -1;
			}
		}
	if (rc == 0 && !(x->to > x->from)) {
		jfield_error(j, "variable", "empty range: to (%g) must be above from (%g)", x->to,
			     x->from);
		return -1;
	}
	if (rc != 0)
		return -1;
	double n = (x->to - x->from) / x->step;
	if (n + 1 > PLAN_MAX_GRID) {
		jfield_error(j, "variable.step", "gives %.0f values, more than %d", n + 1,
			     PLAN_MAX_GRID);
		return -1;
	}
	p->n_grid = (size_t)floor(n + 1e-9) + 1;
	if (p->n_grid < 2) {
		jfield_error(j, "variable.step", "a step of %g leaves one value from %g to %g: "
						 "nothing to search", x->step, x->from, x->to);
		return -1;
	}
	return 0;
}

double plan_spec_value(const struct plan_spec *p, size_t k)
{
	return p->var.from + (double)k * p->var.step;
}

/* The sweep the plan's runs belong to: one cartesian axis, its grid. */
static int make_sweep(struct plan_spec *p)
{
	struct sweep_spec *sw = &p->sw;
	sw->name = strdup(p->name);
	sw->axes = calloc(1, sizeof *sw->axes);
	if (!sw->name || !sw->axes)
		return -1;
	struct sweep_axis *ax = &sw->axes[0];
	sw->n_axes = sw->n_groups = 1;
	snprintf(ax->path, sizeof ax->path, "%s", p->var.path);
	ax->values = calloc(p->n_grid, sizeof *ax->values);
	if (!ax->values)
		return -1;
	ax->n_values = p->n_grid;
	for (size_t k = 0; k < p->n_grid; k++) {
		char buf[64]; /* as a sweep range writes its values */
		snprintf(buf, sizeof buf, "%.12g", plan_spec_value(p, k));
		if (!(ax->values[k] = strdup(buf)))
			return -1;
	}
	sw->group_len[0] = p->n_grid;
	sw->n_points = p->n_grid;
	sw->replications = (size_t)p->replications;
	sw->n_runs = sw->n_points * sw->replications;
	return 0;
}

int plan_spec_load_file(const char *path, const char *data_dir, struct plan_spec *p,
			struct diag *d)
{
	memset(p, 0, sizeof *p);
	char *text = NULL, *dir = NULL;
	cJSON *root = NULL;
	int rc = -1;
	p->sw.source = strdup(path);
	p->sw.data_dir = data_dir ? strdup(data_dir) : NULL;
	if (!p->sw.source || scenario_read_file(path, &text, &dir, d) != 0 ||
	    scenario_parse_json(text, path, &root, d) != 0)
		goto done;
	struct jfield j = { .file = path, .d = d };
	if (!cJSON_IsObject(root)) {
		jfield_error(&j, "", "a plan must be a JSON object, got %s", jfield_type_name(root));
		goto done;
	}
	if (scenario_table_defaults(plan_rows, p) != 0)
		goto done;
	int bad = scenario_table_check_keys(&j, root, "", plan_rows);
	bad |= jfield_check_utf8(&j, root, "");
	bad |= scenario_table_read(&j, root, "", plan_rows, p, 0);
	bad |= read_seed(&j, root, p);
	bad |= read_variable(&j, root, p);
	bad |= read_constraints(&j, root, p);
	bad |= read_objective(&j, root, p);
	bad |= sweep_spec_read_base(&j, root, dir, &p->sw);
	if (bad == 0 && p->n_constraints == 0 && !p->objective[0]) {
		jfield_error(&j, "constraints", "a plan that maximises or minimises its variable "
						"needs a constraint: without one the answer is a bound");
		bad = -1;
	}
	if (bad == 0 && (size_t)p->replications * p->n_grid > SWEEP_MAX_RUNS) {
		jfield_error(&j, "replications", "%d replications of %zu values: more than %lu runs",
			     p->replications, p->n_grid, SWEEP_MAX_RUNS);
		bad = -1;
	}
	if (bad == 0 && make_sweep(p) != 0)
		goto done;
	rc = bad || diag_has_errors(d) ? -1 : 0;
done:
	cJSON_Delete(root);
	free(text);
	free(dir);
	if (rc != 0) {
		if (!diag_has_errors(d))
			diag_oom(d, "%s: out of memory reading the plan", path);
		plan_spec_fini(p);
	}
	return rc;
}

void plan_spec_fini(struct plan_spec *p)
{
	sweep_spec_fini(&p->sw);
	free(p->name);
	free(p->description);
	memset(p, 0, sizeof *p);
}

int plan_spec_check_kpi(const struct plan_spec *p, int i, const char *const *columns,
			size_t n, struct diag *d)
{
	const char *name = i < 0 ? p->objective : p->constraints[i].kpi;
	for (size_t c = 0; c < n; c++)
		if (!strcmp(columns[c], name))
			return 0;
	char path[JPATH_MAX];
	if (i < 0)
		snprintf(path, sizeof path, "objective");
	else
		jfield_index(path, "constraints", i);
	const char **list = malloc((n + 1) * sizeof *list);
	if (!list) {
		diag_oom(d, "%s: out of memory", p->sw.source);
		return -1;
	}
	memcpy(list, columns, n * sizeof *list);
	list[n] = NULL;
	const char *hint = jfield_closest(name, list);
	free(list);
	if (hint)
		diag_add(d, "%s: %s: \"%s\" is not a numeric KPI of summary.csv (did you mean "
			    "\"%s\"?)", p->sw.source, path, name, hint);
	else
		diag_add(d, "%s: %s: \"%s\" is not a numeric KPI of summary.csv (dcsim run's "
			    "summary.csv lists them)", p->sw.source, path, name);
	return -1;
}

char *plan_spec_to_json(const struct plan_spec *p, const char *base_json)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	static const struct scenario_section var_section = { "variable", "", variable_rows, NULL, NULL };
	static const struct scenario_section root_section = { "", "", plan_rows, NULL, NULL };
	int rc = scenario_table_emit(o, &root_section, p, NULL, NULL);
	cJSON *v = cJSON_AddObjectToObject(o, "variable");
	rc |= v ? scenario_table_emit(v, &var_section, &p->var, NULL, NULL) : -1;
	cJSON_AddNumberToObject(o, "values", (double)p->n_grid);
	cJSON *c = cJSON_AddArrayToObject(o, "constraints");
	for (size_t i = 0; c && i < p->n_constraints; i++)
		cJSON_AddItemToArray(c, cJSON_CreateString(p->constraints[i].text));
	char obj[JPATH_MAX + 16];
	snprintf(obj, sizeof obj, "%s %s", p->goal == PLAN_MAXIMISE ? "maximise" : "minimise",
		 p->objective[0] ? p->objective : "variable");
	cJSON_AddStringToObject(o, "objective", obj);
	cJSON_AddStringToObject(o, "base_source", p->sw.base_source);
	if (p->sw.has_seed)
		cJSON_AddNumberToObject(o, "seed", (double)p->sw.seed);
	cJSON_AddStringToObject(o, "run_index", "point * replications + replication; point k "
						"is from + k * step");
	if (p->sw.n_sets) {
		cJSON *st = cJSON_AddArrayToObject(o, "set");
		for (size_t i = 0; st && i < p->sw.n_sets; i++)
			cJSON_AddItemToArray(st, cJSON_CreateString(p->sw.sets[i]));
	}
	cJSON *base = cJSON_Parse(base_json);
	if (base)
		cJSON_AddItemToObject(o, "base", base);
	char *text = rc == 0 ? cJSON_Print(o) : NULL;
	cJSON_Delete(o);
	return text;
}
