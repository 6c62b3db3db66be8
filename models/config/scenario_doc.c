/*
 * scenario_doc.c - docs/scenario.md, the reference of every scenario key,
 * written from the descriptor tables (scenario_table.h).
 *
 * One Markdown table per section, depth first from the root, each section
 * once (the air plant and the chiller appear under several parents). The
 * file is generated (make docs) and make test fails when the committed
 * copy differs, so the reference cannot drift from what the loader reads.
 */
#include "scenario_doc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "scenario_table.h"

#define MAX_SECTIONS 64

struct doc_walk {
	FILE *f;
	const struct scenario_section *seen[MAX_SECTIONS];
	size_t n_seen;
};

static void put_number(FILE *f, double v)
{
	if (isinf(v))
		fputs(v > 0 ? "inf" : "-inf", f);
	else
		fprintf(f, "%g", v);
}

static void put_type(FILE *f, const struct scenario_field *r)
{
	static const char *const types[] = { "number", "integer", "boolean", "string",
					     "string", "", "" };
	if (r->type_doc && FIELD_IS_PLAIN(r)) { /* a plain row with another shape too */
		fputs(r->type_doc, f);
		return;
	}
	if (!FIELD_IS_PLAIN(r)) {
		fputs(r->type_doc ? r->type_doc
				  : r->type == FIELD_LIST ? "array of objects" : "object", f);
		return;
	}
	if (r->type != FIELD_ENUM) {
		fputs(types[r->type], f);
		return;
	}
	fputs("one of", f);
	for (int i = 0; scenario_field_name(r, i); i++)
		fprintf(f, "%s `%s`", i ? "," : "", scenario_field_name(r, i));
}

static const struct scenario_example *example_of(const struct scenario_section *s)
{
	for (const struct scenario_example *x = scenario_cooling_examples; x->section; x++)
		if (x->section == s)
			return x;
	return NULL;
}

static void put_value(FILE *f, const struct scenario_field *r, const void *base)
{
	const char *at = (const char *)base + r->offset;
	if (r->type == FIELD_ENUM)
		fprintf(f, "`%s`", scenario_field_name(r, *(const int *)at));
	else
		put_number(f, *(const double *)at / (r->scale != 0 ? r->scale : 1.0));
}

/* The row's default in each variant of x: one value when they agree. */
static void put_variants(FILE *f, const struct scenario_field *r,
			 const struct scenario_example *x)
{
	char *one = calloc(1, x->size), *all = calloc(1, x->size);
	int agree = 1, n = 0;
	for (; one && all && x->example(n, one); n++) {
		if (n > 0 && memcmp(one + r->offset, all + r->offset, r->type == FIELD_ENUM
				    ? sizeof(int) : sizeof(double)) != 0)
			agree = 0;
		if (n == 0)
			memcpy(all, one, x->size);
		memset(one, 0, x->size);
	}
	for (int i = 0; one && all && i < n && (!agree || i == 0); i++) {
		const char *label = x->example(i, one);
		if (!agree)
			fprintf(f, "%s%s ", i ? ", " : "", label);
		put_value(f, r, one);
		memset(one, 0, x->size);
	}
	free(one);
	free(all);
}

static void put_default(FILE *f, const struct scenario_section *s, const struct scenario_field *r)
{
	const struct scenario_example *x = example_of(s);
	if (r->flags & FIELD_REQUIRED)
		fputs("required", f);
	else if (x && !r->has_dflt && !r->dflt_doc && !r->dflt_str &&
		 (r->type == FIELD_NUMBER || r->type == FIELD_ENUM))
		put_variants(f, r, x);
	else if (r->dflt_doc)
		fputs(r->dflt_doc, f);
	else if (r->dflt_str)
		fprintf(f, "`\"%s\"`", r->dflt_str);
	else if (r->type == FIELD_ENUM && r->has_dflt)
		fprintf(f, "`%s`", scenario_field_name(r, (int)r->dflt));
	else if (r->type == FIELD_BOOL && r->has_dflt)
		fputs(r->dflt != 0 ? "true" : "false", f);
	else if (r->has_dflt)
		put_number(f, r->dflt);
	else
		fputs("absent", f);
	if ((r->flags & FIELD_REQ_CUSTOM) && !r->dflt_doc)
		fputs(" (required without a preset)", f);
}

/* Numbers, and CUSTOM rows that hold one; a row without bounds (a cap
 * checked against the GPU, a threshold from the signal) says so in words. */
static void put_range(FILE *f, const struct scenario_field *r)
{
	int numeric = r->type == FIELD_NUMBER || r->type == FIELD_INT || r->type == FIELD_CUSTOM;
	if (!numeric || (r->lo == 0 && r->hi == 0 && !r->hi_key))
		return;
	fputs(r->lo_open ? "(" : "[", f);
	put_number(f, r->lo);
	fputs(", ", f);
	if (r->hi_key)
		fprintf(f, "`%s`", r->hi_key);
	else
		put_number(f, r->hi);
	fputs(r->hi_open || isinf(r->hi) ? ")" : "]", f);
}

static void put_row(FILE *f, const struct scenario_section *s, const struct scenario_field *r)
{
	fprintf(f, "| `%s` | ", r->key);
	put_type(f, r);
	fputs(" | ", f);
	put_default(f, s, r);
	fputs(" | ", f);
	put_range(f, r);
	fprintf(f, " | %s | %s", r->unit ? r->unit : "", r->doc ? r->doc : "");

	if (r->sub)
		fprintf(f, " (see `%s`)", r->sub->path);
	fputs(" |\n", f);
}

static int seen(struct doc_walk *w, const struct scenario_section *s)
{
	for (size_t i = 0; i < w->n_seen; i++)
		if (w->seen[i] == s)
			return 1;
	if (w->n_seen < MAX_SECTIONS)
		w->seen[w->n_seen++] = s;
	return 0;
}

static void put_section(struct doc_walk *w, const struct scenario_section *s)
{
	if (seen(w, s))
		return;
	FILE *f = w->f;
	fprintf(f, "## `%s`\n\n%s\n\n", s->path[0] ? s->path : "(top level)", s->doc);
	fputs("| Key | Type | Default | Range | Unit | Description |\n", f);
	fputs("|---|---|---|---|---|---|\n", f);
	for (const struct scenario_field *r = s->fields; r->key; r++)
		put_row(f, s, r);
	fputs("\n", f);
	if (s->also)
		put_section(w, s->also);
	for (const struct scenario_field *r = s->fields; r->key; r++)
		if (r->sub)
			put_section(w, r->sub);
}

void scenario_doc_write(FILE *f)
{
	struct doc_walk w = { .f = f };
	fputs("# Scenario reference\n\n"
	      "<!-- generated by `make docs` from the loader's descriptor tables\n"
	      "     (models/config/scenario_*.c); do not edit: make test fails when\n"
	      "     this file differs from what the tables give -->\n\n"
	      "Every key a scenario file may hold, section by section. Paths are the\n"
	      "ones error messages and `--set` use; `[]` stands for each entry of a\n"
	      "list. A range `[a, b)` includes a and excludes b. Defaults that depend\n"
	      "on a preset or a technology are described in words; the cooling\n"
	      "parameters' defaults and sources are in [cooling.md](cooling.md), the\n"
	      "grid's in [grid.md](grid.md). Unknown keys are errors.\n\n", f);
	put_section(&w, &scenario_root_section);
}
