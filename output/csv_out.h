/*
 * csv_out.h - writing CSV rows with libcsv into an atomic file.
 *
 * A field is quoted (by libcsv's csv_fwrite) only when it needs it: text
 * with a comma, quote, CR or LF. Numbers are written with a fixed format so
 * the bytes depend only on the values. A non-finite number or a missing
 * value is an empty field.
 */
#ifndef DCSIM_CSV_OUT_H
#define DCSIM_CSV_OUT_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "atomic_file.h"
#include "num_text.h"

struct csv_out {
	struct atomic_file file;
	int hold;         /* csv_out_hold_rows */
	char row[8192];   /* the text not yet written to the file (csv_out.c) */
	size_t row_n;
	char *mem;        /* csv_out_open_memory: the text so far */
	size_t mem_len;
};

/* A text field worked out once, for one written many times (the job
 * log's class and state names): csv_out_text writes what csv_out_str
 * would. s must outlive it; a short one is copied in (small). */
#define CSV_TEXT_SMALL 24
struct csv_text {
	const char *s;
	size_t n;
	int quote;
	int is_small;                /* n < CSV_TEXT_SMALL, no quotes: small holds it */
	char small[CSV_TEXT_SMALL];
};

int csv_out_open(struct csv_out *c, const char *dir, const char *name, struct diag *d);
/* Rows into memory (a sweep's rows travel before they reach a file). */
int csv_out_open_memory(struct csv_out *c);
/* Close a memory writer; *text (malloc'd, NUL-terminated) and its length. */
int csv_out_take(struct csv_out *c, char **text, size_t *len);
/* Rows stay in memory until the buffer is half full or the file is
 * committed, instead of reaching the file at each row's end (an fwrite a
 * row: some 140 instructions a job of the job log); for a writer
 * that never writes to the file itself (sweep_output.c does, between
 * rows, without it). */
void csv_out_hold_rows(struct csv_out *c);
/* A header row from a NULL-terminated list of column names. */
void csv_out_header(struct csv_out *c, const char *const *names);
void csv_out_str(struct csv_out *c, const char *s);
struct csv_text csv_text(const char *s);
static inline void csv_out_text(struct csv_out *c, const struct csv_text *t);
static inline void csv_out_num(struct csv_out *c, double v);
static inline void csv_out_u64(struct csv_out *c, uint64_t v);
static inline void csv_out_empty(struct csv_out *c);
void csv_out_end_row(struct csv_out *c);
int csv_out_commit(struct csv_out *c, struct diag *d);
void csv_out_abort(struct csv_out *c);

/*
 * The field writers inline: the job log writes 23 fields a job, and a
 * call each (prologue, the struct's fields reloaded, epilogue) cost about
 * as much as the field. The rest is csv_out.c's.
 */
void csv_out_flush_(struct csv_out *c);
void csv_out_text_slow_(struct csv_out *c, const struct csv_text *t);

/* Room for a field of up to n bytes and the separator after it: where
 * the field goes. Every field is followed by a ',' (csv_out_field_end_),
 * so the row's last byte is one until csv_out_end_row makes it the '\n':
 * no count of the row's fields kept. */
static inline char *csv_out_field_(struct csv_out *c, size_t n)
{
	if (c->row_n + n + 1 > sizeof c->row)
		csv_out_flush_(c);
	return c->row + c->row_n;
}

/* The field ends at p. */
static inline void csv_out_field_end_(struct csv_out *c, char *p)
{
	*p = ',';
	c->row_n = (size_t)(p + 1 - c->row);
}

static inline void csv_out_num(struct csv_out *c, double v)
{
	char *p = csv_out_field_(c, NUM_TEXT_MAX);
	if (v == 0) /* the commonest value of the job log (and no "-0") */
		*p++ = '0';
	else if (isfinite(v))
		p += num_text_g10(p, v);
	csv_out_field_end_(c, p);
}

static inline void csv_out_u64(struct csv_out *c, uint64_t v)
{
	char *p = csv_out_field_(c, NUM_TEXT_MAX);
	if (v < 10) /* the commonest: the job log's counts and flags */
		*p++ = (char)('0' + v);
	else
		p += num_text_u64(p, v);
	csv_out_field_end_(c, p);
}

static inline void csv_out_empty(struct csv_out *c)
{
	csv_out_field_end_(c, csv_out_field_(c, 0));
}

static inline void csv_out_text(struct csv_out *c, const struct csv_text *t)
{
	if (!t->is_small) {
		csv_out_text_slow_(c, t);
		return;
	}
	/* the whole small buffer, one fixed-size copy (bytes past n are
	 * scratch, overwritten by what follows) */
	char *p = csv_out_field_(c, CSV_TEXT_SMALL);
	memcpy(p, t->small, CSV_TEXT_SMALL);
	csv_out_field_end_(c, p + t->n);
}

#endif
