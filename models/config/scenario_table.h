/*
 * scenario_table.h - one descriptor row per scenario key (Redis config.c's
 * static_configs[] idea): key, type, offset into the section's struct,
 * required flag, default, range, enum names, unit and one-line doc.
 *
 * The rows drive the read and its range checks (scenario_table_read), the
 * unknown-key check (scenario_table_check_keys), resolved.json
 * (scenario_table_emit), the --set path check (scenario_table_find_path)
 * and docs/scenario.md (scenario_doc.c). A key whose shape no row can say
 * (a preset or an object, a number or a profile, a list of halls) is a
 * FIELD_CUSTOM row: it is key-checked and documented here and read and
 * written by its section's code. Only the loader includes this header.
 */
#ifndef DCSIM_SCENARIO_TABLE_H
#define DCSIM_SCENARIO_TABLE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "jfield.h"

enum field_type {
	FIELD_NUMBER, /* double */
	FIELD_INT,    /* int, a whole number */
	FIELD_BOOL,   /* int, 0 or 1 */
	FIELD_STRING, /* char *, malloc'd */
	FIELD_NAME,   /* char[size], a fixed buffer */
	FIELD_ENUM,   /* an enum (int-sized), one of names[] */
	FIELD_CUSTOM, /* the section's own code reads and writes it */
	FIELD_OBJECT, /* a nested object: its struct at offset, its rows in sub */
	FIELD_LIST,   /* an array of objects: elements at offset (a pointer, or
		       * in place with FIELD_INLINE), size_t count at count_at */
};

/* Read, default and emitted by the walks themselves. */
#define FIELD_IS_PLAIN(f) ((f)->type < FIELD_CUSTOM)

enum {
	FIELD_REQUIRED = 1 << 0,  /* absent is an error */
	FIELD_REQ_CUSTOM = 1 << 1, /* required unless a preset gave it */
	FIELD_HAND = 1 << 2,      /* plain, but read by the section (a condition
				   * or an order the walk cannot say) */
	FIELD_NO_EMIT = 1 << 3,   /* an input alternative, not in resolved.json */
	FIELD_IF_POSITIVE = 1 << 4, /* emitted only when > 0 (0 means none) */
	FIELD_INLINE = 1 << 5,    /* LIST: the elements are an array in the struct */
	FIELD_OMIT_EMPTY = 1 << 6, /* LIST: no key when it has no elements */
};

struct scenario_section;

/* The value of enum index i, NULL past the last: for names kept in an
 * ops table (scheduler policies) rather than an array. */
typedef const char *(*field_name_at)(int i);

struct scenario_field {
	const char *key;
	enum field_type type;
	size_t offset;
	size_t size;           /* NAME: the buffer; LIST: one element */
	size_t count_at;       /* LIST: offset of its size_t count */
	unsigned flags;
	double dflt;           /* NUMBER, INT, BOOL, ENUM (its index) */
	const char *dflt_str;  /* STRING, NAME */
	int has_dflt;          /* scenario_table_defaults writes dflt */
	double lo, hi;         /* NUMBER, INT: the range */
	int lo_open, hi_open;
	const char *hi_key;    /* hi is this row's current value instead */
	double scale;          /* stored = JSON value x scale; 0 means 1 */
	const char *const *names; /* ENUM */
	field_name_at name_at;    /* ENUM, instead of names */
	const char *unit;         /* docs */
	const char *dflt_doc;     /* docs: a default no number states */
	const char *type_doc;     /* docs, CUSTOM: "object", "number or array" */
	const struct scenario_section *sub; /* docs and --set: a nested section */
	unsigned only;            /* read only by these variants of the section
				   * (VARIANT(i): i indexes the names of its
				   * technology, model, process ...); 0: all */
	const char *doc;          /* one line, with the default's source */
};

/* A JSON object's keys: path as in messages ("grid.battery", with "[]"
 * for the entries of an array) and its rows, ending with a NULL key. */
struct scenario;
/* One random stream a run of the scenario draws from, for resolved.json's
 * seeds: what owns it ("class": "train"), its name and its registry id. */
typedef int (*stream_add)(void *ctx, const char *owner_key, const char *owner,
			  const char *stream, uint64_t id);
struct scenario_section {
	const char *path;
	const char *doc;
	const struct scenario_field *fields;
	const struct scenario_section *also; /* docs: another shape of the same key */
	/* The streams an instance of the section draws from (the index-th of
	 * its list, or 0), ids from the registry (rng_streams.h): each passed
	 * to add; nonzero when add failed. NULL: none. Walked in table order
	 * by scenario_table_streams. */
	int (*streams)(const void *base, size_t index, const struct scenario *sc, stream_add add,
		       void *ctx);
};

#define FIELD(k, ty, T, m) .key = k, .type = ty, .offset = offsetof(T, m)
#define NUM(T, m) FIELD(#m, FIELD_NUMBER, T, m)
#define INTEGER(T, m) FIELD(#m, FIELD_INT, T, m)
#define BOOLEAN(T, m) FIELD(#m, FIELD_BOOL, T, m)
#define STRING(T, m) FIELD(#m, FIELD_STRING, T, m)
#define NAME(T, m) FIELD(#m, FIELD_NAME, T, m), .size = sizeof(((T *)0)->m)
#define ENUM(T, m) FIELD(#m, FIELD_ENUM, T, m)
#define CUSTOM(k) .key = k, .type = FIELD_CUSTOM
/* An object whose rows are on the section's own struct (cluster, power). */
#define SAME_STRUCT(k) .key = k, .type = FIELD_OBJECT
#define OBJECT(k, T, m) FIELD(k, FIELD_OBJECT, T, m)
#define LIST(k, T, m, n) FIELD(k, FIELD_LIST, T, m), .count_at = offsetof(T, n),            \
			 .size = sizeof(*((T *)0)->m)
#define DEFAULT(v) .dflt = (v), .has_dflt = 1
#define RANGE(l, h) .lo = (l), .hi = (h)
#define FIELDS_END { .key = NULL }
#define VARIANT(i) (1u << (i))

/* The names that index a section's variants, and how a key outside its
 * variant is reported: "only read for <the variants that read it> cooling"
 * (name_current 0) or "not used by the <variant> distribution" (1). */
struct field_variants {
	const char *const *names;
	int name_current;
	const char *before, *after;
};

/* The row of key, or NULL. */
const struct scenario_field *scenario_table_row(const struct scenario_field *t, const char *key);
/* Enum index i's name, NULL past the last. */
const char *scenario_field_name(const struct scenario_field *f, int i);
/* Write row f's default (has_dflt, dflt_str) into base. */
int scenario_field_default(const struct scenario_field *f, void *base);
/* Write every row's default into base. */
int scenario_table_defaults(const struct scenario_field *t, void *base);
/* Every member of o is a row of t, and once. */
int scenario_table_check_keys(struct jfield *j, const cJSON *o, const char *path,
			      const struct scenario_field *t);
/*
 * Read every plain row of t (not CUSTOM or HAND) from o into base: absent
 * keeps the value base holds (its default or preset), which is range
 * checked all the same. A row whose bound is another row's value is read
 * right after that row (host_idle_w after host_max_w). custom: a preset
 * gave nothing, so REQ_CUSTOM rows are required.
 */
int scenario_table_read(struct jfield *j, const cJSON *o, const char *path,
			const struct scenario_field *t, void *base, int custom);
/* A number under the range of row key of t into *out (dflt when absent,
 * an error if required): for CUSTOM rows whose value is not stored as
 * given, or whose presence another key decides. */
int scenario_table_number(struct jfield *j, const cJSON *o, const char *path,
			  const struct scenario_field *t, const char *key, int required,
			  double dflt, double *out);
/* Does variant read row f? */
int scenario_field_applies(const struct scenario_field *f, int variant);
/* Every member of o whose row variant does not read is an error, in the
 * document's order. */
int scenario_table_check_only(struct jfield *j, const cJSON *o, const char *path,
			      const struct scenario_field *t, int variant,
			      const struct field_variants *v);
/* Read the one row key of t (a HAND row, or to read out of order). */
int scenario_table_read_key(struct jfield *j, const cJSON *o, const char *path,
			    const struct scenario_field *t, const char *key, void *base,
			    int custom);

/*
 * resolved.json: every row of section s into o in row order, objects and
 * lists depth first. hook(ctx, o, section, row, base) sees each row first:
 * 1 claims it (written by the hook, or left out), 0 leaves it to the walk,
 * which writes plain, OBJECT and LIST rows and skips CUSTOM ones. -1 when
 * cJSON ran out of memory.
 */
typedef int (*field_emit_hook)(void *ctx, cJSON *o, const struct scenario_section *s,
			       const struct scenario_field *f, const void *base);
int scenario_table_emit(cJSON *o, const struct scenario_section *s, const void *base,
			field_emit_hook hook, void *ctx);
/* Every stream of the section's instance at base and of the sections
 * below it (objects and lists; not CUSTOM rows), in table order. */
int scenario_table_streams(const struct scenario_section *s, const void *base, size_t index,
			   const struct scenario *sc, stream_add add, void *ctx);
/* One plain row's value into o under its key. */
int scenario_field_emit(cJSON *o, const struct scenario_field *f, const void *base);

/* The root of every section, for the docs and --set. */
extern const struct scenario_section scenario_root_section;

#endif
